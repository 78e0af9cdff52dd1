"""Open triples: subject, predicate, object of every clause of a parsed Doc.

``open_triples(doc)`` yields one ``RawTriple`` per clause and argument, in
text order: the subject phrase, the predicate in the text's own words
(auxiliaries, negation, particles and a governing preposition kept: "will
travel to", "did not attend", "was arrested by", "is the capital of"), and
the object phrase. Coordinated subjects, objects and verbs are split; a
relative clause speaks of its noun; an apposition gives an "is" triple; a
complement clause of a reporting verb gives its own triples with the
reporter as their ``source``.

Everything is token indices into the Doc, so that the caller can link
arguments to entities and take offsets (``record.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from graphbuild.triples import clauses
from graphbuild.triples.phrases import conjuncts, phrase

# Dependents of a verb that are its objects.
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "acomp", "dative"})
# Dependents of a verb that are prepositions (the agent of a passive is "by").
PREP_DEPS = frozenset({"prep", "agent"})
NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM", "ADJ", "DET", "X", "SYM"})


@dataclass(frozen=True)
class RawTriple:
    """One triple as token indices of its Doc; ``predicate`` as text."""

    sentence: int
    subject: tuple[int, ...]
    subject_head: int
    predicate: str
    object: tuple[int, ...]
    object_head: int
    negated: bool = False
    source: tuple[int, ...] = ()
    source_head: int = -1


def _words(tokens: list[Token]) -> str:
    return " ".join(t.text for t in sorted(tokens, key=lambda t: t.i))


def _pobjects(prep: Token) -> tuple[list[Token], list[Token]]:
    """(preposition words, object heads) of a preposition: "because of" is
    one preposition; a gerund clause or a second preposition may stand for
    the noun ("accused of stealing", "from behind the wall")."""
    words = [prep]
    node = prep
    for _ in range(3):
        objs = [c for c in node.children if c.dep_ in ("pobj", "pcomp")]
        # "because of": a preposition parsed as the object of another
        glued = [o for o in objs if o.pos_ == "ADP" and o.i == node.i + 1]
        if glued:
            words.append(glued[0])
            objs = [o for o in objs if o.i != glued[0].i] or [c for c in glued[0].children if c.dep_ == "pobj"]
            node = glued[0]
        if objs:
            return words, [o for obj in objs for o in conjuncts(obj)]
        inner = [c for c in node.children if c.dep_ == "prep" and c.i == node.i + 1]
        if not inner:
            break
        node = inner[0]
        words.append(node)
    return words, []


def _arguments(verb: Token) -> Iterator[tuple[list[Token], Token]]:
    """(extra predicate words, object head) for each argument of ``verb``.

    A verb that reports a clause ("said at a briefing that ...") keeps its
    objects but not its prepositional adjuncts: the news is the clause.
    """
    reports = any(c.dep_ == "ccomp" for c in verb.children)
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS:
            if child.dep_ == "dative" and child.pos_ == "ADP":
                words, objs = _pobjects(child)
                yield from ((words, o) for o in objs)
                continue
            yield from _complement(child)
        elif child.dep_ in PREP_DEPS and child.lower_ != "according" and not reports:
            words, objs = _pobjects(child)
            yield from ((words, o) for o in objs)


def _complement(obj: Token) -> Iterator[tuple[list[Token], Token]]:
    """A copular complement with a preposition folds it into the predicate
    ("is the capital of" France, "is responsible for" the attack); any other
    object stands as it is, each conjunct apart."""
    for member in conjuncts(obj):
        folded = False
        if obj.dep_ in ("attr", "acomp") and member.pos_ in ("NOUN", "ADJ"):
            preps = [c for c in member.children if c.dep_ == "prep" and c.i > member.i]
            if preps:
                words, objs = _pobjects(preps[0])
                if objs:
                    head_words = [member.doc[i] for i in phrase(member) if i < preps[0].i]
                    yield from ((head_words + words, o) for o in objs)
                    folded = True
        if not folded:
            yield [], member


def _predicate_chain(verb: Token) -> tuple[list[Token], Token]:
    """The predicate words of ``verb`` and of the complements that continue
    it ("is expected to meet"), and the last verb, whose arguments count."""
    words = clauses.predicate_tokens(verb)
    last = verb
    for _ in range(4):
        nxt = clauses.controlled_complement(last)
        if nxt is None:
            break
        words += clauses.predicate_tokens(nxt)
        last = nxt
    return words, last


def _clause_triples(verb: Token, sent_index: int) -> Iterator[RawTriple]:
    if verb.dep_ == "xcomp" and clauses.own_subject(verb) is None and clauses.controlled_complement(verb.head) == verb:
        return  # told with the verb it continues
    if clauses.is_attribution_only(verb):
        return  # "..., officials said on Monday"
    subjects = clauses.subjects(verb)
    if not subjects:
        return
    words, last = _predicate_chain(verb)
    negated = any(t.dep_ == "neg" for t in words)
    src = clauses.source(verb)
    source = tuple(phrase(src)) if src is not None else ()
    relative_object = _relative_object(verb)
    subject_phrases: dict[int, list[int]] = {}  # each subject's, read once for all the objects
    for extra, obj in _arguments(last):
        if clauses.is_relative_pronoun(obj) and relative_object is not None:
            obj = relative_object
        clausal = obj.pos_ in ("VERB", "AUX")
        if clausal and obj.dep_ != "pcomp" and obj.tag_ != "VBG":
            continue
        obj_words = [t.i for t in obj.subtree if not t.is_punct] if clausal else phrase(obj)
        predicate = _words(words) + (" " + _words(extra) if extra else "")
        for subj in subjects:
            if subj.i not in subject_phrases:
                subject_phrases[subj.i] = phrase(subj)
            subj_words = subject_phrases[subj.i]
            if subj.i in obj_words or obj.i in subj_words:
                continue
            yield RawTriple(
                sent_index, tuple(subj_words), subj.i, predicate, tuple(obj_words), obj.i,
                negated, source, src.i if src is not None else -1,
            )


def _relative_object(verb: Token) -> Token | None:
    """The noun a relative clause hangs on, when its pronoun is the object
    ("the treaty that the two countries signed")."""
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return None


def _apposition_triples(token: Token, sent_index: int) -> Iterator[RawTriple]:
    """"Qin Gang, China's foreign minister" -> Qin Gang - is - China's foreign minister."""
    head = token.head
    if token.pos_ not in ("NOUN", "PROPN") or head.pos_ not in ("NOUN", "PROPN"):
        return
    subj, obj = phrase(head), phrase(token)
    if not subj or not obj:
        return
    yield RawTriple(sent_index, tuple(subj), head.i, "is", tuple(obj), token.i)


def open_triples(doc: Doc) -> Iterator[RawTriple]:
    """Every triple of ``doc``, sentence by sentence, in text order, once each."""
    for n, sent in enumerate(doc.sents):
        yield from sentence_triples(sent, n)


# A "sentence" longer than this is a list, a table or text without full
# stops: its parse says little, and reading it would cost time in proportion
# to the square of its length (a phrase is a subtree).
MAX_SENTENCE_TOKENS = 150


def sentence_triples(sent: Span, index: int = 0) -> Iterator[RawTriple]:
    """The triples of one sentence, without duplicates (none for a sentence
    of more than ``MAX_SENTENCE_TOKENS`` tokens)."""
    if len(sent) > MAX_SENTENCE_TOKENS:
        return
    seen: set[tuple] = set()
    for token in sent:
        if clauses.is_clause_verb(token):
            found = _clause_triples(token, index)
        elif token.dep_ == "appos":
            found = _apposition_triples(token, index)
        else:
            continue
        for triple in found:
            key = (triple.subject, triple.predicate, triple.object)
            if key not in seen:
                seen.add(key)
                yield triple
