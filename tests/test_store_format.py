"""The store format: recorded when a store is created, checked when it is
opened. A store holds ``asdict(DocumentResult)`` as JSON, so a store of
another format (or of none, from before graphbuild recorded it) is refused
with what to do, in the API and on the command line; and the records a
store format holds are pinned here, so that changing one without changing
``STORE_VERSION`` fails."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from graphbuild.cli.app import app
from graphbuild.pipeline import DocumentResult
from graphbuild.records import Article, Entity, Event, Evidence, Mention
from graphbuild.store import local
from graphbuild.store.local import GraphStore, StoreError
from graphbuild.store.results import STORE_VERSION
from graphbuild.triples.record import Triple

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _result() -> DocumentResult:
    chile = Entity(key="country/CHL", label="Chile", type="Country", country="CHL")
    peru = Entity(key="country/PER", label="Peru", type="Country", country="PER")
    ev = Event(type="CONSULT", actor=chile.key, recipient=peru.key, status="asserted", predicate="meets",
               evidence=(Evidence(doc_id="d1", sentence="Chile met Peru.", start=0, end=15),))
    return DocumentResult(Article(id="d1", text="", date="2024-05-01"), (), (chile, peru), (ev,))


def _recorded(path: Path) -> list[str]:
    store = ox.Store(str(path))
    try:
        return [q.object.value for q in store.quads_for_pattern(local.STORE_IRI, local.FORMAT, None, local.META_GRAPH)]
    finally:
        del store  # RocksDB releases its lock


def _record(path: Path, version: str | None) -> None:
    """Rewrite the format a store records, as another graphbuild would have left it."""
    store = ox.Store(str(path))
    for quad in list(store.quads_for_pattern(local.STORE_IRI, local.FORMAT, None, local.META_GRAPH)):
        store.remove(quad)
    if version is not None:
        store.add(ox.Quad(local.STORE_IRI, local.FORMAT, ox.Literal(version), local.META_GRAPH))
    store.flush()
    del store


@pytest.fixture()
def kg_store(tmp_path) -> Path:
    path = tmp_path / "kg"
    with GraphStore(path, create=True) as store:
        store.add([_result()])
    return path


def test_a_new_store_records_the_current_format_and_opens_again(kg_store):
    assert _recorded(kg_store) == [STORE_VERSION]
    with GraphStore(kg_store) as store:
        assert len(store) == 1 and store.triple_count() > 0
    result = runner.invoke(app, ["query", str(kg_store), "who-met-whom", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "Chile" in result.output


@pytest.mark.parametrize("version,held", [("1", "store format 1"), (None, "no store format recorded")])
def test_a_store_of_another_format_is_refused_with_what_to_do(kg_store, version, held):
    _record(kg_store, version)
    with pytest.raises(StoreError) as caught:
        GraphStore(kg_store)
    message = str(caught.value)
    assert message.startswith(f"{kg_store}: this store has {held}")
    assert f"reads store format {STORE_VERSION} only" in message
    assert "graphbuild build ARTICLES --store NEW_FOLDER" in message and "\n" not in message
    # Refused without a change: still the same format, and not locked.
    assert _recorded(kg_store) == ([version] if version else [])


def test_the_command_line_says_it_in_one_line(kg_store):
    _record(kg_store, "1")
    done = subprocess.run(
        [sys.executable, "-m", "graphbuild.cli", "query", str(kg_store), "who-met-whom"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith(f"graphbuild: {kg_store}: this store has store format 1")
    assert "--store NEW_FOLDER" in lines[0]


def test_an_rdf_store_not_made_by_graphbuild_is_still_told_apart(tmp_path):
    path = tmp_path / "other"
    store = ox.Store(str(path))
    store.add(ox.Quad(ox.NamedNode("http://ex/s"), ox.NamedNode("http://ex/p"), ox.Literal("o")))
    store.flush()
    del store
    with pytest.raises(StoreError, match="is an RDF store not made by graphbuild"):
        GraphStore(path)


# The records of store format STORE_VERSION, field by field (name, annotation).
RECORDS = {
    "2": {
        "DocumentResult": [("article", "Article"), ("mentions", "tuple[Mention, ...]"), ("entities", "tuple[Entity, ...]"),
                           ("events", "tuple[Event, ...]"), ("triples", "tuple[Triple, ...]"), ("sentences", "int")],
        "Article": [("id", "str"), ("text", "str"), ("date", "str | None"), ("title", "str | None"), ("source", "str | None"),
                    ("url", "str | None"), ("origin", "str"), ("dateline", "str | None")],
        "Mention": [("doc_id", "str"), ("text", "str"), ("start", "int"), ("end", "int"), ("type", "str"), ("label", "str"),
                    ("country", "str | None"), ("role", "str | None"), ("key", "str"), ("sector", "str | None")],
        "Entity": [("key", "str"), ("label", "str"), ("type", "str"), ("country", "str | None"), ("role", "str | None"),
                   ("aliases", "tuple[str, ...]"), ("located_in", "str | None"), ("sector", "str | None")],
        "Event": [("type", "str"), ("actor", "str"), ("recipient", "str | None"), ("status", "str"), ("predicate", "str"),
                  ("mode", "str | None"), ("date", "str | None"), ("date_text", "str | None"), ("evidence", "tuple[Evidence, ...]"),
                  ("id", "str"), ("location", "str | None"), ("actor_sector", "str | None"), ("recipient_sector", "str | None")],
        "Evidence": [("doc_id", "str"), ("sentence", "str"), ("start", "int"), ("end", "int"), ("trigger", "str"),
                     ("source", "str | None"), ("url", "str | None"), ("published", "str | None"), ("attribution", "str | None")],
        "Triple": [("doc_id", "str"), ("sentence_index", "int"), ("subject", "str"), ("predicate", "str"), ("object", "str"),
                   ("sentence", "str"), ("start", "int"), ("end", "int"), ("subject_entity", "str | None"),
                   ("object_entity", "str | None"), ("negated", "bool"), ("source", "str | None"),
                   ("source_entity", "str | None"), ("event_id", "str")],
    },
}


def test_the_stored_records_are_those_of_the_store_format():
    stored = {cls.__name__: [(f.name, str(f.type)) for f in fields(cls)]
              for cls in (DocumentResult, Article, Mention, Entity, Event, Evidence, Triple)}
    assert STORE_VERSION in RECORDS, "a new STORE_VERSION: add its records to RECORDS here"
    assert stored == RECORDS[STORE_VERSION], (
        "a record a store keeps has changed: stores written before cannot be read back as they were. "
        "Change STORE_VERSION in graphbuild/store/results.py (such stores are then refused, with what to do) "
        "and add the new records to RECORDS here."
    )
