"""The graph stage on hand-built records: corroboration and entity merging.

Every input is a plain ``Entity``/``Event``/``Mention``/``Triple`` written
out here, so a failure points at ``graph/`` and nothing before it.
"""

from __future__ import annotations

from graphbuild.graph.assemble import assemble
from graphbuild.graph.corpus import corpus_graph
from graphbuild.graph.corroborate import corroborate, event_id
from graphbuild.records import COUNTRY, PERSON, Article, Entity, Event, Evidence, Mention
from graphbuild.triples.record import Triple

CHINA = Entity("country/CHN", "China", COUNTRY, "CHN")
BLINKEN = Entity("person/antony-blinken", "Antony Blinken", PERSON, "USA", "Secretary of State")
SURNAME = Entity("person/blinken", "Blinken", PERSON)


def told(doc_id: str, start: int = 0, **fields) -> Event:
    """A visit of Blinken to China as one report gives it."""
    fields.setdefault("actor", BLINKEN.key)
    evidence = (Evidence(doc_id, "Blinken visited China.", start, start + 22, "visited"),)
    return Event("TRAVEL", recipient="country/CHN", status="asserted", predicate="visits", evidence=evidence, **fields)


def test_two_reports_of_one_event_become_one_with_both_sources():
    [ev] = corroborate([told("a", date="2023-06-18"), told("b", mode="in_person")])
    assert [x.doc_id for x in ev.evidence] == ["a", "b"]
    assert ev.source_count == 2
    assert (ev.date, ev.mode) == ("2023-06-18", "in_person")  # each report gives what the other lacks
    assert ev.id == event_id(ev)


def test_reports_of_other_dates_or_status_stay_apart():
    events = corroborate([told("a", date="2023-06-18"), told("b", date="2023-07-01"), told("c")])
    assert sorted((e.date, e.source_count) for e in events) == [("2023-06-18", 2), ("2023-07-01", 1)]
    assert events == sorted(events, key=lambda e: e.id)
    planned = Event("TRAVEL", BLINKEN.key, "country/CHN", "planned", "visits", evidence=told("b").evidence)
    assert len(corroborate([told("a"), planned])) == 2  # a plan is not the visit


def test_event_id_is_what_happened_not_where_it_was_read():
    assert event_id(told("a", date="2023-06-18")) == event_id(told("b", start=99, date="2023-06-18"))
    assert event_id(told("a", date="2023-06-18")) != event_id(told("a", date="2023-06-19"))


def test_the_same_report_read_twice_counts_once():
    [ev] = corroborate([told("a"), told("a")])
    assert len(ev.evidence) == 1


def test_records_of_one_key_merge_and_the_first_label_wins():
    first = Entity("country/CHN", "China", COUNTRY, aliases=("PRC",))
    second = Entity("country/CHN", "People's Republic of China", COUNTRY, "CHN", aliases=("Beijing",))
    kg = assemble([Article("b", "text"), Article("a", "text")], [first, second], [])
    china = kg.entities["country/CHN"]
    assert china.label == "China"
    assert china.aliases == ("Beijing", "PRC", "People's Republic of China")
    assert china.country == "CHN"  # taken from the record that had it
    assert list(kg.articles) == ["a", "b"] and kg.articles["a"].text == ""


def test_surname_only_person_joins_the_full_name_everywhere():
    triple = Triple("b", 0, "Blinken", "visited", "China", "Blinken visited China.", 0, 22,
                    subject_entity=SURNAME.key, object_entity=CHINA.key)
    kg = corpus_graph(
        [Article("a", ""), Article("b", "")],
        [SURNAME, CHINA, BLINKEN],  # the surname first: the full name's label must still win
        [told("a"), told("b", actor=SURNAME.key)],
        [Mention("b", "Blinken", 0, 7, PERSON, "Blinken", key=SURNAME.key)],
        [triple],
    )
    assert set(kg.entities) == {BLINKEN.key, CHINA.key}
    person = kg.entities[BLINKEN.key]
    assert (person.label, person.aliases, person.country) == ("Antony Blinken", ("Blinken",), "USA")
    [ev] = kg.events  # one visit, told by both documents
    assert (ev.actor, ev.source_count) == (BLINKEN.key, 2)
    assert kg.mentions[0].key == BLINKEN.key
    assert (kg.triples[0].subject_entity, kg.triples[0].event_id) == (BLINKEN.key, ev.id)


def test_surname_shared_by_two_full_names_stays_apart():
    other = Entity("person/donald-blinken", "Donald Blinken", PERSON)
    kg = corpus_graph([], [BLINKEN, other, SURNAME], [told("b", actor=SURNAME.key)], [], [])
    assert set(kg.entities) == {BLINKEN.key, other.key, SURNAME.key}
    assert kg.events[0].actor == SURNAME.key


def test_an_induced_subgraph_keeps_the_graph_s_order_whatever_the_hash_seed():
    import os
    import subprocess
    import sys

    # Keeping fewer than half the nodes makes networkx's subgraph view iterate
    # a set of strings, whose order changes with PYTHONHASHSEED.
    code = (
        "import networkx as nx; from graphbuild.graph.assemble import induced;"
        "g = nx.path_graph([f'n{i}' for i in range(400)]);"
        "print(list(induced(g, [f'n{i}' for i in range(0, 400, 7)]).nodes))"
    )
    outs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outs) == 1
    assert outs.pop().startswith("['n0', 'n7', 'n14'")
