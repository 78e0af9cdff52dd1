"""The RDF file formats: their names, and the knowledge graph written in each.

``FORMATS`` maps graphbuild's short names (ttl, nt, jsonld, trig, nq), which
are also the file suffixes, to rdflib's plugin names; ``FORMAT_ALIASES``
maps the other names a user may give ("turtle", "json-ld", ...) to a short
name (``render.export`` reads the same tables). ``rdf_format`` picks the
format from a name or a file's suffix.

``dumps(kg, fmt)`` gives the text, ``serialize`` writes the file
atomically: the same knowledge graph gives the same bytes, whatever the
process. Turtle is graphbuild's own layout (``rdf.turtle``); N-Triples and
N-Quads have their lines sorted; JSON-LD and TriG are rdflib's, put in a
fixed order here.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.plugins.serializers.trig import TrigSerializer

from graphbuild.atomic import write_atomic
from graphbuild.records import KnowledgeGraph
from graphbuild.rdf.namespace import PREFIX_IRIS
from graphbuild.rdf.statements import default_graph, nt_triples, to_dataset, to_rdf
from graphbuild.rdf.turtle import text_turtle

# File formats: our short name -> rdflib plugin name.
FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}
QUAD_FORMATS = frozenset({"trig", "nq"})
# Other names of the formats (lower case) -> the short name.
FORMAT_ALIASES = {
    "turtle": "ttl",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "jsonld",
    "json": "jsonld",
    "nquads": "nq",
    "n-quads": "nq",
}

# JSON-LD context: vocabulary prefixes only, for property names and types.
# Node IRIs stay absolute: a key such as "//x" would give a compact IRI
# ("ent://x") that reads as an absolute one.
_SIMPLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def rdf_format(fmt: str | None, path: str | os.PathLike | None = None) -> str:
    """The short name of an RDF format, from ``fmt`` or else from the suffix
    of ``path``; ``ValueError`` when there is none or it is unknown."""
    if fmt is None:
        if path is None:
            raise ValueError("no format given")
        fmt = Path(path).suffix.lstrip(".")
    name = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")
    return name


def _sorted_lines(text: str) -> str:
    # Split on "\n" only: literals may hold U+2028 or U+0085, which are not
    # line ends in N-Triples (and are written raw).
    lines = sorted({line for line in text.split("\n") if line.strip()})
    return "\n".join(lines) + "\n" if lines else ""


def _compact_iri(iri: str) -> str:
    for prefix, ns in PREFIX_IRIS.items():
        if iri.startswith(ns) and _SIMPLE_NAME.fullmatch(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _json_key(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _jsonld_node(node: dict) -> dict:
    """One node of rdflib's expanded JSON-LD, names and types compacted, values sorted."""
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
            out[_compact_iri(prop)] = sorted(values, key=_json_key)
    return out


def _jsonld(g: Graph) -> str:
    """JSON-LD in a fixed order: nodes by id, values sorted.

    rdflib's own compaction loses an empty string when a property has other
    values, so this takes rdflib's expanded form and only shortens property
    names and types with the vocabulary prefixes; every value stays an
    explicit ``{"@id": ...}`` or ``{"@value": ...}`` object in a list.
    """
    nodes = [_jsonld_node(node) for node in json.loads(g.serialize(format="json-ld"))]
    nodes.sort(key=lambda n: (n["@id"], _json_key(n)))
    doc = {"@context": PREFIX_IRIS, "@graph": nodes}
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _trig(ds: Dataset) -> str:
    """TriG with the default graph first, then named graphs by IRI.

    rdflib writes the graphs in the order of a set, which changes from one
    process to the next; the serializer's list of graphs is put in order first.
    """
    ser = TrigSerializer(ds)
    default = default_graph(ds).identifier
    graphs = {c.identifier: c for c in ser.contexts}
    ser.contexts = [graphs[k] for k in sorted(graphs, key=lambda i: (i != default, str(i)))]
    buf = io.BytesIO()
    ser.serialize(buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def dumps(kg: KnowledgeGraph, fmt: str) -> str:
    """The knowledge graph as text in ``fmt`` (ttl, nt, jsonld, trig, nq).

    The same knowledge graph gives the same text, whatever the process.
    Turtle is graphbuild's own layout (see ``rdf.turtle``), which a store
    writes too, byte for byte.
    """
    fmt = rdf_format(fmt)
    if fmt in QUAD_FORMATS:
        ds = to_dataset(kg)
        if fmt == "trig":
            return _trig(ds)
        return _sorted_lines(ds.serialize(format="nquads"))
    if fmt == "ttl":
        return text_turtle(nt_triples(kg))
    g = to_rdf(kg)
    if fmt == "nt":
        return _sorted_lines(g.serialize(format="nt"))
    return _jsonld(g)


def serialize(kg: KnowledgeGraph, path: str | os.PathLike, fmt: str | None = None) -> Path:
    """Write the knowledge graph to ``path`` atomically; returns the path.

    ``fmt`` is one of ttl, nt, jsonld, trig, nq; by default it is taken from
    the file's extension. The bytes are the same for the same graph.
    """
    return write_atomic(path, dumps(kg, rdf_format(fmt, path)))
