"""Shared fixtures: the real spaCy model, loaded once per test session."""

from __future__ import annotations

import pytest

from graphbuild.nlp.model import load_model


@pytest.fixture(scope="session")
def nlp():
    return load_model()


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium for a module's page tests (skipped without it, failed under CI)."""
    from browser import browser, require_browser

    require_browser()
    with browser() as b:
        yield b
