"""The event lexicon of ``data/events.toml``, parsed once into patterns."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path


@dataclass(frozen=True)
class Pattern:
    """One way of saying an event: "impose +sanction : on against"."""

    type: str
    lemma: str
    particle: str | None
    object: str | None
    slots: tuple[str, ...]
    required: tuple[str, ...]
    mode: str | None
    predicate: str | None
    reciprocal: bool
    doer: str | None = None  # a kind of [doers] the subject must be ("%forces")
    converse: bool = False  # the subject undergoes it, the slots name its doer (CAMEO "[:071]")


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Pattern, ...]]  # lemma -> patterns, in file order
    nouns: dict[str, tuple[Pattern, ...]]
    light_verbs: dict[str, str]  # lemma (or "lemma particle") -> status
    status: dict[str, frozenset[str]]
    noun_status: dict[str, str]  # "refusal" -> negated, "plan" -> planned
    assault_modes: tuple[tuple[str, frozenset[str]], ...]  # ("explosives", {"bomb", ...}), in order
    unnamed: dict[str, frozenset[str]]  # [unnamed]: types, recipientless, standalone, instruments, accidents, hypothetical
    conventions: dict[str, frozenset[str]]  # [conventions]: riot_types, protesting_sectors ...
    types: dict[str, frozenset[str]]  # [types]: which event types each rule applies to
    conventions_to: dict[str, str]  # [conventions_to]: the type a convention codes
    doers: dict[str, frozenset[str]]  # [doers]: kind -> the subject nouns that are of it

    @cached_property
    def noun_heads(self) -> frozenset[str]:
        """The last word of every event noun ("call" of "phone call"): a
        noun whose lemma is not one of these starts no event."""
        return frozenset(key.split()[-1] for key in self.nouns)


def parse_pattern(event_type: str, text: str, noun: bool = False) -> Pattern:
    """``"point +finger : at @mode =points the finger at ~"`` -> ``Pattern``.

    For a noun pattern every head word is the lemma ("phone call").
    """
    head, _, tail = text.partition(":")
    words = head.split()
    obj = next((w[1:] for w in words if w.startswith("+")), None)
    lemma_words = [w for w in words if not w.startswith("+")]
    lemma = " ".join(lemma_words) if noun else lemma_words[0]
    particle = None if noun else " ".join(lemma_words[1:]) or None
    predicate = None
    if "=" in tail:
        tail, _, predicate = tail.partition("=")
        predicate = predicate.replace("~", "").strip()
        reciprocal = "~" in text
    else:
        reciprocal = "~" in tail
    slots, required, mode, doer = [], [], None, None
    for tok in tail.replace("~", " ").split():
        if tok.startswith("@"):
            mode = tok[1:]
        elif tok.startswith("%"):
            doer = tok[1:]
        elif tok.endswith("!"):
            slots.append(tok[:-1])
            required.append(tok[:-1])
        else:
            slots.append(tok)
    return Pattern(event_type, lemma, particle, obj, tuple(slots), tuple(required), mode, predicate, reciprocal, doer)


def _table(section: dict, noun: bool = False) -> dict[str, tuple[Pattern, ...]]:
    out: dict[str, list[Pattern]] = {}
    for event_type, patterns in section.items():
        for text in patterns:
            p = parse_pattern(event_type, text, noun)
            _add(out.setdefault(p.lemma, []), p)
            if noun and "-" in p.lemma:  # "sit-in": the tokenizer splits it, "in" with "sit" before it
                _add(out.setdefault(p.lemma.replace("-", " "), []), p)
    # Specific patterns (with a required doer, object, particle or slot) are tried first:
    # "troops flew to" (%forces) before "the premier flew to"; "struck a
    # convoy" (strike : dobj!) before "workers struck" (strike : against).
    return {k: tuple(sorted(v, key=lambda p: (p.doer is None, p.object is None, p.particle is None, not p.required)))
            for k, v in out.items()}


def _add(patterns: list[Pattern], p: Pattern) -> None:
    """Add ``p``; one sense listed twice with other slots ("protest : dobj in",
    "protest : against outside") is one pattern with the slots of both, so
    that the first listed cannot hide a recipient the second would find."""
    sense = lambda q: (q.type, q.particle, q.object, q.required, q.predicate, q.reciprocal, q.doer)  # noqa: E731
    for i, q in enumerate(patterns):
        if sense(q) == sense(p):
            slots = q.slots + tuple(x for x in p.slots if x not in q.slots)
            patterns[i] = replace(q, slots=slots, mode=q.mode or p.mode)
            return
    patterns.append(p)


# Where a recipient may stand besides a preposition.
SLOTS = frozenset({"dobj", "dative", "ccomp"})


def check_patterns(raw: dict, text: str, name: str, doers: frozenset[str] = frozenset()) -> None:
    """Reject what the engine would silently ignore: an unknown event type,
    slot or doer (of neither ``doers`` nor the file's own [doers]), or a
    pattern listed twice; the message names the file and line."""
    from graphbuild.knowledge.petrarch import PREPOSITIONS
    from graphbuild.knowledge.plover import event_types

    lines = text.splitlines()

    def where_key(key: str) -> str:
        number = next((i for i, line in enumerate(lines, 1) if line.strip().startswith(f"{key} =")), 0)
        return f"{name}:{number}"

    def where(pattern: str) -> str:
        quoted = f'"{pattern}"'
        number = next((i for i, line in enumerate(lines, 1) if quoted in line), 0)
        return f"{name}:{number}"

    known = event_types()
    for rule, kinds in list(raw.get("types", {}).items()) + [(k, [v]) for k, v in raw.get("conventions_to", {}).items()]:
        for kind in kinds:
            if kind not in known:
                raise ValueError(f"{where_key(rule)}: unknown event type {kind!r} in {rule!r}")
    for section in ("verbs", "nouns"):
        seen: set[tuple[str, str]] = set()
        for event_type, patterns in raw.get(section, {}).items():
            for text_ in patterns:
                if event_type not in known:
                    raise ValueError(f"{where(text_)}: unknown event type {event_type!r} in [{section}]")
                if (event_type, text_) in seen:
                    raise ValueError(f"{where(text_)}: {text_!r} is listed twice under {event_type}")
                seen.add((event_type, text_))
                p = parse_pattern(event_type, text_, section == "nouns")
                for slot in p.slots:
                    if slot not in SLOTS and slot not in PREPOSITIONS:
                        raise ValueError(f"{where(text_)}: unknown slot {slot!r} in {text_!r}")
                if p.doer is not None and p.doer not in doers | set(raw.get("doers", {})):
                    raise ValueError(f"{where(text_)}: unknown doer {p.doer!r} in {text_!r} (not in [doers])")


def _read(text: str, name: str, doers: frozenset[str] = frozenset()) -> dict:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"{name}: {err}") from None
    check_patterns(raw, text, name, doers)
    return raw


def load() -> Lexicon:
    """The team's lexicon, with the user's TOML lexicons (``--dictionary``) first."""
    from graphbuild.knowledge import dictionaries

    # Read again when the user's lexicons, or their files, change.
    user = tuple((p, st.st_mtime_ns, st.st_size) for p in dictionaries.user_dictionaries() if p.endswith(".toml") for st in [os.stat(p)])
    return _load(user)


@cache
def _load(user_files: tuple[tuple[str, int, int], ...]) -> Lexicon:
    raw = _read(files("graphbuild").joinpath("data/events.toml").read_text("utf-8"), "events.toml")
    for path in reversed([p for p, _, _ in user_files]):
        user = _read(Path(path).read_text("utf-8"), path, frozenset(raw["doers"]))
        for kind, words in user.get("doers", {}).items():
            raw["doers"][kind] = list(words) + list(raw["doers"].get(kind, []))
        for section in ("verbs", "nouns"):
            for event_type, patterns in user.get(section, {}).items():
                raw[section][event_type] = list(patterns) + list(raw[section].get(event_type, []))
    light = {}
    for status, lemmas in raw["light_verbs"].items():
        for lemma in lemmas:
            light[lemma] = status
    return Lexicon(
        verbs=_table(raw["verbs"]),
        nouns=_table(raw["nouns"], noun=True),
        light_verbs=light,
        status={k: frozenset(v) for k, v in raw["status"].items() if k != "nouns"},
        noun_status={lemma: st for st, lemmas in raw["status"]["nouns"].items() for lemma in lemmas},
        assault_modes=tuple((mode, frozenset(words)) for mode, words in raw["assault_modes"].items()),
        unnamed={name: frozenset(words) for name, words in raw["unnamed"].items()},
        conventions={name: frozenset(words) for name, words in raw["conventions"].items()},
        types={name: frozenset(kinds) for name, kinds in raw["types"].items()},
        conventions_to=dict(raw["conventions_to"]),
        doers={kind: frozenset(words) for kind, words in raw["doers"].items()},
    )


def third_person(lemma: str) -> str:
    """'meet' -> 'meets', 'urge' -> 'urges', 'accompany' -> 'accompanies'."""
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"


GRAMMAR_LISTS = (
    "relative_pronouns", "object_control", "framing_preps", "descent_preps", "located",
    "absorbing", "temporal", "background", "attacks", "quantities", "exercises", "locative_preps",
    "pair_nouns", "pair_people", "pair_counts", "reciprocals", "distributives", "instruments", "cause_preps", "content_preps", "happenings",
    "charge_preps", "member_preps", "aim_preps", "captive_complements",
    "describing_participles", "commanding", "measures", "drawing_verbs", "setting_preps",
    "document_nouns", "authoring_verbs", "document_preps", "counterpart_nouns", "edge_nouns",
    "undergoing_verbs",
)


@cache
def grammar() -> dict[str, frozenset[str]]:
    """The word lists of ``data/grammar.toml``, checked: every list the
    rules read is there, and nothing else is."""
    raw = tomllib.loads(files("graphbuild").joinpath("data/grammar.toml").read_text("utf-8"))
    missing = [k for k in GRAMMAR_LISTS if k not in raw]
    unknown = [k for k in raw if k not in GRAMMAR_LISTS]
    if missing or unknown:
        raise ValueError(f"grammar.toml: missing lists {missing}, unknown lists {unknown}")
    return {k: frozenset(v) for k, v in raw.items()}
