"""The coding conventions of event data, as the lexicon's data states them.

Data-driven rules the reader applies around its clause rules (the event
types each applies to are in ``[types]``, ``[conventions]`` and
``[conventions_to]`` of data/events.toml): which sentences are match
results; when exercises held together are cooperation, a state's protest
an accusation, missiles into the sea a show of force, protesters' attacks
a riot; when an attack's target is the country it was made in; which
events need a side of some country; and how a sentence's events are tidied
(an unnamed doer joined with the doer another clause names; an event
dropped when a fuller one of the same type tells it).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from graphbuild.events.actors import Actors, Pairs
from graphbuild.events.cameo import is_instrument
from graphbuild.events.lexicon import Lexicon, Pattern, grammar
from graphbuild.events.referents import actors_of, agent_of, country, location, sector
from graphbuild.events.sentence import Sentence
from graphbuild.events.syntax import children, infinitives, objects, slot_tokens
from graphbuild.events.triggers import Trigger
from graphbuild.keys import is_agent, is_countryless_agent, is_unidentified
from graphbuild.records import COUNTRY, Event

EXERCISES = grammar()["exercises"]
_SCORE = re.compile(r"(?<![\d-])\d{1,3}-\d{1,3}(?![\d-])")


def sport_result(sent: Span, lex: Lexicon) -> bool:
    """'Real Madrid defeated Barcelona 3-1': a score beside a verb of winning."""
    verbs = lex.conventions["score_verbs"]
    return _SCORE.search(sent.text) is not None and any(t.lemma_.lower() in verbs for t in sent)


def into_the_sea(verb: Token, lex: Lexicon) -> bool:
    """'fired two missiles into the sea'."""
    waters = lex.conventions["test_waters"]
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in lex.conventions["test_fire_preps"]]
    return any(t.lemma_.lower() in waters for p in preps for t in p.subtree)


def retyped(s: Sentence, trig: Trigger, p: Pattern, actors: Actors, recipients: Actors) -> tuple[Pattern, Actors]:
    """The pattern and recipients of an event after the conventions that
    recode it: joint exercises, a state's protest, an attack on the country
    it was made in, missiles into the sea."""
    lex = s.lex
    if p.type in lex.types["joint_exercises_from"] and len(actors) > 1 and trig.head.lemma_.lower() in EXERCISES:
        # Exercises held together are cooperation between the partners.
        p = Pattern(lex.conventions_to["joint_exercises"], p.lemma, None, None, (), (), None, "exercises with", True)
    protest_word = {trig.verb.lemma_.lower(), trig.head.lemma_.lower()}  # "protested", "drew a protest from"
    if p.type in lex.types["protests"] and protest_word & lex.conventions["state_protest_verbs"] and all(
        s.entities[a].type in lex.conventions["state_protest"] for a, _ in actors
    ):
        # A state protests in words: "Serbia protested that canisters had landed".
        p = Pattern(lex.conventions_to["state_protest"], p.lemma, p.particle, None, p.slots, (), "disapprove", "protests to", False)
        recipients = recipients or actors_of(s, slot_tokens(trig.head, "ccomp", trig.verb))
    if p.type in lex.conventions["location_target"]:
        place = location(s, trig.verb, trig.head, True)
        if not recipients and not (p.reciprocal and len(actors) > 1):  # "A and B agreed a truce in Darfur": between them
            recipients = location_target(s, place, [k for k, _ in actors], p.type in lex.conventions["home_target"])
        else:
            recipients = [(placed_agent(s, k, place), t) for k, t in recipients]
    if trig.head == trig.verb and trig.verb.lemma_.lower() in lex.conventions["armed_charge_verbs"] and any(
        is_instrument(o) for prep in children(trig.verb, "prep") if prep.lower_ == "with" for o in children(prep, "pobj")
    ):
        p = Pattern(lex.conventions_to["armed_charge"], p.lemma, None, None, ("dobj",), (), None, "charges", False)
        recipients = actors_of(s, objects(trig.verb))  # "police charged the crowd with batons"
    if trig.verb.dep_ == "acl" and trig.verb.lemma_.lower() in lex.conventions["mediation_verbs"]:
        # "a deal brokered by Russia": mediation, with the parties (actors.mediated_parties)
        p = replace(p, mode=min(lex.conventions["mediation_mode"]))
    if not recipients and p.type in lex.types["attacks"] and (into_the_sea(trig.verb, lex) or _a_test(trig.verb, lex)):
        # "fired two missiles into the sea", "test-fired a missile": a show of force, not an attack on anyone.
        p = Pattern(lex.conventions_to["test_fire"], p.lemma, p.particle, None, (), (), None, "test-fires", False)
    return p, recipients


def _a_test(verb: Token, lex: Lexicon) -> bool:
    """"test-fired a missile", "test-launched": the verb says it was a test."""
    return any(c.lower_ in lex.conventions["test_words"] and c.dep_ in ("npadvmod", "compound", "advmod") and c.i < verb.i
               for c in verb.children)


def location_target(s: Sentence, place: str | None, actors: list[str], at_home: bool = False) -> list[tuple[str, Token | None]]:
    """The country an attack was made in, when it is not the attackers' own
    (or, ``at_home``, whether or not it is).
    An unidentified attacker has no country of its own: the place's is where
    it was found, and the attack was on that country ("a grenade killed two
    guests in Jalalabad": an unidentified actor of Afghanistan -> Afghanistan)."""
    code = s.entities[place].country if place is not None else None
    own = {s.entities[a].country for a in actors if not is_unidentified(a)}
    if not code or code == "IGO" or (code in own and not at_home) or None in own:
        return []
    return [(country(s, code), None)]


def promised_force(trig: Trigger, verb_types: dict[int, str], lex: Lexicon) -> Trigger:
    """"vowed to attack the militants", "promised revenge on Israel": a threat."""
    conv = lex.conventions
    p, verb = trig.pattern, trig.verb
    if p.type not in conv["force_promise_from"] or verb.lemma_.lower() not in conv["force_promise_verbs"]:
        return trig
    complements = infinitives(verb) + children(verb, "ccomp")
    forceful = any(verb_types.get(c.i) in conv["force_promise_types"] for c in complements)
    slots = p.slots
    # "promised revenge", "vowed to take revenge", "vowed to retaliate", "vowed that Tehran would respond"
    promised = children(verb, "dobj") + [o for c in infinitives(verb) for o in children(c, "dobj")]
    if not forceful and (any(o.lemma_.lower() in conv["force_promise_nouns"] for o in promised)
                         or any(c.lemma_.lower() in conv["force_promise_responses"] for c in complements)):
        forceful, slots = True, tuple(sorted(conv["force_promise_slots"]))
    if not forceful:
        return trig
    threat = Pattern(lex.conventions_to["force_promise"], p.lemma, p.particle, None, slots, (), None, "threatens", False)
    return replace(trig, pattern=threat)


def halted_force(trig: Trigger, lex: Lexicon) -> Trigger:
    """"halted its offensive", "suspended its air strikes", "ordered a halt to
    air strikes": a de-escalation that took place."""
    conv = lex.conventions
    p = trig.pattern
    head = trig.head
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN" and head.head.head.dep_ == "pobj":
        head = head.head.head  # "a halt to two decades of fighting": the measure stands for the fighting
    ending_noun = (head.dep_ == "pobj" and head.head.lower_ in ("to", "of")
                   and head.head.head.lemma_.lower() in conv["halted_force_nouns"])
    if head == trig.verb or p.type not in conv["halted_force_from"] or not (
        trig.verb.lemma_.lower() in conv["halted_force_verbs"] or ending_noun
    ):
        return trig
    ceasefire = Pattern(lex.conventions_to["halted_force"], p.lemma, p.particle, p.object, p.slots, p.required, "ceasefire", "halts attacks on",
                        ending_noun and p.reciprocal)
    # "declared a halt to the fighting": those who declared it halt, each toward the other
    return replace(trig, pattern=ceasefire, status=None, tier="team" if ending_noun else trig.tier)


def placed_agent(s: Sentence, key: str, place: str | None) -> str:
    """"shelled civilians in Idlib": an agent the text ties to no country is
    of the country the attack was made in."""
    code = s.entities[place].country if place is not None else None
    if not is_countryless_agent(key) or not code or code == "IGO":
        return key
    return agent_of(s, s.entities[key], code)


def rioting(s: Sentence, p: Pattern, pairs: Pairs, actors: Actors) -> Pattern:
    """Protesters who burn, smash or block, or ransack a building ("ransacked
    a consulate"), are rioting, against its owner, not attacking anyone;
    those who boycott are protesting."""
    lex = s.lex
    boycott = p.type in lex.conventions["boycott_types"]
    if p.reciprocal:
        return p  # "clashes between herders and farmers": a fight between sides, not a riot
    if (p.type in lex.conventions["riot_types"] or boycott) and all(
        (r is None or (s.entities[r].type in lex.conventions["riot_targets"] and not s.entities[r].sector) or _own_country(s, a, r))
        and sector(s, a, dict(actors).get(a)) in lex.conventions["protesting_sectors"]
        for a, r, _ in pairs
    ):
        return Pattern(lex.conventions_to["riot"], p.lemma, p.particle, None, (), (), None if boycott else "riot", None, False)
    return p


def _own_country(s: Sentence, actor: str, recipient: str) -> bool:
    """"rioters burned a bus in Marseille": the country they were in, their own."""
    target = s.entities[recipient]
    return target.type == COUNTRY and target.country is not None and target.country == s.entities[actor].country


def abducting(s: Sentence, p: Pattern, pairs: Pairs, actors: Actors) -> Pattern:
    """Rebels, gangs or gunmen who seize or hold people abduct them: an attack, not an arrest."""
    lex = s.lex
    if p.type in lex.conventions["abduction_types"] and pairs and all(
        r is not None and (is_agent(r) or s.entities[r].type == "Person")
        and (rtok is None or s.keys.get(rtok.i) == r)  # the people themselves, not "the headquarters of" them
        and (sector(s, a, dict(actors).get(a)) or "")[:3] in lex.conventions["abducting_sectors"]
        for a, r, rtok in pairs
    ):
        return Pattern(lex.conventions_to["abduction"], p.lemma, p.particle, None, p.slots, (), None, "abducts", False)
    return p


def struck_explosive(s: Sentence, trig: Trigger, subjects: list[Token]) -> Actors:
    """"A UN convoy hit a landmine": the convoy's owner was attacked, by
    whoever laid the mine; the victims (none when this is no such clause)."""
    conv = s.lex.conventions
    verb = trig.verb
    if trig.head != verb or verb.lemma_.lower() not in conv["struck_verbs"] or not subjects:
        return []
    explosive = any(o.lemma_.lower() in conv["struck_explosives"] for o in children(verb, "dobj"))
    return actors_of(s, subjects) if explosive else []


def relief(s: Sentence, p: Pattern, recipient: str | None) -> bool:
    """"the coast guard rescued 1,000 people" from a flood: relief, not aid between actors."""
    return p.type in s.lex.types["not_relief"] and is_agent(recipient) and s.reports_accident


def has_a_country(s: Sentence, actor: str, recipient: str | None) -> bool:
    """Political events have a side of some country (or an IGO), or a
    generic agent or unidentified doer (whose country the text may not say);
    two names of no country ("Messi signed with Inter Miami") are not one."""
    return any(
        k is not None and (s.entities[k].country or is_agent(k) or is_unidentified(k))
        for k in (actor, recipient)
    )


def named_doers(events: list[Event]) -> list[Event]:
    """"14 people were killed when gunmen stormed a hotel": the victims come
    from one clause, the doers from another; one event joins them."""
    doers: dict[tuple, str] = {}
    for ev in events:
        if ev.recipient is None and not is_unidentified(ev.actor):
            doers.setdefault((ev.type, ev.evidence[0].start), ev.actor)
    out = []
    for ev in events:
        doer = doers.get((ev.type, ev.evidence[0].start))
        if doer and ev.recipient and is_unidentified(ev.actor) and ev.recipient != doer:
            ev = replace(ev, actor=doer)
        out.append(ev)
    return out


def without_echoes(events: list[Event]) -> list[Event]:
    """Drop what repeats a fuller event of the same sentence: an event of
    the same type with no recipient, or with no identified actor."""
    events = named_doers(events)
    full = {(ev.type, ev.evidence[0].start) for ev in events if ev.recipient is not None}
    named = {(ev.type, ev.evidence[0].start) for ev in events if not is_unidentified(ev.actor)}
    # "troops exchanged gunfire, killing 12 people": the victims of an attack
    # already told between named sides.
    # (An agent that fought back in "A clashed with B" is a side, not a victim.)
    sided: dict[tuple, set[str]] = {}
    for ev in events:
        if ev.recipient and not is_agent(ev.recipient):
            sided.setdefault((ev.type, ev.evidence[0].start), set()).add(ev.actor)
    return [
        ev for ev in events
        if not (ev.recipient is None and (ev.type, ev.evidence[0].start) in full)
        and not (is_unidentified(ev.actor) and (ev.type, ev.evidence[0].start) in named)
        and not (is_agent(ev.recipient) and sided.get((ev.type, ev.evidence[0].start), set()) - {ev.recipient})
    ]


def protest_targets(events: list[Event], lex: Lexicon) -> list[Event]:
    """A protest with no target is against whom its protesters make their
    demand in the same sentence ("thousands marched in Tirana, demanding
    that the president call new elections"; "protesters blocked
    roads, calling on the prime minister to resign")."""
    demanded = {}
    for ev in events:
        if ev.type in lex.conventions["protest_demands"] and ev.recipient is not None:
            demanded.setdefault(ev.actor, (ev.recipient, ev.recipient_sector))
    return [replace(ev, recipient=demanded[ev.actor][0], recipient_sector=demanded[ev.actor][1])
            if ev.type in lex.types["protests"] and ev.recipient is None and ev.actor in demanded else ev
            for ev in events]


def aimed_threats(s: Sentence, threats: list[Event], events: list[Event]) -> list[tuple[Event, Event]]:
    """Each threat with no target that the sentence aims, with its aimed
    version: "the militia blamed Peru and vowed revenge" (whom its maker
    blames), "after India's strikes, Islamabad vowed a response" (the doer of
    an attack on its maker's side, told in the sentence or the one before)."""
    types = s.lex.types
    out = []
    for threat in threats:
        if threat.type not in types["untargeted_threats"] or threat.recipient is not None:
            continue
        side = s.entities[threat.actor].country
        blamed = [ev.recipient for ev in events if ev.type in types["threat_answers"] and ev.actor == threat.actor and ev.recipient]
        attackers = [ev.actor for ev in events + s.told[-8:][::-1]
                     if ev.type in types["threat_provokers"] and not is_unidentified(ev.actor) and ev.recipient
                     and s.entities[ev.actor].country != side and s.entities[ev.recipient].country == side]
        target = next(iter(blamed + attackers), None)
        if target is not None:
            out.append((threat, replace(threat, recipient=target, recipient_sector=s.entities[target].sector)))
    return out


def shared_targets(s: Sentence, fallbacks: list[Event], events: list[Event]) -> list[tuple[Event, Event]]:
    """Each event with no recipient that a parallel clause gives one: "Canada
    imposed sanctions on Caracas, and Australia said it would freeze loans"
    (an event of the same type, by another actor, with a recipient, in the
    same sentence), with its version so aimed."""
    out = []
    for event in fallbacks:
        if event.recipient is not None or event.type not in s.lex.types["shared_targets"]:
            continue
        side = s.entities[event.actor].country
        targets = [ev.recipient for ev in events if ev.type == event.type and ev.recipient and ev.actor != event.actor
                   and ev.recipient != event.actor and s.entities[ev.recipient].country != side]
        if targets:
            out.append((event, replace(event, recipient=targets[0], recipient_sector=s.entities[targets[0]].sector)))
    return out


def aided_country(s: Sentence, place: str | None, actors: Actors) -> Actors:
    """"army helicopters dropped tents in quake-stricken Syria": aid
    brought into a country is for it, when the givers are of another."""
    code = s.entities[place].country if place is not None else None
    if not code or code == "IGO" or any(s.entities[a].country == code for a, _ in actors):
        return []
    return [(country(s, code), None)]


def depth(tok: Token) -> int:
    """How far a word is from its sentence's root."""
    steps = 0
    while tok.head != tok and steps < 50:
        tok, steps = tok.head, steps + 1
    return steps
