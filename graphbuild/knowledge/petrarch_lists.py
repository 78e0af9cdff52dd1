"""Readers for the PETRARCH phrase lists: agents, actors and discards.

``read_agents(lines, name)`` reads an agents dictionary (``RIOT_POLICE {}
[~COP]``) into a phrase -> sector-code table, ``read_actors`` an actors
dictionary (``ARIEL_SHARON [ISRGOV]``) into a phrase -> actor-code table,
``read_discards`` a discard list into a set of phrases. The verb dictionary
and the format's line helpers are in ``petrarch``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graphbuild.knowledge.petrarch import DictionaryError, strip_comment, words_of


def read_agents(lines: Iterable[str], name: str, strict: bool = True) -> dict[str, str]:
    """Parse a PETRARCH agents dictionary: lowercase phrase (and its plural) -> sector code.

    ``POLICE {} [~COP]`` gives "police" -> "COP"; ``NGO~`` codes (put before
    the actor's) are read the same way. ``!PERSON!`` expands to its words.
    """
    subs: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for number, raw in enumerate(lines, 1):
        line = strip_comment(raw).strip()
        if not line:
            continue
        if line.startswith("!") and "=" in line:
            key, _, words = line.partition("=")
            subs[key.strip()] = [w.strip().lower() for w in words.split(",") if w.strip()]
            continue
        m = re.search(r"\[\s*~?([A-Z]{3,})~?\s*[\]}]", line)
        if m is None:
            if strict:
                raise DictionaryError(f"{name}:{number}: an agent without a [~CODE]")
            continue
        sector = m.group(1)
        phrase = line[: line.find("[")]
        plural = re.search(r"\{([^}]*)\}", phrase)
        phrase = re.sub(r"\{[^}]*\}", "", phrase).strip()
        forms = _expand_subs(phrase, subs)
        for form in forms:
            words = " ".join(words_of(form.rstrip("_")))
            if not words:
                continue
            out.setdefault(words, sector)
            if plural is None:
                out.setdefault(_plural(words), sector)
            else:
                for p in plural.group(1).split():
                    out.setdefault(" ".join(words_of(p)), sector)
    return out


def _expand_subs(phrase: str, subs: dict[str, list[str]]) -> list[str]:
    for key, words in subs.items():
        if key in phrase:
            return [phrase.replace(key, w) for w in words]
    return [phrase]


def _plural(words: str) -> str:
    """The regular plural PETRARCH generates: +S, Y -> IES, SS -> SSES."""
    if words.endswith("ss"):
        return words + "es"
    if words.endswith("y") and not words.endswith(("ay", "ey", "oy", "uy")):
        return words[:-1] + "ies"
    return words + "s"


def read_discards(lines: Iterable[str], name: str) -> frozenset[str]:
    """Parse a PETRARCH discard list: lowercase phrases whose sentences code no event.

    A leading ``+`` (discard the whole story) is read like the plain form:
    graphbuild discards sentence by sentence. Bare years and "years ago"
    phrases are left out: they date a report, they do not make it sport.
    """
    out = set()
    for raw in lines:
        words = words_of(strip_comment(raw).strip().lstrip("+"))
        if not words or all(w.isdigit() for w in words) or words[-1] in ("ago", "later"):
            continue
        out.add(" ".join(words))
    return frozenset(out)


def read_actors(lines: Iterable[str], name: str) -> dict[str, str]:
    """Parse a PETRARCH actors dictionary: lowercase phrase -> actor code.

    A record is a primary phrase, ``+`` synonyms and tab-indented date
    restrictions (``[USAGOV 20090120-20170120]``); the code kept is the one
    of the latest restriction (open-ended or the last to end), else the
    record's own. Primary phrases in a row with no code of their own share
    the restrictions that follow them (the Phoenix files list a leader's
    spellings so: "BORIS_YELTSIN_", "YELTSIN", ... then the dates); a blank
    line ends such a run. Codes begin with the country (``ISRMIL``, ``PSEREB``)
    or ``IGO``. A one-word phrase that two records give to different
    countries ("Khan") is dropped: it names no one in particular.
    """
    out: dict[str, str] = {}
    single: dict[str, set[str]] = {}
    phrases: list[str] = []
    codes: list[tuple[str, str]] = []  # (end date or "", code)
    default: str | None = None
    waiting: list[str] = []  # phrases of records with no code, right before this one

    def close() -> None:
        code = max(codes)[1] if codes else default
        if not code:
            waiting.extend(phrases)  # "BORIS_YELTSIN_" / "YELTSIN" / ... then the dates: one record
            return
        for phrase in [*waiting, *phrases]:
            out.setdefault(phrase, code)
            if " " not in phrase:
                single.setdefault(phrase, set()).add(code[:3])
        waiting.clear()
    for raw in lines:
        line = strip_comment(raw).split(";", 1)[0].rstrip()  # TABARI's "; source" notes too
        if not line.strip():
            if not raw.strip():
                close()
                phrases, codes, default = [], [], None
                waiting.clear()  # a blank line ends a run of phrases
            continue
        if line[:1] in ("\t", " ") and line.strip().startswith("["):
            m = re.match(r"\s*\[\s*([A-Z]{3,})\s*([^\]]*)\]", line)
            if m:
                span = m.group(2).strip()
                end = "99999999" if not span or span.startswith(">") else span.split("-")[-1].lstrip("<")
                codes.append((end.zfill(8) if end.isdigit() and len(end) == 8 else _full_date(end), m.group(1)))
            continue
        text = line.strip()
        if text.startswith("+"):
            phrases.append(" ".join(words_of(text[1:].split("[")[0].rstrip("_ "))))
            continue
        close()
        m = re.search(r"\[\s*([A-Z]{3,})\s*\]", text)
        default = m.group(1) if m else None
        phrases, codes = [" ".join(words_of(text.split("[")[0].rstrip("_ ")))], []
    close()
    for word, countries in single.items():
        if len(countries) > 1:
            out.pop(word, None)
    return {k: v for k, v in out.items() if k}


def _full_date(text: str) -> str:
    """'950101' -> '19950101', '101231' -> '20101231' (PETRARCH's two-digit years)."""
    if text.isdigit() and len(text) == 6:
        return ("19" if int(text[:2]) > 30 else "20") + text
    return text.zfill(8) if text.isdigit() else "00000000"
