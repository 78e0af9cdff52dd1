"""The whole build: articles in, ``KnowledgeGraph`` out (being written)."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Article, KnowledgeGraph


def build(articles: Iterable[Article], model: str | None = None) -> KnowledgeGraph:
    """Parse, extract, resolve and assemble ``articles`` into one graph."""
    raise NotImplementedError
