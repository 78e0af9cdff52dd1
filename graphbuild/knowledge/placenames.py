"""The spellings news gives a place name that a gazetteer writes otherwise.

Gazetteers write names as transliterated ("Kunaṟ", "Tillabéri", "Ma'rib",
"Al Mukalla"); wire copy drops the diacritics, the marks for the Arabic
'ayn and hamza, and often the Arabic article ("Kunar", "Tillaberi", "Marib",
"Mukalla"). A compass word before a region's name ("North Darfur") leaves the
name of the wider region the others share ("Darfur"); the compass words are
``compass_words`` in ``data/roles.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from lemminflect import getAllLemmas

# Apostrophe-like letters of transliteration: 'ayn, hamza, and the quotes used for them.
_MARKS = re.compile(r"['`\u2018\u2019\u02bb\u02bc\u02be\u02bf]")
# The Arabic article, with the sun letters' assimilated forms, before a name
# (not "el": "El Paso" and "El Alto" are Spanish).
_ARTICLE = re.compile(r"^(?:al|ad|ar|as|ash|at|az|an|adh|ath)[- ](?=\w)")


def folded(name: str) -> str:
    """``name`` without diacritics ("tillabéri" -> "tillaberi")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _is_english_word(word: str) -> bool:
    return bool(getAllLemmas(word))


def spellings(name: str) -> Iterator[str]:
    """Other spellings of a normalized (lowercase) place name, most faithful
    first; a bare remainder that is an English word ("at tall" -> "tall") is
    not offered."""
    seen = {name}
    plain = folded(name)
    for form in (plain, _MARKS.sub("", plain)):
        bare = _ARTICLE.sub("", form)
        for candidate in (form, bare):
            if candidate in seen or _is_english_word(candidate) or (candidate == bare and len(bare) < 4):
                continue
            seen.add(candidate)
            yield candidate


def without_article(name: str) -> str:
    """"el geneina" -> "geneina": a name read without an Arabic article,
    Spanish-looking "el" included, for a lookup the whole name failed
    ("" when nothing is left worth looking up)."""
    first, _, rest = name.partition(" ")
    if first not in ("el", "al") or len(rest) < 4 or _is_english_word(rest):
        return ""
    return rest


def shared_regions(names: Iterable[str], compass: Iterable[str]) -> dict[str, set[str]]:
    """"north darfur", "south darfur" -> {"darfur": {...the names}}: the
    wider region compass-named regions share (``compass``: the compass
    words, roles.toml), when more than one shares it."""
    compass = frozenset(compass)
    wider: dict[str, set[str]] = {}
    for name in names:
        first, _, rest = name.partition(" ")
        if first in compass and rest and not _is_english_word(rest):
            wider.setdefault(rest, set()).add(name)
    return {k: v for k, v in wider.items() if len(v) > 1}
