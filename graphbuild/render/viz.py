"""The knowledge graph as one self-contained, interactive HTML page.

``render_html(kg, path)`` draws entities as coloured dots and events as
labelled arrows with pyvis (vis-network), the library inlined, a legend and a
"focus on" menu in the page. The page fetches nothing: no CDN, no font, no
image, and a Content-Security-Policy that lets only the page's own scripts
run (by hash) says so to the browser too.

Article text is untrusted. It reaches the page only inside the JSON that
``tojson`` writes (``<``, ``>``, ``&`` and ``'`` as ``\\uXXXX`` escapes, so
it cannot close the ``<script>``). Tooltips are HTML-escaped with
``html.escape`` and turned into text nodes in the page (``textContent``), so
whatever vis-network does with a title string, markup in an article shows as
text and never runs. Node and edge labels are drawn on the canvas as text.

The layout (networkx spring layout, fixed seed) is computed here and physics
is off, so the first draw is immediate and the same graph always gives the
same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
import os
import re
from collections import defaultdict, deque
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from graphbuild.atomic import write_atomic
from graphbuild.render.focus import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES, select
from graphbuild.graph.assemble import to_networkx
from graphbuild.triples.record import select as select_triples
from graphbuild.records import ASSERTED, COUNTRY, IGO, NEGATED, ORGANIZATION, PERSON, PLACE, PLANNED, POSSIBLE, UNIDENTIFIED, KnowledgeGraph

# Node fill colour per entity type (colour-blind-safe Tableau 10 hues).
TYPE_COLOURS: dict[str, str] = {
    PERSON: "#e15759",
    COUNTRY: "#4e79a7",
    ORGANIZATION: "#f28e2b",
    IGO: "#59a14f",
    PLACE: "#b07aa1",
    UNIDENTIFIED: "#bab0ac",
}
OTHER_COLOUR = "#9d9d9d"

# Line colour and dash pattern per event status (vis-network ``dashes``).
STATUS_STYLES: dict[str, tuple[str, list[int] | bool]] = {
    ASSERTED: ("#4a4a4a", False),
    PLANNED: ("#2f6db5", [10, 6]),
    POSSIBLE: ("#8a8a8a", [2, 5]),
    NEGATED: ("#c0392b", [10, 4, 2, 4]),
}

LABEL_LIMIT = 40  # characters of a node or edge label drawn on the canvas
TEXT_LIMIT = 600  # characters of one piece of text in a tooltip
EVIDENCE_LIMIT = 8  # evidence sentences listed in one edge tooltip
LAYOUT_SEED = 42
NODE_SPACING = 130.0  # pixels: a two-node component is about this wide, times sqrt(2)
SPRING_LIMIT = 499  # nodes of one component laid out by the spring model (networkx needs scipy from 500)
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
BLOCK_GAP = 140.0  # pixels between packed components (room for labels)

_CSP_PLACEHOLDER = "__GRAPHBUILD_CSP__"

# Characters that must not reach the page: C0/C1 controls (tab and newline
# excepted), bidirectional overrides and isolates, lone surrogates.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile("[\ud800-\udfff]")

_PYVIS_TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(pyvis.__file__)), "templates")
_TEMPLATE_NAME = "graphbuild.html"

# The page. Jinja autoescapes every {{ }}; the graph data goes through
# ``tojson``. The vis-network script and style are pyvis's own copies,
# included inline. Each inline <script> is allowed by its hash in the CSP.
_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="__GRAPHBUILD_CSP__">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{ heading }}</title>
<link rel="icon" href="data:,">
<style>{% include 'lib/vis-9.1.2/vis-network.css' %}</style>
<style>
  html, body { margin: 0; padding: 0; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
               color: #222; background: #fafafa; }
  header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 18px; padding: 8px 14px;
           border-bottom: 1px solid #ddd; background: #fff; }
  header h1 { font-size: 18px; margin: 0; }
  header .gb-summary { color: #666; font-size: 13px; }
  header .gb-note { color: #8a5a00; font-size: 13px; }
  header label { font-size: 13px; }
  header select { max-width: 320px; font-size: 13px; }
  header button { font-size: 13px; }
  #gb-main { position: relative; }
  #mynetwork { width: {{ width }}; height: {{ height }}; background: {{ bgcolor }}; }
  #gb-legend { position: absolute; top: 10px; right: 10px; background: rgba(255,255,255,0.94);
               border: 1px solid #ccc; border-radius: 6px; padding: 8px 12px; font-size: 12px;
               line-height: 1.5; box-shadow: 0 1px 4px rgba(0,0,0,0.12); }
  #gb-legend h2 { font-size: 12px; margin: 4px 0 2px 0; text-transform: uppercase; letter-spacing: 0.04em;
                  color: #555; }
  #gb-legend ul { list-style: none; margin: 0; padding: 0; }
  #gb-legend li { display: flex; align-items: center; gap: 8px; }
  #gb-legend .gb-dot { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
                       border: 1px solid rgba(0,0,0,0.35); }
  .gb-tip { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 520px; font-size: 12px;
            line-height: 1.4; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
  div.vis-tooltip { white-space: normal; }
</style>
<script>{% include 'lib/vis-9.1.2/vis-network.min.js' %}</script>
</head>
<body>
<header>
  <h1>{{ heading }}</h1>
  <span class="gb-summary">{{ summary }}</span>
{% if note %}  <span class="gb-note" id="gb-note">{{ note }}</span>
{% endif %}  <label>Focus on <select id="gb-focus"><option value="">(whole graph)</option></select></label>
  <button type="button" id="gb-fit">Fit</button>
</header>
<div id="gb-main">
  <div id="mynetwork"></div>
  <aside id="gb-legend" aria-label="Legend">
    <h2>Entities</h2>
    <ul>
    {%- for name, colour in legend_types %}
      <li><span class="gb-dot" style="background: {{ colour }}"></span>{{ name }}</li>
    {%- endfor %}
    </ul>
    <h2>Events</h2>
    <ul>
    {%- for name, colour, dash in legend_statuses %}
      <li><svg width="44" height="10" aria-hidden="true"><line x1="1" y1="5" x2="43" y2="5" stroke="{{ colour }}"
        stroke-width="2.5"{% if dash %} stroke-dasharray="{{ dash }}"{% endif %}/></svg>{{ name }}</li>
    {%- endfor %}
    </ul>
    {%- if relation_count %}
    <h2>Relations</h2>
    <button type="button" id="gb-relations" aria-pressed="false">show {{ relation_count }}</button>
    {%- endif %}
  </aside>
</div>
<script>
(function () {
  "use strict";
  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'" };
  // Tooltips arrive HTML-escaped; show them as text, never as markup.
  function tip(escaped) {
    var div = document.createElement("div");
    div.className = "gb-tip";
    div.textContent = escaped.replace(/&(?:amp|lt|gt|quot|#x27);/g, function (e) { return ENTITIES[e]; });
    return div;
  }
  var nodeData = {{ nodes|tojson }};
  var edgeData = {{ edges|tojson }};
  // vis-network keys plain objects by id: an id named like a property of
  // Object.prototype ("__proto__", "toString") would break its lookups, so
  // such ids (and, to stay one to one, ids starting with the mark) get a
  // U+2060 mark in front. The page's own lookups go through vis's DataSets.
  var MARK = "\u2060";
  function safeId(id) {
    id = String(id);
    return (id in Object.prototype || id.charAt(0) === MARK) ? MARK + id : id;
  }
  nodeData.forEach(function (n) { n.id = safeId(n.id); });
  edgeData.forEach(function (e) { e.id = safeId(e.id); e.from = safeId(e.from); e.to = safeId(e.to); });
  nodeData.concat(edgeData).forEach(function (item) {
    if (typeof item.title === "string") { item.title = tip(item.title); }
  });
  var nodes = new vis.DataSet(nodeData);
  var edges = new vis.DataSet(edgeData);
  var options = {{ options|safe }};
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  var select = document.getElementById("gb-focus");
  nodeData.slice().sort(function (a, b) {
    return a.label < b.label ? -1 : a.label > b.label ? 1 : (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }).forEach(function (n) {
    var opt = document.createElement("option");
    opt.value = n.id;
    opt.textContent = n.label;
    select.appendChild(opt);
  });
  select.addEventListener("change", function () {
    if (select.value === "") { network.unselectAll(); network.fit(); return; }
    network.selectNodes([select.value]);
    network.focus(select.value, { scale: 1.3 });
  });
  document.getElementById("gb-fit").addEventListener("click", function () {
    select.value = ""; network.unselectAll(); network.fit();
  });
  // Open triples between entities: drawn hidden, shown by the toggle.
  var relations = document.getElementById("gb-relations");
  if (relations) {
    relations.addEventListener("click", function () {
      var show = relations.getAttribute("aria-pressed") !== "true";
      relations.setAttribute("aria-pressed", show ? "true" : "false");
      relations.textContent = (show ? "hide " : "show ") + relations.textContent.split(" ")[1];
      edges.update(edges.get({ filter: function (e) { return e.relation === true; } }).map(function (e) {
        return { id: e.id, hidden: !show };
      }));
    });
  }
  window.graphbuild = { network: network, nodes: nodes, edges: edges };
})();
</script>
</body>
</html>
"""


def clean_text(value: object, limit: int | None = None) -> str:
    """Article text made fit for display: no control or bidi-override
    characters, no lone surrogates, at most ``limit`` characters (an ellipsis
    marks a cut). Does not escape: see ``html.escape`` for that."""
    text = "" if value is None else str(value)
    text = _SURROGATES.sub("\ufffd", text)
    text = _UNSAFE_CHARS.sub(" ", text)
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "\u2026"
    return text


def _one_line(value: object, limit: int) -> str:
    return clean_text(" ".join(clean_text(value).split()), limit)


def edge_label(predicate: str, status: str) -> str:
    """The words drawn on an edge: the action, and the status unless asserted."""
    label = _one_line(predicate, LABEL_LIMIT) or "?"
    return label if status == ASSERTED else f"{label} ({_one_line(status, 20)})"


def _node_tooltip(key: str, attrs: dict) -> str:
    lines = [
        clean_text(attrs.get("label") or key, TEXT_LIMIT),
        f"Type: {clean_text(attrs.get('type') or 'unknown', 80)}",
    ]
    if attrs.get("country"):
        lines.append(f"Country: {clean_text(attrs['country'], 80)}")
    if attrs.get("role"):
        lines.append(f"Role: {clean_text(attrs['role'], 200)}")
    lines.append(f"Key: {clean_text(key, 200)}")
    return html.escape("\n".join(lines))


def _edge_tooltip(actor: str, recipient: str, attrs: dict) -> str:
    status = attrs.get("status") or ""
    evidence = attrs.get("evidence") or ()
    count = attrs["source_count"] if "source_count" in attrs else len({e[0] for e in evidence})
    lines = [
        f"{clean_text(actor, 120)} \u2192 {edge_label(attrs.get('predicate') or '', status)} \u2192 "
        f"{clean_text(recipient, 120)}",
        f"Event type: {clean_text(attrs.get('event_type') or 'unknown', 80)}",
        f"Mode: {clean_text(attrs.get('mode') or 'none', 80)}",
        f"Status: {clean_text(status or 'unknown', 40)}",
        f"Date: {clean_text(attrs.get('date') or 'unknown', 40)}",
        *([f"Where: {clean_text(attrs['location'], 120)}"] if attrs.get("location") else []),
        f"Reported by {count} document{'' if count == 1 else 's'}",
        "Evidence:",
    ]
    for doc_id, sentence, source in islice(evidence, EVIDENCE_LIMIT):
        where = clean_text(doc_id, 200)
        if source:
            where += f" \u2014 {clean_text(source, 200)}"
        lines.append(f"\u2022 [{where}] {clean_text(sentence, TEXT_LIMIT)}")
    if len(evidence) > EVIDENCE_LIMIT:
        lines.append(f"\u2026 and {len(evidence) - EVIDENCE_LIMIT} more")
    return html.escape("\n".join(lines))


def _spring(g: nx.Graph, seed: int) -> dict:
    """networkx's spring layout in [-1, 1]; fewer iterations as graphs grow."""
    n = g.number_of_nodes()
    iterations = 150 if n < 200 else 80
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
    pos = _spring(comp.subgraph(core).copy(), seed)
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
    blocks = []  # (positions relative to the block's top-left corner, width, height)
    for comp in components:
        if len(comp) == 1:
            local = {comp[0]: (0.0, 0.0)}
        else:
            sub = nx.Graph()
            sub.add_nodes_from(comp)
            sub.add_edges_from(simple.subgraph(comp).edges())
            radius = NODE_SPACING * math.sqrt(len(comp))
            local = {n: (x * radius, y * radius) for n, (x, y) in _component_layout(sub, seed).items()}
        min_x = min(x for x, _ in local.values())
        min_y = min(y for _, y in local.values())
        local = {n: (x - min_x, y - min_y) for n, (x, y) in local.items()}
        width = max(x for x, _ in local.values())
        height = max(y for _, y in local.values())
        blocks.append((local, width, height))

    # Shelf packing: rows of blocks no wider than about a square's side.
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
    if not positions:
        return {}
    mid_x = (min(p[0] for p in positions.values()) + max(p[0] for p in positions.values())) / 2
    mid_y = (min(p[1] for p in positions.values()) + max(p[1] for p in positions.values())) / 2
    return {n: (round(px - mid_x), round(py - mid_y)) for n, (px, py) in positions.items()}


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


def _edge_shapes(g: nx.MultiDiGraph) -> dict[tuple, dict]:
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


def _options() -> dict:
    font = {"face": "DejaVu Sans, Liberation Sans, Arial, sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"}
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
            "hideEdgesOnDrag": False,
        },
        "nodes": {"shape": "dot", "borderWidth": 1.5, "font": {**font, "size": 15, "color": "#1d1d1d"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.7}},
            "font": {**font, "size": 11, "color": "#333333", "align": "horizontal"},
            "smooth": {"enabled": True, "type": "continuous"},
            "selectionWidth": 2,
        },
    }


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _script_hashes(page: str) -> list[str]:
    hashes = []
    for body in re.findall(r"<script>(.*?)</script>", page, flags=re.S):
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return hashes


_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(</script>)", re.S | re.I)
_REF_ATTR = re.compile(r"""\b(?:src|href|srcset|action|formaction|poster|data|background)\s*=\s*["']?\s*([^\s"'>]*)""", re.I)
_CSS_URL = re.compile(r"""url\(\s*["']?\s*([^)"'\s]*)|@import""", re.I)
_REMOTE_TAG = re.compile(
    r"""<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//[^>]*>"""
    r"""|<script\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?//[^>]*>\s*</script>""",
    re.I,
)


def external_references(page: str) -> list[str]:
    """Every reference in ``page`` that would make a browser fetch something:
    a src/href-like attribute or a CSS ``url()``/``@import`` that is not a
    ``data:`` URI or a ``#fragment``. Script bodies are skipped (their text
    is code and JSON, not markup). An empty list means a self-contained page.
    """
    markup = _SCRIPT_BODY.sub(r"\1\2", page)
    found: list[str] = []
    for tag in _TAG.findall(markup):
        for value in _REF_ATTR.findall(tag):
            if value and not value.lower().startswith(("data:", "#")):
                found.append(value)
    for style in re.findall(r"<style\b[^>]*>(.*?)</style>", markup, flags=re.S | re.I):
        for m in _CSS_URL.finditer(style):
            value = m.group(1)
            if value is None:
                found.append("@import")
            elif not value.lower().startswith(("data:", "#")):
                found.append(value)
    return found


def render_network(
    g: nx.MultiDiGraph, path: str | os.PathLike, title: str = "graphbuild", note: str = "",
    relations: Iterable[tuple[str, str, str, str]] = (),
) -> Path:
    """Write the HTML page of a ``to_networkx`` view to ``path``; returns it.

    ``note``, when given, is shown under the title (what a selection left out).
    ``relations`` (subject key, object key, predicate words, sentence) are
    open triples drawn as grey edges, hidden until the page's "relations"
    toggle is ticked; those whose ends are not in ``g`` are left out.

    Nodes need the attributes label, type, country, role; edges (keyed by
    event id) event_type, predicate, status, mode, date, source_count and
    evidence [(doc_id, sentence, source), ...].
    """
    net = Network(
        height="calc(100vh - 52px)",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        heading=clean_text(title, 200),
    )
    positions = layout(g)
    for key, attrs in g.nodes(data=True):
        colour = TYPE_COLOURS.get(attrs.get("type"), OTHER_COLOUR)
        border = _darker(colour)
        x, y = positions.get(key, (0, 0))
        net.add_node(
            key,
            label=_one_line(attrs.get("label") or key, LABEL_LIMIT) or "?",
            title=_node_tooltip(key, attrs),
            color={
                "background": colour,
                "border": border,
                "highlight": {"background": colour, "border": "#111111"},
                "hover": {"background": colour, "border": "#111111"},
            },
            size=14 + 1.5 * min(g.degree(key), 12),
            x=x,
            y=y,
        )
    shapes = _edge_shapes(g)
    used_ids: set[str] = set()
    for u, v, k, attrs in g.edges(keys=True, data=True):
        status = attrs.get("status") or ""
        colour, dashes = STATUS_STYLES.get(status, ("#4a4a4a", [4, 4]))
        edge_id = str(k)
        n = 2
        while edge_id in used_ids:
            edge_id, n = f"{k}#{n}", n + 1
        used_ids.add(edge_id)
        net.add_edge(
            u,
            v,
            id=edge_id,
            label=edge_label(attrs.get("predicate") or "", status),
            title=_edge_tooltip(g.nodes[u].get("label") or str(u), g.nodes[v].get("label") or str(v), attrs),
            color={"color": colour, "highlight": "#111111", "hover": "#111111"},
            dashes=dashes,
            width=1.2 + 0.8 * min(int(attrs.get("source_count") or 1), 5),
            **shapes.get((u, v, k), {}),
        )
    relation_count = _add_relations(net, g, relations, used_ids)
    net.options = _options()

    n_nodes, n_edges = g.number_of_nodes(), g.number_of_edges()
    net.templateEnv = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.DictLoader({_TEMPLATE_NAME: _TEMPLATE}), jinja2.FileSystemLoader(_PYVIS_TEMPLATES)]
        ),
        autoescape=True,
        keep_trailing_newline=True,
    )
    net.templateEnv.globals.update(
        summary=f"{n_nodes} entit{'y' if n_nodes == 1 else 'ies'}, {n_edges} event{'' if n_edges == 1 else 's'}",
        note=clean_text(note, 1000) if note else "",
        legend_types=[*TYPE_COLOURS.items()],
        relation_count=relation_count,
        legend_statuses=[
            (name, colour, " ".join(map(str, dash)) if dash else "") for name, (colour, dash) in STATUS_STYLES.items()
        ],
    )
    net.path = _TEMPLATE_NAME
    page = net.generate_html()
    page = _REMOTE_TAG.sub("", page)
    remote = external_references(page)
    if remote:  # only a changed pyvis template could bring one in
        raise RuntimeError(f"the page would fetch {remote[:3]}; refusing to write {path}")
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_script_hashes(page)),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    page = page.replace(_CSP_PLACEHOLDER, csp, 1)
    return write_atomic(path, page)


def _add_relations(net: Network, g: nx.MultiDiGraph, relations, used_ids: set[str]) -> int:
    """Add each (subject, object, predicate) once as a hidden relation edge."""
    seen: dict[tuple[str, str, str], list[str]] = {}
    for u, v, predicate, sentence in relations:
        if u in g and v in g and u != v:
            seen.setdefault((u, v, predicate), []).append(sentence)
    for n, ((u, v, predicate), sentences) in enumerate(sorted(seen.items())):
        edge_id = f"rel-{n}"
        used_ids.add(edge_id)
        tip = f"{g.nodes[u].get('label') or u} {predicate} {g.nodes[v].get('label') or v}\n" + "\n".join(
            clean_text(x, 300) for x in sorted(set(sentences))[:5]
        )
        net.add_edge(
            u, v, id=edge_id, label=_one_line(predicate, LABEL_LIMIT), title=html.escape(tip),
            color={"color": "#9a9a9a", "highlight": "#111111", "hover": "#111111"},
            dashes=[2, 3], width=1, hidden=True, relation=True,
        )
    return len(seen)


def render_html(
    kg: KnowledgeGraph,
    path: str | os.PathLike,
    *,
    title: str = "graphbuild",
    focus: str | None = None,
    hops: int = 1,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    max_edges: int | None = DEFAULT_MAX_EDGES,
    since: str | None = None,
    until: str | None = None,
    types: Iterable[str] = (),
) -> Path:
    """Write the knowledge graph as a self-contained HTML page; returns the path.

    Events without a recipient have no edge in the networkx view and are not
    drawn. The same graph always gives the same bytes. A graph bigger than
    ``max_nodes``/``max_edges``, or the options of ``focus.select``, give the
    selected part and a note in the page saying what was left out.
    """
    selection = select(
        to_networkx(kg),
        focus=focus,
        hops=hops,
        max_nodes=max_nodes,
        max_edges=max_edges,
        since=since,
        until=until,
        types=types,
    )
    # Relations have no date or event type: a filtered page leaves them out.
    relations = [] if since or until or types else [
        (t.subject_entity, t.object_entity, t.predicate, t.sentence)
        for t in select_triples(kg.triples, kg.rdf_triples) if t.between_entities
    ]
    return render_network(selection.graph, path, title, note=selection.note, relations=relations)
