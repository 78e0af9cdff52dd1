"""spaCy's attribute ruler with its patterns looked up instead of matched.

In ``en_core_web_sm`` the ``attribute_ruler`` (tag -> part of speech and
morphology, plus a few word exceptions) took as long as the parser
(benchmarks/bench.py: about 15% of ``nlp.pipe``), nearly all of it in the
``Matcher`` running 179 one- and two-token patterns over every token. Those
patterns only compare a token's own attributes (``{"TAG": "VBZ", "LOWER":
{"IN": ["is", "'s"]}}``), so which patterns start at a token depends only
on that token's values of the few attributes the patterns name. This ruler
works that out once per distinct combination of values and remembers it;
a news corpus repeats the same (word, tag, dependency) combinations.

It is a drop-in ``AttributeRuler``: same patterns, same precedence (a later
pattern wins), same attribute setting (spaCy's own ``set_annotations``), so
the tokens come out exactly as with the stock ruler (tests/test_nlp.py
compares every token of the team's articles). A pattern it does not
understand (an ``OP`` quantifier, a comparison such as ``>=``) makes it use
spaCy's ``Matcher``, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.attrs import IDS
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

# Token attributes a pattern may test here, as Doc.to_array gives them:
# strings as their hashes (the empty string as 0), flags as 0 or 1.
_STRINGS = frozenset({"ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA", "ENT_TYPE"})
_FLAGS = frozenset({"IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "IS_UPPER",
                    "LIKE_NUM", "IS_STOP"})
_OPERATORS = frozenset({"IN", "NOT_IN", "REGEX"})
# Attributes that pick out few tokens first: a pattern is filed under the
# first of these its first token compares for equality (or IN).
_SELECTIVE = ("ORTH", "LOWER", "NORM", "LEMMA", "TAG", "DEP", "ENT_TYPE", *sorted(_FLAGS))
# More combinations than this and the memory is emptied (a corpus of odd tokens).
_MEMO_LIMIT = 50_000


class IndexedAttributeRuler(AttributeRuler):
    """``AttributeRuler`` whose ``match`` looks patterns up per token values."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._reset_index()

    def _reset_index(self) -> None:
        self._alternatives: list[tuple[int, list[dict]]] = []  # (pattern number, token specs)
        self._use_matcher = False
        self._compiled = False
        self._memo: dict[tuple, tuple] = {}

    def clear(self) -> None:
        super().clear()
        self._reset_index()

    def add(self, patterns: Iterable, attrs: dict, index: int = 0) -> None:
        patterns = list(patterns)
        number = len(self.attrs)  # the key AttributeRuler.add files these patterns under
        super().add(patterns, attrs, index)
        for pattern in patterns:
            self._use_matcher = self._use_matcher or not _supported(pattern)
            self._alternatives.append((number, pattern))
        self._compiled = False

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self._use_matcher:
            return super().match(doc)
        if not self._compiled:
            self._compile()
        if not self._alternatives or not len(doc):
            return []
        values = doc.to_array(self._attr_names)
        if values.ndim == 1:  # one attribute: to_array gives a flat array
            values = values.reshape(-1, 1)
        rows = [tuple(row) for row in values.tolist()]
        memo = self._memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        found = set()
        n = len(rows)
        for start, row in enumerate(rows):
            hits = memo.get(row)
            if hits is None:
                hits = memo[row] = self._starting(row)
            for number, rest in hits:
                end = start + 1 + len(rest)
                if end <= n and all(test(rows[start + 1 + k]) for k, test in enumerate(rest)):
                    found.add((number, self._match_ids[number], start, end))
        return sorted(found)

    def _compile(self) -> None:
        used = {attr for _, pattern in self._alternatives for spec in pattern for attr in spec}
        self._attr_names = sorted(used, key=lambda a: IDS[a])
        position = {name: i for i, name in enumerate(self._attr_names)}
        strings = self.vocab.strings
        self._match_ids = [strings[str(i)] for i in range(len(self.attrs))]
        # First tokens filed by one compared value, so that a token's
        # candidates are found by a few dictionary lookups.
        self._filed: dict[int, dict[int, list]] = {}
        self._unfiled: list = []
        for order, (number, pattern) in enumerate(self._alternatives):
            tests = [_TokenTest(spec, position, strings) for spec in pattern]
            entry = (order, number, tests[0], tuple(tests[1:]))
            key = next((a for a in _SELECTIVE if a in pattern[0] and _values(pattern[0][a]) is not None), None)
            if key is None:
                self._unfiled.append(entry)
                continue
            table = self._filed.setdefault(position[key], {})
            for value in _values(pattern[0][key]):
                table.setdefault(_code(value, strings), []).append(entry)
        self._memo = {}
        self._compiled = True

    def _starting(self, row: tuple) -> tuple:
        """(pattern number, tests of its later tokens) of the patterns whose
        first token matches a token with these values, in pattern order."""
        candidates = list(self._unfiled)
        for i, table in self._filed.items():
            candidates.extend(table.get(row[i], ()))
        candidates.sort(key=lambda entry: entry[0])
        return tuple((number, rest) for _, number, first, rest in candidates if first(row))


def _values(value) -> list | None:
    """The values an equality or IN test accepts, else None."""
    if isinstance(value, dict):
        return list(value["IN"]) if "IN" in value else None
    return [value]


def _code(value: str | bool, strings) -> int:
    """A pattern value as Doc.to_array writes it."""
    return int(value) if isinstance(value, bool) else strings[value]


def _supported(pattern: list[dict]) -> bool:
    if not pattern:
        return False  # spaCy's Matcher says what is wrong with it
    for spec in pattern:
        for attr, value in spec.items():
            kind = bool if attr in _FLAGS else str if attr in _STRINGS else None
            if kind is None:
                return False
            if isinstance(value, dict):
                if len(value) != 1 or not set(value) <= _OPERATORS:
                    return False
                (op, arg), = value.items()
                if kind is bool or not (isinstance(arg, str) if op == "REGEX" else all(isinstance(v, str) for v in arg)):
                    return False
            elif type(value) is not kind:
                return False
    return True


class _TokenTest:
    """A test of one token's row of attribute codes for one token spec.
    A class rather than a closure so that the model still pickles."""

    __slots__ = ("checks", "strings")

    def __init__(self, spec: dict, position: dict[str, int], strings) -> None:
        checks = []
        for attr, value in spec.items():
            i = position[attr]
            if not isinstance(value, dict):
                checks.append((i, "==", _code(value, strings)))
                continue
            (op, arg), = value.items()
            if op == "REGEX":
                checks.append((i, op, re.compile(arg)))
            else:
                checks.append((i, op, frozenset(_code(v, strings) for v in arg)))
        self.checks = tuple(checks)
        self.strings = strings

    def __call__(self, row: tuple) -> bool:
        for i, op, arg in self.checks:
            code = row[i]
            if op == "==":
                ok = code == arg
            elif op == "IN":
                ok = code in arg
            elif op == "NOT_IN":
                ok = code not in arg
            else:
                ok = arg.search(self.strings[code] if code else "") is not None
            if not ok:
                return False
        return True

    def __getstate__(self):
        return self.checks, self.strings

    def __setstate__(self, state) -> None:
        self.checks, self.strings = state


@Language.factory("indexed_attribute_ruler", default_config={"validate": False})
def make_indexed_attribute_ruler(nlp: Language, name: str, validate: bool) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate)


def index_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Replace the pipeline's stock attribute ruler by an ``IndexedAttributeRuler``
    with the same patterns. Whether it was replaced (False: no such component)."""
    if name not in nlp.pipe_names:
        return False
    stock = nlp.get_pipe(name)
    if type(stock) is not AttributeRuler:
        return False
    patterns = stock.patterns
    fast = nlp.replace_pipe(name, "indexed_attribute_ruler")
    fast.add_patterns(patterns)
    return True
