"""How wire copy tells blame, resignations and mutual charges: sentences
of the team's own, one per rule, each checked on the whole build."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from graphbuild.events.actors import held_captive

from readings import read


def _events(nlp, text: str, date: str = "2003-05-01") -> set[tuple]:
    return read(nlp, text, date)  # wire copy of the 2000s


@pytest.mark.parametrize(
    "text, blamed",
    [
        ("Kenya blamed the ambush on Somali militants.", "Somalia: armed group"),
        ("Thailand blamed the fires on Cambodia on Friday.", "Cambodia"),
        ("The blast, which Pakistan blamed on India, killed nine people.", "India"),
    ],
)
def test_what_is_blamed_on_someone_is_an_accusation_of_them(nlp, text, blamed):
    accused = {r for kind, _, r in _events(nlp, text) if kind == "ACCUSE"}
    assert accused == {blamed}


def test_each_side_blaming_the_other_is_both_sides_accusing(nlp):
    found = _events(nlp, "Thai and Cambodian troops exchanged fire near the temple, with each side blaming the other.")
    assert {("ACCUSE", "Thailand", "Cambodia"), ("ACCUSE", "Cambodia", "Thailand")} <= found
    found = _events(nlp, "Sudan and Chad exchanged fire on Monday, and each government accused the other of starting it.")
    assert {("ACCUSE", "Sudan", "Chad"), ("ACCUSE", "Chad", "Sudan")} <= found


def test_each_side_alone_is_no_mutual_charge(nlp):
    found = _events(nlp, "Thailand and Cambodia met in Bangkok; each side blamed the weather for the delay.")
    assert not any(kind == "ACCUSE" for kind, _, _ in found)


@pytest.mark.parametrize(
    "text, who",
    [
        ("Peruvian President Alberto Fujimori resigned on Monday amid a bribery scandal.", "Alberto Fujimori"),
        ("Nepal's prime minister stepped down on Thursday after weeks of protests.", "Prime Minister of Nepal"),
    ],
)
def test_a_leader_who_resigns_concedes(nlp, text, who):
    assert ("CONCEDE", who, None) in _events(nlp, text)


def test_a_resignation_is_no_event_of_a_company_or_a_coach(nlp):
    assert not _events(nlp, "The chief executive of the carmaker resigned on Monday.")
    assert not _events(nlp, "The national coach stepped down after the defeat.")


def test_an_outbreak_of_fighting_is_no_accident(nlp):
    found = _events(nlp, "Clashes between Thai and Cambodian troops left three soldiers dead after an outbreak of fighting near the temple.")
    assert {("ASSAULT", "Thailand", "Cambodia"), ("ASSAULT", "Cambodia", "Thailand")} <= found
    assert not _events(nlp, "A cholera outbreak killed 40 people in Yemen.")


def test_a_deployment_is_an_event_beside_others_in_its_sentence(nlp):
    found = _events(nlp, "Some 300 Italian soldiers were deployed along the northern border on Friday as police detained four smugglers.")
    assert ("MOBILIZE", "Italy", None) in found
    assert any(kind == "COERCE" for kind, _, _ in found)


def test_a_passive_reads_the_dictionary_pattern_on_its_subject_whatever_adverb_follows(nlp):
    found = _events(nlp, "A state of emergency was declared nationwide across Ecuador on Friday.")
    assert {(kind, actor) for kind, actor, _ in found} == {("COERCE", "unidentified actor (Ecuador)")}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The European Union suspended its sanctions on Myanmar in April.", ("RETREAT", "European Union", "Myanmar")),
        ("The IMF froze its loans to Zambia after the audit.", ("SANCTION", "IMF", "Zambia")),
        ("Nepal's government broke off negotiations with Maoist rebels.", ("SANCTION", "Nepal", "Nepal: rebels")),
        ("Some 2,000 Angolan rebels laid down their weapons at a camp in Huambo.", ("RETREAT", "Angola: rebels", None)),
    ],
)
def test_easing_and_halting_what_one_gave(nlp, text, expected):
    assert expected in _events(nlp, text)


def test_a_hostage_held_somewhere_is_held_by_whom_the_clause_does_not_say():
    # "... guards held hostage in Kabul", parsed as a clause of its own with
    # "in Kabul" on "hostage": the guards are held, they hold no one.
    vocab = spacy.blank("en").vocab
    doc = Doc(vocab, words=["guards", "held", "hostage", "in", "Kabul"], lemmas=["guard", "hold", "hostage", "in", "Kabul"],
              pos=["NOUN", "VERB", "NOUN", "ADP", "PROPN"], tags=["NNS", "VBD", "NN", "IN", "NNP"],
              deps=["nsubj", "ROOT", "dobj", "prep", "pobj"], heads=[1, 1, 1, 2, 3])
    assert held_captive(doc[1])
    doc = Doc(vocab, words=["guards", "held", "the", "hostage"], lemmas=["guard", "hold", "the", "hostage"],
              pos=["NOUN", "VERB", "DET", "NOUN"], tags=["NNS", "VBD", "DT", "NN"], deps=["nsubj", "ROOT", "det", "dobj"], heads=[1, 1, 3, 1])
    assert not held_captive(doc[1])  # "held the hostage": they hold one


def test_an_attack_at_home_is_on_the_country_it_was_made_in(nlp):
    # (the parser reads "Sagaing" as a gerund: the place is the preposition's object all the same)
    found = _events(nlp, "Army helicopters bombed areas around Sagaing on Tuesday.")
    assert ("ASSAULT", "Myanmar: military", "Myanmar") in found
    # a withdrawal at home is from no one; rioters at home still riot
    found = _events(nlp, "The Peruvian president withdrew a pension bill in Lima on Friday.")
    assert not any(kind == "RETREAT" and recipient == "Peru" for kind, _, recipient in found)
    found = _events(nlp, "Rioters smashed shop windows and burned a bus in Marseille overnight.")
    assert {kind for kind, _, _ in found} == {"PROTEST"}


def test_a_hedge_before_a_name_is_no_part_of_it(nlp):
    found = _events(nlp, "Suspected Taliban fighters ambushed a police convoy near Kandahar.")
    assert {actor for kind, actor, _ in found if kind == "ASSAULT"} == {"Taliban"}


@pytest.mark.parametrize(
    "text, giver, receiver",
    [
        ("Kenya received a loan of $200 million from the World Bank on Monday.", "World Bank", "Kenya"),
        ("Ukraine got fresh military aid from Poland.", "Poland", "Ukraine"),
        ("Zambia obtained food aid from Norway last week.", "Norway", "Zambia"),
    ],
)
def test_aid_told_from_the_receivers_side_is_the_givers_aid(nlp, text, giver, receiver):
    found = _events(nlp, text)
    assert ("AID", giver, receiver) in found
    assert not any(actor == receiver for _, actor, _ in found)
