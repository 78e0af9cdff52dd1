"""The field's dictionaries: CAMEO verb patterns and generic agents.

The package ships tables derived from the PETRARCH2 / Phoenix dictionaries
(``data/petrarch/``, MIT, see its NOTICE). ``verbs()`` and ``agents()``
give them parsed, with any dictionaries the user added (``use(paths)``,
the build's ``--dictionary FILE``) read first, so that their entries win.
"""

from __future__ import annotations

import os
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

from graphbuild.knowledge.petrarch import DictionaryError, VerbDictionary, VerbPattern, read_verbs
from graphbuild.knowledge.petrarch_lists import read_actors, read_agents, read_discards

__all__ = [
    "DictionaryError", "VerbDictionary", "VerbPattern", "actor", "actors", "agents", "discards", "use",
    "user_dictionaries", "verbs",
]

_USER: tuple[str, ...] = ()
_USER_FILES: tuple[tuple[str, int, int], ...] = ()  # (path, mtime_ns, size) of each, when last read


def use(paths: tuple[str, ...] | list[str]) -> None:
    """Add user dictionaries (PETRARCH verb or agent files, or TOML event
    lexicons) for the builds of this process; ``()`` goes back to the shipped ones."""
    global _USER, _USER_FILES
    for p in paths:
        if not Path(p).is_file():
            raise DictionaryError(f"{p}: no such dictionary file")
    user_files = tuple((str(p), st.st_mtime_ns, st.st_size) for p in paths for st in [os.stat(p)])
    if user_files == _USER_FILES:
        return  # the same files, unchanged: every build calls this, the tables stay loaded
    _USER, _USER_FILES = tuple(str(p) for p in paths), user_files
    verbs.cache_clear()
    agents.cache_clear()
    discards.cache_clear()
    actors.cache_clear()  # the event lexicon (events/lexicon.py) sees the change itself


def user_dictionaries() -> tuple[str, ...]:
    return _USER


def _shipped(name: str) -> list[str]:
    return files("graphbuild").joinpath("data/petrarch", name).read_text("utf-8").splitlines()


def _user_lines(kind: str) -> list[tuple[str, list[str]]]:
    """The user files of one kind ("verbs", "agents" or "actors"), told apart
    by content: a verb dictionary has '---' blocks, an agents file '[~CODE]'
    entries, an actors file '[CODE]' ones."""
    out = []
    for p in _USER:
        if p.endswith(".toml"):
            continue
        lines = Path(p).read_text("utf-8", errors="replace").splitlines()
        if any(line.lstrip().startswith("---") for line in lines):
            found = "verbs"
        elif any("[~" in line or "~]" in line for line in lines):
            found = "agents"
        else:
            found = "actors"
        if found == kind:
            out.append((p, lines))
    return out


@cache
def verbs() -> VerbDictionary:
    """User verb dictionaries first, then the shipped CAMEO dictionary."""
    merged = VerbDictionary()
    sources = [
        *_user_lines("verbs"),
        ("graphbuild_verbs.txt", _shipped("graphbuild_verbs.txt")),  # the team's additions, before CAMEO
        ("cameo_verbs.txt", _shipped("cameo_verbs.txt")),
    ]
    for name, lines in sources:
        part = read_verbs(lines, name, strict=name != "cameo_verbs.txt")
        offset = len(merged.blocks)
        merged.blocks.extend(part.blocks)
        merged.reversed_blocks |= {b + offset for b in part.reversed_blocks}
        for label, phrases in part.synsets.items():
            merged.synsets.setdefault(label, []).extend(phrases)
        for lemma, entries in part.verbs.items():
            merged.verbs.setdefault(lemma, []).extend((prt, code, b + offset) for prt, code, b in entries)
    return merged


@cache
def agents() -> dict[str, str]:
    """Agent phrase (lowercase, singular and plural) -> CAMEO sector code."""
    table: dict[str, str] = {}
    shipped = [("graphbuild_agents.txt", _shipped("graphbuild_agents.txt")), ("agents.txt", _shipped("agents.txt"))]
    for name, lines in [*_user_lines("agents"), *shipped]:
        for phrase, sector in read_agents(lines, name, strict=name != "agents.txt").items():
            table.setdefault(phrase, sector)
    return table


@cache
def discards() -> frozenset[str]:
    """Phrases (lowercase) whose sentences report no political event: sport, culture, disease."""
    return read_discards(_shipped("graphbuild_discards.txt") + _shipped("discards.txt"), "discards.txt")


def discarded(words: list[str]) -> bool:
    """Does this run of lowercase words hold a discard phrase?"""
    table = discards()
    firsts = _first_words(table)
    longest = 6
    for i in range(len(words)):
        # A phrase starting at i starts with this word's text up to its first space.
        if words[i].partition(" ")[0] not in firsts:
            continue
        for n in range(1, min(longest, len(words) - i) + 1):
            if " ".join(words[i : i + n]) in table:
                return True
    return False


@lru_cache(maxsize=1)
def _first_words(table: frozenset[str]) -> frozenset[str]:
    """What each phrase of ``table`` starts with, up to its first space."""
    return frozenset(phrase.partition(" ")[0] for phrase in table)


ACTOR_FILES = ("countries_actors.txt", "international_actors.txt", "nonstate_actors.txt")


@cache
def actors() -> dict[str, str]:
    """Actor phrase (lowercase) -> actor code ("benjamin netanyahu" -> "ISRGOV"), user files first."""
    table: dict[str, str] = {}
    for name, lines in [*_user_lines("actors"), *((f, _shipped(f)) for f in ACTOR_FILES)]:
        for phrase, code in read_actors(lines, name).items():
            table.setdefault(phrase, code)
    return table


def actor(name: str, countries: frozenset[str] | set[str]) -> tuple[str | None, str | None]:
    """(country, sector) the actors dictionaries give a name, or (None, None).

    ``countries`` are the codes that are countries (the rest of a code's
    first three letters, "ELI" or "KKL", name no country).
    """
    key = " ".join(name.lower().replace("_", " ").split())
    # the dictionaries spell names the American way: "Organisation of African Unity"
    code = actors().get(key) or actors().get(key.replace("isation", "ization"))
    if not code:
        return None, None
    head = code[:3]
    country = head if head in countries or head == "IGO" else None
    sector = code[3:6] if len(code) >= 6 else (code[:3] if country is None else None)
    return country, sector
