"""The knowledge graph as RDF statements, against the ontology in ``ontologies/``.

``statements(kg)`` takes a ``KnowledgeGraph`` and gives every triple with
the named graph it belongs to: a node per entity, event, piece of evidence
and document, plus a direct edge actor -> recipient per event whose
predicate reads as plain words (``act:visits``). ``to_rdf`` gathers them
into one rdflib graph, ``to_dataset`` into one named graph per document,
``ox_triples`` into pyoxigraph triples (for a store), ``nt_triples`` into
their N-Triples text (for the Turtle writer).

What the RDF records: entities (key, label, type, sorted aliases, country,
role, located_in, sector), events (id, type, actor, recipient, status,
predicate, mode, date, date_text, location, sectors, evidence), article
metadata (id, date, title, source, url, origin) and the open triples
(``rdf.open_triples``). Not recorded: article text and mentions.

The direct edge is written for every event with a recipient, whatever its
status; ask the event node (``gb:status``) whether it happened.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS
from rdflib.term import Node

from graphbuild.keys import country_key
from graphbuild.records import Article, Entity, Event, Evidence, KnowledgeGraph
from graphbuild.rdf.namespace import (
    ACTOR_TYPES,
    ENTITY_CLASSES,
    EVENT_CLASSES,
    GB,
    action_iri,
    bind_prefixes,
    document_iri,
    entity_iri,
    event_iri,
)
from graphbuild.rdf.terms import OX_LITERALS, RDFLIB_LITERALS, Literals, NtTerms, OxTerms, anonymous_event_iri, evidence_iri
from graphbuild.rdf.open_triples import statements as open_triple_statements
from graphbuild.triples.record import select as select_triples

RdfTriple = tuple[Node, Node, Node]
Statement = tuple[RdfTriple, URIRef | None]  # a triple and its named graph (None: the shared graph)


@dataclass
class _Refs:
    """What the statements so far describe and refer to: the closing
    statements name the nodes referred to but not described."""

    entities: set[str] = field(default_factory=set)  # keys described
    referenced: set[str] = field(default_factory=set)  # keys referred to
    documents: set[str] = field(default_factory=set)  # doc ids described
    cited: set[str] = field(default_factory=set)  # doc ids cited as evidence
    actions: dict[URIRef, set[str]] = field(default_factory=dict)  # direct-edge predicate -> its words


def statements(kg: KnowledgeGraph, lit: Literals | None = None) -> Iterator[Statement]:
    """Every triple of the graph with its named graph (None: the shared graph).

    Literals are made by ``lit`` (default: rdflib's; ``OX_LITERALS`` makes
    pyoxigraph's directly, for the writers that want those). Raises
    ``ValueError`` for an unknown entity or event type, two events with one
    id, or a dict key that differs from its record's key.
    """
    lit = lit or RDFLIB_LITERALS
    refs = _Refs()
    yield from _entities(kg, lit, refs)
    yield from _articles(kg, lit, refs)
    yield from _events(kg, lit, refs)
    # Open triples (``triples/``) as statement nodes, as many as kg.rdf_triples says.
    told = select_triples(kg.triples, kg.rdf_triples)
    refs.cited.update(t.doc_id for t in told)
    for triple, g, keys in open_triple_statements(told, lit):
        refs.referenced.update(keys)
        yield triple, g
    yield from _closing(refs, lit)


def _entities(kg: KnowledgeGraph, lit: Literals, refs: _Refs) -> Iterator[Statement]:
    for key, ent in kg.entities.items():
        if key != ent.key:
            raise ValueError(f"entity stored under {key!r} has key {ent.key!r}")
        if ent.type not in ENTITY_CLASSES:
            raise ValueError(f"entity {ent.key!r} has unknown type {ent.type!r}")
        refs.entities.add(ent.key)
        for triple in _entity(ent, lit, refs):
            yield triple, None


def _entity(ent: Entity, lit: Literals, refs: _Refs) -> Iterator[RdfTriple]:
    s = entity_iri(ent.key)
    if ent.type in ACTOR_TYPES:
        yield s, RDF.type, GB.Actor
    yield s, RDF.type, ENTITY_CLASSES[ent.type]
    yield s, GB.entityKey, lit.text(ent.key)
    yield s, SKOS.prefLabel, lit.text(ent.label)
    for alias in ent.aliases:
        yield s, SKOS.altLabel, lit.text(alias)
    if ent.country is not None:
        yield s, GB.countryCode, lit.text(ent.country)
        if ent.country and ent.country != "IGO":
            home = country_key(ent.country)
            if home != ent.key:
                refs.referenced.add(home)
                yield s, GB.country, entity_iri(home)
    if ent.role is not None:
        yield s, GB.role, lit.text(ent.role)
    if ent.located_in is not None:
        refs.referenced.add(ent.located_in)
        yield s, GB.locatedIn, entity_iri(ent.located_in)
    if ent.sector is not None:
        yield s, GB.sector, lit.text(ent.sector)


def _articles(kg: KnowledgeGraph, lit: Literals, refs: _Refs) -> Iterator[Statement]:
    for doc_id, art in kg.articles.items():
        if doc_id != art.id:
            raise ValueError(f"article stored under {doc_id!r} has id {art.id!r}")
        refs.documents.add(art.id)
        for triple in _article(art, lit):
            yield triple, None


def _article(art: Article, lit: Literals) -> Iterator[RdfTriple]:
    d = document_iri(art.id)
    yield d, RDF.type, GB.Document
    yield d, GB.docId, lit.text(art.id)
    if art.title is not None:
        yield d, DCTERMS.title, lit.text(art.title)
    if art.date is not None:
        yield d, DCTERMS.date, lit.day(art.date)
    if art.source is not None:
        yield d, DCTERMS.publisher, lit.text(art.source)
    if art.url is not None:
        yield d, SDO.url, lit.text(art.url)
    if art.origin:
        yield d, GB.origin, lit.text(art.origin)


def _events(kg: KnowledgeGraph, lit: Literals, refs: _Refs) -> Iterator[Statement]:
    """An event's triples in the graph of each document that tells it (the
    shared graph when none does), then its evidence in that document's graph."""
    seen: set[URIRef] = set()
    for ev in kg.events:
        if ev.type not in EVENT_CLASSES:
            raise ValueError(f"event {ev.id!r} has unknown type {ev.type!r}")
        e = event_iri(ev.id) if ev.id else anonymous_event_iri(ev)
        if e in seen:
            raise ValueError(f"two events share the id {ev.id!r}")
        seen.add(e)
        docs = sorted({x.doc_id for x in ev.evidence})
        refs.cited.update(docs)
        triples = _event(e, ev, lit, refs)
        for g in [document_iri(d) for d in docs] or [None]:
            for t in triples:
                yield t, g
        for x in ev.evidence:
            g = document_iri(x.doc_id)
            for t in _evidence(e, x, g, lit):
                yield t, g


def _event(e: URIRef, ev: Event, lit: Literals, refs: _Refs) -> list[RdfTriple]:
    triples: list[RdfTriple] = [
        (e, RDF.type, GB.Event),
        (e, RDF.type, EVENT_CLASSES[ev.type]),
        (e, GB.actor, entity_iri(ev.actor)),
        (e, GB.status, lit.text(ev.status)),
        (e, GB.eventPredicate, lit.text(ev.predicate)),
        (e, GB.sourceCount, lit.integer(ev.source_count)),
    ]
    refs.referenced.add(ev.actor)
    if ev.id:
        triples.append((e, DCTERMS.identifier, lit.text(ev.id)))
    if ev.recipient is not None:
        refs.referenced.add(ev.recipient)
        triples.append((e, GB.recipient, entity_iri(ev.recipient)))
        action = action_iri(ev.predicate)
        refs.actions.setdefault(action, set()).add(ev.predicate)
        triples.append((entity_iri(ev.actor), action, entity_iri(ev.recipient)))
    if ev.mode is not None:
        triples.append((e, GB.mode, lit.text(ev.mode)))
    if ev.date is not None:
        triples.append((e, GB.date, lit.day(ev.date)))
    if ev.date_text is not None:
        triples.append((e, GB.dateText, lit.text(ev.date_text)))
    if ev.location is not None:
        refs.referenced.add(ev.location)
        triples.append((e, GB.location, entity_iri(ev.location)))
    if ev.actor_sector is not None:
        triples.append((e, GB.actorSector, lit.text(ev.actor_sector)))
    if ev.recipient_sector is not None:
        triples.append((e, GB.recipientSector, lit.text(ev.recipient_sector)))
    return triples


def _evidence(e: URIRef, x: Evidence, g: URIRef, lit: Literals) -> Iterator[RdfTriple]:
    xi = evidence_iri(e, x)
    yield e, GB.evidence, xi
    yield e, PROV.wasDerivedFrom, g
    yield xi, RDF.type, GB.Evidence
    yield xi, GB.document, g
    yield xi, GB.sentence, lit.text(x.sentence)
    yield xi, GB.startChar, lit.integer(x.start)
    yield xi, GB.endChar, lit.integer(x.end)
    if x.trigger:
        yield xi, GB.trigger, lit.text(x.trigger)
    if x.attribution is not None:
        yield xi, GB.attributedTo, lit.text(x.attribution)
    if x.source is not None:
        yield xi, DCTERMS.publisher, lit.text(x.source)
    if x.url is not None:
        yield xi, SDO.url, lit.text(x.url)
    if x.published is not None:
        yield xi, DCTERMS.date, lit.day(x.published)


def _closing(refs: _Refs, lit: Literals) -> Iterator[Statement]:
    # Nodes referred to but not described still say which key they stand for.
    for key in sorted(refs.referenced - refs.entities):
        yield key_statement(key, lit), None
    for doc_id in sorted(refs.cited - refs.documents):
        yield (document_iri(doc_id), GB.docId, lit.text(doc_id)), None
    for action in sorted(refs.actions):
        for triple in action_statements(action, refs.actions[action], lit):
            yield triple, None


# ---------------------------------------------------------------------------
# One node's statements: what a store re-derives when an add changes that node


def entity_statements(ent: Entity, lit: Literals) -> tuple[list[RdfTriple], set[str]]:
    """An entity's triples (as ``statements`` writes them) and the keys they
    refer to (its country, the place it lies in)."""
    if ent.type not in ENTITY_CLASSES:
        raise ValueError(f"entity {ent.key!r} has unknown type {ent.type!r}")
    refs = _Refs()
    return list(_entity(ent, lit, refs)), refs.referenced


def event_statements(ev: Event, lit: Literals) -> list[RdfTriple]:
    """An event's triples, its direct edge among them, and its evidence's."""
    if ev.type not in EVENT_CLASSES:
        raise ValueError(f"event {ev.id!r} has unknown type {ev.type!r}")
    e = event_iri(ev.id) if ev.id else anonymous_event_iri(ev)
    triples = _event(e, ev, lit, _Refs())
    for x in ev.evidence:
        triples.extend(_evidence(e, x, document_iri(x.doc_id), lit))
    return triples


def article_statements(art: Article, lit: Literals) -> list[RdfTriple]:
    """A document's metadata triples."""
    return list(_article(art, lit))


def key_statement(key: str, lit: Literals) -> RdfTriple:
    """What a node referred to but not described says: the key it stands for."""
    return entity_iri(key), GB.entityKey, lit.text(key)


def action_statements(action: URIRef, words: Iterable[str], lit: Literals) -> list[RdfTriple]:
    """A direct-edge predicate's triples, labelled with the words of its events."""
    out = [(action, RDF.type, OWL.ObjectProperty), (action, RDFS.subPropertyOf, GB.actedOn)]
    return out + [(action, RDFS.label, lit.text(w)) for w in sorted(words)]


# ---------------------------------------------------------------------------
# The statements gathered


def to_rdf(kg: KnowledgeGraph) -> Graph:
    """The knowledge graph as one rdflib graph (no blank nodes).

    Raises ``ValueError`` as ``statements`` does.
    """
    g = Graph(bind_namespaces="core")
    bind_prefixes(g)
    for triple, _ in statements(kg):
        g.add(triple)
    return g


def default_graph(ds: Dataset) -> Graph:
    """The default graph of an rdflib dataset, in any rdflib 7."""
    # ``default_graph`` replaced ``default_context`` within rdflib 7.x.
    graph = getattr(type(ds), "default_graph", None)
    return ds.default_graph if graph is not None else ds.default_context


def to_dataset(kg: KnowledgeGraph) -> Dataset:
    """The triples of ``to_rdf`` split into named graphs.

    Each document's graph (named by the document's IRI) holds the events it
    reports, with their direct edges, and its evidence for them; an event told
    by two documents appears in both graphs. Entities, document metadata,
    action predicates and events without evidence are in the default graph.
    """
    ds = Dataset()
    bind_prefixes(ds)
    graphs: dict[URIRef | None, Graph] = {None: default_graph(ds)}
    for triple, name in statements(kg):
        if name not in graphs:
            graphs[name] = ds.graph(name)
        graphs[name].add(triple)
    return ds


def ox_triples(kg: KnowledgeGraph) -> set[ox.Triple]:
    """The triples of ``to_rdf(kg)`` as pyoxigraph triples."""
    term = OxTerms()
    return {ox.Triple(term(s), term(p), term(o)) for (s, p, o), _ in statements(kg, OX_LITERALS)}


def nt_triples(kg: KnowledgeGraph) -> set[tuple[str, str, str]]:
    """The triples of ``ox_triples(kg)`` as the N-Triples text of their terms:
    what the Turtle writer reads, without a pyoxigraph triple made for each."""
    term = NtTerms()
    return {(term(s), term(p), term(o)) for (s, p, o), _ in statements(kg, OX_LITERALS)}


def ox_quads(kg: KnowledgeGraph) -> set[ox.Quad]:
    """The triples of ``to_rdf(kg)`` as pyoxigraph quads of the default graph."""
    term = OxTerms()
    return {ox.Quad(term(s), term(p), term(o)) for (s, p, o), _ in statements(kg, OX_LITERALS)}
