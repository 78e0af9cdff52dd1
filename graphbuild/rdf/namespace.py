"""The graphbuild vocabulary and the IRIs of graph data.

``GB`` is a closed namespace for the ontology in ``ontologies/graphbuild.ttl``:
a misspelled term (``GB.Cosnult``) raises ``AttributeError`` instead of
minting a term nobody defined. ``tests/test_rdf.py`` checks that the class and
the Turtle file list the same terms.

Data IRIs live apart from the vocabulary::

    https://w3id.org/graphbuild/id/entity/<key>       actors and places
    https://w3id.org/graphbuild/id/event/<id>         events
    https://w3id.org/graphbuild/id/document/<doc id>  documents
    https://w3id.org/graphbuild/id/evidence/<hash>    evidence of one event
    https://w3id.org/graphbuild/action/<camelCase>    direct actor -> recipient edges

Keys and ids come from article text, so ``mint`` turns any string into a
bounded IRI path that cannot break out of its namespace; ``action_iri`` turns
any predicate into a plain ASCII name.

>>> str(entity_iri("country/USA"))
'https://w3id.org/graphbuild/id/entity/country/USA'
>>> str(entity_iri('x"> <y'))
'https://w3id.org/graphbuild/id/entity/x%22%3E%20%3Cy'
>>> str(action_iri("agrees with"))
'https://w3id.org/graphbuild/action/agreesWith'
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace

ONTOLOGY_IRI = URIRef("https://w3id.org/graphbuild/ontology")


class GB(DefinedNamespace):
    """The graphbuild ontology (``gb:``); closed: unknown names raise."""

    _NS = Namespace("https://w3id.org/graphbuild/ontology#")
    _fail = True

    # Classes: actors and places
    Actor: URIRef
    Person: URIRef
    Country: URIRef
    Organization: URIRef
    IGO: URIRef
    Place: URIRef
    UnidentifiedActor: URIRef

    # Classes: events, evidence, documents
    Event: URIRef
    Evidence: URIRef
    Document: URIRef
    Statement: URIRef

    # The 16 PLOVER event types
    Agree: URIRef
    Consult: URIRef
    Support: URIRef
    Concede: URIRef
    Cooperate: URIRef
    Aid: URIRef
    Retreat: URIRef
    Request: URIRef
    Accuse: URIRef
    Reject: URIRef
    Threaten: URIRef
    Protest: URIRef
    Sanction: URIRef
    Mobilize: URIRef
    Coerce: URIRef
    Assault: URIRef

    # Annotations on the PLOVER classes
    quadClass: URIRef
    cameoRoot: URIRef

    # Object properties
    actedOn: URIRef
    actor: URIRef
    recipient: URIRef
    evidence: URIRef
    document: URIRef
    country: URIRef
    locatedIn: URIRef
    location: URIRef
    statementSubject: URIRef
    statementObject: URIRef
    statementEvent: URIRef

    # Datatype properties
    status: URIRef
    mode: URIRef
    date: URIRef
    dateText: URIRef
    eventPredicate: URIRef
    sourceCount: URIRef
    sentence: URIRef
    startChar: URIRef
    endChar: URIRef
    trigger: URIRef
    attributedTo: URIRef
    attributedToEntity: URIRef
    entityKey: URIRef
    countryCode: URIRef
    role: URIRef
    docId: URIRef
    origin: URIRef
    sector: URIRef
    actorSector: URIRef
    recipientSector: URIRef
    subjectText: URIRef
    predicateText: URIRef
    objectText: URIRef
    sentenceIndex: URIRef
    negated: URIRef


DATA = "https://w3id.org/graphbuild/id/"
ENTITY = Namespace(DATA + "entity/")
EVENT = Namespace(DATA + "event/")
DOCUMENT = Namespace(DATA + "document/")
EVIDENCE = Namespace(DATA + "evidence/")
ACT = Namespace("https://w3id.org/graphbuild/action/")

# Prefixes bound in every graph graphbuild writes, and offered to queries.
PREFIXES: dict[str, Namespace | str] = {
    "gb": GB._NS,
    "act": ACT,
    "rdf": RDF._NS,
    "rdfs": RDFS._NS,
    "owl": OWL._NS,
    "xsd": XSD._NS,
    "skos": SKOS._NS,
    "dcterms": DCTERMS._NS,
    "prov": PROV._NS,
    "schema": SDO._NS,
}
# The same prefixes as plain strings, for pyoxigraph, SPARQL text and JSON-LD.
PREFIX_IRIS: dict[str, str] = {name: str(ns) for name, ns in PREFIXES.items()}


def bind_prefixes(graph) -> None:
    """Bind every graphbuild prefix in an rdflib graph or dataset, over any other binding."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)

# Entity.type -> class. Every actor type is also typed gb:Actor in the data.
ENTITY_CLASSES: dict[str, URIRef] = {
    "Person": GB.Person,
    "Country": GB.Country,
    "Organization": GB.Organization,
    "IGO": GB.IGO,
    "Place": GB.Place,
    "Unidentified": GB.UnidentifiedActor,
}
ACTOR_TYPES = frozenset({"Person", "Country", "Organization", "IGO", "Unidentified"})

# PLOVER type name -> event class (CamelCase of the name).
EVENT_CLASSES: dict[str, URIRef] = {
    "AGREE": GB.Agree,
    "CONSULT": GB.Consult,
    "SUPPORT": GB.Support,
    "CONCEDE": GB.Concede,
    "COOPERATE": GB.Cooperate,
    "AID": GB.Aid,
    "RETREAT": GB.Retreat,
    "REQUEST": GB.Request,
    "ACCUSE": GB.Accuse,
    "REJECT": GB.Reject,
    "THREATEN": GB.Threaten,
    "PROTEST": GB.Protest,
    "SANCTION": GB.Sanction,
    "MOBILIZE": GB.Mobilize,
    "COERCE": GB.Coerce,
    "ASSAULT": GB.Assault,
}


def ontology_path() -> Path:
    """The Turtle file of the ontology: ``ontologies/`` beside the package in a
    checkout, or the copy packaged as ``graphbuild/ontology/`` in a wheel."""
    beside = Path(__file__).resolve().parents[2] / "ontologies" / "graphbuild.ttl"
    return beside if beside.exists() else Path(__file__).resolve().parents[1] / "ontology" / "graphbuild.ttl"


# ---------------------------------------------------------------------------
# Minting IRIs from untrusted strings

# Encoded local names longer than this are cut and given a hash of the whole key.
MAX_LOCAL = 160
_KEEP_PREFIX = 100  # encoded characters kept before the hash
_HASH_MARK = ";h="  # ";" never appears in a directly encoded name
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ALL_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]*")


def _utf8(text: str) -> bytes:
    # Lone surrogates (possible from JSON input) still encode, distinctly.
    return text.encode("utf-8", "surrogatepass")


def _encode_segment(segment: str) -> str:
    if _ALL_UNRESERVED.fullmatch(segment):
        out = segment  # most keys: nothing to encode
    else:
        out = "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in _utf8(segment))
    if out and set(out) == {"."}:  # "." and ".." would be dot-segments
        out = "%2E" * len(out)
    return out


def _encode(text: str) -> str:
    # "/" separates hierarchical keys ("country/USA") and stays readable.
    return "/".join(_encode_segment(seg) for seg in text.split("/"))


def mint(namespace: str, key: str) -> URIRef:
    """An IRI in ``namespace`` for any string ``key``, safe and bounded.

    Every byte outside RFC 3986 unreserved characters is percent-encoded,
    except "/" which separates the parts of a hierarchical key; path segments
    made only of dots are encoded too so that no tool can resolve them away.
    Distinct keys give distinct IRIs: an empty key or one whose encoding is
    longer than ``MAX_LOCAL`` becomes the start of its encoding followed by
    ``;h=`` and 32 hex digits of the SHA-256 of the whole key (";" is
    otherwise always encoded, so the two forms cannot meet).

    >>> str(mint("https://example.org/", "a/b c"))
    'https://example.org/a/b%20c'
    >>> str(mint("https://example.org/", ".."))
    'https://example.org/%2E%2E'
    >>> len(mint("https://example.org/", "x" * 10_000)) < 200
    True
    """
    encoded = _encode(key)
    if key and len(encoded) <= MAX_LOCAL:
        return URIRef(str(namespace) + encoded)
    kept = size = 0
    for ch in key:  # cut on a character boundary, never inside a %XX run
        size += len(_encode(ch))
        if size > _KEEP_PREFIX:
            break
        kept += 1
    # Encoded as a whole again so that a kept dot-segment stays encoded.
    head = _encode(key[:kept])
    digest = hashlib.sha256(_utf8(key)).hexdigest()[:32]
    return URIRef(str(namespace) + head + _HASH_MARK + digest)


@lru_cache(maxsize=1 << 14)  # the same actors and documents recur in every event
def entity_iri(key: str) -> URIRef:
    """The IRI of the actor or place with ``Entity.key`` ``key``."""
    return mint(ENTITY, key)


def event_iri(event_id: str) -> URIRef:
    """The IRI of the event with ``Event.id`` ``event_id``."""
    return mint(EVENT, event_id)


@lru_cache(maxsize=1 << 14)  # the same actors and documents recur in every event
def document_iri(doc_id: str) -> URIRef:
    """The IRI of the document with ``Article.id`` ``doc_id``."""
    return mint(DOCUMENT, doc_id)


def camel_case(words: str) -> str:
    """Plain words as one lowerCamelCase name: "agrees with" -> "agreesWith".

    Runs of letters and digits (any script) are the words; everything else
    separates them.

    >>> camel_case("protests against")
    'protestsAgainst'
    >>> camel_case("  Cooperates-WITH ")
    'cooperatesWith'
    """
    parts = re.findall(r"[^\W_]+", words)
    if not parts:
        return ""
    return parts[0].lower() + "".join(p[:1].upper() + p[1:].lower() for p in parts[1:])


_ACTION_NAME = re.compile(r"[a-z][A-Za-z0-9]{0,63}")


def action_iri(predicate: str) -> URIRef:
    """The direct-edge predicate for ``Event.predicate``: "visits" -> act:visits.

    The name is the lowerCamelCase of the words. A name that is not plain
    ASCII, is empty or longer than 64 characters keeps its ASCII letters and
    digits (at most 40) and gets "_" and 32 hex digits of the SHA-256 of the
    camelCase name: plain names have no "_", so the two forms never meet, and
    every action IRI stays a simple name after ``act:`` (rdflib would
    otherwise invent ``ns1:``-style prefixes, numbered in no fixed order).

    >>> str(action_iri("rencontre à Paris"))[len(ACT):][:15]
    'rencontreParis_'
    """
    name = camel_case(predicate)
    if _ACTION_NAME.fullmatch(name):
        return ACT[name]
    ascii_part = re.sub(r"[^A-Za-z0-9]", "", name)[:40]
    if not ascii_part[:1].isalpha():
        ascii_part = "action" + ascii_part
    return ACT[ascii_part + "_" + hashlib.sha256(_utf8(name)).hexdigest()[:32]]


def event_class(plover_type: str) -> URIRef:
    """The class of a PLOVER type name ("CONSULT" -> gb:Consult); KeyError if unknown."""
    return EVENT_CLASSES[plover_type]
