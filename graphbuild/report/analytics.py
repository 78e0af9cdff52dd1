"""Graph analytics with networkx: pure functions of a graph, returning plain data.

Each function takes the networkx view of ``graph.to_networkx`` (``G``: a
``MultiDiGraph``, entities as nodes, one edge per event with a recipient,
keyed by event id) or the ``KnowledgeGraph`` itself, and returns dicts and
lists of str, int and float that print as tables or dump as JSON. Floats are
rounded to ``DIGITS`` places so that the same graph gives the same output on
every machine. Nothing here reads or writes files.

The examples use ``example_graph()``: three actors, three events.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx

from graphbuild.graph.assemble import to_networkx
from graphbuild.records import ENTITY_TYPES, NEGATED, Entity, Event, Evidence, KnowledgeGraph
from graphbuild.knowledge.plover import event_types

DIGITS = 4
PAGERANK_ALPHA = 0.85
COOPERATION = ("verbal cooperation", "material cooperation")
CONFLICT = ("verbal conflict", "material conflict")
QUAD_CLASSES = COOPERATION + CONFLICT


def example_graph() -> KnowledgeGraph:
    """The small graph of the examples: Aland meets Cy Dee (of Bland), Bland
    accuses Aland, Aland plans to aid Bland.

    >>> kg = example_graph()
    >>> len(kg.entities), len(kg.events)
    (3, 3)
    """
    entities = [
        Entity("country/AAA", "Aland", "Country", "AAA"),
        Entity("country/BBB", "Bland", "Country", "BBB"),
        Entity("person/cy", "Cy Dee", "Person", "BBB", aliases=("Dee",)),
    ]
    x = Evidence("d1", "Aland met Dee; Bland accused Aland; Aland will aid Bland.", 0, 55, source="Wire")
    events = [
        Event("CONSULT", "country/AAA", "person/cy", "asserted", "meets", evidence=(x,), id="e1"),
        Event("ACCUSE", "country/BBB", "country/AAA", "asserted", "accuses", evidence=(x,), id="e2"),
        Event("AID", "country/AAA", "country/BBB", "planned", "aids", evidence=(x,), id="e3"),
    ]
    return KnowledgeGraph(entities={e.key: e for e in entities}, events=events)


# ---------------------------------------------------------------------------
# Counts


def counts(kg: KnowledgeGraph) -> dict:
    """How many documents, entities (by type) and events (by PLOVER type and
    by status) the graph holds. Types with no member are left out; the order
    is the model's (entity types) and PLOVER's (event types).

    >>> kg = example_graph()
    >>> counts(kg)["entity_types"]
    {'Person': 1, 'Country': 2}
    >>> counts(kg)["event_types"], counts(kg)["events"]
    ({'CONSULT': 1, 'AID': 1, 'ACCUSE': 1}, 3)
    """
    by_entity = Counter(e.type for e in kg.entities.values())
    by_event = Counter(e.type for e in kg.events)
    by_status = Counter(e.status for e in kg.events)
    plover = list(event_types())
    return {
        "documents": len(kg.articles),
        "entities": len(kg.entities),
        "events": len(kg.events),
        "entity_types": {t: by_entity[t] for t in ENTITY_TYPES if by_entity[t]}
        | {t: by_entity[t] for t in sorted(by_entity) if t not in ENTITY_TYPES},
        "event_types": {t: by_event[t] for t in plover if by_event[t]}
        | {t: by_event[t] for t in sorted(by_event) if t not in plover},
        "statuses": {s: by_status[s] for s in sorted(by_status)},
    }


# ---------------------------------------------------------------------------
# Centrality


def pagerank(G: nx.MultiDiGraph, alpha: float = PAGERANK_ALPHA, tol: float = 1.0e-10, max_iter: int = 1000) -> dict:
    """PageRank of every node, each event counting as one link from actor to
    recipient (parallel events add up); a node with no outgoing event spreads
    its rank evenly. Values sum to 1 and are rounded to ``DIGITS`` places.

    The same power iteration as ``networkx.pagerank``, in plain Python (that
    one needs scipy).

    >>> pagerank(nx.MultiDiGraph())
    {}
    >>> pr = pagerank(nx.MultiDiGraph([("a", "b"), ("b", "a")]))
    >>> pr
    {'a': 0.5, 'b': 0.5}
    >>> G = to_networkx(example_graph())
    >>> max(pagerank(G).items(), key=lambda kv: kv[1])[0]
    'country/AAA'
    """
    nodes = list(G.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    out_weight: dict = defaultdict(float)
    links: dict = defaultdict(lambda: defaultdict(float))
    for u, v in G.edges():
        out_weight[u] += 1.0
        links[u][v] += 1.0
    dangling = [u for u in nodes if out_weight[u] == 0]
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        previous = rank
        rank = dict.fromkeys(nodes, 0.0)
        dangling_sum = alpha * sum(previous[u] for u in dangling)
        for u in nodes:
            share = alpha * previous[u]
            if out_weight[u]:
                for v, w in links[u].items():
                    rank[v] += share * w / out_weight[u]
        for u in nodes:
            rank[u] += dangling_sum / n + (1.0 - alpha) / n
        if sum(abs(rank[u] - previous[u]) for u in nodes) < n * tol:
            break
    return {u: round(rank[u], DIGITS) for u in nodes}


def central_actors(G: nx.MultiDiGraph, top: int = 10) -> list[dict]:
    """The ``top`` nodes by number of events (in and out, ``degree``), then by
    PageRank, then label: each as {key, label, type, degree, in, out,
    pagerank}. Nodes without events are left out.

    >>> G = to_networkx(example_graph())
    >>> [(a["label"], a["degree"], a["pagerank"]) for a in central_actors(G, top=2)]
    [('Aland', 3, 0.3936), ('Bland', 2, 0.3032)]
    """
    if G.number_of_nodes() == 0 or top <= 0:
        return []
    pr = pagerank(G)
    rows = []
    for key in G.nodes:
        degree = G.degree(key)
        if degree == 0:
            continue
        attrs = G.nodes[key]
        rows.append(
            {
                "key": key,
                "label": attrs.get("label") or key,
                "type": attrs.get("type") or "",
                "degree": degree,
                "in": G.in_degree(key),
                "out": G.out_degree(key),
                "pagerank": pr[key],
            }
        )
    rows.sort(key=lambda r: (-r["degree"], -r["pagerank"], r["label"], r["key"]))
    return rows[:top]


# ---------------------------------------------------------------------------
# Communities


def weighted_undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """One undirected edge per linked pair, weighted by its number of events;
    self-loops dropped. Nodes in G's order."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v in G.edges():
        if u == v:
            continue
        if H.has_edge(u, v):
            H[u][v]["weight"] += 1
        else:
            H.add_edge(u, v, weight=1)
    return H


def communities(G: nx.MultiDiGraph, min_size: int = 2) -> dict:
    """Groups of actors that deal mostly with each other: networkx's greedy
    modularity maximisation (Clauset-Newman-Moore) on the undirected graph,
    each pair of nodes weighted by the events between them.

    Returns {"modularity": float, "communities": [[key, ...], ...]}: groups
    of at least ``min_size`` members, largest first (then by first key),
    members sorted by key; nodes without events are left out.

    >>> communities(nx.MultiDiGraph())
    {'modularity': 0.0, 'communities': []}
    >>> two = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    >>> communities(two)["communities"]
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    H = weighted_undirected(G)
    H.remove_nodes_from([n for n in list(H.nodes) if H.degree(n) == 0])
    if H.number_of_edges() == 0:
        return {"modularity": 0.0, "communities": []}
    found = nx.community.greedy_modularity_communities(H, weight="weight")
    modularity = nx.community.modularity(H, found, weight="weight")
    groups = [sorted(c, key=str) for c in found if len(c) >= min_size]
    groups.sort(key=lambda c: (-len(c), str(c[0])))
    return {"modularity": round(modularity, DIGITS), "communities": groups}


# ---------------------------------------------------------------------------
# Country pairs


def _country_of(kg: KnowledgeGraph, key: str | None) -> str | None:
    ent = kg.entities.get(key) if key else None
    if ent is None or not ent.country or ent.country == "IGO":
        return None
    return ent.country


def country_pairs(kg: KnowledgeGraph, include_negated: bool = False) -> list[dict]:
    """For each pair of countries, the balance of cooperation and conflict in
    the events between them (either direction), by PLOVER quad class.

    An event counts for the pair of its actor's and its recipient's countries
    (``Entity.country``: a country's own code, a person's or organization's
    country, a place's country); IGOs, events without a recipient and events
    within one country are left out, and so are negated events unless
    ``include_negated``. Each row: {a, b (codes, a < b), events, cooperation,
    conflict, balance, and a count per quad class}; ``balance`` is
    (cooperation - conflict) / events, from -1 (all conflict) to 1 (all
    cooperation). Rows are sorted by number of events, then codes.

    >>> kg = example_graph()
    >>> [(r["a"], r["b"], r["cooperation"], r["conflict"], r["balance"]) for r in country_pairs(kg)]
    [('AAA', 'BBB', 2, 1, 0.3333)]
    """
    quads = {name: spec.quad for name, spec in event_types().items()}
    tally: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for ev in kg.events:
        if ev.status == NEGATED and not include_negated:
            continue
        a, b = _country_of(kg, ev.actor), _country_of(kg, ev.recipient)
        if a is None or b is None or a == b:
            continue
        quad = quads.get(ev.type)
        if quad is None:
            continue
        tally[tuple(sorted((a, b)))][quad] += 1
    rows = []
    for (a, b), c in tally.items():
        cooperation = sum(c[q] for q in COOPERATION)
        conflict = sum(c[q] for q in CONFLICT)
        total = cooperation + conflict
        row = {
            "a": a,
            "b": b,
            "events": total,
            "cooperation": cooperation,
            "conflict": conflict,
            "balance": round((cooperation - conflict) / total, DIGITS),
        }
        row.update({q: c[q] for q in QUAD_CLASSES})
        rows.append(row)
    rows.sort(key=lambda r: (-r["events"], r["a"], r["b"]))
    return rows


# ---------------------------------------------------------------------------
# Everything ``graphbuild stats`` prints


def stats(kg: KnowledgeGraph, top: int = 10) -> dict:
    """``counts``, ``central_actors``, ``communities`` (members as labels) and
    ``country_pairs`` of one graph, as one JSON-ready dict; community
    members are given by label, sorted.

    >>> kg = example_graph()
    >>> sorted(stats(kg))
    ['central_actors', 'communities', 'country_pairs', 'counts', 'modularity']
    """
    G = to_networkx(kg)
    found = communities(G)
    labels = {k: (G.nodes[k].get("label") or k) for k in G.nodes}
    return {
        "counts": counts(kg),
        "central_actors": central_actors(G, top),
        "modularity": found["modularity"],
        "communities": [sorted(labels[k] for k in group) for group in found["communities"]],
        "country_pairs": country_pairs(kg),
    }


# ---------------------------------------------------------------------------
# Names for the tables


def quad_class(event_type: str) -> str:
    """The PLOVER quad class of an event type ("" when unknown).

    >>> quad_class("ASSAULT")
    'material conflict'
    """
    spec = event_types().get(event_type)
    return spec.quad if spec else ""


def labels_of(kg: KnowledgeGraph, keys: Iterable[str]) -> list[str]:
    """The labels of entity keys (the key itself when unknown).

    >>> kg = example_graph()
    >>> labels_of(kg, ["person/cy", "nobody"])
    ['Cy Dee', 'nobody']
    """
    return [kg.entities[k].label if k in kg.entities else k for k in keys]
