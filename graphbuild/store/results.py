"""What a store keeps of each document: its ``DocumentResult`` as JSON, a
fingerprint of its text, and the version of that stored form.

``encode_result`` writes ``dataclasses.asdict`` of the result (the records
of ``graphbuild.records`` field by field), ``decode_result`` reads it back
into the same records. So the stored form changes whenever a record changes:
a store written by another version of the records could decode to wrong
records, or fail deep inside a build. ``STORE_VERSION`` names the stored
form; a store records it when it is created and is refused when it holds
another (``GraphStore``). Change it whenever a record of
``DocumentResult`` changes (``tests/test_store.py`` pins the fields of this
version and fails until it is changed).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import is_dataclass

from graphbuild.pipeline import DocumentResult
from graphbuild.records import Article, Entity, Event, Evidence, Mention
from graphbuild.triples.record import Triple

# 1: the first stores (no record check); 2: records pinned by the tests.
STORE_VERSION = "2"


def encode_result(result: DocumentResult) -> str:
    """A document's result as JSON text (ASCII: lone surrogates survive)."""
    return json.dumps(_plain(result), sort_keys=True, separators=(",", ":"))


def _plain(value):
    """``dataclasses.asdict`` as JSON writes it, several times faster: the
    records are frozen dataclasses whose ``__dict__`` is their fields."""
    if is_dataclass(value):
        return {name: _plain(v) for name, v in value.__dict__.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def decode_result(text: str) -> DocumentResult:
    """The ``DocumentResult`` that ``encode_result`` wrote; equal to it."""
    data = json.loads(text)
    return DocumentResult(
        article=Article(**data["article"]),
        mentions=tuple(Mention(**m) for m in data["mentions"]),
        entities=tuple(Entity(**{**e, "aliases": tuple(e["aliases"])}) for e in data["entities"]),
        events=tuple(
            Event(**{**ev, "evidence": tuple(Evidence(**x) for x in ev["evidence"])}) for ev in data["events"]
        ),
        triples=tuple(Triple(**t) for t in data.get("triples", ())),
        sentences=data.get("sentences", 0),
    )


def text_hash(text: str) -> str:
    """The fingerprint a store keeps of a document's text (SHA-256, hex)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def version_refused(folder: object, found: list[str]) -> str:
    """Why a store holding ``found`` (its recorded versions, none in a store
    written before graphbuild recorded one) cannot be opened, and what to do."""
    held = f"store format {', '.join(sorted(found))}" if found else "no store format recorded (an older graphbuild)"
    return (
        f"{folder}: this store has {held}, and this graphbuild reads store format {STORE_VERSION} only; "
        f"rebuild it from its articles in a new folder: graphbuild build ARTICLES --store NEW_FOLDER"
    )
