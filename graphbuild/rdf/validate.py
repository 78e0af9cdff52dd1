"""Check a written graph against the SHACL shapes in ``ontologies/shapes.ttl``.

``validate(graph)`` runs pyshacl (no inference: graphbuild writes every
``rdf:type`` it means) and returns a ``Report``: ``conforms`` and one
``Violation`` per broken rule, naming the node, the rule (the shape's name,
such as ``event-actor``), the property and the rule's message::

    <https://w3id.org/graphbuild/id/event/evt-1>: event-actor (gb:actor):
        every event has exactly one gb:actor, an entity with a gb:entityKey

The shapes say what every build guarantees: each event has one PLOVER type,
one actor, a status, a predicate, a source count and evidence; evidence names
its document, sentence and offsets; dates are ``xsd:date``; country codes are
three capital letters. Values quoted from the graph come from article text:
``Violation.line()`` escapes control and bidi characters for the terminal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from graphbuild.rdf.read import load_graph
from graphbuild.rdf.namespace import PREFIXES
from graphbuild.safetext import printable

SHAPES_NS = "https://w3id.org/graphbuild/shapes#"
VALUE_LIMIT = 80  # characters of an offending value quoted in a message


def shapes_path() -> Path:
    """The SHACL shapes: ``ontologies/shapes.ttl`` beside the package in a
    checkout, or the copy packaged as ``graphbuild/ontology/shapes.ttl``."""
    beside = Path(__file__).resolve().parents[2] / "ontologies" / "shapes.ttl"
    return beside if beside.exists() else Path(__file__).resolve().parents[1] / "ontology" / "shapes.ttl"


def load_shapes(path: str | os.PathLike | None = None) -> Graph:
    """The shapes graph (default: ``shapes_path()``)."""
    return Graph().parse(path or shapes_path(), format="turtle")


def _curie(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, ns in PREFIXES.items():
            if text.startswith(str(ns)) and len(text) > len(str(ns)):
                return f"{prefix}:{text[len(str(ns)):]}"
        return f"<{text}>"
    if isinstance(term, BNode):
        return "[]"
    return repr(str(term))


@dataclass(frozen=True, order=True)
class Violation:
    """One node breaking one rule.

    ``node`` is the focus node (an IRI, or ``_:`` id), ``rule`` the shape's
    name (``event-actor``), ``path`` the property (``gb:actor``), ``message``
    what the rule asks, ``value`` the offending value when there is one,
    ``severity`` "Violation", "Warning" or "Info".
    """

    node: str
    rule: str
    path: str = ""
    message: str = ""
    value: str = ""
    severity: str = "Violation"

    def line(self) -> str:
        """One terminal-safe line: "<node>: rule (path): message [value: ...]"."""
        node = f"<{self.node}>" if not self.node.startswith("_:") else self.node
        path = f" ({self.path})" if self.path else ""
        value = f" [value: {printable(self.value, VALUE_LIMIT, fold_spaces=False)}]" if self.value else ""
        return printable(f"{node}: {self.rule}{path}: {self.message}", fold_spaces=False) + value

    def as_dict(self) -> dict:
        return {
            "node": self.node,
            "rule": self.rule,
            "path": self.path,
            "message": self.message,
            "value": self.value,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class Report:
    """What ``validate`` found: ``conforms`` and the violations, sorted."""

    conforms: bool
    violations: tuple[Violation, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return self.conforms

    def text(self) -> str:
        """The violations, one ``Violation.line()`` each, or "conforms"."""
        if self.conforms:
            return "conforms\n"
        return "".join(v.line() + "\n" for v in self.violations)


def _rule_name(shapes: Graph, shape: Node | None) -> str:
    if shape is None:
        return "?"
    label = shapes.value(shape, RDFS.label)
    if label is not None:
        return str(label)
    if isinstance(shape, URIRef):
        return str(shape).removeprefix(SHAPES_NS)
    # A nested property shape: name it after the node shape that holds it.
    for owner in shapes.subjects(SH.property, shape):
        return _rule_name(shapes, owner)
    return "?"


def _node_text(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _value_text(value: Node | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal):
        text = str(value)
        return repr(text) if value.datatype is None else f"{text!r}^^{_curie(value.datatype)}"
    if isinstance(value, URIRef):
        return _curie(value)
    return _node_text(value)


def validate(graph: Graph | str | os.PathLike, shapes: Graph | str | os.PathLike | None = None) -> Report:
    """Validate a graph (an rdflib ``Graph``/``Dataset`` or a file ``rdf.read.load_graph``
    reads) against the shapes (default: ``shapes_path()``).

    Raises ``OSError`` for a missing file and rdflib's parser errors for a
    file that is not RDF.
    """
    from pyshacl import validate as shacl  # imported here: pyshacl is slow to import

    if not isinstance(graph, Graph):
        graph = load_graph(graph)
    elif isinstance(graph, Dataset):
        union = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        graph = union
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    conforms, results, _ = shacl(
        graph,
        shacl_graph=shapes_graph,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        meta_shacl=False,
        advanced=False,
        debug=False,
    )
    violations = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = results.value(result, SH.sourceShape)
        # The rule's own message from the shapes file; pyshacl's otherwise.
        message = shapes_graph.value(shape, SH.message) if shape is not None else None
        if message is None:
            message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        violations.add(
            Violation(
                node=_node_text(results.value(result, SH.focusNode)),
                rule=_rule_name(shapes_graph, shape),
                path=_curie(results.value(result, SH.resultPath)),
                message=str(message or ""),
                value=_value_text(results.value(result, SH.value)),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    return Report(bool(conforms), tuple(sorted(violations)))
