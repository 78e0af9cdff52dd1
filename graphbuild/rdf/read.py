"""A written graph read back: a file to an rdflib graph, a graph to a ``KnowledgeGraph``.

``load_graph`` reads a file ``rdf.formats.serialize`` wrote (any of its formats;
TriG and N-Quads as the union of their graphs). ``from_rdf`` gives back
what the RDF records (``rdf.statements``): entities (key, label, type,
sorted aliases, country, role, located_in, sector), events (id, type,
actor, recipient, status, predicate, mode, date, date_text, location,
sectors, evidence), article metadata (id, date, title, source, url,
origin) and the open triples; not article text or mentions. Lists come
back in canonical order: entities and articles by key, events by id,
aliases sorted, evidence by document and offsets, which is the order
``graph.assemble`` produces, so ``from_rdf(to_rdf(kg)) == kg``.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SDO, SKOS
from rdflib.term import Node

from graphbuild.records import Article, Entity, Event, Evidence, KnowledgeGraph
from graphbuild.rdf.formats import FORMATS, QUAD_FORMATS, rdf_format
from graphbuild.rdf.namespace import ENTITY_CLASSES, EVENT_CLASSES, GB, bind_prefixes
from graphbuild.rdf.open_triples import read_statements
from graphbuild.rdf.open_triples import relations as statement_relations


def load_graph(path: str | os.PathLike, fmt: str | None = None) -> Graph:
    """A graph written by ``serialize`` (format from the extension).

    TriG and N-Quads files give the union of their graphs.
    """
    fmt = rdf_format(fmt, path)
    data = Path(path).read_bytes()
    if fmt in QUAD_FORMATS:
        ds = Dataset()
        ds.parse(data=data, format=FORMATS[fmt])
        g = _union(ds, bind_namespaces="core")
    else:
        g = Graph(bind_namespaces="core")
        g.parse(data=data, format=FORMATS[fmt])
    bind_prefixes(g)
    return g


def _union(ds: Dataset, **graph_options) -> Graph:
    g = Graph(**graph_options)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _one(g: Graph, s: Node, p: URIRef) -> Node | None:
    """The value of ``p`` on ``s``, the smallest if there are several."""
    values = sorted(g.objects(s, p))
    return values[0] if values else None


def _str(g: Graph, s: Node, p: URIRef) -> str | None:
    value = _one(g, s, p)
    return None if value is None else str(value)


def _key(g: Graph, node: Node) -> str:
    """The entity key a node stands for."""
    key = _str(g, node, GB.entityKey)
    if key is None:
        raise ValueError(f"{node} has no gb:entityKey")
    return key


def _key_or_none(g: Graph, node: Node | None) -> str | None:
    return None if node is None else _key(g, node)


def relations(g: Graph) -> list[tuple[str, str, str, str]]:
    """The open triples between two entities in ``g`` as (subject key, object
    key, predicate, sentence), for the HTML page; ``from_rdf`` leaves them out."""
    return statement_relations(g, lambda node: _key(g, node))


def from_rdf(g: Graph) -> KnowledgeGraph:
    """The ``KnowledgeGraph`` a graph of ``to_rdf`` was made from.

    ``from_rdf(to_rdf(kg)) == kg`` for a graph in canonical order (as
    ``graph.assemble`` makes it) without mentions or article text.
    A ``Dataset`` is read as the union of its graphs.
    """
    if isinstance(g, Dataset):
        g = _union(g)
    kg = KnowledgeGraph()
    kg.entities = _entities(g)
    kg.articles = _articles(g)
    kg.events = _events(g)
    # Open triples: those the graph holds, all written back when it is.
    kg.triples = read_statements(g, lambda node: _key(g, node))
    if kg.triples:
        kg.rdf_triples = "all"
    return kg


def _entities(g: Graph) -> dict[str, Entity]:
    entity_types = {cls: name for name, cls in ENTITY_CLASSES.items()}
    type_order = list(ENTITY_CLASSES)
    entities: dict[str, Entity] = {}
    for node in set(g.subjects(RDF.type, None)):
        types = [entity_types[t] for t in g.objects(node, RDF.type) if t in entity_types]
        if not types:
            continue
        ent = Entity(
            key=_key(g, node),
            label=_str(g, node, SKOS.prefLabel) or "",
            type=min(types, key=type_order.index),
            country=_str(g, node, GB.countryCode),
            role=_str(g, node, GB.role),
            aliases=tuple(sorted(str(a) for a in g.objects(node, SKOS.altLabel))),
            located_in=_key_or_none(g, _one(g, node, GB.locatedIn)),
            sector=_str(g, node, GB.sector),
        )
        entities[ent.key] = ent
    return {k: entities[k] for k in sorted(entities)}


def _articles(g: Graph) -> dict[str, Article]:
    articles: dict[str, Article] = {}
    for node in set(g.subjects(RDF.type, GB.Document)):
        doc_id = _str(g, node, GB.docId)
        if doc_id is None:
            raise ValueError(f"{node} has no gb:docId")
        articles[doc_id] = Article(
            id=doc_id,
            text="",
            date=_str(g, node, DCTERMS.date),
            title=_str(g, node, DCTERMS.title),
            source=_str(g, node, DCTERMS.publisher),
            url=_str(g, node, SDO.url),
            origin=_str(g, node, GB.origin) or "",
        )
    return {k: articles[k] for k in sorted(articles)}


def _events(g: Graph) -> list[Event]:
    event_types = {cls: name for name, cls in EVENT_CLASSES.items()}
    events: list[Event] = []
    for node in set(g.subjects(RDF.type, GB.Event)):
        types = sorted(event_types[t] for t in g.objects(node, RDF.type) if t in event_types)
        if len(types) != 1:
            raise ValueError(f"event {node} has {len(types)} PLOVER types")
        evidence = [_evidence(g, xi) for xi in g.objects(node, GB.evidence)]
        actor = _one(g, node, GB.actor)
        if actor is None:
            raise ValueError(f"event {node} has no gb:actor")
        events.append(
            Event(
                type=types[0],
                actor=_key(g, actor),
                recipient=_key_or_none(g, _one(g, node, GB.recipient)),
                status=_str(g, node, GB.status) or "",
                predicate=_str(g, node, GB.eventPredicate) or "",
                mode=_str(g, node, GB.mode),
                date=_str(g, node, GB.date),
                date_text=_str(g, node, GB.dateText),
                evidence=tuple(sorted(evidence, key=_evidence_order)),
                id=_str(g, node, DCTERMS.identifier) or "",
                location=_key_or_none(g, _one(g, node, GB.location)),
                actor_sector=_str(g, node, GB.actorSector),
                recipient_sector=_str(g, node, GB.recipientSector),
            )
        )
    return sorted(events, key=lambda e: (e.id, repr(e)))


def _evidence(g: Graph, xi: Node) -> Evidence:
    doc = _one(g, xi, GB.document)
    doc_id = None if doc is None else _str(g, doc, GB.docId)
    if doc_id is None:
        raise ValueError(f"evidence {xi} has no document id")
    return Evidence(
        doc_id=doc_id,
        sentence=_str(g, xi, GB.sentence) or "",
        start=int(_str(g, xi, GB.startChar) or 0),
        end=int(_str(g, xi, GB.endChar) or 0),
        trigger=_str(g, xi, GB.trigger) or "",
        source=_str(g, xi, DCTERMS.publisher),
        url=_str(g, xi, SDO.url),
        published=_str(g, xi, DCTERMS.date),
        attribution=_str(g, xi, GB.attributedTo),
    )


def _evidence_order(x: Evidence) -> tuple:
    def opt(v: str | None) -> tuple[bool, str]:
        return (v is not None, v or "")

    return (
        x.doc_id, x.start, x.end, x.trigger, x.sentence,
        opt(x.source), opt(x.url), opt(x.published), opt(x.attribution),
    )
