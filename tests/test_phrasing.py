"""How reports phrase a batch of measures, coordinated events and the
envoys of two states: sentences of the team's own, one per rule, each
checked on the whole build."""

from __future__ import annotations

import pytest

from graphbuild.pipeline import build
from graphbuild.records import Article


def _events(nlp, text: str, date: str = "2024-05-01") -> set[tuple]:
    kg = build([Article("d", text, date)], nlp=nlp)
    label = {k: e.label for k, e in kg.entities.items()}
    return {(ev.type, label[ev.actor], label.get(ev.recipient)) for ev in kg.events}


@pytest.mark.parametrize(
    "text",
    [
        "Canada imposed a fresh round of sanctions on Venezuela on Tuesday.",
        "Canada adopted a new package of sanctions against Venezuela.",
        "Canada unveiled sanctions against Venezuela on Tuesday.",
    ],
)
def test_a_batch_of_sanctions_is_sanctions(nlp, text):
    found = _events(nlp, text)
    assert ("SANCTION", "Canada", "Venezuela") in found
    assert not any(kind == "COERCE" for kind, _, _ in found)


def test_coordinated_event_nouns_are_each_an_event(nlp):
    found = _events(nlp, "Turkish air strikes and Syrian rocket attacks intensified on Sunday.")
    assert {(kind, actor) for kind, actor, _ in found} >= {("ASSAULT", "Turkey"), ("ASSAULT", "Syria")}


def test_a_second_event_joined_to_a_target_is_no_target(nlp):
    found = _events(nlp, "Turkish air strikes on Kobani and Syrian rocket attacks on Kilis intensified on Sunday.")
    assert ("ASSAULT", "Turkey", "Kilis") not in found
    assert ("ASSAULT", "Syria", "Kilis") in found


def test_the_envoys_of_two_states_act_for_both(nlp):
    found = _events(nlp, "The trade ministers of the Republic of Korea and Vietnam signed a pact in Hanoi on Monday.")
    assert {(a, r) for kind, a, r in found if kind == "SUPPORT"} & {("South Korea", "Vietnam"), ("Vietnam", "South Korea")}


@pytest.mark.parametrize(
    "text",
    [
        "Peru closed its border with Bolivia on Monday, drawing sharp criticism from Chile.",
        "Peru's decision to close the border sparked condemnation from Chile.",
    ],
)
def test_criticism_drawn_from_someone_is_theirs_of_the_subject(nlp, text):
    found = _events(nlp, text)
    assert ("ACCUSE", "Chile", "Peru") in found
    assert not any(kind == "ACCUSE" and actor == "Peru" for kind, actor, _ in found)


def test_committing_abuses_is_no_promise(nlp):
    assert not any(kind == "AGREE" for kind, _, _ in _events(nlp, "Militias allied to Peru committed abuses against Chilean villagers."))
    assert ("AGREE", "Peru", "Chile") in _events(nlp, "Peru committed to a ceasefire with Chile.")
