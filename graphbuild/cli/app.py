"""The command line: a thin shell over the stages. No logic lives here.

    graphbuild build examples/articles.jsonl --out out/
    graphbuild query out/graph.ttl examples/visits.rq
    graphbuild viz out/graph.ttl --out graph.html
    graphbuild export out/graph.ttl --format nt --out graph.nt
    graphbuild evaluate GOLD.jsonl INPUT... [--json]
    graphbuild build new-articles/ --store kg/ --workers 2
    graphbuild query kg/ actor-events -p actor=Blinken
    graphbuild push kg/ --to http://127.0.0.1:7878/store
    graphbuild query --endpoint http://127.0.0.1:7878/query QUERY
    graphbuild validate out/graph.ttl
    graphbuild stats out/graph.ttl [--json]
    graphbuild path out/graph.ttl "Rafael Moreira" "Bola Tinubu"
    graphbuild ontology [--out ontology.md]
    graphbuild triples examples/articles.jsonl [--format tsv]

Exit codes: 0 success; 1 failure (bad arguments, unreadable graph, no
input at all, or any skipped input under --strict); 3 the build completed
but some input was skipped (each skip is printed to stderr with file:line).
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Optional

import click
import typer
import typer.core

from graphbuild.knowledge import dictionaries
from graphbuild.report import evaluate as evaluation
from graphbuild.query import run as sparql
from graphbuild.rdf.read import from_rdf, load_graph, relations as graph_relations
from graphbuild.rdf.statements import ox_triples
from graphbuild.rdf.turtle import turtle
from graphbuild.render import tables, viz
from graphbuild.report import analytics
from graphbuild.render import export as exporting
from graphbuild.rdf import validate as validation
from graphbuild.atomic import finish_switch, switch_outputs, write_atomic
from graphbuild.events.lexicon import load as load_lexicon
from graphbuild.records import Article, KnowledgeGraph
from graphbuild.nlp.model import ModelNotFound, load_model
from graphbuild.pipeline import assemble_results, iter_results
from graphbuild.pipeline import build as build_graph
from graphbuild.render.focus import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES, select
from graphbuild.graph.assemble import to_networkx
from graphbuild.cli.progress import BuildProgress
from graphbuild.store.local import GraphStore, StoreError
from graphbuild.store.remote import RemoteError, push as push_graph, query_endpoint
from graphbuild.store.results import text_hash
from graphbuild.ingest.read import read_articles
from graphbuild.ingest.skips import Skip
from graphbuild.triples.record import MODES

EXIT_FAILED = 1
EXIT_SKIPPED = 3
_DEBUG = {"on": False}


class _Guarded(typer.core.TyperGroup):
    """Any exception a command did not expect ends as one line, not a
    traceback (``--debug`` shows the traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.ClickException, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except Exception as err:
            if _DEBUG["on"]:
                raise
            what = analytics.printable(f"{type(err).__name__}: {err}", None)[:500]
            typer.echo(f"graphbuild: unexpected error: {what} (run with --debug for the traceback)", err=True)
            raise typer.Exit(EXIT_FAILED) from None


app = typer.Typer(cls=_Guarded, add_completion=False, no_args_is_help=True, help="News articles in, a knowledge graph of who did what to whom out.")


@app.callback()
def _options(debug: bool = typer.Option(False, "--debug", help="Show the traceback of an unexpected error")) -> None:
    _DEBUG["on"] = debug


def _fail(message: str) -> None:
    typer.echo(f"graphbuild: {analytics.printable(message, None)}", err=True)  # may quote a server's answer
    raise typer.Exit(EXIT_FAILED)


def _read(inputs: list[str], glob: str | None, text_column: str, id_column: str, date_column: str, max_bytes: int) -> tuple[list[Article], list[Skip]]:
    skips: list[Skip] = []

    def on_skip(skip: Skip) -> None:
        skips.append(skip)
        typer.echo(f"skipped {analytics.printable(skip, None)}", err=True)  # file names can hold escapes

    articles = list(
        read_articles(
            inputs,
            on_skip=on_skip,
            glob=glob,
            text_column=text_column,
            id_column=id_column,
            date_column=date_column,
            max_bytes=max_bytes,
        )
    )
    return articles, skips


def _open_store(path: Path, create: bool = False) -> GraphStore:
    try:
        return GraphStore(path, create=create)
    except FileNotFoundError:
        _fail(f"{path}: no such store")
    except StoreError as err:
        _fail(str(err))
    raise AssertionError("unreachable")


def _load_kg(path: Path) -> KnowledgeGraph:
    """The graph of a graph file or of a store folder (``--store``)."""
    finish_switch(path.parent)
    if path.is_dir():
        with _open_store(path) as store:
            return store.knowledge_graph()
    try:
        return from_rdf(load_graph(path))
    except FileNotFoundError:
        _fail(f"{path}: no such file")
    except Exception as err:  # rdflib raises many parser error types
        _fail(f"{path}: cannot read graph: {err}")
    raise AssertionError("unreachable")


def _is_iso_day(text: str) -> bool:
    try:
        return len(text) == 10 and date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _write_outputs(kg: KnowledgeGraph, folder: Path, title: str) -> int:
    """graph.ttl, events.csv, triples.csv and graph.html, all or none: they are
    written (each atomically) into a hidden staging folder inside ``folder``,
    then renamed into place one after the other, so a build killed while
    writing leaves the previous three as they were. The staging folder is
    marked complete before the renames: a kill between two of them leaves
    it marked, and the next command that reads or writes the folder
    finishes the renames (``atomic.finish_switch``), so graphbuild never
    reads old and new side by side.
    Returns the number of triples written."""
    import shutil
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    finish_switch(folder, drop_incomplete=True)  # a build killed between its renames is completed first
    staging = Path(tempfile.mkdtemp(prefix=".graphbuild-", dir=folder))
    try:
        triples = ox_triples(kg)  # once, for the file and the count
        write_atomic(staging / "graph.ttl", turtle(triples))
        tables.write_events_csv(kg, staging / "events.csv")
        tables.write_triples_csv(kg, staging / "triples.csv")
        viz.render_html(kg, staging / "graph.html", title=title)
        switch_outputs(staging, folder, ("graph.ttl", "events.csv", "triples.csv", "graph.html"))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(triples)


def _nlp(model: str | None):
    try:
        return load_model(model)
    except ModelNotFound as err:
        _fail(str(err))


@app.command()
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
    store: Optional[Path] = typer.Option(None, "--store", help="Add to the store in this folder; articles already in it are not parsed again"),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress line (default: when stderr is a terminal)"),
    dictionary: list[Path] = typer.Option([], "--dictionary", help="A dictionary to add (PETRARCH verb or agents format, or an events TOML); repeatable"),
    replace: bool = typer.Option(False, "--replace", help="With --store: a stored id whose text changed takes the new text"),
    triples_mode: str = typer.Option("entities", "--triples", help="Open triples in the RDF: all, entities (both sides an entity) or none; triples.csv has all"),
) -> None:
    """Build the knowledge graph: graph.ttl, graph.html, events.csv and
    triples.csv in --out, or add the articles to a store (--store)."""
    started = time.perf_counter()
    if out is not None and out.exists() and not out.is_dir():
        _fail(f"--out {analytics.printable(out, None)}: exists and is not a folder; nothing read")
    _use_dictionaries(dictionary)
    if triples_mode not in MODES:
        _fail(f"--triples {triples_mode!r}: expected one of {', '.join(MODES)}")
    skips: list[Skip] = []

    class Strict(Exception):
        pass

    def on_skip(skip: Skip) -> None:
        skips.append(skip)
        typer.echo(f"skipped {analytics.printable(skip, None)}", err=True)  # file names can hold escapes
        if strict:
            raise Strict()

    articles = read_articles(
        inputs,
        on_skip=on_skip,
        glob=glob,
        text_column=text_column,
        id_column=id_column,
        date_column=date_column,
        max_bytes=max_bytes,
    )
    nlp = _nlp(model)
    graph_store = _open_store(store, create=True) if store is not None else None
    read = already = 0

    hashes: dict[str, str] = {}

    def new_articles():
        nonlocal read, already
        for article in articles:
            read += 1
            if graph_store is not None:
                digest = text_hash(article.text)
                stored = graph_store.stored(article.id)
                if stored is not None and (stored[0] in (None, digest) or not replace):
                    if stored[0] not in (None, digest):
                        on_skip(Skip(article.origin, f"document id {article.id!r} is already in the store with another text "
                                     f"(stored from {stored[1]}); kept the stored one (--replace takes the new one)"))
                    already += 1
                    continue
                hashes[article.id] = digest
            yield article

    try:
        results = []
        with BuildProgress(progress) as bar:
            try:
                for result in iter_results(new_articles(), nlp=nlp, workers=workers):
                    results.append(result)
                    bar.advance()
            except Strict:
                _fail("input skipped; nothing written (--strict)")
            if not read:
                _fail("no readable article in the input")
            bar.describe("writing")
            if graph_store is not None:
                graph_store.add(results, hashes, replace=replace)
                kg = graph_store.knowledge_graph()
            else:
                kg = assemble_results(results)
            kg.rdf_triples = triples_mode
            # With --store, files are written only when --out is given.
            folder = out if out is not None else (None if graph_store is not None else Path("out"))
            written = _write_outputs(kg, folder, title) if folder is not None else None
        triples = graph_store.triple_count() if graph_store is not None else written
    finally:
        if graph_store is not None:
            graph_store.close()
    seconds = time.perf_counter() - started
    counts = f"{len(kg.articles)} documents, {len(kg.entities)} entities, {len(kg.events)} events, {triples} triples"
    if graph_store is not None:
        where = f"{store}" + (f", {folder}/graph.ttl, {folder}/graph.html, {folder}/events.csv, {folder}/triples.csv" if folder else "")
        typer.echo(
            f"{len(results)} new documents ({already} already in the store) in {seconds:.1f} s; "
            f"the store holds {counts} -> {where}"
        )
    else:
        typer.echo(f"{counts} in {seconds:.1f} s -> {folder}/graph.ttl, {folder}/graph.html, {folder}/events.csv, {folder}/triples.csv")
    if skips:
        typer.echo(f"{len(skips)} input(s) skipped (see messages above)", err=True)
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def query(
    graph: Path = typer.Argument(..., help="A graph file (.ttl .nt .jsonld .trig) or a store folder; with --endpoint, the query"),
    sparql_query: Optional[str] = typer.Argument(None, metavar="QUERY", help="SPARQL text, a .rq file, or a canned query name"),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json"),
    param: list[str] = typer.Option([], "--param", "-p", help="name=value, bound as a SPARQL value (repeatable)"),
    list_queries: bool = typer.Option(False, "--list", help="List the canned queries"),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Query this SPARQL endpoint URL instead of a graph (graphbuild query --endpoint URL QUERY)"),
    allow_service: bool = typer.Option(False, "--allow-service", help="Let SERVICE clauses send requests to the servers they name"),
) -> None:
    """Run a SPARQL query on a graph, a store or a SPARQL endpoint; parameters are bound, never pasted in."""
    if list_queries:
        for name, path in sparql.canned_queries().items():
            typer.echo(f"{name}\t{sparql.describe(path)}")
        return
    if endpoint is not None:
        if sparql_query is not None:
            _fail("with --endpoint give the query only: graphbuild query --endpoint URL QUERY")
        sparql_query = str(graph)
    if sparql_query is None:
        _fail("give a query (text, .rq file or canned name) or --list")
    bindings = {}
    for item in param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            _fail(f"--param {item!r}: expected name=value")
        bindings[name] = value
    try:
        text = sparql.load_query(sparql_query)
    except (OSError, ValueError) as err:
        _fail(str(err))
    if endpoint is not None:
        try:
            names, rows = query_endpoint(endpoint, text, bindings or None, allow_service=allow_service)
        except (RemoteError, ValueError, TypeError) as err:
            _fail(f"query failed: {err}")
    elif graph.is_dir():
        with _open_store(graph) as graph_store:
            try:
                names, rows = graph_store.query(text, bindings or None, allow_service=allow_service)
            except Exception as err:  # oxigraph raises SyntaxError, OSError, ValueError
                _fail(f"query failed: {err}")
    else:
        finish_switch(graph.parent)
        try:
            g = load_graph(graph)
        except FileNotFoundError:
            _fail(f"{graph}: no such file")
        except Exception as err:
            _fail(f"{graph}: cannot read graph: {err}")
        try:
            names, rows = sparql.run_query(g, text, bindings or None, allow_service=allow_service)
        except Exception as err:  # pyparsing / rdflib query errors
            _fail(f"query failed: {err}")
    if fmt not in ("table", "csv", "json"):
        _fail(f"--format {fmt!r}: expected table, csv or json")
    typer.echo(sparql.format_results(names, rows, fmt, terminal=sys.stdout.isatty()), nl=False)


@app.command("viz")
def visualize(
    graph: Path = typer.Argument(..., help="A graph file written by build, or a store folder"),
    out: Path = typer.Option(Path("graph.html"), "--out", "-o", help="HTML file to write"),
    title: str = typer.Option("graphbuild", help="Title of the HTML page"),
    focus: Optional[str] = typer.Option(None, help="Only this entity (key or label) and its neighbours"),
    hops: int = typer.Option(1, min=0, help="With --focus: how many steps out"),
    max_nodes: int = typer.Option(DEFAULT_MAX_NODES, min=1, help="At most this many entities: the most connected"),
    max_edges: int = typer.Option(DEFAULT_MAX_EDGES, min=1, help="At most this many events: the most reported"),
    since: Optional[str] = typer.Option(None, help="Only events dated on or after this day (YYYY-MM-DD)"),
    until: Optional[str] = typer.Option(None, help="Only events dated on or before this day (YYYY-MM-DD)"),
    types: list[str] = typer.Option([], "--types", help="Only these PLOVER event types / entity types (repeatable, or comma-separated)"),
) -> None:
    """Render the interactive HTML graph (self-contained, works offline); big
    graphs are cut to what a browser can show, and the page says what was left out."""
    for name, day in (("--since", since), ("--until", until)):
        if day is not None and not _is_iso_day(day):
            _fail(f"{name} {day!r}: expected a day as YYYY-MM-DD")
    kg = _load_kg(graph)
    try:
        selection = select(
            to_networkx(kg), focus=focus, hops=hops, max_nodes=max_nodes, max_edges=max_edges,
            since=since, until=until, types=types,
        )
    except ValueError as err:
        _fail(str(err))
    if since or until or types:
        relations = []  # relations have no date or event type: a filtered page leaves them out
    elif graph.is_dir():
        relations = [(t.subject_entity, t.object_entity, t.predicate, t.sentence) for t in kg.triples if t.between_entities]
    else:
        relations = graph_relations(load_graph(graph))
    viz.render_network(selection.graph, out, title, note=selection.note, relations=relations)
    shown = f"{selection.graph.number_of_nodes()} nodes, {selection.graph.number_of_edges()} edges"
    typer.echo(f"{shown} -> {out}" + (f" ({selection.note})" if selection.note else ""))


@app.command()
def export(
    graph: Path = typer.Argument(..., help="A graph file written by build"),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="ttl, nt, jsonld, trig, nq, graphml, gexf or csv (default: from --out)"),
    out: Path = typer.Option(..., "--out", "-o", help="File to write"),
) -> None:
    """Write the graph in another format (RDF, GraphML/GEXF for Gephi, or the events CSV)."""
    try:
        fmt = exporting.export_format(fmt, out)
    except ValueError as err:
        _fail(f"--format: {err}")
    if fmt == "ttl" and graph.is_dir():
        # A store keeps each subject's Turtle: no graph to re-assemble.

        with _open_store(graph) as graph_store:
            write_atomic(out, graph_store.turtle())
    else:
        exporting.export(_load_kg(graph), out, fmt)
    typer.echo(f"-> {out}")


@app.command()
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
    _use_dictionaries(dictionary)
    try:
        gold_lines = evaluation.read_gold(gold)
    except (OSError, ValueError) as err:
        _fail(str(err))
    articles, _skips = _read(inputs, None, "text", "id", "date", 5_000_000)
    if not articles:
        _fail("no readable article in the input")
    kg = build_graph(articles, nlp=_nlp(model))
    result = evaluation.evaluate(gold_lines, kg, {a.id: a for a in articles}, by_code=by_code)
    if as_json:
        typer.echo(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        typer.echo(evaluation.format_report(result, details=details))


def _use_dictionaries(paths: list[Path]) -> None:
    """Load the user's dictionaries before any article is read, so that a bad one fails at once."""
    try:
        dictionaries.use(tuple(str(p) for p in paths))
        if paths:
            dictionaries.verbs(), dictionaries.agents(), load_lexicon()
    except (OSError, ValueError) as err:
        _fail(str(err))


@app.command("validate")
def validate_graph(
    graph: Path = typer.Argument(..., help="A graph file written by build or export"),
    shapes: Optional[Path] = typer.Option(None, help="SHACL shapes (default: ontologies/shapes.ttl)"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
) -> None:
    """Check a graph against the SHACL shapes; exit 1 naming each node and rule it breaks."""
    if not graph.is_file():
        _fail(f"{graph}: no such file")
    try:
        report = validation.validate(graph, shapes)
    except OSError as err:
        _fail(str(err))
    except Exception as err:  # rdflib and pyshacl raise many error types
        _fail(f"{graph}: cannot validate: {err}")
    if as_json:
        payload = {"conforms": report.conforms, "violations": [v.as_dict() for v in report.violations]}
        typer.echo(analytics.safe_json(payload))
    elif report.conforms:
        typer.echo(f"{analytics.printable(graph, None)}: conforms to the shapes")
    else:
        typer.echo(report.text(), nl=False)
        typer.echo(f"{analytics.printable(graph, None)}: {len(report.violations)} violation(s)")
    if not report.conforms:
        raise typer.Exit(EXIT_FAILED)


@app.command()
def ontology(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the Markdown here instead of printing it"),
) -> None:
    """Document the ontology: its classes and properties, with labels and comments, as Markdown."""
    text = exporting.ontology_markdown()
    if out is None:
        typer.echo(text, nl=False)
    else:

        write_atomic(out, text)
        typer.echo(f"-> {out}")


@app.command()
def stats(
    graph: Path = typer.Argument(..., help="A graph file written by build or export"),
    top: int = typer.Option(10, help="How many central actors to list"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
) -> None:
    """Counts, the most central actors, communities and country-pair balances."""
    result = analytics.stats(_load_kg(graph), top=top)
    typer.echo(analytics.safe_json(result) if as_json else analytics.format_stats(result), nl=as_json)


@app.command("path")
def chains(
    graph: Path = typer.Argument(..., help="A graph file written by build or export"),
    a: str = typer.Argument(..., help="An actor: its label or an alias, any case"),
    b: str = typer.Argument(..., help="Another actor"),
    limit: int = typer.Option(5, help="At most this many chains"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
) -> None:
    """The shortest chains of events linking two actors, with their evidence."""
    kg = _load_kg(graph)
    try:
        result = analytics.shortest_chains(kg, a, b, limit=limit)
    except analytics.ActorNotFound as err:
        _fail(analytics.printable(err, None))
    typer.echo(analytics.safe_json(result) if as_json else analytics.format_chains(result, a, b), nl=as_json)


@app.command("triples")
def print_triples(
    inputs: list[str] = typer.Argument(..., help="Files, folders or - (stdin): .txt .md .jsonl .csv .html"),
    fmt: str = typer.Option("table", "--format", "-f", help="table or tsv"),
    model: Optional[str] = typer.Option(None, help="spaCy model (default: en_core_web_sm if installed)"),
    glob: Optional[str] = typer.Option(None, help="Only files matching this pattern inside folders"),
) -> None:
    """Print the open triples of INPUTS (subject, predicate, object, entities, event), as a table or TSV."""
    if fmt not in ("table", "tsv"):
        _fail(f"--format {fmt!r}: expected table or tsv")
    articles, skips = _read(inputs, glob, "text", "id", "date", 5_000_000)
    if not articles:
        _fail("no readable article in the input")
    kg = build_graph(articles, nlp=_nlp(model))
    if fmt == "tsv":
        typer.echo(tables.triples_tsv(kg), nl=False)
    else:
        from rdflib import Literal

        names = ("doc_id", "subject", "predicate", "object", "subject_entity", "object_entity", "event_id")
        rows = [[Literal(str(row[n])) if row[n] != "" else None for n in names] for row in tables.triples_rows(kg)]
        typer.echo(sparql.format_results(names, rows, "table", max_width=48), nl=False)
    if skips:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def push(
    graph: Path = typer.Argument(..., help="A graph file written by build, or a store folder"),
    to: str = typer.Option(..., "--to", help="Graph Store HTTP Protocol endpoint, e.g. http://127.0.0.1:7878/store"),
    timeout: float = typer.Option(60.0, help="Seconds to wait for each request"),
) -> None:
    """Send the graph to a SPARQL 1.1 server: one named graph per source
    document (replaced, so pushing again is safe), entities in a shared graph."""
    kg = _load_kg(graph)
    try:
        report = push_graph(kg, to, timeout=timeout)
    except RemoteError as err:
        _fail(f"push failed: {err}")
    typer.echo(f"{report.graphs} graphs, {report.triples} triples -> {to}")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
