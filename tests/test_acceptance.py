"""Acceptance: the user's seed reports and the team's development gold set.

The floors below are what the code must keep; the README prints the current
figures with the command that measures them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.report.evaluate import evaluate
from graphbuild.report.gold import read_gold
from graphbuild.pipeline import build
from graphbuild.ingest.read import read_articles

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
DEV = Path(__file__).resolve().parent / "gold"
REAL = Path(__file__).resolve().parent / "realnews"
SNIPPETS = Path(__file__).resolve().parent / "snippets"
WIRE = Path(__file__).resolve().parent / "wire"
# Just under the figures of the code as committed (README, "How good is it").
REAL_FLOORS = {
    "dev": {"recall": 0.55, "precision": 0.69, "types": 0.67, "no_events": 0.05},
    "heldout": {"recall": 0.42, "precision": 0.53, "types": 0.55, "no_events": 0.14},
}

# The conflict snippets and older wire sentences (tests/snippets/README.md),
# by country code, and the share of snippets with an event of their
# category's type.
SNIPPET_FLOORS = {
    "dev": {"recall": 0.65, "precision": 0.72, "types": 0.79, "no_events": 0.10, "categories": 0.87},
    "heldout": {"recall": 0.57, "precision": 0.67, "types": 0.75, "no_events": 0.10, "categories": 0.82},
}

# Wire reports of 1995-2010 (tests/wire/README.md), by country code.
WIRE_FLOORS = {
    "dev": {"recall": 0.55, "precision": 0.65, "types": 0.67, "no_events": 0.10},
    "heldout": {"recall": 0.43, "precision": 0.52, "types": 0.58, "no_events": 0.08},
}


def score(gold_path: Path, articles_path: Path, nlp, by_code: bool = False):
    articles = list(read_articles([articles_path]))
    kg = build(articles, nlp=nlp)
    return kg, evaluate(read_gold(gold_path), kg, {a.id: a for a in articles}, by_code=by_code)


@pytest.fixture(scope="module")
def seeds(nlp):
    if not (SEEDS / "articles.jsonl").exists():
        pytest.skip("the user's seeds (../shared/seeds) are not beside this checkout")
    return score(SEEDS / "expected.jsonl", SEEDS / "articles.jsonl", nlp)


def test_seed_reports_meet_the_acceptance_bar(seeds):
    _, r = seeds
    assert r["events"]["recall"] >= 0.90
    assert r["must_not"]["hits"] == 0, r["must_not"]
    assert r["attributes"]["status"]["accuracy"] >= 0.90
    assert r["attributes"]["date"]["accuracy"] >= 0.80
    assert r["entities"]["rate"] >= 0.90


def test_every_blinken_mention_lands_on_one_node(seeds):
    kg, _ = seeds
    keys = {m.key for m in kg.mentions if "Blinken" in m.text}
    assert len(keys) == 1
    (key,) = keys
    assert kg.entities[key].label == "Antony Blinken" and kg.entities[key].country == "USA"


def test_planned_visit_told_twice_is_one_event_with_two_sources(seeds):
    kg, _ = seeds
    visits = [
        e
        for e in kg.events
        if e.type == "CONSULT" and e.mode == "visit" and e.recipient == "country/CHN" and e.status == "planned"
    ]
    assert len(visits) == 1 and visits[0].source_count == 2


def test_development_gold_floor(nlp):
    _, r = score(DEV / "dev_gold.jsonl", DEV / "dev_articles.jsonl", nlp)
    assert r["events"]["expected"] >= 150
    assert len([t for t, v in r["by_type"].items() if v["expected"]]) == 16
    assert r["events"]["recall"] >= 0.75, r["events"]
    assert r["events"]["precision"] >= 0.80, r["events"]
    assert r["must_not"]["hits"] <= 3, r["must_not"]
    assert r["attributes"]["status"]["accuracy"] >= 0.90
    assert r["entities"]["rate"] >= 0.85


def _meets_floors(r: dict, floors: dict, expected: int) -> None:
    assert r["events"]["expected"] >= expected
    assert r["events"]["recall"] >= floors["recall"], r["events"]
    assert r["events"]["precision"] >= floors["precision"], r["events"]
    assert r["types"]["rate"] >= floors["types"], r["types"]
    assert r["no_events"]["rate"] <= floors["no_events"], r["no_events"]


@pytest.mark.parametrize("half", ["dev", "heldout"])
def test_real_report_styles_floor(nlp, half):
    """The set written in the styles of real reports (tests/realnews/README.md),
    scored as event data is, by country code. The held-out half is scored
    here and in the closing notes only: nothing is developed against it."""
    _, r = score(REAL / f"{half}_gold.jsonl", REAL / f"{half}_articles.jsonl", nlp, by_code=True)
    _meets_floors(r, REAL_FLOORS[half], expected=250)


@pytest.mark.parametrize("half", ["dev", "heldout"])
def test_conflict_snippets_floor(nlp, half):
    """Scored as event data is, by country code; and per snippet, whether an
    event of its category's type is found, as the field scores coded
    snippets. The held-out half is scored only, never developed on."""
    kg, r = score(SNIPPETS / f"{half}_gold.jsonl", SNIPPETS / f"{half}_articles.jsonl", nlp, by_code=True)
    floors = SNIPPET_FLOORS[half]
    _meets_floors(r, floors, expected=170)
    categories = [json.loads(line) for line in (SNIPPETS / f"{half}_categories.jsonl").read_text("utf-8").splitlines()]
    found = {(x.doc_id, ev.type) for ev in kg.events for x in ev.evidence}
    snippets = [c for c in categories if c["doc"].startswith("sn-") and c["plover"] != "none"]
    rate = sum((c["doc"], c["plover"]) in found for c in snippets) / len(snippets)
    assert len(snippets) >= 60 and rate >= floors["categories"], rate


@pytest.mark.parametrize("half", ["dev", "heldout"])
def test_wire_reports_floor(nlp, half):
    """The third blind set, wire copy of 1995-2010, scored by country code;
    the held-out half is scored only, never developed on."""
    _, r = score(WIRE / f"{half}_gold.jsonl", WIRE / f"{half}_articles.jsonl", nlp, by_code=True)
    _meets_floors(r, WIRE_FLOORS[half], expected=200)
