"""The Python API: what the command line does, in a few calls.

    >>> import graphbuild
    >>> g = graphbuild.build(["Chile praised Peru on Monday."])      # doctest: +SKIP
    >>> g.add([{"id": "wire-2", "text": "...", "date": "2024-05-06"}])  # doctest: +SKIP
    >>> g.query("who-met-whom")                                      # doctest: +SKIP
    >>> g.to_networkx(), g.to_dataframe(), g.stats(), g.validate()  # doctest: +SKIP
    >>> g.html()        # shows inline in Jupyter                    # doctest: +SKIP
    >>> g.save("out/")  # graph.ttl, graph.html, events.csv          # doctest: +SKIP

``build`` takes texts (``str``), records (dicts with ``text`` and optional
``id``, ``date``, ``title``, ``source``, ``url``), ``Article`` objects or
file paths (``pathlib.Path``, read like ``graphbuild build`` reads them); a
plain ``str`` is always a text, never a file name (``inputs.articles_from``
turns them into articles). ``load`` reads a graph
written by ``build`` or ``export``. A ``Graph`` holds the plain
``KnowledgeGraph`` (``g.kg``) and offers every output: RDF, networkx, a pandas
DataFrame of events, SPARQL, statistics, paths, validation, files, HTML.

Everything is deterministic: the same inputs give the same graph and the
same files, byte for byte, as the command line.
"""

from __future__ import annotations

import html as html_lib
import os
import tempfile
from dataclasses import replace
from pathlib import Path

import networkx as nx
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graphbuild.report import analytics
from graphbuild.report.paths import shortest_chains
from graphbuild.render import export as exporting, gdelt as gdelt_table, tables, viz
from graphbuild.query import run as sparql
from graphbuild.rdf import validate as validation
from graphbuild.rdf.read import from_rdf, load_graph
from graphbuild.rdf.statements import to_rdf
from graphbuild.graph.assemble import to_networkx
from graphbuild.graph.corpus import corpus_graph
from graphbuild.inputs import articles_from
from graphbuild.outputs import write_outputs
from graphbuild.records import Article, Entity, Event, KnowledgeGraph
from graphbuild.triples.record import ENTITIES

PANDAS_MISSING = (
    "graphbuild's to_dataframe() needs pandas, which is not installed: "
    "pip install 'graphbuild[pandas]' (or pip install pandas)"
)

# What ``Graph.save`` returns the path of, by kind.
SAVED = {"ttl": "graph.ttl", "html": "graph.html", "csv": "events.csv", "triples": "triples.csv"}

_NUMERIC = {XSD.integer, XSD.int, XSD.long, XSD.decimal, XSD.double, XSD.float, XSD.nonNegativeInteger}


# ---------------------------------------------------------------------------
# Building


def merge(a: KnowledgeGraph, b: KnowledgeGraph) -> KnowledgeGraph:
    """One graph from two: entities merged by key (a surname-only person
    joins the one full name that ends so, as within one build), events told by
    both corroborated into one. Raises ``ValueError`` if a document id is in
    both.
    """
    shared = sorted(set(a.articles) & set(b.articles))
    if shared:
        raise ValueError(f"document id(s) already in the graph: {', '.join(map(repr, shared[:5]))}")
    ordered = sorted([*a.triples, *b.triples], key=lambda t: t.doc_id)  # stable: text order within a document
    return corpus_graph(
        [*a.articles.values(), *b.articles.values()],
        [*a.entities.values(), *b.entities.values()],
        [*a.events, *b.events],
        [*a.mentions, *b.mentions],
        ordered,
    )


def build(items=(), *, model: str | None = None, nlp=None, workers: int = 1, **read_options) -> "Graph":
    """Build a knowledge graph from texts, records, ``Article`` objects or
    paths (see ``inputs.articles_from``); returns a ``Graph``.

    ``model`` names a spaCy pipeline (default: ``en_core_web_sm`` if
    installed, else its PyPI republication); ``nlp`` passes one already
    loaded; ``workers`` parses in that many processes (the same graph).
    The result is the graph ``graphbuild build`` makes of the same articles.
    """
    from graphbuild.pipeline import build as run_pipeline  # spaCy is imported only when needed

    articles = articles_from(items, **read_options)
    results: list = []
    if not articles:
        return Graph(KnowledgeGraph(), results)
    kg = run_pipeline(articles, model=model, nlp=nlp, on_document=results.append, workers=workers)
    return Graph(kg, results)


def load(path: str | os.PathLike, fmt: str | None = None) -> "Graph":
    """A graph written by ``graphbuild build`` or ``export`` (ttl, nt,
    jsonld, trig, nq; format from the suffix unless ``fmt``)."""
    return Graph(from_rdf(load_graph(path, fmt)))


# ---------------------------------------------------------------------------
# The graph


def _python(value):
    if value is None:
        return None
    if isinstance(value, Literal):
        if value.datatype in _NUMERIC or value.datatype == XSD.boolean:
            py = value.toPython()
            if isinstance(py, (int, float, bool)):
                return py
        return str(value)
    return str(value)


class HTML:
    """The interactive page of a graph: ``text`` is the self-contained HTML,
    ``save(path)`` writes it, and in Jupyter it shows inline (an ``<iframe>``
    whose ``srcdoc`` is the page, sandboxed to run its own scripts only)."""

    def __init__(self, text: str, height: int = 640):
        self.text = text
        self.height = height

    def save(self, path: str | os.PathLike) -> Path:
        from graphbuild.atomic import write_atomic

        return write_atomic(path, self.text)

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html_lib.escape(self.text, quote=True)}" sandbox="allow-scripts" '
            f'style="width: 100%; height: {int(self.height)}px; border: 1px solid #ddd;" '
            'title="graphbuild graph"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<graphbuild.HTML page, {len(self.text)} characters>"


class Graph:
    """A knowledge graph and everything graphbuild can do with it.

    ``kg`` is the plain ``KnowledgeGraph`` (entities, events, articles);
    ``entities``, ``events`` and ``documents`` are its parts. Methods that
    read the graph never change it; ``add`` grows it in place.

    A graph made by ``build`` also keeps what each document gave (its
    ``pipeline.DocumentResult``: mentions, entities, events; no text), so
    that ``add`` can assemble the corpus anew.
    """

    def __init__(self, kg: KnowledgeGraph | None = None, results: list | None = None):
        self.kg = kg if kg is not None else KnowledgeGraph()
        self._results = results
        self._rdf: rdflib.Graph | None = None

    # -- contents ----------------------------------------------------------

    @property
    def entities(self) -> list[Entity]:
        return list(self.kg.entities.values())

    @property
    def events(self) -> list[Event]:
        return list(self.kg.events)

    @property
    def documents(self) -> list[Article]:
        return list(self.kg.articles.values())

    def __repr__(self) -> str:
        return (
            f"<graphbuild.Graph: {len(self.kg.articles)} documents, "
            f"{len(self.kg.entities)} entities, {len(self.kg.events)} events>"
        )

    # -- growing -----------------------------------------------------------

    def add(self, items, *, model: str | None = None, nlp=None, workers: int = 1, **read_options) -> "Graph":
        """Build ``items`` (as ``build`` takes them) into this graph; returns
        the graph itself. Raises ``ValueError`` for a document id already in
        the graph.

        For a graph made by ``build``, the result is the graph one build of
        all the articles gives. For a graph read by ``load`` (which keeps no
        per-document results) the new documents are merged in (``merge``):
        the same events and entities, but where documents disagree on an
        entity's label or role, the loaded graph's wins.
        """
        new = build(items, model=model, nlp=nlp, workers=workers, **read_options)
        shared = sorted(set(self.kg.articles) & set(new.kg.articles))
        if shared:
            raise ValueError(f"document id(s) already in the graph: {', '.join(map(repr, shared[:5]))}")
        if self._results is not None and new._results is not None:
            from graphbuild.pipeline import assemble_results

            self._results = self._results + new._results
            self.kg = assemble_results(self._results)
        else:
            self.kg = merge(self.kg, new.kg)
        self._rdf = None
        return self

    # -- views -------------------------------------------------------------

    def to_rdf(self) -> rdflib.Graph:
        """The graph as rdflib triples (as written to graph.ttl)."""
        if self._rdf is None:
            self._rdf = to_rdf(self.kg)
        return self._rdf

    def to_networkx(self) -> nx.MultiDiGraph:
        """Entities as nodes, events with a recipient as edges keyed by event id
        (see ``graph.to_networkx``)."""
        return to_networkx(self.kg)

    def to_dataframe(self, schema: str = "events"):
        """The events as a pandas DataFrame; needs pandas.

        ``schema="events"``: the columns of events.csv, one row per event and
        reporting document. ``schema="gdelt"``: the 61 columns of
        ``export --format gdelt`` (``render.gdelt.COLUMNS``), one row per
        asserted event, every cell a string ("" when unknown); needs gdelt-py.
        """
        try:
            import pandas as pd
        except ImportError as err:
            raise ImportError(PANDAS_MISSING) from err
        if schema == "gdelt":
            return pd.DataFrame(gdelt_table.gdelt_rows(self.kg), columns=list(gdelt_table.COLUMNS), dtype=str)
        if schema != "events":
            raise ValueError(f"unknown schema {schema!r}; use events or gdelt")
        return pd.DataFrame(tables.events_rows(self.kg), columns=list(tables.FIELDNAMES))

    def query(self, query: str, **params) -> list[dict]:
        """Run SPARQL (text, a ``.rq`` file, or a canned query name such as
        "who-met-whom") with ``params`` bound as values, never pasted in.
        Returns one dict per row: numbers as numbers, other values as
        strings, unbound as None.

        Raises ``FileNotFoundError`` for an unknown query and ``ValueError``
        for a missing or unused parameter.
        """
        names, rows = sparql.run_query(self.to_rdf(), sparql.load_query(query), params or None)
        return [{n: _python(v) for n, v in zip(names, row)} for row in rows]

    def stats(self, top: int = 10) -> dict:
        """Counts, central actors, communities and country-pair balances
        (``analytics.stats``)."""
        return analytics.stats(self.kg, top=top)

    def paths(self, a: str, b: str, limit: int = 5) -> dict:
        """The shortest chains of events linking two actors, by label or alias
        (``paths.shortest_chains``)."""
        return shortest_chains(self.kg, a, b, limit=limit)

    def validate(self) -> validation.Report:
        """Check the graph against the SHACL shapes (``validate.validate``)."""
        return validation.validate(self.to_rdf())

    def html(self, title: str = "graphbuild", height: int = 640) -> HTML:
        """The interactive page (as graph.html), shown inline in Jupyter."""
        with tempfile.TemporaryDirectory(prefix="graphbuild-") as tmp:
            path = viz.render_html(self.kg, Path(tmp) / "graph.html", title=title)
            return HTML(path.read_text(encoding="utf-8"), height=height)

    # -- files -------------------------------------------------------------

    def export(self, path: str | os.PathLike, fmt: str | None = None) -> Path:
        """Write one file: ttl, nt, jsonld, trig, nq, graphml, gexf, csv, gdelt or polecat
        (default: from the suffix); see ``export.export``."""
        return exporting.export(self.kg, path, fmt)

    def save(self, folder: str | os.PathLike, title: str = "graphbuild") -> dict[str, Path]:
        """Write graph.ttl, graph.html, events.csv and triples.csv into
        ``folder``, as ``graphbuild build --out folder`` does (the triples
        between two entities go into the RDF); returns their paths."""
        folder = Path(folder)
        write_outputs(replace(self.kg, rdf_triples=ENTITIES), folder, title)
        return {kind: folder / name for kind, name in SAVED.items()}


def entity_node(key: str) -> URIRef:
    """The IRI of an entity key, to bind as a query parameter that is a node."""
    from graphbuild.rdf.namespace import entity_iri

    return entity_iri(key)
