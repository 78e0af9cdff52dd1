"""Open triples in RDF: one ``gb:Statement`` node per triple.

A statement names its subject and object (``gb:statementSubject`` /
``gb:statementObject``, the entities, when the argument is one), the words
of all three parts (``gb:subjectText``, ``gb:predicateText``,
``gb:objectText``), whether it is negated, the coded event it also is
(``gb:statementEvent``), and one ``gb:Evidence`` node with document,
sentence and offsets (``gb:attributedTo`` when someone is said to have said
it). No direct entity-to-entity edge is written: the event view stays as it
is. ``rdf.from_rdf`` does not read statements back into a
``KnowledgeGraph``; SPARQL reads them (``queries/relations.rq``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator

from rdflib import URIRef
from rdflib.namespace import RDF

from ..namespace import DATA, GB, document_iri, entity_iri, event_iri
from .record import Triple

STATEMENT = DATA + "statement/"
STATEMENT_EVIDENCE = DATA + "evidence/statement-"


def statement_iri(t: Triple) -> URIRef:
    """A stable IRI from where and what the triple is."""
    basis = json.dumps([t.doc_id, t.start, t.end, t.subject, t.predicate, t.object, t.negated])
    return URIRef(STATEMENT + hashlib.sha256(basis.encode("ascii")).hexdigest()[:32])


def statements(triples: Iterable[Triple], lit) -> Iterator[tuple[tuple, URIRef, set[str]]]:
    """(RDF triple, named graph, entity keys it refers to) for each open triple;
    ``lit`` makes literals (text, integer, boolean) as ``rdf._statements`` does."""
    for t in triples:
        s = statement_iri(t)
        g = document_iri(t.doc_id)
        keys = {k for k in (t.subject_entity, t.object_entity) if k is not None}
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
        for triple in out:
            yield triple, g, keys


__all__ = ["STATEMENT", "statement_iri", "statements"]
