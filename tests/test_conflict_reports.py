"""How conflict and protest reports say things that the wire styles of
``test_real_styles.py`` do not: doers named by their deed, event nouns with
their parties, and what a crowd does to property."""

from __future__ import annotations

import pytest

from graphbuild.pipeline import build
from graphbuild.records import Article


def _graph(nlp, text: str, date: str = "2024-05-01"):
    return build([Article("d", text, date)], nlp=nlp)


def _events(kg) -> set[tuple]:
    label = {k: e.label for k, e in kg.entities.items()}
    return {(ev.type, label[ev.actor], label.get(ev.recipient)) for ev in kg.events}


@pytest.mark.parametrize("doers", ["Attackers", "Unknown attackers", "Two shooters"])
def test_doers_named_by_their_deed_are_an_unidentified_armed_group(nlp, doers):
    kg = _graph(nlp, f"{doers} set fire to a mosque near the market on Friday.")
    [ev] = kg.events
    assert ev.type == "ASSAULT" and kg.entities[ev.actor].sector == "UAF"


@pytest.mark.parametrize(
    "text",
    ["Students boycotted lectures at the main campus in Rangoon.", "Opposition parties in Harare boycotted the by-election."],
)
def test_a_civil_groups_boycott_is_its_protest(nlp, text):
    assert {t for t, _, _ in _events(_graph(nlp, text))} == {"PROTEST"}


def test_a_state_that_boycotts_still_sanctions(nlp):
    assert ("SANCTION", "Qatar", "Bahrain") in _events(_graph(nlp, "Qatar boycotted Bahrain's goods for a year."))


def test_an_agent_noun_opening_a_sentence_is_no_name(nlp):
    kg = _graph(nlp, "Farmers staged a sit-in outside the parliament in Tunis.")
    assert ("PROTEST", "Tunisia: farmers", None) in _events(kg)
    assert not any(e.key.startswith("org/") for e in kg.entities.values())


def test_a_leaders_name_before_an_agent_gives_the_leaders_country(nlp):
    kg = _graph(nlp, "The Biden administration blacklisted eight Chinese firms.")
    assert {(kg.entities[ev.actor].country, kg.entities[ev.actor].sector) for ev in kg.events} == {("USA", "GOV")}


def test_an_agent_named_by_its_group_acts_for_the_group(nlp):
    assert ("ASSAULT", "Hamas", "Israel") in _events(_graph(nlp, "Hamas gunmen fired on an Israeli patrol near Nablus."))


def test_the_object_of_a_particle_the_parser_took_for_a_preposition(nlp):
    assert ("COERCE", "Israel", "Palestine") in _events(_graph(nlp, "The Israeli army sealed off the West Bank on Friday."))


def test_a_place_by_its_kind_whatever_the_models_tag(nlp):
    kg = _graph(nlp, "Government troops regained control of the town of Palmyra on Sunday.")
    [ev] = [ev for ev in kg.events if ev.type == "COERCE"]
    assert kg.entities[ev.recipient].type == "Place" and ev.predicate == "regains control of"
