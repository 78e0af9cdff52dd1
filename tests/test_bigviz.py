"""Big graphs in the browser: focus, hops, date and type filters, node and
edge caps, and a visible note saying what was left out."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from benchmarks.corpus import synthetic_graph
from browser import open_page, require_browser
from graphbuild.cli.app import app
from graphbuild.render.focus import DEFAULT_MAX_NODES, View, find_nodes, parse_types, select
from graphbuild.graph.assemble import to_networkx
from graphbuild.render.viz import render_html, render_network

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

runner = CliRunner()


def page_data(page: str) -> tuple[list[dict], list[dict]]:
    nodes = json.loads(re.search(r"var nodeData = (.*?);\n", page).group(1))
    edges = json.loads(re.search(r"var edgeData = (.*?);\n", page).group(1))
    return nodes, edges


@pytest.fixture(scope="module")
def big():
    return to_networkx(synthetic_graph(4000, 16000))


def test_a_big_graph_is_cut_to_the_most_connected(big):
    sel = select(big)
    g = sel.graph
    assert g.number_of_nodes() == DEFAULT_MAX_NODES and g.number_of_edges() <= 5000
    assert sel.total_nodes == 4000 and sel.total_edges == 16000
    kept_min = min(big.degree(n) for n in g.nodes)
    dropped_max = max(big.degree(n) for n in big.nodes if n not in g)
    assert kept_min >= dropped_max  # none left out is better connected than one kept
    assert sel.note.startswith("Showing 2,000 of 4,000 entities and ")
    assert "the 2,000 most connected entities" in sel.note
    # The same graph gives the same selection.
    again = select(big)
    assert list(again.graph.nodes) == list(g.nodes) and list(again.graph.edges(keys=True)) == list(g.edges(keys=True))


def test_focus_keeps_the_neighbourhood(big):
    centre = "person/p000010"
    sel = select(big, View(focus="PERSON 10", hops=1, max_nodes=None))
    neighbours = {centre, *big.successors(centre), *big.predecessors(centre)}
    assert set(sel.graph.nodes) == neighbours
    assert "within 1 hop of Person 10" in sel.note
    two = select(big, View(focus=centre, hops=2, max_nodes=50))
    assert centre in two.graph and two.graph.number_of_nodes() == 50
    # Nearer nodes go first: every first-ring neighbour is kept before any second-ring one.
    ring1 = neighbours - {centre}
    if len(ring1) < 49:
        assert ring1 <= set(two.graph.nodes)
    zero = select(big, View(focus=centre, hops=0))
    assert list(zero.graph.nodes) == [centre]
    with pytest.raises(ValueError, match="no entity"):
        select(big, View(focus="Nobody At All"))


def test_dates_and_types_filter_events(big):
    sel = select(big, View(since="2024-03-01", until="2024-03-31", types=["consult"], max_nodes=None, max_edges=None))
    dates = {d["date"] for _, _, d in sel.graph.edges(data=True)}
    kinds = {d["event_type"] for _, _, d in sel.graph.edges(data=True)}
    assert dates and min(dates) >= "2024-03-01" and max(dates) <= "2024-03-31" and kinds == {"CONSULT"}
    assert all(sel.graph.degree(n) > 0 for n in sel.graph.nodes)  # no entity left without events
    expected = sum(1 for _, _, d in big.edges(data=True) if "2024-03-01" <= d["date"] <= "2024-03-31" and d["event_type"] == "CONSULT")
    assert sel.graph.number_of_edges() == expected
    assert "events dated 2024-03-01 to 2024-03-31" in sel.note and "events of type CONSULT" in sel.note
    countries = select(big, View(types=["Country"], max_nodes=None, max_edges=None))
    assert {t for _, t in countries.graph.nodes(data="type")} == {"Country"}
    with pytest.raises(ValueError, match="unknown type"):
        parse_types(["meeting"])
    assert parse_types(["consult,Accuse", "person"]) == ({"CONSULT", "ACCUSE"}, {"Person"})


def test_edge_cap_keeps_the_most_reported():
    g = nx.MultiDiGraph()
    g.add_node("a", label="A", type="Country")
    g.add_node("b", label="B", type="Country")
    for i in range(10):
        g.add_edge("a", "b", key=f"e{i}", event_type="CONSULT", date="", source_count=i)
    sel = select(g, View(max_edges=3))
    assert sorted(k for _, _, k in sel.graph.edges(keys=True)) == ["e7", "e8", "e9"]
    assert "the 3 most reported events" in sel.note


def test_small_graph_unchanged_and_no_note(tmp_path):
    g = to_networkx(synthetic_graph(30, 40))
    sel = select(g)
    assert sel.graph is g and sel.note == ""
    page = render_network(g, tmp_path / "p.html").read_text("utf-8")
    assert 'id="gb-note"' not in page


def test_page_of_a_big_graph_stays_small_and_says_so(tmp_path):
    kg = synthetic_graph(4000, 16000)
    path = render_html(kg, tmp_path / "big.html", title="big")
    page = path.read_text("utf-8")
    nodes, edges = page_data(page)
    assert len(nodes) == 2000 and len(edges) <= 5000
    note = re.search(r'<span class="gb-note" id="gb-note">(.*?)</span>', page).group(1)
    assert html.unescape(note).startswith("Showing 2,000 of 4,000 entities")


def test_note_is_visible_in_the_browser(tmp_path):
    require_browser()
    kg = synthetic_graph(2500, 6000)
    path = render_html(kg, tmp_path / "big.html", view=View(max_nodes=300))
    with open_page(path) as page:
        report = page.report(tmp_path / "big.png")
        text = page.pw.evaluate("() => { const n = document.getElementById('gb-note'); const r = n.getBoundingClientRect(); return [n.innerText, r.width > 0 && r.height > 0 && r.bottom <= window.innerHeight] }")
    assert text[0].startswith("Showing 300 of 2,500 entities") and text[1]
    assert report.canvas_nonblank and not report.console_errors and not report.external_requests


def test_cli_viz_options(tmp_path, nlp):
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(EXAMPLES / "articles.jsonl"), "--out", str(out)]).exit_code == 0
    page = tmp_path / "focus.html"
    result = runner.invoke(app, ["viz", str(out / "graph.ttl"), "--focus", "rafael moreira", "--hops", "1", "--out", str(page)])
    assert result.exit_code == 0, result.output
    nodes, _ = page_data(page.read_text("utf-8"))
    labels = {n["label"] for n in nodes}
    assert "Rafael Moreira" in labels and "Nigeria" in labels and "Sudan" not in labels
    assert "within 1 hop of Rafael Moreira" in result.output
    result = runner.invoke(app, ["viz", str(out / "graph.ttl"), "--types", "CONSULT", "--since", "2024-05-09", "--until", "2024-05-10", "--out", str(page)])
    assert result.exit_code == 0, result.output
    _, edges = page_data(page.read_text("utf-8"))
    assert edges and all("2024-05-09" in e["title"] or "2024-05-10" in e["title"] for e in edges)
    for bad in (["--since", "May 9"], ["--focus", "Nobody"], ["--types", "meeting"], ["--max-nodes", "0"]):
        result = runner.invoke(app, ["viz", str(out / "graph.ttl"), *bad, "--out", str(tmp_path / "bad.html")])
        assert result.exit_code != 0, bad
    assert not (tmp_path / "bad.html").exists()
    assert find_nodes(to_networkx(synthetic_graph(3, 0)), "person/p000001") == ["person/p000001"]
