"""graphbuild's speed beside spaCy's, and the store beside rdflib. Run by
hand, from the checkout's root:

    python -m benchmarks.bench                   # about 12 minutes on 2 cores
    python -m benchmarks.bench --quick           # a small run, to check the script

Prints, in one run on one corpus of real-style news (``real_style_articles``
in ``corpus.py``: the team's articles, the development halves' report texts
and the benchmark's own news, about 54,000 words; no template articles
unless ``--generated N`` adds them, and then the corpus line says so, since
their repeated words flatter per-word caches; nothing from the network):

1. raw spaCy throughput: words/s of ``nlp.pipe`` over the texts with the
   model as shipped (all its components), in one process and with
   ``n_process=2``; and the pipeline graphbuild runs (same model, its
   attribute ruler indexed, see ``graphbuild/attribute_ruler.py``);
2. ``graphbuild build`` end to end (read, parse, extract, assemble, write
   graph.ttl, graph.html, events.csv), in words/s, and its ratio to 1.;
3. the same with ``--workers 2``, its speed-up, that speed-up beside
   spaCy's own from ``n_process=2``, and that its output is byte for byte
   the one-worker output;
   With Dask installed (``graphbuild[cluster]``), the same build on a
   two-worker local cluster (``--scheduler local:2``) beside ``--workers 2``:
   docs/s, their ratio, the cluster's start (``bench_cluster.py``, also
   runnable alone);
4. peak memory (RSS) of a build of the corpus and of four times the corpus;
5. a store holding a synthetic graph of about a million triples: the time to
   fill it, to add a day's articles, to export Turtle, and the median latency
   of three analyst queries through graphbuild, directly in pyoxigraph and
   in rdflib's in-memory engine (``bench_store.py``, also runnable alone);
6. one 200 KB article beside the same text as ten 20 KB articles, and a
   200 KB article of 10,000 short sentences beside ten 20 KB pieces of it:
   the cost of an article grows linearly with its length when the ratio
   stays near 1 (issue 14 asks for at most about 2). ``--long-only`` runs
   this part alone (about a minute).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

from benchmarks.bench_cluster import cluster_benchmark
from benchmarks.bench_store import DEFAULT_STORE_DOCS, store_benchmark
from benchmarks.corpus import generated_articles, real_style_articles
from graphbuild.nlp.model import default_model_name, load_model
from graphbuild.pipeline import BATCH_SIZE

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

    from graphbuild.cli.app import app

    seconds, result = timed(CliRunner().invoke, app, ["build", str(corpus), "--out", str(out), "--no-progress", *extra])
    if result.exit_code != 0:
        raise SystemExit(f"build failed: {result.output}")
    return seconds


# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across execve, so a child
# would report the (large) benchmark process it was forked from.
_RSS = """
import sys
from graphbuild.cli.app import app
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=0,
                        help="template articles added to the real-style corpus (their words repeat: they flatter caches)")
    parser.add_argument("--store-docs", type=int, default=DEFAULT_STORE_DOCS, help="synthetic documents in the store (about 1,000,000 triples by default)")
    parser.add_argument("--quick", action="store_true", help="a small run: every fourth article, 500 store documents")
    parser.add_argument("--long-only", action="store_true", help="only part 6: one long article beside ten short ones")
    args = parser.parse_args()
    if args.long_only:
        long_article_benchmark(load_model(), real_style_articles())
        return

    work = Path(tempfile.mkdtemp(prefix="graphbuild-bench-"))
    try:
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, work: Path) -> None:
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    nlp = load_model()
    model_name = default_model_name()
    articles = real_style_articles()
    if args.quick:
        articles, args.store_docs = articles[::4], 500  # every fourth: short and long alike
    articles += generated_articles(args.generated)
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
    list(nlp.pipe(texts[:50], batch_size=BATCH_SIZE))
    ours_s, _ = timed(lambda: sum(words(d) for d in nlp.pipe(texts, batch_size=BATCH_SIZE)))
    templates = f"; {args.generated} of them from templates, whose repeated words flatter per-word caches" if args.generated else ""
    print(f"corpus: {len(articles)} articles of real-style news, {n_words:,} words{templates}")
    print()
    spacy_up = spacy_s / spacy2_s
    rows = [
        ("spaCy nlp.pipe, 1 process", spacy_s, f"{model_name} as shipped: {', '.join(stock.pipe_names)}"),
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

    # 3a. the same two workers as a Dask cluster (benchmarks/bench_cluster.py)
    if importlib.util.find_spec("distributed") is not None:
        print()
        cluster_benchmark(work, corpus, articles, two)

    # 3b. what each stage costs beside the parse, in this process
    print()
    stage_shares(nlp, articles)

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

    # 5. the store (benchmarks/bench_store.py)
    print()
    store_benchmark(work, args.store_docs)

    # 6. one long article beside ten short ones
    print()
    long_article_benchmark(nlp, articles)

    # 7. how soon the command line answers
    print()
    cli_start_times(work / "rss1" / "graph.ttl")


def cli_start_times(graph: Path, runs: int = 5) -> None:
    """The best of ``runs`` fresh ``python -m graphbuild.cli`` processes for the
    commands that must start at once (issue 13 asks: --help under 0.5 s,
    query --list on a small graph under 1 s)."""
    print(f"{'command line start':32} {'best s':>8}")
    for args in (["--help"], ["--version"], ["query", str(graph), "--list"]):
        best = min(timed(subprocess.run, [sys.executable, "-m", "graphbuild.cli", *args], capture_output=True, check=True)[0] for _ in range(runs))
        print(f"{'graphbuild ' + ' '.join(a if a.startswith('-') or a == 'query' else 'GRAPH' for a in args):32} {best:8.2f}")


def stage_shares(nlp, articles) -> None:
    """Seconds of the parse, of mentions + resolution + events, and of the
    open-triples stage, over the same parsed documents."""
    from graphbuild.events import extract_events
    from graphbuild.entities.mentions import find_mentions
    from graphbuild.entities.resolve import resolve_document
    from graphbuild.triples.record import document_triples

    parsed_s, docs = timed(lambda: list(nlp.pipe([a.text for a in articles], batch_size=BATCH_SIZE)))
    resolved = []

    def events() -> None:
        for article, doc in zip(articles, docs):
            r = resolve_document(doc, find_mentions(doc, article.id))
            resolved.append(r)
            extract_events(doc, article, r)

    def triples() -> None:
        for article, doc, r in zip(articles, docs, resolved):
            list(document_triples(doc, article.id, r.token_keys))

    events()  # once to load the dictionaries and the date parser
    resolved.clear()
    events_s, _ = timed(events)
    triples_s, _ = timed(triples)
    print(f"{'stage':32} {'seconds':>8} {'of parse':>9}")
    for name, seconds in (("parse (nlp.pipe)", parsed_s), ("mentions, resolve, events", events_s), ("open triples", triples_s)):
        print(f"{name:32} {seconds:8.2f} {seconds / parsed_s:9.0%}")


def long_article_benchmark(nlp, articles, size: int = 200_000) -> None:
    """Print the time of one ``size``-character article beside the same text
    cut into ten articles, for news prose and for short sentences."""
    from graphbuild.records import Article
    from graphbuild.pipeline import build

    prose, parts = "", []
    for a in articles:
        if len(prose) >= size:
            break
        prose += a.text.strip() + "\n\n"
    sentences = "".join(f"Kenya praised Ghana on {d} May 2023. " for d in range(1, 29)) * 300
    build([Article(id="warm", text=articles[0].text, origin="warm")], nlp=nlp)  # loads what every build loads once
    print(f"{'one long article':32} {'1 x 200 KB':>11} {'10 x 20 KB':>11} {'ratio':>6}")
    for name, text in (("news prose", prose[:size]), ("10,000 short sentences", sentences[:size])):
        tenth = len(text) // 10
        pieces = [Article(id=f"p{i}", text=text[i * tenth : (i + 1) * tenth], origin="bench") for i in range(10)]
        one_s, _ = timed(build, [Article(id="long", text=text, origin="bench")], nlp=nlp)
        ten_s, _ = timed(build, pieces, nlp=nlp)
        parts.append(one_s / ten_s)
        print(f"{name:32} {one_s:10.1f}s {ten_s:10.1f}s {one_s / ten_s:6.2f}")
    print(f"worst ratio {max(parts):.2f} (linear when near 1; issue 14 asks for at most about 2)")

if __name__ == "__main__":
    main()
