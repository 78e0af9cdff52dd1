"""The on-disk store: a real pyoxigraph (RocksDB) store in tmp_path, the real
model, rdflib as the reference for what the graph and the queries give."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from graphbuild.rdf.formats import dumps
from graphbuild.rdf.statements import to_rdf
from graphbuild.cli.app import app
from graphbuild.records import Article, Entity, Event, Evidence
from graphbuild.pipeline import DocumentResult, assemble_results, iter_results
from graphbuild.query.run import load_query, run_query
from graphbuild.ingest.read import read_articles
from graphbuild.query.sparqltext import bind_values, sparql_term
from graphbuild.store.local import GraphStore, StoreBusy, StoreError, is_store
from graphbuild.store.results import decode_result, encode_result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
runner = CliRunner()

HARBOR, COURIER = "brazil-nigeria-harbor", "brazil-nigeria-courier"


@pytest.fixture(scope="module")
def results(nlp):
    articles = list(read_articles([EXAMPLES / "articles.jsonl", EXAMPLES / "briefing.txt"]))
    return list(iter_results(articles, nlp=nlp))


def _stored_graph(store: GraphStore) -> rdflib.Graph:
    return rdflib.Graph().parse(data=store.dump("nt"), format="nt")


def _visit_sources(store: GraphStore) -> list[int]:
    _, rows = store.query(
        "SELECT ?n WHERE { ?e a gb:Consult ; gb:mode 'visit' ; gb:actor ?a ; gb:sourceCount ?n . ?a skos:prefLabel 'Rafael Moreira' }"
    )
    return sorted(int(n) for (n,) in rows)


def test_result_round_trips_through_json(results):
    assert len(results) == 5
    for r in results:
        assert decode_result(encode_result(r)) == r
    odd = DocumentResult(Article(id="x\ud800", text="", date=None), (), (), ())
    assert decode_result(encode_result(odd)) == odd
    assert encode_result(odd).isascii()


def test_day_by_day_equals_one_build(results, tmp_path):
    day1 = [r for r in results if r.article.id != COURIER]
    day2 = [r for r in results if r.article.id == COURIER]
    with GraphStore(tmp_path / "kg", create=True) as store:
        assert store.add(day1).added == tuple(r.article.id for r in day1)
        assert _visit_sources(store) == [1]
    with GraphStore(tmp_path / "kg") as store:  # another day, the store reopened
        assert store.add(day2).added == (COURIER,)
        # The Courier's report corroborates the Harbor's: one event, two sources.
        assert _visit_sources(store) == [2]
        whole = assemble_results(results)
        assert store.knowledge_graph() == whole
        assert dumps(store.knowledge_graph(), "ttl") == dumps(whole, "ttl")
        # The stored Turtle blocks, brought up to date subject by subject, give the file of a plain build.
        assert store.turtle() == dumps(whole, "ttl")
        # The queryable graph is exactly the graph of the whole corpus.
        assert isomorphic(_stored_graph(store), to_rdf(whole))
        assert store.triple_count() == len(to_rdf(whole))
        assert len(store) == 5


def test_an_article_already_stored_is_not_added_again(results, tmp_path):
    with GraphStore(tmp_path / "kg", create=True) as store:
        store.add(results)
        before = store.dump("nt")
        changed = DocumentResult(results[0].article, (), (), ())  # same id, different content
        report = store.add([changed, results[1]])
        assert report.added == () and report.already == (results[0].article.id, results[1].article.id)
        assert store.dump("nt") == before and len(store) == 5
        assert store.has_document(results[0].article.id) and not store.has_document("nope")


def test_a_crash_before_the_graph_is_updated_is_repaired_on_open(results, tmp_path):
    import pyoxigraph as ox

    from graphbuild.store import local as store_module
    from graphbuild.rdf.namespace import document_iri

    with GraphStore(tmp_path / "kg", create=True) as store:
        store.add(results[:2])
        # What add() writes in its first transaction, without the second step.
        r = results[2]
        store._store.extend([
            ox.Quad(ox.NamedNode(str(document_iri(r.article.id))), store_module.RESULT, ox.Literal(encode_result(r)), store_module.RESULTS_GRAPH),
            store_module._STALE,
        ])
        assert store.stale
    with GraphStore(tmp_path / "kg") as store:
        assert not store.stale
        assert isomorphic(_stored_graph(store), to_rdf(assemble_results(results[:3])))
        assert store.turtle() == dumps(assemble_results(results[:3]), "ttl")


def _person_result(doc_id: str, key: str, label: str) -> DocumentResult:
    person = Entity(key=key, label=label, type="Person", country="USA")
    other = Entity(key="country/CHL", label="Chile", type="Country", country="CHL")
    ev = Event(type="CONSULT", actor=key, recipient=other.key, status="asserted", predicate="meets", date="2024-05-0" + doc_id[-1],
               evidence=(Evidence(doc_id=doc_id, sentence=f"{label} met Chile.", start=0, end=5),))
    return DocumentResult(Article(id=doc_id, text="", date="2024-05-01"), (), (other, person), (ev,))


def test_turtle_blocks_follow_subjects_that_change_or_vanish(tmp_path):
    """A later document unifies "Blinken" with "Antony Blinken": the node of
    "Blinken" leaves the graph and the events move to the full name's node."""
    day1 = [_person_result("d1", "person/blinken", "Blinken")]
    day2 = [_person_result("d2", "person/antony-blinken", "Antony Blinken")]
    day3 = [_person_result("d3", "person/bob-blinken", "Bob Blinken")]  # "Blinken" is ambiguous again
    with GraphStore(tmp_path / "kg", create=True) as store:
        seen = []
        for day in (day1, day2, day3):
            store.add(day)
            seen += day
            whole = assemble_results(seen)
            assert store.turtle() == dumps(whole, "ttl")
            assert isomorphic(_stored_graph(store), to_rdf(whole))
            assert ("/entity/person/blinken>" in store.turtle()) == (day is not day2)
    with GraphStore(tmp_path / "kg") as store:
        assert store.turtle() == dumps(assemble_results(seen), "ttl")


def test_a_store_without_turtle_blocks_gets_them_on_open(results, tmp_path):
    from graphbuild.store import local as store_module

    with GraphStore(tmp_path / "kg", create=True) as store:
        store.add(results)
        expected = store.turtle()
        # As a store written before the blocks were kept.
        store._store.clear_graph(store_module.TURTLE_GRAPH)
        store._store.remove(store_module._TURTLE_READY)
        assert store.turtle() != expected
    with GraphStore(tmp_path / "kg") as store:
        assert store.turtle() == expected == dumps(assemble_results(results), "ttl")


def test_one_process_at_a_time(tmp_path):
    with GraphStore(tmp_path / "kg", create=True):
        with pytest.raises(StoreBusy):
            GraphStore(tmp_path / "kg")
        code = "import sys; from graphbuild.store.local import GraphStore, StoreBusy\ntry:\n    GraphStore(sys.argv[1])\nexcept StoreBusy:\n    sys.exit(7)\n"
        other = subprocess.run([sys.executable, "-c", code, str(tmp_path / "kg")], timeout=60)
        assert other.returncode == 7
    with GraphStore(tmp_path / "kg") as store:  # closed: usable again
        assert len(store) == 0


def test_not_a_store(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("x")
    with pytest.raises(StoreError):
        GraphStore(tmp_path / "notes", create=True)
    with pytest.raises(FileNotFoundError):
        GraphStore(tmp_path / "missing")
    assert not is_store(tmp_path / "notes") and not is_store(tmp_path / "missing")
    result = runner.invoke(app, ["query", str(tmp_path / "notes"), "who-met-whom"])
    assert result.exit_code == 1 and "not a graphbuild store" in result.output


QUERIES = [
    ("actor-events", {"actor": "Rafael Moreira"}),
    ("actor-events", {"actor": "rafael moreira"}),
    ("who-met-whom", None),
    ("by-source", None),
    (str(EXAMPLES / "visits.rq"), None),
    (str(EXAMPLES / "country-events.rq"), None),
    (str(EXAMPLES / "date-range.rq"), None),
]


@pytest.mark.parametrize("name,bindings", QUERIES)
def test_store_answers_as_rdflib_does(results, tmp_path, name, bindings):
    kg = assemble_results(results)
    with GraphStore(tmp_path / "kg", create=True) as store:
        store.add(results)
        text = load_query(name)
        expected = run_query(to_rdf(kg), text, bindings)
        assert store.query(text, bindings) == expected
        assert expected[1], "the query found nothing: the comparison would prove nothing"


EVIL = ['x" } UNION { ?s ?p ?o } #', "x' } UNION { ?s ?p ?o } #", 'a\\" } ?s ?p ?o {', "}\n} SELECT * { ?s ?p ?o", 'x\\u0022 } #', "\r\"\n"]


def _hostile_result(label: str) -> DocumentResult:
    article = Article(id="hostile", text="", date="2024-05-01")
    ent = Entity(key="person/hostile", label=label, type="Person")
    other = Entity(key="country/CHL", label="Chile", type="Country", country="CHL")
    ev = Event(type="CONSULT", actor=ent.key, recipient=other.key, status="asserted", predicate="meets",
               evidence=(Evidence(doc_id="hostile", sentence="s", start=0, end=1),))
    return DocumentResult(article, (), (other, ent), (ev,))


@pytest.mark.parametrize("value", EVIL)
def test_parameters_are_values_not_query_text(tmp_path, value):
    text = load_query("actor-events")
    with GraphStore(tmp_path / "kg", create=True) as store:
        store.add([_hostile_result("Someone Else")])
        assert store.query(text, {"actor": value}) == (store.query(text, {"actor": "x"})[0], [])
    with GraphStore(tmp_path / "kg2", create=True) as store:
        # The hostile text as a label is found by exactly that text.
        store.add([_hostile_result(value)])
        names, rows = store.query(text, {"actor": value})
        assert len(rows) == 1 and str(rows[0][names.index("other")]) == "Chile"


def test_bind_values_places_the_block_in_the_where_group():
    g = rdflib.Graph()
    s, p = URIRef("http://ex/s"), URIRef("http://ex/p")
    for v in ["a", "b {", 'c"}']:
        g.add((s, p, Literal(v)))
    queries = [
        "SELECT ?o WHERE { ?s ?p ?o . FILTER (?o = ?want) }",
        "# a comment with { a brace\nPREFIX ex: <http://ex/a#b>\nSELECT ?o { ?s ?p ?o FILTER (STR(?o) = STR(?want)) } # }",
        "SELECT (?o AS ?x) WHERE { { SELECT ?o WHERE { ?s ?p ?o } } FILTER (?o = ?want) }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER (?o = ?want) }",
        "ASK { ?s ?p ?want }",
        "SELECT ?o WHERE { ?s ?p ?o FILTER (?o != \"}\" && ?o = ?want) }",
    ]
    for q in queries:
        for want in ["a", "b {", 'c"}', "zz"]:
            bound = bind_values(q, {"want": want})
            assert bound != q
            via_text = g.query(bound)
            via_bindings = g.query(q, initBindings={"want": Literal(want)})
            assert sorted(map(tuple, via_text)) == sorted(map(tuple, via_bindings)) if via_text.type != "ASK" else via_text.askAnswer == via_bindings.askAnswer, (q, want)
    with pytest.raises(ValueError):
        bind_values("CONSTRUCT WHERE { ?s ?p ?want }", {"want": "a"})
    with pytest.raises(ValueError):
        bind_values("SELECT * { ?s ?p ?o }", {"want": "a"})  # no such variable
    with pytest.raises(ValueError):
        bind_values("# param: who  a name\nSELECT * { ?s ?p ?who }", {})  # declared, not given
    with pytest.raises(ValueError):
        sparql_term(URIRef("http://ex/a> } #"))
    assert sparql_term(Literal("2024-05-01", datatype=rdflib.XSD.date)) == '"2024-05-01"^^<http://www.w3.org/2001/XMLSchema#date>'


# --- the command line ---------------------------------------------------------------------


def _plain_and_stored(tmp_path):
    """A plain build of the examples, and the same articles added to a store in two runs."""
    inputs = [str(EXAMPLES / "articles.jsonl"), str(EXAMPLES / "briefing.txt")]
    plain = runner.invoke(app, ["build", *inputs, "--out", str(tmp_path / "plain")])
    assert plain.exit_code == 0, plain.output
    day1 = runner.invoke(app, ["build", inputs[1], "--store", str(tmp_path / "kg")])
    assert day1.exit_code == 0 and "1 new documents (0 already in the store)" in day1.output, day1.output
    assert not (tmp_path / "out").exists()  # with --store, files only when --out is given
    day2 = runner.invoke(app, ["build", *inputs, "--store", str(tmp_path / "kg"), "--out", str(tmp_path / "fromstore")])
    assert day2.exit_code == 0 and "4 new documents (1 already in the store)" in day2.output, day2.output
    return tmp_path / "plain", tmp_path / "kg", tmp_path / "fromstore"


def test_cli_store_builds_give_what_a_plain_build_gives(tmp_path, nlp):
    plain, kg, fromstore = _plain_and_stored(tmp_path)
    for name in ("graph.ttl", "events.csv", "graph.html"):
        assert (fromstore / name).read_bytes() == (plain / name).read_bytes(), name
    again = runner.invoke(app, ["build", str(EXAMPLES / "articles.jsonl"), "--store", str(kg)])
    assert again.exit_code == 0 and "0 new documents (4 already in the store)" in again.output
    # export, viz and the graph commands read the store.
    for fmt in ("ttl", "nt"):
        target = tmp_path / f"export.{fmt}"
        result = runner.invoke(app, ["export", str(kg), "--format", fmt, "--out", str(target)])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "export.ttl").read_bytes() == (plain / "graph.ttl").read_bytes()
    result = runner.invoke(app, ["viz", str(kg), "--out", str(tmp_path / "v.html")])
    assert result.exit_code == 0 and (tmp_path / "v.html").read_bytes() == (plain / "graph.html").read_bytes()
    for name, params in [("actor-events", ["-p", "actor=Rafael Moreira"]), (str(EXAMPLES / "visits.rq"), []),
                         ("actor-events", ["-p", 'actor=x" } UNION { ?s ?p ?o } #'])]:
        from_file = runner.invoke(app, ["query", str(plain / "graph.ttl"), name, *params, "--format", "csv"])
        from_store = runner.invoke(app, ["query", str(kg), name, *params, "--format", "csv"])
        assert from_store.exit_code == 0 and from_store.output == from_file.output


def test_cli_strict_leaves_the_store_untouched(tmp_path, nlp):
    good = tmp_path / "in.jsonl"
    good.write_text(json.dumps({"id": "a", "text": "Chile praised Peru on Monday."}) + "\n{broken\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(good), "--store", str(tmp_path / "kg"), "--strict"])
    assert result.exit_code == 1
    with GraphStore(tmp_path / "kg") as store:
        assert len(store) == 0 and store.triple_count() == 0
    result = runner.invoke(app, ["build", str(good), "--store", str(tmp_path / "kg")])
    assert result.exit_code == 3 and "1 new documents" in result.output


def test_docstring_examples_hold():
    import doctest

    from graphbuild.render import focus
    from graphbuild.cli import progress
    from graphbuild.query import sparqltext

    for module in (sparqltext, focus, progress):  # bind_values moved from store to sparqltext
        result = doctest.testmod(module)
        assert result.attempted and not result.failed, module.__name__
