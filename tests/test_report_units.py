"""Unit tests of report/ on plain records: the terminal sanitizers of
``safetext`` on hostile strings, the chains printed from them, and
evaluate's matching on hand-built gold lines and events."""

from __future__ import annotations

from graphbuild.records import Entity, Event, Evidence, KnowledgeGraph, Mention
from graphbuild.report.analytics import example_graph
from graphbuild.report.evaluate import evaluate
from graphbuild.report.gold import gold_line_problems, line_kind
from graphbuild.report.matching import GraphIndex, Party, entity_resolved, match_direction, must_not_hit
from graphbuild.report.paths import shortest_chains
from graphbuild.report.terminal import format_chains
from graphbuild.safetext import escape_controls, printable, safe_json, visible

HOSTILE = "Evil\x1b[2J\x07  Corp\u202e\u2066\ud800\u2028end"

CHN = Entity("country/CHN", "China", "Country", "CHN", aliases=("PRC",))
USA = Entity("country/USA", "United States", "Country", "USA", aliases=("US",))
MEX = Entity("country/MEX", "Mexico", "Country", "MEX")
QIN = Entity("person/qin-gang", "Qin Gang", "Person", "CHN", aliases=("Qin",))
SEA = Entity("place/south-china-sea", "South China Sea", "Place", None)


def event(kind, actor, recipient, status="asserted", doc="d1", date=None) -> Event:
    return Event(kind, actor.key, recipient.key if recipient else None, status, "acts", date=date,
                 evidence=(Evidence(doc, "...", 0, 3),))


def graph(*events: Event, mentions=()) -> GraphIndex:
    ents = (CHN, USA, MEX, QIN, SEA)
    return GraphIndex(KnowledgeGraph(entities={e.key: e for e in ents}, events=list(events), mentions=list(mentions)))


# ---------------------------------------------------------------------------
# Terminal text


def test_printable_escapes_what_drives_a_terminal():
    assert printable(HOSTILE) == "Evil\\u001b[2J\\u0007 Corp\\u202e\\u2066\\ud800 end"  # U+2028 is whitespace: folded
    assert printable("a\tb\nc", fold_spaces=False) == "a\\u0009b\\u000ac"
    assert printable("x" * 50, 10) == "x" * 9 + "…" and printable(12) == "12"


def test_query_cells_csv_and_json_keep_their_own_line_ends():
    assert visible("a\nb\tc\r\x1b\u2029") == "a\\nb\\tc\\r\\u001b\\u2029"
    assert escape_controls("a\nb\tc\r\x1b\u202e\x9b") == "a\nb\tc\r\\u001b\\u202e\\u009b"
    # JSON escapes the C0 controls itself; safe_json what it leaves raw.
    assert safe_json(["x\u202ey\u2028\ud800", "\x1b"]) == '[\n  "x\\u202ey\\u2028\\ud800",\n  "\\u001b"\n]'


def test_chains_print_hostile_labels_escaped_and_cut():
    kg = example_graph()
    evil = Entity("country/AAA", "Aland\x1b[31m" + "A" * 60, "Country", "AAA")
    kg.entities["country/AAA"] = evil
    text = format_chains(shortest_chains(kg, "Dee", "Bland"), "Dee\u202e", "Bland")
    assert text.startswith("Dee\\u202e -> Bland: 1 shortest chain of 2 hops\n")
    shown = "Aland\\u001b[31m" + "A" * 24 + "…"  # 40 characters
    assert f"chain 1: Cy Dee -> {shown} -> Bland" in text and "\x1b" not in text


# ---------------------------------------------------------------------------
# Matching gold lines and events


def test_parties_and_events_match_by_name_code_or_direction():
    index = graph()
    assert Party.of({"actor": ["The  UNITED states"]}, "actor").matches("country/USA", index)
    assert Party.of({"actor": "us"}, "actor").matches("country/USA", index)  # aliases compare case-folded
    assert not Party.of({"actor": "Mexico"}, "actor").matches("country/USA", index)
    assert Party.of({"actor_code": "CHN"}, "actor").matches("person/qin-gang", index)  # any entity of China
    assert Party.of({"recipient": None}, "recipient").matches(None, index)
    # Symmetric types match either way round.
    line = {"doc": "d1", "event": "CONSULT", "actor": "Mexico", "recipient": "China"}
    assert match_direction(line, event("CONSULT", MEX, CHN), index) == "direct"
    assert match_direction(line, event("CONSULT", CHN, MEX), index) == "swapped"
    assert match_direction(line, event("CONSULT", CHN, MEX), index, allow_swap=False) is None
    accuse = {**line, "event": "ACCUSE"}
    assert match_direction(accuse, event("ACCUSE", CHN, MEX), index) is None  # not symmetric
    assert match_direction(accuse, event("CONSULT", MEX, CHN), index) is None  # another type


def test_evaluate_scores_the_best_match_and_counts_the_rest():
    planned = event("CONSULT", MEX, CHN, "planned", date="2024-05-02")
    done = event("CONSULT", CHN, MEX, "asserted", date="2024-05-01")  # swapped, but agrees on status and date
    stray = event("ACCUSE", USA, CHN)
    kg = KnowledgeGraph(entities={e.key: e for e in (CHN, USA, MEX)}, events=[planned, done, stray])
    gold = [{"doc": "d1", "event": "CONSULT", "actor": "Mexico", "recipient": "China", "status": "asserted", "date": "2024-05-01"},
            {"doc": "d1", "event": "AID", "actor": "Mexico", "recipient": "China"}]
    result = evaluate(gold, kg, {})
    assert result["events"] == {"expected": 2, "found": 1, "recall": 0.5, "system": 3, "system_matched": 2,
                                "precision": 0.6667}
    assert result["attributes"]["status"] == {"scored": 1, "correct": 1, "accuracy": 1.0}
    assert result["missed"] == [gold[1]] and result["unmatched_system"] == ["d1: ACCUSE United States -> China (asserted)"]
    assert result["unknown_docs"] == ["d1"]


def test_events_in_a_document_without_events_count_against_precision():
    kg = KnowledgeGraph(entities={e.key: e for e in (CHN, MEX)}, events=[event("CONSULT", MEX, CHN, doc="quiet")])
    result = evaluate([{"doc": "quiet", "no_events": True}], kg, {})
    assert result["no_events"] == {"documents": 1, "with_events": 1, "rate": 1.0, "noisy": ["quiet"]}
    assert result["events"]["system"] == 1 and result["events"]["precision"] == 0.0
    assert result["by_type"] == {"CONSULT": {"expected": 0, "found": 0, "system": 1, "system_matched": 0}}


def test_must_not_and_entity_resolution():
    text = "Qin met US envoys in the South China Sea; China said thus us."
    def at(phrase: str, ent: Entity, after: int = 0) -> Mention:
        start = text.index(phrase, after)
        return Mention("d1", phrase, start, start + len(phrase), ent.type, ent.label, ent.country, key=ent.key)

    mentions = [at("Qin", QIN), at("US", USA), at("South China Sea", SEA), at("China", CHN, text.index(";"))]
    index = graph(mentions=mentions)
    assert must_not_hit({"doc": "d1", "must_not": "entity", "label": "Qin Gang"}, index)  # an alias of the mention's node
    assert not must_not_hit({"doc": "d1", "must_not": "entity", "label": "Mexico"}, index)
    china = {"doc": "d1", "entity": "China", "type": "Country", "country": "CHN"}
    assert entity_resolved(china, text, mentions, {e.key: e for e in (CHN, SEA)})  # "China" in the sea's name left out
    assert not entity_resolved({**china, "country": "USA"}, text, mentions, {CHN.key: CHN})
    us = {"doc": "d1", "entity": "United States", "aliases": ["US"]}  # "us" at the end is no occurrence
    assert entity_resolved(us, text, mentions[:2], {USA.key: USA})


def test_gold_lines_are_checked_and_sorted_by_kind():
    assert gold_line_problems({"doc": "d", "event": "CONSULT", "actor": "A"}) == []
    assert gold_line_problems({"doc": "d", "event": "MEETING", "actor": "A", "date": "2024-13-01", "status": "done"}) == [
        "unknown event type 'MEETING'",
        "unknown status 'done' (expected one of asserted, planned, possible, negated)",
        "'date' '2024-13-01' is not an ISO date (YYYY-MM-DD)",
    ]
    assert gold_line_problems(["not", "an", "object"]) == ["line is not a JSON object"]
    kinds = [{"doc": "d", "event": "AID"}, {"doc": "d", "entity": "X"}, {"doc": "d", "must_not": "event"},
             {"doc": "d", "no_events": True}, {"doc": "d"}]
    assert [line_kind(k) for k in kinds] == ["event", "entity", "must_not", "no_events", "other"]
