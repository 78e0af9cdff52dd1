"""Place names as news spells them: without the gazetteer's diacritics,
transliteration marks and Arabic article, and a region shared by the
compass-named ones."""

from __future__ import annotations

import pytest

from graphbuild.knowledge import gazetteer
from graphbuild.knowledge.placenames import folded, shared_regions, spellings
from graphbuild.pipeline import build
from graphbuild.records import Article


def test_spellings_drop_diacritics_marks_and_the_article():
    assert folded("tillabéri") == "tillaberi"
    assert list(spellings("kunaṟ")) == ["kunar"]
    assert "marib" in spellings("ma'rib")
    assert "mukalla" in spellings("al mukalla") and "raqqah" in spellings("ar-raqqah")


def test_spellings_offer_no_english_word_and_no_spanish_article():
    assert "tall" not in spellings("at tall")
    assert list(spellings("el paso")) == []


def test_a_region_the_compass_named_ones_share():
    compass = ["north", "south", "west", "western", "southern"]
    assert shared_regions(["north kordofan", "south kordofan", "west nile", "khartoum"], compass) == {
        "kordofan": {"north kordofan", "south kordofan"}
    }
    assert shared_regions(["western highlands", "southern highlands"], compass) == {}  # an English word


@pytest.mark.parametrize("name, country", [("Kunar", "AFG"), ("Tillaberi", "NER"), ("Marib", "YEM"), ("Darfur", "SDN")])
def test_the_gazetteer_knows_news_spellings_of_regions(name, country):
    assert gazetteer.load().regions[gazetteer.normalize(name)] == country


def test_an_event_is_placed_by_a_region_spelled_as_news_spells_it(nlp):
    kg = build([Article("d", "Gunmen attacked a convoy in Tillaberi on Monday.", "2024-05-01")], nlp=nlp)
    [ev] = [ev for ev in kg.events if ev.type == "ASSAULT"]
    assert kg.entities[ev.location].located_in == "country/NER"
