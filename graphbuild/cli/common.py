"""What the commands share: exit codes, the one-line failure, and reading
their inputs (articles, graph files, stores, the model, dictionaries) with
the messages a user sees when one is missing or broken.

Each helper either gives what was asked or ends the command with
``graphbuild: <why>`` on stderr and exit code 1 (``fail``).

The stages are imported inside the helpers and commands that use them, so
that ``graphbuild --help`` or ``query --list`` starts without spaCy
(``tests/test_cli_finish.py`` checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from graphbuild.atomic import finish_switch
from graphbuild.ingest.skips import Skip
from graphbuild.records import Article, KnowledgeGraph
from graphbuild.safetext import printable

if TYPE_CHECKING:
    from graphbuild.store.local import GraphStore

EXIT_FAILED = 1
EXIT_SKIPPED = 3


def fail(message: str) -> NoReturn:
    """End the command: ``graphbuild: message`` on stderr, exit code 1."""
    typer.echo(f"graphbuild: {printable(message, None)}", err=True)  # may quote a server's answer
    raise typer.Exit(EXIT_FAILED)


def reporting_skips(skips: list[Skip]) -> Callable[[Skip], None]:
    """An ``on_skip`` for ``read_articles`` that keeps each skip in ``skips``
    and prints it to stderr."""

    def on_skip(skip: Skip) -> None:
        skips.append(skip)
        typer.echo(f"skipped {printable(skip, None)}", err=True)  # file names can hold escapes

    return on_skip


def read_all(inputs: list[str], glob: str | None = None) -> tuple[list[Article], list[Skip]]:
    """The articles of ``inputs`` and what was skipped (printed as it is)."""
    from graphbuild.ingest.read import read_articles

    skips: list[Skip] = []
    return list(read_articles(inputs, on_skip=reporting_skips(skips), glob=glob)), skips


def load_nlp(model: str | None):
    """The spaCy pipeline ``model`` names (the default one for None)."""
    from graphbuild.nlp.model import ModelNotFound, load_model

    try:
        return load_model(model)
    except ModelNotFound as err:
        fail(str(err))


def use_dictionaries(paths: list[Path]) -> None:
    """Load the user's dictionaries before any article is read, so that a bad one fails at once."""
    from graphbuild.events.lexicon import load as load_lexicon
    from graphbuild.knowledge import dictionaries

    try:
        dictionaries.use(tuple(str(p) for p in paths))
        if paths:
            dictionaries.verbs(), dictionaries.agents(), load_lexicon()
    except (OSError, ValueError) as err:
        fail(str(err))


def open_store(path: Path, create: bool = False) -> GraphStore:
    """The store in folder ``path`` (made there with ``create``)."""
    from graphbuild.store.local import GraphStore, StoreError

    try:
        return GraphStore(path, create=create)
    except FileNotFoundError:
        fail(f"{path}: no such store")
    except StoreError as err:
        fail(str(err))


def read_graph_file(path: Path, parse: Callable | None = None):
    """What ``parse`` makes of the graph file ``path`` (by default its rdflib
    graph, ``rdf.read.load_graph``); a missing or unreadable file ends the command."""
    if parse is None:
        from graphbuild.rdf.read import load_graph as parse
    try:
        return parse(path)
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except Exception as err:  # rdflib raises many parser error types
        fail(f"{path}: cannot read graph: {err}")


def load_kg(path: Path) -> KnowledgeGraph:
    """The graph of a graph file or of a store folder (``--store``)."""
    from graphbuild.rdf.read import from_rdf, load_graph

    finish_switch(path.parent)
    if path.is_dir():
        with open_store(path) as store:
            return store.knowledge_graph()
    return read_graph_file(path, lambda p: from_rdf(load_graph(p)))
