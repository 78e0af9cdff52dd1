"""Scoring a build against gold lines, on knowledge graphs built by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.report.evaluate import evaluate, format_report
from graphbuild.report.gold import GoldError, read_gold
from graphbuild.records import Article, Entity, Event, Evidence, KnowledgeGraph, Mention

BLINKEN = Entity("person/antony-blinken", "Antony Blinken", "Person", "USA", "Secretary of State",
                 ("Blinken", "Secretary Blinken"))
BLINKEN_SPLIT = Entity("person/blinken", "Blinken", "Person", "USA")
QIN = Entity("person/qin-gang", "Qin Gang", "Person", "CHN", aliases=("Qin",))
WANG = Entity("person/wang-yi", "Wang Yi", "Person", None)  # country not found by the system
CHN = Entity("country/CHN", "China", "Country", "CHN", aliases=("PRC", "Beijing"))
USA = Entity("country/USA", "United States", "Country", "USA", aliases=("US", "U.S."))
MEX = Entity("country/MEX", "Mexico", "Country", "MEX")
STATE = Entity("org/state-department", "State Department", "Organization", "USA")
FACEBOOK = Entity("org/facebook", "Facebook", "Organization", None)
ENTITIES = (BLINKEN, BLINKEN_SPLIT, QIN, WANG, CHN, USA, MEX, STATE, FACEBOOK)

TEXT_A = (
    "US Secretary of State Antony Blinken will travel to China, the State Department said. "
    "Blinken spoke with Qin Gang by phone. Qin urged the United States to act. "
    "Friction grew. Follow us on Facebook."
)
TEXT_B = "Secretary Blinken met PRC officials. The US and Mexico cooperate; Mexican officials agreed. Blinken left."


def mention(doc: str, text: str, phrase: str, entity: Entity | None, nth: int = 0) -> Mention:
    """The ``nth`` occurrence of ``phrase`` in ``text`` as a mention of ``entity``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Mention(
        doc_id=doc, text=phrase, start=start, end=start + len(phrase),
        type=entity.type if entity else "Organization", label=entity.label if entity else phrase,
        country=entity.country if entity else None, key=entity.key if entity else "",
    )


def event(type_, actor, recipient, status, *docs, mode=None, date=None) -> Event:
    evidence = tuple(Evidence(doc_id=d, sentence="...", start=0, end=3) for d in docs)
    return Event(type_, actor.key, recipient.key if recipient else None, status, "acts",
                 mode=mode, date=date, evidence=evidence)


E1 = event("CONSULT", BLINKEN, CHN, "planned", "doc-a", "doc-b", mode="visit", date="2023-06-18")
E2 = event("CONSULT", QIN, BLINKEN, "asserted", "doc-a", mode="phone", date="2023-06-14")  # other way round
E3 = event("ACCUSE", CHN, MEX, "asserted", "doc-a")  # wrong direction
E4 = event("REQUEST", QIN, USA, "asserted", "doc-a")
E5 = event("CONSULT", BLINKEN, WANG, "possible", "doc-a", date="2023-06-18")
E6 = event("CONSULT", BLINKEN, WANG, "planned", "doc-a", date="2023-06-19")
E7 = event("CONSULT", BLINKEN, CHN, "asserted", "doc-c")  # a document the gold file does not cover
E8 = event("COOPERATE", USA, MEX, "asserted", "doc-b")


def build_kg() -> KnowledgeGraph:
    mentions = [
        mention("doc-a", TEXT_A, "US", USA),
        mention("doc-a", TEXT_A, "Antony Blinken", BLINKEN),
        mention("doc-a", TEXT_A, "China", CHN),
        mention("doc-a", TEXT_A, "State Department", STATE),
        mention("doc-a", TEXT_A, "Blinken", BLINKEN, nth=1),
        mention("doc-a", TEXT_A, "Qin Gang", QIN),
        mention("doc-a", TEXT_A, "Qin", QIN, nth=1),
        mention("doc-a", TEXT_A, "United States", USA),
        mention("doc-a", TEXT_A, "Friction", None),  # an unresolved mention (no key)
        mention("doc-a", TEXT_A, "Facebook", FACEBOOK),
        mention("doc-b", TEXT_B, "Secretary Blinken", BLINKEN),
        mention("doc-b", TEXT_B, "PRC", CHN),
        mention("doc-b", TEXT_B, "US", USA),
        mention("doc-b", TEXT_B, "Mexico", MEX),
        mention("doc-b", TEXT_B, "Blinken", BLINKEN_SPLIT, nth=1),  # split from the first Blinken
    ]
    kg = KnowledgeGraph(
        entities={e.key: e for e in ENTITIES},
        events=[E1, E2, E3, E4, E5, E6, E7, E8],
        articles={d: Article(d, "") for d in ("doc-a", "doc-b", "doc-c")},
        mentions=mentions,
    )
    return kg


ARTICLES = {"doc-a": Article("doc-a", TEXT_A), "doc-b": Article("doc-b", TEXT_B)}

BL = ["Antony Blinken", "Blinken", "Secretary Blinken"]
GOLD_EVENTS = [
    # G1: found directly, every attribute right (date from a list)
    {"doc": "doc-a", "event": "CONSULT", "mode": "visit", "actor": BL, "actor_code": "USA", "recipient": ["China"],
     "recipient_code": "CHN", "status": "planned", "date": ["2023-06-17", "2023-06-18"]},
    # G2: symmetric type, found the other way round; codes compared crosswise
    {"doc": "doc-a", "event": "CONSULT", "mode": "phone", "actor": ["Blinken"], "actor_code": "USA",
     "recipient": ["Qin Gang", "Qin"], "recipient_code": "CHN", "status": "asserted", "date": "2023-06-14"},
    # G3: not symmetric: the reversed system event does not count
    {"doc": "doc-a", "event": "ACCUSE", "actor": ["Mexico", "the Mexican government"], "actor_code": "MEX",
     "recipient": ["China"], "recipient_code": "CHN", "status": "asserted"},
    # G4: participants by code only; the codes decide the match and are not scored
    {"doc": "doc-a", "event": "REQUEST", "actor_code": "CHN", "recipient_code": "USA", "status": "asserted"},
    # G5: two system events match; the one with the right status and date is scored
    {"doc": "doc-a", "event": "CONSULT", "actor": ["Blinken"], "recipient": ["Wang Yi"], "recipient_code": "CHN",
     "status": "planned", "date": "2023-06-19"},
    # G6: missed
    {"doc": "doc-a", "event": "CONSULT", "actor": ["Blinken"], "recipient": ["London"], "status": "planned"},
    # G7: found through an alias and a leading "the"; wrong status
    {"doc": "doc-b", "event": "CONSULT", "actor": ["Secretary Blinken"], "recipient": ["the PRC"],
     "recipient_code": "CHN", "status": "asserted", "date": "2023-06-18"},
    # G8: a null recipient matches anything; wrong status
    {"doc": "doc-a", "event": "REQUEST", "actor": ["QIN"], "recipient": None, "status": "planned"},
]
GOLD_MUST_NOT = [
    {"doc": "doc-a", "must_not": "entity", "label": "facebook"},  # M1: resolved mention
    {"doc": "doc-a", "must_not": "entity", "label": "Friction"},  # M2: mention text, no entity
    {"doc": "doc-a", "must_not": "entity", "label": "Top Comments"},  # M3: not there
    {"doc": "doc-a", "must_not": "event", "event": "CONSULT", "actor": ["China"], "recipient": BL},  # M4: no swap
    {"doc": "doc-a", "must_not": "event", "event": "ACCUSE", "actor": ["China"], "recipient": ["Mexico"]},  # M5
    {"doc": "doc-b", "must_not": "entity", "label": "Beijing"},  # M6: an alias of the entity "PRC" resolved to
]
GOLD_ENTITIES = [
    # N1: every alias, the long one too, lands on the Blinken node (most overlap beats "US")
    {"doc": "doc-a", "entity": "Antony Blinken", "type": "Person", "country": "USA",
     "aliases": ["Antony Blinken", "Blinken", "US Secretary of State Antony Blinken"]},
    {"doc": "doc-a", "entity": "Qin Gang", "type": "Person", "country": "CHN", "aliases": ["Qin Gang", "Qin"]},  # N2
    # N3: "US" does not match "us"; "the United States" lands on the "United States" mention
    {"doc": "doc-a", "entity": "United States", "type": "Country", "country": "USA",
     "aliases": ["US", "United States", "the United States"]},
    {"doc": "doc-a", "entity": "State Department", "type": "Organization", "country": "USA",
     "aliases": ["State Department", "the State Department"]},  # N4
    {"doc": "doc-a", "entity": "Facebook", "type": "Organization", "country": "USA", "aliases": []},  # N5: country
    {"doc": "doc-a", "entity": "Wang Yi", "type": "Person", "aliases": ["Wang Yi"]},  # N6: not in the text
    {"doc": "doc-b", "entity": "Antony Blinken", "type": "Person", "country": "USA",
     "aliases": ["Secretary Blinken", "Blinken"]},  # N7: split over two nodes
    {"doc": "doc-b", "entity": "Mexico", "type": "Country", "country": "MEX",
     "aliases": ["Mexico", "Mexican"]},  # N8: "Mexican" has no mention
    {"doc": "doc-b", "entity": "China", "type": "Country", "country": "CHN", "aliases": ["China", "PRC"]},  # N9
    {"doc": "doc-z", "entity": "China", "type": "Country", "aliases": ["China"]},  # N10: unknown document
]
GOLD = GOLD_EVENTS + GOLD_MUST_NOT + GOLD_ENTITIES


@pytest.fixture
def result():
    return evaluate(GOLD, build_kg(), ARTICLES)


def test_event_figures(result):
    assert result["events"] == {
        "expected": 8, "found": 6, "recall": 0.75, "system": 8, "system_matched": 6, "precision": 0.75,
    }
    assert result["missed"] == [GOLD_EVENTS[2], GOLD_EVENTS[5]]
    assert result["unmatched_system"] == [
        "doc-a: ACCUSE China -> Mexico (asserted)",
        "doc-b: COOPERATE United States -> Mexico (asserted)",
    ]


def test_attributes(result):
    assert result["attributes"] == {
        "status": {"scored": 6, "correct": 4, "accuracy": 0.6667},
        "date": {"scored": 4, "correct": 4, "accuracy": 1.0},
        "mode": {"scored": 2, "correct": 2, "accuracy": 1.0},
        "actor_code": {"scored": 2, "correct": 2, "accuracy": 1.0},
        "recipient_code": {"scored": 4, "correct": 3, "accuracy": 0.75},
    }


def test_by_type(result):
    assert result["by_type"] == {
        "ACCUSE": {"expected": 1, "found": 0, "system": 1, "system_matched": 0},
        "CONSULT": {"expected": 5, "found": 4, "system": 5, "system_matched": 5},
        "COOPERATE": {"expected": 0, "found": 0, "system": 1, "system_matched": 0},
        "REQUEST": {"expected": 2, "found": 2, "system": 1, "system_matched": 1},
    }


def test_must_not(result):
    assert result["must_not"] == {
        "lines": 6,
        "hits": 4,
        "hit_lines": [GOLD_MUST_NOT[0], GOLD_MUST_NOT[1], GOLD_MUST_NOT[4], GOLD_MUST_NOT[5]],
    }


def test_entities(result):
    assert result["entities"] == {"expected": 10, "resolved": 5, "rate": 0.5}
    assert result["unknown_docs"] == ["doc-z"]
    kg = build_kg()
    for i, line in enumerate(GOLD_ENTITIES):
        resolved = evaluate([line], kg, ARTICLES)["entities"]["resolved"]
        assert resolved == (1 if i in (0, 1, 2, 3, 8) else 0), line


def test_entity_occurrence_without_mention_is_not_resolved():
    text = "Wang Yi met Blinken. Later Wang Yi left."
    kg = KnowledgeGraph(entities={WANG.key: WANG}, mentions=[mention("d", text, "Wang Yi", WANG)])
    line = {"doc": "d", "entity": "Wang Yi", "type": "Person", "aliases": ["Wang Yi"]}
    assert evaluate([line], kg, {"d": Article("d", text)})["entities"]["resolved"] == 0
    kg.mentions.append(mention("d", text, "Wang", WANG, nth=1))  # a partial overlap is enough
    assert evaluate([line], kg, {"d": Article("d", text)})["entities"]["resolved"] == 1


def test_alias_inside_another_longer_name_is_left_out():
    text = "Ships crossed the South China Sea. China protested."
    sea = Entity("place/south-china-sea", "South China Sea", "Place", None)
    kg = KnowledgeGraph(
        entities={CHN.key: CHN, sea.key: sea},
        mentions=[mention("d", text, "South China Sea", sea), mention("d", text, "China", CHN, nth=1)],
    )
    line = {"doc": "d", "entity": "China", "type": "Country", "country": "CHN", "aliases": ["China"]}
    assert evaluate([line], kg, {"d": Article("d", text)})["entities"]["resolved"] == 1
    # unless the longer mention is itself one of the aliases: then it must be the same node
    line = {**line, "aliases": ["China", "South China Sea"]}
    assert evaluate([line], kg, {"d": Article("d", text)})["entities"]["resolved"] == 0


@pytest.mark.parametrize("type_, found", [("AGREE", 1), ("COOPERATE", 1), ("CONSULT", 1), ("ACCUSE", 0), ("ASSAULT", 0)])
def test_only_symmetric_types_swap(type_, found):
    kg = KnowledgeGraph(entities={USA.key: USA, MEX.key: MEX}, events=[event(type_, MEX, USA, "asserted", "d")])
    line = {"doc": "d", "event": type_, "actor": ["United States"], "recipient": ["Mexico"]}
    figures = evaluate([line], kg, {})
    assert figures["events"]["found"] == found
    assert figures["events"]["system_matched"] == found


def test_must_not_event_never_swaps():
    kg = KnowledgeGraph(entities={USA.key: USA, MEX.key: MEX}, events=[event("CONSULT", MEX, USA, "asserted", "d")])
    wrong_way = {"doc": "d", "must_not": "event", "event": "CONSULT", "actor": ["United States"], "recipient": ["Mexico"]}
    as_emitted = {**wrong_way, "actor": ["Mexico"], "recipient": ["US"]}
    assert evaluate([wrong_way], kg, {})["must_not"]["hits"] == 0
    assert evaluate([as_emitted], kg, {})["must_not"]["hits"] == 1


def test_evidence_must_be_in_the_gold_document():
    kg = KnowledgeGraph(entities={USA.key: USA, MEX.key: MEX}, events=[event("AGREE", USA, MEX, "asserted", "other")])
    line = {"doc": "d", "event": "AGREE", "actor": ["US"], "recipient": ["Mexico"]}
    figures = evaluate([line], kg, {})
    assert figures["events"] == {
        "expected": 1, "found": 0, "recall": 0.0, "system": 0, "system_matched": 0, "precision": None,
    }


def test_date_scored_wrong_when_event_has_none():
    kg = KnowledgeGraph(entities={USA.key: USA, MEX.key: MEX}, events=[event("AGREE", USA, MEX, "asserted", "d")])
    line = {"doc": "d", "event": "AGREE", "actor": ["US"], "recipient": ["Mexico"], "date": ["2023-06-17", "2023-06-18"]}
    assert evaluate([line], kg, {})["attributes"]["date"] == {"scored": 1, "correct": 0, "accuracy": 0.0}


def test_nothing_to_score():
    figures = evaluate([], KnowledgeGraph(), {})
    assert figures["events"]["recall"] is None and figures["events"]["precision"] is None
    assert figures["entities"]["rate"] is None
    assert all(a["accuracy"] is None for a in figures["attributes"].values())
    assert figures["by_type"] == {} and figures["missed"] == [] and figures["unknown_docs"] == []


def test_format_report(result):
    report = format_report(result)
    lines = report.splitlines()
    assert lines[:3] == [
        "events     found 6/8  recall 0.7500  precision 0.7500 (6/8)",
        "types      (document, type) pairs with an event of that type 4/4  rate 1.0000",
        "must-not   hits 4/6",
    ]
    assert lines[3] == "entities   resolved 5/10  rate 0.5000"
    assert lines[4].startswith("attributes status 4/6 0.6667  date 4/4 1.0000")
    assert "type         expected  found  recall  system  matched precision" in lines
    assert "CONSULT             5      4  0.8000       5        5    1.0000" in lines
    assert "COOPERATE           0      0       -       1        0    0.0000" in lines
    assert lines[-1] == "documents in the gold file but not in the build: doc-z"
    detailed = format_report(result, details=True)
    assert "  doc-a: ACCUSE Mexico -> China" in detailed
    assert "  doc-a: entity 'facebook'" in detailed
    assert "  doc-b: COOPERATE United States -> Mexico (asserted)" in detailed


# ---------------------------------------------------------------------------
# gold files


def test_read_gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in GOLD) + "\n\n", encoding="utf-8")
    assert read_gold(path) == GOLD


def test_read_gold_reports_every_bad_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    lines = [
        json.dumps(GOLD_EVENTS[0]),
        '{"doc": "a", "event": "CONSULT", "actor": ["X"]',
        "[1, 2]",
        json.dumps({"doc": "a", "event": "CONSULTS", "actor": ["X"]}),
        json.dumps({"doc": "a", "event": "CONSULT", "recipient": ["X"]}),
        json.dumps({"doc": "a", "event": "CONSULT", "actor": "X", "status": "done", "date": ["2023-06-31"]}),
        json.dumps({"event": "CONSULT", "actor": ["X"]}),
        json.dumps({"doc": "a", "label": "X"}),
        json.dumps({"doc": "a", "must_not": "place", "label": "X"}),
        json.dumps({"doc": "a", "entity": "X", "type": "Thing", "aliases": "X"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(GoldError) as info:
        read_gold(path)
    assert info.value.errors == [
        f"{path}:2: invalid JSON: Expecting ',' delimiter (column 48)",
        f"{path}:3: line is not a JSON object",
        f"{path}:4: unknown event type 'CONSULTS'",
        f"{path}:5: event line needs 'actor' names, an 'actor_code', or \"actor\": null (unnamed)",
        f"{path}:6: unknown status 'done' (expected one of asserted, planned, possible, negated)",
        f"{path}:6: 'date' '2023-06-31' is not an ISO date (YYYY-MM-DD)",
        f"{path}:7: 'doc' (the document id) is missing or not a string",
        f"{path}:8: line has none of 'event', 'entity', 'must_not', 'no_events'",
        f"{path}:9: 'must_not' is 'place'; expected 'entity' or 'event'",
        f"{path}:10: 'aliases' is not a list of strings",
        f"{path}:10: unknown entity type 'Thing' (expected one of Person, Country, Organization, IGO, Place, Unidentified)",
    ]
    assert str(info.value).splitlines()[0] == info.value.errors[0]


def test_read_gold_missing_file(tmp_path):
    with pytest.raises(GoldError) as info:
        read_gold(tmp_path / "none.jsonl")
    assert info.value.errors == [f"{tmp_path / 'none.jsonl'}: cannot read: No such file or directory"]


def test_seed_gold_file_reads():
    seed = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "expected.jsonl"
    if not seed.exists():
        pytest.skip("no shared seed gold file here")
    lines = read_gold(seed)
    assert sum("event" in line and "must_not" not in line for line in lines) == 14
