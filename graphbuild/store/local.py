"""The graph on disk, added to build after build, and graphs sent to a SPARQL server.

``GraphStore`` keeps a corpus graph in an embedded pyoxigraph store (RocksDB:
transactional, with its own SPARQL engine), so that a day's articles can be
added without reading earlier ones again::

    graphbuild build monday/ --store kg/
    graphbuild build tuesday/ --store kg/       # Monday's articles are not parsed again
    graphbuild query kg/ actor-events -p actor=Blinken

What is stored, and why
-----------------------
The graph of a corpus is not the sum of per-article graphs: an event told on
Monday and again on Tuesday becomes one event with two sources (and its
``sourceCount`` changes), a person called "Blinken" on Monday is unified with
"Antony Blinken" read on Tuesday, and entity records merge their aliases.
Which of these happen depends on the whole corpus, and the clustering of
reports into events depends on every report (``graph.corroborate``), so a
merged graph cannot be patched correctly from the new articles alone.

So the store keeps the *source of truth* and a *derived view*:

- Named graph ``RESULTS_GRAPH``: per document, one triple
  ``<document IRI> gbs:result "JSON"`` holding the document's
  ``DocumentResult`` (metadata, mentions, entities, raw events with their
  evidence), exactly what ``pipeline.extract_document`` gave. This is what
  re-parsing the article would give, without the parsing.
- The default graph: the merged graph of all stored documents, exactly the
  triples of ``rdf.to_rdf(pipeline.assemble_results(all results))``. SPARQL
  queries read it with the store's own engine.
- Named graph ``TURTLE_GRAPH``: per subject of the default graph, its
  Turtle statement (``rdf.turtle_block``). ``turtle()`` sorts and joins
  them into the file ``rdf.dumps(kg, "ttl")`` writes, byte for byte,
  without decoding the million terms of the graph again (that alone takes
  oxigraph longer than the whole export this way).

Adding documents writes their results and a "stale" mark in one transaction,
then re-assembles the graph from all stored results (JSON decoding and
``assemble_results``: no parsing, linear in the number of events) and brings
the default graph up to date by difference: only the triples that changed
are written or removed, and the Turtle statements of the subjects whose
triples changed are written again. A crash between the two steps leaves the
mark; the next open re-derives the view and every Turtle statement.
``knowledge_graph()`` re-assembles from the results too, so ``export``/``viz``
from a store give byte for byte what a plain build of the same articles gives.

So an add costs time in proportion to the whole store (about 21 to 25 s for a
million triples, benchmarks/bench_store.py), not to the new articles. Making
it incremental and still exact needs per-key indexes (which documents
mention an entity, which reports share an event's cluster) and a diff of the
assembled graph object by object; not done yet.

An article whose id is already in the store is not added again (the
earlier version is kept) when its text is the same; each document's text is
kept as a SHA-256 fingerprint (``text_hash``), so a changed text under a
stored id is told apart: ``add(..., replace=True)`` takes the new version,
otherwise the caller reports it (``build --store`` names the id and both
sources). Stores written before the fingerprints cannot tell, and keep the
stored version.

RocksDB locks the directory: a store is opened by one process at a time;
another process gets ``StoreBusy``.

A SPARQL 1.1 server
-------------------
``push`` sends a graph to a server over the Graph Store HTTP Protocol: one
named graph per source document (named by the document's IRI, as in
``rdf.to_dataset``) holding what that document alone says, plus
``SHARED_GRAPH`` for what several or none say (corroborated events,
entities, document metadata); see ``document_graphs``. Each graph is
replaced (HTTP PUT), so pushing again is safe.
``query_endpoint`` runs a query on a server's SPARQL endpoint; parameters
are bound as on a graph file and in a store (``sparqltext.bind_values``:
VALUES rows in every group that uses them, serialized with every quote,
backslash and line end escaped, never pasted as text), and a SERVICE
clause is refused unless allowed. Every part of the server's answer is
checked: a malformed one is a ``RemoteError`` naming the URL and the fault. A server holding pushed graphs answers graphbuild's queries when its
default graph is the union of its graphs (``oxigraph serve
--union-default-graph``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from graphbuild.records import Article, Entity, Event, Evidence, KnowledgeGraph, Mention
from graphbuild.rdf.namespace import DATA, PREFIXES, document_iri
from graphbuild.pipeline import DocumentResult, assemble_results
from graphbuild.query.sparqltext import _IRIREF, _LANGTAG, bind_values, query_form, refuse_service, sparql_term  # noqa: F401 (sparql_term: part of this API
from graphbuild.triples.record import Triple
from graphbuild.query.run import describe_query
from graphbuild.rdf import write as rdf
from graphbuild.rdf.write import OX_LITERALS, OxTerms as _Terms, _statements, to_oxigraph  # noqa: F401 (to_oxigraph: part of this API

FORMAT_VERSION = "1"
STORE_NS = "https://w3id.org/graphbuild/store#"
STORE_IRI = ox.NamedNode("https://w3id.org/graphbuild/store")
RESULTS_GRAPH = ox.NamedNode("https://w3id.org/graphbuild/store/results")
META_GRAPH = ox.NamedNode("https://w3id.org/graphbuild/store/meta")
RESULT = ox.NamedNode(STORE_NS + "result")
FORMAT = ox.NamedNode(STORE_NS + "formatVersion")
STATE = ox.NamedNode(STORE_NS + "state")
_STALE = ox.Quad(STORE_IRI, STATE, ox.Literal("stale"), META_GRAPH)
TEXT_HASH = ox.NamedNode(STORE_NS + "textSha256")  # per document, in RESULTS_GRAPH
TURTLE_GRAPH = ox.NamedNode("https://w3id.org/graphbuild/store/turtle")
TURTLE = ox.NamedNode(STORE_NS + "turtle")
TURTLE_CACHE = ox.NamedNode(STORE_NS + "turtleBlocks")
_TURTLE_READY = ox.Quad(STORE_IRI, TURTLE_CACHE, ox.Literal("1"), META_GRAPH)

#: Where ``push`` puts the triples that belong to no one document.
SHARED_GRAPH = URIRef(DATA + "graph/shared")

_XSD_STRING = str(XSD.string)


class StoreError(RuntimeError):
    """Not a graphbuild store, or one that cannot be opened."""


class StoreBusy(StoreError):
    """Another process has the store open."""


class RemoteError(RuntimeError):
    """A SPARQL server refused a request or could not be reached."""


# ---------------------------------------------------------------------------
# DocumentResult <-> JSON


def encode_result(result: DocumentResult) -> str:
    """A document's result as JSON text (ASCII: lone surrogates survive)."""
    return json.dumps(asdict(result), sort_keys=True, separators=(",", ":"))


def decode_result(text: str) -> DocumentResult:
    """The ``DocumentResult`` that ``encode_result`` wrote; equal to it."""
    data = json.loads(text)
    return DocumentResult(
        article=Article(**data["article"]),
        mentions=tuple(Mention(**m) for m in data["mentions"]),
        entities=tuple(Entity(**{**e, "aliases": tuple(e["aliases"])}) for e in data["entities"]),
        events=tuple(
            Event(**{**ev, "evidence": tuple(Evidence(**x) for x in ev["evidence"])}) for ev in data["events"]
        ),
        triples=tuple(Triple(**t) for t in data.get("triples", ())),
        sentences=data.get("sentences", 0),
    )


# ---------------------------------------------------------------------------
# rdflib <-> pyoxigraph terms


def to_rdflib(term) -> Node | None:
    """The rdflib term for a pyoxigraph term (``None`` stays ``None``).

    A plain ``xsd:string`` literal comes back without datatype, as rdflib
    reads it from a file.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"cannot convert {type(term).__name__}")


def count_triples(kg: KnowledgeGraph) -> int:
    """``len(rdf.to_rdf(kg))`` without building an rdflib graph."""
    return len({triple for triple, _ in _statements(kg, OX_LITERALS)})


def graph_quads(kg: KnowledgeGraph) -> set[ox.Quad]:
    """The triples of ``rdf.to_rdf(kg)`` as quads of the default graph."""
    term = _Terms()
    return {ox.Quad(term(s), term(p), term(o)) for (s, p, o), _ in _statements(kg, OX_LITERALS)}


def text_hash(text: str) -> str:
    """The fingerprint a store keeps of a document's text (SHA-256, hex)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _subject(nt: str):
    """The subject term of its N-Triples text (an IRI or a blank node)."""
    return ox.NamedNode(nt[1:-1]) if nt.startswith("<") else ox.BlankNode(nt[2:])


def _prefixes() -> dict[str, str]:
    return {name: str(ns) for name, ns in PREFIXES.items()}


# ---------------------------------------------------------------------------
# The store


@dataclass(frozen=True)
class AddReport:
    """What ``GraphStore.add`` did: ids added, ids already there (not added)."""

    added: tuple[str, ...]
    already: tuple[str, ...]


def is_store(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a folder holding an (oxigraph) store."""
    path = Path(path)
    return path.is_dir() and (path / "CURRENT").is_file()


class GraphStore:
    """A graphbuild store in a folder; use as a context manager.

    ``create=True`` makes the folder (or an empty one) into a store; a
    folder that holds other files is refused. Raises ``StoreBusy`` when
    another process has it open, ``StoreError`` when it is not a store.
    """

    def __init__(self, path: str | os.PathLike, *, create: bool = False):
        self.path = Path(path)
        if not is_store(self.path):
            if not create:
                if not self.path.exists():
                    raise FileNotFoundError(f"{self.path}: no such store")
                raise StoreError(f"{self.path} is not a graphbuild store")
            if self.path.exists() and (not self.path.is_dir() or any(self.path.iterdir())):
                raise StoreError(f"{self.path} exists and is not a graphbuild store; give a new or empty folder")
        try:
            self._store = ox.Store(str(self.path))
        except OSError as err:
            if "lock" in str(err).lower():
                raise StoreBusy(f"{self.path} is open in another process (a store is used by one process at a time)") from err
            raise StoreError(f"{self.path}: cannot open the store: {err}") from err
        version = [q.object.value for q in self._store.quads_for_pattern(STORE_IRI, FORMAT, None, META_GRAPH)]
        if not version:
            if any(True for _ in self._store.quads_for_pattern(None, None, None, None)):
                self.close()
                raise StoreError(f"{self.path} is an RDF store not made by graphbuild")
            self._store.add(ox.Quad(STORE_IRI, FORMAT, ox.Literal(FORMAT_VERSION), META_GRAPH))
        elif version != [FORMAT_VERSION]:
            self.close()
            raise StoreError(f"{self.path}: store format {version} (this graphbuild reads {FORMAT_VERSION})")
        self._kg: KnowledgeGraph | None = None
        if self.stale or not any(True for _ in self._store.quads_for_pattern(STORE_IRI, TURTLE_CACHE, None, META_GRAPH)):
            self.refresh(full=True)  # after a crash, or a store written before the Turtle blocks

    # -- lifecycle

    def close(self) -> None:
        store = getattr(self, "_store", None)
        if store is not None:
            store.flush()
            self._store = None
            del store  # RocksDB releases its lock when the object goes

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- documents

    def has_document(self, doc_id: str) -> bool:
        subject = ox.NamedNode(str(document_iri(doc_id)))
        return any(True for _ in self._store.quads_for_pattern(subject, RESULT, None, RESULTS_GRAPH))

    def stored(self, doc_id: str) -> tuple[str | None, str | None] | None:
        """(text fingerprint, origin) of a stored document, None when it is
        not stored; the fingerprint is None in stores written before them."""
        subject = ox.NamedNode(str(document_iri(doc_id)))
        results = [q.object.value for q in self._store.quads_for_pattern(subject, RESULT, None, RESULTS_GRAPH)]
        if not results:
            return None
        hashes = [q.object.value for q in self._store.quads_for_pattern(subject, TEXT_HASH, None, RESULTS_GRAPH)]
        return (hashes[0] if hashes else None), json.loads(results[0])["article"].get("origin")

    def __len__(self) -> int:
        """The number of stored documents."""
        return sum(1 for _ in self._store.quads_for_pattern(None, RESULT, None, RESULTS_GRAPH))

    def results(self) -> list[DocumentResult]:
        """Every stored ``DocumentResult``, by document id."""
        found = [decode_result(q.object.value) for q in self._store.quads_for_pattern(None, RESULT, None, RESULTS_GRAPH)]
        return sorted(found, key=lambda r: r.article.id)

    def knowledge_graph(self) -> KnowledgeGraph:
        """The graph of every stored document, as a build of them all gives it."""
        if self._kg is None:
            self._kg = assemble_results(self.results())
        return self._kg

    @property
    def stale(self) -> bool:
        return any(True for _ in self._store.quads_for_pattern(_STALE.subject, STATE, None, META_GRAPH))

    def add(
        self, results: Iterable[DocumentResult], text_hashes: Mapping[str, str] | None = None, *, replace: bool = False
    ) -> AddReport:
        """Store the documents not already stored; bring the graph up to date.

        ``text_hashes`` maps a document id to ``text_hash`` of its text (kept,
        so that a changed text can be told apart later); with ``replace``, a
        stored document is replaced by a new result under its id.
        """
        new: dict[str, DocumentResult] = {}
        already: list[str] = []
        for result in results:
            doc_id = result.article.id
            if doc_id in new or (not replace and self.has_document(doc_id)):
                already.append(doc_id)
            else:
                new[doc_id] = result
        if new:
            quads = []
            for doc_id, r in new.items():
                subject = ox.NamedNode(str(document_iri(doc_id)))
                quads.append(ox.Quad(subject, RESULT, ox.Literal(encode_result(r)), RESULTS_GRAPH))
                if text_hashes and doc_id in text_hashes:
                    quads.append(ox.Quad(subject, TEXT_HASH, ox.Literal(text_hashes[doc_id]), RESULTS_GRAPH))
            replaced = [doc_id for doc_id in new if replace and self.has_document(doc_id)]
            if replaced:
                self._replace(replaced, quads)
            else:
                self._store.extend([*quads, _STALE])  # one transaction
            self._kg = None
            self.refresh()
        return AddReport(tuple(new), tuple(already))

    def _replace(self, doc_ids: list[str], quads: list[ox.Quad]) -> None:
        """Drop the stored results of ``doc_ids`` and store ``quads``, in one
        SPARQL update (one transaction: a crash keeps the old or the new)."""
        graph = f"<{RESULTS_GRAPH.value}>"
        drops = [f"DELETE WHERE {{ GRAPH {graph} {{ <{document_iri(d)}> ?p ?o }} }}" for d in doc_ids]
        triples = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
        stale = ox.serialize([ox.Triple(_STALE.subject, _STALE.predicate, _STALE.object)], format=ox.RdfFormat.N_TRIPLES)
        insert = f"INSERT DATA {{ GRAPH {graph} {{ {triples.decode()} }} GRAPH <{META_GRAPH.value}> {{ {stale.decode()} }} }}"
        self._store.update(" ;\n".join([*drops, insert]))

    def refresh(self, full: bool = False) -> tuple[int, int]:
        """Re-derive the merged graph from the stored results.

        Returns (triples added, triples removed). The Turtle block of each
        subject whose triples changed is written again; ``full`` writes
        every block again (on opening a store left stale).
        """
        wanted = graph_quads(self.knowledge_graph())
        present = set(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        added, removed = wanted - present, present - wanted
        if added:
            if present:
                self._store.extend(added)
            else:  # first load: faster, and the stale mark covers a crash
                self._store.bulk_extend(added)
        for quad in removed:
            self._store.remove(quad)
        if full:
            self._write_turtle(wanted, None)
        else:
            self._write_turtle(wanted, {q.subject for q in added} | {q.subject for q in removed})
        self._store.remove(_STALE)
        self._store.flush()
        return len(added), len(removed)

    def _write_turtle(self, graph: set[ox.Quad], subjects: set | None) -> None:
        """Store the Turtle block (``rdf.turtle_block``) of each of
        ``subjects`` (all when None), as ``graph`` now holds them."""
        if subjects is None:
            self._store.clear_graph(TURTLE_GRAPH)
            chosen = graph
        else:
            chosen = [q for q in graph if q.subject in subjects]
            stale = [q for s in subjects for q in self._store.quads_for_pattern(s, TURTLE, None, TURTLE_GRAPH)]
            for quad in stale:
                self._store.remove(quad)
        # Quads of the default graph are written as N-Triples lines.
        blocks = rdf.turtle_blocks(ox.serialize(chosen, format=ox.RdfFormat.N_QUADS))
        quads = [ox.Quad(_subject(s), TURTLE, ox.Literal(block), TURTLE_GRAPH) for s, block in blocks.items()]
        if subjects is None:
            self._store.bulk_extend([*quads, _TURTLE_READY])
        else:
            self._store.extend(quads)

    def turtle(self) -> str:
        """The merged graph as Turtle: byte for byte ``rdf.dumps`` of a
        plain build of the stored documents, read from the stored blocks."""
        return rdf.turtle_document(
            (str(q.subject), q.object.value) for q in self._store.quads_for_pattern(None, TURTLE, None, TURTLE_GRAPH)
        )

    def triple_count(self) -> int:
        """Triples of the merged graph."""
        result = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(result))["n"].value)

    # -- reading the merged graph

    def query(
        self, sparql: str, bindings: Mapping[str, str | Node] | None = None, *, allow_service: bool = False
    ) -> tuple[list[str], list[tuple]]:
        """SPARQL on the merged graph, as ``query.run_query`` on a graph file.

        Parameters are bound by ``bind_values`` as on a graph file and a
        SPARQL server (oxigraph's own ``substitutions`` accept only projected
        variables), never pasted in; SERVICE is refused unless allowed; the graphbuild prefixes need no PREFIX lines. Rows
        hold rdflib terms.
        """
        refuse_service(sparql, allow_service)
        result = self._store.query(bind_values(sparql, bindings), prefixes=_prefixes())
        if isinstance(result, ox.QueryBoolean):
            return ["ask"], [(Literal(bool(result)),)]
        if isinstance(result, ox.QueryTriples):
            return ["subject", "predicate", "object"], sorted(
                (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in result
            )
        names = [v.value for v in result.variables]
        rows = [tuple(to_rdflib(solution[i]) for i in range(len(names))) for solution in result]
        return names, rows

    def dump(self, fmt: str = "nt") -> bytes:
        """The merged graph serialized by oxigraph (fast; not rdflib's layout)."""
        formats = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE}
        return self._store.dump(format=formats[fmt], from_graph=ox.DefaultGraph(), prefixes=_prefixes() if fmt == "ttl" else None)


# ---------------------------------------------------------------------------
# A SPARQL server: Graph Store HTTP Protocol and the SPARQL protocol


@dataclass(frozen=True)
class PushReport:
    graphs: int
    triples: int


def document_graphs(kg: KnowledgeGraph) -> dict[URIRef, list[tuple]]:
    """Named graph -> triples, for a server: each triple in exactly one graph.

    A triple that only one document gives (its evidence, the events only it
    reports) goes in that document's graph, named by the document's IRI as
    in ``rdf.to_dataset``; a triple that several documents give (an event
    told twice, a direct edge two events share) or none does (entities,
    document metadata) goes in ``SHARED_GRAPH``. So the union of the graphs
    is ``rdf.to_rdf(kg)`` with no triple twice: a server whose union default
    graph does not remove repeats (oxigraph's) still answers every query as
    the graph file does. Graphs by IRI.
    """
    owners: dict[tuple, URIRef | None] = {}
    for triple, name in _statements(kg):
        if triple not in owners:
            owners[triple] = name
        elif owners[triple] != name:
            owners[triple] = None
    graphs: dict[URIRef, list[tuple]] = {}
    for triple, name in owners.items():
        graphs.setdefault(name if name is not None else SHARED_GRAPH, []).append(triple)
    return {name: graphs[name] for name in sorted(graphs)}


def _ntriples(triples: list[tuple]) -> bytes:
    term = _Terms()
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
        if not isinstance(lang, str) or not _LANGTAG.fullmatch(lang):
            raise RemoteError(f"{url}: malformed SPARQL JSON results: bad language tag in {_short(cell)}")
        return Literal(value, lang=lang)
    if datatype is None or datatype == _XSD_STRING:
        return Literal(value)
    if not isinstance(datatype, str) or not _IRIREF.fullmatch(f"<{datatype}>"):
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
    text = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in _prefixes().items()) + bind_values(sparql, bindings)
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


__all__ = [
    "AddReport",
    "GraphStore",
    "PushReport",
    "RemoteError",
    "SHARED_GRAPH",
    "StoreBusy",
    "StoreError",
    "bind_values",
    "count_triples",
    "decode_result",
    "document_graphs",
    "encode_result",
    "graph_quads",
    "is_store",
    "push",
    "query_endpoint",
    "sparql_term",
    "text_hash",
]
