"""Issue 14: ids named like JavaScript's object properties draw like any other."""

from __future__ import annotations

import pytest
from browser import open_page

from graphbuild.records import COUNTRY, PERSON, Entity, Event, Evidence, KnowledgeGraph
from graphbuild.render.viz import render_html

NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "\u2060__proto__"]


def _kg() -> KnowledgeGraph:
    ents = [Entity(name, f"Entity {i}", PERSON if i % 2 else COUNTRY, "USA") for i, name in enumerate(NAMES)]
    events = [
        Event("CONSULT", NAMES[i], NAMES[(i + 1) % len(NAMES)], "asserted", "meets",
              evidence=(Evidence("doc", f"Sentence {i}.", 0, 11),), id=name)
        for i, name in enumerate(NAMES)
    ]
    return KnowledgeGraph(entities={e.key: e for e in ents}, events=events)


def test_prototype_names_as_ids_draw_every_node_and_edge(chromium, tmp_path):
    path = render_html(_kg(), tmp_path / "proto.html")
    with open_page(path, browser_=chromium) as page:
        report = page.report(wait_ms=500)
        counts = page.pw.evaluate(
            "() => [window.graphbuild.nodes.length, window.graphbuild.edges.length,"
            " Object.keys(window.graphbuild.network.body.nodes).length,"
            " document.querySelectorAll('#gb-focus option').length]"
        )
    assert report.console_errors == [] and report.canvas_nonblank, report
    assert counts == [len(NAMES), len(NAMES), len(NAMES), len(NAMES) + 1]
