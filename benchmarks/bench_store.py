"""The store on a synthetic graph of about a million triples. Run by hand,
from the checkout's root:

    python -m benchmarks.bench_store                  # about 12,000 documents, ~1M triples
    python -m benchmarks.bench_store --store-docs 500 # a small run, to check the script

Prints, for a ``GraphStore`` filled with ``corpus.synthetic_results``:
documents, triples, size on disk, the time to fill it and to add 100 more
documents (a day's articles, already parsed), and the time per added
document for stores of about 10,000, 100,000 and the main store's triples
(with how the add went: ``incremental``, or ``full`` when it re-derived the
whole graph); the time of a Turtle export
through graphbuild (``graphbuild export KG --format ttl``: byte for byte the
graph.ttl a plain build writes) next to oxigraph's own dump of the same
graph; the time rdflib takes to load the graph in memory; and the median
latency of three analyst queries through graphbuild's store
(``GraphStore.query``), directly in pyoxigraph (the same query text,
parameters substituted by pyoxigraph, results read) and in rdflib's
in-memory engine (``graphbuild.query.run.run_query``), with their ratios and
whether the three engines give the same rows.

``store_benchmark(work, store_docs)`` does it all in folder ``work``;
``bench.py`` calls it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from benchmarks.corpus import synthetic_results
from graphbuild.query.run import run_query
from graphbuild.query.sparqltext import bind_values, sparql_term
from graphbuild.rdf.namespace import PREFIX_IRIS
from graphbuild.rdf.terms import to_rdflib
from graphbuild.store.local import GraphStore

#: About 85 triples per synthetic document: 12,000 give about a million.
DEFAULT_STORE_DOCS = 12000
DAY_DOCS = 100


# The three analyst questions, run as the same text by all three engines.
Q_ACTOR_MONTH = """
SELECT ?event ?type ?date ?recipient WHERE {
  ?who skos:prefLabel ?actor .
  ?event gb:actor ?who ; gb:date ?date ; a ?class .
  FILTER (?class != gb:Event)
  FILTER (?date >= ?first && ?date <= ?last)
  OPTIONAL { ?event gb:recipient ?r . ?r skos:prefLabel ?recipient }
  BIND (STRAFTER(STR(?class), "#") AS ?type)
} ORDER BY ?date ?event"""
# Written as an analyst who knows the engine writes them: count per actor
# node, then fetch the 20 labels; start from the country nodes, then walk
# actor -> event -> recipient.
Q_TOP_ACTORS = """
SELECT ?actor ?events WHERE {
  { SELECT ?who (COUNT(?event) AS ?events) WHERE { ?event gb:actor ?who } GROUP BY ?who }
  ?who skos:prefLabel ?actor .
} ORDER BY DESC(?events) ?actor LIMIT 20"""
Q_BETWEEN = """
SELECT ?event ?date ?actor ?recipient WHERE {
  { ?x gb:countryCode ?one . ?event gb:actor ?x ; gb:recipient ?y . ?y gb:countryCode ?two }
  UNION
  { ?x gb:countryCode ?two . ?event gb:actor ?x ; gb:recipient ?y . ?y gb:countryCode ?one FILTER (?one != ?two) }
  ?x skos:prefLabel ?actor . ?y skos:prefLabel ?recipient .
  OPTIONAL { ?event gb:date ?date }
} ORDER BY ?date ?event"""


def _day(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


QUERIES = [
    ("events of one actor in one month, with recipients", Q_ACTOR_MONTH,
     {"actor": "Brazil", "first": _day("2023-03-01"), "last": _day("2023-03-31")}),
    ("event counts per actor, top 20", Q_TOP_ACTORS, {}),
    ("all events between two countries", Q_BETWEEN, {"one": "BRA", "two": "NGA"}),
]


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def median_latency(fn, runs: int) -> float:
    fn()  # warm up
    return statistics.median(timed(fn)[0] for _ in range(runs))


def pasted(sparql: str, bindings: dict) -> str:
    """The query with each parameter written in place of its variable (the
    benchmark's queries hold no "?" in strings or IRIs)."""
    for name, value in bindings.items():
        term = sparql_term(Literal(value) if isinstance(value, str) and not isinstance(value, Literal) else value)
        sparql = re.sub(r"[?$]" + name + r"\b", lambda _: term, sparql)
    return sparql


def direct_query(store: ox.Store, sparql: str) -> list[tuple]:
    """A query straight to pyoxigraph, every value of every row read."""
    result = store.query(sparql, prefixes=PREFIX_IRIS)
    names = [v.value for v in result.variables]
    return [tuple(solution[i] for i in range(len(names))) for solution in result]


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def _export(store_path: Path, out: Path) -> None:
    from typer.testing import CliRunner

    from graphbuild.cli.app import app

    result = CliRunner().invoke(app, ["export", str(store_path), "--format", "ttl", "--out", str(out)])
    if result.exit_code != 0:
        raise SystemExit(f"export failed: {result.output}")


# Stores of about 10,000 and 100,000 triples, beside the main one, for the
# cost of an add as a store grows.
SCALING_DOCS = (120, 1200)


def _add_cost(path: Path, stored: list, day: list) -> tuple[int, float, int, float, str]:
    """Fill a store at ``path`` with ``stored``, reopen it and add ``day``:
    (documents, fill seconds, triples before the add, add seconds, how the add went)."""
    with GraphStore(path, create=True) as store:
        fill, _ = timed(store.add, stored)
        triples = store.triple_count()
    with GraphStore(path) as store:
        day_s, _ = timed(store.add, day)
        way = store.last_add
    return len(stored), fill, triples, day_s, way


def store_benchmark(work: Path, store_docs: int = DEFAULT_STORE_DOCS) -> None:
    """Fill a store in ``work`` with ``store_docs`` synthetic documents and
    print what it costs and how fast it answers."""
    work = Path(work)
    results = synthetic_results(store_docs + DAY_DOCS)
    path = work / "kg"
    costs = [_add_cost(work / f"kg-{n}", results[:n], results[store_docs:]) for n in SCALING_DOCS if n < store_docs]
    costs.append(_add_cost(path, results[:store_docs], results[store_docs:]))
    fill, triples = costs[-1][1], costs[-1][2]
    print(f"store: {store_docs:,} documents, {triples:,} triples, {_size_mb(path):,.0f} MB on disk; filled in {fill:.1f} s")
    day, way = costs[-1][3], costs[-1][4]
    print(f"adding {DAY_DOCS} more documents (a day's articles, already parsed): {day:.2f} s ({way})")
    print(f"time per added document as the store grows ({DAY_DOCS} added, already parsed): " + "; ".join(
        f"{triples:,} triples: {day / DAY_DOCS * 1000:.1f} ms ({way})" for _, _, triples, day, way in costs))

    export_s, _ = timed(_export, path, work / "export.ttl")  # opens the store afresh, as the command does
    with GraphStore(path) as store:
        ox_ttl, _ = timed(store.dump, "ttl")
        print(f"Turtle export: graphbuild export {export_s:.1f} s ({(work / 'export.ttl').stat().st_size / 2**20:,.0f} MB); "
              f"oxigraph's own dump {ox_ttl:.1f} s")
        load_s, graph = timed(lambda: Graph().parse(data=store.dump("nt"), format="nt"))
        print(f"rdflib in-memory graph loaded in {load_s:.1f} s ({len(graph):,} triples)")
        print()
        raw = store._store
        print(f"{'query (median latency)':50} {'graphbuild':>10} {'pyoxigraph':>10} {'rdflib':>9} {'gb/ox':>6} {'rdflib/gb':>9} {'rows':>6}  agree")
        for name, sparql, bindings in QUERIES:
            store_rows = store.query(sparql, bindings)[1]
            # pyoxigraph's reference: the faster of the parameters pasted
            # into the text and graphbuild's VALUES block.
            texts = [pasted(sparql, bindings), bind_values(sparql, bindings)]
            direct_rows = [[tuple(map(to_rdflib, row)) for row in direct_query(raw, t)] for t in texts]
            rdflib_rows = run_query(graph, sparql, bindings)[1]
            agree = "yes" if store_rows == direct_rows[0] == direct_rows[1] == rdflib_rows and store_rows else "NO"
            gb_s = median_latency(lambda: store.query(sparql, bindings), 7)
            ox_s = min(median_latency(lambda: direct_query(raw, t), 7) for t in texts)
            rl_s = median_latency(lambda: run_query(graph, sparql, bindings), 3)
            print(f"{name:50} {gb_s * 1000:8.0f}ms {ox_s * 1000:8.0f}ms {rl_s * 1000:7.0f}ms "
                  f"{gb_s / ox_s:6.2f} {rl_s / gb_s:9.1f} {len(store_rows):6}  {agree}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store-docs", type=int, default=DEFAULT_STORE_DOCS,
                        help=f"synthetic documents in the store (about 85 triples each; default {DEFAULT_STORE_DOCS:,})")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="graphbuild-bench-store-"))
    try:
        store_benchmark(work, args.store_docs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
