"""Open triples in RDF: one ``gb:Statement`` node per triple.

A statement names its subject and object (``gb:statementSubject`` /
``gb:statementObject``, the entities, when the argument is one), the words
of all three parts (``gb:subjectText``, ``gb:predicateText``,
``gb:objectText``), whether it is negated, the coded event it also is
(``gb:statementEvent``), and one ``gb:Evidence`` node with document,
sentence and offsets (``gb:attributedTo`` when someone is said to have said
it). No direct entity-to-entity edge is written: the event view stays as it
is. ``rdf.read.from_rdf`` does not read statements back into a
``KnowledgeGraph``; SPARQL reads them (``queries/relations.rq``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator

from rdflib import URIRef
from rdflib.namespace import RDF

from graphbuild.rdf.namespace import DATA, GB, document_iri, entity_iri, event_iri
from graphbuild.triples.record import Triple

STATEMENT = DATA + "statement/"
STATEMENT_EVIDENCE = DATA + "evidence/statement-"


def statement_iri(t: Triple) -> URIRef:
    """A stable IRI from where and what the triple is."""
    basis = json.dumps([t.doc_id, t.start, t.end, t.subject, t.predicate, t.object, t.negated])
    return URIRef(STATEMENT + hashlib.sha256(basis.encode("ascii")).hexdigest()[:32])


def statements(triples: Iterable[Triple], lit) -> Iterator[tuple[tuple, URIRef, set[str]]]:
    """(RDF triple, named graph, entity keys it refers to) for each open triple;
    ``lit`` makes literals (text, integer, boolean) as ``rdf.statements.statements`` does."""
    for t in triples:
        s = statement_iri(t)
        g = document_iri(t.doc_id)
        keys = {k for k in (t.subject_entity, t.object_entity, t.source_entity) if k is not None}
        xi = URIRef(STATEMENT_EVIDENCE + str(s).rsplit("/", 1)[1])
        out = [
            (s, RDF.type, GB.Statement),
            (s, GB.subjectText, lit.text(t.subject)),
            (s, GB.predicateText, lit.text(t.predicate)),
            (s, GB.objectText, lit.text(t.object)),
            (s, GB.sentenceIndex, lit.integer(t.sentence_index)),
            (s, GB.negated, lit.boolean(t.negated)),
            (s, GB.evidence, xi),
            (xi, RDF.type, GB.Evidence),
            (xi, GB.document, g),
            (xi, GB.sentence, lit.text(t.sentence)),
            (xi, GB.startChar, lit.integer(t.start)),
            (xi, GB.endChar, lit.integer(t.end)),
        ]
        if t.subject_entity is not None:
            out.append((s, GB.statementSubject, entity_iri(t.subject_entity)))
        if t.object_entity is not None:
            out.append((s, GB.statementObject, entity_iri(t.object_entity)))
        if t.event_id:
            out.append((s, GB.statementEvent, event_iri(t.event_id)))
        if t.source is not None:
            out.append((xi, GB.attributedTo, lit.text(t.source)))
        if t.source_entity is not None:
            out.append((xi, GB.attributedToEntity, entity_iri(t.source_entity)))
        for triple in out:
            yield triple, g, keys




def relations(g, key_of) -> list[tuple[str, str, str, str]]:
    """(subject key, object key, predicate, sentence) of every statement of
    the rdflib graph ``g`` between two entities, sorted; ``key_of(node)``
    gives an entity node's key. What the HTML page draws (``viz``)."""
    found = []
    for s in g.subjects(RDF.type, GB.Statement):
        subj, obj = g.value(s, GB.statementSubject), g.value(s, GB.statementObject)
        xi = g.value(s, GB.evidence)
        if subj is None or obj is None:
            continue
        sentence = g.value(xi, GB.sentence) if xi is not None else None
        found.append((key_of(subj), key_of(obj), str(g.value(s, GB.predicateText) or ""), str(sentence or "")))
    return sorted(found)


__all__ = ["STATEMENT", "relations", "statement_iri", "statements"]


def read_statements(g, key_of) -> list[Triple]:
    """The ``Triple``s of the statement nodes of ``g``, by document and
    sentence offset (the IRI breaks ties: text order within a sentence is
    not recorded); ``key_of(node)`` gives an entity node's key."""
    found = []
    for s in g.subjects(RDF.type, GB.Statement):
        xi = g.value(s, GB.evidence)
        doc = g.value(xi, GB.document)
        subj, obj, event = g.value(s, GB.statementSubject), g.value(s, GB.statementObject), g.value(s, GB.statementEvent)
        source = g.value(xi, GB.attributedTo)
        speaker = g.value(xi, GB.attributedToEntity)
        found.append(Triple(
            doc_id=str(g.value(doc, GB.docId)), sentence_index=int(g.value(s, GB.sentenceIndex)),
            subject=str(g.value(s, GB.subjectText)), predicate=str(g.value(s, GB.predicateText)),
            object=str(g.value(s, GB.objectText)), sentence=str(g.value(xi, GB.sentence)),
            start=int(g.value(xi, GB.startChar)), end=int(g.value(xi, GB.endChar)),
            subject_entity=None if subj is None else key_of(subj), object_entity=None if obj is None else key_of(obj),
            negated=bool(g.value(s, GB.negated).toPython()), source=None if source is None else str(source),
            source_entity=None if speaker is None else key_of(speaker),
            event_id=str(event).rsplit("/", 1)[1] if event is not None else "",
        ))
    return sorted(found, key=lambda t: (t.doc_id, t.start, str(statement_iri(t))))
