"""The command line: a thin shell over the stages. No logic lives here.

    graphbuild build examples/articles.jsonl --out out/
    graphbuild query out/graph.ttl examples/visits.rq
    graphbuild viz out/graph.ttl --out graph.html
    graphbuild export out/graph.ttl --format nt --out graph.nt
    graphbuild evaluate GOLD.jsonl INPUT... [--json]

Exit codes: 0 success; 1 failure (bad arguments, unreadable graph, no
input at all, or any skipped input under --strict); 3 the build completed
but some input was skipped (each skip is printed to stderr with file:line).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Optional

import typer

from . import evaluate as evaluation
from . import query as sparql
from . import rdf, tables, viz
from .model import Article, KnowledgeGraph
from .nlp import ModelNotFound, load_model
from .pipeline import build as build_graph
from .sources import Skip, read_articles

app = typer.Typer(add_completion=False, no_args_is_help=True, help="News articles in, a knowledge graph of who did what to whom out.")

EXIT_FAILED = 1
EXIT_SKIPPED = 3


def _fail(message: str) -> None:
    typer.echo(f"graphbuild: {message}", err=True)
    raise typer.Exit(EXIT_FAILED)


def _read(inputs: list[str], glob: str | None, text_column: str, id_column: str, date_column: str, max_bytes: int) -> tuple[list[Article], list[Skip]]:
    skips: list[Skip] = []

    def on_skip(skip: Skip) -> None:
        skips.append(skip)
        typer.echo(f"skipped {skip}", err=True)

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


def _load_kg(path: Path) -> KnowledgeGraph:
    try:
        return rdf.from_rdf(rdf.load_graph(path))
    except FileNotFoundError:
        _fail(f"{path}: no such file")
    except Exception as err:  # rdflib raises many parser error types
        _fail(f"{path}: cannot read graph: {err}")
    raise AssertionError("unreachable")


def _nlp(model: str | None):
    try:
        return load_model(model)
    except ModelNotFound as err:
        _fail(str(err))


@app.command()
def build(
    inputs: list[str] = typer.Argument(..., help="Files, folders or - (stdin): .txt .md .jsonl .csv .html"),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder"),
    model: Optional[str] = typer.Option(None, help="spaCy model (default: en_core_web_sm if installed)"),
    glob: Optional[str] = typer.Option(None, help="Only files matching this pattern inside folders"),
    text_column: str = typer.Option("text", help="CSV column / JSON key of the text"),
    id_column: str = typer.Option("id", help="CSV column / JSON key of the document id"),
    date_column: str = typer.Option("date", help="CSV column / JSON key of the publication date"),
    max_bytes: int = typer.Option(5_000_000, help="Skip articles larger than this"),
    strict: bool = typer.Option(False, help="Fail, writing nothing, if any input is skipped"),
    title: str = typer.Option("graphbuild", help="Title of the HTML page"),
) -> None:
    """Build the knowledge graph: graph.ttl, graph.html and events.csv in --out."""
    started = time.perf_counter()
    articles, skips = _read(inputs, glob, text_column, id_column, date_column, max_bytes)
    if skips and strict:
        _fail(f"{len(skips)} input(s) skipped; nothing written (--strict)")
    if not articles:
        _fail("no readable article in the input")
    kg = build_graph(articles, nlp=_nlp(model))
    out.mkdir(parents=True, exist_ok=True)
    rdf.serialize(kg, out / "graph.ttl", "ttl")
    tables.write_events_csv(kg, out / "events.csv")
    viz.render_html(kg, out / "graph.html", title=title)
    triples = len(rdf.to_rdf(kg))
    seconds = time.perf_counter() - started
    typer.echo(
        f"{len(kg.articles)} documents, {len(kg.entities)} entities, {len(kg.events)} events, "
        f"{triples} triples in {seconds:.1f} s -> {out}/graph.ttl, {out}/graph.html, {out}/events.csv"
    )
    if skips:
        typer.echo(f"{len(skips)} input(s) skipped (see messages above)", err=True)
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def query(
    graph: Path = typer.Argument(..., help="A graph file (.ttl .nt .jsonld .trig)"),
    sparql_query: Optional[str] = typer.Argument(None, metavar="QUERY", help="SPARQL text, a .rq file, or a canned query name"),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json"),
    param: list[str] = typer.Option([], "--param", "-p", help="name=value, bound as a SPARQL value (repeatable)"),
    list_queries: bool = typer.Option(False, "--list", help="List the canned queries"),
) -> None:
    """Run a SPARQL query on a graph; parameters are bound, never pasted in."""
    if list_queries:
        for name, path in sparql.canned_queries().items():
            typer.echo(f"{name}\t{sparql.describe(path)}")
        return
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
    try:
        g = rdf.load_graph(graph)
    except FileNotFoundError:
        _fail(f"{graph}: no such file")
    except Exception as err:
        _fail(f"{graph}: cannot read graph: {err}")
    try:
        names, rows = sparql.run_query(g, text, bindings or None)
    except Exception as err:  # pyparsing / rdflib query errors
        _fail(f"query failed: {err}")
    if fmt not in ("table", "csv", "json"):
        _fail(f"--format {fmt!r}: expected table, csv or json")
    typer.echo(sparql.format_results(names, rows, fmt), nl=False)


@app.command("viz")
def visualize(
    graph: Path = typer.Argument(..., help="A graph file written by build"),
    out: Path = typer.Option(Path("graph.html"), "--out", "-o", help="HTML file to write"),
    title: str = typer.Option("graphbuild", help="Title of the HTML page"),
) -> None:
    """Render the interactive HTML graph (self-contained, works offline)."""
    kg = _load_kg(graph)
    viz.render_html(kg, out, title=title)
    typer.echo(f"{len(kg.entities)} nodes, {sum(1 for e in kg.events if e.recipient)} edges -> {out}")


@app.command()
def export(
    graph: Path = typer.Argument(..., help="A graph file written by build"),
    fmt: str = typer.Option(..., "--format", "-f", help="ttl, nt, jsonld, trig, nq or csv"),
    out: Path = typer.Option(..., "--out", "-o", help="File to write"),
) -> None:
    """Write the graph in another format."""
    kg = _load_kg(graph)
    if fmt == "csv":
        tables.write_events_csv(kg, out)
    elif fmt in ("ttl", "nt", "jsonld", "trig", "nq"):
        rdf.serialize(kg, out, fmt)
    else:
        _fail(f"--format {fmt!r}: expected ttl, nt, jsonld, trig, nq or csv")
    typer.echo(f"-> {out}")


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., help="Gold file (JSON Lines, see the README)"),
    inputs: list[str] = typer.Argument(..., help="The articles the gold file describes"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
    details: bool = typer.Option(False, "--details", help="List missed and unmatched events"),
    model: Optional[str] = typer.Option(None, help="spaCy model"),
) -> None:
    """Score a build of INPUTS against a gold file."""
    try:
        gold_lines = evaluation.read_gold(gold)
    except (OSError, ValueError) as err:
        _fail(str(err))
    articles, _skips = _read(inputs, None, "text", "id", "date", 5_000_000)
    if not articles:
        _fail("no readable article in the input")
    kg = build_graph(articles, nlp=_nlp(model))
    result = evaluation.evaluate(gold_lines, kg, {a.id: a for a in articles})
    if as_json:
        typer.echo(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        typer.echo(evaluation.format_report(result, details=details))


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
