"""The graph on disk, added to build after build.

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
merged graph cannot be patched correctly from the new articles alone: it
needs what the stored ones gave to the keys and events the new ones touch.

So the store keeps the *source of truth* and a *derived view*:

- Named graph ``RESULTS_GRAPH``: per document, one triple
  ``<document IRI> gbs:result "JSON"`` holding the document's
  ``DocumentResult`` (metadata, mentions, entities, raw events with their
  evidence), exactly what ``pipeline.extract_document`` gave. This is what
  re-parsing the article would give, without the parsing.
- The default graph: the merged graph of all stored documents, exactly the
  triples of ``rdf.statements.to_rdf(pipeline.assemble_results(all results))``. SPARQL
  queries read it with the store's own engine.
- Named graph ``TURTLE_GRAPH``: per subject of the default graph, its
  Turtle statement (``rdf.turtle.turtle_block``). ``turtle()`` sorts and joins
  them into the file ``rdf.formats.dumps(kg, "ttl")`` writes, byte for byte,
  without decoding the million terms of the graph again (that alone takes
  oxigraph longer than the whole export this way).
- Named graph ``META_GRAPH``: the store format (``results.STORE_VERSION``),
  recorded when the store is created. The results are the records of
  ``graphbuild.records`` as JSON, so a store of another format is refused on
  opening, with what to do (rebuild it), rather than read into wrong records.
- Named graph ``STATE_GRAPH`` (``store.view``): what an add needs to know
  of the stored documents without reading them: per entity key the fold of
  its records (what merging them gives, wherever a new record falls in the
  corpus order), how often it is referred to and its direct edges; per event
  group (type, actor, recipient, status) its reports; per action predicate
  its labels, counted; per person key its last label (``store.state``).

Adding documents writes their results and a "stale" mark in one
transaction, then brings the view up to date from the new documents and
that state alone (``store.delta``): their entities fold into their keys'
records, their events join their groups, which are clustered again, and
only the nodes whose triples may change are written again, with their
Turtle blocks: the new documents, the touched keys, events, evidence and
action predicates, and the open triples of stored documents whose events'
ids changed. The result is byte for byte what re-assembling every stored
result gives (``tests/test_store_incremental.py`` adds documents in many
batchings and compares every graph of the store with one add). So an add
costs time in proportion to the new documents and what they touch, not to
the store: some 5 to 15 ms per document, at 10,000 triples as at a
million (``benchmarks/bench_store.py``).

Two changes reach across the corpus and are not patched: people unified
differently (a stored "Lindqvist" now joins "Ingrid Lindqvist" read
today, or a stored full name becomes the one others join), and a new
document whose evidence cites another. For those, and for ``replace``, the
add re-assembles the graph from all stored results (JSON decoding and
``assemble_results``: no parsing, 20 to 80 s for a million triples on a
busy 2-core machine), brings
the default graph up to date by difference and builds the state anew; so
does the first add to an empty store. A crash between the two steps leaves
the mark; the next open re-derives the view, every Turtle statement and the
state. ``knowledge_graph()`` re-assembles from the results, so
``export``/``viz`` from a store give byte for byte what a plain build of the
same articles gives.

An article whose id is already in the store is not added again (the
earlier version is kept) when its text is the same; each document's text is
kept as a SHA-256 fingerprint (``text_hash``), so a changed text under a
stored id is told apart: ``add(..., replace=True)`` takes the new version,
otherwise the caller reports it (``build --store`` names the id and both
sources). Stores written before the fingerprints cannot tell, and keep the
stored version.

RocksDB locks the directory: a store is opened by one process at a time;
another process gets ``StoreBusy``. A graph sent to a SPARQL server is
``store.remote``'s.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import Node

from graphbuild.records import KnowledgeGraph
from graphbuild.rdf.namespace import PREFIX_IRIS, document_iri
from graphbuild.rdf.statements import ox_quads
from graphbuild.rdf.terms import to_rdflib
from graphbuild.rdf.turtle import turtle_document
from graphbuild.pipeline import DocumentResult, assemble_results
from graphbuild.query.sparqltext import bind_values, refuse_service
from graphbuild.store import delta, view
from graphbuild.store.results import STORE_VERSION, decode_result, encode_result, version_refused
from graphbuild.store.view import META_GRAPH, RESULT, RESULTS_GRAPH, STORE_IRI, STORE_NS, TURTLE, TURTLE_GRAPH

FORMAT = ox.NamedNode(STORE_NS + "formatVersion")
STATE = ox.NamedNode(STORE_NS + "state")
_STALE = ox.Quad(STORE_IRI, STATE, ox.Literal("stale"), META_GRAPH)
TEXT_HASH = ox.NamedNode(STORE_NS + "textSha256")  # per document, in RESULTS_GRAPH
TURTLE_CACHE = ox.NamedNode(STORE_NS + "turtleBlocks")
_TURTLE_READY = ox.Quad(STORE_IRI, TURTLE_CACHE, ox.Literal("1"), META_GRAPH)


class StoreError(RuntimeError):
    """Not a graphbuild store, or one that cannot be opened."""


class StoreBusy(StoreError):
    """Another process has the store open."""


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
        self._check_format()
        self._kg: KnowledgeGraph | None = None
        self.last_add = ""  # how the last add brought the graph up to date: "incremental" or "full"
        if self.stale or not any(True for _ in self._store.quads_for_pattern(STORE_IRI, TURTLE_CACHE, None, META_GRAPH)):
            self.refresh(full=True)  # after a crash, or a store written before the Turtle blocks

    def _check_format(self) -> None:
        """Record the store format in a new (empty) store; refuse a store
        of another format, or one not made by graphbuild."""
        found = [q.object.value for q in self._store.quads_for_pattern(STORE_IRI, FORMAT, None, META_GRAPH)]
        if found == [STORE_VERSION]:
            return
        if not found:
            if not any(True for _ in self._store.quads_for_pattern(None, None, None, None)):
                self._store.add(ox.Quad(STORE_IRI, FORMAT, ox.Literal(STORE_VERSION), META_GRAPH))
                return
            if not any(True for _ in self._store.quads_for_pattern(None, RESULT, None, RESULTS_GRAPH)):
                self.close()
                raise StoreError(f"{self.path} is an RDF store not made by graphbuild")
        self.close()
        raise StoreError(version_refused(self.path, found))

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
            held = any(True for _ in self._store.quads_for_pattern(None, RESULT, None, RESULTS_GRAPH))
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
            self._update(new.values(), incremental=held and not replaced and view.state_ready(self._store))
        return AddReport(tuple(new), tuple(already))

    def _update(self, new: Iterable[DocumentResult], incremental: bool) -> None:
        """Bring the view up to date after ``new`` were stored: only the nodes
        they change (``store.delta``) when that is exact, else all of it."""
        found = delta.plan(new, view.StoreReader(self._store)) if incremental else None
        if found is None:
            self.last_add = "full"
            self.refresh()
            return
        self.last_add = "incremental"
        view.apply_subjects(self._store, found.subjects)
        view.write_state(self._store, found.states, found.people)
        self._store.remove(_STALE)
        self._store.flush()

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
        results = self.results()
        self._kg = self._kg or assemble_results(results)
        wanted = ox_quads(self._kg)
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
            view.write_turtle(self._store, wanted, None)
            self._store.add(_TURTLE_READY)
        else:
            view.write_turtle(self._store, wanted, {q.subject for q in added} | {q.subject for q in removed})
        rebuilt = delta.plan(results, view.EmptyReader(), view=False)
        if rebuilt is None:
            view.drop_state(self._store)
        else:
            view.write_state(self._store, rebuilt.states, rebuilt.people, whole=True)
        self._store.remove(_STALE)
        self._store.flush()
        return len(added), len(removed)

    def turtle(self) -> str:
        """The merged graph as Turtle: byte for byte ``rdf.formats.dumps`` of a
        plain build of the stored documents, read from the stored blocks."""
        return turtle_document(
            (str(q.subject), q.object.value) for q in self._store.quads_for_pattern(None, TURTLE, None, TURTLE_GRAPH)
        )

    def counts(self) -> tuple[int, int, int]:
        """(documents, entities, events) of the merged graph, as ``len`` of a
        plain build's ``articles``, ``entities`` and ``events``: each is one
        ``gb:Document``, one ``skos:prefLabel``, one ``gb:Event``."""
        found = self.query(
            "SELECT (COUNT(DISTINCT ?d) AS ?docs) (COUNT(DISTINCT ?x) AS ?ents) (COUNT(DISTINCT ?e) AS ?evs) WHERE {"
            " { ?d a gb:Document } UNION { ?x skos:prefLabel ?label } UNION { ?e a gb:Event } }"
        )[1][0]
        return tuple(int(n) for n in found)

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
        result = self._store.query(bind_values(sparql, bindings), prefixes=PREFIX_IRIS)
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
        return self._store.dump(format=formats[fmt], from_graph=ox.DefaultGraph(), prefixes=PREFIX_IRIS if fmt == "ttl" else None)
