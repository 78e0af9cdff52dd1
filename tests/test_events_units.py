"""The events stage's parts, one at a time, on hand-built parses.

Each test builds a spaCy ``Doc`` by hand (words, heads, dependencies, tags,
lemmas, entities: no statistical model), the resolved actors of its words,
and calls one function of ``graphbuild.events``: a trigger found, a slot
filled, a status read, a convention applied.
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from graphbuild.entities.resolve import Resolved
from graphbuild.events.actors import subject_tokens, trigger_actors, unnamed_doer
from graphbuild.events.recipients import recipients
from graphbuild.events.dates import sentence_dates
from graphbuild.events.extract import extract_events
from graphbuild.events.lexicon import load
from graphbuild.events.referents import actors_of, country
from graphbuild.events.sentence import Sentence
from graphbuild.events.status import attribution, status
from graphbuild.events.triggers import noun_triggers, team_patterns, verb_triggers
from graphbuild.keys import country_key, unidentified_key
from graphbuild.knowledge import gazetteer
from graphbuild.records import ASSERTED, COUNTRY, NEGATED, PERSON, PLACE, PLANNED, POSSIBLE, UNIDENTIFIED, Article, Entity, Mention

VOCAB = spacy.blank("en").vocab

CHINA = Entity(country_key("CHN"), "China", COUNTRY, "CHN")
JAPAN = Entity(country_key("JPN"), "Japan", COUNTRY, "JPN")
RUSSIA = Entity(country_key("RUS"), "Russia", COUNTRY, "RUS")
UKRAINE = Entity(country_key("UKR"), "Ukraine", COUNTRY, "UKR")
BLINKEN = Entity("person/antony-blinken", "Antony Blinken", PERSON, "USA")
KABUL = Entity("place/kabul", "Kabul", PLACE, "AFG", located_in=country_key("AFG"))


def parse(rows: list[tuple[str, str, str, str, str, int]], ents: list[str] | None = None) -> Doc:
    """A Doc from (word, lemma, POS, tag, dependency, head index) rows."""
    words, lemmas, pos, tags, deps, heads = zip(*rows)
    return Doc(VOCAB, words=list(words), lemmas=list(lemmas), pos=list(pos), tags=list(tags),
               deps=list(deps), heads=list(heads), ents=ents)


def sentence(doc: Doc, keyed: dict[int, Entity]) -> Sentence:
    """The first sentence of ``doc``, with the entity of each keyed token."""
    entities = {e.key: e for e in keyed.values()}
    return Sentence(doc, next(doc.sents), {i: e.key for i, e in keyed.items()}, entities, load(), sentence_dates(doc)[0])


def resolved(doc: Doc, keyed: dict[int, Entity]) -> Resolved:
    """A document's resolved actors: one mention per keyed token."""
    mentions = [Mention("a", doc[i].text, doc[i].idx, doc[i].idx + len(doc[i]), e.type, e.label, e.country, key=e.key)
                for i, e in keyed.items()]
    return Resolved(mentions, {e.key: e for e in keyed.values()}, {i: e.key for i, e in keyed.items()})


# "China criticized Japan ."
CRITICIZED = [
    ("China", "China", "PROPN", "NNP", "nsubj", 1),
    ("criticized", "criticize", "VERB", "VBD", "ROOT", 1),
    ("Japan", "Japan", "PROPN", "NNP", "dobj", 1),
    (".", ".", "PUNCT", ".", "punct", 1),
]


def test_a_verb_of_the_lexicon_is_a_trigger_of_its_type():
    doc = parse(CRITICIZED)
    found = list(verb_triggers(doc[:], load()))
    assert [(t.pattern.type, t.pattern.mode, t.tier, t.verb.i) for t in found] == [("ACCUSE", "disapprove", "team", 1)]


def test_a_pattern_asking_for_an_object_needs_that_object():
    # "The EU imposed sanctions on Russia": "impose +sanction", not "impose +tariff".
    doc = parse([
        ("EU", "EU", "PROPN", "NNP", "nsubj", 1),
        ("imposed", "impose", "VERB", "VBD", "ROOT", 1),
        ("sanctions", "sanction", "NOUN", "NNS", "dobj", 1),
        ("on", "on", "ADP", "IN", "prep", 1),
        ("Russia", "Russia", "PROPN", "NNP", "pobj", 3),
    ])
    patterns = team_patterns(doc[1], load())
    assert patterns and {p.object for p in patterns} == {"sanction"}
    assert patterns[0].type == "SANCTION"


def test_a_separating_particle_makes_another_verb():
    # "Iran called off the talks" is no phone call: "call : dobj!" does not apply.
    doc = parse([
        ("Iran", "Iran", "PROPN", "NNP", "nsubj", 1),
        ("called", "call", "VERB", "VBD", "ROOT", 1),
        ("off", "off", "ADP", "RP", "prt", 1),
        ("the", "the", "DET", "DT", "det", 4),
        ("talks", "talk", "NOUN", "NNS", "dobj", 1),
    ])
    assert team_patterns(doc[1], load()) == []


def test_a_verb_the_lexicon_does_not_code_is_read_with_a_cameo_pattern():
    # "Rebels took hostages": the team's "take +control" does not fit; CAMEO's "TAKE * HOSTAGE" does.
    doc = parse([
        ("Rebels", "rebel", "NOUN", "NNS", "nsubj", 1),
        ("took", "take", "VERB", "VBD", "ROOT", 1),
        ("hostages", "hostage", "NOUN", "NNS", "dobj", 1),
    ])
    found = list(verb_triggers(doc[:], load()))
    assert len(found) == 1 and found[0].tier == "dictionary"
    assert found[0].pattern.lemma == "take" and found[0].pattern.type == "ASSAULT"  # CAMEO 181, abduct


def test_a_cameo_pattern_of_no_code_silences_the_verb():
    # "The minister took questions": "TAKE *" codes nothing.
    doc = parse([
        ("minister", "minister", "NOUN", "NN", "nsubj", 1),
        ("took", "take", "VERB", "VBD", "ROOT", 1),
        ("questions", "question", "NOUN", "NNS", "dobj", 1),
    ])
    assert list(verb_triggers(doc[:], load())) == []


# "Blinken travelled to China on Monday ."
TRAVELLED = [
    ("Blinken", "Blinken", "PROPN", "NNP", "nsubj", 1),
    ("travelled", "travel", "VERB", "VBD", "ROOT", 1),
    ("to", "to", "ADP", "IN", "prep", 1),
    ("China", "China", "PROPN", "NNP", "pobj", 2),
    ("on", "on", "ADP", "IN", "prep", 1),
    ("Monday", "Monday", "PROPN", "NNP", "pobj", 4),
    (".", ".", "PUNCT", ".", "punct", 1),
]


def test_the_recipient_is_the_object_of_the_pattern_s_preposition():
    doc = parse(TRAVELLED, ents=["O", "O", "O", "B-GPE", "O", "B-DATE", "O"])
    s = sentence(doc, {0: BLINKEN, 3: CHINA})
    trig = next(iter(verb_triggers(s.sent, s.lex)))
    assert trig.pattern.slots == ("to",) and trig.pattern.required == ("to",)
    subjects, actors = trigger_actors(s, trig)
    assert [k for k, _ in actors] == [BLINKEN.key]
    assert [(k, t.i) for k, t in recipients(s, trig, trig.pattern, actors)] == [(CHINA.key, 3)]


def test_the_actor_of_a_passive_is_its_by_agent():
    # "Japan was criticized by China"
    doc = parse([
        ("Japan", "Japan", "PROPN", "NNP", "nsubjpass", 2),
        ("was", "be", "AUX", "VBD", "auxpass", 2),
        ("criticized", "criticize", "VERB", "VBN", "ROOT", 2),
        ("by", "by", "ADP", "IN", "agent", 2),
        ("China", "China", "PROPN", "NNP", "pobj", 3),
    ])
    s = sentence(doc, {0: JAPAN, 4: CHINA})
    assert [t.i for t in subject_tokens(s, doc[2])] == [4]
    trig = next(iter(verb_triggers(s.sent, s.lex)))
    assert [k for k, _ in recipients(s, trig, trig.pattern, trigger_actors(s, trig)[1])] == [JAPAN.key]


# "Three soldiers were killed in Kabul ."
KILLED = [
    ("Three", "three", "NUM", "CD", "nummod", 1),
    ("soldiers", "soldier", "NOUN", "NNS", "nsubjpass", 3),
    ("were", "be", "AUX", "VBD", "auxpass", 3),
    ("killed", "kill", "VERB", "VBN", "ROOT", 3),
    ("in", "in", "ADP", "IN", "prep", 3),
    ("Kabul", "Kabul", "PROPN", "NNP", "pobj", 4),
    (".", ".", "PUNCT", ".", "punct", 3),
]


def test_an_agentless_passive_has_an_unnamed_doer():
    doc = parse(KILLED)
    s = sentence(doc, {5: KABUL})
    trig = next(iter(verb_triggers(s.sent, s.lex)))
    subjects, actors = trigger_actors(s, trig)
    assert (subjects, actors) == ([], [])
    assert unnamed_doer(s, trig, subjects)


def test_an_agentless_passive_gives_an_unidentified_actor_of_the_place_s_country():
    """... and the attack, with no target named, was on the country it was made in."""
    doc = parse(KILLED)
    found = extract_events(doc, Article(id="a", text=doc.text, date="2024-03-01"), resolved(doc, {5: KABUL}))
    assert [(e.type, e.actor, e.recipient, e.status, e.location) for e in found.events] == [
        ("ASSAULT", unidentified_key("AFG"), country_key("AFG"), ASSERTED, KABUL.key)
    ]
    assert sorted((e.key, e.type, e.country) for e in found.new_entities) == [
        (country_key("AFG"), COUNTRY, "AFG"), (unidentified_key("AFG"), UNIDENTIFIED, "AFG")]


def test_no_unnamed_doer_in_a_report_of_an_accident():
    # "Three soldiers were killed in the earthquake"
    doc = parse(KILLED[:5] + [("the", "the", "DET", "DT", "det", 6), ("earthquake", "earthquake", "NOUN", "NN", "pobj", 4)])
    s = sentence(doc, {})
    trig = next(iter(verb_triggers(s.sent, s.lex)))
    assert s.reports_accident and not unnamed_doer(s, trig, [])
    assert extract_events(doc, Article(id="a", text=doc.text), resolved(doc, {})).events == []


def test_event_extraction_leaves_the_resolved_entities_alone():
    # "a U.S. drone strike on Kabul": the United States is named by its marker only;
    # its entity is given beside the events, not written into what resolution gave.
    doc = parse([
        ("A", "a", "DET", "DT", "det", 3),
        ("U.S.", "U.S.", "PROPN", "NNP", "compound", 3),
        ("drone", "drone", "NOUN", "NN", "compound", 3),
        ("strike", "strike", "NOUN", "NN", "nsubj", 4),
        ("hit", "hit", "VERB", "VBD", "ROOT", 4),
        ("Kabul", "Kabul", "PROPN", "NNP", "dobj", 4),
    ])
    given = resolved(doc, {5: KABUL})
    found = extract_events(doc, Article(id="a", text=doc.text), given)
    assert list(given.entities) == [KABUL.key]
    assert [e.key for e in found.new_entities] == [country_key("USA")]
    assert found.new_entities[0].label == gazetteer.load().country("USA").label
    assert [(e.type, e.actor, e.recipient) for e in found.events] == [("ASSAULT", country_key("USA"), KABUL.key)]


def test_a_country_named_nowhere_is_added_once():
    doc = parse(CRITICIZED)
    s = sentence(doc, {0: CHINA, 2: JAPAN})
    assert country(s, "USA") == country(s, "USA") == country_key("USA")
    assert list(s.entities) == [CHINA.key, JAPAN.key, country_key("USA")]
    assert country(s, "CHN") == CHINA.key and s.entities[CHINA.key] is CHINA


def test_conjoined_subjects_are_each_an_actor():
    # "China and Russia criticized Japan"
    doc = parse([
        ("China", "China", "PROPN", "NNP", "nsubj", 3),
        ("and", "and", "CCONJ", "CC", "cc", 0),
        ("Russia", "Russia", "PROPN", "NNP", "conj", 0),
        ("criticized", "criticize", "VERB", "VBD", "ROOT", 3),
        ("Japan", "Japan", "PROPN", "NNP", "dobj", 3),
    ])
    s = sentence(doc, {0: CHINA, 2: RUSSIA, 4: JAPAN})
    assert [k for k, _ in actors_of(s, [doc[0]], subject=True)] == [CHINA.key, RUSSIA.key]


def test_a_negation_gives_status_negated():
    # "Russia did not attack Ukraine"
    doc = parse([
        ("Russia", "Russia", "PROPN", "NNP", "nsubj", 3),
        ("did", "do", "AUX", "VBD", "aux", 3),
        ("not", "not", "PART", "RB", "neg", 3),
        ("attack", "attack", "VERB", "VB", "ROOT", 3),
        ("Ukraine", "Ukraine", "PROPN", "NNP", "dobj", 3),
    ])
    assert status(doc[3], None, load()) == NEGATED
    found = extract_events(doc, Article(id="a", text=doc.text), resolved(doc, {0: RUSSIA, 4: UKRAINE}))
    assert [(e.type, e.actor, e.recipient, e.status) for e in found.events] == [("ASSAULT", RUSSIA.key, UKRAINE.key, NEGATED)]


def test_will_gives_status_planned_and_may_possible():
    def visit(aux: str) -> Doc:  # "Blinken will visit China"
        return parse([
            ("Blinken", "Blinken", "PROPN", "NNP", "nsubj", 2),
            (aux, aux, "AUX", "MD", "aux", 2),
            ("visit", "visit", "VERB", "VB", "ROOT", 2),
            ("China", "China", "PROPN", "NNP", "dobj", 2),
        ])

    assert status(visit("will")[2], None, load()) == PLANNED
    assert status(visit("may")[2], None, load()) == POSSIBLE
    assert status(parse(CRITICIZED)[1], None, load()) == ASSERTED


def test_a_governing_verb_of_refusal_negates_its_complement():
    # "China refused to meet Japan"
    doc = parse([
        ("China", "China", "PROPN", "NNP", "nsubj", 1),
        ("refused", "refuse", "VERB", "VBD", "ROOT", 1),
        ("to", "to", "PART", "TO", "aux", 3),
        ("meet", "meet", "VERB", "VB", "xcomp", 1),
        ("Japan", "Japan", "PROPN", "NNP", "dobj", 3),
    ])
    assert status(doc[3], None, load()) == NEGATED
    s = sentence(doc, {0: CHINA, 4: JAPAN})
    assert [t.i for t in subject_tokens(s, doc[3])] == [0]  # the subject of "refused" meets


def test_an_event_noun_is_an_event_on_its_own():
    # "The bombing killed five people": "bombing" stands as an argument of "killed".
    doc = parse([
        ("The", "the", "DET", "DT", "det", 1),
        ("bombing", "bombing", "NOUN", "NN", "nsubj", 2),
        ("killed", "kill", "VERB", "VBD", "ROOT", 2),
        ("five", "five", "NUM", "CD", "nummod", 4),
        ("people", "people", "NOUN", "NNS", "dobj", 2),
    ])
    found = list(noun_triggers(doc[:], load()))
    assert [(t.pattern.type, t.tier, t.head.i, t.verb.i) for t in found] == [("ASSAULT", "noun", 1, 2)]


def test_an_event_noun_carried_by_a_light_verb_takes_its_recipient():
    # "Xi held talks with Blinken"
    xi = Entity("person/xi-jinping", "Xi Jinping", PERSON, "CHN")
    doc = parse([
        ("Xi", "Xi", "PROPN", "NNP", "nsubj", 1),
        ("held", "hold", "VERB", "VBD", "ROOT", 1),
        ("talks", "talk", "NOUN", "NNS", "dobj", 1),
        ("with", "with", "ADP", "IN", "prep", 2),
        ("Blinken", "Blinken", "PROPN", "NNP", "pobj", 3),
    ])
    s = sentence(doc, {0: xi, 4: BLINKEN})
    (trig,) = list(noun_triggers(s.sent, s.lex))
    assert (trig.pattern.type, trig.verb.i, trig.head.i, trig.status) == ("CONSULT", 1, 2, None)
    assert [k for k, _ in recipients(s, trig, trig.pattern, trigger_actors(s, trig)[1])] == [BLINKEN.key]


def test_a_reporting_verb_attributes_its_that_clause():
    # "Officials said China criticized Japan"
    doc = parse([
        ("Officials", "official", "NOUN", "NNS", "nsubj", 1),
        ("said", "say", "VERB", "VBD", "ROOT", 1),
        ("China", "China", "PROPN", "NNP", "nsubj", 3),
        ("criticized", "criticize", "VERB", "VBD", "ccomp", 1),
        ("Japan", "Japan", "PROPN", "NNP", "dobj", 3),
    ])
    assert attribution(doc[3], load()) == "Officials"
    assert attribution(parse(CRITICIZED)[1], load()) is None
