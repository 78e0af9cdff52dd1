"""SHACL validation with real pyshacl: every build conforms; a deliberately
broken graph does not, and the message names the node and the rule."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS, XSD
from typer.testing import CliRunner

import graphbuild.rdf.validate as validation
from graphbuild.rdf.read import from_rdf, load_graph
from graphbuild.cli.app import app
from graphbuild.rdf.namespace import GB, document_iri, entity_iri
from graphbuild.rdf.validate import load_shapes, shapes_path, validate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"
DEV = ROOT / "tests" / "gold"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("built")
    result = run("build", EXAMPLES / "articles.jsonl", EXAMPLES / "briefing.txt", "--out", out)
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


def test_doctests():
    assert doctest.testmod(validation).failed == 0


# ---------------------------------------------------------------------------
# Builds conform


def test_example_build_conforms(built):
    result = run("validate", built)
    assert result.exit_code == 0, result.output
    assert result.output == f"{built}: conforms to the shapes\n"


@pytest.mark.parametrize(
    "inputs",
    [pytest.param([SEEDS / "articles.jsonl"], id="seeds"), pytest.param([DEV / "dev_articles.jsonl"], id="dev-set")],
)
def test_larger_builds_conform(tmp_path, nlp, inputs):
    if not inputs[0].exists():
        pytest.skip(f"{inputs[0]} is not beside this checkout")
    out = tmp_path / "out"
    assert run("build", *inputs, "--out", out).exit_code == 0
    report = validate(out / "graph.ttl")
    assert report.conforms, report.text()
    g = load_graph(out / "graph.ttl")
    assert len(set(g.subjects(RDF.type, GB.Event))) >= 10  # the shapes had events to check


@pytest.mark.parametrize("fmt", ["nt", "jsonld", "trig", "nq"])
def test_every_export_format_conforms(built, tmp_path, fmt):
    target = tmp_path / f"graph.{fmt}"
    assert run("export", built, "--format", fmt, "--out", target).exit_code == 0
    result = run("validate", target)
    assert result.exit_code == 0, result.output


def test_hostile_text_build_conforms(tmp_path, nlp):
    path = tmp_path / "evil.jsonl"
    text = 'Chile praised Peru on Monday. <script>alert(1)</script> "\\x1b[2J" Bolivia\u202e accused Chile.'
    path.write_text(json.dumps({"id": "e<v>il\u0007", "text": text, "date": "2024-02-29", "source": "Wire\u202e"}) + "\n")
    out = tmp_path / "out"
    assert run("build", path, "--out", out).exit_code == 0
    report = validate(out / "graph.ttl")
    assert report.conforms, report.text()
    kg = from_rdf(load_graph(out / "graph.ttl"))
    assert kg.events and list(kg.articles) == ["e<v>il"]


# ---------------------------------------------------------------------------
# Broken graphs do not, and say where and why


def first_event(g: Graph) -> URIRef:
    return sorted(g.subjects(RDF.type, GB.Event))[0]


def drop_actor(g):
    e = first_event(g)
    g.remove((e, GB.actor, None))
    return e, "event-actor"


def two_actors(g):
    e = first_event(g)
    g.add((e, GB.actor, entity_iri("country/FRA")))
    g.add((entity_iri("country/FRA"), GB.entityKey, Literal("country/FRA")))
    return e, "event-actor"


def drop_type(g):
    e = first_event(g)
    for t in list(g.objects(e, RDF.type)):
        if t != GB.Event:
            g.remove((e, RDF.type, t))
    return e, "event-type"


def two_types(g):
    e = first_event(g)
    g.add((e, RDF.type, GB.Assault))
    g.add((e, RDF.type, GB.Aid))
    return e, "event-type"


def bad_status(g):
    e = first_event(g)
    g.set((e, GB.status, Literal("rumoured")))
    return e, "event-status"


def drop_status(g):
    e = first_event(g)
    g.remove((e, GB.status, None))
    return e, "event-status"


def drop_evidence(g):
    e = first_event(g)
    g.remove((e, GB.evidence, None))
    return e, "event-evidence"


def date_as_text(g):
    e = first_event(g)
    g.set((e, GB.date, Literal("next week")))
    return e, "event-date"


def impossible_date(g):
    e = first_event(g)
    g.set((e, GB.date, Literal("2024-02-30", datatype=XSD.date)))
    return e, "event-date"


def long_code(g):
    node = entity_iri("country/NGA")
    g.set((node, GB.countryCode, Literal("NGAX")))
    return node, "entity-code"


def lower_code(g):
    node = entity_iri("country/NGA")
    g.set((node, GB.countryCode, Literal("ng")))
    return node, "entity-code"


def evidence_without_document(g):
    x = sorted(g.subjects(RDF.type, GB.Evidence))[0]
    g.remove((x, GB.document, None))
    return x, "evidence-document"


def document_date_as_text(g):
    d = document_iri("brazil-nigeria-harbor")
    g.set((d, DCTERMS.date, Literal("May 6th")))
    return d, "document-date"


def entity_without_label(g):
    node = entity_iri("country/NGA")
    g.remove((node, SKOS.prefLabel, None))
    return node, "entity-label"


BREAKAGES = [
    drop_actor, two_actors, drop_type, two_types, bad_status, drop_status, drop_evidence, date_as_text,
    impossible_date, long_code, lower_code, evidence_without_document, document_date_as_text, entity_without_label,
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__)
def test_broken_graph_fails_naming_node_and_rule(built, tmp_path, breakage):
    g = load_graph(built)
    node, rule = breakage(g)
    broken = tmp_path / "broken.ttl"
    broken.write_text(g.serialize(format="turtle"), encoding="utf-8")

    result = run("validate", broken)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[-1] == f"{broken}: {len(lines) - 1} violation(s)"
    assert any(line.startswith(f"<{node}>: {rule} (") for line in lines[:-1]), result.output

    report = validate(g)
    assert not report.conforms
    assert {(v.node, v.rule) for v in report.violations} == {(str(node), rule)}


def test_json_report(built, tmp_path):
    g = load_graph(built)
    node, _ = drop_actor(g)
    broken = tmp_path / "broken.ttl"
    broken.write_text(g.serialize(format="turtle"), encoding="utf-8")
    result = run("validate", broken, "--json")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["conforms"] is False
    (violation,) = payload["violations"]
    assert violation["node"] == str(node)
    assert violation["rule"] == "event-actor" and violation["path"] == "gb:actor"
    assert violation["message"].startswith("every event has exactly one gb:actor")


def test_quoted_values_cannot_drive_the_terminal(built):
    g = load_graph(built)
    node = entity_iri("country/NGA")
    g.set((node, GB.countryCode, Literal("\x1b[2J\u202eNG")))
    (violation,) = validate(g).violations
    line = violation.line()
    assert "\x1b" not in line and "\u202e" not in line
    assert "[value: '\\x1b[2J\\u202eNG']" in line


def test_missing_and_unreadable_files_fail_cleanly(tmp_path):
    result = run("validate", tmp_path / "nothing.ttl")
    assert result.exit_code == 1 and "no such file" in result.output
    junk = tmp_path / "junk.ttl"
    junk.write_text("this is not turtle {", encoding="utf-8")
    result = run("validate", junk)
    assert result.exit_code == 1 and "cannot validate" in result.output


# ---------------------------------------------------------------------------
# The shapes file itself


def test_every_rule_is_named_and_explained():
    shapes = load_shapes()
    assert shapes_path() == ROOT / "ontologies" / "shapes.ttl"
    rules = [s for s in shapes.subjects(RDF.type, SH.PropertyShape)]
    assert len(rules) >= 20
    for rule in rules:
        assert shapes.value(rule, RDFS.label) is not None, rule
        assert shapes.value(rule, SH.message) is not None, rule
    # The PLOVER list in the shapes is the ontology's.
    plover_in_shapes = {o for o in shapes.all_nodes() if isinstance(o, URIRef) and str(o).startswith(str(GB._NS))}
    from graphbuild.rdf.namespace import EVENT_CLASSES

    assert set(EVENT_CLASSES.values()) <= plover_in_shapes


def test_packaged_copy_is_the_same_file():
    packaged = ROOT / "graphbuild" / "ontology" / "shapes.ttl"
    assert packaged.read_bytes() == (ROOT / "ontologies" / "shapes.ttl").read_bytes()
