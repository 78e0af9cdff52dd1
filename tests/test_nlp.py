"""The model as graphbuild loads it: its attribute ruler gives the tokens
spaCy's own ruler gives, and its lemmatizer the lemmas spaCy's own gives,
on real text and on hand-made patterns."""

import json
import pickle
from pathlib import Path

import pytest
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.lookups import Lookups
from spacy.pipeline import AttributeRuler

from graphbuild.nlp.attribute_ruler import IndexedAttributeRuler
from graphbuild.nlp.lemma_memo import RememberingEnglishLemmatizer

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests").rglob("*articles*.jsonl")) + [ROOT / "examples" / "articles.jsonl"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if isinstance(record, dict) and isinstance(record.get("text"), str):
                texts.append(record["text"])
    # The stock patterns' odd corners: contractions, regex words, spaces.
    texts.append("Y'all gon na see it. I ai n't got nothin' . Let's go, c'm on.  \n\n There is but one way; it was I.")
    return texts


@pytest.fixture(scope="module")
def parsed(nlp):
    """Docs parsed up to the attribute ruler, and the stock ruler with the model's patterns."""
    assert type(nlp.get_pipe("attribute_ruler")) is IndexedAttributeRuler
    stock = AttributeRuler(nlp.vocab)
    stock.add_patterns(nlp.get_pipe("attribute_ruler").patterns)
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(nlp.pipe(_texts()))
    assert len(docs) > 300
    return docs, stock


def test_indexed_ruler_finds_the_matches_spacy_finds(nlp, parsed):
    docs, stock = parsed
    fast = nlp.get_pipe("attribute_ruler")
    found = 0
    for doc in docs:
        expected = stock.match(doc)
        assert fast.match(doc) == expected, doc.text[:80]
        found += len(expected)
    assert found > sum(len(d) for d in docs)  # every token matches a tag pattern, some more


def test_tokens_come_out_as_with_spacys_ruler(nlp, parsed):
    docs, stock = parsed
    fast = nlp.get_pipe("attribute_ruler")
    for doc in docs[:60]:
        a, b = doc.copy(), doc.copy()
        stock(a)
        fast(b)
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in a] == [
            (t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in b
        ]


PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"LOWER": {"IN": ["talks", "summit"]}, "TAG": "NNS"}]], "attrs": {"LEMMA": "meeting"}},
    {"patterns": [[{"LOWER": {"REGEX": "^sanction"}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["NN", "NNS", ""]}, "IS_PUNCT": False}]], "attrs": {"MORPH": "Foo=Bar"}},
    {"patterns": [[{"LOWER": "prime"}, {"LOWER": "minister"}]], "attrs": {"LEMMA": "premier"}, "index": -1},
    {"patterns": [[{"ORTH": "Kyiv"}], [{"ORTH": "Kiev"}]], "attrs": {"LEMMA": "Kyiv"}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "PROPN"}},  # later pattern wins
]


def test_hand_made_patterns_match_as_in_spacy(nlp):
    stock, fast = AttributeRuler(nlp.vocab), IndexedAttributeRuler(nlp.vocab)
    stock.add_patterns(PATTERNS)
    fast.add_patterns(PATTERNS)
    texts = ["The prime minister said sanctions on Kiev and Kyiv talks were a summit issue.",
             "Sanctioning the prime minister. Prime"]
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        for doc in nlp.pipe(texts):
            assert fast.match(doc) == stock.match(doc)
            a, b = stock(doc.copy()), fast(doc.copy())
            assert [(t.pos_, t.lemma_, str(t.morph)) for t in a] == [(t.pos_, t.lemma_, str(t.morph)) for t in b]
    doc = fast(nlp("The prime minister met the Kiev delegation."))
    assert doc[2].lemma_ == "premier" and doc[2].pos_ == "PROPN"  # minister: NN, so the last pattern


def test_patterns_on_one_attribute_only(nlp):
    """Doc.to_array gives a flat array for one attribute."""
    patterns = [{"patterns": [[{"TAG": "NNP"}], [{"TAG": "NNPS"}]], "attrs": {"LEMMA": "name"}}]
    stock, fast = AttributeRuler(nlp.vocab), IndexedAttributeRuler(nlp.vocab)
    stock.add_patterns(patterns)
    fast.add_patterns(patterns)
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        doc = nlp("Blinken met the Philippines' envoy in Manila.")
    assert fast.match(doc) == stock.match(doc) != []


def test_a_pattern_it_cannot_index_goes_to_spacys_matcher(nlp):
    fast = IndexedAttributeRuler(nlp.vocab)
    fast.add_patterns([{"patterns": [[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], "attrs": {"LEMMA": "much"}, "index": -1}])
    assert fast._use_matcher
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        doc = fast(nlp("It is a very very big deal."))
    assert doc[5].tag_ == "JJ" and doc[5].lemma_ == "much"
    fast.clear()
    assert not fast._use_matcher


def test_the_model_pickles_for_spawned_workers(nlp):
    """Worker processes started by "spawn" (macOS, Windows) get the model pickled."""
    nlp("Warm the index up: Blinken met Wang Yi.")
    copy = pickle.loads(pickle.dumps(nlp))
    text = "The prime minister isn't gon na visit Kyiv, officials said on Monday."
    assert [(t.pos_, t.lemma_, str(t.morph)) for t in copy(text)] == [(t.pos_, t.lemma_, str(t.morph)) for t in nlp(text)]


def test_the_remembering_lemmatizer_gives_spacys_lemmas(nlp):
    """Every token of the team's articles gets the lemma spaCy's own
    lemmatizer, with the tables as shipped, gives it, read twice (once
    worked out, once remembered)."""
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert type(lemmatizer) is RememberingEnglishLemmatizer
    stock = EnglishLemmatizer(nlp.vocab, None, mode="rule")
    stock.lookups = Lookups().from_bytes(lemmatizer.lookups.to_bytes())  # plain lists again
    assert type(stock.lookups.get_table("lemma_index")[nlp.vocab.strings["noun"]]) is list
    with nlp.select_pipes(disable=["lemmatizer", "graphbuild_verb_lemmas", "ner"]):
        docs = list(nlp.pipe(_texts()))
    changed = 0
    for doc in docs + docs:
        a, b = doc.copy(), doc.copy()
        stock(a)
        lemmatizer(b)
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b], doc.text[:80]
        changed += sum(t.lemma_ != t.text for t in a)
    assert changed > 1000  # the stock lemmatizer did change words


def test_a_lemma_set_before_the_lemmatizer_is_kept(nlp):
    """The attribute ruler's exceptions set a few lemmas; the lemmatizer
    (not overwriting, as shipped) leaves them."""
    with nlp.select_pipes(disable=["lemmatizer", "graphbuild_verb_lemmas", "ner"]):
        doc = nlp("Troops marched into the town.")
    doc[0].lemma_ = "soldier"
    nlp.get_pipe("lemmatizer")(doc)
    assert [t.lemma_ for t in doc][:3] == ["soldier", "march", "into"]
