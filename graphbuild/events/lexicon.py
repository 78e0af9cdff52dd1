"""The event lexicon of ``data/events.toml``, parsed once into patterns."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files


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


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Pattern, ...]]  # lemma -> patterns, in file order
    nouns: dict[str, tuple[Pattern, ...]]
    light_verbs: dict[str, str]  # lemma (or "lemma particle") -> status
    status: dict[str, frozenset[str]]
    noun_status: dict[str, str]  # "refusal" -> negated, "plan" -> planned
    assault_modes: tuple[tuple[str, frozenset[str]], ...]  # ("explosives", {"bomb", ...}), in order

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
    slots, required, mode = [], [], None
    for tok in tail.replace("~", " ").split():
        if tok.startswith("@"):
            mode = tok[1:]
        elif tok.endswith("!"):
            slots.append(tok[:-1])
            required.append(tok[:-1])
        else:
            slots.append(tok)
    return Pattern(event_type, lemma, particle, obj, tuple(slots), tuple(required), mode, predicate, reciprocal)


def _table(section: dict, noun: bool = False) -> dict[str, tuple[Pattern, ...]]:
    out: dict[str, list[Pattern]] = {}
    for event_type, patterns in section.items():
        for text in patterns:
            p = parse_pattern(event_type, text, noun)
            out.setdefault(p.lemma, []).append(p)
    # Specific patterns (with a required object or particle) are tried first.
    return {k: tuple(sorted(v, key=lambda p: (p.object is None, p.particle is None))) for k, v in out.items()}


@cache
def load() -> Lexicon:
    raw = tomllib.loads(files("graphbuild").joinpath("data/events.toml").read_text("utf-8"))
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
    )


def third_person(lemma: str) -> str:
    """'meet' -> 'meets', 'urge' -> 'urges', 'accompany' -> 'accompanies'."""
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"
