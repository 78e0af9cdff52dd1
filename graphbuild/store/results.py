"""What a store keeps of each document: its ``DocumentResult`` as JSON, and a
fingerprint of its text.

``encode_result`` writes ``dataclasses.asdict`` of the result (the records
of ``graphbuild.records`` field by field), ``decode_result`` reads it back
into the same records.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from graphbuild.pipeline import DocumentResult
from graphbuild.records import Article, Entity, Event, Evidence, Mention
from graphbuild.triples.record import Triple

STORE_VERSION = "1"


def encode_result(result: DocumentResult) -> str:
    """A document's result as JSON text (ASCII: lone surrogates survive)."""
    return json.dumps(asdict(result), sort_keys=True, separators=(",", ":"))


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
