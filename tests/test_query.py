"""SPARQL over the graph: canned queries, bound parameters, result formats."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic

from graphbuild.rdf.formats import serialize
from graphbuild.rdf.read import load_graph
from graphbuild.rdf.statements import to_rdf
from graphbuild.records import Entity, Event
from graphbuild.rdf.namespace import entity_iri
from graphbuild.query.run import canned_queries, describe, format_results, load_query, run_query
from graphbuild.query.sparqltext import describe_query

from test_rdf import BLINKEN, QIN, sample_kg

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
INJECTION = '"} ; DROP ALL ; #'


@pytest.fixture
def graph() -> Graph:
    return to_rdf(sample_kg())


def strings(rows) -> list[tuple]:
    """Rows as plain strings ("" for unbound)."""
    return [tuple("" if v is None else str(v) for v in row) for row in rows]


def column(vars, rows, name) -> list[str]:
    i = vars.index(name)
    return ["" if r[i] is None else str(r[i]) for r in rows]


# ---------------------------------------------------------------------------
# Query files


def test_canned_queries_are_listed_and_loaded_by_name_or_path():
    canned = canned_queries()
    assert list(canned) == ["actor-events", "by-source", "country-events", "date-range", "relations", "who-met-whom"]
    for name, path in canned.items():
        assert path.suffix == ".rq"
        assert load_query(name) == path.read_text("utf-8")
        assert load_query(path) == load_query(str(path))
    with pytest.raises(FileNotFoundError, match="who-met-whom"):
        load_query("who-met-who")
    with pytest.raises(FileNotFoundError):
        load_query("x" * 5000)  # too long for a file name: still just "not found"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s WHERE { ?s ?p ?o }",
        "select * { ?s ?p ?o }",
        "# a comment\nPREFIX gb: <https://w3id.org/graphbuild/ontology#>\nASK { ?s a gb:Event }",
        "DESCRIBE <https://w3id.org/graphbuild/id/entity/country/USA>",
        'SELECT ?s WHERE { ?s ?p ?o FILTER (?o != "' + "x" * 1000 + '") }',  # too long for a file name
    ],
)
def test_query_text_is_its_own_query(graph, text):
    assert load_query(text) == text
    run_query(graph, load_query(text))


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_each_canned_query_describes_itself_and_declares_what_it_uses(name):
    text = load_query(name)
    info = describe_query(text)
    assert len(info.description) > 20
    for param, what in info.params:
        assert what, param
        assert re.search(r"\?" + param + r"\b", text), param
    assert "PREFIX gb: <https://w3id.org/graphbuild/ontology#>" in text


def test_describe_gives_one_line_for_a_listing():
    for name, path in canned_queries().items():
        line = describe(name)
        assert "\n" not in line and line == describe(path)
    assert describe("date-range").endswith("(param: since, until)")
    assert "(param" not in describe("who-met-whom")


def test_describe_query_reads_only_the_leading_comments():
    info = describe_query("# First line.\n#  second line\n# param: actor  who\nSELECT * { # param: no\n}")
    assert info.description == "First line. second line"
    assert info.params == (("actor", "who"),)


# ---------------------------------------------------------------------------
# Canned queries on a hand-made graph


def test_who_met_whom(graph):
    vars, rows = run_query(graph, load_query("who-met-whom"))
    assert vars == ["actor", "recipient", "mode", "status", "date", "sources"]
    assert strings(rows) == [
        ("NATO", "China", "multilateral", "planned", "", "1"),
        ("Antony Blinken", "Qin Gang", "visit", "asserted", "2023-06-18", "2"),
    ]


@pytest.mark.parametrize("name", ["blinken", "Antony Blinken", "ANTONY BLINKEN"])
def test_actor_events_by_label_or_alias_in_any_case(graph, name):
    vars, rows = run_query(graph, load_query("actor-events"), {"actor": name})
    assert strings(rows) == [
        ("Antony Blinken", "actor", "CONSULT", "meets", "Qin Gang", "asserted", "visit", "2023-06-18",
         "https://w3id.org/graphbuild/id/event/evt-0001"),
    ]


def test_actor_events_as_recipient(graph):
    vars, rows = run_query(graph, load_query("actor-events"), {"?actor": "washington"})
    got = {(r[vars.index("role")], r[vars.index("type")], r[vars.index("other")]) for r in strings(rows)}
    assert got == {
        ("actor", "PROTEST", ""),
        ("recipient", "ACCUSE", "China"),
        ("actor", "AGREE", "China"),
    }


def test_country_events_include_its_people_and_places(graph):
    vars, rows = run_query(graph, load_query("country-events"), {"code": "usa"})
    assert column(vars, rows, "event") == [
        "https://w3id.org/graphbuild/id/event/evt-0004",  # undated first
        "https://w3id.org/graphbuild/id/event/evt-0001",  # Blinken is American
        "https://w3id.org/graphbuild/id/event/evt-0005",
        "https://w3id.org/graphbuild/id/event/evt-0003",
    ]
    vars, rows = run_query(graph, load_query("country-events"), {"code": "GBR"})
    assert rows == []  # London lies in the UK but nothing happened to it


def test_country_events_through_a_place(graph):
    kg = sample_kg()
    kg.entities["place/london"] = Entity("place/london", "London", "Place", located_in="country/GBR")
    kg.events.append(Event("PROTEST", "place/london", None, "asserted", "protests against", id="evt-0009"))
    vars, rows = run_query(to_rdf(kg), load_query("country-events"), {"code": "gbr"})
    assert column(vars, rows, "actor") == ["London"]


@pytest.mark.parametrize(
    "since, until, expected",
    [
        ("2023-06-01", "2023-06-30", ["evt-0001", "evt-0005"]),
        ("2023-06-18", "2023-06-18", ["evt-0001"]),  # both ends included
        ("2023-06-19", "2023-07-01", ["evt-0005", "evt-0003"]),
        ("2024-01-01", "2024-12-31", []),
        ("2023", "2024-01-01", []),  # not a day: nothing, not everything
        ("2023-01-01", "2023-13-01", []),
        ("yesterday", "tomorrow", []),
    ],
)
def test_date_range(graph, since, until, expected):
    vars, rows = run_query(graph, load_query("date-range"), {"since": since, "until": until})
    assert [e.rsplit("/", 1)[1] for e in column(vars, rows, "event")] == expected


def test_by_source(graph):
    vars, rows = run_query(graph, load_query("by-source"))
    assert vars == ["publisher", "docId", "title", "published", "events"]
    assert strings(rows) == [
        ("Reuters", "doc-1", "Blinken in Beijing", "2023-06-18", "5"),
        ("AP", "doc-2", "", "2023-06-19", "2"),
    ]


def test_queries_read_a_saved_graph_the_same_way(graph, tmp_path):
    loaded = load_graph(serialize(sample_kg(), tmp_path / "graph.ttl"))
    for name, params in [("who-met-whom", None), ("actor-events", {"actor": "qin"}), ("by-source", None)]:
        assert run_query(loaded, load_query(name), params) == run_query(graph, load_query(name), params)


def _with_values(text: str, params: dict[str, str]) -> str:
    """The query with its parameters written in as a VALUES block (test values only)."""
    names = " ".join("?" + k for k in params)
    values = " ".join(json.dumps(v) for v in params.values())
    return text.replace("WHERE {", f"WHERE {{\n  VALUES ({names}) {{ ({values}) }}", 1)


@pytest.mark.parametrize(
    "name, params",
    [
        ("actor-events", {"actor": "China"}),
        ("country-events", {"code": "CHN"}),
        ("date-range", {"since": "2023-06-01", "until": "2023-07-31"}),
    ],
)
def test_canned_queries_do_not_rely_on_rdflib_binding_scope(graph, name, params):
    """initBindings reach into nested groups; standard VALUES do not. Same rows either way."""
    text = load_query(name)
    bound = run_query(graph, text, params)
    inline = _with_values(re.sub(r"(?m)^# param:.*\n", "", text), params)
    assert bound[1]
    assert run_query(graph, inline) == bound


# ---------------------------------------------------------------------------
# Parameters are bound, never pasted


def test_injected_text_is_a_value_not_query_text(graph):
    before = to_isomorphic(graph)
    size = len(graph)
    for name, param in [("actor-events", "actor"), ("country-events", "code")]:
        vars, rows = run_query(graph, load_query(name), {param: INJECTION})
        assert rows == []
    vars, rows = run_query(graph, load_query("date-range"), {"since": INJECTION, "until": INJECTION})
    assert rows == []
    assert len(graph) == size
    assert isomorphic(graph, before)


def test_injected_text_matches_itself_as_a_label():
    kg = sample_kg()
    kg.entities["person/evil"] = Entity("person/evil", INJECTION, "Person", country="USA")
    kg.events.append(Event("ACCUSE", "person/evil", BLINKEN, "asserted", "accuses", id="evt-0010"))
    vars, rows = run_query(to_rdf(kg), load_query("actor-events"), {"actor": INJECTION})
    assert column(vars, rows, "name") == [INJECTION]
    assert column(vars, rows, "other") == ["Antony Blinken"]


def test_a_string_that_looks_like_an_iri_stays_a_literal(graph):
    query = "SELECT ?label WHERE { ?who skos:prefLabel ?label }"
    iri = str(entity_iri(BLINKEN))
    assert run_query(graph, query, {"who": iri})[1] == []
    assert strings(run_query(graph, query, {"who": URIRef(iri)})[1]) == [("Antony Blinken",)]
    assert strings(run_query(graph, query, {"label": Literal("Qin Gang")})[1]) == [("Qin Gang",)]


def test_parameters_must_be_given_and_used(graph):
    with pytest.raises(ValueError, match="missing query parameter"):
        run_query(graph, load_query("actor-events"))
    with pytest.raises(ValueError, match="until"):
        run_query(graph, load_query("date-range"), {"since": "2023-01-01"})
    with pytest.raises(ValueError, match="no variable"):
        run_query(graph, load_query("who-met-whom"), {"actr": "Blinken"})
    with pytest.raises(ValueError, match="variable name"):
        run_query(graph, load_query("actor-events"), {"actor": "x", "a b": "y"})
    with pytest.raises(TypeError):
        run_query(graph, load_query("actor-events"), {"actor": 3})


def test_updates_are_not_queries(graph):
    size = len(graph)
    with pytest.raises(Exception):
        run_query(graph, "DROP ALL")
    with pytest.raises(Exception):
        run_query(graph, "DELETE WHERE { ?s ?p ?o }")
    assert len(graph) == size


def test_ask_and_construct(graph):
    assert run_query(graph, "ASK { ?e a gb:Consult }") == (["ask"], [(Literal(True),)])
    vars, rows = run_query(graph, "CONSTRUCT { ?a act:meets ?b } WHERE { ?a act:meets ?b }")
    assert vars == ["subject", "predicate", "object"]
    assert len(rows) == 2 and rows == sorted(rows)


# ---------------------------------------------------------------------------
# Examples run as they are


def example_kg():
    """The sample graph plus a Brazilian visit to Nigeria in May 2024, as in examples/."""
    kg = sample_kg()
    for ent in [
        Entity("country/BRA", "Brazil", "Country", country="BRA"),
        Entity("country/NGA", "Nigeria", "Country", country="NGA"),
        Entity("person/rafael-moreira", "Rafael Moreira", "Person", country="BRA", role="Foreign Minister"),
        Entity("person/yusuf-tuggar", "Yusuf Tuggar", "Person", country="NGA", role="Foreign Minister"),
    ]:
        kg.entities[ent.key] = ent
    kg.entities = dict(sorted(kg.entities.items()))
    kg.events += [
        Event("CONSULT", "person/rafael-moreira", "country/NGA", "planned", "meets", mode="visit",
              date="2024-05-09", id="evt-0101"),
        Event("CONSULT", "person/yusuf-tuggar", "person/rafael-moreira", "asserted", "meets", mode="phone",
              date="2024-05-04", id="evt-0102"),
        Event("AGREE", "country/BRA", "country/NGA", "asserted", "agrees with", date="2024-06-01", id="evt-0103"),
    ]
    return kg


def test_examples_run_without_parameters():
    graph = to_rdf(example_kg())
    vars, rows = run_query(graph, load_query(EXAMPLES / "visits.rq"))
    assert strings(rows) == [
        ("Antony Blinken", "Qin Gang", "asserted", "2023-06-18", "2"),
        ("Rafael Moreira", "Nigeria", "planned", "2024-05-09", "0"),
    ]
    vars, rows = run_query(graph, load_query(EXAMPLES / "country-events.rq"))
    assert [e.rsplit("/", 1)[1] for e in column(vars, rows, "event")] == ["evt-0102", "evt-0101", "evt-0103"]
    vars, rows = run_query(graph, load_query(EXAMPLES / "date-range.rq"))
    assert [e.rsplit("/", 1)[1] for e in column(vars, rows, "event")] == ["evt-0102", "evt-0101"]


def test_example_copies_match_their_canned_queries():
    graph = to_rdf(example_kg())
    for name, params in [("country-events", {"code": "BRA"}), ("date-range", {"since": "2024-05-01", "until": "2024-05-31"})]:
        example = load_query(EXAMPLES / f"{name}.rq")
        assert describe_query(example).params == ()
        assert run_query(graph, example) == run_query(graph, load_query(name), params)


# ---------------------------------------------------------------------------
# Formats


ROWS_VARS = ["name", "count", "note"]
ROWS = [
    (Literal("Antony Blinken"), Literal(2), None),
    (Literal('say "hi", then\nleave'), Literal(10), Literal("中文")),
    (Literal("\x1b[2J\u202eevil"), Literal(-1), URIRef("https://example.org/x")),
]


def test_table_is_aligned_and_safe_for_a_terminal():
    text = format_results(ROWS_VARS, ROWS, "table")
    lines = text.rstrip("\n").split("\n")
    assert lines[0].split() == ROWS_VARS
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[-1] == "(3 rows)"
    # The second column starts at the same place on every line (CJK counts double).
    assert len({line.index(cell) for line, cell in zip(lines[2:5], ["2", "10", "-1"])}) == 1
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\u001b[2J\\u202eevil" in text and "then\\nleave" in text
    assert len(text.split("\n")) == 7


def test_table_can_cut_long_cells():
    text = format_results(["x"], [(Literal("y" * 500),)], "table", max_width=20)
    assert max(len(line) for line in text.split("\n")) == 20
    assert "…" in text


def test_csv_round_trips_through_the_csv_module():
    text = format_results(ROWS_VARS, ROWS, "csv")
    back = list(csv.reader(io.StringIO(text)))
    assert back[0] == ROWS_VARS
    assert back[1:] == [["" if v is None else str(v) for v in row] for row in ROWS]


def test_csv_text_that_a_spreadsheet_would_run_is_quoted_and_numbers_are_not():
    rows = [(Literal("=HYPERLINK(\"http://x\")"), Literal(-3), Literal("@SUM(A1)")), (Literal("-rebels"), Literal(4), None)]
    back = list(csv.reader(io.StringIO(format_results(ROWS_VARS, rows, "csv"))))
    assert back[1] == ["'=HYPERLINK(\"http://x\")", "-3", "'@SUM(A1)"]
    assert back[2] == ["'-rebels", "4", ""]


def test_json_is_a_list_of_objects():
    data = json.loads(format_results(ROWS_VARS, ROWS, "json"))
    assert data[0] == {"name": "Antony Blinken", "count": 2, "note": None}
    assert data[1]["note"] == "中文"
    assert data[2] == {"name": "\x1b[2J\u202eevil", "count": -1, "note": "https://example.org/x"}


def test_unknown_format_raises():
    with pytest.raises(ValueError, match="table"):
        format_results(ROWS_VARS, ROWS, "xml")


def test_hostile_labels_come_out_of_a_query_intact():
    kg = sample_kg()
    hostile = '<script>alert(1)</script> "quoted" \n 😀 \u202eRTL'
    kg.entities[QIN] = Entity(QIN, hostile, "Person", country="CHN")
    vars, rows = run_query(to_rdf(kg), load_query("who-met-whom"))
    assert hostile in column(vars, rows, "recipient")
    assert json.loads(format_results(vars, rows, "json"))[1]["recipient"] == hostile
