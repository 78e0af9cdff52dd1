"""Graphs sent to a SPARQL 1.1 server, and queries run on one.

``push`` sends a graph to a server over the Graph Store HTTP Protocol: one
named graph per source document (named by the document's IRI, as in
``rdf.statements.to_dataset``) holding what that document alone says, plus
``SHARED_GRAPH`` for what several or none say (corroborated events,
entities, document metadata); see ``document_graphs``. Each graph is
replaced (HTTP PUT), so pushing again is safe.

``query_endpoint`` runs a query on a server's SPARQL endpoint; parameters
are bound as on a graph file and in a store (``sparqltext.bind_values``:
VALUES rows in every group that uses them, serialized with every quote,
backslash and line end escaped, never pasted as text), and a SERVICE
clause is refused unless allowed. Every part of the server's answer is
checked: a malformed one is a ``RemoteError`` naming the URL and the fault.
A server holding pushed graphs answers graphbuild's queries when its
default graph is the union of its graphs (``oxigraph serve
--union-default-graph``).
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

import httpx
import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from graphbuild.records import KnowledgeGraph
from graphbuild.rdf.namespace import DATA, PREFIX_IRIS
from graphbuild.rdf.statements import statements
from graphbuild.rdf.terms import OxTerms, to_rdflib
from graphbuild.query.sparqltext import bind_values, is_iri_text, is_language_tag, query_form, refuse_service

#: Where ``push`` puts the triples that belong to no one document.
SHARED_GRAPH = URIRef(DATA + "graph/shared")

_XSD_STRING = str(XSD.string)


class RemoteError(RuntimeError):
    """A SPARQL server refused a request or could not be reached."""


@dataclass(frozen=True)
class PushReport:
    graphs: int
    triples: int


def document_graphs(kg: KnowledgeGraph) -> dict[URIRef, list[tuple]]:
    """Named graph -> triples, for a server: each triple in exactly one graph.

    A triple that only one document gives (its evidence, the events only it
    reports) goes in that document's graph, named by the document's IRI as
    in ``rdf.statements.to_dataset``; a triple that several documents give (an event
    told twice, a direct edge two events share) or none does (entities,
    document metadata) goes in ``SHARED_GRAPH``. So the union of the graphs
    is ``rdf.statements.to_rdf(kg)`` with no triple twice: a server whose union default
    graph does not remove repeats (oxigraph's) still answers every query as
    the graph file does. Graphs by IRI.
    """
    owners: dict[tuple, URIRef | None] = {}
    for triple, name in statements(kg):
        if triple not in owners:
            owners[triple] = name
        elif owners[triple] != name:
            owners[triple] = None
    graphs: dict[URIRef, list[tuple]] = {}
    for triple, name in owners.items():
        graphs.setdefault(name if name is not None else SHARED_GRAPH, []).append(triple)
    return {name: graphs[name] for name in sorted(graphs)}


def _ntriples(triples: list[tuple]) -> bytes:
    term = OxTerms()
    return ox.serialize([ox.Triple(term(s), term(p), term(o)) for s, p, o in triples], format=ox.RdfFormat.N_TRIPLES)


def _client(client: httpx.Client | None, timeout: float) -> httpx.Client:
    return client if client is not None else httpx.Client(timeout=timeout, trust_env=False)


def push(
    kg: KnowledgeGraph,
    url: str,
    *,
    timeout: float = 60.0,
    client: httpx.Client | None = None,
) -> PushReport:
    """Send the graph to a Graph Store HTTP Protocol endpoint (``url``, e.g.
    ``http://127.0.0.1:7878/store``): each named graph of
    ``document_graphs(kg)`` replaces the server's graph of that name."""
    http = _client(client, timeout)
    graphs = document_graphs(kg)
    sent = 0
    separator = "&" if "?" in url else "?"
    try:
        for name, triples in graphs.items():
            target = f"{url}{separator}graph={quote(str(name), safe='')}"
            try:
                response = http.put(target, content=_ntriples(triples), headers={"Content-Type": "application/n-triples"})
            except httpx.HTTPError as err:
                raise RemoteError(f"{url}: {err}") from err
            if response.status_code not in (200, 201, 204):
                raise RemoteError(f"{url}: graph {name}: HTTP {response.status_code} {response.text[:300]}")
            sent += len(triples)
    finally:
        if client is None:
            http.close()
    return PushReport(len(graphs), sent)


def _json_term(url: str, cell: object) -> Node:
    """The rdflib term of one cell of SPARQL JSON results; ``RemoteError``
    naming ``url`` and what is wrong with the cell when it is malformed."""
    if not isinstance(cell, dict):
        raise RemoteError(f"{url}: malformed SPARQL JSON results: a cell is {_kind(cell)}, not an object")
    value, kind = cell.get("value"), cell.get("type")
    if not isinstance(value, str):
        raise RemoteError(f"{url}: malformed SPARQL JSON results: a cell has no string 'value' ({_short(cell)})")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind not in ("literal", "typed-literal"):
        raise RemoteError(f"{url}: malformed SPARQL JSON results: unknown term type in {_short(cell)}")
    lang, datatype = cell.get("xml:lang"), cell.get("datatype")
    if lang is not None:
        if not isinstance(lang, str) or not is_language_tag(lang):
            raise RemoteError(f"{url}: malformed SPARQL JSON results: bad language tag in {_short(cell)}")
        return Literal(value, lang=lang)
    if datatype is None or datatype == _XSD_STRING:
        return Literal(value)
    if not isinstance(datatype, str) or not is_iri_text(datatype):
        raise RemoteError(f"{url}: malformed SPARQL JSON results: bad datatype in {_short(cell)}")
    term_log = logging.getLogger("rdflib.term")  # logs a traceback for an ill-typed literal
    level, term_log.disabled = term_log.disabled, True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            term = Literal(value, datatype=URIRef(datatype))
    finally:
        term_log.disabled = level
    if getattr(term, "ill_typed", False):
        raise RemoteError(f"{url}: malformed SPARQL JSON results: {value[:80]!r} is not a valid <{datatype}>")
    return term


def _kind(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 120 else text[:117] + "..."


def _select_rows(url: str, data: object) -> tuple[list[str], list[tuple]]:
    """Columns and rows of a SPARQL JSON results answer, every part checked."""
    bad = f"{url}: malformed SPARQL JSON results:"
    if not isinstance(data, dict):
        raise RemoteError(f"{bad} the answer is {_kind(data)}, not an object")
    if "boolean" in data:
        if not isinstance(data["boolean"], bool):
            raise RemoteError(f"{bad} 'boolean' is {_kind(data['boolean'])}, not true or false")
        return ["ask"], [(Literal(data["boolean"]),)]
    head, results = data.get("head"), data.get("results")
    if not isinstance(head, dict):
        raise RemoteError(f"{bad} no 'head' object")
    names = head.get("vars")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise RemoteError(f"{bad} no 'vars' list of names in 'head'")
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        raise RemoteError(f"{bad} no 'results' object with a 'bindings' list")
    rows = []
    for solution in results["bindings"]:
        if not isinstance(solution, dict):
            raise RemoteError(f"{bad} a solution is {_kind(solution)}, not an object")
        rows.append(tuple(_json_term(url, solution[n]) if n in solution else None for n in names))
    return list(names), rows


def _triples_rows(url: str, content: bytes) -> tuple[list[str], list[tuple]]:
    """The rows of a CONSTRUCT or DESCRIBE answer in N-Triples."""
    try:
        triples = list(ox.parse(content, format=ox.RdfFormat.N_TRIPLES))
    except (SyntaxError, ValueError) as err:
        raise RemoteError(f"{url}: malformed N-Triples in the answer: {str(err).splitlines()[0][:200]}") from None
    return ["subject", "predicate", "object"], sorted(
        {(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in triples}
    )


def query_endpoint(
    url: str,
    sparql: str,
    bindings: Mapping[str, str | Node] | None = None,
    *,
    timeout: float = 60.0,
    client: httpx.Client | None = None,
    allow_service: bool = False,
) -> tuple[list[str], list[tuple]]:
    """Run a query on a SPARQL 1.1 endpoint (``url``, e.g.
    ``http://127.0.0.1:7878/query``); returns what ``query.run_query`` does.

    The graphbuild prefixes are declared before the query (its own PREFIX
    lines come after them, and win)."""
    refuse_service(sparql, allow_service)
    form = query_form(sparql)
    text = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIX_IRIS.items()) + bind_values(sparql, bindings)
    accept = "application/n-triples" if form in ("CONSTRUCT", "DESCRIBE") else "application/sparql-results+json"
    http = _client(client, timeout)
    try:
        response = http.post(
            url,
            content=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
        )
    except httpx.HTTPError as err:
        raise RemoteError(f"{url}: {err}") from err
    finally:
        if client is None:
            http.close()
    if response.status_code != 200:
        raise RemoteError(f"{url}: HTTP {response.status_code} {response.text[:300]}")
    if form in ("CONSTRUCT", "DESCRIBE"):
        return _triples_rows(url, response.content)
    try:
        data = json.loads(response.content)
    except (ValueError, RecursionError) as err:
        raise RemoteError(f"{url}: the answer is not SPARQL JSON results: {str(err)[:200]}") from None
    return _select_rows(url, data)
