"""A two-worker Dask cluster beside two worker processes. Run by hand, from
the checkout's root (needs ``graphbuild[cluster]``):

    python -m benchmarks.bench_cluster                 # the benchmark's corpus, about a minute

Prints, on the same texts (the benchmark's real-style news, see
``corpus.py``), documents per second of ``graphbuild build --workers 2``
and of ``graphbuild build --scheduler local:2`` (a ``LocalCluster`` of two
one-thread worker processes on 127.0.0.1), their ratio, whether the outputs
are byte for byte the same, and what of the cluster's time is its start:
starting the cluster and loading the model in each worker, which
``--workers 2`` does not pay (its processes are forked from one that has
the model loaded). ``cluster_benchmark(work, corpus, n_docs)`` does it in
folder ``work``; ``bench.py`` calls it.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from benchmarks.corpus import real_style_articles

OUTPUTS = ("graph.ttl", "graph.html", "events.csv", "triples.csv")


def cluster_start_seconds(articles) -> float:
    """Seconds to start a two-worker LocalCluster, load the model in both
    workers (a chunk each) and stop it."""
    from benchmarks.bench import timed
    from graphbuild.cluster import iter_cluster_results, worker_setup

    return timed(lambda: list(iter_cluster_results(articles[:2], "local:2", worker_setup(None, []), batch_size=1)))[0]


def cluster_benchmark(work: Path, corpus: Path, articles, two_workers_s: float | None = None) -> None:
    """Print the docs/s of ``--workers 2`` (measured here unless
    ``two_workers_s`` gives it, with its output in ``work / "two"``) and of
    ``--scheduler local:2`` on ``corpus`` (the ``articles``)."""
    from benchmarks.bench import cli_build

    if two_workers_s is None:
        two_workers_s = cli_build(corpus, work / "two", "--workers", "2")
    cluster_s = cli_build(corpus, work / "cluster", "--scheduler", "local:2")
    start_s = cluster_start_seconds(articles)
    same = all((work / "two" / n).read_bytes() == (work / "cluster" / n).read_bytes() for n in OUTPUTS)
    n = len(articles)
    print(f"{f'{n} articles, 2 workers':38} {'seconds':>8} {'docs/s':>8}")
    print(f"{'graphbuild build --workers 2':38} {two_workers_s:8.1f} {n / two_workers_s:8.1f}")
    print(f"{'graphbuild build --scheduler local:2':38} {cluster_s:8.1f} {n / cluster_s:8.1f}  "
          f"{two_workers_s / cluster_s:.2f}x the docs/s of --workers 2; output identical: {'yes' if same else 'NO'}")
    print(f"{'  of which the cluster start':38} {start_s:8.1f} {'':8}  starting 2 workers and loading the model in each; "
          f"without it {n / max(cluster_s - start_s, 1e-9):.1f} docs/s")


def main() -> None:
    from benchmarks.bench import cli_build, write_jsonl

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    articles = real_style_articles()
    work = Path(tempfile.mkdtemp(prefix="graphbuild-bench-cluster-"))
    try:
        corpus = work / "corpus.jsonl"
        write_jsonl(corpus, articles)
        warm = work / "warm.jsonl"
        write_jsonl(warm, articles[:5])
        cli_build(warm, work / "warm")  # loads once what every build loads once
        cluster_benchmark(work, corpus, articles)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
