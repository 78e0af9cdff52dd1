"""Clauses to events: who did what to whom, read off the dependency parse.

``extract_events`` takes one parsed article and its resolved actors and
gives its events, with the entities they introduce. Per sentence: find the
triggers (``triggers``: event verbs, and event nouns carried by a light
verb, "held talks with"), pass over those another trigger already codes,
fill the actor and recipient slots (``actors``, ``recipients``, with
``referents`` for the entity each word stands for), apply the coding conventions
(``conventions``), then give each (actor, recipient) pair its status, date,
place and evidence (``compose``); the document's events are deduplicated
at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from graphbuild.entities.resolve import Resolved
from graphbuild.events.actors import describes_someone, moved_forces, pairs_of, subject_is, trigger_actors, unnamed_doer
from graphbuild.events.compose import trigger_events
from graphbuild.events.conventions import (
    aided_country, aimed_threats, depth, halted_force, promised_force, protest_targets, retyped, shared_targets, sport_result, struck_explosive,
    without_echoes,
)
from graphbuild.events.dates import sentence_dates
from graphbuild.events.lexicon import Lexicon, Pattern, grammar, load
from graphbuild.events.recipients import recipients
from graphbuild.events.referents import location, political, unidentified
from graphbuild.events.sentence import Sentence
from graphbuild.events.status import conditional
from graphbuild.events.syntax import children, each_other, infinitives, slot_tokens
from graphbuild.events.triggers import Trigger, blame_triggers, governs_event, noun_triggers, verb_triggers
from graphbuild.knowledge import dictionaries, gazetteer
from graphbuild.keys import is_unidentified
from graphbuild.records import Article, Entity, Event

_WORDS = grammar()
ABSORBING = _WORDS["absorbing"]
TEMPORAL = _WORDS["temporal"]
CONTENT_PREPS = _WORDS["content_preps"]
CHARGE_PREPS = _WORDS["charge_preps"]
COMMANDING = _WORDS["commanding"]
QUANTITIES = _WORDS["quantities"]


@dataclass(frozen=True)
class DocumentEvents:
    """What event extraction gives for one document."""

    events: list[Event]
    # Entities the events name that resolution did not give: countries the
    # text never mentions ("a U.S. drone strike") and unidentified actors.
    new_entities: list[Entity]


def extract_events(doc: Doc, article: Article, resolved: Resolved) -> DocumentEvents:
    """The events of one parsed article, with their evidence, and the entities they introduce."""
    lex = load()
    entities = dict(resolved.entities)  # the resolver's, and those the events add
    dates = sentence_dates(doc)
    events: list[Event] = []
    seen: set[tuple] = set()  # (type, actor, recipient, status, date) already told
    for sent in doc.sents:
        if _not_news(sent, lex):
            continue
        s = Sentence(doc, sent, resolved.token_keys, entities, lex, dates[sent.start], told=events)
        events += sentence_events(s, article, seen)
    new = [ent for key, ent in entities.items() if key not in resolved.entities]
    return DocumentEvents(without_echoes(events), new)


def _not_news(sent: Span, lex: Lexicon) -> bool:
    """Page furniture, or sport and culture ("World Cup final", "beat Spain 2-1")."""
    return gazetteer.load().is_boilerplate(sent.text) or dictionaries.discarded([t.lower_ for t in sent]) or sport_result(sent, lex)


def sentence_events(s: Sentence, article: Article, seen: set[tuple]) -> list[Event]:
    """The events of one sentence, most specific trigger first."""
    verbs = list(verb_triggers(s.sent, s.lex)) + list(blame_triggers(s.sent, s.lex))
    # Conventions that recode a trigger by what it governs: a promise of an
    # attack is a threat (read against the complements' own types), the halt
    # of one a de-escalation.
    as_read = {t.verb.i: t.pattern.type for t in verbs}
    verbs = [promised_force(t, as_read, s.lex) for t in verbs]
    nouns = [halted_force(t, s.lex) for t in noun_triggers(s.sent, s.lex)]
    # Most specific first: "impose +sanction" over the noun "sanctions", and
    # the noun carried by a light verb ("held talks with") over that verb alone.
    triggers = [t for t in verbs if t.pattern.object] + nouns + [t for t in verbs if not t.pattern.object]
    verb_types = {t.verb.i: t.pattern.type for t in verbs}
    noun_heads = {t.head.i for t in triggers if t.head != t.verb}
    absorbed = _absorbed(verbs, s.lex)
    coded: set[int] = set()  # words that already gave an event
    events: list[Event] = []
    # Events with no recipient of types that need one to say much ("Kim
    # agreed to dismantle a test site"): kept only for a sentence that
    # gives no other event, or whose main verb gives none, the one nearest
    # the root of its parse.
    fallback: list[tuple[int, int, Event]] = []  # (depth, trigger number, event)
    at_root = False  # has the sentence's main verb given an event?
    for number, trig in enumerate(triggers):
        if _passed_over(s, trig, coded, absorbed, verb_types, noun_heads):
            continue
        for event, optional in _trigger_events(s, trig, article, seen, coded):
            if not optional:
                events.append(event)
                at_root = at_root or depth(trig.verb) == 0
            elif political(s, event.actor):  # "Amazon agreed to buy ...", "workers rescued two colleagues"
                fallback.append((depth(trig.verb), number, event))
    for threat, aimed in aimed_threats(s, [e for _, _, e in fallback], events) + shared_targets(s, [e for _, _, e in fallback], events):
        events.append(aimed)  # "blamed Israel and vowed revenge": against Israel
        fallback = [f for f in fallback if f[2] is not threat]
    # The trigger nearest the root, with each of its actors ("Saudi Arabia and
    # Kuwait denied ..."); the root's own even beside events of lesser
    # clauses ("the premier quit after a week of unrest in which troops shot 12").
    best = min(fallback, key=lambda f: f[:2])[:2] if fallback else None
    if fallback and (not events or (best[0] == 0 and not at_root)):
        events += [event for d, number, event in fallback if (d, number) == best]
    return protest_targets(events, s.lex)


def _absorbed(verbs: list[Trigger], lex: Lexicon) -> set[int]:
    """Complements stated by a threat or an offer ("threatened to cut ties"),
    or charged by an accusation ("accused Togo of shelling villages"): the
    threat or the charge is the event, the cutting or shelling is not (yet) one."""
    out = set()
    for trig in verbs:
        kind = trig.pattern.type
        stated = []
        if kind in lex.types["absorb_complements"] or trig.verb.lemma_.lower() in ABSORBING:
            stated += infinitives(trig.verb) + (children(trig.verb, "ccomp") if kind in lex.types["absorb_that_clauses"] else [])
            # "threatened to use force if he refused to step down": the condition is the threat's too
            stated += [c for v in [trig.verb, *stated] for c in children(v, "advcl") if conditional(c, lex)]
        if kind in lex.types["absorb_charges"] and not each_other(trig.verb):  # mutual blame: for what both say happened
            stated += [c for p in children(trig.verb, "prep") if p.lower_ in CHARGE_PREPS for c in children(p, "pcomp")]
            stated += [c for c in children(trig.verb, "ccomp") if c.lemma_.lower() == "be"]  # "said X was behind the attack"
        out |= {t.i for c in stated for t in _own_clause(c) if t.pos_ in ("VERB", "AUX")}
    return out


def _own_clause(verb: Token) -> list[Token]:
    """A complement's words without the participle clauses hung on it ("ordered
    Peru to close its embassy, accusing its diplomats of spying": the
    accusing is the orderer's own act, not part of the order)."""
    out, stack = [], [verb]
    while stack:
        t = stack.pop()
        out.append(t)
        stack += [c for c in t.children if not (c.dep_ == "advcl" and c.tag_ == "VBG" and not children(c, "mark", "aux"))]
    return out


def _passed_over(s: Sentence, trig: Trigger, coded: set[int], absorbed: set[int], verb_types: dict[int, str], noun_heads: set[int]) -> bool:
    """Is this trigger no event of its own: already coded by another, the
    complement of a threat, a frame of another event, or out of place?"""
    p, lex = trig.pattern, s.lex
    if p.type in lex.types["not_with_predicative"] and trig.head == trig.verb and children(trig.verb, "oprd", "acomp"):
        return True  # "calling the speech shameless" is no phone call
    if (
        trig.head.i in coded
        or (trig.verb.i in absorbed and (trig.head == trig.verb or trig.head.head.lower_ not in TEMPORAL))
        or (trig.head != trig.verb and trig.verb.i in coded and trig.verb.lemma_.lower() in lex.light_verbs
            and trig.head.dep_ != "conj")  # "air strikes on A and rocket attacks on B intensified": each an event
    ):
        return True
    if p.type in lex.types["not_in_accidents"] and s.reports_accident:
        return True  # "killed in the earthquake", "crashed, killing 12": no attack
    if trig.tier.startswith("dictionary") and governs_event(trig.verb, lex, verb_types, noun_heads):
        return True  # "plan to strike", "joined a boycott": the complement is the event
    if trig.head != trig.verb and verb_types.get(trig.verb.i) in lex.types["absorb_complements"] and _asked_for(trig, lex.unnamed["doing_verbs"]):
        return True  # "appealed for aid", "threatened Iran with sanctions": asked for or threatened, not done
    if trig.tier in ("noun", "nominal"):
        if s.told and _anaphoric(trig.head, lex):
            return True  # "The EU condemned the raid": the one told before, not another
        if verb_types.get(trig.verb.i) == p.type:
            return True  # "a bombing killed 28": the verb codes the attack
        ended = trig.head.dep_ in ("dobj", "nsubjpass") or (trig.head.dep_ == "pobj" and trig.head.head.lower_ == "from")
        if verb_types.get(trig.verb.i) in lex.types["end_their_object"] and ended:
            return True  # "lifted the curfew", "freed from house arrest": what ends is not an event of its own
    return False


def _anaphoric(noun: Token, lex: Lexicon) -> bool:
    """"the assault", "this attack": an event noun that names nothing of its own, so the event told before."""
    return (noun.lemma_.lower() in lex.noun_heads and any(d.lower_ in ("the", "this", "that") for d in children(noun, "det"))
            and not children(noun, "poss", "compound", "amod", "prep", "nummod"))


def doer_of_what_was_told(s: Sentence, trig: Trigger, actors) -> list:
    """"Troops raided the camp. The EU condemned the raid":
    a definite event noun with no doer of its own, as the object of a
    condemnation or a denial, is the event told last before it; its doer is
    the recipient."""
    if trig.head != trig.verb:
        return []
    if not any(_anaphoric(o, s.lex) for o in children(trig.verb, "dobj")):
        return []
    own = {k for k, _ in actors}
    # the latest first, so that a long article costs no more per sentence
    last = next((ev for ev in reversed(s.told) if ev.actor not in own and not is_unidentified(ev.actor)), None)
    return [(last.actor, None)] if last is not None else []


def _asked_for(trig: Trigger, doing: frozenset[str]) -> bool:
    """Is the event noun in what a demand or threat names ("called for an end
    to the sanctions", "demanded a full withdrawal")?"""
    tok = trig.head
    while tok.head != tok and tok.head != trig.verb:
        tok = tok.head
    demanded = tok.dep_ == "dobj" and trig.verb.lemma_.lower() not in COMMANDING | doing
    return tok.head == trig.verb and ((tok.dep_ == "prep" and tok.lower_ in CONTENT_PREPS) or demanded)


def _trigger_events(s: Sentence, trig: Trigger, article: Article, seen: set[tuple], coded: set[int]) -> list[tuple[Event, bool]]:
    """One trigger's events: fill its slots, apply the conventions, pair the sides."""
    p = trig.pattern
    subjects, actors = trigger_actors(s, trig)
    if p.doer is not None and (not subject_is(s.lex, subjects, p.doer)
                               or any(o.lemma_.lower() in s.lex.noun_heads for o in slot_tokens(trig.head, "dobj", trig.verb))):
        return []  # "the premier flew to Kuwait" is no deployment, nor "rebels entered talks" an occupation
    if not actors and p.type in s.lex.types["forces_moved"]:
        actors = moved_forces(s, trig)  # "troops were deployed at the airport": the forces' own state's doing
    place = location(s, trig.verb, trig.head)
    victims = struck_explosive(s, trig, subjects)
    if victims or (not actors and p.type in s.lex.unnamed["types"] and unnamed_doer(s, trig, subjects)):
        actors = [(unidentified(s, place, article), None)]
    if not actors or describes_someone(trig, s):
        return []
    if p.converse:
        if trig.tier == "dictionary-verb" and not any(_counted(w) for w in subjects):
            return []  # "six soldiers died" counts casualties; "the former president died" tells a death
        return _undergone_events(s, trig, p, actors, place, article, seen, coded)
    p, found = retyped(s, trig, p, actors, victims or recipients(s, trig, p, actors))
    if not found and p.type in s.lex.types["answering"]:
        found = doer_of_what_was_told(s, trig, actors)  # "The EU condemned the raid"
    if not found and p.type in s.lex.types["given_where_delivered"] and trig.tier not in ("noun", "nominal"):
        found = aided_country(s, location(s, trig.verb, trig.head, clause_only=True), actors)  # "delivered supplies in Pakistan"
    pairs = pairs_of(s, trig, p, actors, found)
    if not pairs:
        return []
    if any(r is not None for _, r, _ in pairs) or p.type not in s.lex.unnamed["fallback"]:
        coded.add(trig.head.i)  # a fallback with no recipient leaves the word to a pattern that names one
    rejected = trig.tier in ("noun", "nominal") and s.lex.light_verbs.get(trig.verb.lemma_.lower()) == "negated"  # "rejected Kyiv's demand"
    if trig.head != trig.verb and not rejected and trig.verb.lemma_.lower() in s.lex.light_verbs and trig.head.head == trig.verb:
        coded.add(trig.verb.i)  # "suspend talks" is the talks, negated; not a suspension too
    return trigger_events(s, trig, p, actors, pairs, place, article, seen)


def _counted(noun: Token) -> bool:
    """"six soldiers", "dozens of protesters", "at least 12": a number of people, as casualties are told."""
    return noun.pos_ == "NUM" or noun.lemma_.lower() in QUANTITIES or bool(children(noun, "nummod"))


def _undergone_events(s: Sentence, trig: Trigger, p: Pattern, undergoers: list, place: str | None, article: Article,
                      seen: set[tuple], coded: set[int]) -> list[tuple[Event, bool]]:
    """"Kenya received a loan from the World Bank", "the convoy came under
    fire": the subject is the recipient; the doer is whom the event came
    from, or, for an event reported without its doer, unidentified."""
    doers = recipients(s, trig, p, undergoers)
    if not doers and p.type in s.lex.unnamed["types"]:
        doers = [(unidentified(s, place, article), None)]
    pairs = pairs_of(s, trig, p, doers, undergoers)
    if not pairs:
        return []
    coded.add(trig.head.i)
    return trigger_events(s, trig, p, doers, pairs, place, article, seen)
