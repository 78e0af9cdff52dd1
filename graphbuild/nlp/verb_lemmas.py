"""Verb lemmas the model's lemmatizer gets wrong, put right.

spaCy's English lemmatizer strips a suffix and keeps the result when it is
a word it knows: "staged" becomes "stag", so "staged a protest" carries no
event. lemminflect (a lexicon of English inflections) knows which lemmas a
verb form can have; where the model's lemma is none of them, the first of
lemminflect's is used. The component runs after the lemmatizer.
"""

from __future__ import annotations

from functools import lru_cache

from lemminflect import getAllLemmas
from spacy.language import Language
from spacy.tokens import Doc

VERB_TAGS = frozenset({"VBD", "VBN", "VBZ", "VBG", "VBP"})
COMPONENT = "graphbuild_verb_lemmas"


@lru_cache(maxsize=65536)
def verb_lemmas(form: str) -> tuple[str, ...]:
    """The lemmas the verb form ``form`` (lowercase) can have; () when lemminflect knows none."""
    return tuple(getAllLemmas(form, upos="VERB").get("VERB", ()))


@Language.component(COMPONENT)
def fix_verb_lemmas(doc: Doc) -> Doc:
    for tok in doc:
        if tok.tag_ in VERB_TAGS:
            lemmas = verb_lemmas(tok.lower_)
            if lemmas and tok.lemma_.lower() not in lemmas:
                tok.lemma_ = lemmas[0]
    return doc
