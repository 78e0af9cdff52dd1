"""Conventions over a sentence's events, after the clauses are read.

Small functions the reader applies around its clause rules: which
sentences are match results, when missiles into the sea are a show of
force, and how a sentence's events are tidied (an unnamed doer joined with
the doer another clause names; an event dropped when a fuller one of the
same type tells it).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from graphbuild.records import Event
from graphbuild.events.lexicon import Lexicon

_SCORE = re.compile(r"(?<![\d-])\d{1,3}-\d{1,3}(?![\d-])")


def sport_result(sent: Span, lex: Lexicon) -> bool:
    """'Real Madrid defeated Barcelona 3-1': a score beside a verb of winning."""
    verbs = lex.conventions["score_verbs"]
    return _SCORE.search(sent.text) is not None and any(t.lemma_.lower() in verbs for t in sent)


def into_the_sea(verb: Token, lex: Lexicon) -> bool:
    waters = lex.conventions["test_waters"]
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in lex.conventions["test_fire_preps"]]
    return any(t.lemma_.lower() in waters for p in preps for t in p.subtree)


def named_doers(events: list[Event]) -> list[Event]:
    """"14 people were killed when gunmen stormed a hotel": the victims come
    from one clause, the doers from another; one event joins them."""
    doers: dict[tuple, str] = {}
    for ev in events:
        if ev.recipient is None and not ev.actor.startswith("unidentified/"):
            doers.setdefault((ev.type, ev.evidence[0].start), ev.actor)
    out = []
    for ev in events:
        doer = doers.get((ev.type, ev.evidence[0].start))
        if doer and ev.recipient and ev.actor.startswith("unidentified/") and ev.recipient != doer:
            ev = replace(ev, actor=doer)
        out.append(ev)
    return out


def without_echoes(events: list[Event]) -> list[Event]:
    """Drop what repeats a fuller event of the same sentence: an event of
    the same type with no recipient, or with no identified actor."""
    events = named_doers(events)
    full = {(ev.type, ev.evidence[0].start) for ev in events if ev.recipient is not None}
    named = {(ev.type, ev.evidence[0].start) for ev in events if not ev.actor.startswith("unidentified/")}
    # "troops exchanged gunfire, killing 12 people": the victims of an attack
    # already told between named sides.
    sided = {(ev.type, ev.evidence[0].start) for ev in events if ev.recipient and not ev.recipient.startswith("agent/")}
    return [
        ev for ev in events
        if not (ev.recipient is None and (ev.type, ev.evidence[0].start) in full)
        and not (ev.actor.startswith("unidentified/") and (ev.type, ev.evidence[0].start) in named)
        and not (ev.recipient and ev.recipient.startswith("agent/") and (ev.type, ev.evidence[0].start) in sided)
    ]


def depth(tok: Token) -> int:
    """How far a word is from its sentence's root."""
    steps = 0
    while tok.head != tok and steps < 50:
        tok, steps = tok.head, steps + 1
    return steps
