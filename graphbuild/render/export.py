"""The knowledge graph in the formats analysts open it with.

``export(kg, path, fmt)`` writes one file, atomically and byte for byte the
same for the same graph:

========  ==========================================================
ttl       Turtle (the format ``build`` writes)
nt        N-Triples, lines sorted
jsonld    JSON-LD
trig      TriG: one named graph per source document
nq        N-Quads: one named graph per source document
graphml   GraphML for Gephi, yEd, Cytoscape, networkx
gexf      GEXF 1.2 for Gephi
csv       the events table (``tables.write_events_csv``)
gdelt     the GDELT 2.0 event table, tab-separated, no header (``gdelt``)
polecat   POLECAT-style JSON Lines, one event a line (``polecat``)
========  ==========================================================

The RDF formats are ``rdf.serialize``'s; each parses back with rdflib to the
same graph. GraphML and GEXF are written from ``graph.to_networkx``: entities
are nodes (attributes ``label``, ``type``, ``country``, ``role``,
``aliases``, ``entity_key``), events with a recipient are edges keyed by event id
(``label`` = the action in plain words, ``event_type``, ``quad_class``,
``status``, ``mode``, ``date``, ``source_count``, ``documents`` and
``evidence``). Every attribute is a plain string or integer: the evidence
list is flattened into one string, one report per line
("doc_id [source]: sentence"). Events without a recipient have no edge, as in
the HTML page. Article text is untrusted: characters XML cannot hold
(control characters, lone surrogates, U+FFFE/U+FFFF) become U+FFFD in
attribute values and ``%XX`` escapes in node ids, so the file always parses.

``ontology_markdown()`` documents the ontology in ``ontologies/`` (classes
and properties with their labels and comments, read from the Turtle itself).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graphbuild.rdf.formats import FORMAT_ALIASES, FORMATS as RDF_PLUGINS, serialize as serialize_rdf
from graphbuild.render import gdelt as gdelt_table, polecat, tables
from graphbuild.atomic import write_atomic
from graphbuild.graph.assemble import to_networkx
from graphbuild.records import KnowledgeGraph
from graphbuild.rdf.namespace import GB, ONTOLOGY_IRI, PREFIXES, ontology_path
from graphbuild.knowledge.plover import event_types
from graphbuild.safetext import xml_id, xml_text

RDF_FORMATS = tuple(RDF_PLUGINS)  # ttl nt jsonld trig nq
NETWORK_FORMATS = ("graphml", "gexf")
EVENT_FORMATS = ("gdelt", "polecat")
FORMATS = RDF_FORMATS + NETWORK_FORMATS + ("csv",) + EVENT_FORMATS

# Other names of the formats ("turtle", "json-ld", ...): rdf.formats.FORMAT_ALIASES, one table for rdf and export.

EVIDENCE_SEPARATOR = "\n"


def export_format(fmt: str | None, path: str | os.PathLike | None = None) -> str:
    """The short name of a format, from ``fmt`` or else from the file suffix.

    >>> export_format("GraphML"), export_format(None, "out/g.gexf"), export_format("turtle")
    ('graphml', 'gexf', 'ttl')
    >>> export_format(None, "g.xlsx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: unknown file suffix '.xlsx' (known: .ttl, .nt, .jsonld, .trig, .nq, .graphml, .gexf, .csv...)
    """
    if fmt is None:
        if path is None:
            raise ValueError("no format given")
        suffix = Path(path).suffix
        name = suffix.lstrip(".").lower()
        if FORMAT_ALIASES.get(name, name) not in FORMATS:
            known = ", ".join("." + f for f in FORMATS)
            what = f"unknown file suffix {suffix!r}" if suffix else "no file suffix"
            raise ValueError(f"{what} (known: {known})")
        fmt = suffix.lstrip(".")
    name = fmt.strip().lower()
    name = FORMAT_ALIASES.get(name, name)
    if name not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return name


def export(kg: KnowledgeGraph, path: str | os.PathLike, fmt: str | None = None) -> Path:
    """Write ``kg`` to ``path`` in ``fmt`` (default: from the suffix); returns the path.

    Raises ``ValueError`` for an unknown format.
    """
    fmt = export_format(fmt, path)
    if fmt == "csv":
        return tables.write_events_csv(kg, path)
    if fmt == "gdelt":
        return gdelt_table.write_gdelt(kg, path)
    if fmt == "polecat":
        return polecat.write_polecat(kg, path)
    if fmt in RDF_FORMATS:
        return serialize_rdf(kg, path, fmt)
    if fmt == "graphml":
        return write_atomic(path, graphml(kg))
    return write_atomic(path, gexf(kg))


# ---------------------------------------------------------------------------
# GraphML and GEXF


def flatten_evidence(evidence) -> str:
    """The evidence list of a ``to_networkx`` edge as one string, one report
    per line: "doc_id [source]: sentence" (the source when known).

    >>> flatten_evidence([("d1", "Chile praised Peru.", "Wire"), ("d2", "Peru\\nwas praised.", "")])
    'd1 [Wire]: Chile praised Peru.\\nd2: Peru was praised.'
    """
    lines = []
    for doc_id, sentence, source in evidence:
        head = f"{doc_id} [{source}]" if source else str(doc_id)
        lines.append(" ".join(f"{head}: {sentence}".split()))
    return xml_text(EVIDENCE_SEPARATOR.join(lines))


def flat_network(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """``graph.to_networkx(kg)`` with only XML-safe scalar attributes (str or
    int), as GraphML and GEXF need: see the module docstring for the names.
    Node ids are ``safetext.xml_id(key)``; the entity key is also the ``entity_key`` attribute.
    """
    g = to_networkx(kg)
    quads = {name: spec.quad for name, spec in event_types().items()}
    flat = nx.MultiDiGraph()
    ids = {key: xml_id(str(key)) for key in g.nodes}
    for key, attrs in g.nodes(data=True):
        ent = kg.entities.get(key)
        flat.add_node(
            ids[key],
            entity_key=xml_text(str(key)),
            label=xml_text(attrs.get("label") or str(key)),
            type=attrs.get("type") or "",
            country=xml_text(attrs.get("country") or ""),
            role=xml_text(attrs.get("role") or ""),
            aliases=xml_text(" | ".join(ent.aliases) if ent else ""),
        )
    for u, v, k, attrs in g.edges(keys=True, data=True):
        evidence = attrs.get("evidence") or []
        flat.add_edge(
            ids[u],
            ids[v],
            key=xml_text(str(k)),
            label=xml_text(attrs.get("predicate") or ""),
            event_type=attrs.get("event_type") or "",
            quad_class=quads.get(attrs.get("event_type"), ""),
            status=xml_text(attrs.get("status") or ""),
            mode=xml_text(attrs.get("mode") or ""),
            date=xml_text(attrs.get("date") or ""),
            source_count=int(attrs.get("source_count") or 0),
            documents=xml_text(" ".join(sorted({str(x[0]) for x in evidence}))),
            evidence=flatten_evidence(evidence),
        )
    return flat


def graphml(kg: KnowledgeGraph) -> str:
    """The graph as GraphML text (``flat_network``); the same graph gives the same text."""
    return "\n".join(nx.generate_graphml(flat_network(kg), encoding="utf-8", prettyprint=True)) + "\n"


def gexf(kg: KnowledgeGraph) -> str:
    """The graph as GEXF 1.2 text (``flat_network``); the same graph gives the same text.

    Edge ids are event ids; the file's meta names graphbuild and carries no
    date, so that a rebuild gives the same bytes.
    """
    g = flat_network(kg)
    for _, _, k, attrs in g.edges(keys=True, data=True):
        attrs["id"] = k  # GEXF takes the edge id from this attribute
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = "graphbuild"
    writer.add_graph(g)
    return str(writer).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------
# The ontology as Markdown

_SECTIONS = (
    ("Classes", OWL.Class),
    ("Event types (PLOVER)", None),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Annotation properties", OWL.AnnotationProperty),
)


def _curie(term: URIRef) -> str:
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)) and len(text) > len(str(ns)):
            return f"{prefix}:{text[len(str(ns)):]}"
    return f"<{text}>"


def _class_expression(g: Graph, node) -> str:
    if isinstance(node, URIRef):
        return _curie(node)
    if isinstance(node, BNode):
        members = g.value(node, OWL.unionOf)
        if members is not None:
            return " or ".join(_class_expression(g, m) for m in Collection(g, members))
    return str(node)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def ontology_markdown(path: str | os.PathLike | None = None) -> str:
    """The ontology's classes and properties as Markdown, from its Turtle file
    (default: ``namespace.ontology_path()``): label, comment, and for classes
    their superclass, for properties their domain and range. Terms are sorted
    by name within each section; PLOVER event types come in PLOVER's order
    with their quad class and CAMEO root codes.
    """
    g = Graph().parse(path or ontology_path(), format="turtle")
    out = io.StringIO()
    title = g.value(ONTOLOGY_IRI, RDFS.label) or "Ontology"
    out.write(f"# {_cell(title)}\n\n")
    comment = g.value(ONTOLOGY_IRI, RDFS.comment)
    if comment:
        out.write(f"{_cell(comment)}\n\n")
    version = g.value(ONTOLOGY_IRI, OWL.versionInfo)
    out.write(f"IRI: `{ONTOLOGY_IRI}`" + (f", version {version}" if version else "") + "\n\n")
    out.write("Prefixes: " + ", ".join(f"`{p}:` <{ns}>" for p, ns in PREFIXES.items()) + "\n")

    order = {name: i for i, name in enumerate(event_types())}
    plover = sorted(
        (s for s in set(g.subjects(SKOS.notation, None)) if isinstance(s, URIRef)),
        key=lambda t: (order.get(str(g.value(t, SKOS.notation)), len(order)), str(t)),
    )
    plover_set = set(plover)

    for heading, kind in _SECTIONS:
        if kind is None:
            terms = plover
        else:
            terms = sorted((t for t in g.subjects(RDF.type, kind) if isinstance(t, URIRef) and t not in plover_set), key=_curie)
        if not terms:
            continue
        out.write(f"\n## {heading}\n\n")
        if kind is None:
            out.write("| class | notation | quad class | CAMEO roots | description |\n|---|---|---|---|---|\n")
        elif kind == OWL.Class:
            out.write("| class | label | subclass of | description |\n|---|---|---|---|\n")
        else:
            out.write("| property | label | domain | range | description |\n|---|---|---|---|---|\n")
        for t in terms:
            label = _cell(g.value(t, RDFS.label) or "")
            desc = _cell(g.value(t, RDFS.comment) or "")
            if kind is None:
                roots = ", ".join(sorted(str(c) for c in g.objects(t, GB.cameoRoot)))
                quad = _cell(g.value(t, GB.quadClass) or "")
                out.write(f"| `{_curie(t)}` | {_cell(g.value(t, SKOS.notation) or '')} | {quad} | {roots} | {desc} |\n")
            elif kind == OWL.Class:
                supers = ", ".join(sorted(_class_expression(g, s) for s in g.objects(t, RDFS.subClassOf)))
                out.write(f"| `{_curie(t)}` | {label} | {_cell(supers)} | {desc} |\n")
            else:
                domain = ", ".join(sorted(_class_expression(g, s) for s in g.objects(t, RDFS.domain)))
                range_ = ", ".join(sorted(_class_expression(g, s) for s in g.objects(t, RDFS.range)))
                supers = ", ".join(sorted(_curie(s) for s in g.objects(t, RDFS.subPropertyOf) if isinstance(s, URIRef)))
                if supers:
                    desc = f"{desc} (sub-property of {supers})".strip()
                out.write(f"| `{_curie(t)}` | {label} | {_cell(domain)} | {_cell(range_)} | {desc} |\n")
    return out.getvalue()
