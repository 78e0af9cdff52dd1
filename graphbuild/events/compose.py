"""The ``Event`` records of one trigger, once its actors and recipients are known.

Each (actor, recipient) pair becomes an event with the clause's status
(``events.status``), its nearest date (``events.dates``), the pattern's
predicate and mode, the place, the participants' sectors and the evidence
sentence; a repeat of an event already told, or one with no side of any
country, is dropped.
"""

from __future__ import annotations

from spacy.tokens import Span

from graphbuild.events.actors import Actors, Pairs
from graphbuild.events.conventions import abducting, has_a_country, relief, rioting
from graphbuild.events.dates import adjacent_dates, clause_dates, governing_dates, nearest, normalize_date
from graphbuild.events.lexicon import Lexicon, Pattern, grammar, third_person
from graphbuild.events.referents import sector
from graphbuild.events.sentence import Sentence
from graphbuild.events.status import attribution, status, worse
from graphbuild.events.syntax import children, own_subtree
from graphbuild.events.triggers import Trigger, framing_prep
from graphbuild.knowledge.plover import event_types
from graphbuild.records import ASSERTED, NEGATED, PLANNED, POSSIBLE, Article, Event, Evidence

SETTING_PREPS = grammar()["setting_preps"]


def trigger_events(
    s: Sentence, trig: Trigger, p: Pattern, actors: Actors, pairs: Pairs, place: str | None, article: Article, seen: set[tuple]
) -> list[tuple[Event, bool]]:
    """The new events of a trigger's pairs (``seen`` holds those already
    told), each with whether it is only a fallback: of a type that needs
    a recipient to say much, and without one."""
    lex = s.lex
    if trig.head != trig.verb and framing_prep(trig.head).lower_ in ("after", "following", "since"):
        base_status = ASSERTED  # "after a phone call with ...": it took place
    else:
        base_status = worse(status(trig.verb, trig.status, lex), _noun_status(trig, lex))
        if base_status == NEGATED and trig.status is None and _setting(trig):
            base_status = ASSERTED  # "did not agree at talks on Monday": the talks were held
    dates = clause_dates(s.dates, trig.verb) or adjacent_dates(s.dates, trig.head) or governing_dates(s.dates, trig.verb)
    evidence = _evidence(article, s.sent, trig, attribution(trig.verb, lex))
    p = abducting(s, rioting(s, p, pairs, actors), pairs, actors)
    actor_tokens = {k: t for k, t in actors}
    out = []
    for actor, recipient, rtok in pairs:
        if relief(s, p, recipient):
            continue  # "the coast guard rescued 1,000 people" from a flood: relief, not aid between actors
        st = base_status
        if rtok is not None and any(a.lower_ in lex.status["adverb_possible"] for a in own_subtree(rtok) if a.dep_ == "advmod"):
            st = worse(st, POSSIBLE)
        date_span = nearest(dates, rtok if rtok is not None else trig.verb)
        future = st in (PLANNED, POSSIBLE)
        date = normalize_date(date_span.text, article.date, future) if date_span is not None else None
        if date and article.date and date > article.date and st == ASSERTED and trig.verb.tag_ not in ("VBD", "VBN"):
            st = PLANNED
        key = (p.type, actor, recipient, st, date)
        if key in seen or not has_a_country(s, actor, recipient):
            continue  # a repeat, or no side of any country ("Messi signed with Inter Miami")
        seen.add(key)
        event = Event(
            type=p.type,
            actor=actor,
            recipient=recipient,
            status=st,
            predicate=p.predicate or predicate(trig, p) or event_types()[p.type].predicate,
            mode=p.mode or (assault_mode(trig, lex) if p.type in lex.types["attacks"] else None),
            date=date,
            date_text=date_span.text if date_span is not None else None,
            location=place,
            actor_sector=sector(s, actor, actor_tokens.get(actor)),
            recipient_sector=sector(s, recipient, rtok),
            evidence=(evidence,),
        )
        out.append((event, recipient is None and p.type in lex.unnamed["fallback"]))
    return out


def _setting(trig: Trigger) -> bool:
    """Is the event noun where the clause's event took place ("at talks", "during a summit")?"""
    return trig.head.dep_ == "pobj" and framing_prep(trig.head).lower_ in SETTING_PREPS


def _noun_status(trig: Trigger, lex: Lexicon) -> str:
    """"a planned demonstration", "the cancelled visit": the status an event noun's participle gives it."""
    if trig.head == trig.verb:
        return ASSERTED
    found = ASSERTED
    for mod in children(trig.head, "amod"):
        word = mod.lemma_.lower()
        if word in lex.status["negating_modifiers"] or mod.lower_ in lex.status["negating_modifiers"]:
            found = worse(found, NEGATED)
        elif word in lex.status["planning_modifiers"] or mod.lower_ in lex.status["planning_modifiers"]:
            found = worse(found, PLANNED)
    return found


def _evidence(article: Article, sent: Span, trig: Trigger, said_by: str | None) -> Evidence:
    """The sentence that tells the event, with its offsets and the words that coded it."""
    raw = sent.text
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    start = sent.start_char + lead
    return Evidence(
        doc_id=article.id,
        sentence=text,
        start=start,
        end=start + len(text),
        trigger=trig.verb.text if trig.head == trig.verb else f"{trig.verb.text} … {trig.head.text}",
        source=article.source,
        url=article.url,
        published=article.date,
        attribution=said_by,
    )


def predicate(trig: Trigger, p: Pattern) -> str | None:
    """The words a verb event reads with ("points the finger at"); None for noun events."""
    if trig.head != trig.verb:
        return None  # noun events read best with the type's own words
    words = [third_person(p.lemma)]
    if p.particle:
        words.append(p.particle)
    if p.object:
        # the object in the number the text gives it: "imposes sanctions", "takes control"
        said = [o for o in trig.verb.children if o.lemma_.lower() == p.object]
        plural = not said or said[0].tag_ in ("NNS", "NNPS")
        words.append("the " + p.object if p.object == "finger" else p.object + ("s" if plural else ""))
    slot = next((s for s in p.slots if s not in ("dobj", "dative", "ccomp")), None)
    if slot and (p.slots[0] == slot or p.object):
        words.append(slot)
    return " ".join(words)


def assault_mode(trig: Trigger, lex: Lexicon) -> str | None:
    """How an attack was made (PLOVER modes): from the event noun's own
    words ("missiles rained down ... after a blast"), else its clause's."""
    for tokens in (trig.head.subtree, trig.verb.subtree):
        words = {w for t in tokens for w in (t.lower_, t.lemma_.lower())}
        for mode, cues in lex.assault_modes:
            if words & cues:
                return mode
    return None
