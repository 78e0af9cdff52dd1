"""The store's derived view written in place: the state of ``store.delta``
kept in the store, a ``Plan`` applied to the merged graph and its Turtle
blocks.

Named graph ``STATE_GRAPH``: one JSON literal per key, event group and
action predicate touched so far (``store.state``), and per person key its
last record (document id, label), which the unification of people reads.
``STATE_READY`` in the meta graph says the state is whole; a store without
it (written before it, or whose state could not be built) re-derives the
whole graph on its next add.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

import pyoxigraph as ox

from graphbuild.pipeline import DocumentResult
from graphbuild.rdf.namespace import document_iri
from graphbuild.rdf.turtle import turtle_blocks
from graphbuild.store.results import decode_result

STORE_NS = "https://w3id.org/graphbuild/store#"
STORE_IRI = ox.NamedNode("https://w3id.org/graphbuild/store")
RESULTS_GRAPH = ox.NamedNode("https://w3id.org/graphbuild/store/results")
META_GRAPH = ox.NamedNode("https://w3id.org/graphbuild/store/meta")
TURTLE_GRAPH = ox.NamedNode("https://w3id.org/graphbuild/store/turtle")
STATE_GRAPH = ox.NamedNode("https://w3id.org/graphbuild/store/state")
RESULT = ox.NamedNode(STORE_NS + "result")
TURTLE = ox.NamedNode(STORE_NS + "turtle")
STATE = ox.NamedNode(STORE_NS + "unitState")
PERSON = ox.NamedNode(STORE_NS + "personState")
READY = ox.Quad(STORE_IRI, ox.NamedNode(STORE_NS + "stateReady"), ox.Literal("1"), META_GRAPH)
_DEFAULT = ox.DefaultGraph()


def _state_node(kind: str, name: str) -> ox.NamedNode:
    digest = hashlib.sha256(f"{kind}\n{name}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return ox.NamedNode(f"https://w3id.org/graphbuild/store/state/{kind}/{digest}")


def _person_node(key: str) -> ox.NamedNode:
    return _state_node("person", key)


def _json(value) -> ox.Literal:
    return ox.Literal(json.dumps(value, sort_keys=True, separators=(",", ":")))


def subject_term(nt: str):
    """The subject term of its N-Triples text (an IRI or a blank node)."""
    return ox.NamedNode(nt[1:-1]) if nt.startswith("<") else ox.BlankNode(nt[2:])


class StoreReader:
    """``delta.Reader`` over an open pyoxigraph store."""

    def __init__(self, store: ox.Store):
        self.store = store

    def _one(self, subject, predicate, graph):
        for quad in self.store.quads_for_pattern(subject, predicate, None, graph):
            return quad.object.value
        return None

    def get(self, kind: str, name: str):
        text = self._one(_state_node(kind, name), STATE, STATE_GRAPH)
        return None if text is None else json.loads(text)

    def people(self) -> dict[str, list]:
        found = (json.loads(q.object.value) for q in self.store.quads_for_pattern(None, PERSON, None, STATE_GRAPH))
        return {key: [doc, label] for key, doc, label in found}

    def result(self, doc_id: str) -> DocumentResult:
        return decode_result(self._one(ox.NamedNode(str(document_iri(doc_id))), RESULT, RESULTS_GRAPH))


class EmptyReader:
    """``delta.Reader`` of a store that holds nothing yet."""

    def get(self, kind: str, name: str):
        return None

    def people(self) -> dict[str, list]:
        return {}

    def result(self, doc_id: str) -> DocumentResult:
        raise KeyError(doc_id)


def state_ready(store: ox.Store) -> bool:
    return any(True for _ in store.quads_for_pattern(READY.subject, READY.predicate, None, META_GRAPH))


def write_state(store: ox.Store, states: dict, people: dict, *, whole: bool = False) -> None:
    """Store the new states (``None``: remove) and person records; ``whole``
    replaces all state (a full re-derive) and marks it ready."""
    if whole:
        store.clear_graph(STATE_GRAPH)
    else:
        nodes = [_state_node(kind, name) for kind, name in states] + [_person_node(k) for k in people]
        _remove(store, [q for s in nodes for q in store.quads_for_pattern(s, None, None, STATE_GRAPH)])
    quads = [ox.Quad(_state_node(kind, name), STATE, _json(value), STATE_GRAPH)
             for (kind, name), value in states.items() if value is not None]
    quads += [ox.Quad(_person_node(k), PERSON, _json([k, *v]), STATE_GRAPH) for k, v in people.items()]
    if whole:
        store.bulk_extend([*quads, READY])
    else:
        store.extend(quads)


def drop_state(store: ox.Store) -> None:
    """Forget the state (it could not be built): adds re-derive the whole graph."""
    store.clear_graph(STATE_GRAPH)
    store.remove(READY)


def _remove(store: ox.Store, quads: Iterable[ox.Quad]) -> None:
    for quad in list(quads):
        store.remove(quad)


def apply_subjects(store: ox.Store, subjects: dict[ox.NamedNode, list[ox.Quad]]) -> tuple[int, int]:
    """Give each node of ``subjects`` exactly its triples there, and its
    Turtle block again; (triples added, removed)."""
    added = removed = 0
    for subject, quads in subjects.items():
        present = set(store.quads_for_pattern(subject, None, None, _DEFAULT))
        wanted = set(quads)
        gone = present - wanted
        _remove(store, gone)
        new = wanted - present
        store.extend(new)
        added, removed = added + len(new), removed + len(gone)
    write_turtle(store, [q for quads in subjects.values() for q in quads], set(subjects))
    return added, removed


def write_turtle(store: ox.Store, graph: Iterable[ox.Quad], subjects: set | None) -> None:
    """Store the Turtle block (``rdf.turtle.turtle_block``) of each of
    ``subjects`` (all when None), as ``graph`` now holds them."""
    if subjects is None:
        store.clear_graph(TURTLE_GRAPH)
        chosen = graph
    else:
        chosen = [q for q in graph if q.subject in subjects]
        _remove(store, [q for s in subjects for q in store.quads_for_pattern(s, TURTLE, None, TURTLE_GRAPH)])
    blocks = turtle_blocks(chosen)
    quads = [ox.Quad(subject_term(s), TURTLE, ox.Literal(block), TURTLE_GRAPH) for s, block in blocks.items()]
    if subjects is None:
        store.bulk_extend(quads)
    else:
        store.extend(quads)
