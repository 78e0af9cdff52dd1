"""The Python API (``import graphbuild``): the same graph and files as the
command line, built from texts, records and files, grown with ``add``, and
handed to SPARQL, networkx, pandas, the validator and Jupyter."""

from __future__ import annotations

import csv
import doctest
import html
import json
import runpy
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

import graphbuild
import graphbuild.api as api
import graphbuild.inputs as inputs
from browser import _CANVAS_STATE, open_page, require_browser
from graphbuild.rdf.read import from_rdf, load_graph
from graphbuild.render import tables
from graphbuild.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
RECORDS = [json.loads(line) for line in (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
runner = CliRunner()


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("cli")
    result = runner.invoke(app, ["build", str(EXAMPLES / "articles.jsonl"), str(EXAMPLES / "briefing.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def g(nlp):
    return graphbuild.build([EXAMPLES / "articles.jsonl", EXAMPLES / "briefing.txt"], nlp=nlp)


def test_doctests():
    assert doctest.testmod(api).failed == 0


def test_the_package_exposes_the_api_lazily():
    assert graphbuild.build is api.build and graphbuild.Graph is api.Graph and graphbuild.load is api.load
    assert {"build", "load", "Graph", "HTML", "merge", "read"} <= set(dir(graphbuild))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        graphbuild.nothing  # noqa: B018


# ---------------------------------------------------------------------------
# Building


def test_files_give_what_the_cli_writes_byte_for_byte(g, cli_out, tmp_path):
    files = g.save(tmp_path / "api")
    for kind, name in (("ttl", "graph.ttl"), ("csv", "events.csv"), ("html", "graph.html")):
        assert files[kind] == tmp_path / "api" / name
        assert files[kind].read_bytes() == (cli_out / name).read_bytes(), name
    assert g.html().text.encode("utf-8") == (cli_out / "graph.html").read_bytes()


def test_build_from_texts(nlp):
    text = "Chile praised Peru on Monday."
    g = graphbuild.build([text, text, "Brazil criticized Argentina."], nlp=nlp)
    assert sorted(g.kg.articles) == sorted({inputs.text_id(text), inputs.text_id("Brazil criticized Argentina.")})
    assert {(e.type, e.actor, e.recipient) for e in g.events} >= {("SUPPORT", "country/CHL", "country/PER")}
    assert repr(g).startswith("<graphbuild.Graph: 2 documents")
    assert graphbuild.build([], nlp=nlp).events == []


def test_build_from_records_normalizes_dates(nlp):
    import datetime as dt

    g = graphbuild.build(
        [
            {"id": "r1", "text": "Chile praised Peru on Monday.", "date": "4 March 2024", "source": "Wire"},
            {"id": 2, "text": "Peru thanked Chile on Tuesday.", "date": dt.date(2024, 3, 5)},
        ],
        nlp=nlp,
    )
    assert (g.kg.articles["r1"].date, g.kg.articles["r1"].source, g.kg.articles["2"].date) == ("2024-03-04", "Wire", "2024-03-05")
    (praise,) = [e for e in g.events if e.type == "SUPPORT" and e.actor == "country/CHL"]
    assert praise.date == "2024-03-04"
    assert g.validate().conforms


@pytest.mark.parametrize(
    "items, error, message",
    [
        ([{"id": "x"}], TypeError, "item 0: 'text' must be a string, not NoneType"),
        (["fine", {"text": "  "}], ValueError, "item 1: 'text' is empty"),
        ([{"text": "t", "date": "last week"}], ValueError, "item 0: 'date' 'last week' is not a day"),
        ([{"text": "t", "id": ["a"]}], TypeError, "item 0: 'id' must be a string or an integer, not list"),
        ([{"text": "a", "id": "same"}, {"text": "b", "id": "same"}], ValueError, "two different articles have the id 'same'"),
        ([42], TypeError, "item 0: expected a text, a record (dict), an Article or a path, not int"),
    ],
)
def test_bad_items_are_refused_clearly(items, error, message):
    with pytest.raises(error) as info:
        inputs.articles_from(items)
    assert message in str(info.value)


def test_unreadable_file_is_refused_with_its_message(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "ok"}\n{broken\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2: invalid JSON"):
        inputs.articles_from([bad])
    assert [a.id for a in inputs.read([bad], strict=False)] == ["a"]


def test_add_gives_the_graph_of_one_build(g, nlp):
    # The two reports of the planned visit are split across the two calls.
    grown = graphbuild.build(RECORDS[:1], nlp=nlp)
    assert grown.add(RECORDS[1:], nlp=nlp) is grown
    grown.add([EXAMPLES / "briefing.txt"], nlp=nlp)
    whole = graphbuild.build(RECORDS + [EXAMPLES / "briefing.txt"], nlp=nlp)
    assert isomorphic(grown.to_rdf(), whole.to_rdf())
    assert grown.kg.events == whole.kg.events and grown.kg.entities == whole.kg.entities
    visit = [e for e in grown.events if e.mode == "visit" and e.actor == "person/rafael-moreira"]
    assert len(visit) == 1 and visit[0].source_count == 2
    with pytest.raises(ValueError, match="already in the graph: 'brazil-nigeria-harbor'"):
        grown.add(RECORDS[:1], nlp=nlp)


def test_add_to_a_loaded_graph(cli_out, g, nlp, tmp_path):
    loaded = graphbuild.load(cli_out / "graph.ttl")
    n = len(loaded.events)
    assert loaded.query("actor-events", actor="Chile") == []
    loaded.add(["Chile praised Peru on Monday."], nlp=nlp)
    assert len(loaded.events) == n + 1 and len(loaded.documents) == 6
    assert loaded.query("actor-events", actor="Chile")[0]["other"] == "Peru"  # the cached RDF was refreshed
    assert loaded.validate().conforms
    # Saved after the first article, loaded, grown: the events of one build.
    graphbuild.build(RECORDS[:1], nlp=nlp).save(tmp_path / "first")
    grown = graphbuild.load(tmp_path / "first" / "graph.ttl")
    grown.add(RECORDS[1:], nlp=nlp).add([EXAMPLES / "briefing.txt"], nlp=nlp)
    assert grown.kg.events == g.kg.events
    assert set(grown.kg.entities) == set(g.kg.entities)


# ---------------------------------------------------------------------------
# Views


def test_load_reads_every_rdf_format(g, cli_out, tmp_path):
    for fmt in ("ttl", "nt", "jsonld", "trig", "nq"):
        path = g.export(tmp_path / f"graph.{fmt}")
        assert graphbuild.load(path).kg == from_rdf(load_graph(cli_out / "graph.ttl")), fmt


def test_query_binds_parameters_and_gives_python_values(g):
    rows = g.query(str(EXAMPLES / "visits.rq"))
    moreira = next(r for r in rows if r["visitor"] == "Rafael Moreira")
    assert moreira == {"visitor": "Rafael Moreira", "host": "Nigeria", "status": "planned", "date": "2024-05-09", "sources": 2}
    assert all(r["status"] == "asserted" for r in g.query("SELECT ?status { ?e gb:status ?status }", status="asserted"))
    assert g.query("actor-events", actor='x" } UNION { ?s ?p ?o } #') == []
    with pytest.raises(ValueError, match="missing query parameter"):
        g.query("actor-events")


def test_to_networkx(g):
    G = g.to_networkx()
    assert isinstance(G, nx.MultiDiGraph)
    assert G.nodes["person/rafael-moreira"]["label"] == "Rafael Moreira"
    assert G.number_of_edges() == sum(1 for e in g.events if e.recipient)


def test_to_dataframe_is_the_events_table(g, cli_out):
    pd = pytest.importorskip("pandas")
    df = g.to_dataframe()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == list(tables.FIELDNAMES)
    with open(cli_out / "events.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(df) == len(rows)
    assert list(df["event_id"]) == [r["event_id"] for r in rows]
    assert df.loc[df["predicate"] == "travels to", "source_count"].max() == 2


def test_to_dataframe_without_pandas_says_how_to_get_it(g, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'graphbuild\[pandas\]'"):
        g.to_dataframe()


def test_stats_paths_validate(g):
    assert g.stats(top=2)["central_actors"][0]["label"] == "Rafael Moreira"
    chain = g.paths("Yusuf Tuggar", "Bola Tinubu")["chains"][0]
    assert [h["to"] for h in chain] == ["Rafael Moreira", "Bola Tinubu"]
    report = g.validate()
    assert report.conforms and report.violations == ()


# ---------------------------------------------------------------------------
# Jupyter


def test_repr_html_is_an_escaped_srcdoc_iframe(nlp):
    g = graphbuild.build(['Chile praised "Peru" <b>&amp;</b> on Monday.'], nlp=nlp)
    page = g.html(title='T"><script>alert(1)</script>')
    frame = page._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and frame.endswith("></iframe>")
    assert 'sandbox="allow-scripts"' in frame
    srcdoc = frame[len('<iframe srcdoc="') : frame.index('" sandbox=')]
    assert '"' not in srcdoc and "<" not in srcdoc  # nothing can end the attribute or open a tag
    assert html.unescape(srcdoc) == page.text


def test_inline_graph_draws_in_chromium(g, tmp_path):
    require_browser()
    host = tmp_path / "notebook.html"
    host.write_text("<!DOCTYPE html><html><body><h1>Notebook</h1>" + g.html()._repr_html_() + "</body></html>", encoding="utf-8")
    with open_page(host) as page:
        frame = None
        assert page.wait_until("() => document.querySelector('iframe') !== null")
        for _ in range(100):
            frames = [f for f in page.pw.frames if f != page.pw.main_frame]
            if frames and frames[0].evaluate(_CANVAS_STATE)["nonblank"]:
                frame = frames[0]
                break
            page.pw.wait_for_timeout(50)
        assert frame is not None, "the graph in the iframe was never drawn"
        assert "Rafael Moreira" in frame.content()
        assert not page.console_errors, page.console_errors
        assert all(u.startswith(("file:", "data:", "about:", "blob:")) for u in page.requests), page.requests


# ---------------------------------------------------------------------------
# The example script


def test_example_script_runs(tmp_path, monkeypatch, capsys, nlp):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(EXAMPLES / "api_example.py"), str(tmp_path / "out")])
    runpy.run_path(str(EXAMPLES / "api_example.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "<graphbuild.Graph: 1 documents" in out and "<graphbuild.Graph: 5 documents" in out
    assert "Yusuf Tuggar -> Rafael Moreira -> Bola Tinubu" in out
    assert "valid: True" in out
    for name in ("graph.ttl", "graph.html", "events.csv", "graph.graphml"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert nx.read_graphml(tmp_path / "out" / "graph.graphml").number_of_nodes() > 10
    assert Graph().parse(tmp_path / "out" / "graph.ttl")
