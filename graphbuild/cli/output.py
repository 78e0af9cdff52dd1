"""The commands that turn a graph into something else: ``viz`` (the HTML
page), ``export`` (another file format), ``validate`` (the SHACL report),
``ontology`` (its Markdown documentation) and ``push`` (to a SPARQL server).

The work is the library's (``render``, ``rdf.validate``, ``store``); here:
the options, the failures and the one-line answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from graphbuild.atomic import write_atomic
from graphbuild.cli.common import EXIT_FAILED, fail, load_kg, open_store
from graphbuild.query.sparqltext import is_iso_day
from graphbuild.records import KnowledgeGraph
from graphbuild.render.limits import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES
from graphbuild.safetext import printable, safe_json

# The stages (spaCy and pyshacl with them) are imported by the commands that run them.


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
    from graphbuild.graph.assemble import to_networkx
    from graphbuild.render import viz
    from graphbuild.render.focus import View, select

    for name, day in (("--since", since), ("--until", until)):
        if day is not None and not is_iso_day(day):
            fail(f"{name} {day!r}: expected a day as YYYY-MM-DD")
    kg = load_kg(graph)
    try:
        view = View(focus=focus, hops=hops, max_nodes=max_nodes, max_edges=max_edges, since=since, until=until, types=types)
        selection = select(to_networkx(kg), view)
    except ValueError as err:
        fail(str(err))
    relations = [] if view.filters_events else _relations(kg, graph)
    viz.render_network(selection.graph, out, title, note=selection.note, relations=relations)
    shown = f"{selection.graph.number_of_nodes()} nodes, {selection.graph.number_of_edges()} edges"
    typer.echo(f"{shown} -> {out}" + (f" ({selection.note})" if selection.note else ""))


def _relations(kg: KnowledgeGraph, graph: Path) -> list[tuple[str, str, str, str]]:
    """The open triples between two entities the page draws besides the
    events, as (subject, object, predicate, sentence): those of a store's
    graph, or those the graph file holds. A filtered page has none
    (relations have no date or event type)."""
    from graphbuild.rdf.read import load_graph, relations as graph_relations

    if graph.is_dir():
        return [(t.subject_entity, t.object_entity, t.predicate, t.sentence) for t in kg.triples if t.between_entities]
    return graph_relations(load_graph(graph))


def export(
    graph: Path = typer.Argument(..., help="A graph file written by build"),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="ttl, nt, jsonld, trig, nq, graphml, gexf, csv, gdelt or polecat (default: from --out)"),
    out: Path = typer.Option(..., "--out", "-o", help="File to write"),
) -> None:
    """Write the graph in another format (RDF, GraphML/GEXF for Gephi, the events CSV, GDELT 2.0 or POLECAT)."""
    from graphbuild.knowledge.goldstein import GoldsteinMissing
    from graphbuild.render import export as exporting

    try:
        name = exporting.export_format(fmt, out)
    except ValueError as err:
        fail(f"--format: {err}" if fmt is not None else f"--out {printable(out, None)}: {err}; or give --format")
    fmt = name
    if fmt == "ttl" and graph.is_dir():
        # A store keeps each subject's Turtle: no graph to re-assemble.
        with open_store(graph) as graph_store:
            write_atomic(out, graph_store.turtle())
    else:
        try:
            exporting.export(load_kg(graph), out, fmt)
        except GoldsteinMissing as err:
            fail(str(err))
    typer.echo(f"-> {out}")


def validate_graph(
    graph: Path = typer.Argument(..., help="A graph file written by build or export"),
    shapes: Optional[Path] = typer.Option(None, help="SHACL shapes (default: ontologies/shapes.ttl)"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object"),
) -> None:
    """Check a graph against the SHACL shapes; exit 1 naming each node and rule it breaks."""
    from graphbuild.rdf import validate as validation

    if not graph.is_file():
        fail(f"{graph}: no such file")
    try:
        report = validation.validate(graph, shapes)
    except OSError as err:
        fail(str(err))
    except Exception as err:  # rdflib and pyshacl raise many error types
        fail(f"{graph}: cannot validate: {err}")
    if as_json:
        payload = {"conforms": report.conforms, "violations": [v.as_dict() for v in report.violations]}
        typer.echo(safe_json(payload))
    elif report.conforms:
        typer.echo(f"{printable(graph, None)}: conforms to the shapes")
    else:
        typer.echo(report.text(), nl=False)
        typer.echo(f"{printable(graph, None)}: {len(report.violations)} violation(s)")
    if not report.conforms:
        raise typer.Exit(EXIT_FAILED)


def ontology(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the Markdown here instead of printing it"),
) -> None:
    """Document the ontology: its classes and properties, with labels and comments, as Markdown."""
    from graphbuild.render import export as exporting

    text = exporting.ontology_markdown()
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(out, text)
        typer.echo(f"-> {out}")


def push(
    graph: Path = typer.Argument(..., help="A graph file written by build, or a store folder"),
    to: str = typer.Option(..., "--to", help="Graph Store HTTP Protocol endpoint, e.g. http://127.0.0.1:7878/store"),
    timeout: float = typer.Option(60.0, help="Seconds to wait for each request"),
) -> None:
    """Send the graph to a SPARQL 1.1 server: one named graph per source
    document (replaced, so pushing again is safe), entities in a shared graph."""
    from graphbuild.store.remote import RemoteError, push as push_graph

    kg = load_kg(graph)
    try:
        report = push_graph(kg, to, timeout=timeout)
    except RemoteError as err:
        fail(f"push failed: {err}")
    typer.echo(f"{report.graphs} graphs, {report.triples} triples -> {to}")
