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
earlier version is kept): ids, not texts, identify documents.

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
are written as a ``VALUES`` block at the start of the query's WHERE group,
serialized with every quote, backslash and line end escaped, never pasted
as text. A server holding pushed graphs answers graphbuild's queries when its
default graph is the union of its graphs (``oxigraph serve
--union-default-graph``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .model import Article, Entity, Event, Evidence, KnowledgeGraph, Mention
from .namespace import DATA, PREFIXES, document_iri
from .pipeline import DocumentResult, assemble_results
from .triples.record import Triple
from .query import describe_query
from . import rdf
from .rdf import OX_LITERALS, OxTerms as _Terms, _clean, _statements, to_oxigraph  # noqa: F401 (to_oxigraph: part of this API)

FORMAT_VERSION = "1"
STORE_NS = "https://w3id.org/graphbuild/store#"
STORE_IRI = ox.NamedNode("https://w3id.org/graphbuild/store")
RESULTS_GRAPH = ox.NamedNode("https://w3id.org/graphbuild/store/results")
META_GRAPH = ox.NamedNode("https://w3id.org/graphbuild/store/meta")
RESULT = ox.NamedNode(STORE_NS + "result")
FORMAT = ox.NamedNode(STORE_NS + "formatVersion")
STATE = ox.NamedNode(STORE_NS + "state")
_STALE = ox.Quad(STORE_IRI, STATE, ox.Literal("stale"), META_GRAPH)
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


def _subject(nt: str):
    """The subject term of its N-Triples text (an IRI or a blank node)."""
    return ox.NamedNode(nt[1:-1]) if nt.startswith("<") else ox.BlankNode(nt[2:])


# ---------------------------------------------------------------------------
# Parameters


_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _check_bindings(sparql: str, bindings: Mapping[str, str | Node] | None) -> dict[str, Node]:
    """Variable name -> term, checked as ``query.run_query`` checks them."""
    bound: dict[str, Node] = {}
    for name, value in (bindings or {}).items():
        name = name.lstrip("?$")
        if not _VAR_NAME.fullmatch(name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
        if re.search(r"[?$]" + re.escape(name) + r"(?![A-Za-z0-9_\u00b7\u0300-\u036f\u203f\u2040])", sparql) is None:
            raise ValueError(f"the query has no variable ?{name}")
        if isinstance(value, str) and not isinstance(value, (URIRef, Literal)):
            value = Literal(value)
        if not isinstance(value, (URIRef, Literal)):
            raise TypeError(f"a parameter value must be a str or an rdflib URIRef/Literal, not {type(value).__name__}")
        bound[name] = value
    missing = [n for n, _ in describe_query(sparql).params if n not in bound]
    if missing:
        raise ValueError("missing query parameter(s): " + ", ".join(missing))
    return bound


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

    def add(self, results: Iterable[DocumentResult]) -> AddReport:
        """Store the documents not already stored; bring the graph up to date."""
        new: dict[str, DocumentResult] = {}
        already: list[str] = []
        for result in results:
            doc_id = result.article.id
            if doc_id in new or self.has_document(doc_id):
                already.append(doc_id)
            else:
                new[doc_id] = result
        if new:
            quads = [
                ox.Quad(ox.NamedNode(str(document_iri(doc_id))), RESULT, ox.Literal(encode_result(r)), RESULTS_GRAPH)
                for doc_id, r in new.items()
            ]
            self._store.extend([*quads, _STALE])  # one transaction
            self._kg = None
            self.refresh()
        return AddReport(tuple(new), tuple(already))

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

    def query(self, sparql: str, bindings: Mapping[str, str | Node] | None = None) -> tuple[list[str], list[tuple]]:
        """SPARQL on the merged graph, as ``query.run_query`` on a graph file.

        Parameters are bound by ``bind_values`` as on a SPARQL server
        (oxigraph's own ``substitutions`` accept only projected variables),
        never pasted in; the graphbuild prefixes need no PREFIX lines. Rows
        hold rdflib terms.
        """
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


# -- parameters as a VALUES block (the SPARQL protocol has no bindings)

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_LANGTAG = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'', re.S)


def _tokens(sparql: str) -> Iterator[tuple[int, str]]:
    """(offset, token) for the tokens that matter here: words, braces and
    other single characters; comments, strings and IRIs are skipped whole."""
    i, n = 0, len(sparql)
    while i < n:
        ch = sparql[i]
        if ch.isspace():
            i += 1
        elif ch == "#":
            end = sparql.find("\n", i)
            i = n if end < 0 else end + 1
        elif ch in "\"'":
            m = _STRING.match(sparql, i)
            if m is None:
                raise ValueError("unterminated string in the query")
            i = m.end()
        elif ch == "<" and (m := _IRIREF.match(sparql, i)):
            i = m.end()
        elif ch in "?$" and (m := _WORD.match(sparql, i + 1)):
            yield i, sparql[i : m.end()]
            i = m.end()
        elif m := _WORD.match(sparql, i):
            yield i, m.group()
            i = m.end()
        else:
            yield i, ch
            i += 1


def _where_group(sparql: str) -> int:
    """The offset just inside the ``{`` that opens the query's WHERE group."""
    tokens = _tokens(sparql)
    form = None
    for _, tok in tokens:
        if tok.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            form = tok.upper()
            break
    if form is None:
        raise ValueError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    if form == "CONSTRUCT":
        pos, tok = next(tokens, (None, None))
        if tok != "{":
            raise ValueError("CONSTRUCT WHERE { ... } cannot take parameters; write the template out")
        depth = 1
        for pos, tok in tokens:
            depth += {"{": 1, "}": -1}.get(tok, 0)
            if depth == 0:
                break
    for pos, tok in tokens:
        if tok == "{":
            return pos + 1
    raise ValueError("the query has no WHERE group to bind parameters in")


def sparql_term(term: Node) -> str:
    """A term as SPARQL text: quotes, backslashes and line ends escaped;
    an IRI that could end its ``<...>`` early is refused."""
    if isinstance(term, URIRef):
        text = f"<{term}>"
        if not _IRIREF.fullmatch(text):
            raise ValueError(f"not an IRI that can be written in SPARQL: {str(term)!r}")
        return text
    if isinstance(term, Literal):
        value = _clean(str(term))
        value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            if not _LANGTAG.fullmatch(term.language):
                raise ValueError(f"bad language tag {term.language!r}")
            return f'"{value}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f'"{value}"^^{sparql_term(URIRef(term.datatype))}'
        return f'"{value}"'
    raise TypeError(f"cannot write {type(term).__name__} into a query")


def bind_values(sparql: str, bindings: Mapping[str, str | Node] | None) -> str:
    """The query with its parameters bound by a ``VALUES`` block placed first
    in the WHERE group, where every pattern and FILTER of the group sees it.

    >>> bind_values('SELECT ?x WHERE { ?x ?p ?who }', {"who": 'a" } #'})
    'SELECT ?x WHERE { VALUES (?who) { ("a\\\\" } #") }\\n ?x ?p ?who }'
    """
    bound = _check_bindings(sparql, bindings)
    if not bound:
        return sparql
    at = _where_group(sparql)
    names = " ".join(f"?{n}" for n in bound)
    values = " ".join(sparql_term(v) for v in bound.values())
    return f"{sparql[:at]} VALUES ({names}) {{ ({values}) }}\n{sparql[at:]}"


def _query_form(sparql: str) -> str:
    for _, tok in _tokens(sparql):
        if tok.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return tok.upper()
    raise ValueError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def _json_term(cell: dict) -> Node:
    kind = cell.get("type")
    if kind == "uri":
        return URIRef(cell["value"])
    if kind == "bnode":
        return BNode(cell["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in cell:
            return Literal(cell["value"], lang=cell["xml:lang"])
        datatype = cell.get("datatype")
        if datatype and datatype != _XSD_STRING:
            return Literal(cell["value"], datatype=URIRef(datatype))
        return Literal(cell["value"])
    raise RemoteError(f"unexpected term in the results: {cell!r}")


def query_endpoint(
    url: str,
    sparql: str,
    bindings: Mapping[str, str | Node] | None = None,
    *,
    timeout: float = 60.0,
    client: httpx.Client | None = None,
) -> tuple[list[str], list[tuple]]:
    """Run a query on a SPARQL 1.1 endpoint (``url``, e.g.
    ``http://127.0.0.1:7878/query``); returns what ``query.run_query`` does.

    The graphbuild prefixes are declared before the query (its own PREFIX
    lines come after them, and win)."""
    form = _query_form(sparql)
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
        g = Graph()
        g.parse(data=response.content, format="nt")
        return ["subject", "predicate", "object"], sorted(tuple(t) for t in g)
    try:
        data = response.json()
    except ValueError as err:
        raise RemoteError(f"{url}: the answer is not SPARQL JSON results: {err}") from err
    if "boolean" in data:
        return ["ask"], [(Literal(bool(data["boolean"])),)]
    names = list(data["head"]["vars"])
    rows = [
        tuple(_json_term(b[n]) if n in b else None for n in names)
        for b in data["results"]["bindings"]
    ]
    return names, rows


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
]
