"""Headlines: the telegraphic grammar news titles are written in.

"Pakistan expels Afghan envoy", "Britain, Russia trade barbs": a headline
drops articles and auxiliaries, tells a past event in the present tense and
joins names with a comma where prose says "and". A model trained on prose
reads "expels" as a plural noun and "Britain, Russia" as an apposition.

``rewrite(line, is_event_verb)`` gives a headline as prose says it
("Pakistan expelled Afghan envoy", "Britain and Russia traded barbs"),
with the edits it made, so that the reader parses the prose and reports
what it finds at the headline's own offsets (``Rewrite.original``).
Nothing is rewritten unless the headline has a present-tense verb the
event dictionaries know, after its opening subject, or such a verb's
infinitive ("Biden to visit China": "Biden will visit China").

>>> def known(lemma): return lemma in {"expel", "trade"}
>>> rewrite("Pakistan expels Afghan envoy", known).text
'Pakistan expelled Afghan envoy'
>>> rewrite("Britain, Russia trade barbs", known).text
'Britain and Russia traded barbs'
>>> rewrite("Talks resume in Geneva", known) is None
True
>>> rewrite("Farmers trade blows with police", known).text
'Farmers traded blows with police'
>>> rewrite("Crowds took to streets over trade bill", known) is None
True
>>> rewrite("Japan to expel Russian diplomats", known).text
'Japan will expel Russian diplomats'

"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lemminflect import getAllLemmas, getInflection

# A headline is one short line with no closing punctuation.
MAX_WORDS = 14
_LINE_END = re.compile(r"\n|$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
# Words that end a headline's subject, or come after it: prepositions
# ("Biden to visit China": a plan) and a noun's determiners.
_FUNCTION_WORDS = frozenset({"to", "the", "a", "an", "its", "his", "her", "their", "of", "for", "on", "in", "at", "by", "with"})


@dataclass(frozen=True)
class Rewrite:
    """A headline as prose says it, and the edits (start, end, new text) made to it."""

    text: str
    edits: tuple[tuple[int, int, str], ...]

    def original(self, pos: int) -> int:
        """The headline offset of offset ``pos`` of the prose text (a position
        inside an edited word goes to the word's end)."""
        shift = 0
        for start, end, new in self.edits:
            new_start = start + shift
            if pos <= new_start:
                break
            if pos < new_start + len(new):
                return end
            shift += len(new) - (end - start)
        return pos - shift

    def restore(self, words: str, headline: str) -> str:
        """``words`` of the prose text with each rewritten verb as the headline has it."""
        for start, end, new in self.edits:
            if new.strip() not in ("and", "will"):
                words = re.sub(rf"\b{re.escape(new)}\b", headline[start:end], words)
        return words


def headline_end(text: str) -> int | None:
    """The end of the text's first line when that line reads as a headline."""
    end = _LINE_END.search(text).start()
    line = text[:end].strip()
    words = _WORD.findall(line)
    if not 2 <= len(words) <= MAX_WORDS or line[-1] in ".!?:;\"”'’)" or not line[0].isupper():
        return None
    return end


def _past(word: str) -> bool:
    """A past form of a verb ("took", "expelled"): the headline is prose already."""
    lemmas = getAllLemmas(word.lower()).get("VERB", ())
    return any(word.lower() in getInflection(lemma, tag="VBD") for lemma in lemmas)


def _plural(word: str) -> bool:
    """"Thousands take to streets", "Farmers block roads": a plural noun before the verb."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s")) and "VERB" not in getAllLemmas(word.lower())


def _verb_form(word: str, plural_subject: bool, is_event_verb: Callable[[str], bool]) -> str | None:
    """The lemma of ``word`` when it is a present-tense event verb: a third
    person form ("expels"), or a plural's base form ("Britain, Russia trade")."""
    if not word.islower():
        return None
    lemmas = getAllLemmas(word).get("VERB", ())
    for lemma in lemmas:
        third = word != lemma and word.endswith("s")
        if (third or (plural_subject and word == lemma)) and is_event_verb(lemma):
            return lemma
    return None


def rewrite(line: str, is_event_verb: Callable[[str], bool]) -> Rewrite | None:
    """``line`` (a headline) as prose says it, or None when it has no present-tense event verb."""
    words = list(_WORD.finditer(line))
    verb = None
    for n, m in enumerate(words[1:], 1):
        before = line[: m.start()]
        if m.group().lower() in _FUNCTION_WORDS or _past(m.group()):
            break  # the subject ended with no present-tense verb: "Thousands took to streets"
        plural = "," in before or " and " in before or _plural(words[n - 1].group())
        lemma = _verb_form(m.group(), plural, is_event_verb)
        if lemma is not None:
            verb = (m, lemma)
            break
    if verb is None:
        return _future(line, words, is_event_verb)
    m, lemma = verb
    past = getInflection(lemma, tag="VBD")
    if not past:
        return None
    return _edited(line, [(m.start(), m.end(), past[0])])


def _future(line: str, words: list[re.Match], is_event_verb: Callable[[str], bool]) -> Rewrite | None:
    """"Biden to visit China": a headline's infinitive after its subject is
    what will happen ("Biden will visit China")."""
    for n, m in enumerate(words[1:-1], 1):
        if _past(m.group()):
            return None  # "Crowds marched to parliament": prose already
        after = words[n + 1].group()
        if m.group() == "to" and words[n - 1].group().lower() not in _FUNCTION_WORDS and _base_verb(after) and is_event_verb(after):
            return _edited(line, [(m.start(), m.end(), "will")])
    return None


def _base_verb(word: str) -> bool:
    return word.islower() and word in getAllLemmas(word).get("VERB", ())


def _edited(line: str, edits: list[tuple[int, int, str]]) -> Rewrite:
    """``line`` with ``edits``, and each comma before a word read as "and"."""
    edits = edits + [(c.start(), c.end(), " and") for c in re.finditer(r",(?= [A-Za-z])", line)]
    edits.sort()
    text, last = [], 0
    for start, end, new in edits:
        text += [line[last:start], new]
        last = end
    text.append(line[last:])
    return Rewrite("".join(text), tuple(edits))
