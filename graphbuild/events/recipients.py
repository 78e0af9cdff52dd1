"""To whom: the recipients of a trigger's event.

The first slot of the pattern that names an actor (an object, a
preposition, the subject of a "that" clause), else one the clause implies:
the one thanked in a call, those of an infinitive complement ("offered to
mediate between Peru and Chile"), the captives held, the target aimed
at, the parties of mediated talks, the subject that drew criticism.
``referents`` says which entity each of those words stands for.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.events.actors import Actors, held_captive, noun_actors, subject_tokens
from graphbuild.events.lexicon import Lexicon, Pattern, grammar
from graphbuild.events.referents import actors_of
from graphbuild.events.sentence import Sentence
from graphbuild.events.syntax import children, infinitives, objects, slot_tokens
from graphbuild.events.triggers import Trigger, drawn
from graphbuild.keys import is_countryless_agent
from graphbuild.records import PLACE

_WORDS = grammar()
AIM_PREPS = _WORDS["aim_preps"]


def recipients(s: Sentence, trig: Trigger, p: Pattern, actors: Actors) -> Actors:
    """The recipients of an event: the actors of the pattern's slots, in
    slot order; else the one thanked in a call, or those of a complement."""
    lex = s.lex
    found: Actors = []
    slot_verb = trig.head if trig.tier in ("noun", "nominal") else trig.verb
    own = {k for k, _ in actors}
    if p.type in lex.types["asked_of_doer"] and trig.head == trig.verb:
        # "demanded a full Israeli withdrawal from Gaza": asked of whoever is to withdraw.
        found = [r for o in objects(trig.verb) if o.lemma_.lower() in lex.noun_heads for r in noun_actors(s, o)]
    if p.type in lex.types["rejecting_claims"] and trig.head == trig.verb:
        found = [r for r in actors_of(s, _claimants(trig.verb, lex)) if r[0] not in own]
    for slot in p.slots if not found else ():
        for r in actors_of(s, slot_tokens(trig.head, slot, slot_verb)):
            if is_countryless_agent(r[0]) and p.type not in lex.unnamed["types"]:
                continue  # "pull back troops": whose troops the text does not say
            if r[0] not in [k for k, _ in found]:
                found.append(r)
    if not found and trig.head != trig.verb and p.type in lex.types["framed_with_object"] and trig.head.dep_ == "pobj":
        # "thanked the emir in a phone call": the call was with the one thanked.
        found = [r for r in actors_of(s, objects(trig.verb) + children(trig.verb, "dative")) if r[0] not in own]
    complements = (infinitives(trig.verb) + children(trig.verb, "ccomp") + _purpose_of_object(trig.verb)) if trig.head == trig.verb else []
    if not found and complements and p.type in lex.types["complement_recipients"]:
        # "offered to mediate between Russia and Ukraine", "refused to meet Kurti".
        found = [
            (k, t)
            for k, t in complement_actors(s, complements[0], p.type in lex.types["conditional_recipients"])
            if k not in own and s.entities[k].type != PLACE
        ]
    if not found and trig.head != trig.verb and drawn(trig.head):
        doers = subject_tokens(s, trig.verb)  # ... the vetoing; "Peru's decision sparked ...": Peru's
        found = [r for r in actors_of(s, doers, subject=True) or [a for w in doers for a in noun_actors(s, w)] if r[0] not in own]
    if not found and p.type in lex.types["probing_claims"] and trig.head == trig.verb:
        found = [r for r in actors_of(s, _claimed_doers(trig.verb, lex), subject=True) if r[0] not in own]
    if not found and held_captive(trig.verb):
        found = [r for r in actors_of(s, children(trig.verb, "nsubj")) if r[0] not in own]
    if not found and trig.head == trig.verb:  # "freed two sailors held hostage" (read as a clause)
        held = [sub for c in children(trig.verb, "ccomp") if held_captive(c) for sub in children(c, "nsubj")]
        found = [r for r in actors_of(s, held) if r[0] not in own]
    if not found and p.type in lex.types["attacks"]:
        found = [r for r in actors_of(s, _aimed_at(trig.verb, lex)) if r[0] not in own]
    mediated = trig.verb.dep_ == "acl" and trig.verb.lemma_.lower() in lex.conventions["mediation_verbs"]
    if mediated and all(k in own for k, _ in found):  # "a deal brokered by Russia" is no deal with Russia
        found = mediated_parties(s, trig.verb, own)
    return found


def _purpose_of_object(verb: Token) -> list[Token]:
    """"fired live ammunition to disperse protesters": a purpose the parser
    hung on the object (an infinitive qualifying "ammunition")."""
    return [a for o in objects(verb) for a in children(o, "acl") if any(x.tag_ == "TO" for x in children(a, "aux"))]


def _claimants(verb: Token, lex: Lexicon) -> list[Token]:
    """"Beijing said the boats were Vietnamese, a charge Hanoi denied":
    a denial of a claim ("a charge", "the accusation") is of who made it,
    the subject of the sentence's other clause."""
    objs = objects(verb) or ([verb.head] if verb.dep_ == "relcl" else [])  # "a charge [that] Hanoi denied"
    if not any(o.lemma_.lower() in lex.conventions["claim_nouns"] for o in objs):
        return []
    root = verb.sent.root
    if root != verb:
        return children(root, "nsubj")
    return [sub for c in children(verb, "ccomp") for sub in children(c, "nsubj")]


def _claimed_doers(verb: Token, lex: Lexicon) -> list[Token]:
    """"investigated claims that troops killed civilians", "allegations of
    abuse by police": whom a claim the verb governs says did it."""
    claims = [o for o in objects(verb) + [o for p in children(verb, "prep") if p.lower_ == "into" for o in children(p, "pobj")]
              if o.lemma_.lower() in lex.conventions["claim_nouns"]]
    doers = [sub for c in claims for clause in children(c, "acl", "ccomp", "relcl") if children(clause, "mark")
             for sub in children(clause, "nsubj")]
    doers += [by for c in claims for of in children(c, "prep") if of.lower_ == "of" for act in children(of, "pobj")
              for p in children(act, "prep") if p.lower_ == "by" for by in children(p, "pobj")]
    return doers


def _aimed_at(verb: Token, lex: Lexicon) -> list[Token]:
    """"A grenade thrown at a wedding party killed two": the target of the
    weapon that is the clause's subject, named by its participle."""
    return [o for sub in children(verb, "nsubj") if sub.lemma_.lower() in lex.unnamed["instruments"]
            for part in children(sub, "acl") for prep in children(part, "prep") if prep.lower_ in AIM_PREPS
            for o in children(prep, "pobj")]


def mediated_parties(s: Sentence, verb: Token, own: set[str]) -> Actors:
    """"Armenia and Azerbaijan signed a deal brokered by Russia": the parties
    of what was mediated are the subjects of the clause it stands in."""
    gov = verb.head
    while gov.pos_ not in ("VERB", "AUX") and gov.head != gov:
        gov = gov.head
    while gov.dep_ in ("xcomp", "conj") and not children(gov, "nsubj", "nsubjpass") and gov.head != gov:
        gov = gov.head  # "agreed to end the protests, in talks mediated by ..."
    # "A freed X and B freed Y, on the first day of a truce brokered by C": the
    # subjects of every conjoined clause are the parties.
    clauses = [gov, *(c for c in gov.conjuncts if c.pos_ in ("VERB", "AUX"))]
    subjects = [sub for clause in clauses for sub in children(clause, "nsubj")]
    return [(k, t) for k, t in actors_of(s, subjects + [c for sub in subjects for c in sub.conjuncts], subject=True) if k not in own]


def complement_actors(s: Sentence, comp: Token, conditions: bool) -> Actors:
    """Actors in the object and prepositions of an infinitive complement
    ("offered to mediate between Russia and Ukraine"), and with ``conditions``
    the subjects of its "if" clauses ("threatened to ... if Britain fails")."""
    tokens: list[Token] = []
    stack = [comp]
    while stack:
        verb = stack.pop()
        tokens += objects(verb) + children(verb, "dative")
        # "refused to let Paris use its airfields": who would have been let
        tokens += [sub for c in children(verb, "ccomp") if verb.lemma_.lower() in s.lex.status["permitting"] for sub in children(c, "nsubj")]
        tokens += [o for prep in children(verb, "prep") if prep.lower_ not in ("after", "before", "during", "since") for o in children(prep, "pobj")]
        stack += [c for c in verb.children if c.dep_ in ("xcomp", "conj") and c.pos_ in ("VERB", "AUX")]
        if conditions:
            tokens += [sub for c in children(verb, "advcl") if any(m.lower_ in ("if", "unless") for m in c.children) for sub in children(c, "nsubj")]
    aside = {
        t.i
        for prep in comp.subtree
        if prep.dep_ == "prep" and prep.lower_ in ("after", "before", "during", "since", "following", "amid", "despite", "in")
        for t in prep.subtree
    }
    direct = [
        (s.keys[t.i], t)
        for t in comp.subtree
        if t.i in s.keys and t.i not in aside and not (t.dep_ in ("nsubj", "nsubjpass", "poss") and t.head == comp)
        and not (t.dep_ == "poss" and t.head.dep_ in ("nsubj", "nsubjpass") and t.head.head == comp)
        and not any(a.dep_ in ("advcl", "ccomp", "relcl") and a != comp for a in t.ancestors if a.i >= comp.i or a in comp.subtree)
    ]
    seen: Actors = []
    for k, t in direct:
        if k not in [x for x, _ in seen]:
            seen.append((k, t))
    if conditions:
        seen += [x for x in actors_of(s, [sub for sub in tokens if sub.dep_ == "nsubj"]) if x[0] not in [k for k, _ in seen]]
    return seen or actors_of(s, tokens)
