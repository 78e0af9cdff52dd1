"""The knowledge graph as RDF, against the ontology in ``ontologies/``.

``to_rdf`` gives one rdflib graph: a node per entity, event, piece of evidence
and document, plus a direct edge actor -> recipient per event whose predicate
reads as plain words (``act:visits``). ``to_dataset`` gives the same triples
split into one named graph per document. ``serialize`` writes either, byte
for byte the same for the same knowledge graph; ``load_graph`` and
``from_rdf`` read a written graph back into a ``KnowledgeGraph``.

What the RDF records, and ``from_rdf`` gives back: entities (key, label,
type, sorted aliases, country, role, located_in), events (id, type, actor,
recipient, status, predicate, mode, date, date_text, evidence), and article
metadata (id, date, title, source, url, origin). Not recorded: article text
and mentions. Lists come back in canonical order: entities, articles by key,
events by id, aliases sorted, evidence by document and offsets, which is the
order ``graph.assemble`` produces.

The direct edge is written for every event with a recipient, whatever its
status; ask the event node (``gb:status``) whether it happened. Lone
surrogates, which no file can hold, are written as U+FFFD.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date as _date
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.term import Node

from graphbuild.atomic import write_atomic
from graphbuild.keys import country_key
from graphbuild.records import Article, Entity, Event, Evidence, KnowledgeGraph
from graphbuild.triples.rdf import read_statements
from graphbuild.triples.rdf import relations as statement_relations
from graphbuild.triples.rdf import statements as statement_triples
from graphbuild.triples.record import select as select_triples
from graphbuild.rdf.namespace import ACTOR_TYPES, ENTITY_CLASSES, EVENT, EVENT_CLASSES, EVIDENCE, GB, PREFIXES, action_iri, document_iri, entity_iri, event_iri

# File formats: our short name -> rdflib plugin name.
FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}
QUAD_FORMATS = frozenset({"trig", "nq"})
_ALIASES = {
    "turtle": "ttl",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "jsonld",
    "json": "jsonld",
    "nquads": "nq",
    "n-quads": "nq",
}

Triple = tuple[Node, Node, Node]

# JSON-LD context: vocabulary prefixes only, for property names and types.
# Node IRIs stay absolute: a key such as "//x" would give a compact IRI
# ("ent://x") that reads as an absolute one.
_JSONLD_PREFIXES = {name: str(ns) for name, ns in PREFIXES.items()}
_SIMPLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_OX_DATE = ox.NamedNode(str(XSD.date))
_OX_INTEGER = ox.NamedNode(str(XSD.integer))
_SURROGATE = re.compile("[\ud800-\udfff]")


# ---------------------------------------------------------------------------
# Literals


def _text(value: str) -> Literal:
    """A plain string literal; lone surrogates (unencodable) become U+FFFD."""
    if _SURROGATE.search(value):
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return Literal(value)


def _day(value: str) -> Literal:
    """``xsd:date`` for a valid YYYY-MM-DD, else the text as given."""
    if _ISO_DATE.fullmatch(value):
        try:
            _date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return Literal(value, datatype=XSD.date)
    return _text(value)


def _int(value: int) -> Literal:
    return Literal(int(value))


class _Literals:
    """How ``_statements`` makes its literals: text, ``xsd:date``, integers, booleans."""

    def __init__(self, text, day, integer, boolean) -> None:
        self.text, self.day, self.integer, self.boolean = text, day, integer, boolean


def _ox_day(value: str) -> ox.Literal:
    if _ISO_DATE.fullmatch(value):
        try:
            _date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return ox.Literal(value, datatype=_OX_DATE)
    return ox.Literal(_clean(value))


RDFLIB_LITERALS = _Literals(_text, _day, _int, lambda v: Literal(bool(v)))
# The same literals as pyoxigraph terms: what to_oxigraph makes of the rdflib
# ones, without making those (about half of the time of writing Turtle).
OX_LITERALS = _Literals(
    lambda v: ox.Literal(_clean(v)), _ox_day, lambda v: ox.Literal(str(int(v)), datatype=_OX_INTEGER),
    lambda v: ox.Literal("true" if v else "false", datatype=ox.NamedNode(str(XSD.boolean))),
)


# ---------------------------------------------------------------------------
# KnowledgeGraph -> triples, each with the named graph it belongs to


def _anonymous_event_iri(ev: Event) -> URIRef:
    # ";" never occurs in a minted name, so this cannot meet a real event id.
    return URIRef(str(EVENT) + ";anon=" + hashlib.sha256(repr(ev).encode("utf-8", "surrogatepass")).hexdigest()[:32])


def _evidence_iri(event: URIRef, x: Evidence) -> URIRef:
    basis = json.dumps(
        [str(event), x.doc_id, x.sentence, x.start, x.end, x.trigger, x.source, x.url, x.published, x.attribution]
    )
    return URIRef(str(EVIDENCE) + hashlib.sha256(basis.encode("ascii")).hexdigest()[:32])


def _statements(kg: KnowledgeGraph, lit: _Literals | None = None) -> Iterator[tuple[Triple, URIRef | None]]:
    """Every triple of the graph with its named graph (None: the shared graph).

    Literals are made by ``lit`` (default: rdflib's; ``OX_LITERALS`` makes
    pyoxigraph's directly, for the writers that want those).
    """
    lit = lit or RDFLIB_LITERALS
    entity_keys: set[str] = set()
    referenced: set[str] = set()

    for key, ent in kg.entities.items():
        if key != ent.key:
            raise ValueError(f"entity stored under {key!r} has key {ent.key!r}")
        if ent.type not in ENTITY_CLASSES:
            raise ValueError(f"entity {ent.key!r} has unknown type {ent.type!r}")
        entity_keys.add(ent.key)
        s = entity_iri(ent.key)
        if ent.type in ACTOR_TYPES:
            yield (s, RDF.type, GB.Actor), None
        yield (s, RDF.type, ENTITY_CLASSES[ent.type]), None
        yield (s, GB.entityKey, lit.text(ent.key)), None
        yield (s, SKOS.prefLabel, lit.text(ent.label)), None
        for alias in ent.aliases:
            yield (s, SKOS.altLabel, lit.text(alias)), None
        if ent.country is not None:
            yield (s, GB.countryCode, lit.text(ent.country)), None
            if ent.country and ent.country != "IGO":
                home = country_key(ent.country)
                if home != ent.key:
                    referenced.add(home)
                    yield (s, GB.country, entity_iri(home)), None
        if ent.role is not None:
            yield (s, GB.role, lit.text(ent.role)), None
        if ent.located_in is not None:
            referenced.add(ent.located_in)
            yield (s, GB.locatedIn, entity_iri(ent.located_in)), None
        if ent.sector is not None:
            yield (s, GB.sector, lit.text(ent.sector)), None

    doc_ids: set[str] = set()
    for doc_id, art in kg.articles.items():
        if doc_id != art.id:
            raise ValueError(f"article stored under {doc_id!r} has id {art.id!r}")
        doc_ids.add(art.id)
        d = document_iri(art.id)
        yield (d, RDF.type, GB.Document), None
        yield (d, GB.docId, lit.text(art.id)), None
        if art.title is not None:
            yield (d, DCTERMS.title, lit.text(art.title)), None
        if art.date is not None:
            yield (d, DCTERMS.date, lit.day(art.date)), None
        if art.source is not None:
            yield (d, DCTERMS.publisher, lit.text(art.source)), None
        if art.url is not None:
            yield (d, SDO.url, lit.text(art.url)), None
        if art.origin:
            yield (d, GB.origin, lit.text(art.origin)), None

    seen_events: set[URIRef] = set()
    actions: dict[URIRef, set[str]] = {}
    cited_docs: set[str] = set()
    for ev in kg.events:
        if ev.type not in EVENT_CLASSES:
            raise ValueError(f"event {ev.id!r} has unknown type {ev.type!r}")
        e = event_iri(ev.id) if ev.id else _anonymous_event_iri(ev)
        if e in seen_events:
            raise ValueError(f"two events share the id {ev.id!r}")
        seen_events.add(e)
        docs = sorted({x.doc_id for x in ev.evidence})
        cited_docs.update(docs)
        graphs = [document_iri(d) for d in docs] or [None]

        triples: list[Triple] = [
            (e, RDF.type, GB.Event),
            (e, RDF.type, EVENT_CLASSES[ev.type]),
            (e, GB.actor, entity_iri(ev.actor)),
            (e, GB.status, lit.text(ev.status)),
            (e, GB.eventPredicate, lit.text(ev.predicate)),
            (e, GB.sourceCount, lit.integer(ev.source_count)),
        ]
        referenced.add(ev.actor)
        if ev.id:
            triples.append((e, DCTERMS.identifier, lit.text(ev.id)))
        if ev.recipient is not None:
            referenced.add(ev.recipient)
            triples.append((e, GB.recipient, entity_iri(ev.recipient)))
            action = action_iri(ev.predicate)
            actions.setdefault(action, set()).add(ev.predicate)
            triples.append((entity_iri(ev.actor), action, entity_iri(ev.recipient)))
        if ev.mode is not None:
            triples.append((e, GB.mode, lit.text(ev.mode)))
        if ev.date is not None:
            triples.append((e, GB.date, lit.day(ev.date)))
        if ev.date_text is not None:
            triples.append((e, GB.dateText, lit.text(ev.date_text)))
        if ev.location is not None:
            referenced.add(ev.location)
            triples.append((e, GB.location, entity_iri(ev.location)))
        if ev.actor_sector is not None:
            triples.append((e, GB.actorSector, lit.text(ev.actor_sector)))
        if ev.recipient_sector is not None:
            triples.append((e, GB.recipientSector, lit.text(ev.recipient_sector)))
        for g in graphs:
            for t in triples:
                yield t, g

        for x in ev.evidence:
            g = document_iri(x.doc_id)
            xi = _evidence_iri(e, x)
            yield (e, GB.evidence, xi), g
            yield (e, PROV.wasDerivedFrom, g), g
            yield (xi, RDF.type, GB.Evidence), g
            yield (xi, GB.document, g), g
            yield (xi, GB.sentence, lit.text(x.sentence)), g
            yield (xi, GB.startChar, lit.integer(x.start)), g
            yield (xi, GB.endChar, lit.integer(x.end)), g
            if x.trigger:
                yield (xi, GB.trigger, lit.text(x.trigger)), g
            if x.attribution is not None:
                yield (xi, GB.attributedTo, lit.text(x.attribution)), g
            if x.source is not None:
                yield (xi, DCTERMS.publisher, lit.text(x.source)), g
            if x.url is not None:
                yield (xi, SDO.url, lit.text(x.url)), g
            if x.published is not None:
                yield (xi, DCTERMS.date, lit.day(x.published)), g

    # Open triples (``triples/``) as statement nodes, as many as kg.rdf_triples says.
    told = select_triples(kg.triples, kg.rdf_triples)
    cited_docs.update(t.doc_id for t in told)
    for triple, g, keys in statement_triples(told, lit):
        referenced.update(keys)
        yield triple, g

    # Nodes referred to but not described still say which key they stand for.
    for key in sorted(referenced - entity_keys):
        yield (entity_iri(key), GB.entityKey, lit.text(key)), None
    for doc_id in sorted(cited_docs - doc_ids):
        yield (document_iri(doc_id), GB.docId, lit.text(doc_id)), None

    for action in sorted(actions):
        yield (action, RDF.type, OWL.ObjectProperty), None
        yield (action, RDFS.subPropertyOf, GB.actedOn), None
        for words in sorted(actions[action]):
            yield (action, RDFS.label, lit.text(words)), None


def _bind(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)


def to_rdf(kg: KnowledgeGraph) -> Graph:
    """The knowledge graph as one rdflib graph (no blank nodes).

    Raises ``ValueError`` for an unknown entity or event type, two events
    with one id, or a dict key that differs from its record's key.
    """
    g = Graph(bind_namespaces="core")
    _bind(g)
    for triple, _ in _statements(kg):
        g.add(triple)
    return g


def _default_graph(ds: Dataset) -> Graph:
    # ``default_graph`` replaced ``default_context`` within rdflib 7.x.
    graph = getattr(type(ds), "default_graph", None)
    return ds.default_graph if graph is not None else ds.default_context


def to_dataset(kg: KnowledgeGraph) -> Dataset:
    """The triples of ``to_rdf`` split into named graphs.

    Each document's graph (named by the document's IRI) holds the events it
    reports, with their direct edges, and its evidence for them; an event told
    by two documents appears in both graphs. Entities, document metadata,
    action predicates and events without evidence are in the default graph.
    """
    ds = Dataset()
    _bind(ds)
    graphs: dict[URIRef | None, Graph] = {None: _default_graph(ds)}
    for triple, name in _statements(kg):
        if name not in graphs:
            graphs[name] = ds.graph(name)
        graphs[name].add(triple)
    return ds


# ---------------------------------------------------------------------------
# rdflib terms -> pyoxigraph terms

_XSD_STRING = str(XSD.string)


def _clean(text: str) -> str:
    # No file, store or HTTP body can hold a lone surrogate.
    if _SURROGATE.search(text):
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def to_oxigraph(term: Node):
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(_clean(str(term)), language=term.language)
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return ox.Literal(_clean(str(term)), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(_clean(str(term)))
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


def ox_triples(kg: KnowledgeGraph) -> set[ox.Triple]:
    """The triples of ``to_rdf(kg)`` as pyoxigraph triples."""
    term = OxTerms()
    return {ox.Triple(term(s), term(p), term(o)) for (s, p, o), _ in _statements(kg, OX_LITERALS)}


# ---------------------------------------------------------------------------
# Turtle
#
# Written here rather than by rdflib's serializer (about 50 s for a million
# triples): the triples are put in N-Triples form by pyoxigraph (so every
# path writes a term the same way), grouped by subject, and each subject's
# triples written as one Turtle block: rdf:type first, then predicates and
# objects in the order of their N-Triples text. Blocks come in the order of
# their subject's N-Triples text, after every graphbuild prefix. The block
# of a subject depends only on its own triples, so a store keeps the block
# of each subject and writes the file without decoding the graph again.

_RDF_TYPE = f"<{RDF.type}>"
_XSD_INTEGER = f"<{XSD.integer}>"
_TTL_PREFIXES = sorted(((name, str(ns)) for name, ns in PREFIXES.items()), key=lambda p: (-len(p[1]), p[0]))
_TTL_HEADER = "".join(f"@prefix {name}: <{ns}> .\n" for name, ns in sorted(_TTL_PREFIXES))
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")


def _ttl_iri(nt: str) -> str:
    """``<iri>`` as a prefixed name when a graphbuild prefix and a plain
    local name make it one, else as it is."""
    iri = nt[1:-1]
    for name, ns in _TTL_PREFIXES:
        if iri.startswith(ns) and _LOCAL_NAME.fullmatch(iri, len(ns)):
            return f"{name}:{iri[len(ns):]}"
    return nt


def _ttl_object(nt: str, iris: dict[str, str]) -> str:
    if nt.startswith("<"):
        short = iris.get(nt)
        if short is None:
            short = iris[nt] = _ttl_iri(nt)
        return short
    if nt.startswith('"'):
        end = nt.rindex('"')  # an IRI or a language tag holds no quote
        suffix = nt[end + 1 :]
        if suffix.startswith("^^<"):
            if suffix[2:] == _XSD_INTEGER and _INTEGER.fullmatch(nt, 1, end):
                return nt[1:end]
            return nt[: end + 1] + "^^" + _ttl_object(suffix[2:], iris)
    return nt


def turtle_block(subject: str, pairs: Iterable[tuple[str, str]], iris: dict[str, str] | None = None) -> str:
    """One subject's triples as a Turtle statement; ``subject`` and the
    (predicate, object) pairs in N-Triples form."""
    iris = {} if iris is None else iris
    groups: list[tuple[str, list[str]]] = []
    last = None
    for p, o in sorted(set(pairs), key=lambda po: (po[0] != _RDF_TYPE, po[0], po[1])):
        if p != last:
            groups.append(("a" if p == _RDF_TYPE else _ttl_object(p, iris), []))
            last = p
        groups[-1][1].append(_ttl_object(o, iris))
    body = " ;\n    ".join(f"{p} {', '.join(objects)}" for p, objects in groups)
    return f"{_ttl_object(subject, iris)} {body} .\n"


def turtle_blocks(ntriples: bytes) -> dict[str, str]:
    """Subject (N-Triples form) -> its Turtle block, from N-Triples text as
    pyoxigraph writes it (one triple a line; repeats allowed)."""
    by_subject: dict[str, list[tuple[str, str]]] = {}
    for line in ntriples.decode("utf-8").split("\n"):
        if line:
            s, p, o = line[:-2].split(" ", 2)
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
    return turtle_document(turtle_blocks(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)).items())


# ---------------------------------------------------------------------------
# Writing


def _format(fmt: str | None, path: str | os.PathLike | None = None) -> str:
    if fmt is None:
        if path is None:
            raise ValueError("no format given")
        fmt = Path(path).suffix.lstrip(".")
    name = _ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")
    return name


def _sorted_lines(text: str) -> str:
    # Split on "\n" only: literals may hold U+2028 or U+0085, which are not
    # line ends in N-Triples (and are written raw).
    lines = sorted({line for line in text.split("\n") if line.strip()})
    return "\n".join(lines) + "\n" if lines else ""


def _compact_iri(iri: str) -> str:
    for prefix, ns in _JSONLD_PREFIXES.items():
        if iri.startswith(ns) and _SIMPLE_NAME.fullmatch(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _jsonld(g: Graph) -> str:
    """JSON-LD in a fixed order: nodes by id, values sorted.

    rdflib's own compaction loses an empty string when a property has other
    values, so this takes rdflib's expanded form and only shortens property
    names and types with the vocabulary prefixes; every value stays an
    explicit ``{"@id": ...}`` or ``{"@value": ...}`` object in a list.
    """

    def key(value) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    nodes = []
    for node in json.loads(g.serialize(format="json-ld")):
        out = {}
        for prop, values in node.items():
            if prop == "@id":
                out[prop] = values
            elif prop == "@type":
                out[prop] = sorted(_compact_iri(t) for t in values)
            else:
                values = [
                    {**v, "@type": _compact_iri(v["@type"])} if "@value" in v and "@type" in v else v
                    for v in values
                ]
                out[_compact_iri(prop)] = sorted(values, key=key)
        nodes.append(out)
    nodes.sort(key=lambda n: (n["@id"], key(n)))
    doc = {"@context": _JSONLD_PREFIXES, "@graph": nodes}
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _trig(ds: Dataset) -> str:
    """TriG with the default graph first, then named graphs by IRI.

    rdflib writes the graphs in the order of a set, which changes from one
    process to the next; the serializer's list of graphs is put in order first.
    """
    ser = TrigSerializer(ds)
    default = _default_graph(ds).identifier
    graphs = {c.identifier: c for c in ser.contexts}
    ser.contexts = [graphs[k] for k in sorted(graphs, key=lambda i: (i != default, str(i)))]
    buf = io.BytesIO()
    ser.serialize(buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def dumps(kg: KnowledgeGraph, fmt: str) -> str:
    """The knowledge graph as text in ``fmt`` (ttl, nt, jsonld, trig, nq).

    The same knowledge graph gives the same text, whatever the process.
    Turtle is graphbuild's own layout (see ``turtle``), which a store writes
    too, byte for byte.
    """
    fmt = _format(fmt)
    if fmt in QUAD_FORMATS:
        ds = to_dataset(kg)
        if fmt == "trig":
            return _trig(ds)
        return _sorted_lines(ds.serialize(format="nquads"))
    if fmt == "ttl":
        return turtle(ox_triples(kg))
    g = to_rdf(kg)
    if fmt == "nt":
        return _sorted_lines(g.serialize(format="nt"))
    return _jsonld(g)


def serialize(kg: KnowledgeGraph, path: str | os.PathLike, fmt: str | None = None) -> Path:
    """Write the knowledge graph to ``path`` atomically; returns the path.

    ``fmt`` is one of ttl, nt, jsonld, trig, nq; by default it is taken from
    the file's extension. The bytes are the same for the same graph.
    """
    return write_atomic(path, dumps(kg, _format(fmt, path)))


# ---------------------------------------------------------------------------
# Reading


def load_graph(path: str | os.PathLike, fmt: str | None = None) -> Graph:
    """A graph written by ``serialize`` (format from the extension).

    TriG and N-Quads files give the union of their graphs.
    """
    fmt = _format(fmt, path)
    data = Path(path).read_bytes()
    if fmt in QUAD_FORMATS:
        ds = Dataset()
        ds.parse(data=data, format=FORMATS[fmt])
        g = Graph(bind_namespaces="core")
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
    else:
        g = Graph(bind_namespaces="core")
        g.parse(data=data, format=FORMATS[fmt])
    _bind(g)
    return g


def _one(g: Graph, s: Node, p: URIRef) -> Node | None:
    """The value of ``p`` on ``s``, the smallest if there are several."""
    values = sorted(g.objects(s, p))
    return values[0] if values else None


def _str(g: Graph, s: Node, p: URIRef) -> str | None:
    value = _one(g, s, p)
    return None if value is None else str(value)


def _key(g: Graph, node: Node) -> str:
    """The entity key a node stands for."""
    key = _str(g, node, GB.entityKey)
    if key is None:
        raise ValueError(f"{node} has no gb:entityKey")
    return key


def _evidence_order(x: Evidence) -> tuple:
    def opt(v: str | None) -> tuple[bool, str]:
        return (v is not None, v or "")

    return (
        x.doc_id, x.start, x.end, x.trigger, x.sentence,
        opt(x.source), opt(x.url), opt(x.published), opt(x.attribution),
    )


def relations(g: Graph) -> list[tuple[str, str, str, str]]:
    """The open triples between two entities in ``g`` as (subject key, object
    key, predicate, sentence), for the HTML page; ``from_rdf`` leaves them out."""
    return statement_relations(g, lambda node: _key(g, node))


def from_rdf(g: Graph) -> KnowledgeGraph:
    """The ``KnowledgeGraph`` a graph of ``to_rdf`` was made from.

    ``from_rdf(to_rdf(kg)) == kg`` for a graph in canonical order (as
    ``graph.assemble`` makes it) without mentions or article text.
    A ``Dataset`` is read as the union of its graphs.
    """
    if isinstance(g, Dataset):
        union = Graph()
        for s, p, o, _ in g.quads((None, None, None, None)):
            union.add((s, p, o))
        g = union

    entity_types = {cls: name for name, cls in ENTITY_CLASSES.items()}
    event_types = {cls: name for name, cls in EVENT_CLASSES.items()}
    type_order = list(ENTITY_CLASSES)

    kg = KnowledgeGraph()
    entities: dict[str, Entity] = {}
    for node in set(g.subjects(RDF.type, None)):
        types = [entity_types[t] for t in g.objects(node, RDF.type) if t in entity_types]
        if not types:
            continue
        located = _one(g, node, GB.locatedIn)
        ent = Entity(
            key=_key(g, node),
            label=_str(g, node, SKOS.prefLabel) or "",
            type=min(types, key=type_order.index),
            country=_str(g, node, GB.countryCode),
            role=_str(g, node, GB.role),
            aliases=tuple(sorted(str(a) for a in g.objects(node, SKOS.altLabel))),
            located_in=None if located is None else _key(g, located),
            sector=_str(g, node, GB.sector),
        )
        entities[ent.key] = ent
    kg.entities = {k: entities[k] for k in sorted(entities)}

    articles: dict[str, Article] = {}
    for node in set(g.subjects(RDF.type, GB.Document)):
        doc_id = _str(g, node, GB.docId)
        if doc_id is None:
            raise ValueError(f"{node} has no gb:docId")
        articles[doc_id] = Article(
            id=doc_id,
            text="",
            date=_str(g, node, DCTERMS.date),
            title=_str(g, node, DCTERMS.title),
            source=_str(g, node, DCTERMS.publisher),
            url=_str(g, node, SDO.url),
            origin=_str(g, node, GB.origin) or "",
        )
    kg.articles = {k: articles[k] for k in sorted(articles)}

    events: list[Event] = []
    for node in set(g.subjects(RDF.type, GB.Event)):
        types = sorted(event_types[t] for t in g.objects(node, RDF.type) if t in event_types)
        if len(types) != 1:
            raise ValueError(f"event {node} has {len(types)} PLOVER types")
        evidence = []
        for xi in g.objects(node, GB.evidence):
            doc = _one(g, xi, GB.document)
            doc_id = None if doc is None else _str(g, doc, GB.docId)
            if doc_id is None:
                raise ValueError(f"evidence {xi} has no document id")
            evidence.append(
                Evidence(
                    doc_id=doc_id,
                    sentence=_str(g, xi, GB.sentence) or "",
                    start=int(_str(g, xi, GB.startChar) or 0),
                    end=int(_str(g, xi, GB.endChar) or 0),
                    trigger=_str(g, xi, GB.trigger) or "",
                    source=_str(g, xi, DCTERMS.publisher),
                    url=_str(g, xi, SDO.url),
                    published=_str(g, xi, DCTERMS.date),
                    attribution=_str(g, xi, GB.attributedTo),
                )
            )
        actor = _one(g, node, GB.actor)
        if actor is None:
            raise ValueError(f"event {node} has no gb:actor")
        recipient = _one(g, node, GB.recipient)
        location = _one(g, node, GB.location)
        events.append(
            Event(
                type=types[0],
                actor=_key(g, actor),
                recipient=None if recipient is None else _key(g, recipient),
                status=_str(g, node, GB.status) or "",
                predicate=_str(g, node, GB.eventPredicate) or "",
                mode=_str(g, node, GB.mode),
                date=_str(g, node, GB.date),
                date_text=_str(g, node, GB.dateText),
                evidence=tuple(sorted(evidence, key=_evidence_order)),
                id=_str(g, node, DCTERMS.identifier) or "",
                location=None if location is None else _key(g, location),
                actor_sector=_str(g, node, GB.actorSector),
                recipient_sector=_str(g, node, GB.recipientSector),
            )
        )
    kg.events = sorted(events, key=lambda e: (e.id, repr(e)))
    # Open triples: those the graph holds, all written back when it is.
    kg.triples = read_statements(g, lambda node: _key(g, node))
    if kg.triples:
        kg.rdf_triples = "all"
    return kg
