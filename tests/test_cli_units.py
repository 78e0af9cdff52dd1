"""What the command line hands to the library, on small hand-made inputs
(no spaCy model): the output folder and its all-or-none files
(``outputs``), the articles a store still needs (``incremental``), the
Python API's inputs (``inputs``), and the CLI's own small helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
import typer

import graphbuild
import graphbuild.inputs as inputs
from graphbuild.api import Graph
from graphbuild.atomic import READY, STAGING_PREFIX
from graphbuild.cli import build as build_command
from graphbuild.cli import common
from graphbuild.cli import query as query_command
from graphbuild.graph.assemble import assemble
from graphbuild.incremental import NewArticles, changed_text_skip
from graphbuild.outputs import OUTPUT_FILES, output_folder, write_outputs
from graphbuild.records import Article, Entity, Event, Evidence
from graphbuild.render import viz
from graphbuild.store.results import text_hash
from graphbuild.triples.record import ALL, ENTITIES, NONE, Triple

SENTENCE = "Chile praised Peru on Monday."


def small_kg():
    """One article, two countries, one event, two open triples (one between the two)."""
    article = Article(id="a1", text=SENTENCE, date="2024-05-06", source="Wire")
    chile = Entity(key="country/CHL", label="Chile", type="Country", country="CHL")
    peru = Entity(key="country/PER", label="Peru", type="Country", country="PER")
    event = Event(type="SUPPORT", actor=chile.key, recipient=peru.key, status="asserted", predicate="praised",
                  evidence=(Evidence(doc_id="a1", sentence=SENTENCE, start=0, end=len(SENTENCE), trigger="praised"),))
    kg = assemble([article], [chile, peru], [event])
    kg.triples = [
        Triple("a1", 0, "Chile", "praised", "Peru", SENTENCE, 0, len(SENTENCE), chile.key, peru.key),
        Triple("a1", 0, "Chile", "praised on", "Monday", SENTENCE, 0, len(SENTENCE), chile.key, None),
    ]
    return kg


# ---------------------------------------------------------------------------
# outputs


def test_output_folder_is_out_unless_given_or_a_store():
    assert output_folder(None, to_store=False) == Path("out")
    assert output_folder(None, to_store=True) is None
    assert output_folder("site", to_store=True) == Path("site")
    assert output_folder(Path("site"), to_store=False) == Path("site")


def test_write_outputs_writes_the_four_files_and_counts_the_triples(tmp_path):
    folder = tmp_path / "new" / "out"  # made, parents too
    count = write_outputs(small_kg(), folder, title="Small")
    assert sorted(p.name for p in folder.iterdir()) == sorted(OUTPUT_FILES)  # no staging folder left
    assert count == len(rdflib.Graph().parse(folder / "graph.ttl"))
    assert "<title>Small</title>" in (folder / "graph.html").read_text("utf-8")
    assert "praised" in (folder / "events.csv").read_text("utf-8")


def test_write_outputs_puts_as_many_open_triples_in_the_rdf_as_the_mode_says(tmp_path):
    counts = {}
    for mode in (ALL, ENTITIES, NONE):
        kg = small_kg()
        kg.rdf_triples = mode
        counts[mode] = write_outputs(kg, tmp_path / mode)
    assert counts[ALL] > counts[ENTITIES] > counts[NONE]
    # triples.csv has all of them whatever the mode
    assert (tmp_path / ALL / "triples.csv").read_bytes() == (tmp_path / NONE / "triples.csv").read_bytes()


def test_write_outputs_leaves_the_previous_files_when_writing_fails(tmp_path, monkeypatch):
    folder = tmp_path / "out"
    write_outputs(small_kg(), folder)
    before = {name: (folder / name).read_bytes() for name in OUTPUT_FILES}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(viz, "render_html", broken)  # the last file written
    kg = small_kg()
    kg.rdf_triples = ALL  # a different graph.ttl, had it been switched in
    with pytest.raises(OSError, match="disk full"):
        write_outputs(kg, folder)
    assert {name: (folder / name).read_bytes() for name in OUTPUT_FILES} == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(OUTPUT_FILES)


def test_write_outputs_completes_a_killed_switch_and_drops_a_killed_staging(tmp_path):
    folder = tmp_path / "out"
    marked = folder / f"{STAGING_PREFIX}marked"
    marked.mkdir(parents=True)
    (marked / "notes.txt").write_text("from the killed build")
    (marked / READY).write_text("notes.txt\n")
    unmarked = folder / f"{STAGING_PREFIX}unmarked"
    unmarked.mkdir()
    (unmarked / "graph.ttl").write_text("half")
    write_outputs(small_kg(), folder)
    assert (folder / "notes.txt").read_text() == "from the killed build"
    assert not marked.exists() and not unmarked.exists()


def test_graph_save_writes_what_write_outputs_writes(tmp_path):
    kg = small_kg()
    kg.rdf_triples = ALL  # save always puts the triples between entities into the RDF
    files = Graph(kg).save(tmp_path / "saved", title="T")
    assert files == {"ttl": tmp_path / "saved" / "graph.ttl", "html": tmp_path / "saved" / "graph.html",
                     "csv": tmp_path / "saved" / "events.csv", "triples": tmp_path / "saved" / "triples.csv"}
    reference = small_kg()  # rdf_triples: entities
    write_outputs(reference, tmp_path / "ref", title="T")
    for name in OUTPUT_FILES:
        assert (tmp_path / "saved" / name).read_bytes() == (tmp_path / "ref" / name).read_bytes(), name
    assert kg.rdf_triples == ALL  # the graph itself is not changed


# ---------------------------------------------------------------------------
# incremental


class FakeStore:
    """What NewArticles asks of a store: (text hash, origin) by id."""

    def __init__(self, stored: dict):
        self._stored = stored

    def stored(self, doc_id):
        return self._stored.get(doc_id)


def articles(*pairs):
    return [Article(id=i, text=t, origin=f"in.jsonl:{n + 1}") for n, (i, t) in enumerate(pairs)]


def test_new_articles_without_a_store_are_all_of_them():
    new = NewArticles(articles(("a", "one"), ("b", "two")))
    assert [a.id for a in new] == ["a", "b"]
    assert (new.read, new.already, new.hashes) == (2, 0, {})


def test_new_articles_pass_over_what_the_store_holds():
    store = FakeStore({"a": (text_hash("one"), "old.jsonl:1"), "c": (None, "older.jsonl:2")})
    skips = []
    new = NewArticles(articles(("a", "one"), ("b", "two"), ("c", "three")), store, on_skip=skips.append)
    assert [a.id for a in new] == ["b"]  # c: a store from before fingerprints, taken as the same text
    assert (new.read, new.already, new.hashes, skips) == (3, 2, {"b": text_hash("two")}, [])


def test_new_articles_report_a_changed_text_and_keep_the_stored_one():
    store = FakeStore({"a": (text_hash("old text"), "old.jsonl:4")})
    skips = []
    new = NewArticles(articles(("a", "new text")), store, on_skip=skips.append)
    assert list(new) == [] and new.already == 1
    assert [str(s) for s in skips] == [
        "in.jsonl:1: document id 'a' is already in the store with another text "
        "(stored from old.jsonl:4); kept the stored one (--replace takes the new one)"
    ]


def test_new_articles_with_replace_take_a_changed_text_only():
    store = FakeStore({"a": (text_hash("old text"), "old.jsonl:4"), "b": (text_hash("same"), "old.jsonl:5")})
    skips = []
    new = NewArticles(articles(("a", "new text"), ("b", "same")), store, replace=True, on_skip=skips.append)
    assert [a.id for a in new] == ["a"]
    assert (new.already, new.hashes, skips) == (1, {"a": text_hash("new text")}, [])


def test_new_articles_read_their_input_as_a_stream():
    def endless():
        n = 0
        while True:
            n += 1
            yield Article(id=f"a{n}", text="x")

    new = NewArticles(endless())
    stream = iter(new)
    assert [next(stream).id, next(stream).id] == ["a1", "a2"]
    assert new.read == 2  # only what was asked for: the input is not read ahead


def test_changed_text_skip_names_both_origins():
    skip = changed_text_skip(Article(id="w1", text="x", origin="b.csv:3"), "a.csv:9")
    assert skip.origin == "b.csv:3" and "(stored from a.csv:9)" in skip.message


# ---------------------------------------------------------------------------
# inputs (the Python API's)


def test_the_package_gives_read_and_articles_from_from_inputs():
    assert graphbuild.read is inputs.read and graphbuild.articles_from is inputs.articles_from


def test_articles_from_keeps_one_of_a_repeated_text_and_refuses_a_clash():
    got = inputs.articles_from(["Chile praised Peru.", "Chile praised Peru.", {"id": 7, "text": "Peru thanked Chile."}])
    assert [a.id for a in got] == [inputs.text_id("Chile praised Peru."), "7"]
    with pytest.raises(ValueError, match="two different articles have the id 'x'"):
        inputs.articles_from([{"id": "x", "text": "one"}, {"id": "x", "text": "two"}])


def test_articles_from_names_the_bad_item():
    with pytest.raises(TypeError, match="item 1: 'id' must be a string or an integer, not float"):
        inputs.articles_from(["fine", {"id": 1.5, "text": "t"}])
    with pytest.raises(ValueError, match="item 0: 'date' 'soon' is not a day"):
        inputs.articles_from([{"text": "t", "date": "soon"}])


# ---------------------------------------------------------------------------
# the CLI's helpers


def test_fail_prints_one_line_and_exits_1(capsys):
    with pytest.raises(typer.Exit) as exit_:
        common.fail("bad\x1b[31m thing")
    assert exit_.value.exit_code == common.EXIT_FAILED == 1
    err = capsys.readouterr().err
    assert err.startswith("graphbuild: bad") and "\x1b" not in err and err.count("\n") == 1


def test_read_graph_file_says_missing_or_unreadable(tmp_path, capsys):
    with pytest.raises(typer.Exit):
        common.read_graph_file(tmp_path / "none.ttl")
    assert capsys.readouterr().err == f"graphbuild: {tmp_path / 'none.ttl'}: no such file\n"
    (tmp_path / "bad.ttl").write_text("not turtle @@")
    with pytest.raises(typer.Exit):
        common.read_graph_file(tmp_path / "bad.ttl")
    assert capsys.readouterr().err.startswith(f"graphbuild: {tmp_path / 'bad.ttl'}: cannot read graph: ")


def test_query_params_split_at_the_first_equals_sign(capsys):
    assert query_command._bindings(["actor=Rafael Moreira", "q=a=b"]) == {"actor": "Rafael Moreira", "q": "a=b"}
    with pytest.raises(typer.Exit):
        query_command._bindings(["=x"])
    assert "--param '=x': expected name=value" in capsys.readouterr().err


def test_build_summary_names_where_it_wrote():
    kg = small_kg()
    kg = (len(kg.articles), len(kg.entities), len(kg.events))
    folder, store = Path("out"), Path("kg")
    files = "out/graph.ttl, out/graph.html, out/events.csv, out/triples.csv"
    assert build_command._summary(kg, 40, 1.23, folder, None, 1, 0) == (
        f"1 documents, 2 entities, 1 events, 40 triples in 1.2 s -> {files}"
    )
    assert build_command._summary(kg, 40, 1.0, None, store, 1, 3) == (
        "1 new documents (3 already in the store) in 1.0 s; the store holds 1 documents, 2 entities, 1 events, 40 triples -> kg"
    )
    assert build_command._summary(kg, 40, 1.0, folder, store, 0, 1).endswith(f"-> kg, {files}")
