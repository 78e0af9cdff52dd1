"""Triples as plain records: text, entity links, offsets, coded events.

``document_triples`` turns the ``RawTriple``s of one parsed document into
``Triple`` records that hold no spaCy object: the words of each part, the
entity key of an argument whose head word belongs to a resolved mention,
and the sentence with its character offsets. ``link_events`` marks the
triples that are also coded events; ``select`` picks what goes into RDF.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from graphbuild.triples.extract import open_triples
from graphbuild.triples.phrases import text_of

# What goes into RDF (``--triples``): every triple, those between two
# entities, or none.
ALL, ENTITIES, NONE = "all", "entities", "none"
MODES = (ALL, ENTITIES, NONE)


@dataclass(frozen=True)
class Triple:
    """One statement of a document: subject - predicate - object.

    ``subject_entity``/``object_entity`` are entity keys (None when the
    argument is not an entity); ``start``/``end`` the character offsets of
    the sentence; ``source`` who the statement is attributed to ("Miller"
    for "Miller said that ..."); ``event_id`` the coded event it also is.
    """

    doc_id: str
    sentence_index: int
    subject: str
    predicate: str
    object: str
    sentence: str
    start: int
    end: int
    subject_entity: str | None = None
    object_entity: str | None = None
    negated: bool = False
    source: str | None = None
    source_entity: str | None = None
    event_id: str = ""

    @property
    def between_entities(self) -> bool:
        return self.subject_entity is not None and self.object_entity is not None


def _entity(doc: Doc, token_keys: Mapping[int, str], head: int) -> str | None:
    """The entity an argument stands for: that of its head word, when the
    head is a name or a pronoun ("the US official" is not the United States)."""
    if head < 0 or doc[head].pos_ not in ("PROPN", "PRON"):
        return None
    return token_keys.get(head)


def document_triples(doc: Doc, doc_id: str, token_keys: Mapping[int, str]) -> list[Triple]:
    """The triples of one parsed document, linked to its resolved entities
    (``token_keys``: token index -> entity key), in text order."""
    sents = list(doc.sents)
    bounds: dict[int, tuple[int, int, str]] = {}  # sentence index -> its bounds: a sentence has many triples
    found = []
    for raw in open_triples(doc):
        if raw.sentence not in bounds:
            bounds[raw.sentence] = _sentence_bounds(sents[raw.sentence])
        start, end, text = bounds[raw.sentence]
        found.append(
            Triple(
                doc_id=doc_id,
                sentence_index=raw.sentence,
                subject=text_of(doc, list(raw.subject)),
                predicate=raw.predicate,
                object=text_of(doc, list(raw.object)),
                sentence=text,
                start=start,
                end=end,
                subject_entity=_entity(doc, token_keys, raw.subject_head),
                object_entity=_entity(doc, token_keys, raw.object_head),
                negated=raw.negated,
                source=text_of(doc, list(raw.source)) or None,
                source_entity=_entity(doc, token_keys, raw.source_head),
            )
        )
    return found


def _sentence_bounds(sent) -> tuple[int, int, str]:
    """Character offsets and text of a sentence, without edge whitespace."""
    text = sent.text
    stripped = text.strip()
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, start + len(stripped), stripped


def rekeyed(triple: Triple, key) -> Triple:
    """``triple`` with its entity keys passed through ``key``."""
    keys = key(triple.subject_entity), key(triple.object_entity), key(triple.source_entity)
    if keys == (triple.subject_entity, triple.object_entity, triple.source_entity):
        return triple  # frozen, and most keep their keys: no copy
    return replace(triple, subject_entity=keys[0], object_entity=keys[1], source_entity=keys[2])


def link_events(triples: Iterable[Triple], events: Iterable) -> list[Triple]:
    """Each triple with the id of the coded event it also is: an event read
    in the same sentence of the same document between the same two
    entities (either way round: a passive names the actor second)."""
    by_place: dict[tuple, list[str]] = {}
    for ev in events:
        if ev.recipient is None:
            continue
        for x in ev.evidence:
            for pair in ((ev.actor, ev.recipient), (ev.recipient, ev.actor)):
                by_place.setdefault((x.doc_id, x.start, *pair), []).append(ev.id)
    out = []
    for t in triples:
        ids = by_place.get((t.doc_id, t.start, t.subject_entity, t.object_entity), []) if t.between_entities else []
        out.append(replace(t, event_id=min(ids)) if ids else t)
    return out


def select(triples: Iterable[Triple], mode: str) -> list[Triple]:
    """The triples that go into RDF under ``mode`` (``MODES``)."""
    if mode not in MODES:
        raise ValueError(f"triples mode {mode!r}: expected one of {', '.join(MODES)}")
    if mode == NONE:
        return []
    return [t for t in triples if mode == ALL or t.between_entities]


def shifted(triple: Triple, offset: int, sentences: int) -> Triple:
    """A segment's triple counted from its article's start."""
    return replace(triple, start=triple.start + offset, end=triple.end + offset,
                   sentence_index=triple.sentence_index + sentences)
