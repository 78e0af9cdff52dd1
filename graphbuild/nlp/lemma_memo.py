"""spaCy's rule lemmatizer, remembering every lemma it works out.

In ``en_core_web_sm`` the lemmatizer took about a seventh of ``nlp.pipe``
on real-style news (benchmarks/bench.py), though its answer depends only on
a token's word, part of speech and morphology: spaCy remembers that answer
only when the suffix rules ran, not when the token is a base form (a
singular noun, an infinitive, a plain adjective, most tokens of news), so
those are worked out again for every occurrence. This lemmatizer remembers
every answer, as the word's string hash, and reads the three values of a
whole document at once. And where the rules do run, each candidate lemma is
looked for in the table of known words, which the model ships as a list
(57,000 nouns, scanned from the start for each candidate: about a tenth of
a millisecond per new plural): the lists here answer ``in`` from a set.

Same lemmas out, by construction: an unseen (word, part of speech,
morphology) goes to the stock ``lemmatize`` (tests/test_nlp.py compares
every token of the team's articles with the stock pipeline's).
"""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

# More combinations than this and the memory is emptied (a corpus of odd tokens).
_MEMO_LIMIT = 200_000
_READ = [ORTH, POS, MORPH, LEMMA]


class _Remembering:
    """Mixed in before a lemmatizer class: ``__call__`` with a memory."""

    _memo: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule" or not len(doc):
            return super().__call__(doc)
        if not self._validated:
            return super().__call__(doc)  # the stock check of the tables, once
        memo = self._memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        strings = self.vocab.strings
        rows = doc.to_array(_READ).tolist()
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not self.overwrite:
                continue  # set before (the attribute ruler's exceptions): kept, as stock
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = memo[key] = strings.add(self.lemmatize(doc[i])[0])
            doc[i].lemma = found
        return doc


class KnownWords(list):
    """A list of words (the lemmatizer's index table) that answers ``in`` from a set;
    still a list, in the same order, wherever the table is written or read."""

    def __init__(self, words=()) -> None:
        super().__init__(words)
        self._set = frozenset(self)

    def __contains__(self, word) -> bool:
        return word in self._set


class RememberingLemmatizer(_Remembering, Lemmatizer):
    pass


class RememberingEnglishLemmatizer(_Remembering, EnglishLemmatizer):
    pass


# Module-level classes, so that the model still pickles for spawned workers.
_REMEMBERING = {Lemmatizer: RememberingLemmatizer, EnglishLemmatizer: RememberingEnglishLemmatizer}


def remember_lemmas(nlp: Language, name: str = "lemmatizer") -> bool:
    """Make the pipeline's rule lemmatizer remember its lemmas. Whether it
    was changed (False: no such component, or a class not spaCy's own)."""
    if name not in nlp.pipe_names:
        return False
    stock = nlp.get_pipe(name)
    remembering = _REMEMBERING.get(type(stock))
    if remembering is None:
        return False
    stock.__class__ = remembering  # same tables, same settings: only __call__ differs
    stock._memo = {}
    index = stock.lookups.get_table("lemma_index", {})
    for pos, words in list(index.items()):
        if type(words) is list:
            index[pos] = KnownWords(words)
    return True
