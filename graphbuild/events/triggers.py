"""Triggers: the words of a sentence that code an event, with their pattern.

``verb_triggers`` reads each verb with the team's lexicon
(data/events.toml) first; a verb it does not code is read with the CAMEO
verb dictionary (``events.cameo``). ``noun_triggers`` finds event nouns
carried by a light verb ("held talks with", "postponed the visit") or
framed by a preposition ("during a phone call"), and those that are events
on their own ("a car bombing killed ..."). ``governs_event`` tells a verb
that only frames another event ("plan to strike").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from graphbuild.events.cameo import SEPARATING_PARTICLES, match_verb, particle_of
from graphbuild.events.lexicon import Lexicon, Pattern, grammar
from graphbuild.events.syntax import children, expand, lemma_is, objects, particle_phrase, slot_tokens

_WORDS = grammar()
FRAMING_PREPS = _WORDS["framing_preps"]
BACKGROUND = _WORDS["background"]
CAUSE_PREPS = _WORDS["cause_preps"]
QUANTITIES = _WORDS["quantities"]
MEASURES = _WORDS["measures"]
DRAWING_VERBS = _WORDS["drawing_verbs"]
DOCUMENT_NOUNS = _WORDS["document_nouns"]
COUNTERPARTS = _WORDS["counterpart_nouns"]
UNDERGOING = _WORDS["undergoing_verbs"]


@dataclass(frozen=True)
class Trigger:
    """A matched event: the pattern, the verb that governs the clause, the word(s) coding it."""

    pattern: Pattern
    verb: Token  # the clause's verb (a light verb for noun events)
    head: Token  # the word that carries the recipient slots (verb or noun)
    status: str | None = None  # status imposed by a light verb ("postponed the visit")
    # "team" (data/events.toml), "dictionary" (a CAMEO pattern), "dictionary-verb" (a CAMEO
    # verb's own code), "noun" (an event noun on its own), "nominal" (one naming both sides)
    tier: str = "team"


def verb_triggers(sent: Span, lex: Lexicon) -> Iterator[Trigger]:
    """Each event verb of the sentence, with its patterns in order of preference.

    The team's lexicon decides first; a verb it does not code is read with
    the CAMEO verb dictionary.
    """
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
            continue
        if tok.dep_ in ("amod", "compound") or participle_modifier(tok):
            continue  # "visiting German Chancellor": a modifier, not a clause
        team = team_patterns(tok, lex) if tok.lemma_.lower() in lex.verbs else []
        for p in team:
            yield Trigger(p, tok, tok, None)
        if tok.pos_ == "AUX" or any(p.object for p in team):
            continue
        found = match_verb(tok)
        # The team's patterns read a clause from its subject; a dictionary's reverse
        # pattern ("received a loan from") reads it from the other side, after them.
        if found is not None and (not team or found.reversed):
            p = Pattern(found.type, tok.lemma_.lower(), found.particle, None, found.slots, (), found.mode, None, False,
                        converse=found.reversed)
            yield Trigger(p, tok, tok, None, "dictionary" if found.specific else "dictionary-verb")


def blame_triggers(sent: Span, lex: Lexicon) -> Iterator[Trigger]:
    """"Officials said the group was behind the attack", "Ankara said a
    militant was responsible": a report that names who did it accuses them;
    "Beijing said it would retaliate": one that foretells a response threatens."""
    blamed = lex.conventions["blame_complements"]
    for verb in sent:
        if verb.lemma_.lower() not in lex.status["reporting"] or verb.pos_ != "VERB":
            continue
        for clause in children(verb, "ccomp"):
            words = [c.lower_ for c in clause.children if c.dep_ in ("acomp", "prep", "attr")]
            if clause.lemma_.lower() == "be" and children(clause, "nsubj") and any(w in blamed for w in words):
                p = Pattern(lex.conventions_to["blame_report"], verb.lemma_.lower(), None, None, ("ccomp",), (), "allege", "blames", False)
                yield Trigger(p, verb, verb, None)
            elif _response_foretold(clause, lex):
                p = Pattern(lex.conventions_to["force_promise"], verb.lemma_.lower(), None, None, (), (), None, "threatens", False)
                yield Trigger(p, verb, verb, None)


def _response_foretold(clause: Token, lex: Lexicon) -> bool:
    """"said it would retaliate", "said Beijing will take countermeasures": a
    response to come, said by its maker, is a threat (not "would not respond")."""
    conv = lex.conventions
    modal = any(a.lower_ in conv["foretelling_modals"] for a in children(clause, "aux"))
    answers = clause.lemma_.lower() in conv["force_promise_responses"] or any(
        o.lemma_.lower() in conv["force_promise_nouns"] for o in children(clause, "dobj"))
    return modal and answers and not children(clause, "neg")


def team_patterns(verb: Token, lex: Lexicon) -> list[Pattern]:
    """The lexicon's patterns of ``verb`` that its particle, object and required slots fit."""
    patterns = lex.verbs.get(verb.lemma_.lower(), ())
    prt = particle_of(verb)
    objs = objects(verb)
    out = []
    # "sent thousands of troops", "imposed a round of sanctions": a quantity's
    # or a measure's "of" names what it counts.
    counted = [c for o in objs if o.lemma_.lower() in QUANTITIES or o.lemma_.lower() in MEASURES or o.pos_ == "NUM"
               for prep in children(o, "prep") if prep.lower_ == "of" for c in children(prep, "pobj")]
    for p in patterns:
        if p.particle != prt and (p.particle or prt in SEPARATING_PARTICLES):
            continue  # "call off" is not "call"
        if p.object and not any(
            lemma_is(t, p.object) for o in expand(objs + counted) for t in [o, *children(o, "compound", "amod")]
        ):
            continue
        if p.required and not any(_filled(verb, s) for s in p.required):
            continue
        out.append(p)
    return out


def _filled(head: Token, slot: str) -> bool:
    """Is the slot filled by something other than a date ("a strike on Monday" has no target)?"""
    return any(t.ent_type_ not in ("DATE", "TIME") for t in slot_tokens(head, slot, head))


def participle_modifier(tok: Token) -> bool:
    """'told visiting German Chancellor Olaf Scholz': the parser made 'visiting'
    a clause; before a title and a name right after a verb or article it
    describes the person."""
    if tok.tag_ not in ("VBG", "VBN") or tok.i == 0 or tok.i + 1 >= len(tok.doc):
        return False
    prev, nxt = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
    if prev == tok.head and prev.lemma_.lower() in DOCUMENT_NOUNS:
        return False  # "a statement condemning Uganda": what the text says
    return (prev.pos_ == "DET" or prev == tok.head) and nxt.pos_ in ("ADJ", "PROPN") and nxt.is_title


def noun_triggers(sent: Span, lex: Lexicon) -> Iterator[Trigger]:
    """Event nouns carried by a light verb or framed by a preposition, or events on their own."""
    for noun in sent:
        patterns = noun_patterns(noun, lex)
        if not patterns:
            continue
        carriers = noun_carriers(noun, lex)
        if patterns[0].type in lex.types["uttered"] and _named_owner(noun):
            # "rejected Kyiv's demand": the demand was made, by Kyiv; the rejection is an event of its own
            carriers = [(v, st) for v, st in carriers if st != "negated"]
        if not carriers:
            standalone = standalone_noun(noun, patterns, lex)
            if standalone is not None:
                yield standalone
            continue
        if noun.dep_ == "pobj" and framing_prep(noun).lower_ in CAUSE_PREPS and patterns[0].type not in lex.types["framed_by_cause"]:
            continue  # "recalled its envoy over the killing": the cause, someone else's act, not the news
        for verb, status in carriers:
            p = patterns[0]
            for cand in patterns:
                # A noun's required slot is its own ("strikes on Kyiv"), not its carrier's.
                if not cand.required or any(_filled(noun, s) for s in cand.required):
                    p = cand
                    break
            else:
                continue
            yield Trigger(p, verb, noun, status)


def _named_owner(noun: Token) -> bool:
    """Is the noun another's, by name ("Kyiv's demand", "a demand by Kyiv"), not its carrier's own ("its talks")?"""
    return any(c.pos_ != "PRON" for c in children(noun, "poss")) or any(c.lower_ == "by" for c in children(noun, "prep"))


def noun_patterns(noun: Token, lex: Lexicon) -> tuple[Pattern, ...]:
    """The lexicon's patterns of an event noun, its longest name first ("phone call" over "call")."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return ()
    lemma = noun.lemma_.lower()
    if lemma not in lex.noun_heads or noun.ent_type_ in ("DATE", "TIME"):
        return ()  # no event noun ends in this word (most nouns), or it is a month ("March")
    modifiers = [c.lower_ for c in noun.lefts if c.dep_ in ("compound", "amod")]
    patterns = ()
    for mod in reversed(modifiers):  # "phone call", "joint exercises"
        patterns = lex.nouns.get(f"{mod} {lemma}", ())
        if patterns:
            break
    return patterns or lex.nouns.get(lemma, ())


def _spanning(measure: Token) -> bool:
    """"six days", "a round" under a preposition: a measure of the event after its "of"."""
    return measure.dep_ == "pobj" and (measure.ent_type_ in ("DATE", "TIME") or measure.lemma_.lower() in MEASURES)


def framing_prep(noun: Token) -> Token:
    """The word above an event noun, through a measure of it: "after weeks of talks" gives "after"."""
    above = noun.head
    if above.lower_ == "of" and _spanning(above.head):
        return above.head.head
    return above


def noun_carriers(noun: Token, lex: Lexicon) -> list[tuple[Token, str | None]]:
    """The verbs that carry an event noun, each with the status it imposes
    ("held talks", "postponed the visit", "in a phone call", "the visit that he postponed")."""
    carriers: list[tuple[Token, str | None]] = []
    first = noun
    while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
        first = first.head  # "expanded intelligence sharing and military cooperation"
    head = first.head
    noun_dep = first.dep_
    measure = (head.lower_ == "of" and head.head.pos_ == "NOUN") or (head.lower_ == "in" and head.head.pos_ == "NUM")
    if noun_dep == "pobj" and measure and (head.head.dep_ in ("dobj", "nsubjpass") or _spanning(head.head)):
        # "held three hours of talks", "opened a new round of talks", "pledged
        # $4 billion in aid", "after weeks of talks": the measure of the event
        # stands where the event would.
        first = head.head
        head, noun_dep = first.head, first.dep_
    if noun_dep in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        status = lex.light_verbs.get(particle_phrase(head)) or lex.light_verbs.get(head.lemma_.lower())
        if drawn(first):
            carriers.append((head, None))  # "drew criticism from Britain": see actors.trigger_actors
        elif status is not None:
            carriers.append((head, None if status == "asserted" else status))
    elif noun_dep == "pobj" and head.dep_ == "prep" and (
        head.lower_ in FRAMING_PREPS or head.head.lemma_.lower() in lex.light_verbs
    ):
        carrier = head.head
        framed = None  # "a proposal for talks": the talks are only proposed
        # "shared concerns on a phone call", "praised Serbia as a friend during
        # talks": the preposition hangs off a noun of the clause.
        for _ in range(3):
            if carrier.lemma_.lower() in COUNTERPARTS:
                return []  # "froze its programme in return for grain shipments": the other side's part, not the subject's act
            if carrier.pos_ in ("NOUN", "PROPN") and carrier.dep_ in ("dobj", "pobj", "attr"):
                framed = framed or lex.noun_status.get(carrier.lemma_.lower())
                carrier = carrier.head.head if carrier.dep_ == "pobj" else carrier.head
            else:
                break
        if carrier.pos_ in ("VERB", "AUX") and carrier.lemma_.lower() not in UNDERGOING:
            carriers.append((carrier, framed))
    # "the visit ... that he postponed": a light verb in a relative clause.
    for rel in children(noun, "relcl"):
        status = lex.light_verbs.get(particle_phrase(rel)) or lex.light_verbs.get(rel.lemma_.lower())
        if status is not None:
            carriers.append((rel, None if status == "asserted" else status))
    return carriers


def drawn(noun: Token) -> bool:
    """Is the event noun what a verb like "draw" says the subject brought on
    itself ("drew criticism from Britain")?"""
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in DRAWING_VERBS


def standalone_noun(noun: Token, patterns: tuple[Pattern, ...], lex: Lexicon) -> Trigger | None:
    """An event noun that is an event on its own: an argument of a clause
    ("a car bombing killed ...", "condemned the attack on ...") or a
    headline's head ("Deadly clashes in Kabul"), not under a word that makes
    it hypothetical ("fears of an attack")."""
    p = next((c for c in patterns if c.type in lex.unnamed["standalone"] and not c.required), None)
    if p is not None and _unmarked_sense(noun, p, patterns, lex):
        return None  # "condemned the strike": a sense another type marks by its target ("a strike on"), unmarked here
    tier = "noun"
    if p is None:
        # Any other event noun is an event when it names both sides itself
        # ("Russia's expulsion of Swedish diplomats", "Blinken's visit to China").
        p, tier = patterns[0], "nominal"
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "ROOT", "conj", "appos"):
        return None
    carrier = noun
    while carrier.pos_ not in ("VERB", "AUX") and carrier.head != carrier:
        carrier = carrier.head
        if carrier.lemma_.lower() in lex.unnamed["hypothetical"] or carrier.lemma_.lower() in lex.noun_status:
            return None  # "fears of an attack", "a plan to strike"
        if carrier.lower_ in BACKGROUND:
            return None  # "after five days of fighting": the background of the report, not its news
    if carrier.lemma_.lower() in lex.unnamed["hypothetical"]:
        return None  # "simulated a blockade", "denied the attack"
    if carrier.pos_ not in ("VERB", "AUX"):
        carrier = noun  # no verb above it: a headline or a caption
    return Trigger(p, carrier, noun, None, tier)


def _unmarked_sense(noun: Token, p: Pattern, patterns: tuple[Pattern, ...], lex: Lexicon) -> bool:
    """A noun of two standalone senses ("strike": a walkout, or an attack "on"
    a target), with neither the other sense's target nor a doer ("the
    dockworkers' strike", "a strike by teachers") to say which."""
    other = any(c.type != p.type and c.type in lex.unnamed["standalone"] and c.required and c.lemma == p.lemma for c in patterns)
    doer = children(noun, "poss") or [c for c in children(noun, "prep") if c.lower_ == "by"]
    return other and not doer


def governs_event(verb: Token, lex: Lexicon, verb_types: dict[int, str], noun_heads: set[int]) -> bool:
    """A verb that only frames another event: its complement or its object
    is one ("plan to strike", "joined a boycott", "held talks")."""
    modal = verb.lemma_.lower() in lex.status["planned"] | lex.status["negated"]
    for c in verb.children:
        if c.dep_ in ("xcomp", "ccomp") and c.i in verb_types:
            return True
        if modal and c.dep_ == "xcomp":
            return True  # "decided to let", "refused to sign": the complement says what
        if c.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in lex.light_verbs and (
            c.i in noun_heads or c.lemma_.lower() in lex.noun_heads
        ):
            return True
    return False
