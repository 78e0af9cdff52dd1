"""The knowledge graph as one self-contained HTML page: an explorer.

``render_html(kg, path)`` draws entities as coloured dots and events as
labelled arrows with pyvis (vis-network), the library inlined, a legend and a
"focus on" menu in the page; ``render_network(g, path)`` does the same for a
``to_networkx`` view (``focus.select`` cuts a big one down). The page is the
template ``templates/graph.html``; its explorer (``templates/explorer.js``:
filters, the evidence panel a click opens, a timeline to brush) runs on the
JSON of ``explorer_data.explorer_payload``. It fetches nothing: no CDN, no
font, no image, and a Content-Security-Policy that lets only the page's own
scripts run (by hash) says so to the browser too (``security.seal``).

Article text is untrusted. It reaches the page only inside the JSON that
``tojson`` writes (``<``, ``>``, ``&`` and ``'`` as ``\\uXXXX`` escapes, so
it cannot close the ``<script>``). Hover texts are HTML-escaped with
``html.escape`` and turned into text nodes in the page (``textContent``);
the panel builds its elements itself and puts every string in as text, and
only http(s) URLs become links. Node and edge labels are drawn on the canvas
as text, after ``safetext.clean_text``.

Dots grow with the events an entity takes part in, edges with their
sources, labels with their dots, and labels are not drawn once zoomed out
below a legible size (vis-network's ``scaling.label``). The layout
(``layout.layout``: each component a networkx spring layout, fixed seed,
the components packed) is computed before drawing and physics is off, so
the first draw is immediate and the same graph always gives the same bytes.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from graphbuild.atomic import write_atomic
from graphbuild.graph.assemble import to_networkx
from graphbuild.records import ASSERTED, COUNTRY, IGO, NEGATED, ORGANIZATION, PERSON, PLACE, PLANNED, POSSIBLE, UNIDENTIFIED, KnowledgeGraph
from graphbuild.render.explorer_data import explorer_payload
from graphbuild.render.focus import View, select
from graphbuild.render.layout import LAYOUT_SEED, edge_shapes, layout
from graphbuild.render.security import seal
from graphbuild.safetext import clean_text, one_line
from graphbuild.triples.record import select as select_triples

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

# vis-network label scaling (pixels on screen): between min and max by value,
# never larger than maxVisible when zoomed in, hidden below drawThreshold.
LABEL_SCALING = {"enabled": True, "min": 18, "max": 34, "maxVisible": 30, "drawThreshold": 5}
EDGE_LABEL_SCALING = {"enabled": True, "min": 10, "max": 13, "maxVisible": 14, "drawThreshold": 5}
LABEL_LIMIT = 40  # characters of a node or edge label drawn on the canvas
TEXT_LIMIT = 600  # characters of one piece of text in a tooltip

_PYVIS_TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(pyvis.__file__)), "templates")
TEMPLATE_NAME = "graph.html"  # in templates/, beside this module; it includes pyvis's vis-network files


def edge_label(predicate: str, status: str) -> str:
    """The words drawn on an edge: the action, and the status unless asserted."""
    label = one_line(predicate, LABEL_LIMIT) or "?"
    return label if status == ASSERTED else f"{label} ({one_line(status, 20)})"


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
    """A short hover text; the evidence is in the panel a click opens."""
    status = attrs.get("status") or ""
    count = int(attrs.get("source_count") or len({e[0] for e in attrs.get("evidence") or ()}))
    lines = [
        f"{clean_text(actor, 120)} \u2192 {edge_label(attrs.get('predicate') or '', status)} \u2192 "
        f"{clean_text(recipient, 120)}",
        f"{clean_text(attrs.get('event_type') or 'unknown', 80)}, {clean_text(status or 'unknown', 40)}, "
        f"{clean_text(attrs.get('date') or 'undated', 40)}",
        f"Reported by {count} document{'' if count == 1 else 's'}: click for the evidence",
    ]
    return html.escape("\n".join(lines))


def _options() -> dict:
    font = {"face": "DejaVu Sans, Liberation Sans, Arial, sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"}
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 300,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
            "hideEdgesOnDrag": False,
        },
        # Dots sized by value (the events of an entity); labels grow with
        # them and are not drawn once zoomed out below drawThreshold pixels,
        # so a big graph shows its hubs' names instead of a blur of text.
        "nodes": {
            "shape": "dot", "borderWidth": 1.5, "font": {**font, "size": 15, "color": "#1d1d1d"},
            "scaling": {"min": 10, "max": 42, "label": LABEL_SCALING},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.7}},
            "font": {**font, "size": 11, "color": "#333333", "align": "horizontal"},
            "scaling": {"label": EDGE_LABEL_SCALING},  # widths are set per edge; this hides small labels
            "smooth": {"enabled": True, "type": "continuous"},
            "selectionWidth": 2,
        },
    }


def _edge_width(sources: int) -> float:
    """Pixels of an event's line: 2 for one source, wider up to six."""
    return round(1.2 + 0.8 * min(max(sources, 1), 6), 1)


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def render_network(
    g: nx.MultiDiGraph, path: str | os.PathLike, title: str = "graphbuild", note: str = "",
    relations: Iterable[tuple[str, str, str, str]] = (),
) -> Path:
    """Write the HTML page of a ``to_networkx`` view to ``path``; returns it.

    ``note``, when given, is shown under the title (what a selection left out).
    ``relations`` (subject key, object key, predicate words, sentence) are
    open triples drawn as grey edges, hidden until the page's "relations"
    toggle is ticked; those whose ends are not in ``g`` are left out.

    Nodes need the attributes label, type, country, role (aliases if any);
    edges (keyed by event id) event_type, predicate, status, mode, date,
    location, source_count and evidence [(doc_id, sentence, source), ...],
    and ``reports`` (the ``Evidence`` records: trigger words, URL, date of
    publication, attribution) for the panel to show those too.
    """
    net = Network(
        height="100%",  # the page's flex layout sizes the graph
        width="100%",
        directed=True,
        cdn_resources="in_line",
        heading=clean_text(title, 200),
    )
    _add_entities(net, g)
    edge_ids = _add_events(net, g)
    relation_count = _add_relations(net, g, relations, set(edge_ids))
    net.options = _options()
    net.templateEnv = _environment(g, note, relation_count)
    net.templateEnv.globals["explorer"] = explorer_payload(g, edge_ids)
    net.path = TEMPLATE_NAME
    return write_atomic(path, seal(net.generate_html(), path))


def _add_entities(net: Network, g: nx.MultiDiGraph) -> None:
    """One dot per entity, coloured by type, at its ``layout`` position."""
    positions = layout(g)
    for key, attrs in g.nodes(data=True):
        colour = TYPE_COLOURS.get(attrs.get("type"), OTHER_COLOUR)
        border = _darker(colour)
        x, y = positions.get(key, (0, 0))
        net.add_node(
            key,
            label=one_line(attrs.get("label") or key, LABEL_LIMIT) or "?",
            title=_node_tooltip(key, attrs),
            color={
                "background": colour,
                "border": border,
                "highlight": {"background": colour, "border": "#111111"},
                "hover": {"background": colour, "border": "#111111"},
            },
            value=g.degree(key),  # events it takes part in: its size and label size
            x=x,
            y=y,
        )


def _add_events(net: Network, g: nx.MultiDiGraph) -> list[str]:
    """One arrow per event, styled by status; returns the edge ids used, in
    ``g.edges`` order (an event id seen twice gets "#2", "#3"... so that ids
    stay distinct)."""
    shapes = edge_shapes(g)
    used_ids: set[str] = set()
    ordered: list[str] = []
    for u, v, k, attrs in g.edges(keys=True, data=True):
        status = attrs.get("status") or ""
        colour, dashes = STATUS_STYLES.get(status, ("#4a4a4a", [4, 4]))
        edge_id = str(k)
        n = 2
        while edge_id in used_ids:
            edge_id, n = f"{k}#{n}", n + 1
        used_ids.add(edge_id)
        ordered.append(edge_id)
        net.add_edge(
            u,
            v,
            id=edge_id,
            label=edge_label(attrs.get("predicate") or "", status),
            title=_edge_tooltip(g.nodes[u].get("label") or str(u), g.nodes[v].get("label") or str(v), attrs),
            color={"color": colour, "highlight": "#111111", "hover": "#111111"},
            dashes=dashes,
            # Width by sources, absolute (vis-network's value scaling is relative:
            # a graph of one-source events would get mid-width edges).
            width=_edge_width(int(attrs.get("source_count") or 1)),
            **shapes.get((u, v, k), {}),
        )
    return ordered


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
            u, v, id=edge_id, label=one_line(predicate, LABEL_LIMIT), title=html.escape(tip),
            color={"color": "#9a9a9a", "highlight": "#111111", "hover": "#111111"},
            dashes=[2, 3], width=1, hidden=True, relation=True,
        )
    return len(seen)


class _CompiledTemplates(jinja2.BytecodeCache):
    """The templates compiled once per process, in memory: each page has a
    new environment (its own globals), which would compile them all again
    (about 0.1 s a page). A template whose source changed is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        checksum, code = self._code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED = _CompiledTemplates()


def _environment(g: nx.MultiDiGraph, note: str, relation_count: int) -> jinja2.Environment:
    """The template's environment: our template first, then pyvis's (for the
    vis-network files it includes); every {{ }} autoescaped; the header's
    summary, note and legend as globals."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.PackageLoader("graphbuild.render", "templates"), jinja2.FileSystemLoader(_PYVIS_TEMPLATES)]
        ),
        autoescape=True,
        keep_trailing_newline=True,
        bytecode_cache=_COMPILED,
    )
    n_nodes, n_edges = g.number_of_nodes(), g.number_of_edges()
    env.globals.update(
        summary=f"{n_nodes} entit{'y' if n_nodes == 1 else 'ies'}, {n_edges} event{'' if n_edges == 1 else 's'}",
        note=clean_text(note, 1000) if note else "",
        legend_types=[*TYPE_COLOURS.items()],
        relation_count=relation_count,
        legend_statuses=[
            (name, colour, " ".join(map(str, dash)) if dash else "") for name, (colour, dash) in STATUS_STYLES.items()
        ],
    )
    return env


def render_html(kg: KnowledgeGraph, path: str | os.PathLike, *, title: str = "graphbuild", view: View = View()) -> Path:
    """Write the knowledge graph as a self-contained HTML page; returns the path.

    Events without a recipient have no edge in the networkx view and are not
    drawn. The same graph always gives the same bytes. A graph bigger than
    the view's ``max_nodes``/``max_edges``, or a ``view`` with a focus or
    filters (``focus.View``), give the selected part and a note in the page
    saying what was left out.
    """
    selection = select(to_networkx(kg), view)
    # Relations have no date or event type: a filtered page leaves them out.
    relations = [] if view.filters_events else [
        (t.subject_entity, t.object_entity, t.predicate, t.sentence)
        for t in select_triples(kg.triples, kg.rdf_triples) if t.between_entities
    ]
    return render_network(selection.graph, path, title, note=selection.note, relations=relations)
