"""graphbuild's Turtle: pyoxigraph triples in, the same text for the same set
of triples out, whatever their order.

Written here rather than by rdflib's serializer (about 50 s for a million
triples). Each subject's triples make one Turtle block: ``rdf:type`` first
(as ``a``), then the predicates and their objects in the order of their
N-Triples text. A term is written as its N-Triples text (pyoxigraph's
``str()``, so every path writes a term the same way), but for an IRI that
a graphbuild prefix and a plain local name make a prefixed name, and an
``xsd:integer``, written as a bare number.
The file is every graphbuild prefix, then the blocks in the order of their
subject's N-Triples text.

The block of a subject depends only on its own triples, so a store keeps
the block of each subject (``turtle_blocks``) and writes the file
(``turtle_document``) without decoding the graph again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from graphbuild.rdf.namespace import PREFIX_IRIS

_RDF_TYPE = f"<{RDF.type}>"
_INTEGER_TYPE = f"^^<{XSD.integer}>"  # how the N-Triples text of an integer ends
# Longest namespace first: the most specific prefix wins.
_TTL_PREFIXES = sorted(PREFIX_IRIS.items(), key=lambda p: (-len(p[1]), p[0]))
_TTL_HEADER = "".join(f"@prefix {name}: <{ns}> .\n" for name, ns in sorted(PREFIX_IRIS.items()))
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")


def _iri(nt: str) -> str:
    """``<iri>`` as a prefixed name when a graphbuild prefix and a plain
    local name make it one, else as it is."""
    iri = nt[1:-1]
    for name, ns in _TTL_PREFIXES:
        if iri.startswith(ns) and _LOCAL_NAME.fullmatch(iri, len(ns)):
            return f"{name}:{iri[len(ns):]}"
    return nt


def _term(nt: str, iris: dict[str, str]) -> str:
    """A term as Turtle, from its N-Triples text: the same text but for
    prefixed names and bare integers. ``iris`` remembers the IRIs written
    so far (most repeat)."""
    if nt.startswith("<"):
        short = iris.get(nt)
        if short is None:
            short = iris[nt] = _iri(nt)
        return short
    if nt.startswith('"'):
        end = nt.rindex('"')  # a language tag or a datatype IRI holds no quote
        suffix = nt[end + 1 :]
        if suffix.startswith("^^<"):
            if suffix == _INTEGER_TYPE and _INTEGER.fullmatch(nt, 1, end):
                return nt[1:end]
            return nt[: end + 1] + "^^" + _term(suffix[2:], iris)
    return nt  # a plain or language-tagged literal, a blank node


def turtle_block(subject: str, pairs: Iterable[tuple[str, str]], iris: dict[str, str] | None = None) -> str:
    """One subject's triples as a Turtle statement; ``subject`` and the
    (predicate, object) pairs (repeats allowed) in N-Triples form."""
    iris = {} if iris is None else iris
    groups: list[tuple[str, list[str]]] = []
    last = None
    for p, o in sorted(set(pairs), key=lambda po: (po[0] != _RDF_TYPE, po[0], po[1])):
        if p != last:
            groups.append(("a" if p == _RDF_TYPE else _term(p, iris), []))
            last = p
        groups[-1][1].append(_term(o, iris))
    body = " ;\n    ".join(f"{p} {', '.join(objects)}" for p, objects in groups)
    return f"{_term(subject, iris)} {body} .\n"


def turtle_blocks(triples: Iterable[ox.Triple | ox.Quad]) -> dict[str, str]:
    """Subject (N-Triples form) -> its Turtle block, for pyoxigraph triples
    (or quads, whose graph is left out); repeats allowed."""
    # Only the terms' text is kept: pyoxigraph makes a new Python object
    # per term read, and keeping them all costs more than the writing.
    return text_blocks((str(t.subject), str(t.predicate), str(t.object)) for t in triples)


def text_blocks(triples: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """``turtle_blocks`` for triples given as their terms' N-Triples text."""
    by_subject: dict[str, list[tuple[str, str]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append((p, o))
    iris: dict[str, str] = {}
    return {s: turtle_block(s, pairs, iris) for s, pairs in by_subject.items()}


def turtle_document(blocks: Iterable[tuple[str, str]]) -> str:
    """The Turtle file from (subject in N-Triples form, block) pairs."""
    ordered = sorted(blocks)
    return _TTL_HEADER + "".join("\n" + block for _, block in ordered)


def turtle(triples: Iterable[ox.Triple]) -> str:
    """Triples as graphbuild's Turtle: the same text for the same set of
    triples, whatever their order."""
    return turtle_document(turtle_blocks(triples).items())


def text_turtle(triples: Iterable[tuple[str, str, str]]) -> str:
    """``turtle`` for triples given as their terms' N-Triples text (``statements.nt_triples``)."""
    return turtle_document(text_blocks(triples).items())
