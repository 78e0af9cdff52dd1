"""graphbuild's speed beside spaCy's, and the store beside rdflib. Run by hand:

    python benchmarks/bench.py                   # about 10 minutes on 2 cores
    python benchmarks/bench.py --quick           # a small run, to check the script

Prints, in one run on one corpus (the team's example and development
articles plus generated ones, see ``corpus.py``; nothing from the network):

1. raw spaCy throughput: words/s of ``nlp.pipe`` over the texts, same model
   and components as the build;
2. ``graphbuild build`` end to end (read, parse, extract, assemble, write
   graph.ttl, graph.html, events.csv), in words/s, and its ratio to 1.;
3. the same with ``--workers 2``, its speed-up, and that its output is byte
   for byte the one-worker output;
4. peak memory (RSS) of a build of the corpus and of four times the corpus;
5. a store holding a synthetic graph of about a million triples: the time to
   fill it, to add a day's articles, to export Turtle, and the median latency
   of three analyst queries, next to the same queries in rdflib's in-memory
   engine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import spacy  # noqa: E402
from corpus import generated_articles, synthetic_results, team_articles  # noqa: E402

from graphbuild import rdf  # noqa: E402
from graphbuild.nlp import default_model_name, load_model  # noqa: E402
from graphbuild.pipeline import BATCH_SIZE  # noqa: E402
from graphbuild.query import run_query  # noqa: E402
from graphbuild.store import GraphStore  # noqa: E402

# The three analyst questions. Parameters are bound, as graphbuild binds them.
Q_ACTOR_MONTH = """
SELECT ?event ?type ?date ?recipient WHERE {
  ?who skos:prefLabel ?actor .
  ?event gb:actor ?who ; gb:date ?date ; a ?class .
  FILTER (?class != gb:Event)
  FILTER (?date >= ?first && ?date <= ?last)
  OPTIONAL { ?event gb:recipient ?r . ?r skos:prefLabel ?recipient }
  BIND (STRAFTER(STR(?class), "#") AS ?type)
} ORDER BY ?date ?event"""
Q_TOP_ACTORS = """
SELECT ?actor (COUNT(?event) AS ?events) WHERE {
  ?event gb:actor ?who . ?who skos:prefLabel ?actor .
} GROUP BY ?actor ORDER BY DESC(?events) ?actor LIMIT 20"""
Q_BETWEEN = """
SELECT ?event ?date ?actor ?recipient WHERE {
  ?event gb:actor ?x ; gb:recipient ?y .
  ?x gb:countryCode ?cx . ?y gb:countryCode ?cy .
  FILTER ((?cx = ?one && ?cy = ?two) || (?cx = ?two && ?cy = ?one))
  OPTIONAL { ?event gb:date ?date }
  ?x skos:prefLabel ?actor . ?y skos:prefLabel ?recipient .
} ORDER BY ?date ?event"""


def _date(day: str):
    from rdflib import Literal
    from rdflib.namespace import XSD

    return Literal(day, datatype=XSD.date)


QUERIES = [
    ("events of one actor in one month, with recipients", Q_ACTOR_MONTH,
     {"actor": "Brazil", "first": _date("2023-03-01"), "last": _date("2023-03-31")}),
    ("event counts per actor, top 20", Q_TOP_ACTORS, {}),
    ("all events between two countries", Q_BETWEEN, {"one": "BRA", "two": "NGA"}),
]


def words(doc) -> int:
    return sum(1 for t in doc if not (t.is_punct or t.is_space))


def write_jsonl(path: Path, articles, copies: int = 1) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for c in range(copies):
            for a in articles:
                record = {"id": a.id if c == 0 else f"{a.id}~{c}", "text": a.text, "date": a.date, "source": a.source, "title": a.title}
                fh.write(json.dumps(record) + "\n")


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def cli_build(corpus: Path, out: Path, *extra: str) -> float:
    from typer.testing import CliRunner

    from graphbuild.cli import app

    seconds, result = timed(CliRunner().invoke, app, ["build", str(corpus), "--out", str(out), "--no-progress", *extra])
    if result.exit_code != 0:
        raise SystemExit(f"build failed: {result.output}")
    return seconds


# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across execve, so a child
# would report the (large) benchmark process it was forked from.
_RSS = """
import sys
from graphbuild.cli import app
try:
    app(sys.argv[1:])
except SystemExit as e:
    if e.code:
        raise
print(next(line for line in open("/proc/self/status") if line.startswith("VmHWM")))
"""


def peak_rss_mb(*args: str) -> tuple[float, float]:
    """(peak RSS in MB, wall seconds) of a fresh ``graphbuild ARGS`` process."""
    seconds, run = timed(subprocess.run, [sys.executable, "-c", _RSS, *args], capture_output=True, text=True, timeout=3600)
    if run.returncode != 0:
        raise SystemExit(run.stderr[-2000:])
    line = next(x for x in run.stdout.splitlines() if x.startswith("VmHWM"))
    return int(line.split()[1]) / 1024, seconds


def median_latency(fn, runs: int) -> float:
    fn()  # warm up
    return statistics.median(timed(fn)[0] for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=600, help="generated articles added to the team's")
    parser.add_argument("--store-docs", type=int, default=12000, help="synthetic documents in the store (about 85 triples each)")
    parser.add_argument("--quick", action="store_true", help="a small run: 40 generated articles, 500 store documents")
    args = parser.parse_args()
    if args.quick:
        args.generated, args.store_docs = 40, 500

    work = Path(tempfile.mkdtemp(prefix="graphbuild-bench-"))
    try:
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, work: Path) -> None:
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    nlp = load_model()
    model_name = default_model_name()
    articles = team_articles() + generated_articles(args.generated)
    corpus = work / "corpus.jsonl"
    write_jsonl(corpus, articles)
    texts = [a.text for a in articles]
    print(f"model: {model_name} {nlp.meta['version']}")

    # 1. raw spaCy: the model as shipped (every component, spaCy's own attribute
    # ruler), in one process and in two; then the pipeline graphbuild runs.
    stock = spacy.load(model_name)
    list(stock.pipe(texts[:50], batch_size=BATCH_SIZE))  # warm up
    spacy_s, n_words = timed(lambda: sum(words(d) for d in stock.pipe(texts, batch_size=BATCH_SIZE)))
    spacy2_s, _ = timed(lambda: sum(words(d) for d in stock.pipe(texts, batch_size=BATCH_SIZE, n_process=2)))
    del stock
    list(nlp.pipe(texts[:50], batch_size=BATCH_SIZE))
    ours_s, _ = timed(lambda: sum(words(d) for d in nlp.pipe(texts, batch_size=BATCH_SIZE)))
    print(f"corpus: {len(articles)} articles, {n_words:,} words")
    print()
    spacy_up = spacy_s / spacy2_s
    rows = [
        ("spaCy nlp.pipe, 1 process", spacy_s, f"{model_name} as shipped: {', '.join(nlp.pipe_names)}"),
        ("spaCy nlp.pipe, n_process=2", spacy2_s, f"speed-up {spacy_up:.2f}x"),
        ("  graphbuild's pipeline, 1 proc", ours_s, f"{spacy_s / ours_s:.2f}x spaCy's speed: same model, indexed attribute ruler"),
    ]

    # 2./3. graphbuild build, one and two workers, after a warm-up build that
    # loads once what every run loads once (gazetteer, date parser, page template).
    warm = work / "warm.jsonl"
    write_jsonl(warm, articles[:5])
    cli_build(warm, work / "warm")
    one = cli_build(corpus, work / "one")
    rows.append(("graphbuild build, 1 worker", one, f"{spacy_s / one:.2f} of spaCy's speed (1 process); "
                 f"{ours_s / one:.2f} of its own pipeline's"))
    two = cli_build(corpus, work / "two", "--workers", "2")
    same = all((work / "one" / n).read_bytes() == (work / "two" / n).read_bytes() for n in ("graph.ttl", "graph.html", "events.csv"))
    up = one / two
    rows.append(("graphbuild build, 2 workers", two, f"speed-up {up:.2f}x, {up / spacy_up:.2f} of spaCy's; "
                 f"output identical: {'yes' if same else 'NO'}"))
    print(f"{'':32} {'seconds':>8} {'words/s':>9}")
    for name, seconds, note in rows:
        print(f"{name:32} {seconds:8.1f} {n_words / seconds:9,.0f}  {note}")

    # 4. peak memory
    corpus4 = work / "corpus4.jsonl"
    write_jsonl(corpus4, articles, copies=4)
    floor, _ = peak_rss_mb("--help")  # graphbuild imported, no model loaded
    rss1, cold1 = peak_rss_mb("build", str(corpus), "--out", str(work / "rss1"), "--no-progress")
    rss4, cold4 = peak_rss_mb("build", str(corpus4), "--out", str(work / "rss4"), "--no-progress")
    print()
    print(f"peak RSS of graphbuild build: {rss1:,.0f} MB for the corpus ({len(articles)} articles), "
          f"{rss4:,.0f} MB for 4x the corpus ({4 * len(articles)} articles); graphbuild imported, no model: {floor:,.0f} MB")
    print(f"the same builds as fresh processes (start-up, model load and warm-up included): {cold1:.1f} s and {cold4:.1f} s")

    # 5. the store
    print()
    results = synthetic_results(args.store_docs + 100)
    path = work / "kg"
    with GraphStore(path, create=True) as store:
        fill, _ = timed(store.add, results[: args.store_docs])
        triples = store.triple_count()
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20
    print(f"store: {args.store_docs:,} documents, {triples:,} triples, {size:,.0f} MB on disk; filled in {fill:.1f} s")
    with GraphStore(path) as store:
        day, _ = timed(store.add, results[args.store_docs :])
    print(f"adding 100 more documents (a day's articles, already parsed): {day:.1f} s (re-derives the merged graph)")
    with GraphStore(path) as store:  # opened afresh: the export re-assembles the graph from the stored results
        kg_s, kg = timed(store.knowledge_graph)
        rdflib_ttl, _ = timed(rdf.serialize, kg, work / "export.ttl", "ttl")
        ox_ttl, _ = timed(store.dump, "ttl")
        print(f"Turtle export: graphbuild export (rdflib serializer, byte-stable) {kg_s + rdflib_ttl:.1f} s "
              f"({kg_s:.1f} s to re-assemble); oxigraph dump {ox_ttl:.1f} s")
        load_s, graph = timed(lambda: __import__("rdflib").Graph().parse(data=store.dump("nt"), format="nt"))
        print(f"rdflib in-memory graph loaded in {load_s:.1f} s ({len(graph):,} triples)")
        print()
        print(f"{'query (median latency)':52} {'oxigraph':>9} {'rdflib':>9} {'rows':>6}")
        for name, sparql, bindings in QUERIES:
            _, (__, store_rows) = timed(store.query, sparql, bindings)
            _, (__, rdflib_rows) = timed(run_query, graph, sparql, bindings)
            agree = "" if store_rows == rdflib_rows else "  ROWS DIFFER"
            ox_s = median_latency(lambda: store.query(sparql, bindings), 5)
            rl_s = median_latency(lambda: run_query(graph, sparql, bindings), 3)
            print(f"{name:52} {ox_s * 1000:7.0f}ms {rl_s * 1000:7.0f}ms {len(store_rows):6}{agree}")


if __name__ == "__main__":
    main()
