"""The events table: columns, one row per (event, document), codes, CSV safety."""

from __future__ import annotations

import csv

import pytest

from graphbuild.graph.assemble import assemble
from graphbuild.records import ASSERTED, COUNTRY, IGO, PERSON, PLANNED, Article, Entity, Event, Evidence, KnowledgeGraph
from graphbuild.render.tables import COLUMNS, EXTRA_COLUMNS, FIELDNAMES, events_rows, write_events_csv
from graphbuild.safetext import safe_cell

BLINKEN = Entity("person/antony-blinken", "Antony Blinken", PERSON, "USA", "Secretary of State")
CHINA = Entity("country/CHN", "China", COUNTRY, "CHN")
UN = Entity("igo/un", "United Nations", IGO, "IGO")
NOBODY = Entity("person/nobody", "A Spokesman", PERSON)  # no known country

S1 = "Blinken met Wang Yi in Beijing on Friday."
S2 = "US Secretary of State Antony Blinken held talks with Chinese officials."
S3 = "Blinken will visit the United Nations next week."


def _kg() -> KnowledgeGraph:
    articles = [
        Article("doc-a", S1, date="2024-04-26", source="Reuters", url="https://example.org/a"),
        Article("doc-b", S2, date="2024-04-26", source="AP"),
    ]
    meet_a = Event(
        "CONSULT", BLINKEN.key, CHINA.key, ASSERTED, "consults", mode="visit", date="2024-04-26",
        date_text="on Friday",
        evidence=(Evidence("doc-a", S1, 100, 100 + len(S1), trigger="met"),),
    )
    meet_b = Event(
        "CONSULT", BLINKEN.key, CHINA.key, ASSERTED, "consults", mode="visit",
        evidence=(Evidence("doc-b", S2, 0, len(S2), trigger="held talks", attribution="the State Department"),),
    )
    visit = Event(
        "CONSULT", BLINKEN.key, UN.key, PLANNED, "consults", mode="visit",
        evidence=(Evidence("doc-a", S3, 10, 10 + len(S3), trigger="visit", source="Reuters wire"),),
    )
    statement = Event(
        "DISAPPROVE", NOBODY.key, None, ASSERTED, "disapproves of",
        evidence=(Evidence("doc-b", "A spokesman criticised the plan.", 300, 332, trigger="criticised"),),
    )
    return assemble(articles, [BLINKEN, CHINA, UN, NOBODY], [meet_a, meet_b, visit, statement])


def test_columns_in_order():
    assert FIELDNAMES[:12] == (
        "doc_id", "event_id", "event_type", "mode", "status", "date",
        "actor", "actor_code", "recipient", "recipient_code", "source_count", "sentence",
    )
    assert EXTRA_COLUMNS == (
        "date_text", "actor_type", "recipient_type", "predicate", "quad_class",
        "cameo_root", "trigger", "attribution", "source", "url",
        "location", "location_code", "actor_sector", "recipient_sector",
    )
    rows = events_rows(_kg())
    assert rows and all(tuple(r) == FIELDNAMES for r in rows)
    assert COLUMNS + EXTRA_COLUMNS == FIELDNAMES


def test_one_row_per_event_and_document():
    kg = _kg()
    assert len(kg.events) == 3  # the two reports of the meeting were corroborated
    rows = events_rows(kg)
    assert len(rows) == 4
    meeting = [r for r in rows if r["recipient"] == "China"]
    assert [r["doc_id"] for r in meeting] == ["doc-a", "doc-b"]
    assert meeting[0]["event_id"] == meeting[1]["event_id"] != ""
    assert [r["source_count"] for r in meeting] == [2, 2]
    assert [r["sentence"] for r in meeting] == [S1, S2]
    assert meeting[0]["date"] == meeting[1]["date"] == "2024-04-26"
    assert meeting[1]["attribution"] == "the State Department"
    assert {r["source_count"] for r in rows if r["recipient"] != "China"} == {1}


def test_codes_labels_and_empty_recipient():
    rows = events_rows(_kg())
    meeting = next(r for r in rows if r["recipient"] == "China")
    assert (meeting["actor"], meeting["actor_code"], meeting["actor_type"]) == ("Antony Blinken", "USA", "Person")
    assert (meeting["recipient_code"], meeting["recipient_type"]) == ("CHN", "Country")
    assert (meeting["quad_class"], meeting["cameo_root"], meeting["predicate"]) == (
        "verbal cooperation", "04", "consults",
    )
    un = next(r for r in rows if r["recipient"] == "United Nations")
    assert (un["recipient_code"], un["status"], un["mode"]) == ("IGO", "planned", "visit")
    lone = next(r for r in rows if r["event_type"] == "DISAPPROVE")
    assert lone["actor_code"] == ""  # unknown country stays empty
    assert lone["recipient"] == lone["recipient_code"] == lone["recipient_type"] == ""


def test_source_and_url_from_evidence_else_article():
    rows = events_rows(_kg())
    by_sentence = {r["sentence"]: r for r in rows}
    assert (by_sentence[S1]["source"], by_sentence[S1]["url"]) == ("Reuters", "https://example.org/a")
    assert by_sentence[S3]["source"] == "Reuters wire"  # the evidence's own source wins
    assert (by_sentence[S2]["source"], by_sentence[S2]["url"]) == ("AP", "")


def test_rows_sorted_by_document_then_offset_then_id():
    rows = events_rows(_kg())
    assert [(r["doc_id"], r["sentence"]) for r in rows] == [
        ("doc-a", S3),  # offset 10
        ("doc-a", S1),  # offset 100
        ("doc-b", S2),  # offset 0
        ("doc-b", "A spokesman criticised the plan."),  # offset 300
    ]
    assert events_rows(_kg()) == rows


def test_event_without_evidence_keeps_one_row():
    kg = KnowledgeGraph(entities={CHINA.key: CHINA}, events=[Event("AID", CHINA.key, None, ASSERTED, "aids")])
    (row,) = events_rows(kg)
    assert row["doc_id"] == row["sentence"] == "" and row["source_count"] == 0
    assert row["event_id"].startswith("evt-")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a = b", "a = b"),
        ("", ""),
        (None, ""),
        (3, 3),
    ],
)
def test_safe_cell(text, expected):
    assert safe_cell(text) == expected


def test_csv_round_trip_and_injection(tmp_path):
    evil_label = "=cmd|' /C calc'!A0"
    evil = Entity("person/evil", evil_label, PERSON, "USA")
    sentence = '-1+1 said "someone", \nthen @everyone left;\r\nok'
    kg = assemble(
        [Article("@doc", sentence, source="+Source", url="=url")],
        [evil, CHINA],
        [Event(
            "ACCUSE", evil.key, CHINA.key, ASSERTED, "accuses",
            evidence=(Evidence("@doc", sentence, 0, len(sentence), trigger="\ttrigger", attribution="-me"),),
        )],
    )
    path = write_events_csv(kg, tmp_path / "out" / "events.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"doc_id,event_id,event_type,mode,status,date,actor,actor_code,")
    assert b"\r\n" not in raw.replace(b"\r\nok", b"")  # "\n" line ends; the only CRLF is inside the quoted cell
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == FIELDNAMES
        (row,) = list(reader)
    assert row["doc_id"] == "'@doc"
    assert row["actor"] == "'" + evil_label
    assert row["sentence"] == "'" + sentence
    assert (row["source"], row["url"], row["trigger"], row["attribution"]) == ("'+Source", "'=url", "'\ttrigger", "'-me")
    assert (row["recipient"], row["recipient_code"], row["source_count"]) == ("China", "CHN", "1")
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_of_unicode_and_lone_surrogate(tmp_path):
    label = "Reçep \u202eTayyip\u202c Erdoğan 🇹🇷 \udcff"
    kg = KnowledgeGraph(
        entities={"person/x": Entity("person/x", label, PERSON, "TUR"), CHINA.key: CHINA},
        events=[Event("CONSULT", "person/x", CHINA.key, ASSERTED, "consults", id="evt-1",
                      evidence=(Evidence("d", "x" * 10_000, 0, 10_000),))],
    )
    path = write_events_csv(kg, tmp_path / "events.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["actor"] == label.replace("\udcff", "\ufffd")
    assert row["sentence"] == "x" * 10_000
