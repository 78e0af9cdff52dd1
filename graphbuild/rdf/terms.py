"""RDF terms: literals made from record fields, node IRIs without a key, and
the same terms in rdflib and in pyoxigraph.

Takes plain strings and integers from the records and gives the literals the
graph writes: text (lone surrogates, which no file can hold, become U+FFFD),
``xsd:date`` for a valid YYYY-MM-DD day (any other date text stays text),
integers and booleans. ``RDFLIB_LITERALS`` makes them as rdflib terms,
``OX_LITERALS`` as pyoxigraph terms (what ``to_oxigraph`` would make of the
rdflib ones, without making those first: about half of the time of writing
Turtle). ``to_oxigraph``, ``OxTerms`` and ``to_rdflib`` turn one kind of term
into the other; ``NtTerms`` gives either's N-Triples text.

Entities, events with an id and documents get their IRIs from their keys
(``namespace.mint``); an event without an id and a piece of evidence get one
from a hash of what they are (``anonymous_event_iri``, ``evidence_iri``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as _date

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from graphbuild.records import Event, Evidence
from graphbuild.rdf.namespace import EVENT, EVIDENCE
from graphbuild.safetext import SURROGATE

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_XSD_STRING = str(XSD.string)
_OX_DATE = ox.NamedNode(str(XSD.date))
_OX_INTEGER = ox.NamedNode(str(XSD.integer))
_OX_BOOLEAN = ox.NamedNode(str(XSD.boolean))


# ---------------------------------------------------------------------------
# Literals


def clean(text: str) -> str:
    """``text`` with each lone surrogate as U+FFFD: no file, store or HTTP
    body can hold one (JSON input can carry them)."""
    if SURROGATE.search(text):
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def is_day(value: str) -> bool:
    """Whether ``value`` is a real day written YYYY-MM-DD (an ``xsd:date``)."""
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        _date.fromisoformat(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Literals:
    """How the statements make their literals: text, a day (``xsd:date``
    when ``is_day``, else text), integers, booleans."""

    text: Callable[[str], object]
    day: Callable[[str], object]
    integer: Callable[[int], object]
    boolean: Callable[[bool], object]


def _text(value: str) -> Literal:
    return Literal(clean(value))


def _day(value: str) -> Literal:
    return Literal(value, datatype=XSD.date) if is_day(value) else _text(value)


def _ox_day(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_OX_DATE) if is_day(value) else ox.Literal(clean(value))


RDFLIB_LITERALS = Literals(_text, _day, lambda v: Literal(int(v)), lambda v: Literal(bool(v)))
OX_LITERALS = Literals(
    lambda v: ox.Literal(clean(v)),
    _ox_day,
    lambda v: ox.Literal(str(int(v)), datatype=_OX_INTEGER),
    lambda v: ox.Literal("true" if v else "false", datatype=_OX_BOOLEAN),
)


# ---------------------------------------------------------------------------
# IRIs of nodes that have no key of their own


def anonymous_event_iri(ev: Event) -> URIRef:
    """The IRI of an event without an id, from everything the event says."""
    # ";" never occurs in a minted name, so this cannot meet a real event id.
    return URIRef(str(EVENT) + ";anon=" + hashlib.sha256(repr(ev).encode("utf-8", "surrogatepass")).hexdigest()[:32])


def evidence_iri(event: URIRef, x: Evidence) -> URIRef:
    """The IRI of one piece of evidence for ``event``, from where it is."""
    basis = json.dumps(
        [str(event), x.doc_id, x.sentence, x.start, x.end, x.trigger, x.source, x.url, x.published, x.attribution]
    )
    return URIRef(str(EVIDENCE) + hashlib.sha256(basis.encode("ascii")).hexdigest()[:32])


# ---------------------------------------------------------------------------
# rdflib <-> pyoxigraph


def to_oxigraph(term: Node):
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(clean(str(term)), language=term.language)
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return ox.Literal(clean(str(term)), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(clean(str(term)))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store {type(term).__name__} {term!r}")


class OxTerms:
    """rdflib -> pyoxigraph, remembering IRIs (most repeat); pyoxigraph
    literals (``OX_LITERALS``) pass through."""

    def __init__(self) -> None:
        self._iris: dict[str, ox.NamedNode] = {}

    def __call__(self, term: Node | ox.Literal):
        if isinstance(term, URIRef):
            node = self._iris.get(term)
            if node is None:
                node = self._iris[term] = ox.NamedNode(str(term))
            return node
        if isinstance(term, ox.Literal):
            return term
        return to_oxigraph(term)


class NtTerms:
    """rdflib or pyoxigraph terms -> their N-Triples text as pyoxigraph
    writes it (``str()`` of its term), remembering IRIs (most repeat)."""

    def __init__(self) -> None:
        self._iris: dict[URIRef, str] = {}

    def __call__(self, term: Node | ox.Literal) -> str:
        if isinstance(term, URIRef):
            text = self._iris.get(term)
            if text is None:
                text = self._iris[term] = str(ox.NamedNode(str(term)))
            return text
        if isinstance(term, ox.Literal):
            return str(term)
        return str(to_oxigraph(term))


def to_rdflib(term) -> Node | None:
    """The rdflib term for a pyoxigraph term (``None`` stays ``None``).

    A plain ``xsd:string`` literal comes back without datatype, as rdflib
    reads it from a file.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"cannot convert {type(term).__name__}")
