"""Issue 14: queries that cannot crash, call out, or mean different things.

Real engines only: rdflib on the built graph file, oxigraph in a store built
from the same articles, and ``oxigraph serve`` holding the pushed graph. The
servers that answer badly or record requests are real ``http.server``s on
127.0.0.1; nothing goes beyond the loopback address.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from graphbuild.cli.app import app
from graphbuild.query.run import run_query
from graphbuild.rdf.read import load_graph
from graphbuild.query.sparqltext import ServiceRefused, bind_values
from graphbuild.store.local import GraphStore
from graphbuild.store.remote import RemoteError, query_endpoint
from test_server import EXAMPLES, built, pushed, server  # noqa: F401 (fixtures)

runner = CliRunner()


class _Canned(BaseHTTPRequestHandler):
    """Answers each path with a fixed body; counts the requests it got."""

    answers: dict[str, tuple[str, bytes]] = {}
    requests: list[str] = []

    def _answer(self):
        type(self).requests.append(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        kind, body = self.answers.get(self.path.split("?")[0], ("text/plain", b"no"))
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def canned():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Canned)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


JSON = "application/sparql-results+json"
CELL = {"type": "literal", "value": "x"}
MALFORMED = {
    "/no-head": ({"results": {"bindings": []}}, "no 'head' object"),
    "/no-vars": ({"head": {}, "results": {"bindings": []}}, "no 'vars' list"),
    "/no-results": ({"head": {"vars": ["x"]}}, "no 'results' object"),
    "/cell-not-object": ({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": "plain"}]}}, "a cell is a string, not an object"),
    "/cell-no-value": ({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}}, "a cell has no string 'value'"),
    "/ill-typed": (
        {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "many", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}},
        "'many' is not a valid <http://www.w3.org/2001/XMLSchema#integer>",
    ),
    "/solution-not-object": ({"head": {"vars": ["x"]}, "results": {"bindings": [[CELL]]}}, "a solution is an array"),
    "/not-object": ([1, 2], "the answer is an array, not an object"),
    "/bad-boolean": ({"head": {}, "boolean": "yes"}, "'boolean' is a string"),
}


@pytest.fixture(scope="module")
def answers(canned):
    _Canned.answers = {path: (JSON, json.dumps(body).encode()) for path, (body, _) in MALFORMED.items()}
    _Canned.answers["/not-json"] = (JSON, b"{" * 100_000)
    _Canned.answers["/bad-nt"] = ("application/n-triples", b"<http://a> <http://b> oops .\n")
    return canned


def _one_line_failure(result, *parts):
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    for part in parts:
        assert part in lines[0], lines[0]


@pytest.mark.parametrize("path", sorted(MALFORMED))
def test_a_malformed_sparql_json_answer_is_one_message(answers, path):
    url = answers + path
    result = runner.invoke(app, ["query", "--endpoint", url, "SELECT ?x WHERE { ?x ?p ?o }"])
    _one_line_failure(result, url, MALFORMED[path][1])


def test_an_answer_that_is_not_json_is_one_message(answers):
    url = answers + "/not-json"
    _one_line_failure(runner.invoke(app, ["query", "--endpoint", url, "SELECT ?x WHERE { ?x ?p ?o }"]), url, "not SPARQL JSON results")


def test_malformed_n_triples_for_construct_is_one_message(answers):
    url = answers + "/bad-nt"
    result = runner.invoke(app, ["query", "--endpoint", url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"])
    _one_line_failure(result, url, "malformed N-Triples in the answer")


# ---------------------------------------------------------------------------
# SERVICE: no request leaves graphbuild unless asked for


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("kg") / "kg"
    result = runner.invoke(app, ["build", str(EXAMPLES / "articles.jsonl"), str(EXAMPLES / "briefing.txt"), "--store", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("engine", ["file", "store", "endpoint"])
def test_service_is_refused_on_every_engine_and_sends_nothing(canned, built, store, pushed, engine):
    _Canned.requests.clear()
    query = f"SELECT * WHERE {{ SERVICE <{canned}/sparql> {{ ?s ?p ?o }} }}"
    where = {"file": [str(built), query], "store": [str(store), query], "endpoint": ["--endpoint", f"{pushed}/query", query]}[engine]
    result = runner.invoke(app, ["query", *where])
    _one_line_failure(result, "SERVICE", "--allow-service")
    assert _Canned.requests == []


def test_service_as_a_name_is_not_the_keyword(built):
    graph = load_graph(built)
    names, _ = run_query(graph, "PREFIX ex: <http://example.org/> SELECT ?service WHERE { ?service ex:SERVICE ?o }")
    assert names == ["service"]
    with pytest.raises(ServiceRefused):
        run_query(graph, "select * { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_from_does_not_fetch_the_graph_it_names(canned, built):
    _Canned.requests.clear()
    run_query(load_graph(built), f"SELECT * FROM <{canned}/graph.ttl> WHERE {{ ?s ?p ?o }} LIMIT 1")
    assert _Canned.requests == []


# ---------------------------------------------------------------------------
# a parameter means the same on a file, a store and a server

SHAPES = {
    "group": "SELECT ?e WHERE { ?e a ?t . { ?e skos:prefLabel ?l . FILTER(STR(?l) = ?want) } }",
    "nested": "SELECT ?e WHERE { { ?e skos:prefLabel ?l . FILTER(STR(?l) = ?want) } }",
    "subquery": "SELECT ?e WHERE { { SELECT ?e WHERE { ?e skos:prefLabel ?l FILTER(STR(?l) = ?want) } } }",
    "union": "SELECT ?e WHERE { { ?e skos:altLabel ?l FILTER(STR(?l) = ?want) } UNION { ?e skos:prefLabel ?l FILTER(STR(?l) = ?want) } }",
    "optional": "SELECT ?e ?l WHERE { ?e a gb:Country . OPTIONAL { ?e skos:prefLabel ?l FILTER(STR(?l) = ?want) } }",
    "minus": "SELECT ?e WHERE { ?e a gb:Country . MINUS { ?e skos:prefLabel ?l FILTER(STR(?l) = ?want) } }",
    "exists": "SELECT ?e WHERE { ?e a ?t FILTER EXISTS { ?e skos:prefLabel ?l FILTER(STR(?l) = ?want) } }",
    "not-exists": "SELECT ?e WHERE { ?e a gb:Country FILTER NOT EXISTS { ?e skos:prefLabel ?l FILTER(STR(?l) = ?want) } }",
    "bind": "SELECT ?e WHERE { BIND(STR(?want) AS ?w) ?e skos:prefLabel ?l FILTER(STR(?l) = ?w) }",
    "projected": "SELECT ?e ?want WHERE { ?e skos:prefLabel ?l FILTER(STR(?l) = ?want) }",
}


def _rows(rows):
    return sorted(tuple("" if c is None else str(c) for c in row) for row in rows)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_parameter_gives_the_same_rows_on_file_store_and_server(built, store, pushed, shape):
    query = SHAPES[shape]
    params = {"want": "Nigeria"}
    graph = load_graph(built)
    # what the author means: the value written where the variable is
    expected = _rows(run_query(graph, query.replace("?want", '"Nigeria"').replace('?e "Nigeria"', "?e"))[1])
    on_file = _rows(run_query(graph, query, params)[1])
    with GraphStore(store) as kg:
        in_store = _rows(kg.query(query, params)[1])
    on_server = _rows(query_endpoint(f"{pushed}/query", query, params)[1])
    if shape == "projected":
        expected = [(e, "Nigeria") for (e,) in expected]
    assert on_file == in_store == on_server == expected
    if shape not in ("minus", "not-exists", "optional"):
        assert expected and all(row[0].endswith("NGA") for row in expected), expected


def test_binding_puts_a_values_row_in_each_group_that_uses_the_parameter():
    text = bind_values(SHAPES["subquery"], {"want": 'say "hi" } #'})
    assert text.count("VALUES (?want)") == 2
    assert '"say \\"hi\\" } #"' in text


def test_a_values_data_block_and_a_construct_template_get_no_row():
    query = "CONSTRUCT { ?e ?p ?want } WHERE { VALUES ?p { skos:prefLabel } ?e ?p ?l FILTER(?l = ?want) }"
    text = bind_values(query, {"want": "x"})
    assert text.count("VALUES (?want)") == 1 and text.index("VALUES (?want)") > text.index("WHERE")


def test_a_parameter_the_query_lacks_is_refused(built):
    with pytest.raises(ValueError, match="no variable"):
        run_query(load_graph(built), "SELECT ?e WHERE { ?e ?p ?o }", {"want": "x"})


def test_remote_errors_name_the_endpoint(answers):
    with pytest.raises(RemoteError, match="/no-head: malformed SPARQL JSON results"):
        query_endpoint(answers + "/no-head", "SELECT ?x WHERE { ?x ?p ?o }")


@pytest.mark.parametrize("engine", ["file", "store", "endpoint"])
def test_update_forms_are_refused_and_send_nothing(canned, built, store, pushed, engine):
    _Canned.requests.clear()
    for update in (f"LOAD <{canned}/data.ttl>", "DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"):
        where = {"file": [str(built), update], "store": [str(store), update], "endpoint": ["--endpoint", f"{pushed}/query", update]}[engine]
        result = runner.invoke(app, ["query", *where])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert _Canned.requests == []
