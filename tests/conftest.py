"""Shared fixtures: the real spaCy model, loaded once per test session."""

from __future__ import annotations

import pytest

from graphbuild.nlp.model import load_model


@pytest.fixture(scope="session")
def nlp():
    return load_model()
