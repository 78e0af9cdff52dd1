"""Chains of events between two actors named by the user (``graphbuild path``).

``find_actor`` turns a name (label, alias or key, any case) into entity
keys; ``shortest_chains`` gives the shortest chains of events linking two
actors, in either direction, each hop with its events and their evidence, as
plain dicts ready to print (``terminal.format_chains``) or dump as JSON.

The examples use ``analytics.example_graph()``: three actors, three events.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

import networkx as nx

from graphbuild.graph.assemble import to_networkx
from graphbuild.records import Event, KnowledgeGraph
from graphbuild.report.analytics import weighted_undirected


class ActorNotFound(LookupError):
    """No entity of the graph has the given label or alias."""


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_actor(kg: KnowledgeGraph, name: str) -> list[str]:
    """The keys of the entities whose label or an alias is ``name``, ignoring
    case and runs of spaces (an entity key is accepted too), sorted.

    Raises ``ActorNotFound`` naming the closest labels when there is none.

    >>> from graphbuild.report.analytics import example_graph
    >>> kg = example_graph()
    >>> find_actor(kg, "dee"), find_actor(kg, "  ALAND ")
    (['person/cy'], ['country/AAA'])
    """
    wanted = _fold(name)
    keys = sorted(
        key
        for key, ent in kg.entities.items()
        if key == name or wanted in {_fold(ent.label), *(_fold(a) for a in ent.aliases)}
    )
    if keys:
        return keys
    names = sorted({ent.label for ent in kg.entities.values()} | {a for ent in kg.entities.values() for a in ent.aliases})
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise ActorNotFound(f"no actor named {name!r} in the graph{hint}")


def _event_dict(kg: KnowledgeGraph, ev: Event) -> dict:
    def label(key: str | None) -> str:
        ent = kg.entities.get(key) if key else None
        return ent.label if ent else (key or "")

    return {
        "id": ev.id,
        "type": ev.type,
        "actor": label(ev.actor),
        "predicate": ev.predicate,
        "recipient": label(ev.recipient),
        "status": ev.status,
        "mode": ev.mode or "",
        "date": ev.date or "",
        "evidence": [
            {"doc_id": x.doc_id, "source": x.source or "", "sentence": x.sentence} for x in ev.evidence
        ],
    }


def shortest_chains(kg: KnowledgeGraph, a: str, b: str, limit: int = 5) -> dict:
    """The shortest chains of events linking actor ``a`` to actor ``b`` (named
    by label or alias, any case; see ``find_actor``), following events in
    either direction.

    Returns {"from": [keys], "to": [keys], "length": hops or None,
    "chains": [...]}: at most ``limit`` chains, sorted by the labels along
    them; each chain is a list of hops {from, to, events}, ``events`` every
    event between the two (either direction) with its evidence. ``length``
    is None and ``chains`` empty when nothing links them.

    >>> from graphbuild.report.analytics import example_graph
    >>> kg = example_graph()
    >>> result = shortest_chains(kg, "Dee", "bland")
    >>> result["length"], [[e["predicate"] for e in hop["events"]] for hop in result["chains"][0]]
    (2, [['meets'], ['accuses', 'aids']])
    """
    sources, targets = find_actor(kg, a), find_actor(kg, b)
    G = to_networkx(kg)
    H = weighted_undirected(G)
    labels = {k: (G.nodes[k].get("label") or k) for k in G.nodes}
    best: int | None = None
    node_paths: list[list[str]] = []
    for s in sources:
        for t in targets:
            if s == t or s not in H or t not in H or not nx.has_path(H, s, t):
                continue
            paths = list(nx.all_shortest_paths(H, s, t))
            length = len(paths[0]) - 1
            if best is None or length < best:
                best, node_paths = length, paths
            elif length == best:
                node_paths.extend(paths)
    node_paths.sort(key=lambda p: ([labels[k] for k in p], p))
    events_by_pair: dict[frozenset, list[Event]] = defaultdict(list)
    for ev in kg.events:
        if ev.recipient is not None:
            events_by_pair[frozenset((ev.actor, ev.recipient))].append(ev)
    chains = []
    for path in node_paths[: max(limit, 0)]:
        hops = []
        for u, v in zip(path, path[1:]):
            evs = sorted(events_by_pair[frozenset((u, v))], key=lambda e: (e.date or "", e.type, e.predicate, e.id))
            hops.append({"from": labels[u], "to": labels[v], "events": [_event_dict(kg, e) for e in evs]})
        chains.append(hops)
    return {"from": sources, "to": targets, "length": best, "chains": chains}
