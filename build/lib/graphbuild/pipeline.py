"""The whole build: articles in, one ``KnowledgeGraph`` out.

Each article flows through parse -> mentions -> resolve -> events on its own;
only the small per-document results are kept, never the parsed ``Doc``, so
memory holds the graph and not the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from .events import extract_events
from .graph import assemble
from .mentions import find_mentions
from .model import Article, Entity, Event, KnowledgeGraph, Mention
from .nlp import load_model, parse
from .resolve import resolve_document, unify_people


@dataclass(frozen=True)
class DocumentResult:
    """What one article gave: its resolved mentions, entities and events."""

    article: Article
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...]
    events: tuple[Event, ...]


def extract_document(article: Article, doc: Doc) -> DocumentResult:
    """Mentions, entities and events of one parsed article."""
    resolved = resolve_document(doc, find_mentions(doc, article.id))
    events = extract_events(doc, article, resolved)
    return DocumentResult(
        replace(article, text=""),
        tuple(resolved.mentions),
        tuple(resolved.entities[k] for k in sorted(resolved.entities)),
        tuple(events),
    )


def assemble_results(results: Iterable[DocumentResult]) -> KnowledgeGraph:
    """One graph from per-document results, in document-id order."""
    results = sorted(results, key=lambda r: r.article.id)
    entities = [e for r in results for e in r.entities]
    mapping = unify_people(entities)

    def key(k: str | None) -> str | None:
        return mapping.get(k, k) if k is not None else None

    entities = [replace(e, key=key(e.key), label=e.label if e.key not in mapping else e.label) for e in entities]
    # The full name's record comes first so that its label wins the merge.
    entities.sort(key=lambda e: (e.key, e.key in mapping.values() and len(e.label.split()) == 1))
    events = [replace(ev, actor=key(ev.actor), recipient=key(ev.recipient)) for r in results for ev in r.events]
    kg = assemble((r.article for r in results), entities, events)
    kg.mentions = [replace(m, key=key(m.key)) for r in results for m in r.mentions]
    return kg


def build(
    articles: Iterable[Article],
    model: str | None = None,
    nlp: Language | None = None,
    on_document: Callable[[DocumentResult], None] | None = None,
) -> KnowledgeGraph:
    """Parse, extract, resolve and assemble ``articles`` into one graph.

    ``model`` names a spaCy pipeline (default: ``en_core_web_sm`` when
    installed, else its PyPI republication); ``nlp`` passes one already loaded.
    ``on_document`` is called after each article (for progress reporting).
    """
    nlp = nlp or load_model(model)
    results = []
    for article, doc in parse(articles, nlp):
        result = extract_document(article, doc)
        results.append(result)
        if on_document is not None:
            on_document(result)
    return assemble_results(results)
