"""graphbuild's Turtle writer (rdf.turtle): the same bytes for the same
triples in any order, readable (prefixes, one statement per subject), and
read back by rdflib's own parser as the same graph."""

from __future__ import annotations

import random
import re

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

from benchmarks.corpus import synthetic_results
from graphbuild.rdf.formats import dumps
from graphbuild.rdf.statements import nt_triples, ox_triples, to_rdf
from graphbuild.rdf.terms import NtTerms
from graphbuild.rdf.turtle import text_turtle, turtle
from graphbuild.rdf.namespace import PREFIXES
from graphbuild.pipeline import assemble_results



def _kg():
    return assemble_results(synthetic_results(30))


def test_same_triples_in_any_order_give_the_same_bytes():
    triples = list(ox_triples(_kg()))
    text = turtle(triples)
    for seed in range(3):
        shuffled = triples[:]
        random.Random(seed).shuffle(shuffled)
        assert turtle(shuffled + shuffled[:50]) == text  # repeats change nothing


def test_turtle_reads_back_as_the_graph_and_groups_subjects():
    kg = _kg()
    text = dumps(kg, "ttl")
    graph = to_rdf(kg)
    assert isomorphic(rdflib.Graph().parse(data=text, format="turtle"), graph)
    header, _, body = text.partition("\n\n")
    assert header.splitlines() == [f"@prefix {name}: <{ns}> ." for name, ns in sorted(PREFIXES.items())]
    # One statement per subject, each starting at the beginning of a line, in order.
    starts = [line.split(" ", 1)[0] for line in body.splitlines() if line and not line.startswith(" ")]
    subjects = {s for s in graph.subjects()}
    assert len(starts) == len(set(starts)) == len(subjects)
    full = [s if s.startswith("<") else None for s in starts]
    iris = [s for s in full if s]
    assert iris == sorted(iris)
    # rdf:type first, prefixed names where a graphbuild prefix fits, integers bare.
    assert re.search(r"\n<https://w3id.org/graphbuild/id/event/evt-[0-9a-f]{16}> a gb:", text)
    assert "gb:sourceCount 1 ;" in text and '"^^xsd:date' in text


def test_unusual_terms_round_trip():
    ex = "https://w3id.org/graphbuild/ontology#"
    s = ox.NamedNode("https://w3id.org/graphbuild/id/entity/x%22%3E%20%3Cy")
    triples = [
        ox.Triple(s, ox.NamedNode(ex + "label"), ox.Literal(text))
        for text in ['a "quoted" \\ back', "line\nend\r", "\x00\x1b\u2028\u0085\ufeff", "", "über 中文 🙂", 'x" ; gb:p "y', "# not a comment"]
    ] + [
        ox.Triple(s, ox.NamedNode(ex + "n"), ox.Literal("-12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
        ox.Triple(s, ox.NamedNode(ex + "n"), ox.Literal("007", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
        ox.Triple(s, ox.NamedNode(ex + "lang"), ox.Literal("hola", language="es")),
        ox.Triple(s, ox.NamedNode(ex + "odd.name"), ox.NamedNode("https://schema.org/a-b_c")),
        ox.Triple(ox.NamedNode("https://w3id.org/graphbuild/action/visits"), ox.NamedNode(ex + "p"), s),
    ]
    text = turtle(triples)
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    expected = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert isomorphic(parsed, expected)
    assert "act:visits" in text and "schema:a-b_c" in text and "<https://w3id.org/graphbuild/ontology#odd.name>" in text


def test_the_text_path_writes_what_the_pyoxigraph_path_writes():
    # graph.ttl is written from the terms' text (nt_triples), the store from pyoxigraph triples.
    kg = _kg()
    triples = ox_triples(kg)
    assert nt_triples(kg) == {(str(t.subject), str(t.predicate), str(t.object)) for t in triples}
    assert text_turtle(nt_triples(kg)) == turtle(triples)
    term = NtTerms()
    odd = ox.Literal('a "q" \\ \n\x00\u2028', language="es")
    assert term(odd) == str(odd) and term(rdflib.URIRef("https://example.org/x")) == "<https://example.org/x>"
    assert term(rdflib.Literal("7", datatype=rdflib.XSD.integer)) == '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_an_empty_graph_is_the_prefixes_only():
    from graphbuild.records import KnowledgeGraph

    text = dumps(KnowledgeGraph(), "ttl")
    assert text.startswith("@prefix") and len(rdflib.Graph().parse(data=text, format="turtle")) == 0
