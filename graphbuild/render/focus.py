"""The part of a big graph that a browser can show, and what was left out.

pyvis (vis-network) stays responsive up to a few thousand nodes and edges;
a corpus graph can have millions. ``select`` is a pure function over the
networkx view (``graph.to_networkx``) and a ``View`` that keeps, in this order:

1. the events in a date range (``since``/``until``, ISO dates, both ends
   included; undated events are left out when either is given) and of some
   PLOVER types (``types``), leaving out the entities left without events;
   entity type names in ``types`` keep only entities of those types;
2. the entities within ``hops`` steps (either direction) of a ``focus``
   entity, found by key or label, ignoring case;
3. at most ``max_nodes`` entities: the focus first, then the nearest to it,
   then those taking part in the most events (ties by key, so the same graph
   always gives the same page);
4. at most ``max_edges`` events among them: the most reported first.

It returns the subgraph and a one-line note saying what was left out, for
the page to show. A graph within the limits and without filters comes back
as it is, with an empty note.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n in "abcd":
...     g.add_node(n, label=n.upper(), type="Country")
>>> _ = g.add_edge("a", "b", key="e1", event_type="CONSULT", date="2024-05-01", source_count=1)
>>> _ = g.add_edge("b", "c", key="e2", event_type="ACCUSE", date="2024-06-01", source_count=2)
>>> sel = select(g, View(focus="A", hops=1))
>>> sorted(sel.graph.nodes), sel.note
(['a', 'b'], 'Showing 2 of 4 entities and 1 of 2 events: within 1 hop of A.')
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graphbuild.graph.assemble import induced
from graphbuild.render.limits import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES
from graphbuild.records import ENTITY_TYPES
from graphbuild.knowledge.plover import event_types



@dataclass(frozen=True)
class View:
    """What part of a graph to draw: the options of ``select``, in the order
    it applies them (see the module docstring). The default view is the
    whole graph, cut to what a browser can show.

    >>> View(focus="Chile", types=["consult"]).types
    ('consult',)
    """

    focus: str | None = None
    hops: int = 1
    max_nodes: int | None = DEFAULT_MAX_NODES
    max_edges: int | None = DEFAULT_MAX_EDGES
    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()  # PLOVER event types and entity types, any case, maybe comma-separated

    def __post_init__(self):
        object.__setattr__(self, "types", tuple(self.types))  # a list from the command line, kept immutable

    @property
    def filters_events(self) -> bool:
        """Whether only some events are asked for (by date or type)."""
        return bool(self.since or self.until or self.types)


@dataclass(frozen=True)
class Selection:
    """The subgraph to draw and a note on what it leaves out ("" if nothing)."""

    graph: nx.MultiDiGraph
    note: str
    total_nodes: int
    total_edges: int


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def parse_types(types: Iterable[str]) -> tuple[set[str], set[str]]:
    """(event types, entity types) from names in any case; ValueError if unknown."""
    plover = {t.upper(): t for t in event_types()}
    entity = {t.lower(): t for t in ENTITY_TYPES}
    events, entities = set(), set()
    for name in types:
        for part in filter(None, (p.strip() for p in name.split(","))):
            if part.upper() in plover:
                events.add(plover[part.upper()])
            elif part.lower() in entity:
                entities.add(entity[part.lower()])
            else:
                raise ValueError(
                    f"unknown type {part!r}: use PLOVER event types ({', '.join(sorted(plover))}) "
                    f"or entity types ({', '.join(ENTITY_TYPES)})"
                )
    return events, entities


def find_nodes(g: nx.MultiDiGraph, name: str) -> list:
    """The nodes whose key or label is ``name`` (ignoring case), by key."""
    wanted = name.casefold().strip()
    return sorted(
        (n for n, attrs in g.nodes(data=True) if str(n).casefold() == wanted or str(attrs.get("label") or "").casefold() == wanted),
        key=str,
    )


def _distances(g: nx.MultiDiGraph, sources: list, hops: int) -> dict:
    """Node -> steps from the nearest source, up to ``hops``, either direction."""
    dist = {s: 0 for s in sources}
    queue = deque(sources)
    while queue:
        v = queue.popleft()
        if dist[v] >= hops:
            continue
        # Breadth-first: a node's distance does not depend on the order of neighbours.
        for neighbours in (g.successors(v), g.predecessors(v)):
            for w in neighbours:
                if w not in dist:
                    dist[w] = dist[v] + 1
                    queue.append(w)
    return dist


def select(g: nx.MultiDiGraph, view: View = View()) -> Selection:
    """The part of ``g`` that ``view`` asks for; see the module docstring.

    Raises ``ValueError`` for a focus that names no entity, an unknown type,
    or a negative ``hops``/limit.
    """
    _check_limits(view)
    event_filter, entity_filter = parse_types(view.types)
    sub, reasons = _filter(g, view, event_filter, entity_filter)
    distance: dict = {}
    keep = None  # None: every node of sub
    if view.focus is not None:
        sub, distance, reason = _around_focus(g, sub, view.focus, view.hops)
        keep = list(distance)
        reasons.append(reason)
    sub, reason = _cap_nodes(sub, keep, distance, view.max_nodes)
    reasons += [reason] if reason else []
    sub, reason = _cap_edges(sub, view.max_edges)
    reasons += [reason] if reason else []
    total_nodes, total_edges = g.number_of_nodes(), g.number_of_edges()
    if sub is g:
        return Selection(g, "", total_nodes, total_edges)
    note = (
        f"Showing {sub.number_of_nodes():,} of {_plural(total_nodes, 'entity', 'entities')} and "
        f"{sub.number_of_edges():,} of {_plural(total_edges, 'event', 'events')}: {'; '.join(reasons)}."
    )
    return Selection(sub, note, total_nodes, total_edges)


def _check_limits(view: View) -> None:
    if view.hops < 0:
        raise ValueError("hops must be 0 or more")
    for name, limit in (("max_nodes", view.max_nodes), ("max_edges", view.max_edges)):
        if limit is not None and limit < 1:
            raise ValueError(f"{name} must be at least 1")


def _event_kept(attrs: dict, view: View, event_filter: set[str]) -> bool:
    """Whether an event (edge attributes) is in the view's dates and event types."""
    date = attrs.get("date") or ""
    if (view.since or view.until) and not date:
        return False
    if (view.since and date < view.since) or (view.until and date > view.until):
        return False
    return not event_filter or attrs.get("event_type") in event_filter


def _filter(
    g: nx.MultiDiGraph, view: View, event_filter: set[str], entity_filter: set[str]
) -> tuple[nx.MultiDiGraph, list[str]]:
    """Step 1: the events in the dates and types, the entities of the types; and the reasons."""
    edge_filtered = bool(view.since or view.until or event_filter)
    if not (edge_filtered or entity_filter):
        return g, []
    edges = [(u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if _event_kept(d, view, event_filter)]
    # An edge filter leaves out the entities left without events.
    nodes = {n for u, v, _ in edges for n in (u, v)} if edge_filtered else set(g.nodes)
    if entity_filter:
        nodes = {n for n in nodes if g.nodes[n].get("type") in entity_filter}
        edges = [(u, v, k) for u, v, k in edges if u in nodes and v in nodes]
    reasons = []
    if view.since or view.until:
        reasons.append(f"events dated {view.since or 'any time'} to {view.until or 'any time'}")
    if event_filter:
        reasons.append("events of type " + ", ".join(sorted(event_filter)))
    if entity_filter:
        reasons.append("entities of type " + ", ".join(sorted(entity_filter)))
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, g.nodes[n]) for n in g.nodes if n in nodes)
    sub.add_edges_from((u, v, k, g.edges[u, v, k]) for u, v, k in edges)
    return sub, reasons


def _around_focus(g: nx.MultiDiGraph, sub: nx.MultiDiGraph, focus: str, hops: int) -> tuple[nx.MultiDiGraph, dict, str]:
    """Step 2: (sub with the focus in it, node -> steps from the focus, the reason)."""
    centre = find_nodes(g, focus)
    if not centre:
        raise ValueError(f"no entity with the key or label {focus!r}")
    missing = [n for n in centre if n not in sub]
    if missing:  # filtered out, but the focus is always shown
        sub = sub.copy()
        sub.add_nodes_from((n, g.nodes[n]) for n in missing)
    label = g.nodes[centre[0]].get("label") or str(centre[0])
    return sub, _distances(sub, centre, hops), f"within {_plural(hops, 'hop', 'hops')} of {label}"


def _cap_nodes(sub: nx.MultiDiGraph, keep: list | None, distance: dict, max_nodes: int | None) -> tuple[nx.MultiDiGraph, str]:
    """Step 3: the kept nodes (``keep``, None for all), at most ``max_nodes`` of
    them: the nearest to the focus, then the most connected; and the reason ("" if none)."""
    candidates = keep if keep is not None else list(sub.nodes)
    reason = ""
    if max_nodes is not None and len(candidates) > max_nodes:
        degree = sub.degree(candidates)
        degree = dict(degree) if not isinstance(degree, int) else {candidates[0]: degree}
        keep = sorted(candidates, key=lambda n: (distance.get(n, 0), -degree[n], str(n)))[:max_nodes]
        reason = f"the {max_nodes:,} {'nearest and ' if distance else ''}most connected entities"
    if keep is not None:
        sub = induced(sub, keep)  # one copy, of the kept part only, in a fixed order
    return sub, reason


def _cap_edges(sub: nx.MultiDiGraph, max_edges: int | None) -> tuple[nx.MultiDiGraph, str]:
    """Step 4: at most ``max_edges`` events, the most reported; and the reason ("" if none)."""
    if max_edges is None or sub.number_of_edges() <= max_edges:
        return sub, ""
    ranked = sorted(sub.edges(keys=True, data=True), key=lambda e: (-int(e[3].get("source_count") or 1), str(e[2])))
    sub = sub.copy()
    sub.remove_edges_from((u, v, k) for u, v, k, _ in ranked[max_edges:])
    return sub, f"the {max_edges:,} most reported events"
