"""Argument phrases: the words of a noun (or clause) argument, read off the parse.

An argument is the subtree of its head token, less what is told as a triple
of its own: a relative clause (its own clause, attached to the noun), an
apposition (its own "is" triple), the other members of a coordination (each
its own argument), and punctuation at the edges. Every function here is pure
over spaCy tokens and returns token indices, so that callers can turn them
into text, offsets or entity links.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

# Dependents of an argument's head that leave its phrase: each is told on
# its own (an apposition as an "is" triple, a conjunct as its own argument).
_DETACHED = frozenset({"appos", "cc", "conj", "preconj", "punct", "mark", "prep_agent"})
# Clauses that leave a phrase wherever they hang in it: they are clauses of
# their own ("the capital of a country that borders France").
_CLAUSES = frozenset({"relcl", "advcl", "parataxis", "ccomp"})
_EDGE_POS = frozenset({"PUNCT", "CCONJ", "SCONJ"})


def _kept(token: Token, root: Token, named: bool = False) -> bool:
    """Whether ``token`` (in ``root``'s subtree) belongs to ``root``'s phrase;
    ``named``: the root's coordination is one name and stays whole."""
    while token.i != root.i:
        if token.dep_ in _CLAUSES or (token.head.i == root.i and token.dep_ in _DETACHED):
            if not (named and token.dep_ in ("cc", "conj")):
                return False
        token = token.head
    return True


def phrase(root: Token) -> list[int]:
    """Token indices of the phrase headed by ``root``, in text order.

    The subtree of ``root`` without relative clauses, appositions and
    coordinated members, trimmed of punctuation and conjunctions at either
    end; a gap left by a cut is closed (the phrase is contiguous up to the
    first cut after the root and from the last cut before it).
    """
    named = whole_coordination(root)
    kept = [t.i for t in root.subtree if _kept(t, root, named)]
    kept = _contiguous(kept, root.i)
    doc = root.doc
    while kept and kept[0] != root.i and (doc[kept[0]].pos_ in _EDGE_POS or doc[kept[0]].dep_ == "case"):
        kept.pop(0)
    while kept and kept[-1] != root.i and (doc[kept[-1]].pos_ in _EDGE_POS or doc[kept[-1]].tag_ in ("``", "''", "-LRB-", "-RRB-")):
        kept.pop()
    return kept


def _contiguous(indices: list[int], root: int) -> list[int]:
    """The run of consecutive indices around ``root``."""
    pos = indices.index(root)
    lo = hi = pos
    while lo > 0 and indices[lo - 1] == indices[lo] - 1:
        lo -= 1
    while hi + 1 < len(indices) and indices[hi + 1] == indices[hi] + 1:
        hi += 1
    return indices[lo : hi + 1]


def _inside_entity(a: Token, b: Token) -> bool:
    """Both tokens in one named entity ("Bosnia and Herzegovina")."""
    return a.ent_iob_ != "O" and b.ent_iob_ != "O" and _ent_start(a) == _ent_start(b)


def _ent_start(token: Token) -> int:
    i = token.i
    doc = token.doc
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return i


def conjuncts(head: Token) -> Iterator[Token]:
    """``head`` and the members coordinated with it ("China and Japan"),
    except where the coordination is inside one named entity."""
    yield head
    for conj in head.conjuncts:
        if conj.i > head.i and conj.head.i >= head.i and not _inside_entity(head, conj):
            if conj.pos_ in ("VERB", "AUX") and head.pos_ not in ("VERB", "AUX"):
                continue
            yield conj


def whole_coordination(head: Token) -> bool:
    """Whether ``head``'s conjuncts are kept as one phrase: inside an entity."""
    return any(_inside_entity(head, c) for c in head.conjuncts)


def text_of(doc, indices: list[int]) -> str:
    """The words of ``indices`` as they stand in the text (spacing kept)."""
    if not indices:
        return ""
    span = doc[indices[0] : indices[-1] + 1]
    if len(span) == len(indices):
        return span.text
    parts = []
    for n, i in enumerate(indices):
        tok = doc[i]
        last = n + 1 == len(indices)
        parts.append(tok.text if last else tok.text_with_ws if indices[n + 1] == i + 1 else tok.text + " ")
    return "".join(parts).strip()


def sentence_of(token: Token) -> Span:
    return token.sent
