"""The command line: the typer app, its commands and how it fails.

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

The commands live by what they do: ``cli/build.py`` parses articles (build,
evaluate), ``cli/query.py`` reads a graph (query, stats, path, triples),
``cli/output.py`` turns it into something else (viz, export, validate,
ontology, push); ``cli/common.py`` holds what they share. No logic lives in
them: each command reads its options, calls the library and prints.

Exit codes: 0 success; 1 failure (bad arguments, unreadable graph, no
input at all, or any skipped input under --strict); 3 the build completed
but some input was skipped (each skip is printed to stderr with file:line).
"""

from __future__ import annotations

import sys

import click
import typer

from graphbuild import __version__
from graphbuild.cli import build, output, query
from graphbuild.cli.plainhelp import PlainCommand, PlainGroup
from graphbuild.cli.common import EXIT_FAILED
from graphbuild.safetext import printable

_DEBUG = {"on": False}

try:  # typer 0.29 and later raise their own copy of click's errors for bad usage
    from typer._click.exceptions import ClickException as _TyperClickException

    _USAGE_ERRORS: tuple[type[BaseException], ...] = (_TyperClickException,)
except ImportError:
    _USAGE_ERRORS = ()


class _Guarded(PlainGroup):
    """Any exception a command did not expect ends as one line, not a
    traceback (``--debug`` shows the traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.ClickException, click.exceptions.Abort, KeyboardInterrupt, *_USAGE_ERRORS):
            raise
        except Exception as err:
            if _DEBUG["on"]:
                raise
            what = printable(f"{type(err).__name__}: {err}", None)[:500]
            typer.echo(f"graphbuild: unexpected error: {what} (run with --debug for the traceback)", err=True)
            raise typer.Exit(EXIT_FAILED) from None


app = typer.Typer(
    cls=_Guarded, add_completion=False, no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},  # every command's too
    help="News articles in, a knowledge graph of who did what to whom out.",
)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"graphbuild {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of an unexpected error"),
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit"),
) -> None:
    _DEBUG["on"] = debug


# In this order in --help.
app.command(cls=PlainCommand)(build.build)
app.command(cls=PlainCommand)(query.query)
app.command("viz", cls=PlainCommand)(output.visualize)
app.command(cls=PlainCommand)(output.export)
app.command(cls=PlainCommand)(build.evaluate)
app.command("validate", cls=PlainCommand)(output.validate_graph)
app.command(cls=PlainCommand)(output.ontology)
app.command(cls=PlainCommand)(query.stats)
app.command("path", cls=PlainCommand)(query.chains)
app.command("triples", cls=PlainCommand)(query.print_triples)
app.command(cls=PlainCommand)(output.push)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
