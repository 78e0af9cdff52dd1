"""The commands that read a graph and print what they find: ``query``
(SPARQL on a graph file, a store or an endpoint), ``stats``, ``path``, and
``triples`` (the open triples of articles, parsed on the spot).

The answers are the library's (``query.run``, ``store``, ``report.analytics``,
``render.tables``); here: the options, the failures and the printing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from graphbuild.atomic import finish_switch
from graphbuild.cli.common import EXIT_FAILED, EXIT_SKIPPED, fail, load_kg, load_nlp, open_store, read_all, read_graph_file
from graphbuild.query.sparqltext import bad_dates
from graphbuild.safetext import printable, safe_json

# The stages (spaCy with them) are imported by the commands that run them.

QUERY_FORMATS = ("table", "csv", "json")
TRIPLES_FORMATS = ("table", "tsv")
# The columns ``graphbuild triples`` prints as a table (the TSV has them all).
TRIPLES_TABLE = ("doc_id", "subject", "predicate", "object", "subject_entity", "object_entity", "event_id")


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
    from graphbuild.query import run as sparql  # rdflib's SPARQL engine: not for --help

    if list_queries:
        for name, path in sparql.canned_queries().items():
            typer.echo(f"{name}\t{sparql.describe(path)}")
        return
    if endpoint is not None:
        if sparql_query is not None:
            fail("with --endpoint give the query only: graphbuild query --endpoint URL QUERY")
        sparql_query = str(graph)
    if sparql_query is None:
        fail("give a query (text, .rq file or canned name) or --list")
    bindings = _bindings(param)
    try:
        text = sparql.load_query(sparql_query)
    except (OSError, ValueError) as err:
        fail(str(err))
    for name, value in bad_dates(text, bindings):
        fail(f"--param {name}={value!r}: expected a day as YYYY-MM-DD")
    source = _query_file(sparql_query)
    names, rows = _answer(text, bindings or None, graph, endpoint, allow_service, source)
    if fmt not in QUERY_FORMATS:
        fail(f"--format {fmt!r}: expected table, csv or json")
    typer.echo(sparql.format_results(names, rows, fmt, terminal=sys.stdout.isatty()), nl=False)


def _bindings(params: list[str]) -> dict[str, str]:
    """The ``--param name=value`` options as a dict."""
    bindings = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            fail(f"--param {item!r}: expected name=value")
        bindings[name] = value
    return bindings


def _query_file(sparql_query: str) -> str | None:
    """The name of the .rq file the query was read from (a canned query's
    file name), None for query text."""
    from graphbuild.query import run as sparql  # rdflib's SPARQL engine: not for --help

    canned = sparql.canned_queries()
    if sparql_query in canned:
        return canned[sparql_query].name
    try:
        return sparql_query if Path(sparql_query).is_file() else None
    except (OSError, ValueError):
        return None


def _query_failed(err: Exception, text: str, source: str | None) -> None:
    """End the command: where a syntax error is (the file, the line, a caret
    under the column), else the engine's message."""
    from graphbuild.query import run as sparql  # rdflib's SPARQL engine: not for --help

    at = sparql.syntax_error(err)
    if at is None:
        fail(f"query failed: {err}")
    lineno, col, what = at
    lines = text.splitlines() or [""]
    if lineno > len(lines):  # the end of the text: after its last line
        lineno, col = len(lines), len(lines[-1]) + 1
    line = lines[max(lineno, 1) - 1]
    where = f"{source}:{lineno}" if source else f"query line {lineno}"
    shown = printable(line.replace("\t", " "), None)
    typer.echo(f"graphbuild: {printable(where, None)}: syntax error: {printable(what, None)}", err=True)
    typer.echo(f"  {shown}\n  {' ' * min(max(col - 1, 0), len(shown))}^", err=True)
    raise typer.Exit(EXIT_FAILED)


def _answer(text: str, bindings: dict | None, graph: Path, endpoint: str | None, allow_service: bool,
            source: str | None = None) -> tuple:
    """(variable names, rows) of the query ``text`` from the endpoint, the store or the graph file."""
    from graphbuild.query import run as sparql  # rdflib's SPARQL engine: not for --help

    if endpoint is not None:
        from graphbuild.store.remote import RemoteError, query_endpoint

        try:
            return query_endpoint(endpoint, text, bindings, allow_service=allow_service)
        except (RemoteError, ValueError, TypeError) as err:
            fail(f"query failed: {err}")
    if graph.is_dir():
        with open_store(graph) as graph_store:
            try:
                return graph_store.query(text, bindings, allow_service=allow_service)
            except Exception as err:  # oxigraph raises SyntaxError, OSError, ValueError
                _query_failed(err, text, source)
    finish_switch(graph.parent)
    g = read_graph_file(graph)
    try:
        return sparql.run_query(g, text, bindings, allow_service=allow_service)
    except Exception as err:  # pyparsing / rdflib query errors
        _query_failed(err, text, source)


def stats(
    graph: Path = typer.Argument(..., help="A graph file written by build or export"),
    top: int = typer.Option(10, help="How many central actors to list"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
) -> None:
    """Counts, the most central actors, communities and country-pair balances."""
    from graphbuild.report import analytics, terminal

    result = analytics.stats(load_kg(graph), top=top)
    typer.echo(safe_json(result) if as_json else terminal.format_stats(result), nl=as_json)


def chains(
    graph: Path = typer.Argument(..., help="A graph file written by build or export"),
    a: str = typer.Argument(..., help="An actor: its label or an alias, any case"),
    b: str = typer.Argument(..., help="Another actor"),
    limit: int = typer.Option(5, help="At most this many chains"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
) -> None:
    """The shortest chains of events linking two actors, with their evidence."""
    from graphbuild.report import paths, terminal

    kg = load_kg(graph)
    try:
        result = paths.shortest_chains(kg, a, b, limit=limit)
    except paths.ActorNotFound as err:
        fail(printable(err))
    typer.echo(safe_json(result) if as_json else terminal.format_chains(result, a, b), nl=as_json)


def print_triples(
    inputs: list[str] = typer.Argument(..., help="Files, folders or - (stdin): .txt .md .jsonl .csv .html"),
    fmt: str = typer.Option("table", "--format", "-f", help="table or tsv"),
    model: Optional[str] = typer.Option(None, help="spaCy model (default: en_core_web_sm if installed)"),
    glob: Optional[str] = typer.Option(None, help="Only files matching this pattern inside folders"),
) -> None:
    """Print the open triples of INPUTS (subject, predicate, object, entities, event), as a table or TSV."""
    from graphbuild.query import run as sparql  # rdflib's SPARQL engine: not for --help

    from rdflib import Literal

    from graphbuild.pipeline import build as build_graph
    from graphbuild.render import tables

    if fmt not in TRIPLES_FORMATS:
        fail(f"--format {fmt!r}: expected table or tsv")
    articles, skips = read_all(inputs, glob)
    if not articles:
        fail("no readable article in the input")
    kg = build_graph(articles, nlp=load_nlp(model))
    if fmt == "tsv":
        typer.echo(tables.triples_tsv(kg), nl=False)
    else:
        rows = [[Literal(str(row[n])) if row[n] != "" else None for n in TRIPLES_TABLE] for row in tables.triples_rows(kg)]
        typer.echo(sparql.format_results(TRIPLES_TABLE, rows, "table", max_width=48), nl=False)
    if skips:
        raise typer.Exit(EXIT_SKIPPED)
