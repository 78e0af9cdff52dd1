"""The entities stage on hand-built parses: mentions found and typed, then resolved.

No model is loaded: each test builds its spaCy ``Doc`` word by word, with the
tags, dependencies and entities a parser would give, so that a failure
points at the entities code and not at the model. Tokens are written
``word/POS/TAG/dep/head`` (head: index of the head token, absolute), with
the entity label after a ``|`` ("Qin/PROPN/NNP/compound/4|B-PERSON").
"""

from __future__ import annotations

import tomllib
from importlib.resources import files

import pytest
import spacy
from spacy.tokens import Doc

from graphbuild.entities.mentions import find_mentions
from graphbuild.entities.resolve import resolve_document
from graphbuild.keys import slug
from graphbuild.records import COUNTRY, ORGANIZATION, PERSON, PLACE, Mention

VOCAB = spacy.blank("en").vocab
PUNCT = {".", ",", ";", ":"}


def parsed(*tokens: str, lemmas: dict[int, str] | None = None) -> Doc:
    """A Doc from ``word/POS/TAG/dep/head[|IOB-LABEL]`` tokens."""
    words, pos, tags, deps, heads, ents = [], [], [], [], [], []
    for tok in tokens:
        spec, _, ent = tok.partition("|")
        word, p, t, d, h = spec.split("/")
        words.append(word)
        pos.append(p)
        tags.append(t)
        deps.append(d)
        heads.append(int(h))
        ents.append(ent or "O")
    spaces = [i + 1 < len(words) and words[i + 1] not in PUNCT for i in range(len(words))]
    lemma_list = [(lemmas or {}).get(i, w.lower()) for i, w in enumerate(words)]
    return Doc(VOCAB, words=words, spaces=spaces, pos=pos, tags=tags, deps=deps, heads=heads, ents=ents, lemmas=lemma_list)


def by_text(mentions: list[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in mentions}


def test_untitled_name_takes_role_and_country_from_its_title():
    # "Chinese Foreign Minister Li Wei met Maria Lopez."
    doc = parsed(
        "Chinese/ADJ/JJ/amod/2|B-NORP", "Foreign/PROPN/NNP/compound/2", "Minister/PROPN/NNP/compound/4",
        "Li/PROPN/NNP/compound/4|B-PERSON", "Wei/PROPN/NNP/nsubj/5|I-PERSON", "met/VERB/VBD/ROOT/5",
        "Maria/PROPN/NNP/compound/7|B-PERSON", "Lopez/PROPN/NNP/dobj/5|I-PERSON", "./PUNCT/./punct/5",
    )
    found = by_text(find_mentions(doc, "d1"))
    li = found["Li Wei"]
    assert (li.type, li.country, li.role, li.doc_id) == (PERSON, "CHN", "Foreign Minister", "d1")
    assert "Chinese" not in found  # a nationality before a noun is a modifier, not an actor
    assert found["Maria Lopez"].country is None  # nothing says where she is from: nothing guessed


def test_apposition_after_a_name_gives_role_and_country():
    # "Maria Lopez, the Mexican ambassador, arrived."
    doc = parsed(
        "Maria/PROPN/NNP/compound/1|B-PERSON", "Lopez/PROPN/NNP/nsubj/7|I-PERSON", ",/PUNCT/,/punct/1",
        "the/DET/DT/det/5", "Mexican/ADJ/JJ/amod/5|B-NORP", "ambassador/NOUN/NN/appos/1", ",/PUNCT/,/punct/1",
        "arrived/VERB/VBD/ROOT/7", "./PUNCT/./punct/7",
    )
    lopez = by_text(find_mentions(doc, "d1"))["Maria Lopez"]
    assert (lopez.country, lopez.role) == ("MEX", "ambassador")


def test_capital_is_its_government_as_subject_and_a_place_after_in():
    # "Beijing was not cooperating." / "They met in Beijing."
    acting = parsed("Beijing/PROPN/NNP/nsubj/2|B-GPE", "was/AUX/VBD/aux/2", "cooperating/VERB/VBG/ROOT/2", "./PUNCT/./punct/2")
    where = parsed("They/PRON/PRP/nsubj/1", "met/VERB/VBD/ROOT/1", "in/ADP/IN/prep/1", "Beijing/PROPN/NNP/pobj/2|B-GPE", "./PUNCT/./punct/1")
    [gov] = find_mentions(acting, "d1")
    [city] = find_mentions(where, "d2")
    assert (gov.type, gov.key, gov.label) == (COUNTRY, "country/CHN", "China")
    assert (city.type, city.key, city.country) == (PLACE, "place/beijing", "CHN")


def test_noun_phrase_for_a_state_is_that_country():
    # "The Mexican government protested."
    doc = parsed("The/DET/DT/det/2", "Mexican/ADJ/JJ/amod/2|B-NORP", "government/NOUN/NN/nsubj/3",
                 "protested/VERB/VBD/ROOT/3", "./PUNCT/./punct/3")
    [m] = find_mentions(doc, "d1")
    assert (m.text, m.type, m.key) == ("Mexican government", COUNTRY, "country/MEX")


def test_plural_nationality_is_the_people_not_the_state():
    # "Thousands of Georgians marched."
    doc = parsed("Thousands/NOUN/NNS/nsubj/3", "of/ADP/IN/prep/0", "Georgians/PROPN/NNPS/pobj/1|B-NORP",
                 "marched/VERB/VBD/ROOT/3", "./PUNCT/./punct/3")
    [m] = find_mentions(doc, "d1")
    assert (m.type, m.key, m.label) == (ORGANIZATION, "group/GEO/people", "Georgia people")


@pytest.mark.parametrize("dateline, key", [(None, "agent/XXX/COP"), ("IRQ", "agent/IRQ/COP")])
def test_generic_agent_takes_the_dateline_country_or_none(dateline, key):
    # "Police arrested him."
    doc = parsed("Police/NOUN/NNS/nsubj/1", "arrested/VERB/VBD/ROOT/1", "him/PRON/PRP/dobj/1", "./PUNCT/./punct/1")
    [m] = find_mentions(doc, "d1", dateline_country=dateline)
    assert (m.type, m.key, m.sector) == (ORGANIZATION, key, "COP")


def test_capitalised_word_opening_a_sentence_is_no_place():
    # "Friction grew." with "Friction" mis-tagged as a place.
    doc = parsed("Friction/PROPN/NNP/nsubj/1|B-GPE", "grew/VERB/VBD/ROOT/1", "./PUNCT/./punct/1")
    assert find_mentions(doc, "d1") == []


def test_hyphenated_pair_of_countries_gives_both():
    # "U.S.-PRC talks resumed."
    doc = parsed("U.S.-PRC/PROPN/NNP/compound/1", "talks/NOUN/NNS/nsubj/2", "resumed/VERB/VBD/ROOT/2", "./PUNCT/./punct/2")
    found = find_mentions(doc, "d1")
    assert [(m.text, m.key) for m in found] == [("U.S.", "country/USA"), ("PRC", "country/CHN")]
    assert (found[1].start, found[1].end) == (5, 8)


def mention(doc: Doc, start: int, end: int, type_: str, **fields) -> Mention:
    span = doc[start:end]
    return Mention("d1", span.text, span.start_char, span.end_char, type_, fields.pop("label", span.text), **fields)


def test_surname_and_family_name_join_the_full_name():
    # "Li Wei met Maria Lopez. Lopez thanked Li."
    doc = parsed(
        "Li/PROPN/NNP/compound/1|B-PERSON", "Wei/PROPN/NNP/nsubj/2|I-PERSON", "met/VERB/VBD/ROOT/2",
        "Maria/PROPN/NNP/compound/4|B-PERSON", "Lopez/PROPN/NNP/dobj/2|I-PERSON", "./PUNCT/./punct/2",
        "Lopez/PROPN/NNP/nsubj/7|B-PERSON", "thanked/VERB/VBD/ROOT/7", "Li/PROPN/NNP/dobj/7|B-PERSON", "./PUNCT/./punct/7",
    )
    mentions = [mention(doc, 0, 2, PERSON, country="CHN", role="Foreign Minister"), mention(doc, 3, 5, PERSON),
                mention(doc, 6, 7, PERSON), mention(doc, 8, 9, PERSON)]
    resolved = resolve_document(doc, mentions)
    assert [m.key for m in resolved.mentions] == ["person/li-wei", "person/maria-lopez", "person/maria-lopez", "person/li-wei"]
    li = resolved.entities["person/li-wei"]
    assert (li.label, li.aliases, li.country, li.role) == ("Li Wei", ("Li",), "CHN", "Foreign Minister")
    assert set(resolved.entities) == {"person/li-wei", "person/maria-lopez"}


def test_pronoun_and_definite_title_stand_for_the_person_before():
    # "Li Wei arrived. He said the minister was tired."
    doc = parsed(
        "Li/PROPN/NNP/compound/1|B-PERSON", "Wei/PROPN/NNP/nsubj/2|I-PERSON", "arrived/VERB/VBD/ROOT/2", "./PUNCT/./punct/2",
        "He/PRON/PRP/nsubj/5", "said/VERB/VBD/ROOT/5", "the/DET/DT/det/7", "minister/NOUN/NN/nsubj/8",
        "was/AUX/VBD/ccomp/5", "tired/ADJ/JJ/acomp/8", "./PUNCT/./punct/5",
    )
    resolved = resolve_document(doc, [mention(doc, 0, 2, PERSON, role="Foreign Minister")])
    assert [(m.text, m.key) for m in resolved.mentions] == [
        ("Li Wei", "person/li-wei"), ("He", "person/li-wei"), ("minister", "person/li-wei"),
    ]
    assert resolved.token_keys[4] == resolved.token_keys[7] == "person/li-wei"
    assert resolved.entities["person/li-wei"].aliases == ("minister",)  # a pronoun is no alias


def test_ambiguous_surname_stays_apart():
    # "Li Wei and Li Na met. Li spoke."
    doc = parsed(
        "Li/PROPN/NNP/compound/1|B-PERSON", "Wei/PROPN/NNP/nsubj/5|I-PERSON", "and/CCONJ/CC/cc/1",
        "Li/PROPN/NNP/compound/4|B-PERSON", "Na/PROPN/NNP/conj/1|I-PERSON", "met/VERB/VBD/ROOT/5", "./PUNCT/./punct/5",
        "Li/PROPN/NNP/nsubj/8|B-PERSON", "spoke/VERB/VBD/ROOT/8", "./PUNCT/./punct/8",
    )
    mentions = [mention(doc, 0, 2, PERSON), mention(doc, 3, 5, PERSON), mention(doc, 7, 8, PERSON)]
    keys = [m.key for m in resolve_document(doc, mentions).mentions]
    assert keys == ["person/li-wei", "person/li-na", "person/li"]


def test_gazetteer_actor_idents_are_slugs():
    # keys.org_key slugs the name it is given: the idents of actors.toml must
    # already be slugs for the gazetteer's keys to be their idents.
    actors = tomllib.loads(files("graphbuild").joinpath("data", "actors.toml").read_text("utf-8"))
    assert [i for entries in actors.values() for i in entries if slug(i) != i] == []
