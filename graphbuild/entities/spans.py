"""Spans: the stretches of a parsed article that may name an actor or a place.

``candidate_spans(doc, sentences)`` gives the model's named entities of an
actor label, plus the names the gazetteer knows that the model missed
("PRC") and the large cities it left untagged ("on Odesa"), without overlaps. ``strip_span`` trims a span to its name.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from functools import cache
from importlib.resources import files

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from graphbuild.knowledge import gazetteer

# Prepositions after which a city is where something happens, not who acts.
LOCATIVE = {"in", "near", "inside", "outside", "across", "around", "throughout", "within",
            "to", "into", "via", "through", "outside of", "toward", "towards", "over"}

ACTOR_LABELS = {"PERSON", "GPE", "LOC", "NORP", "ORG", "FAC", "LANGUAGE"}  # LANGUAGE: "Aleppo" so tagged
# Labels of names that are no actor: a large city's name so tagged ("in
# Peshawar" as a work of art) is taken for an untagged one.
TITLE_LABELS = {"WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}


@cache
def _matcher(vocab: Vocab) -> PhraseMatcher:
    """Case-sensitive matcher for every name the gazetteer knows."""
    gaz = gazetteer.load()
    matcher = PhraseMatcher(vocab, attr="ORTH")
    from spacy.lang.en import English

    tokenizer = English(vocab=vocab).tokenizer
    names = set()
    for table in (gaz.names, gaz.people):
        for known in table.values():
            names.add(known.label)
    for fname in ("countries.toml", "actors.toml", "people.toml"):
        try:
            raw = tomllib.loads(files("graphbuild").joinpath("data", fname).read_text("utf-8"))
        except FileNotFoundError:
            continue
        for spec in _walk_specs(raw):
            names.update(a for a in spec.get("aliases", ()) if len(a) > 1)
            for k in ("label", "name"):
                if k in spec:
                    names.add(spec[k])
    matcher.add("KNOWN", [tokenizer(n) for n in sorted(names)])
    return matcher


def _walk_specs(raw: dict) -> Iterator[dict]:
    for value in raw.values():
        if isinstance(value, dict):
            if any(k in value for k in ("aliases", "label", "name")):
                yield value
            else:
                yield from _walk_specs(value)


def candidate_spans(doc: Doc, sentences: list[Span]) -> list[Span]:
    """The spans of ``doc`` that start in ``sentences`` and may name an actor.

    The model's entities of an ``ACTOR_LABELS`` label, and the gazetteer's
    names (label "KNOWN") where the model found nothing, or where the name
    strictly contains every entity it overlaps. Longer spans win overlaps.
    """
    allowed = {i for s in sentences for i in range(s.start, s.end)}
    spans = [e for e in doc.ents if e.label_ in ACTOR_LABELS]
    covered = {i for e in spans for i in range(e.start, e.end)}
    for _, start, end in _matcher(doc.vocab)(doc):
        sp = Span(doc, start, end, label="KNOWN")
        if not any(i in covered for i in range(start, end)) or all(
            e.start >= start and e.end <= end and e.end - e.start < end - start
            for e in spans
            if e.start < end and start < e.end
        ):
            spans.append(sp)
    covered = {i for e in spans for i in range(e.start, e.end)}
    spans += [Span(doc, t.i, t.i + 1, label="GPE") for t in doc if t.i not in covered and _untagged_city(t)]
    return [s for s in filter_spans(spans) if s.start in allowed]


def _untagged_city(tok) -> bool:
    """"rained down on Odesa", "shelled Kherson", "a bomb in Peshawar": a large
    city's one-word name as an object, that the model tagged as nothing, or
    as a title."""
    gaz = gazetteer.load()
    return (tok.pos_ == "PROPN" and tok.is_title and tok.dep_ in ("pobj", "dobj") and tok.ent_type_ in ("", *TITLE_LABELS)
            and gazetteer.normalize(tok.text) in gaz.major_cities and tok.doc[tok.i - 1].pos_ != "PROPN"
            and (tok.i + 1 == len(tok.doc) or tok.doc[tok.i + 1].pos_ != "PROPN"))


def strip_span(span: Span) -> Span:
    """Drop a leading determiner or hedge ("suspected") and a trailing possessive from a span."""
    start, end = span.start, span.end
    doc = span.doc
    hedges = gazetteer.load().name_hedges
    while start < end and (doc[start].lower_ in ("the", "a", "an") or (doc[start].lower_ in hedges and start < end - 1)):
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    return doc[start:end]
