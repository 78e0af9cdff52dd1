"""The query stage on hand-written SPARQL and a small hand-built graph."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from graphbuild.query.run import run_query
from graphbuild.query.sparqltext import (
    ServiceRefused,
    bind_values,
    check_bindings,
    describe_query,
    query_form,
    refuse_service,
    sparql_term,
)

EX = "http://example.org/"


def small_graph() -> Graph:
    g = Graph()
    for s, o in (("chile", "Chile"), ("peru", "Peru"), ("quote", 'He said "no" } #')):
        g.add((URIRef(EX + s), URIRef(EX + "label"), Literal(o)))
    return g


def test_the_leading_comments_describe_a_query():
    info = describe_query("# Who met whom.\n# on one day\n# param: day  an ISO date\nSELECT ?x { ?x ?p ?day }")
    assert info.description == "Who met whom. on one day"
    assert info.params == (("day", "an ISO date"),)


def test_the_query_form_is_its_first_keyword_outside_strings_and_comments():
    assert query_form('# SELECT in a comment\nASK { ?s ?p "SELECT" }') == "ASK"
    with pytest.raises(ValueError, match="not a SPARQL query"):
        query_form("INSERT DATA { <a> <b> <c> }")


@pytest.mark.parametrize("query", ["SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", "select * { service <http://x/> {} }"])
def test_a_service_clause_is_refused_unless_allowed(query):
    with pytest.raises(ServiceRefused, match="--allow-service"):
        refuse_service(query)
    refuse_service(query, allow=True)


def test_names_spelled_service_are_no_service_clause():
    refuse_service("PREFIX ex: <http://x/> SELECT ?service { ?service ex:service ?o }")


def test_bindings_name_variables_the_query_uses():
    assert check_bindings("SELECT ?x { ?x ?p ?who }", {"?who": "Chile"}) == {"who": Literal("Chile")}
    with pytest.raises(ValueError, match=r"no variable \?nobody"):
        check_bindings("SELECT ?x { ?x ?p ?who }", {"nobody": "Chile"})
    with pytest.raises(ValueError, match="missing query parameter"):
        check_bindings("# param: who  a name\nSELECT ?x { ?x ?p ?who }", {})


def test_a_bound_value_is_a_term_never_query_text():
    hostile = 'x" } ; DROP ALL ; #'
    bound = bind_values("SELECT ?x WHERE { ?x ?p ?who }", {"who": hostile})
    assert sparql_term(Literal(hostile)) in bound
    assert "DROP ALL ;" not in bound.replace(sparql_term(Literal(hostile)), "")


def test_a_parameter_binds_the_same_rows_as_the_literal_written_in():
    g = small_graph()
    query = f"SELECT ?s WHERE {{ ?s <{EX}label> ?name }}"
    _, rows = run_query(g, query, {"name": 'He said "no" } #'})
    assert [str(r[0]) for r in rows] == [EX + "quote"]
    _, rows = run_query(g, query, {"name": "Peru"})
    assert [str(r[0]) for r in rows] == [EX + "peru"]
