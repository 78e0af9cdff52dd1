"""The knowledge graph of a corpus: merged entities, corroborated events.

``assemble`` takes what each document gave (its entities and events) and
returns one ``KnowledgeGraph``: one node per entity key (``merge_entities``),
and one event per real-world event however many documents told it
(``corroborate``). ``to_networkx`` gives the graph view that the HTML and
the analytics read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import networkx as nx

from graphbuild.graph.corroborate import corroborate
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

    Node attributes: label, type, country, role, aliases (a tuple). Edge
    attributes: event_type, predicate, status, mode, date, location (a place's
    label), source_count, ``evidence``, a list of (doc_id, sentence, source)
    tuples, and ``reports``, the event's ``Evidence`` records themselves.
    """
    g = nx.MultiDiGraph()
    for key, ent in kg.entities.items():
        g.add_node(key, label=ent.label, type=ent.type, country=ent.country or "", role=ent.role or "", aliases=ent.aliases)
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
            reports=ev.evidence,
        )
    return g


def induced(g: nx.Graph, nodes: Iterable) -> nx.Graph:
    """A copy of ``g`` on ``nodes`` and the edges between them, in ``g``'s
    own order. (``g.subgraph(nodes)`` iterates a set when it keeps fewer than
    half the nodes, so its order, and a layout of it, would change with the
    process's hash seed.)

    >>> g = nx.MultiDiGraph([("c", "a"), ("a", "b"), ("b", "c")])
    >>> list(induced(g, {"c", "a"}).edges(keys=True))
    [('c', 'a', 0)]
    """
    keep = set(nodes)
    out = g.__class__()
    out.graph.update(g.graph)
    out.add_nodes_from((n, d) for n, d in g.nodes(data=True) if n in keep)
    if g.is_multigraph():
        out.add_edges_from((u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if u in keep and v in keep)
    else:
        out.add_edges_from((u, v, d) for u, v, d in g.edges(data=True) if u in keep and v in keep)
    return out
