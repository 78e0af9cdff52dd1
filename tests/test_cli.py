"""The product end to end through the command line: build, query, viz,
export, evaluate, on the team's own example articles and real components
(the spaCy model, rdflib parsing what was written, rdflib's SPARQL engine,
Chromium for the page)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from browser import check_page, require_browser
from graphbuild.cli.app import app
from graphbuild.rdf.namespace import GB

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
COLUMNS = "doc_id,event_id,event_type,mode,status,date,actor,actor_code,recipient,recipient_code,source_count,sentence".split(",")

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, [str(a) for a in args])
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp):  # nlp: load the model once, shared with the CLI
    out = tmp_path_factory.mktemp("out")
    result = run("build", EXAMPLES / "articles.jsonl", EXAMPLES / "briefing.txt", "--out", out)
    assert result.exit_code == 0, result.output
    return out, result.output


def test_build_writes_the_three_files_and_a_summary(built):
    out, output = built
    for name in ("graph.ttl", "graph.html", "events.csv"):
        assert (out / name).stat().st_size > 0
    assert "5 documents" in output and "events" in output and "triples" in output


def test_turtle_parses_and_reads_like_the_articles(built):
    out, _ = built
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    rows = g.query(
        """SELECT ?who ?whom WHERE {
             ?e a gb:Consult ; gb:mode "visit" ; gb:actor ?a ; gb:recipient ?r ; gb:sourceCount 2 .
             ?a skos:prefLabel ?who . ?r skos:prefLabel ?whom }""",
        initNs={"gb": GB._NS, "skos": rdflib.SKOS},
    )
    # The planned visit told by two outlets is one event with two sources.
    assert {(str(a), str(b)) for a, b in rows} == {("Rafael Moreira", "Nigeria")}


def test_events_table_has_the_columns_in_order(built):
    out, _ = built
    with open(out / "events.csv", newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames[: len(COLUMNS)] == COLUMNS
        rows = list(reader)
    assert rows
    kinds = {r["event_type"] for r in rows}
    assert kinds >= {"CONSULT", "ACCUSE"}
    visit = [r for r in rows if r["mode"] == "visit" and r["actor"] == "Rafael Moreira"]
    assert {r["doc_id"] for r in visit} == {"brazil-nigeria-harbor", "brazil-nigeria-courier"}
    assert all(r["actor_code"] == "BRA" and r["recipient_code"] == "NGA" and r["source_count"] == "2" for r in visit)


@pytest.mark.parametrize("query", sorted(p.name for p in EXAMPLES.glob("*.rq")))
def test_example_queries_return_rows(built, query):
    out, _ = built
    result = run("query", out / "graph.ttl", EXAMPLES / query, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows, f"{query} returned nothing"


def test_query_parameters_are_bound_not_pasted(built):
    out, _ = built
    listing = run("query", out / "graph.ttl", "--list")
    assert "actor-events" in listing.output
    good = run("query", out / "graph.ttl", "actor-events", "--param", "actor=Rafael Moreira", "--format", "csv")
    assert good.exit_code == 0 and "Nigeria" in good.output
    evil = run("query", out / "graph.ttl", "actor-events", "--param", 'actor=x" } UNION { ?s ?p ?o } #', "--format", "json")
    assert evil.exit_code == 0 and json.loads(evil.output) == []


def test_same_input_gives_byte_identical_output(built, tmp_path):
    out, _ = built
    again = tmp_path / "again"
    # Input order must not matter either.
    result = run("build", EXAMPLES / "briefing.txt", EXAMPLES / "articles.jsonl", "--out", again)
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.html", "events.csv"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_viz_and_export_from_the_saved_graph(built, tmp_path):
    out, _ = built
    html = tmp_path / "again.html"
    assert run("viz", out / "graph.ttl", "--out", html).exit_code == 0
    assert html.read_bytes() == (out / "graph.html").read_bytes()
    original = rdflib.Graph().parse(out / "graph.ttl")
    for fmt, parser in (("nt", "nt"), ("jsonld", "json-ld")):
        target = tmp_path / f"graph.{fmt}"
        assert run("export", out / "graph.ttl", "--format", fmt, "--out", target).exit_code == 0
        assert isomorphic(rdflib.Graph().parse(target, format=parser), original)


def test_page_renders_offline_in_chromium(built, tmp_path):
    require_browser()
    out, _ = built
    report = check_page(out / "graph.html", tmp_path / "shot.png")
    assert report.canvas_nonblank, report
    assert not report.console_errors, report.console_errors
    assert not report.external_requests, report.external_requests
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "Rafael Moreira" in page and "Harbor Press Agency" in page


def test_bad_input_is_named_and_the_rest_completes(tmp_path, nlp):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "ok", "text": "Chile praised Peru on Monday."}) + "\n{broken\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    result = run("build", good, empty, "--out", out)
    assert result.exit_code == 3
    assert f"{good}:2" in result.output and "invalid JSON" in result.output
    assert f"{empty}" in result.output and "empty file" in result.output
    assert "1 documents" in result.output and (out / "graph.ttl").exists()
    strict = run("build", good, "--out", tmp_path / "strict", "--strict")
    assert strict.exit_code == 1 and not (tmp_path / "strict" / "graph.ttl").exists()


def test_evaluate_prints_json_figures(nlp):
    result = run("evaluate", EXAMPLES / "expected.jsonl", EXAMPLES / "articles.jsonl", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["events"]["expected"] > 0
    assert 0.0 <= figures["events"]["recall"] <= 1.0
    assert set(figures["attributes"]) >= {"status", "date", "mode", "actor_code", "recipient_code"}
