"""The corpus graph from the records of many documents, one node per person.

``corpus_graph`` takes what the documents gave (articles, entities, events,
mentions, open triples) and returns one ``KnowledgeGraph``: each surname-only
person ("person/blinken") joined to the one full name of the corpus that
ends so (``unify_people``), everywhere a key is used, then entities merged
and events corroborated (``assemble``). A build and ``api.merge`` both
make their graph here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from graphbuild.entities.resolve import unify_people
from graphbuild.graph.assemble import assemble
from graphbuild.records import Article, Entity, Event, KnowledgeGraph, Mention
from graphbuild.triples.record import Triple, link_events, rekeyed


def corpus_graph(
    articles: Iterable[Article],
    entities: Iterable[Entity],
    events: Iterable[Event],
    mentions: Iterable[Mention],
    triples: Iterable[Triple],
) -> KnowledgeGraph:
    """One graph from many documents' records, people unified across them.

    Mentions and triples keep the order given (document, then text order);
    each triple is linked to the coded event it also is.
    """
    entities = list(entities)
    mapping = unify_people(entities)

    def key(k: str | None) -> str | None:
        return mapping.get(k, k) if k is not None else None

    # The full name's record comes first so that its label wins the merge.
    targets = set(mapping.values())
    entities = sorted(
        (_with(e, key=key(e.key)) for e in entities),
        key=lambda e: (e.key, e.key in targets and len(e.label.split()) == 1),
    )
    events = [_with(ev, actor=key(ev.actor), recipient=key(ev.recipient)) for ev in events]
    kg = assemble(articles, entities, events)
    kg.mentions = [_with(m, key=key(m.key)) for m in mentions]
    kg.triples = link_events((rekeyed(t, key) for t in triples), kg.events)
    return kg


def _with(record, **fields):
    """``replace(record, **fields)``, or ``record`` itself (frozen) when they
    are its own: few keys change, and a copy of each record costs."""
    if all(getattr(record, name) == value for name, value in fields.items()):
        return record
    return replace(record, **fields)
