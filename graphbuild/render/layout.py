"""Where each node and edge of the page is drawn: positions and edge curves.

``layout(g)`` gives every node of a ``to_networkx`` view a canvas position in
whole pixels: each connected component a networkx spring layout with a fixed
seed, big components a spring-laid core with the rest on sunflower spirals
around their neighbours, the components packed in rows. ``edge_shapes(g)``
gives each edge its vis-network shape: straight when alone between its two
nodes, bent to alternate sides when parallel, looped when a self-reference.
Both are pure and deterministic (the page's physics is off, so these are
the positions the browser draws).
"""

from __future__ import annotations

import math
from collections import defaultdict, deque

import networkx as nx

from graphbuild.graph.assemble import induced

LAYOUT_SEED = 42
NODE_SPACING = 130.0  # pixels: a two-node component is about this wide, times sqrt(2)
SPRING_LIMIT = 499  # nodes of one component laid out by the spring model (networkx needs scipy from 500)
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
BLOCK_GAP = 140.0  # pixels between packed components (room for labels)


def _spring(g: nx.Graph, seed: int) -> dict:
    """networkx's spring layout in [-1, 1]. Two nodes side by side need no
    model (most components of a news graph are a pair: each took
    milliseconds); small graphs settle in networkx's default 50 iterations,
    mid-sized ones get more, big ones fewer (each costs n^2)."""
    n = g.number_of_nodes()
    if n == 2:
        first, second = sorted(g.nodes, key=str)
        return {first: (-1.0, 0.0), second: (1.0, 0.0)}
    iterations = 50 if n < 40 else 150 if n < 200 else 80
    return {v: (float(x), float(y)) for v, (x, y) in nx.spring_layout(g, seed=seed, iterations=iterations).items()}


def _component_layout(comp: nx.Graph, seed: int) -> dict:
    """Positions in about [-1, 1] for one connected component.

    Up to ``SPRING_LIMIT`` nodes: a spring layout. Beyond, a connected core
    of ``SPRING_LIMIT`` nodes around the best-connected one gets the spring
    layout, and every other node is set around a placed neighbour, in
    breadth-first order, on a sunflower spiral: cheap (networkx would need
    scipy and O(n^2) time per iteration), deterministic, satellites by hubs.
    """
    if comp.number_of_nodes() <= SPRING_LIMIT:
        return _spring(comp, seed)

    def rank(v):
        return (-comp.degree(v), str(v))

    # The core: a breadth-first prefix from the best-connected node, so it is connected.
    hub = min(comp.nodes, key=rank)
    core, seen, queue = [], {hub}, deque([hub])
    while queue and len(core) < SPRING_LIMIT:
        v = queue.popleft()
        core.append(v)
        for w in sorted(comp[v], key=rank):
            if w not in seen:
                seen.add(w)
                queue.append(w)
    pos = _spring(induced(comp, core), seed)
    step = 0.6 / math.sqrt(comp.number_of_nodes())
    satellites: dict = defaultdict(int)
    frontier = list(pos)
    while frontier:
        following = []
        for anchor in frontier:
            for v in sorted((w for w in comp[anchor] if w not in pos), key=rank):
                k = satellites[anchor]
                satellites[anchor] += 1
                angle, r = k * GOLDEN_ANGLE, step * math.sqrt(k + 1)
                x, y = pos[anchor]
                pos[v] = (x + r * math.cos(angle), y + r * math.sin(angle))
                following.append(v)
        frontier = following
    return pos


def layout(g: nx.MultiDiGraph, seed: int = LAYOUT_SEED) -> dict[str, tuple[int, int]]:
    """Node -> (x, y) canvas position, in whole pixels.

    Each connected component gets a spring layout (fixed seed) sized to its
    number of nodes; components are then packed in rows, largest first, so
    that a few isolated nodes do not push the rest into a corner.
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(g.nodes, key=str))
    simple.add_edges_from(sorted(((u, v) for u, v in g.edges() if u != v), key=lambda e: (str(e[0]), str(e[1]))))
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(simple)), key=lambda c: (-len(c), str(c[0]))
    )
    positions = _shelf_pack([_block(simple, comp, seed) for comp in components])
    if not positions:
        return {}
    mid_x = (min(p[0] for p in positions.values()) + max(p[0] for p in positions.values())) / 2
    mid_y = (min(p[1] for p in positions.values()) + max(p[1] for p in positions.values())) / 2
    return {n: (round(px - mid_x), round(py - mid_y)) for n, (px, py) in positions.items()}


def _block(simple: nx.Graph, comp: list, seed: int) -> tuple[dict, float, float]:
    """One component laid out: (positions relative to its top-left corner, width, height)."""
    if len(comp) == 1:
        local = {comp[0]: (0.0, 0.0)}
    else:
        sub = nx.Graph()
        sub.add_nodes_from(comp)
        sub.add_edges_from(induced(simple, comp).edges())
        radius = NODE_SPACING * math.sqrt(len(comp))
        local = {n: (x * radius, y * radius) for n, (x, y) in _component_layout(sub, seed).items()}
    min_x = min(x for x, _ in local.values())
    min_y = min(y for _, y in local.values())
    local = {n: (x - min_x, y - min_y) for n, (x, y) in local.items()}
    width = max(x for x, _ in local.values())
    height = max(y for _, y in local.values())
    return local, width, height


def _shelf_pack(blocks: list[tuple[dict, float, float]]) -> dict:
    """Blocks packed in rows no wider than about a square's side."""
    area = sum((w + BLOCK_GAP) * (h + BLOCK_GAP) for _, w, h in blocks)
    row_limit = max(3 * NODE_SPACING, 1.4 * math.sqrt(area))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for local, width, height in blocks:
        if x > 0 and x + width > row_limit:
            x, y, row_height = 0.0, y + row_height + BLOCK_GAP, 0.0
        for n, (px, py) in local.items():
            positions[n] = (x + px, y + py)
        x += width + BLOCK_GAP
        row_height = max(row_height, height)
    return positions


def _bends(n: int) -> list[float]:
    """Signed roundness for ``n`` parallel edges: straight in the middle when
    n is odd, then alternately to either side, further out each pair."""
    step = 0.3 if n <= 6 else 0.9 / (n // 2 + 1)
    first = 0.0 if n % 2 else step * 0.85
    bends = [0.0] if n % 2 else []
    k = 0
    while len(bends) < n:
        r = round(min(first + step * (k + (1 if n % 2 else 0)), 0.95), 3)
        bends.extend([r, -r][: n - len(bends)])
        k += 1
    return bends


def edge_shapes(g: nx.MultiDiGraph) -> dict[tuple, dict]:
    """Per edge (u, v, key): vis-network options for its shape. An edge alone
    between its two nodes is straight; parallel edges (either direction) bend
    to alternate sides so that each, with its label, stays visible."""
    by_pair: dict[tuple, list[tuple]] = defaultdict(list)
    for u, v, k in g.edges(keys=True):
        by_pair[tuple(sorted((str(u), str(v))))].append((u, v, k))
    shapes: dict[tuple, dict] = {}
    for (first, _), edges in by_pair.items():
        for i, (u, v, k) in enumerate(edges):
            if u == v:
                shapes[(u, v, k)] = {"selfReference": {"size": 20 + 12 * i, "angle": round(0.8 + 0.6 * i, 2)}}
        edges = [e for e in edges if e[0] != e[1]]
        for (u, v, k), bend in zip(edges, _bends(len(edges))):
            if bend == 0:
                shapes[(u, v, k)] = {"smooth": {"enabled": False}}
                continue
            # The same geometric side is clockwise one way and counter-clockwise the other.
            clockwise = (bend > 0) == (str(u) == first)
            shapes[(u, v, k)] = {
                "smooth": {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW", "roundness": abs(bend)}
            }
    return shapes
