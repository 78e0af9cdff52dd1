"""Formats in and out, through the command line, on real files.

Out: every format of ``graphbuild export`` is written from a real build and
read back by an independent reader (rdflib for RDF, networkx for GraphML and
GEXF, the csv module for CSV); ``graphbuild ontology`` documents the Turtle.
In: one build per input format (txt, md, jsonl, csv with its column options,
html, a folder with --glob, standard input), each checked in the graph it
writes and validated against the SHACL shapes.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS
from typer.testing import CliRunner

from graphbuild.render import export as exporting
from graphbuild.safetext import xml_id
from graphbuild.rdf.read import from_rdf, load_graph
from graphbuild.cli.app import app
from graphbuild.records import Entity, Event, Evidence, KnowledgeGraph
from graphbuild.rdf.namespace import GB, document_iri, ontology_path
from graphbuild.rdf.validate import validate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def run(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("built")
    result = run("build", EXAMPLES / "articles.jsonl", EXAMPLES / "briefing.txt", "--out", out)
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


def union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


# ---------------------------------------------------------------------------
# RDF formats


@pytest.mark.parametrize("fmt, parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("trig", "trig"), ("nq", "nquads")])
def test_rdf_formats_parse_back_to_the_same_graph(built, tmp_path, fmt, parser):
    original = Graph().parse(built, format="turtle")
    target = tmp_path / f"graph.{fmt}"
    result = run("export", built, "--format", fmt, "--out", target)
    assert result.exit_code == 0, result.output
    if fmt in ("trig", "nq"):
        back = union(Dataset().parse(target, format=parser))
    else:
        back = Graph().parse(target, format=parser)
    assert len(back) == len(original) > 500
    assert isomorphic(back, original)
    again = tmp_path / f"again.{fmt}"
    assert run("export", built, "--format", fmt, "--out", again).exit_code == 0
    assert again.read_bytes() == target.read_bytes()


@pytest.mark.parametrize("fmt, parser", [("trig", "trig"), ("nq", "nquads")])
def test_quads_have_one_named_graph_per_source_document(built, tmp_path, fmt, parser):
    target = tmp_path / f"graph.{fmt}"
    assert run("export", built, "--format", fmt, "--out", target).exit_code == 0
    ds = Dataset().parse(target, format=parser)
    kg = from_rdf(load_graph(built))
    cited = {x.doc_id for ev in kg.events for x in ev.evidence}
    names = {c.identifier for c in ds.graphs() if len(c) and isinstance(c.identifier, URIRef) and "/document/" in str(c.identifier)}
    assert names == {document_iri(d) for d in cited}
    assert len(cited) == 5
    # Each document's graph holds only the evidence read from that document.
    for name in names:
        graph = ds.graph(name)
        evidence = set(graph.subjects(RDF.type, GB.Evidence))
        assert evidence
        assert {graph.value(x, GB.document) for x in evidence} == {name}


def test_csv_export_is_the_events_table(built, tmp_path):
    target = tmp_path / "events.csv"
    assert run("export", built, "--format", "csv", "--out", target).exit_code == 0
    with open(target, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    kg = from_rdf(load_graph(built))
    assert {r["event_id"] for r in rows} == {e.id for e in kg.events}
    visit = [r for r in rows if r["predicate"] == "travels to" and r["actor"] == "Rafael Moreira"]
    assert {r["doc_id"] for r in visit} == {"brazil-nigeria-harbor", "brazil-nigeria-courier"}
    assert (built.parent / "events.csv").read_bytes() == target.read_bytes()


def test_unknown_format_is_refused_and_writes_nothing(built, tmp_path):
    result = run("export", built, "--format", "xlsx", "--out", tmp_path / "g.xlsx")
    assert result.exit_code == 1
    assert "unknown format 'xlsx'" in result.output and "graphml" in result.output
    assert not (tmp_path / "g.xlsx").exists()


# ---------------------------------------------------------------------------
# GraphML and GEXF


def _edges_by_label(g: nx.MultiDiGraph, label: str, actor: str) -> list[tuple]:
    return [(u, v, d) for u, v, d in g.edges(data=True) if d.get("label") == label and u == actor]


def test_graphml_opens_in_networkx_with_the_attributes(built, tmp_path):
    target = tmp_path / "graph.graphml"
    result = run("export", built, "--format", "graphml", "--out", target)
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(target, force_multigraph=True)
    kg = from_rdf(load_graph(built))
    assert g.is_directed()
    assert set(g.nodes) == set(kg.entities)
    assert g.number_of_edges() == sum(1 for e in kg.events if e.recipient)
    assert g.nodes["person/rafael-moreira"]["label"] == "Rafael Moreira"
    assert g.nodes["person/rafael-moreira"]["type"] == "Person"
    assert g.nodes["country/NGA"]["country"] == "NGA" and g.nodes["country/NGA"]["entity_key"] == "country/NGA"
    ((u, v, visit),) = _edges_by_label(g, "travels to", "person/rafael-moreira")
    assert (u, v) == ("person/rafael-moreira", "country/NGA")
    assert visit["event_type"] == "CONSULT" and visit["quad_class"] == "verbal cooperation"
    assert visit["status"] == "planned" and visit["mode"] == "visit" and visit["date"] == "2024-05-09"
    assert visit["source_count"] == 2 and isinstance(visit["source_count"], int)
    assert visit["documents"] == "brazil-nigeria-courier brazil-nigeria-harbor"
    lines = visit["evidence"].split("\n")
    assert len(lines) == 2
    assert lines[0].startswith("brazil-nigeria-courier [Capital Courier]: Brazil's foreign minister")
    # Edge ids are the event ids.
    ids = {k for _, _, k in g.edges(keys=True)}
    assert ids == {e.id for e in kg.events if e.recipient}


def test_gexf_opens_in_networkx_with_labels_and_attributes(built, tmp_path):
    target = tmp_path / "graph.gexf"
    assert run("export", built, "--out", target).exit_code == 0  # format from the suffix
    text = target.read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text and "<creator>graphbuild</creator>" in text
    g = nx.read_gexf(target)
    assert g.nodes["country/NGA"]["label"] == "Nigeria"
    assert g.nodes["country/NGA"]["type"] == "Country" and g.nodes["country/NGA"]["entity_key"] == "country/NGA"
    visits = [d for u, _, d in g.edges(data=True) if d.get("label") == "travels to" and u == "person/rafael-moreira"]
    assert len(visits) == 1
    assert visits[0]["source_count"] == 2 and visits[0]["event_type"] == "CONSULT"
    assert "brazil-nigeria-harbor [Harbor Press Agency]:" in visits[0]["evidence"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_formats_are_byte_deterministic(built, tmp_path, fmt):
    a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    assert run("export", built, "--format", fmt, "--out", a).exit_code == 0
    assert run("export", built, "--format", fmt, "--out", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    # Writing again over a file replaces it whole and leaves no temporary file.
    assert run("export", built, "--format", fmt, "--out", a).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([a.name, b.name])


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_export_is_atomic(built, tmp_path, monkeypatch, fmt):
    target = tmp_path / f"graph.{fmt}"
    target.write_text("previous", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    kg = from_rdf(load_graph(built))
    with pytest.raises(OSError, match="disk full"):
        exporting.export(kg, target, fmt)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


HOSTILE = "Evil\x00Corp\x1b[2J <script>alert(1)</script> & \"quotes\" \ufffe \ud800 \u202e"


def hostile_graph() -> KnowledgeGraph:
    a = Entity("org/evil\x01<x>", HOSTILE, "Organization", "USA", aliases=("a\x02b", "50% off"))
    b = Entity("country/FRA", "France", "Country", "FRA")
    x = Evidence("doc\x03", "It said " + HOSTILE + "\nand more.", 0, 10, "threat", source="Wire\x07")
    ev = Event("THREATEN", a.key, b.key, "asserted", "threatens \x04", evidence=(x,), id="evt-1")
    return KnowledgeGraph(entities={a.key: a, b.key: b}, events=[ev])


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_formats_hold_any_article_text(tmp_path, fmt, reader):
    target = exporting.export(hostile_graph(), tmp_path / f"evil.{fmt}")
    g = reader(target)
    evil = xml_id("org/evil\x01<x>")
    assert evil == "org/evil%01<x>"
    assert set(g.nodes) == {evil, "country/FRA"}
    label = g.nodes[evil]["label"]
    assert "<script>alert(1)</script>" in label and "\x00" not in label and "\ud800" not in label
    assert label.startswith("Evil\ufffdCorp\ufffd[2J")
    (data,) = [d for _, _, d in g.edges(data=True)]
    assert "\x03" not in data["evidence"] and data["evidence"].startswith("doc\ufffd [Wire\ufffd]: It said Evil")
    assert data["label"] == "threatens \ufffd"


def test_xml_ids_stay_distinct():
    keys = ["a\x01", "a%01", "a\ufffe", "a%uFFFE", "a"]
    assert len({xml_id(k) for k in keys}) == len(keys)


# ---------------------------------------------------------------------------
# The ontology documented


def test_ontology_markdown_lists_every_term_with_its_words(tmp_path):
    target = tmp_path / "ontology.md"
    result = run("ontology", "--out", target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert run("ontology").output == text  # printed, the same Markdown
    onto = Graph().parse(ontology_path(), format="turtle")
    terms = [name for name in GB.__annotations__]
    assert len(terms) > 40
    rows = {line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| `gb:")}
    for name in terms:
        term = GB[name]
        row = rows[f"`gb:{name}`"]
        comment = " ".join(str(onto.value(term, RDFS.comment)).split())
        assert comment.replace("|", "\\|") in row, name
        if (term, SKOS.notation, None) not in onto:
            assert f"| {onto.value(term, RDFS.label)} |" in row, name
    # Sections, and PLOVER's order for the event types.
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Classes", "## Event types (PLOVER)", "## Object properties", "## Datatype properties", "## Annotation properties"]
    plover = [line.split("|")[2].strip() for line in text.splitlines() if line.startswith("| `gb:") and ("| verbal " in line or "| material " in line)]
    assert plover[:3] == ["AGREE", "CONSULT", "SUPPORT"] and plover[-1] == "ASSAULT"
    assert "| `gb:recipient` | recipient | gb:Event | gb:Actor or gb:Place |" in text
    assert "| `gb:Person` | Person | gb:Actor |" in text


def test_ontology_markdown_follows_the_turtle_file(tmp_path):
    # Read from the Turtle, not from a list in the code: a new term shows up.
    extra = tmp_path / "onto.ttl"
    extra.write_text(
        ontology_path().read_text(encoding="utf-8")
        + '\ngb:Ceasefire a owl:Class ; rdfs:label "Ceasefire" ; rdfs:comment "A pause | in fighting." .\n',
        encoding="utf-8",
    )
    text = exporting.ontology_markdown(extra)
    assert "| `gb:Ceasefire` | Ceasefire |  | A pause \\| in fighting. |" in text


# ---------------------------------------------------------------------------
# Inputs: one build per format through the command line


def build(tmp_path: Path, *args, input: str | None = None) -> tuple[Graph, object]:
    out = tmp_path / "out"
    result = run("build", *args, "--out", out, input=input)
    assert result.exit_code == 0, result.output
    g = load_graph(out / "graph.ttl")
    report = validate(g)
    assert report.conforms, report.text()
    return g, from_rdf(g)


def event_triples(kg) -> set[tuple[str, str, str | None]]:
    return {(e.type, e.actor, e.recipient) for e in kg.events}


def test_input_txt(tmp_path, nlp):
    path = tmp_path / "praise.txt"
    path.write_text("Chile praised Peru on Monday.\n", encoding="utf-8")
    _, kg = build(tmp_path, path)
    assert list(kg.articles) == ["praise"]
    assert ("SUPPORT", "country/CHL", "country/PER") in event_triples(kg)


def test_input_markdown(tmp_path, nlp):
    path = tmp_path / "notes.md"
    path.write_text("Chile praised Peru on Monday.\n\nThe talks were held in *Lima*, officials said.\n", encoding="utf-8")
    _, kg = build(tmp_path, path)
    assert list(kg.articles) == ["notes"]
    assert ("SUPPORT", "country/CHL", "country/PER") in event_triples(kg)


def test_input_markdown_heading_is_not_part_of_the_text(tmp_path, nlp):
    path = tmp_path / "notes.md"
    path.write_text("# Briefing\n\nChile praised Peru on Monday.\n", encoding="utf-8")
    _, kg = build(tmp_path, path)
    assert ("SUPPORT", "country/CHL", "country/PER") in event_triples(kg)


def test_input_jsonl_with_metadata(tmp_path, nlp):
    path = tmp_path / "wire.jsonl"
    record = {"id": "w1", "date": "2024-03-04", "title": "Praise", "source": "Wire", "url": "https://w.example/1",
              "text": "Chile praised Peru on Monday."}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    g, kg = build(tmp_path, path)
    art = kg.articles["w1"]
    assert (art.date, art.title, art.source, art.url) == ("2024-03-04", "Praise", "Wire", "https://w.example/1")
    (ev,) = [e for e in kg.events if e.type == "SUPPORT"]
    assert ev.date == "2024-03-04"  # "on Monday" anchored by the publication date
    assert (document_iri("w1"), rdflib.DCTERMS.date, rdflib.Literal("2024-03-04", datatype=rdflib.XSD.date)) in g


def test_input_csv_with_column_options(tmp_path, nlp):
    path = tmp_path / "export.csv"
    path.write_text("Key;Published;Body\nk1;14 Jun 2023;Chile praised Peru on Monday.\n", encoding="utf-8")
    _, kg = build(tmp_path, path, "--text-column", "Body", "--id-column", "Key", "--date-column", "Published")
    assert list(kg.articles) == ["k1"] and kg.articles["k1"].date == "2023-06-14"
    assert ("SUPPORT", "country/CHL", "country/PER") in event_triples(kg)


def test_input_html_page(tmp_path, nlp):
    path = tmp_path / "saved-page.html"
    path.write_text(
        """<!DOCTYPE html><html><head><title>Praise | Example News</title>
<meta property="og:title" content="Chile praises Peru">
<meta property="article:published_time" content="2024-03-04T09:30:00Z">
<meta property="og:site_name" content="Example News"></head><body>
<nav><a href="/">Home</a> <a href="/subscribe">Subscribe to our newsletter</a></nav>
<main><article><h1>Chile praises Peru</h1>
<p>Chile praised Peru on Monday for its help after the floods in the north of the country.</p>
<p>The two governments have worked together closely since the storms began last month.</p>
</article></main><footer>Copyright Example News</footer></body></html>""",
        encoding="utf-8",
    )
    _, kg = build(tmp_path, path)
    art = kg.articles["saved-page"]
    assert (art.title, art.date, art.source) == ("Chile praises Peru", "2024-03-04", "Example News")
    assert ("SUPPORT", "country/CHL", "country/PER") in event_triples(kg)


def test_input_folder_with_glob(tmp_path, nlp):
    folder = tmp_path / "corpus"
    (folder / "deep" / "er").mkdir(parents=True)
    (folder / "deep" / "er" / "a.txt").write_text("Chile praised Peru on Monday.", encoding="utf-8")
    (folder / "b.txt").write_text("Brazil criticized Argentina on Friday.", encoding="utf-8")
    (folder / "c.md").write_text("Norway thanked Colombia.", encoding="utf-8")
    _, kg = build(tmp_path, folder, "--glob", "*.txt")
    assert sorted(kg.articles) == ["a", "b"]
    assert ("SUPPORT", "country/CHL", "country/PER") in event_triples(kg)


def test_input_stdin(tmp_path, nlp):
    _, kg = build(tmp_path, "-", input='{"id": "s1", "text": "Chile praised Peru on Monday."}\n')
    assert list(kg.articles) == ["s1"]
    assert ("SUPPORT", "country/CHL", "country/PER") in event_triples(kg)


def test_input_not_utf8_is_refused_with_a_clear_message(tmp_path, nlp):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\u00e9 talks: Chile praised Peru.".encode("latin-1"))
    result = run("build", bad, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{bad}: invalid UTF-8 at byte 3; re-save the file as UTF-8" in result.output
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_the_documented_ontology_is_up_to_date():
    documented = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert documented == exporting.ontology_markdown(), "run: graphbuild ontology --out docs/ontology.md"
