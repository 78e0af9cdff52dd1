"""The rdf stage on plain records, no model and no corpus: hand-built
entities, events and articles to statements, IRIs minted from hostile
names, literals, the Turtle writer read back by rdflib, the format names."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from graphbuild.query.sparqltext import is_iri_text
from graphbuild.records import Article, Entity, Event, Evidence, KnowledgeGraph
from graphbuild.rdf.formats import dumps, rdf_format
from graphbuild.rdf.namespace import ACT, DOCUMENT, ENTITY, GB, action_iri, document_iri, entity_iri, event_iri
from graphbuild.rdf.statements import ox_triples, statements, to_rdf
from graphbuild.rdf.terms import OX_LITERALS, RDFLIB_LITERALS, anonymous_event_iri, clean, evidence_iri, is_day, to_oxigraph, to_rdflib
from graphbuild.rdf.turtle import turtle

CHILE = Entity(key="country/CHL", label="Chile", type="Country", country="CHL", aliases=("Santiago",))
BORIC = Entity(key="person/gabriel-boric", label="Gabriel Boric", type="Person", country="CHL", role="President")


def _evidence(doc_id: str) -> Evidence:
    return Evidence(doc_id=doc_id, sentence="Boric met Peru.", start=0, end=15, trigger="met", source="Wire")


def _kg(events: list[Event], entities: tuple[Entity, ...] = (CHILE, BORIC)) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.entities = {e.key: e for e in entities}
    kg.articles = {"d1": Article(id="d1", text="unused", date="2024-05-01", title="Talks", source="Wire")}
    kg.events = events
    return kg


MEETING = Event(type="CONSULT", actor=BORIC.key, recipient="country/PER", status="asserted", predicate="meets",
                date="2024-05-01", evidence=(_evidence("d1"), _evidence("d2")), id="evt-1")


def test_an_entity_is_its_types_key_labels_and_country():
    triples = {t for t, g in statements(_kg([], (BORIC,))) if t[0] == entity_iri(BORIC.key)}
    s = entity_iri(BORIC.key)
    assert triples == {
        (s, RDF.type, GB.Actor),
        (s, RDF.type, GB.Person),
        (s, GB.entityKey, Literal(BORIC.key)),
        (s, SKOS.prefLabel, Literal("Gabriel Boric")),
        (s, GB.countryCode, Literal("CHL")),
        (s, GB.country, entity_iri("country/CHL")),
        (s, GB.role, Literal("President")),
    }
    # Everything in the shared graph; the country, referred to but not described, says its key.
    found = list(statements(_kg([], (BORIC,))))
    assert {g for _, g in found} == {None}
    assert ((entity_iri("country/CHL"), GB.entityKey, Literal("country/CHL")), None) in found


def test_an_event_is_told_in_the_graph_of_each_document_with_its_evidence_there():
    found = list(statements(_kg([MEETING])))
    e = event_iri("evt-1")
    d1, d2 = document_iri("d1"), document_iri("d2")
    core = {(e, RDF.type, GB.Consult), (e, GB.actor, entity_iri(BORIC.key)), (e, GB.sourceCount, Literal(2)),
            (e, GB.date, Literal("2024-05-01", datatype=XSD.date)), (e, DCTERMS.identifier, Literal("evt-1")),
            (entity_iri(BORIC.key), ACT.meets, entity_iri("country/PER"))}
    for g in (d1, d2):
        in_graph = {t for t, name in found if name == g}
        assert core <= in_graph
        xi = evidence_iri(e, _evidence(g.rsplit("/", 1)[1]))
        assert {(e, GB.evidence, xi), (e, PROV.wasDerivedFrom, g), (xi, GB.document, g), (xi, GB.trigger, Literal("met"))} <= in_graph
    shared = {t for t, name in found if name is None}
    # The direct edge's predicate is declared once, in the shared graph; d2 is cited, not described.
    assert {(ACT.meets, RDF.type, OWL.ObjectProperty), (ACT.meets, RDFS.subPropertyOf, GB.actedOn),
            (ACT.meets, RDFS.label, Literal("meets")), (d2, GB.docId, Literal("d2"))} <= shared
    assert (d1, DCTERMS.title, Literal("Talks")) in shared


def test_an_event_without_id_or_evidence_gets_a_stable_anonymous_node_in_the_shared_graph():
    ev = Event(type="AID", actor=CHILE.key, recipient=None, status="asserted", predicate="sends aid")
    found = list(statements(_kg([ev])))
    e = anonymous_event_iri(ev)
    assert str(e).startswith("https://w3id.org/graphbuild/id/event/;anon=")  # ";" is never in a minted id
    assert anonymous_event_iri(ev) == e  # the same event, the same node
    assert {(t, g) for t, g in found if t[0] == e} == {
        ((e, RDF.type, GB.Event), None), ((e, RDF.type, GB.Aid), None), ((e, GB.actor, entity_iri(CHILE.key)), None),
        ((e, GB.status, Literal("asserted")), None), ((e, GB.eventPredicate, Literal("sends aid")), None),
        ((e, GB.sourceCount, Literal(0)), None),
    }
    assert not [t for t, _ in found if t[1] in (GB.recipient, DCTERMS.identifier)]  # no recipient, no edge, no id


@pytest.mark.parametrize("kg,message", [
    (_kg([], (Entity(key="x", label="X", type="Planet"),)), "unknown type 'Planet'"),
    (_kg([Event(type="GOSSIP", actor="x", recipient=None, status="asserted", predicate="says")]), "unknown type 'GOSSIP'"),
    (_kg([MEETING, MEETING]), "two events share the id 'evt-1'"),
])
def test_records_the_ontology_cannot_hold_are_refused(kg, message):
    with pytest.raises(ValueError, match=message):
        list(statements(kg))
    misfiled = _kg([])
    misfiled.entities = {"country/PER": CHILE}
    with pytest.raises(ValueError, match="stored under 'country/PER' has key 'country/CHL'"):
        list(statements(misfiled))


HOSTILE = ['x"> <y', "a b/c", "..", "/", "", "ü/中文", "x" * 1000, "semi;h=0", "tab\there", "lone\ud800", "<script>", "{}|^`\\"]


@pytest.mark.parametrize("key", HOSTILE)
def test_iris_from_hostile_names_stay_in_their_namespace_and_can_be_written(key):
    for namespace, iri in ((ENTITY, entity_iri(key)), (DOCUMENT, document_iri(key))):
        assert str(iri).startswith(str(namespace)) and len(iri) < len(namespace) + 200
        assert str(iri).isascii() and is_iri_text(str(iri))
        rest = str(iri)[len(namespace):]
        assert all(seg not in (".", "..") for seg in rest.split("/"))
        ox.NamedNode(str(iri))  # pyoxigraph accepts it as an IRI
    assert len({entity_iri(k) for k in HOSTILE}) == len(HOSTILE)  # distinct names, distinct IRIs
    action = action_iri(key + " meets")
    name = str(action)[len(ACT):]
    assert str(action).startswith(str(ACT)) and name.isascii() and name.replace("_", "").isalnum()


def test_literals_make_days_text_and_numbers_the_same_in_rdflib_and_pyoxigraph():
    assert is_day("2024-02-29") and not is_day("2023-02-29") and not is_day("2024-5-1") and not is_day("May 1")
    assert RDFLIB_LITERALS.day("2024-05-01") == Literal("2024-05-01", datatype=XSD.date)
    assert RDFLIB_LITERALS.day("2024-13-01") == Literal("2024-13-01")  # not a day: kept as text
    assert clean("a\ud800b") == "a\ufffdb" and clean("plain") == "plain"
    for make in ("text", "day", "integer", "boolean"):
        for value in {"text": ["x", "", "a\udfffb", 'q"\n'], "day": ["2024-05-01", "2024-02-30"],
                      "integer": [0, -7, 12], "boolean": [True, False]}[make]:
            rdflib_term, ox_term = getattr(RDFLIB_LITERALS, make)(value), getattr(OX_LITERALS, make)(value)
            assert to_oxigraph(rdflib_term) == ox_term, (make, value)
            assert to_rdflib(ox_term) == rdflib_term, (make, value)


def test_turtle_of_the_statements_reads_back_as_the_statements():
    kg = _kg([MEETING, Event(type="AID", actor=CHILE.key, recipient=BORIC.key, status="denied", predicate="aides",
                             mode="say", date="sometime", evidence=(_evidence("d1"),))],
             (CHILE, BORIC, Entity(key='odd "key"/..', label="Odd\nLabel \\ x", type="Organization", country="IGO")))
    text = turtle(ox_triples(kg))
    assert text == dumps(kg, "ttl")
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    assert isomorphic(parsed, to_rdf(kg))
    assert set(parsed) == {t for t, _ in statements(kg)}
    assert "gb:sourceCount 2" in text and "a gb:Actor, gb:Person" in text and '"sometime"' in text


def test_turtle_writes_the_same_text_for_the_same_triples_in_any_order():
    triples = list(ox_triples(_kg([MEETING])))
    text = turtle(triples)
    assert turtle(list(reversed(triples)) + triples[:3]) == text
    header, *blocks = text.split("\n\n")
    assert header.startswith("@prefix act: ")
    # One statement per subject, in the order of the subjects' N-Triples text.
    assert len(blocks) == len({str(t.subject) for t in triples}) and all(b.rstrip().endswith(" .") for b in blocks)
    written_out = [b.split(" ", 1)[0] for b in blocks if b.startswith("<")]  # not as prefixed names
    assert written_out == sorted(written_out) and len(written_out) > 3


def test_format_names_suffixes_and_aliases():
    assert [rdf_format(name) for name in ("ttl", "Turtle", "n-triples", "JSON", "json-ld", "trig", "nquads")] == \
        ["ttl", "ttl", "nt", "jsonld", "jsonld", "trig", "nq"]
    assert rdf_format(None, "out/graph.nq") == "nq"
    with pytest.raises(ValueError, match="unknown RDF format 'graphml'"):
        rdf_format("graphml")
    with pytest.raises(ValueError, match="no format given"):
        rdf_format(None)


def test_terms_cross_between_rdflib_and_pyoxigraph():
    for term in (URIRef("https://ex.org/a"), Literal("x"), Literal("hola", lang="es"), Literal("5", datatype=XSD.integer),
                 rdflib.BNode("b1")):
        assert to_rdflib(to_oxigraph(term)) == term
    assert to_rdflib(None) is None
    with pytest.raises(TypeError):
        to_oxigraph(object())
