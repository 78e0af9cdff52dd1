"""Scoring open triples against expected ones, leniently on phrase edges.

A gold file is JSON Lines: ``{"id": ..., "text": "...", "triples":
[[subject, predicate, object], ...]}``, one sentence per line. A found triple
matches an expected one of the same sentence when its predicate and both of
its arguments match, each by the F1 of their lower-cased words (content
words for arguments: "the", "a", "of" do not make two phrases alike) being at
least ``THRESHOLD``: "China" matches "China's foreign minister" no better
than half, "the new law" matches "The new law" fully. Matching is one to
one, best pairs first. Precision is matched found triples over found
triples, recall matched expected over expected.

>>> score_sentence([("Paris", "is the capital of", "France")], [("Paris", "is capital of", "France")])
(1, 1, 1)
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence

THRESHOLD = 0.5
_WORD = re.compile(r"\w+")
# Function words that alone never make two arguments alike.
_LIGHT = frozenset("a an the of 's to in on at by for and or".split())


def words(text: str, content: bool = False) -> list[str]:
    found = [w.lower() for w in _WORD.findall(text)]
    return [w for w in found if w not in _LIGHT] if content else found


def overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """F1 of two word lists (multiset overlap); 1.0 when both are empty."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    pool = list(b)
    common = 0
    for w in a:
        if w in pool:
            pool.remove(w)
            common += 1
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def similarity(found: Sequence[str], gold: Sequence[str]) -> float:
    """0 when a part does not match, else the mean of the three overlaps."""
    parts = [
        overlap(words(found[1]), words(gold[1])),
        overlap(words(found[0], True) or words(found[0]), words(gold[0], True) or words(gold[0])),
        overlap(words(found[2], True) or words(found[2]), words(gold[2], True) or words(gold[2])),
    ]
    return 0.0 if min(parts) < THRESHOLD else sum(parts) / 3


def score_sentence(found: Iterable[Sequence[str]], gold: Iterable[Sequence[str]]) -> tuple[int, int, int]:
    """(matched, found, expected) for the triples of one sentence."""
    found, gold = list(found), list(gold)
    pairs = sorted(
        ((similarity(f, g), i, j) for i, f in enumerate(found) for j, g in enumerate(gold)),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    used_f: set[int] = set()
    used_g: set[int] = set()
    for sim, i, j in pairs:
        if sim > 0 and i not in used_f and j not in used_g:
            used_f.add(i)
            used_g.add(j)
    return len(used_f), len(found), len(gold)


def read_gold(path: str | os.PathLike) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def figures(matched: int, found: int, expected: int) -> dict[str, float]:
    p = matched / found if found else 0.0
    r = matched / expected if expected else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
