"""Issue 14: no text makes the parse hang or grow faster than its length.

The hang cases run under a generous time bound (a guard, not a benchmark:
benchmarks/bench.py measures that a 200 KB article costs about what ten
20 KB ones do).
"""

from __future__ import annotations

import time

import pytest

from graphbuild.events.dates import sentence_dates
from graphbuild.records import Article
from graphbuild.nlp.model import PUNCT_RUN, parse_text
from graphbuild.pipeline import build

LEAD = "Kenya praised Ghana on Monday. "


def timed_build(nlp, text: str, bound: float):
    started = time.monotonic()
    kg = build([Article(id="a", text=text, origin="a.txt")], nlp=nlp)
    seconds = time.monotonic() - started
    assert seconds < bound, f"{seconds:.1f} s for {len(text):,} characters"
    return kg


@pytest.mark.parametrize("run", ["[" * 20_000, "[" * 100_000, ")]" * 50_000, "[(*" * 333_333, "_" * 100_000])
def test_long_punctuation_runs_parse_in_time(nlp, run):
    kg = timed_build(nlp, LEAD + run, bound=60)
    # the sentence before the run is still read, its evidence as the article has it
    evidence = [x for ev in kg.events for x in ev.evidence]
    assert len(evidence) == 1 and evidence[0].sentence.startswith(LEAD.strip())
    assert all((LEAD + run)[x.start : x.end] == x.sentence for ev in kg.events for x in ev.evidence)


def test_a_million_character_token_parses_in_time(nlp):
    kg = timed_build(nlp, "x" * 1_000_000, bound=60)
    assert kg.events == []


def test_parse_text_keeps_length_and_short_runs():
    for text in ["Talks ended... What now?!", "a--b", "[" * PUNCT_RUN, "é" * 50, "__init__", LEAD + "[" * 1000 + " Chile."]:
        assert len(parse_text(text)) == len(text)
    assert parse_text("Talks ended... What now?!") == "Talks ended... What now?!"
    assert parse_text("[" * (PUNCT_RUN + 5)) == "[" * PUNCT_RUN + " " * 5


def test_ten_thousand_short_sentences_take_time_in_proportion(nlp):
    text = "Kenya praised Ghana on 3 May 2023. " * 6_000  # 210,000 characters
    kg = timed_build(nlp, text, bound=120)
    assert [(ev.type, ev.actor, ev.recipient, ev.date) for ev in kg.events] == [("SUPPORT", "country/KEN", "country/GHA", "2023-05-03")]


def test_sentence_dates_are_what_sent_ents_gives(nlp):
    text = (
        "On Monday, Kenya praised Ghana. Chile met Peru on 3 May 2023 and again on Friday. "
        "No date here. The talks of June 14, 2023 ended in Geneva on Tuesday"
    )
    doc = nlp(text)
    found = sentence_dates(doc)
    assert [[e.text for e in found[s.start]] for s in doc.sents] == [
        [e.text for e in s.ents if e.label_ == "DATE"] for s in doc.sents
    ]
    assert sum(len(v) for v in found.values()) >= 4
