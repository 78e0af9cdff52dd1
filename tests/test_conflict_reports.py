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
