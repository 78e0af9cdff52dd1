"""Unit tests of render/ on plain records: the view selection on a small
hand-built networkx graph, the page's sealing and layout, and the page, CSV
and XML sanitizers of ``safetext`` on hostile strings."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re

import networkx as nx
import pytest

from graphbuild.render.focus import View, select
from graphbuild.render.layout import edge_shapes, layout
from graphbuild.render.security import CSP_PLACEHOLDER, seal
from graphbuild.safetext import clean_text, csv_cell, one_line, safe_cell, xml_id, xml_text


def small_graph() -> nx.MultiDiGraph:
    """Aland -> Bland -> Cy -> Dland, and Aland -> Eorg; one event undated."""
    g = nx.MultiDiGraph()
    for key, label, kind in [("a", "Aland", "Country"), ("b", "Bland", "Country"), ("c", "Cy", "Person"),
                             ("d", "Dland", "Country"), ("e", "Eorg", "Organization")]:
        g.add_node(key, label=label, type=kind)
    g.add_edge("a", "b", key="e1", event_type="CONSULT", date="2024-05-01", source_count=1)
    g.add_edge("b", "c", key="e2", event_type="ACCUSE", date="2024-06-01", source_count=3)
    g.add_edge("c", "d", key="e3", event_type="CONSULT", date="", source_count=1)
    g.add_edge("a", "e", key="e4", event_type="AID", date="2024-05-20", source_count=2)
    return g


def edges(sel) -> list[str]:
    return sorted(k for _, _, k in sel.graph.edges(keys=True))


# ---------------------------------------------------------------------------
# The view


def test_the_default_view_is_the_whole_graph_and_views_are_frozen():
    view = View(types=["consult", "Country"])
    assert view.types == ("consult", "Country") and view.filters_events
    assert not View().filters_events and View(since="2024-01-01").filters_events
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.hops = 2
    g = small_graph()  # within the limits, no filter: comes back as it is
    sel = select(g)
    assert sel.graph is g and sel.note == "" and (sel.total_nodes, sel.total_edges) == (5, 4)


def test_dates_leave_out_undated_events_and_entities_without_events():
    sel = select(small_graph(), View(since="2024-05-01", until="2024-05-31"))
    assert edges(sel) == ["e1", "e4"] and sorted(sel.graph.nodes) == ["a", "b", "e"]
    assert sel.note == "Showing 3 of 5 entities and 2 of 4 events: events dated 2024-05-01 to 2024-05-31."
    until = select(small_graph(), View(until="2024-05-31"))  # undated e3 is out with one end given too
    assert edges(until) == ["e1", "e4"] and until.note.endswith(": events dated any time to 2024-05-31.")


def test_event_and_entity_types_filter_in_turn():
    sel = select(small_graph(), View(types=["consult,COUNTRY"]))
    # CONSULT keeps e1 (a-b) and e3 (c-d); Country then drops Cy and e3, not Dland.
    assert edges(sel) == ["e1"] and sorted(sel.graph.nodes) == ["a", "b", "d"]
    assert sel.note.endswith(": events of type CONSULT; entities of type Country.")


def test_focus_by_label_any_case_and_always_shown():
    sel = select(small_graph(), View(focus="cY", hops=1))
    assert sorted(sel.graph.nodes) == ["b", "c", "d"] and sel.note.endswith(": within 1 hop of Cy.")
    assert list(select(small_graph(), View(focus="c", hops=0)).graph.nodes) == ["c"]
    # Eorg is no country, but the focus stays in the page (alone: its event went with Aland's type).
    alone = select(small_graph(), View(focus="Eorg", types=["Country"]))
    assert list(alone.graph.nodes) == ["e"] and edges(alone) == []


def test_node_cap_keeps_the_nearest_then_the_most_connected():
    sel = select(small_graph(), View(max_nodes=2))
    assert sorted(sel.graph.nodes) == ["a", "b"]  # degree 2 each, like c: ties by key
    assert sel.note.endswith(": the 2 most connected entities.")
    near = select(small_graph(), View(focus="Dland", hops=2, max_nodes=2))
    assert sorted(near.graph.nodes) == ["c", "d"]
    assert near.note.endswith(": within 2 hops of Dland; the 2 nearest and most connected entities.")


def test_edge_cap_keeps_the_most_reported():
    sel = select(small_graph(), View(max_edges=1))
    assert edges(sel) == ["e2"] and sel.note.endswith(": the 1 most reported events.")


@pytest.mark.parametrize("view, message", [
    (View(hops=-1), "hops must be 0 or more"),
    (View(max_nodes=0), "max_nodes must be at least 1"),
    (View(max_edges=0), "max_edges must be at least 1"),
    (View(focus="Nobody"), "no entity with the key or label 'Nobody'"),
    (View(types=["meeting"]), "unknown type 'meeting'"),
])
def test_bad_views_are_refused(view, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        select(small_graph(), view)


# ---------------------------------------------------------------------------
# The page: sealing and layout


def test_seal_allows_the_pages_scripts_by_hash_and_refuses_fetches():
    script = 'var tip = "<img src=\'https://evil.example/x.png\'>";'  # markup in a script is code, not a fetch
    page = (f'<html><head><meta content="{CSP_PLACEHOLDER}"><script src="https://cdn.example/vis.js"></script>'
            f"</head><body><script>{script}</script></body></html>")
    sealed = seal(page, "out.html")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    assert f"script-src 'sha256-{digest}';" in sealed and "default-src 'none'" in sealed
    assert CSP_PLACEHOLDER not in sealed and "cdn.example" not in sealed
    with pytest.raises(RuntimeError, match=r"the page would fetch \['https://evil.example/x.png'\]; refusing to write out.html"):
        seal('<img src="https://evil.example/x.png"><a href="#top"><img src="data:,">', "out.html")


def test_layout_and_edge_shapes_are_plain_and_repeatable():
    g = small_graph()
    g.add_node("z", label="Lone", type="Place")
    g.add_edge("b", "a", key="back")
    g.add_edge("d", "d", key="self")
    positions = layout(g)
    assert set(positions) == set(g.nodes) and positions == layout(g)
    assert all(isinstance(x, int) and isinstance(y, int) for x, y in positions.values())
    assert len(set(positions.values())) == len(positions)
    shapes = edge_shapes(g)
    assert shapes[("c", "d", "e3")] == {"smooth": {"enabled": False}}  # alone between its nodes
    there, back = shapes[("a", "b", "e1")]["smooth"], shapes[("b", "a", "back")]["smooth"]
    assert there == back == {"enabled": True, "type": "curvedCW", "roundness": 0.255}  # opposite sides
    assert shapes[("d", "d", "self")] == {"selfReference": {"size": 20, "angle": 0.8}}


# ---------------------------------------------------------------------------
# The page's, the spreadsheet's and XML's sanitizers


def test_page_text_replaces_controls_and_cuts():
    assert clean_text("a\x1b[2J\u202eb\ud800\r") == "a [2J b\ufffd "
    assert clean_text("tab\tand\nline") == "tab\tand\nline"  # kept: tooltips are pre-wrapped text
    assert clean_text(None) == "" and clean_text("abc def", 5) == "abc\u2026"
    assert one_line("  Evil \n\t Corp\x00 ", 40) == "Evil Corp" and one_line("x" * 50, 10) == "x" * 9 + "\u2026"


def test_spreadsheet_cells_never_run_or_break_rows():
    assert [safe_cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "plain")] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", "plain"]
    assert safe_cell("a\x00b\ud800") == "a\ufffdb\ufffd" and safe_cell(None) == "" and safe_cell(-3) == -3
    assert csv_cell("one\rtwo") == "one\ntwo" and csv_cell("one\r\ntwo") == "one\r\ntwo"
    assert csv_cell("\r=1") == "'\n=1"


def test_xml_text_and_ids_hold_anything():
    assert xml_text("a\x0bb\ufffe\tc\n") == "a\ufffdb\ufffd\tc\n"
    assert xml_id("a\ud800") == "a%uD800" and xml_id("a\x1f") == "a%1F"
    keys = ["a%", "a%25", "a\x01", "a%01", "a\uffff", "a%uFFFF"]
    assert len({xml_id(k) for k in keys}) == len(keys)


def test_compiled_templates_are_reused_until_their_source_changes():
    import jinja2

    from graphbuild.render.viz import _CompiledTemplates

    sources = {"page.html": "<p>{{ x }}</p>"}
    compiled = _CompiledTemplates()

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.DictLoader(sources), autoescape=True, bytecode_cache=compiled)
        return env.get_template("page.html").render(x="<a>")

    assert render() == render() == "<p>&lt;a&gt;</p>" and len(compiled._code) == 1
    sources["page.html"] = "<b>{{ x }}</b>"
    assert render() == "<b>&lt;a&gt;</b>"
