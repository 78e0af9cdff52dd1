"""The commands that parse articles into a graph: ``build`` (into an output
folder or a store) and ``evaluate`` (a build scored against a gold file).

The work is the library's: reading (``ingest``), parsing
(``pipeline``), passing over stored articles (``incremental``), writing the
files (``outputs``), scoring (``report.evaluate``). Here: the options, the
progress line and the messages.
"""

from __future__ import annotations

import gc
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from graphbuild.cli.common import (
    EXIT_SKIPPED, fail, load_nlp, open_store, read_all, reporting_skips, use_dictionaries,
)
from graphbuild.ingest.skips import Skip
from graphbuild.records import KnowledgeGraph
from graphbuild.safetext import printable

# The stages (spaCy with them) are imported by the commands that run them.
if TYPE_CHECKING:
    from graphbuild.cli.progress import BuildProgress
    from graphbuild.incremental import NewArticles


class _Strict(Exception):
    """A skip under --strict: the build stops, writing nothing."""


def build(
    inputs: list[str] = typer.Argument(..., help="Files, folders or - (stdin): .txt .md .jsonl .csv .html"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (default: out/, or none with --store)"),
    model: Optional[str] = typer.Option(None, help="spaCy model (default: en_core_web_sm if installed)"),
    glob: Optional[str] = typer.Option(None, help="Only files matching this pattern inside folders"),
    text_column: str = typer.Option("text", help="CSV column / JSON key of the text"),
    id_column: str = typer.Option("id", help="CSV column / JSON key of the document id"),
    date_column: str = typer.Option("date", help="CSV column / JSON key of the publication date"),
    max_bytes: int = typer.Option(5_000_000, help="Skip articles larger than this"),
    strict: bool = typer.Option(False, help="Fail, writing nothing, if any input is skipped"),
    title: str = typer.Option("graphbuild", help="Title of the HTML page"),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Parse in this many processes (same output)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Parse on a Dask cluster: its scheduler (tcp://HOST:8786), or local:N for N worker processes here (same output; needs the cluster extra: Dask)"),
    store: Optional[Path] = typer.Option(None, "--store", help="Add to the store in this folder; articles already in it are not parsed again"),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress line (default: when stderr is a terminal)"),
    dictionary: list[Path] = typer.Option([], "--dictionary", help="A dictionary to add (PETRARCH verb or agents format, or an events TOML); repeatable"),
    replace: bool = typer.Option(False, "--replace", help="With --store: a stored id whose text changed takes the new text"),
    triples_mode: str = typer.Option("entities", "--triples", help="Open triples in the RDF: all, entities (both sides an entity) or none; triples.csv has all"),
) -> None:
    """Build the knowledge graph: graph.ttl, graph.html, events.csv and
    triples.csv in --out, or add the articles to a store (--store)."""
    from graphbuild.cli.progress import BuildProgress
    from graphbuild.incremental import NewArticles
    from graphbuild.ingest.read import read_articles
    from graphbuild.outputs import output_folder

    started = time.perf_counter()
    _check_options(out, workers, scheduler, triples_mode)
    use_dictionaries(dictionary)
    skips: list[Skip] = []
    on_skip = _stopping_if(strict, reporting_skips(skips))
    articles = read_articles(
        inputs, on_skip=on_skip, glob=glob, text_column=text_column, id_column=id_column,
        date_column=date_column, max_bytes=max_bytes,
    )
    parser = _parser(model, dictionary, workers, scheduler)
    graph_store = open_store(store, create=True) if store is not None else None
    new = NewArticles(articles, graph_store, replace=replace, on_skip=on_skip)
    folder = output_folder(out, to_store=graph_store is not None)
    try:
        with BuildProgress(progress) as bar:
            results = _parse_all(new, parser, bar)
            bar.describe("writing")
            # Without files to write, a store's add needs no whole graph: the counts come from the store.
            kg = _graph_of(results, new, graph_store, replace, whole=folder is not None)
            written = _write(kg, folder, title, triples_mode)
        triples = graph_store.triple_count() if graph_store is not None else written
        counts = (len(kg.articles), len(kg.entities), len(kg.events)) if kg is not None else graph_store.counts()
    finally:
        if graph_store is not None:
            graph_store.close()
    typer.echo(_summary(counts, triples, time.perf_counter() - started, folder, store, len(results), new.already))
    if skips:
        typer.echo(f"{len(skips)} input(s) skipped (see messages above)", err=True)
        raise typer.Exit(EXIT_SKIPPED)


def _check_options(out: Path | None, workers: int, scheduler: str | None, triples_mode: str) -> None:
    """Refuse options that cannot go together, before anything is read."""
    from graphbuild.triples.record import MODES

    if out is not None and out.exists() and not out.is_dir():
        fail(f"--out {printable(out, None)}: exists and is not a folder; nothing read")
    if scheduler is not None and workers > 1:
        fail(f"--scheduler and --workers {workers}: give one of them (a cluster's workers are its own)")
    if triples_mode not in MODES:
        fail(f"--triples {triples_mode!r}: expected one of {', '.join(MODES)}")


def _write(kg: KnowledgeGraph | None, folder: Path | None, title: str, triples_mode: str) -> int | None:
    """Write the build's files when there is a folder; the triples written."""
    from graphbuild.outputs import write_outputs

    if kg is None or folder is None:
        return None
    kg.rdf_triples = triples_mode
    return write_outputs(kg, folder, title)


def _stopping_if(strict: bool, on_skip):
    """``on_skip``, then with ``strict`` stop the build (``_Strict``)."""

    def report(skip: Skip) -> None:
        on_skip(skip)
        if strict:
            raise _Strict()

    return report


def _parser(model: str | None, dictionary: list[Path], workers: int, scheduler: str | None):
    """A function from articles to their ``DocumentResult``s: this machine's
    processes with the model loaded here, or a Dask cluster's workers."""
    if scheduler is None:
        from graphbuild.pipeline import iter_results

        nlp = load_nlp(model)
        _out_of_collector_sight()
        return lambda articles: iter_results(articles, nlp=nlp, workers=workers)
    from graphbuild.cluster import ClusterError, dask_distributed, iter_cluster_results, local_workers, worker_setup
    from graphbuild.nlp.model import ModelNotFound

    try:
        local_workers(scheduler)  # a malformed address, or no Dask, fails before any article is read
        dask_distributed()
        setup = worker_setup(model, map(str, dictionary))
    except (ClusterError, ModelNotFound) as err:
        fail(str(err))
    return lambda articles: iter_cluster_results(articles, scheduler, setup)


def _out_of_collector_sight() -> None:
    """Move what is loaded (the model, and in a warm process the tables) out
    of the cycle collector's sight: it lives as long as the process, and the
    collector's full passes during a build would walk it again and again
    (half a second of a 20 s build). Garbage is collected first, so that none
    is kept for good; workers forked later share these pages untouched."""
    gc.collect()
    gc.freeze()


def _parse_all(new: NewArticles, parser, bar: BuildProgress) -> list:
    """The ``DocumentResult`` of each new article, advancing the progress line."""
    from graphbuild.cluster import ClusterError  # no Dask imported unless a cluster is asked for

    results = []
    try:
        for result in parser(new):
            results.append(result)
            bar.advance()
    except _Strict:
        fail("input skipped; nothing written (--strict)")
    except ClusterError as err:
        fail(str(err))
    if not new.read:
        fail("no readable article in the input")
    return results


def _graph_of(results: list, new: NewArticles, graph_store, replace: bool, whole: bool) -> KnowledgeGraph | None:
    """The graph the build gives: the store's after adding ``results`` to it
    (None unless ``whole``), or theirs alone."""
    from graphbuild.pipeline import assemble_results

    if graph_store is None:
        return assemble_results(results)
    graph_store.add(results, new.hashes, replace=replace)
    return graph_store.knowledge_graph() if whole else None


def _summary(sizes: tuple[int, int, int], triples: int, seconds: float, folder: Path | None, store: Path | None,
             added: int, already: int) -> str:
    """The line a build ends with: counts (documents, entities, events), time and where it wrote."""
    documents, entities, events = sizes
    counts = f"{documents} documents, {entities} entities, {events} events, {triples} triples"
    files = f"{folder}/graph.ttl, {folder}/graph.html, {folder}/events.csv, {folder}/triples.csv"
    if store is None:
        return f"{counts} in {seconds:.1f} s -> {files}"
    where = f"{store}" + (f", {files}" if folder else "")
    return (
        f"{added} new documents ({already} already in the store) in {seconds:.1f} s; "
        f"the store holds {counts} -> {where}"
    )


def evaluate(
    gold: Path = typer.Argument(..., help="Gold file (JSON Lines, see the README)"),
    inputs: list[str] = typer.Argument(..., help="The articles the gold file describes"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
    details: bool = typer.Option(False, "--details", help="List missed and unmatched events"),
    by_code: bool = typer.Option(False, "--by-code", help="Match participants by country code where the gold gives one, not by name"),
    model: Optional[str] = typer.Option(None, help="spaCy model"),
    dictionary: list[Path] = typer.Option([], "--dictionary", help="A dictionary to add (as for build); repeatable"),
) -> None:
    """Score a build of INPUTS against a gold file."""
    from graphbuild.pipeline import build as build_graph
    from graphbuild.report import evaluate as evaluation
    from graphbuild.report.gold import read_gold

    use_dictionaries(dictionary)
    try:
        gold_lines = read_gold(gold)
    except (OSError, ValueError) as err:
        fail(str(err))
    articles, _skips = read_all(inputs)
    if not articles:
        fail("no readable article in the input")
    kg = build_graph(articles, nlp=load_nlp(model))
    result = evaluation.evaluate(gold_lines, kg, {a.id: a for a in articles}, by_code=by_code)
    if as_json:
        typer.echo(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        typer.echo(evaluation.format_report(result, details=details))
