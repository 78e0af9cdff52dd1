"""Clauses: their verbs, subjects, predicate words and attribution.

Small pure functions over spaCy tokens, one dependency rule each, that the
triple reader (``extract.py``) combines. A clause is headed by a verb (or a
copula) in the dependency parse; its predicate is the verb with its
auxiliaries, negation and particles, in text order.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.triples.phrases import conjuncts

VERBAL = frozenset({"VERB", "AUX"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
# Dependents that are part of the predicate's words.
PREDICATE_DEPS = frozenset({"aux", "auxpass", "neg", "prt"})
# Dependencies under which a verb heads a clause of its own.
CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis", "acl", "xcomp", "pcomp"})
# Relative pronouns and the complementizer "that" stand for the noun a
# relative clause hangs on.
RELATIVE_TAGS = frozenset({"WDT", "WP"})


def is_clause_verb(token: Token) -> bool:
    """A verb (or copula) heading a clause: not an auxiliary of another verb."""
    if token.pos_ not in VERBAL or token.dep_ not in CLAUSE_DEPS:
        return False
    if token.dep_ == "conj":
        return token.head.pos_ in VERBAL
    return True


def is_relative_pronoun(token: Token) -> bool:
    """"who", "which", "that" opening a relative clause."""
    return token.tag_ in RELATIVE_TAGS or (token.lower_ == "that" and token.head.dep_ == "relcl")


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children)


def own_subject(verb: Token) -> Token | None:
    """The subject dependent of ``verb`` itself, if any."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    return None


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The heads of ``verb``'s subjects, each conjunct apart.

    A verb without a subject of its own takes one from the verb it hangs on:
    a coordinated verb ("arrived and met") and a participial or infinitival
    complement ("wants to visit", "speaking to reporters, he said") from its
    head verb; a relative clause or participle on a noun ("the law passed by
    Congress") from that noun. A relative pronoun subject stands for the
    noun ("the man who won").
    """
    if depth > 8:
        return []
    subj = own_subject(verb)
    if subj is not None:
        if is_relative_pronoun(subj) and verb.dep_ == "relcl":
            return list(conjuncts(verb.head))
        if subj.dep_.startswith("csubj"):
            return []
        return list(conjuncts(subj))
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [verb.head] if verb.dep_ == "acl" else list(conjuncts(verb.head))
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in VERBAL:
        if verb.dep_ == "xcomp" and any(c.dep_ in ("dobj", "dative") for c in verb.head.children):
            return []  # "urged the United States to respect": the object's act, not told here
        return subjects(verb.head, depth + 1)
    return []


def predicate_tokens(verb: Token) -> list[Token]:
    """``verb`` with its auxiliaries, negation and particles.

    A coordinated verb without auxiliaries of its own shares those of the
    first verb ("will arrive and meet" -> "will meet"), but not its negation.
    """
    own = [c for c in verb.children if c.dep_ in PREDICATE_DEPS]
    if verb.dep_ == "conj" and verb.head.pos_ in VERBAL and not any(c.dep_ in ("aux", "auxpass") for c in own):
        own += [c for c in verb.head.children if c.dep_ in ("aux", "auxpass") and c.i < verb.head.i]
    return sorted([verb, *own], key=lambda t: t.i)


def is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def controlled_complement(verb: Token) -> Token | None:
    """The infinitive or participle that continues ``verb``'s predicate
    ("wants to visit", "is expected to meet", "began talking"): an xcomp
    verb without a subject of its own, when ``verb`` has no object."""
    if any(c.dep_ in ("dobj", "dative", "attr", "oprd") for c in verb.children):
        return None
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ in VERBAL and own_subject(child) is None:
            return child
    return None


def _reporting_clause(verb: Token) -> bool:
    """A clause set beside another only to say who said it ("..., the
    State Department said"): set off by punctuation, with a subject and no
    conjunction, object or complement of its own."""
    if own_subject(verb) is None or any(
        c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "dative", "mark", "oprd") for c in verb.children
    ):
        return False
    left = verb.left_edge.i
    return left > verb.sent.start and verb.doc[left - 1].is_punct


def source(verb: Token) -> Token | None:
    """Who the clause of ``verb`` is attributed to, if anyone.

    The subject of the verb whose complement clause it is ("Miller said
    that ..."), the subject of a reporting clause set beside it ("...,
    the ministry said"), or the object of "according to".
    """
    node = verb
    for _ in range(8):
        for child in node.children:
            if child.dep_ in ("parataxis", "ccomp") and child.pos_ in VERBAL and _reporting_clause(child) and child.i > node.i:
                return own_subject(child)
            if child.dep_ == "prep" and child.lower_ == "according":
                for grand in child.children:
                    for obj in (grand, *grand.children):
                        if obj.dep_ == "pobj":
                            return obj
        if node.dep_ == "ccomp" and node.head.pos_ in VERBAL:
            subj = subjects(node.head)
            return subj[0] if subj else None
        if node.dep_ != "conj" or node.head.pos_ not in VERBAL:
            return None
        node = node.head
    return None


def is_attribution_only(verb: Token) -> bool:
    """A verb whose only job is to report another clause."""
    if verb.dep_ in ("parataxis", "ccomp") and _reporting_clause(verb) and verb.i > verb.head.i:
        return True
    return False
