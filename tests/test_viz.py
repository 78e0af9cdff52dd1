"""The HTML page: draws offline in a real browser, explains every edge, runs no article text.

Browser tests use Debian's Chromium through playwright (see ``browser.py``);
they skip when it is missing, and fail instead under CI.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import pyvis

from browser import embedded, open_page
from graphbuild.graph.assemble import to_networkx
from graphbuild.records import ASSERTED, COUNTRY, IGO, NEGATED, ORGANIZATION, PERSON, PLACE, PLANNED, POSSIBLE, Entity, Event, Evidence, KnowledgeGraph
from graphbuild.render.layout import SPRING_LIMIT, layout
from graphbuild.render.security import external_references
from graphbuild.render.viz import STATUS_STYLES, TYPE_COLOURS, render_html
from graphbuild.safetext import clean_text

SCRIPT_PAYLOAD = "<script>window.__pwned=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=1">'
JS_URL = "javascript:window.__pwned=1"


def _event(kind, actor, recipient, status, predicate, sentence, doc, source, *, mode=None, date=None, start=0):
    return Event(
        kind, actor, recipient, status, predicate, mode=mode, date=date,
        evidence=(Evidence(doc, sentence, start, start + len(sentence), source=source),),
        id=f"evt-{kind}-{doc}-{start}".lower(),
    )


def sample_kg() -> KnowledgeGraph:
    """A small graph: every entity type, every status, parallel and opposite edges."""
    ents = [
        Entity("person/antony-blinken", "Antony Blinken", PERSON, "USA", "Secretary of State"),
        Entity("country/CHN", "China", COUNTRY, "CHN"),
        Entity("country/USA", "United States", COUNTRY, "USA"),
        Entity("igo/un", "United Nations", IGO, "IGO"),
        Entity("org/hamas", "Hamas", ORGANIZATION, "PSE"),
        Entity("place/gaza", "Gaza", PLACE, "PSE"),
    ]
    events = [
        _event("CONSULT", "person/antony-blinken", "country/CHN", ASSERTED, "consults",
               "Blinken met Chinese officials in Beijing on Friday.", "doc-1", "Reuters",
               mode="visit", date="2024-04-26"),
        _event("CONSULT", "person/antony-blinken", "country/CHN", PLANNED, "consults",
               "Blinken will travel to Beijing next week, officials said.", "doc-2", "AP"),
        _event("DEMAND", "country/USA", "country/CHN", ASSERTED, "demands",
               "Washington urged Beijing to stop supplying Moscow's arms industry.", "doc-3", "BBC"),
        _event("ACCUSE", "country/CHN", "country/USA", ASSERTED, "accuses",
               "China accused the US of \"meddling\" & interference.", "doc-3", "BBC", start=80),
        _event("AID", "igo/un", "place/gaza", POSSIBLE, "aids",
               "The UN may send more aid to Gaza.", "doc-4", "Al Jazeera"),
        _event("ASSAULT", "org/hamas", "country/USA", NEGATED, "assaults",
               "Hamas denied it had attacked US forces.", "doc-5", ""),
    ]
    return KnowledgeGraph(entities={e.key: e for e in ents}, events=events)


def hostile_kg() -> KnowledgeGraph:
    """Article text written to break out of the page."""
    evil = Entity("person/evil", SCRIPT_PAYLOAD, PERSON, None, IMG_PAYLOAD)
    quote = Entity('org/" onmouseover="window.__pwned=1', '" onmouseover="window.__pwned=1" x="', ORGANIZATION)
    broken = Entity("place/</script><!--", "</script><!-- ]]> {{ 7*7 }} \u202eevil", PLACE)
    long = Entity("country/LNG", "L" * 10_000, COUNTRY, "<b>X</b>")
    events = [
        _event("ACCUSE", evil.key, quote.key, ASSERTED, "accuses",
               IMG_PAYLOAD + " said so.", "</script><script>window.__pwned=1</script>", JS_URL),
        _event("THREATEN", quote.key, broken.key, PLANNED, '<svg onload="window.__pwned=1">',
               SCRIPT_PAYLOAD + " threatened.", "doc-2", '<a href="' + JS_URL + '">link</a>'),
        _event("CONSULT", broken.key, long.key, ASSERTED, "consults",
               "S" * 10_000, "doc-3", "x" * 10_000),
        _event("CONSULT", long.key, evil.key, NEGATED, "consults",
               "{{ 7*7 }} {% raw %} \u0000\u0007 \ud800 <iframe src=javascript:window.__pwned=1>", "doc-4", JS_URL),
    ]
    return KnowledgeGraph(entities={e.key: e for e in (evil, quote, broken, long)}, events=events)


def page_data(page: str) -> tuple[list[dict], list[dict]]:
    """The node and edge records embedded in a page."""
    nodes = json.loads(re.search(r"var nodeData = (.*?);\n", page).group(1))
    edges = json.loads(re.search(r"var edgeData = (.*?);\n", page).group(1))
    return nodes, edges


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory) -> Path:
    return render_html(sample_kg(), tmp_path_factory.mktemp("viz") / "graph.html", title="Sample graph")


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    return render_html(hostile_kg(), tmp_path_factory.mktemp("viz") / "hostile.html", title=SCRIPT_PAYLOAD)


# --- the file --------------------------------------------------------------------------------


def test_page_is_self_contained(sample_page):
    page = sample_page.read_text("utf-8")
    assert external_references(page) == []
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?\s*(https?:)?//", page, re.I)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "bootstrap" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_same_graph_gives_same_bytes(tmp_path):
    a = render_html(sample_kg(), tmp_path / "a.html")
    b = render_html(sample_kg(), tmp_path / "b.html")
    assert a.read_bytes() == b.read_bytes()


def test_same_bytes_across_processes(tmp_path, sample_page):
    """No dependence on hash seeds or anything else of one process."""
    here = Path(__file__).parent
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from test_viz import sample_kg; from graphbuild.render.viz import render_html;"
        "render_html(sample_kg(), sys.argv[2], title='Sample graph')"
    )
    out = tmp_path / "other.html"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(here), str(out)], check=True, env=env, cwd=here.parent)
    assert out.read_bytes() == sample_page.read_bytes()


def test_nodes_coloured_by_type_with_tooltips(sample_page):
    nodes, _ = page_data(sample_page.read_text("utf-8"))
    kg = sample_kg()
    assert len(set(TYPE_COLOURS.values())) == len(TYPE_COLOURS) == 6
    by_id = {n["id"]: n for n in nodes}
    assert set(by_id) == set(kg.entities)
    for key, ent in kg.entities.items():
        node = by_id[key]
        assert node["label"] == ent.label
        assert node["color"]["background"] == TYPE_COLOURS[ent.type]
        assert f"Type: {ent.type}" in node["title"] and f"Country: {ent.country}" in node["title"]
    assert "Role: Secretary of State" in by_id["person/antony-blinken"]["title"]
    assert isinstance(by_id["country/CHN"]["x"], int)  # laid out before writing


def test_every_edge_labelled_and_explained(sample_page):
    page = sample_page.read_text("utf-8")
    _, edges = page_data(page)
    records = {e["edge"]: e for e in embedded(page, "explorerData")["events"]}
    kg = sample_kg()
    by_id = {e["id"]: e for e in edges}
    assert set(by_id) == {ev.id for ev in kg.events}  # parallel events stay separate edges
    for ev in kg.events:
        edge = by_id[ev.id]
        assert (edge["from"], edge["to"]) == (ev.actor, ev.recipient)
        suffix = "" if ev.status == ASSERTED else f" ({ev.status})"
        assert edge["label"] == ev.predicate + suffix
        assert bool(edge["dashes"]) == (ev.status != ASSERTED)
        assert edge["color"]["color"] == STATUS_STYLES[ev.status][0]
        # The hover text sums the event up; its evidence is the panel's.
        title = edge["title"]
        assert f"{ev.type}, {ev.status}, {ev.date or 'undated'}" in title and "click for the evidence" in title
        record = records[ev.id]
        assert [(r["doc"], r["sentence"], r["source"]) for r in record["reports"]] == [
            (x.doc_id, x.sentence, x.source or "") for x in ev.evidence
        ]
        assert (record["type"], record["status"], record["mode"], record["date"]) == (ev.type, ev.status, ev.mode or "", ev.date or "")
    # "&" and quotes of an article arrive escaped, in the JSON as \\u escapes
    assert '\\"meddling\\" \\u0026 interference' in page
    # parallel edges bend to opposite sides (same direction: CW and CCW; opposite directions:
    # the same turn, which lies on the other side); a lone edge is straight
    pair = [by_id["evt-consult-doc-1-0"]["smooth"], by_id["evt-consult-doc-2-0"]["smooth"]]
    assert all(s["enabled"] and s["roundness"] > 0.1 for s in pair)
    assert {s["type"] for s in pair} == {"curvedCW", "curvedCCW"}
    opposite = [by_id["evt-demand-doc-3-0"]["smooth"], by_id["evt-accuse-doc-3-80"]["smooth"]]
    assert opposite[0]["type"] == opposite[1]["type"] and opposite[0]["roundness"] == opposite[1]["roundness"]
    assert by_id["evt-aid-doc-4-0"]["smooth"] == {"enabled": False}


def test_layout_of_a_large_component_is_spread_and_deterministic():
    """Past SPRING_LIMIT nodes a core gets the spring layout, the rest sit by their hubs."""
    g = nx.MultiDiGraph()
    hubs = [f"country/{i:02d}" for i in range(30)]
    for i, hub in enumerate(hubs):
        g.add_edge(hub, hubs[(i + 1) % len(hubs)], key=f"ring-{i}")
        for j in range(25):  # 780 nodes in one component
            g.add_edge(f"person/{i}-{j}", hub, key=f"e-{i}-{j}")
    g.add_node("place/alone")
    assert g.number_of_nodes() > SPRING_LIMIT
    pos = layout(g)
    assert set(pos) == set(g.nodes) and pos == layout(g)
    assert len(set(pos.values())) == len(pos)  # no two nodes on the same spot
    assert all(isinstance(c, int) for xy in pos.values() for c in xy)


def test_events_without_recipient_are_not_edges(tmp_path):
    kg = sample_kg()
    kg.events.append(_event("DISAPPROVE", "country/CHN", None, ASSERTED, "disapproves", "China objected.", "d", "X"))
    _, edges = page_data(render_html(kg, tmp_path / "g.html").read_text("utf-8"))
    assert len(edges) == len(kg.events) - 1


def test_hostile_text_stays_inert_in_the_file(hostile_page):
    page = hostile_page.read_text("utf-8")
    assert external_references(page) == []
    # The only tags are the template's: payloads are inside JSON with "<" escaped.
    assert "<img" not in page.lower() and "<iframe" not in page.lower() and "<svg onload" not in page.lower()
    vis_js = (Path(pyvis.__file__).parent / "templates/lib/vis-9.1.2/vis-network.min.js").read_text("utf-8")
    assert page.count("<script") == 2 + vis_js.count("<script")  # vis-network has one inside a string
    assert page.count("</script>") == 2
    assert 'onmouseover="' not in page  # only as onmouseover=\" inside a JSON string
    assert "{{" not in page.split("var nodeData")[0]
    assert "<title>&lt;script&gt;window.__pwned=1&lt;/script&gt;</title>" in page
    nodes, edges = page_data(page)
    long = next(n for n in nodes if n["id"] == "country/LNG")
    assert len(long["label"]) <= 40 and len(long["title"]) < 2_000
    assert all(len(e["title"]) < 5_000 for e in edges)
    for item in nodes + edges:  # tooltips are escaped text: no "<" survives
        assert "<" not in item["title"] and ">" not in item["title"]
    # The panel's data carries the payloads as they were, inside JSON ("<" as \\u003c).
    reports = {e["edge"]: e["reports"][0] for e in embedded(page, "explorerData")["events"]}
    accuse = reports[hostile_kg().events[0].id]
    assert accuse["sentence"].startswith(IMG_PAYLOAD) and accuse["source"] == JS_URL and accuse["link"] == ""
    assert "{{ 7*7 }}" in reports[hostile_kg().events[3].id]["sentence"]
    assert all(len(r["sentence"]) <= 2_000 and len(r["source"]) <= 300 for r in reports.values())
    assert "\u202e" not in page and "\x00" not in page


# --- in the browser --------------------------------------------------------------------------

_DOM_STATE = """() => ({
  scripts: Array.from(document.scripts).map(s => s.src || "inline"),
  imgs: document.querySelectorAll("img, iframe, object, embed, svg script, a[href^='javascript']").length,
  handlers: Array.from(document.querySelectorAll("*")).filter(el =>
      Array.from(el.attributes).some(a => a.name.startsWith("on"))).length,
  pwned: window.__pwned !== undefined,
})"""

_PANEL_STATE = """() => {
  const body = document.getElementById("gb-panel-body");
  return { text: body.textContent, tags: Array.from(body.querySelectorAll("*")).map(e => e.tagName) };
}"""

_EDGE_POINT = """(id) => {
  const net = window.graphbuild.network;
  return net.canvasToDOM(net.body.edges[id].edgeType.getPoint(0.5));
}"""

_NODE_POINT = """(id) => window.graphbuild.network.canvasToDOM(window.graphbuild.network.getPositions([id])[id])"""


def _hover(page, point) -> dict:
    """Move the mouse over a canvas point; the tooltip's state after it shows."""
    box = page.pw.locator("#mynetwork").bounding_box()
    page.pw.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    assert page.wait_until(
        "() => { const t = document.querySelector('div.vis-tooltip'); return t && t.style.visibility === 'visible'; }",
        timeout_ms=3000,
    ), f"no tooltip at {point}"
    return page.pw.evaluate(
        """() => { const t = document.querySelector('div.vis-tooltip');
                   return {text: t.innerText, elements: Array.from(t.querySelectorAll('*')).map(e => e.tagName)}; }"""
    )


def test_page_draws_offline_without_errors(chromium, sample_page, tmp_path):
    with open_page(sample_page, browser_=chromium) as page:
        report = page.report(screenshot=tmp_path / "viz.png")
    assert report.canvas_count == 1 and report.canvas_nonblank, report
    assert report.console_errors == [], report
    assert report.external_requests == [], report
    assert all(u.startswith("file:") for u in report.requests), report.requests
    assert not report.pwned
    assert report.screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_legend_is_visible(chromium, sample_page):
    with open_page(sample_page, browser_=chromium) as page:
        legend = page.pw.locator("#gb-legend")
        assert legend.is_visible()
        text = legend.inner_text()
        for name in (*TYPE_COLOURS, *STATUS_STYLES):
            assert name in text
        swatches = page.pw.eval_on_selector_all(
            "#gb-legend .gb-dot", "els => els.map(e => getComputedStyle(e).backgroundColor)"
        )
        assert len(set(swatches)) == len(TYPE_COLOURS)
        dashed = page.pw.eval_on_selector_all("#gb-legend line", "els => els.map(e => e.getAttribute('stroke-dasharray'))")
        assert dashed[0] is None and all(dashed[1:]) and len(set(dashed)) == 4


def test_nodes_drawn_in_their_type_colour(chromium, sample_page):
    kg = sample_kg()
    with open_page(sample_page, browser_=chromium) as page:
        assert page.wait_drawn()
        for key, ent in kg.entities.items():
            rgb = page.pw.evaluate(
                """(id) => {
                  const net = window.graphbuild.network, c = document.querySelector('#mynetwork canvas');
                  const p = net.canvasToDOM(net.getPositions([id])[id]), r = window.devicePixelRatio;
                  return Array.from(c.getContext('2d').getImageData(Math.round(p.x * r), Math.round(p.y * r), 1, 1).data);
                }""",
                key,
            )
            want = [int(TYPE_COLOURS[ent.type][i : i + 2], 16) for i in (1, 3, 5)]
            assert all(abs(a - b) <= 3 for a, b in zip(rgb[:3], want)), (key, rgb, want)


def test_edge_tooltip_sums_the_event_up_as_text(chromium, sample_page):
    kg = sample_kg()
    ev = next(e for e in kg.events if e.type == "ACCUSE")
    with open_page(sample_page, browser_=chromium) as page:
        assert page.wait_drawn()
        tip = _hover(page, page.pw.evaluate(_EDGE_POINT, ev.id))
        assert "China \u2192 accuses \u2192 United States" in tip["text"]  # unescaped for the reader
        assert "ACCUSE, asserted, undated" in tip["text"] and "click for the evidence" in tip["text"]
        assert tip["elements"] == ["DIV"]
        titles = page.pw.evaluate(
            "() => window.graphbuild.edges.get().map(e => [e.id, e.title.textContent])"
        )
    assert {i for i, _ in titles} == {e.id for e in kg.events}
    for edge_id, text in titles:
        ev = next(e for e in kg.events if e.id == edge_id)
        assert f"{ev.type}, {ev.status}" in text and ev.predicate in text


def test_focus_menu_lists_entities(chromium, sample_page):
    with open_page(sample_page, browser_=chromium) as page:
        options = page.pw.eval_on_selector_all("#gb-focus option", "els => els.map(e => e.textContent)")
        assert sorted(options[1:]) == sorted(e.label for e in sample_kg().entities.values())
        page.pw.select_option("#gb-focus", "country/CHN")
        assert page.pw.evaluate("() => window.graphbuild.network.getSelectedNodes()") == ["country/CHN"]
        assert page.report().console_errors == []


def test_hostile_text_does_not_run(chromium, hostile_page, tmp_path):
    kg = hostile_kg()
    with open_page(hostile_page, browser_=chromium) as page:
        report = page.report(screenshot=tmp_path / "hostile.png")
        assert report.canvas_nonblank and report.console_errors == [] and report.external_requests == [], report
        dom = page.pw.evaluate(_DOM_STATE)
        assert dom["scripts"] == ["inline", "inline"]  # vis-network and the page's own; nothing else
        assert dom["imgs"] == 0 and dom["handlers"] == 0 and not dom["pwned"]
        assert page.pw.locator("h1").inner_text() == SCRIPT_PAYLOAD  # the title shows as text
        # Hover every edge and every node: tooltips show the payloads as text.
        for ev in kg.events:
            tip = _hover(page, page.pw.evaluate(_EDGE_POINT, ev.id))
            assert tip["elements"] == ["DIV"], tip
            page.pw.mouse.move(1, 1)
        for key in kg.entities:
            tip = _hover(page, page.pw.evaluate(_NODE_POINT, key))
            assert tip["elements"] == ["DIV"], tip
            page.pw.mouse.move(1, 1)
        # Open the evidence panel of every event and entity: payloads show as text.
        for ev in kg.events:
            assert page.pw.evaluate("(id) => window.graphbuild.explorer.showEdge(id)", ev.id)
            panel = page.pw.evaluate(_PANEL_STATE)
            assert clean_text(ev.evidence[0].sentence, 2000) in panel["text"]  # controls blanked, long ones cut
            assert set(panel["tags"]) <= {"H2", "DIV", "SPAN", "OL", "LI", "BLOCKQUOTE", "MARK"}, panel
        for key in kg.entities:
            assert page.pw.evaluate("(id) => window.graphbuild.explorer.showNode(id)", key)
            assert set(page.pw.evaluate(_PANEL_STATE)["tags"]) <= {"H2", "DIV", "SPAN", "OL", "LI", "BLOCKQUOTE", "MARK"}
        assert page.pw.evaluate("(id) => window.graphbuild.explorer.showEdge(id)", kg.events[0].id)
        assert IMG_PAYLOAD in page.pw.evaluate(_PANEL_STATE)["text"]
        after = page.pw.evaluate(_DOM_STATE)
        assert after["imgs"] == 0 and after["handlers"] == 0 and not after["pwned"]
        assert page.report().dialogs == [] and page.console_errors == []


def test_empty_graph_renders(chromium, tmp_path):
    path = render_html(KnowledgeGraph(), tmp_path / "empty.html")
    with open_page(path, browser_=chromium) as page:
        report = page.report(wait_ms=300)
    assert report.console_errors == [] and report.external_requests == []


def test_networkx_view_is_the_input(tmp_path):
    """render_html is render_network over to_networkx: same page either way."""
    from graphbuild.render.viz import render_network

    kg = sample_kg()
    a = render_html(kg, tmp_path / "a.html", title="t")
    b = render_network(to_networkx(kg), tmp_path / "b.html", "t")
    assert a.read_bytes() == b.read_bytes()
