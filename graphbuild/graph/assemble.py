"""The knowledge graph of a corpus: merged entities, corroborated events.

``assemble`` takes what each document gave (its entities and events) and
returns one ``KnowledgeGraph``: one node per entity key, and one event per
real-world event however many documents told it. ``to_networkx`` gives the
graph view that the HTML and the analytics read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

import networkx as nx

from graphbuild.records import Article, Entity, Event, KnowledgeGraph


def merge_entities(a: Entity, b: Entity) -> Entity:
    """One entity from two records of the same key; the first one's label wins.

    Aliases are unioned; a missing country or role is taken from the other.
    """
    aliases = tuple(sorted(set(a.aliases) | set(b.aliases) | {b.label}))
    return replace(
        a,
        aliases=aliases,
        country=a.country or b.country,
        role=a.role or b.role,
        located_in=a.located_in or b.located_in,
        sector=a.sector or b.sector,
    )


def _compatible(a: Event, b: Event) -> bool:
    """Two reports of the same event: dates and modes agree or one is unknown."""
    return (a.date is None or b.date is None or a.date == b.date) and (
        a.mode is None or b.mode is None or a.mode == b.mode
    )


def event_id(event: Event) -> str:
    """A stable id from what identifies an event, not from where it was read."""
    basis = "|".join(
        [event.type, event.actor, event.recipient or "", event.status, event.mode or "", event.date or ""]
    )
    return "evt-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def corroborate(events: Iterable[Event]) -> list[Event]:
    """Fold reports of one event into one ``Event`` carrying every evidence.

    Reports are the same event when type, actor, recipient and status agree
    and their dates and modes are compatible. The merged event keeps the
    known date and mode. Output order is stable (by id).
    """
    groups: dict[tuple, list[Event]] = {}
    for ev in events:
        groups.setdefault((ev.type, ev.actor, ev.recipient, ev.status), []).append(ev)

    merged: list[Event] = []
    for reports in groups.values():
        clusters: list[Event] = []
        # Dated, moded reports first so that undated ones join a specific cluster.
        for ev in sorted(reports, key=lambda e: (e.date is None, e.mode is None, e.date or "", e.mode or "")):
            for i, cluster in enumerate(clusters):
                if _compatible(cluster, ev):
                    clusters[i] = replace(
                        cluster,
                        date=cluster.date or ev.date,
                        date_text=cluster.date_text or ev.date_text,
                        mode=cluster.mode or ev.mode,
                        location=cluster.location or ev.location,
                        actor_sector=cluster.actor_sector or ev.actor_sector,
                        recipient_sector=cluster.recipient_sector or ev.recipient_sector,
                        evidence=cluster.evidence + ev.evidence,
                    )
                    break
            else:
                clusters.append(ev)
        merged.extend(clusters)

    result = []
    for ev in merged:
        evidence = tuple(sorted(set(ev.evidence), key=lambda x: (x.doc_id, x.start, x.end, x.trigger)))
        ev = replace(ev, evidence=evidence)
        result.append(replace(ev, id=event_id(ev)))
    return sorted(result, key=lambda e: e.id)


def assemble(
    articles: Iterable[Article],
    entities: Iterable[Entity],
    events: Iterable[Event],
) -> KnowledgeGraph:
    """The corpus graph from every document's entities and events."""
    merged: dict[str, Entity] = {}
    for ent in entities:
        merged[ent.key] = merge_entities(merged[ent.key], ent) if ent.key in merged else ent
    kg = KnowledgeGraph()
    kg.entities = {k: merged[k] for k in sorted(merged)}
    kg.events = corroborate(events)
    kg.articles = {a.id: replace(a, text="") for a in sorted(articles, key=lambda a: a.id)}
    return kg


def to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """Entities as nodes, events with a recipient as edges keyed by event id.

    Node attributes: label, type, country, role. Edge attributes: event_type,
    predicate, status, mode, date, location (a place's label), source_count, and ``evidence``, a list of
    (doc_id, sentence, source) tuples.
    """
    g = nx.MultiDiGraph()
    for key, ent in kg.entities.items():
        g.add_node(key, label=ent.label, type=ent.type, country=ent.country or "", role=ent.role or "")
    for ev in kg.events:
        if ev.recipient is None:
            continue
        g.add_edge(
            ev.actor,
            ev.recipient,
            key=ev.id,
            event_type=ev.type,
            predicate=ev.predicate,
            status=ev.status,
            mode=ev.mode or "",
            date=ev.date or "",
            location=kg.entities[ev.location].label if ev.location in kg.entities else "",
            source_count=ev.source_count,
            evidence=[(x.doc_id, x.sentence, x.source or "") for x in ev.evidence],
        )
    return g
