"""Dates: which DATE entity dates an event, normalized against the publication date.

``sentence_dates``, ``clause_dates``, ``adjacent_dates`` and ``nearest``
pick the DATE entity of an event's clause; ``normalize_date`` turns it
into an ISO date: "Wednesday", "this weekend", "on June 21", "yesterday"
become ISO dates. Vague spans ("next month", "last February", "in recent
months") give None: the raw expression is kept beside the event either way.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from graphbuild.events.syntax import children

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_HAS_DAY = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\b")


def normalize_date(text: str, published: str | None, future: bool) -> str | None:
    """ISO date of ``text`` relative to ``published`` (ISO), or None when vague.

    ``future`` says which way a bare weekday points ("will meet on Sunday"
    is the coming Sunday; "met on Sunday" the last one).

    >>> normalize_date("Wednesday", "2023-06-14", future=False)
    '2023-06-14'
    >>> normalize_date("this weekend", "2023-06-14", future=True)
    '2023-06-17'
    >>> normalize_date("on June 21", "2023-06-14", future=True)
    '2023-06-21'
    """
    low = " ".join(text.lower().replace(",", " ").split())
    low = re.sub(r"^(on|by|late|early|from|until|since|this past)\s+", "", low)
    base = dt.date.fromisoformat(published) if published else None
    if base is not None:
        if low in ("today", "tonight", "this morning", "this afternoon", "this evening"):
            return base.isoformat()
        if low in ("yesterday", "last night") or low.startswith("yesterday"):
            return (base - dt.timedelta(days=1)).isoformat()
        if low.startswith("tomorrow"):
            return (base + dt.timedelta(days=1)).isoformat()
        if "weekend" in low and "weekends" not in low:
            sat = base + dt.timedelta(days=(5 - base.weekday()) % 7)
            if low.startswith("last") or (not future and not low.startswith(("next", "this"))):
                sat = base - dt.timedelta(days=(base.weekday() - 5) % 7 or 7)
            if low.startswith("next"):
                sat = sat + dt.timedelta(days=7) if sat == base else sat
            return sat.isoformat()
        words = low.split()
        day = next((w for w in words if w in WEEKDAYS), None)
        if day is not None and not _HAS_DAY.search(low):
            target = WEEKDAYS.index(day)
            if words[0] == "next" or (future and words[0] != "last"):
                delta = (target - base.weekday()) % 7
                if words[0] == "next" and delta == 0:
                    delta = 7
                return (base + dt.timedelta(days=delta)).isoformat()
            delta = (base.weekday() - target) % 7
            if words[0] == "last" and delta == 0:
                delta = 7
            return (base - dt.timedelta(days=delta)).isoformat()
    if not _HAS_DAY.search(low) or re.fullmatch(r"\d{4}", low.strip()):
        return None
    return _absolute(low, base, future)


def _absolute(text: str, base: dt.date | None, future: bool) -> str | None:
    import dateparser

    settings = {
        "REQUIRE_PARTS": ["day", "month"],
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    elif not re.search(r"\b\d{4}\b", text):
        return None  # without a publication date only a full date is a date
    cleaned = re.sub(r"\b(night|morning|afternoon|evening)\b", "", text).strip()
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed else None


def sentence_dates(doc: Doc) -> dict[int, list[Span]]:
    """The DATE entities of each sentence (by its first token), as
    ``sent.ents`` gives them, found in one pass: ``sent.ents`` goes through
    every entity of the document, so calling it per sentence was quadratic
    (105 s for 10,000 short sentences)."""
    ents = list(doc.ents)
    found: dict[int, list[Span]] = {}
    j = 0
    for sent in doc.sents:
        while j < len(ents) and ents[j].start < sent.start:
            j += 1
        dates = []
        while j < len(ents) and ents[j].end <= sent.end:
            if ents[j].label_ == "DATE":
                dates.append(ents[j])
            j += 1
        found[sent.start] = dates
    return found


def clause_dates(dates: list[Span], verb: Token) -> list[Span]:
    """Those of a sentence's DATE entities in the clause of ``verb``, not in clauses nested in it."""
    if not dates:
        return []  # most sentences: no need to walk the clause
    blocked: set[int] = set()
    for c in verb.children:
        if c.dep_ in ("ccomp", "relcl", "parataxis") or (c.dep_ == "advcl" and children(c, "nsubj", "nsubjpass")):
            blocked.update(t.i for t in c.subtree)
    for c in verb.subtree:  # "Blinken, who is expected on Wednesday, urged ...": the relative clause's own
        if c.dep_ == "relcl" and c.i not in blocked:
            blocked.update(t.i for t in c.subtree)
    idx = {t.i for t in verb.subtree} - blocked
    return [e for e in dates if e.root.i in idx]


def governing_dates(dates: list[Span], verb: Token) -> list[Span]:
    """A participle clause or a conjoined verb with no subject and no date
    of its own happens when its governing clause does ("stormed the camp on
    Monday, opening fire on ...", "shelled the town on Friday and killed ...")."""
    if verb.dep_ not in ("advcl", "conj") or verb.pos_ != "VERB" or children(verb, "nsubj", "nsubjpass", "mark"):
        return []
    return clause_dates(dates, verb.head)


def adjacent_dates(dates: list[Span], head: Token) -> list[Span]:
    """A date right after the trigger ("a phone call Wednesday") when the parse hung it elsewhere."""
    return [e for e in dates if 0 < e.start - head.i <= 2]


def nearest(dates: list[Span], anchor: Token) -> Span | None:
    """The date nearest ``anchor``; of two as near, the one after it."""
    if not dates:
        return None
    return min(dates, key=lambda e: (abs(e.start - anchor.i), e.start < anchor.i))
