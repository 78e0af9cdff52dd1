"""push and query --endpoint against a real SPARQL 1.1 server: ``oxigraph
serve`` (the ``oxigraph`` package), started here on 127.0.0.1 on a free
port and stopped at the end. Nothing goes beyond the loopback address."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from graphbuild.cli.app import app
from graphbuild.rdf.namespace import document_iri
from graphbuild.store.remote import SHARED_GRAPH, RemoteError, push, query_endpoint

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
runner = CliRunner()
START_SECONDS = 30


def _oxigraph() -> str:
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the oxigraph server is not installed (pip install oxigraph)")
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The base URL of a fresh oxigraph server on 127.0.0.1."""
    port = _free_port()
    proc = subprocess.Popen(
        [_oxigraph(), "serve", "--location", str(tmp_path_factory.mktemp("server")), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                if httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=2, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph serve did not start: {proc.stderr.read().decode(errors='replace')[-500:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["build", str(EXAMPLES / "articles.jsonl"), str(EXAMPLES / "briefing.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def pushed(server, built):
    result = runner.invoke(app, ["push", str(built), "--to", f"{server}/store"])
    assert result.exit_code == 0, result.output
    return server


def _graphs(base: str) -> set[str]:
    _, rows = query_endpoint(f"{base}/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {str(g) for (g,) in rows}


def _count(base: str) -> int:
    _, rows = query_endpoint(f"{base}/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(rows[0][0])


def test_graphs_for_a_server_hold_each_triple_once(built):
    from graphbuild.rdf.read import from_rdf, load_graph
    from graphbuild.rdf.statements import to_rdf
    from graphbuild.store.remote import document_graphs

    kg = from_rdf(load_graph(built))
    graphs = document_graphs(kg)
    triples = [t for ts in graphs.values() for t in ts]
    assert len(triples) == len(set(triples)) and set(triples) == set(to_rdf(kg))
    # The visit told by two outlets is shared; each outlet's evidence is its own.
    from graphbuild.rdf.namespace import GB, event_iri

    harbor = document_iri("brazil-nigeria-harbor")
    visit = next(e for e in kg.events if e.mode == "visit" and e.source_count == 2)
    shared = set(graphs[SHARED_GRAPH])
    assert (event_iri(visit.id), GB.actor, next(o for s, p, o in shared if s == event_iri(visit.id) and p == GB.actor)) in shared
    assert not any(t[0] == event_iri(visit.id) and t[1] == GB.actor for t in graphs[harbor])
    assert any(p == GB.document and o == harbor for _, p, o in graphs[harbor])


def test_push_makes_one_named_graph_per_document(pushed):
    docs = ["brazil-nigeria-harbor", "brazil-nigeria-courier", "kyrgyz-tajik-clash", "eu-sudan-sanctions", "briefing"]
    assert _graphs(pushed) == {str(document_iri(d)) for d in docs} | {str(SHARED_GRAPH)}
    # The Courier's graph holds its evidence for the visit both outlets report.
    _, rows = query_endpoint(
        f"{pushed}/query",
        "SELECT ?n WHERE { GRAPH ?g { ?e gb:evidence ?x } ?e gb:mode 'visit' ; gb:sourceCount ?n ; gb:actor ?a . ?a skos:prefLabel 'Rafael Moreira' }",
        {"g": document_iri("brazil-nigeria-courier")},
    )
    assert [int(n) for (n,) in rows] == [2]


def test_pushing_again_replaces_rather_than_adds(pushed, built):
    before = _count(pushed)
    result = runner.invoke(app, ["push", str(built), "--to", f"{pushed}/store"])
    assert result.exit_code == 0 and _count(pushed) == before


@pytest.mark.parametrize(
    "name,params",
    [
        ("actor-events", ["-p", "actor=Rafael Moreira"]),
        ("actor-events", ["-p", "actor=RAFAEL MOREIRA"]),
        ("who-met-whom", []),
        (str(EXAMPLES / "visits.rq"), []),
        (str(EXAMPLES / "country-events.rq"), []),
        (str(EXAMPLES / "date-range.rq"), []),
        ("actor-events", ["-p", 'actor=x" } UNION { ?s ?p ?o } #']),
        ("actor-events", ["-p", "actor=x\\\" } UNION { ?s ?p ?o } #"]),
    ],
)
def test_endpoint_answers_as_the_file_does(pushed, built, name, params):
    local = runner.invoke(app, ["query", str(built), name, *params, "--format", "json"])
    remote = runner.invoke(app, ["query", "--endpoint", f"{pushed}/query", name, *params, "--format", "json"])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == json.loads(local.output)


def test_push_a_store(server, tmp_path, nlp):
    kg = tmp_path / "kg"
    result = runner.invoke(app, ["build", str(EXAMPLES / "briefing.txt"), "--store", str(kg)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["push", str(kg), "--to", f"{server}/store"])
    assert result.exit_code == 0 and "2 graphs" in result.output, result.output
    assert str(document_iri("briefing")) in _graphs(server)


def test_unreachable_server_fails_clearly(built):
    dead = f"http://127.0.0.1:{_free_port()}"
    result = runner.invoke(app, ["push", str(built), "--to", f"{dead}/store", "--timeout", "5"])
    assert result.exit_code == 1 and "push failed" in result.output
    result = runner.invoke(app, ["query", "--endpoint", f"{dead}/query", "who-met-whom"])
    assert result.exit_code == 1 and "query failed" in result.output
    with pytest.raises(RemoteError):
        query_endpoint(f"{dead}/query", "ASK {}", timeout=5)


def test_server_errors_are_reported(server):
    with pytest.raises(RemoteError, match="HTTP 4"):
        query_endpoint(f"{server}/query", "SELECT * WHERE { ?s ?p }")
    from graphbuild.records import Article, KnowledgeGraph

    kg = KnowledgeGraph(articles={"a": Article(id="a", text="")})
    with pytest.raises(RemoteError, match="HTTP 4"):
        push(kg, f"{server}/no-such-path")
