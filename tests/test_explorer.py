"""The page as an analyst's explorer: filters, evidence panel, sizes and
labels that stay readable, components laid out apart, a timeline to brush.

Browser tests drive Debian's Chromium through playwright (``browser.py``),
with real mouse clicks and drags on the page; the page's documented hook
``window.graphbuild.explorer`` (``counts``, ``showNode``, ``showEdge``) is
used to read counts and, for the hostile page, to open every panel.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from benchmarks.corpus import synthetic_graph
from browser import embedded, open_page
from graphbuild.records import ASSERTED, COUNTRY, NEGATED, PERSON, PLANNED, POSSIBLE, Entity, Event, Evidence, KnowledgeGraph
from graphbuild.render.explorer_data import QUAD_COLOURS, iso_day, link_url, trigger_marks
from graphbuild.render.layout import BLOCK_GAP, layout
from graphbuild.render.viz import EDGE_LABEL_SCALING, LABEL_SCALING, render_html

ROOT = Path(__file__).resolve().parent.parent
HTTPS = "https://news.example/2024/05/01/talks?id=1&x=2"


def _ev(kind, actor, recipient, status, day, *reports, location=None, eid=None):
    return Event(kind, actor, recipient, status, f"{kind.lower()}s", date=day, location=location,
                 evidence=tuple(reports), id=eid or f"evt-{kind.lower()}")


def _x(doc, sentence, trigger="", url=None, source="Wire"):
    return Evidence(doc, sentence, 0, len(sentence), trigger=trigger, source=source, url=url,
                    published="2024-05-01", attribution="the ministry")


def explorer_kg() -> KnowledgeGraph:
    """Five entities (one without events), five events over five days and one undated."""
    ents = [
        Entity("country/AAA", "Aland", COUNTRY, "AAA", aliases=("Atlantis", "the Republic")),
        Entity("country/BBB", "Bland", COUNTRY, "BBB"),
        Entity("person/cee", "Cee Dee", PERSON, "BBB", "Foreign Minister"),
        Entity("country/DDD", "Dland", COUNTRY, "DDD"),
        Entity("country/EEE", "Eland", COUNTRY, "EEE"),
        Entity("place/port", "Port Town", "Place", "AAA"),
    ]
    events = [
        _ev("CONSULT", "country/AAA", "country/BBB", ASSERTED, "2024-05-01",
            _x("d1", "Aland's envoy met Bland's minister.", "met", HTTPS),
            _x("d2", "The two met again on Wednesday.", "met", "http://other.example/a"), location="place/port"),
        _ev("ACCUSE", "country/BBB", "person/cee", ASSERTED, "2024-05-03", _x("d3", "Bland accused Cee Dee of lying.", "accused")),
        _ev("ASSAULT", "person/cee", "country/DDD", NEGATED, "2024-05-05", _x("d4", "Cee Dee denied attacking Dland.", "attacking")),
        _ev("AID", "country/AAA", "country/DDD", PLANNED, "2024-05-05", _x("d5", "Aland will send aid to Dland.", "send")),
        _ev("REQUEST", "country/DDD", "country/AAA", POSSIBLE, None,
            _x("d6", "Dland may ask Aland for help.", "ask", "javascript:window.__pwned=1")),
    ]
    return KnowledgeGraph(entities={e.key: e for e in ents}, events=events)


@pytest.fixture(scope="module")
def explorer_page(tmp_path_factory) -> Path:
    return render_html(explorer_kg(), tmp_path_factory.mktemp("explorer") / "explorer.html", title="Explorer")


# --- the data --------------------------------------------------------------------------------


def test_trigger_words_are_found_as_words_and_only_web_urls_link():
    assert trigger_marks("The metal men met.", "met") == [[14, 17]]  # a word, not part of "metal"
    assert trigger_marks("They HELD long talks.", "held \u2026 talks") == [[5, 9], [15, 20]]
    assert trigger_marks("Nothing here.", "struck") == []
    assert trigger_marks("talks held", "held \u2026 talks") == [[6, 10]]  # the noun after the verb only
    assert link_url(HTTPS) == HTTPS and link_url("HTTP://x.example") == "HTTP://x.example"
    for bad in ("javascript:alert(1)", "data:text/html,<b>", "ftp://x.example/f", "https:///nohost",
                "https://x.example/a b", 'https://x.example/"onmouseover=1', "//x.example", "", None):
        assert link_url(bad) == "", bad
    assert (iso_day("2024-05-06"), iso_day("2024-05-06T10:00"), iso_day("2024-13-01"), iso_day("May 6")) == ("2024-05-06", "2024-05-06", "", "")


def test_the_page_embeds_what_the_panel_and_filters_need(explorer_page):
    data = embedded(explorer_page.read_text("utf-8"), "explorerData")
    assert data["types"] == [["CONSULT", "verbal cooperation"], ["AID", "material cooperation"],
                             ["REQUEST", "verbal conflict"], ["ACCUSE", "verbal conflict"], ["ASSAULT", "material conflict"]]
    assert data["statuses"] == ["asserted", "planned", "possible", "negated"]
    assert data["range"] == ["2024-05-01", "2024-05-05"]
    assert [q for q, _ in data["quads"]][:4] == list(QUAD_COLOURS)
    consult = next(e for e in data["events"] if e["edge"] == "evt-consult")
    assert (consult["from"], consult["to"], consult["quad"], consult["location"], consult["sources"]) == (
        "country/AAA", "country/BBB", "verbal cooperation", "Port Town", 2)
    first = consult["reports"][0]
    assert first["sentence"][slice(*first["marks"][0])] == "met"
    assert (first["link"], first["source"], first["published"], first["attribution"]) == (HTTPS, "Wire", "2024-05-01", "the ministry")
    request = next(e for e in data["events"] if e["edge"] == "evt-request")
    assert request["day"] == "" and request["reports"][0]["link"] == "" and request["reports"][0]["url"].startswith("javascript:")
    aland = next(e for e in data["entities"] if e["id"] == "country/AAA")
    assert aland["aliases"] == ["Atlantis", "the Republic"]


def test_nodes_sized_by_events_edges_by_sources_labels_scaled(explorer_page):
    page = explorer_page.read_text("utf-8")
    nodes, edges = embedded(page, "nodeData"), embedded(page, "edgeData")
    value = {n["id"]: n["value"] for n in nodes}
    assert value == {"country/AAA": 3, "country/BBB": 2, "person/cee": 2, "country/DDD": 3, "country/EEE": 0, "place/port": 0}
    width = {e["id"]: e["width"] for e in edges}
    assert width.pop("evt-consult") > max(width.values()) == min(width.values())  # two sources, the others one
    options = json.loads(re.search(r"var options = (.*?);\n", page).group(1))
    assert options["nodes"]["scaling"]["label"] == LABEL_SCALING and LABEL_SCALING["enabled"]
    assert options["edges"]["scaling"]["label"] == EDGE_LABEL_SCALING and LABEL_SCALING["max"] > LABEL_SCALING["min"]


def test_components_are_laid_out_apart_and_the_same_each_time():
    g = nx.MultiDiGraph()
    for c in range(6):  # six components of different sizes, and a few lone nodes
        members = [f"c{c}/n{i}" for i in range(2 + 3 * c)]
        for i, m in enumerate(members[1:]):
            g.add_edge(members[(i * 7) % (i + 1)], m, key=f"e{c}-{i}")
    g.add_nodes_from(["lone/1", "lone/2"])
    pos = layout(g)
    assert pos == layout(g)
    boxes = []
    for comp in nx.weakly_connected_components(g):
        xs, ys = [pos[n][0] for n in comp], [pos[n][1] for n in comp]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    gap = BLOCK_GAP - 2  # rounding to whole pixels
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1]
            assert apart, (a, b)


# --- in the browser --------------------------------------------------------------------------

_VISIBLE = """() => ({
  edges: window.graphbuild.edges.get({ filter: e => !e.hidden }).map(e => e.id).sort(),
  nodes: window.graphbuild.nodes.get({ filter: n => !n.hidden }).map(n => n.id).sort(),
  drawn: Object.values(window.graphbuild.network.body.edges).filter(e => !e.options.hidden).length,
  counts: document.getElementById('gb-counts').textContent,
})"""

_PANEL = """() => {
  const p = document.getElementById('gb-panel'), b = document.getElementById('gb-panel-body');
  return { open: !p.hidden && p.getBoundingClientRect().width > 100, text: b.innerText,
           marks: Array.from(b.querySelectorAll('mark')).map(m => m.textContent),
           links: Array.from(b.querySelectorAll('a')).map(a => [a.getAttribute('href'), a.rel, a.textContent]),
           tags: Array.from(new Set(Array.from(b.querySelectorAll('*')).map(e => e.tagName))).sort() };
}"""


def _visible(page) -> dict:
    return page.pw.evaluate(_VISIBLE)


def click_node(page, node_id: str) -> None:
    """Bring a node to the middle of the graph and click it with the mouse."""
    page.pw.evaluate("(id) => window.graphbuild.network.focus(id, { scale: 1.2, animation: false })", node_id)
    point = page.pw.evaluate(
        "(id) => window.graphbuild.network.canvasToDOM(window.graphbuild.network.getPositions([id])[id])", node_id)
    box = page.pw.locator("#mynetwork").bounding_box()
    page.pw.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def click_edge(page, edge_id: str) -> None:
    """Bring an edge's middle to the middle of the graph and click it with the mouse."""
    point = page.pw.evaluate(
        """(id) => { const net = window.graphbuild.network, mid = net.body.edges[id].edgeType.getPoint(0.5);
                     net.moveTo({ position: mid, scale: 1.2, animation: false }); return net.canvasToDOM(mid); }""", edge_id)
    box = page.pw.locator("#mynetwork").bounding_box()
    page.pw.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_filters_change_what_is_drawn(chromium, explorer_page):
    with open_page(explorer_page, browser_=chromium) as page:
        assert page.wait_drawn()
        start = _visible(page)
        # Isolated entities are hidden at first; the toggle shows them.
        assert start["nodes"] == ["country/AAA", "country/BBB", "country/DDD", "person/cee"] and start["drawn"] == 5
        assert start["counts"] == "4 of 6 entities, 5 of 5 events"
        page.pw.uncheck("#gb-isolated")
        assert len(_visible(page)["nodes"]) == 6
        page.pw.check("#gb-isolated")
        # Event type, quad class, status, sources, dates, undated, search.
        page.pw.uncheck("input[name=gb-type][value=ACCUSE]")
        after = _visible(page)
        assert "evt-accuse" not in after["edges"] and after["drawn"] == 4 and after["counts"] == "4 of 6 entities, 4 of 5 events"
        page.pw.uncheck("input[name=gb-quad][value='material conflict']")
        assert "evt-assault" not in _visible(page)["edges"]
        assert _visible(page)["nodes"] == ["country/AAA", "country/BBB", "country/DDD"]  # Cee Dee lost both events
        page.pw.click("#gb-reset")
        assert _visible(page)["drawn"] == 5
        page.pw.uncheck("input[name=gb-status][value=planned]")
        assert "evt-aid" not in _visible(page)["edges"]
        page.pw.click("#gb-reset")
        page.pw.fill("#gb-min-sources", "2")
        assert _visible(page)["edges"] == ["evt-consult"]
        page.pw.click("#gb-reset")
        page.pw.fill("#gb-from", "2024-05-02")
        page.pw.fill("#gb-to", "2024-05-04")
        assert _visible(page)["edges"] == ["evt-accuse", "evt-request"]  # undated ones stay unless unticked
        page.pw.uncheck("#gb-undated")
        assert _visible(page)["edges"] == ["evt-accuse"]
        page.pw.click("#gb-reset")
        page.pw.fill("#gb-search", "atlantis")  # an alias of Aland
        shown = _visible(page)
        assert shown["edges"] == ["evt-aid", "evt-consult", "evt-request"] and "person/cee" not in shown["nodes"]
        page.pw.fill("#gb-search", "")
        assert _visible(page)["drawn"] == 5
        # The focus menu shows an entity the filters hid.
        page.pw.select_option("#gb-focus", "country/EEE")
        assert "country/EEE" in _visible(page)["nodes"]
        assert page.pw.evaluate("() => window.graphbuild.network.getSelectedNodes()") == ["country/EEE"]
        assert page.console_errors == []


def test_clicking_opens_the_evidence_panel(chromium, explorer_page):
    with open_page(explorer_page, browser_=chromium) as page:
        assert page.wait_drawn()
        assert page.pw.evaluate(_PANEL)["open"] is False
        click_edge(page, "evt-consult")
        panel = page.pw.evaluate(_PANEL)
        assert panel["open"], panel
        for shown in ("Aland \u2192 consults \u2192 Bland", "CONSULT (verbal cooperation)", "asserted", "2024-05-01",
                      "in Port Town", "2 sources", "Aland's envoy met Bland's minister.", "The two met again on Wednesday.",
                      "Wire \u00b7 d1 \u00b7 2024-05-01 \u2014 according to the ministry"):
            assert shown in panel["text"], (shown, panel["text"])
        assert panel["marks"] == ["met", "met"]
        assert panel["links"] == [[HTTPS, "noopener noreferrer", HTTPS], ["http://other.example/a", "noopener noreferrer", "http://other.example/a"]]
        # A URL that is no web link is shown as text, not as a link.
        click_edge(page, "evt-request")
        panel = page.pw.evaluate(_PANEL)
        assert panel["links"] == [] and "URL (not a web link): javascript:window.__pwned=1" in panel["text"]
        assert panel["marks"] == ["ask"] and "undated" in panel["text"]
        # A node: its facts, aliases and events, by date.
        click_node(page, "country/AAA")
        panel = page.pw.evaluate(_PANEL)
        assert panel["text"].split("\n")[0] == "Aland"
        assert "also: Atlantis; the Republic" in panel["text"] and "3 events shown" in panel["text"]
        order = [panel["text"].index(s) for s in ("consults", "aids", "requests")]
        assert order == sorted(order)
        # Filters narrow the node's list and say so.
        page.pw.uncheck("input[name=gb-type][value=AID]")
        click_node(page, "country/AAA")
        panel = page.pw.evaluate(_PANEL)
        assert "2 events shown" in panel["text"] and "1 more events hidden by the filters" in panel["text"]
        page.pw.click("#gb-panel-close")
        assert page.pw.evaluate(_PANEL)["open"] is False
        assert page.console_errors == [] and not page.report(wait_ms=0).pwned


def test_labels_of_small_nodes_hide_when_zoomed_out(chromium, explorer_page):
    visible = """(scale) => { const net = window.graphbuild.network;
      net.moveTo({ scale: scale, animation: false });
      return ['country/AAA', 'country/BBB'].map(id => net.body.nodes[id].labelModule.visible()); }"""
    with open_page(explorer_page, browser_=chromium) as page:
        assert page.wait_drawn()
        assert page.pw.evaluate(visible, 1.5) == [True, True]
        # Zoomed out, the smaller node's label goes and the bigger node's stays (vis-network's
        # defaults, 15 px labels whatever the size, would hide both at this zoom).
        assert page.pw.evaluate(visible, 0.13) == [True, False]
        assert page.pw.evaluate(visible, 0.1) == [False, False]


def test_timeline_counts_days_by_quad_class_and_brushing_sets_dates(chromium, explorer_page):
    bars = """() => Array.from(document.querySelectorAll('#gb-timeline rect.gb-bar')).map(r =>
        [r.dataset.day, r.dataset.quad, Number(r.dataset.count), r.getAttribute('fill')])"""
    with open_page(explorer_page, browser_=chromium) as page:
        assert page.wait_drawn()
        assert sorted(page.pw.evaluate(bars)) == sorted([
            ["2024-05-01", "verbal cooperation", 1, QUAD_COLOURS["verbal cooperation"]],
            ["2024-05-03", "verbal conflict", 1, QUAD_COLOURS["verbal conflict"]],
            ["2024-05-05", "material conflict", 1, QUAD_COLOURS["material conflict"]],
            ["2024-05-05", "material cooperation", 1, QUAD_COLOURS["material cooperation"]],
        ])
        # Drag from the bar of 3 May to the bars of 5 May: the dates follow, and the graph.
        centre = """(day) => { const r = document.querySelector('#gb-timeline rect.gb-bar[data-day="' + day + '"]').getBoundingClientRect();
                               return [r.x + r.width / 2, r.y + r.height / 2]; }"""
        x0, y0 = page.pw.evaluate(centre, "2024-05-03")
        x1, _ = page.pw.evaluate(centre, "2024-05-05")
        page.pw.mouse.move(x0, y0)
        page.pw.mouse.down()
        page.pw.mouse.move((x0 + x1) / 2, y0)
        page.pw.mouse.move(x1, y0)
        page.pw.mouse.up()
        assert page.pw.input_value("#gb-from") == "2024-05-03" and page.pw.input_value("#gb-to") == "2024-05-05"
        assert _visible(page)["edges"] == ["evt-accuse", "evt-aid", "evt-assault", "evt-request"]
        # Other filters change the bars; the dates do not.
        page.pw.uncheck("input[name=gb-status][value=negated]")
        assert ["2024-05-05", "material conflict"] not in [b[:2] for b in page.pw.evaluate(bars)]
        assert len(page.pw.evaluate(bars)) == 3
        assert page.console_errors == []


def test_hostile_payloads_in_the_panel_stay_text(chromium, tmp_path):
    from test_viz import IMG_PAYLOAD, SCRIPT_PAYLOAD, hostile_kg

    kg = hostile_kg()
    path = render_html(kg, tmp_path / "hostile.html", title=SCRIPT_PAYLOAD)
    with open_page(path, browser_=chromium) as page:
        assert page.wait_drawn()
        for ev in kg.events:
            click_edge(page, ev.id)
            panel = page.pw.evaluate(_PANEL)
            assert panel["open"] and panel["links"] == [], panel
            assert set(panel["tags"]) <= {"H2", "DIV", "SPAN", "OL", "LI", "BLOCKQUOTE", "MARK"}, panel["tags"]
        click_edge(page, kg.events[0].id)
        assert IMG_PAYLOAD in page.pw.evaluate(_PANEL)["text"]
        page.pw.fill("#gb-search", "<script>")  # the label of an entity, searched as text
        assert "person/evil" in _visible(page)["nodes"]
        report = page.report(wait_ms=0)
        assert not report.pwned and report.dialogs == [] and page.console_errors == [] and report.external_requests == []


def test_a_graph_of_1500_entities_explores(chromium, tmp_path):
    kg = synthetic_graph(1500, 4000)
    path = render_html(kg, tmp_path / "big.html", title="1,500 entities")
    edges = embedded(path.read_text("utf-8"), "explorerData")["events"]
    with open_page(path, browser_=chromium) as page:
        report = page.report(wait_ms=20_000)
        assert report.canvas_nonblank and report.console_errors == [] and report.external_requests == [], report
        before = _visible(page)
        assert before["drawn"] == len(edges) == 4000
        page.pw.uncheck("input[name=gb-type][value=ACCUSE]")
        after = _visible(page)
        assert after["drawn"] == sum(1 for e in edges if e["type"] != "ACCUSE") < before["drawn"]
        hub = "person/p000000"
        click_node(page, hub)
        panel = page.pw.evaluate(_PANEL)
        assert panel["open"] and panel["text"].split("\n")[0] == "Person 0", panel["text"][:200]
        page.pw.screenshot(path=str(tmp_path / "big.png"))
        assert page.console_errors == [] and page.report(wait_ms=0).external_requests == []


def test_the_example_graph_explores_and_the_readme_picture_is_taken(chromium, tmp_path, nlp):
    """The README's picture: a filter applied (fewer edges drawn), a click on the busiest
    entity opens its evidence with the example articles' sentences and links."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import screenshot
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    html = screenshot.build_example(tmp_path)
    data = embedded(html.read_text("utf-8"), "explorerData")
    conflict = sum(1 for e in data["events"] if e["quad"] == screenshot.FILTERED_QUAD)
    with open_page(html, browser_=chromium, viewport=(1280, 800)) as page:
        result = screenshot.explore(page)
        report = page.report(screenshot=tmp_path / "examples.png", wait_ms=0)
        shown_nodes = page.pw.evaluate(_VISIBLE)["nodes"]
    assert conflict > 0 and result["edges_after"] == result["edges_before"] - conflict
    assert result["clicked"] == "Rafael Moreira" and result["panel_open"], result
    assert "Moreira spoke by phone with Tuggar on Saturday to prepare the visit." in result["panel_text"]
    assert "https://news.example/harbor/2024/05/06/brazil-nigeria-visit" in result["panel_text"]
    assert len(shown_nodes) < len(data["entities"])  # the isolated ones are hidden
    assert report.canvas_nonblank and report.console_errors == [] and report.external_requests == [], report
