"""What adding documents changes in a store's merged graph, found from the
new documents and the state kept per key and per event group
(``store.state``), without reading the other documents.

``plan(results, reader)`` gives a ``Plan``: the new state of every key,
event group, action predicate and person the new documents touch, and the
triples of every node of the graph whose triples may change (all of them:
the store replaces those nodes' triples and Turtle blocks). The graph of a
node is what ``rdf.statements`` writes of it in a plain build:

- an entity node: its merged record's triples (``state.merged``), or only
  its key when it is referred to but not described, and the direct edges of
  the events it is the actor of (counted per predicate and recipient);
- an event node and its evidence: from the events of its group, clustered
  again (``graph.corroborate``); a changed event changes the refs, direct
  edges and action labels it counted, and the event ids that older
  documents' open triples link to (those documents' statements are made
  again);
- an action predicate: its labels, counted over the events that use it;
- a document: its metadata; its open triples' statements.

Where an add changes the corpus-wide unification of people
(``entities.resolve.unify_people``) for a key already stored, or makes a
stored key the full name others join, or the new documents cite another
document in their evidence, ``plan`` gives None and the store re-derives
the whole graph instead: exact first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

import pyoxigraph as ox
from rdflib import URIRef

from graphbuild.entities.resolve import unify_people
from graphbuild.graph.corroborate import corroborate
from graphbuild.pipeline import DocumentResult
from graphbuild.records import PERSON, Entity, Event, KnowledgeGraph
from graphbuild.rdf.namespace import action_iri, entity_iri, event_iri
from graphbuild.rdf.open_triples import statements as open_triple_statements
from graphbuild.rdf.statements import (
    action_statements, article_statements, entity_statements, event_statements, key_statement,
)
from graphbuild.rdf.terms import OX_LITERALS, OxTerms, anonymous_event_iri, evidence_iri
from graphbuild.store import state
from graphbuild.triples.record import link_events, rekeyed, select

KEY, GROUP, ACTION = "key", "group", "action"
_RDF_TRIPLES = KnowledgeGraph().rdf_triples  # which open triples a build's RDF holds


class Reader(Protocol):
    """The store as ``plan`` reads it."""

    def get(self, kind: str, name: str) -> object | None: ...
    def people(self) -> dict[str, list]: ...  # person key -> [document id, label] of its last record
    def result(self, doc_id: str) -> DocumentResult: ...


@dataclass
class Plan:
    states: dict[tuple[str, str], object | None]  # (kind, name) -> its new state (None: gone)
    people: dict[str, list]  # the person records changed
    subjects: dict[ox.NamedNode, list[ox.Quad]] = field(default_factory=dict)  # node -> all its triples now


def group_name(ev: Event) -> str:
    return "\t".join([ev.type, ev.actor, ev.recipient or "", ev.status])


def _unified(people: Mapping[str, list]) -> dict[str, str]:
    return unify_people(Entity(key=k, label=label, type=PERSON) for k, (_, label) in people.items())


def _own_evidence(r: DocumentResult) -> bool:
    doc = r.article.id
    return all(x.doc_id == doc for ev in r.events for x in ev.evidence) and all(t.doc_id == doc for t in r.triples)


def plan(results: Iterable[DocumentResult], reader: Reader, *, view: bool = True) -> Plan | None:
    """What adding ``results`` (none of them stored yet) changes; None when
    only a full re-derive is exact. ``view=False`` leaves out the triples
    (a full re-derive building the state anew)."""
    results = sorted(results, key=lambda r: r.article.id)
    if not all(_own_evidence(r) for r in results):
        return None
    old_people = reader.people()
    people = dict(old_people)
    for r in results:
        for e in r.entities:
            if e.type == PERSON and (e.key not in people or r.article.id > people[e.key][0]):
                people[e.key] = [r.article.id, e.label]
    before, mapping = _unified(old_people), _unified(people)
    if any(mapping.get(k) != before.get(k) for k in old_people):
        return None
    delta = _Delta(reader, mapping)
    if any(delta.key(t)["entity"] is not None for t in delta.targets - set(before.values())):
        return None  # a stored key becomes the full name that others join: its records reorder
    for r in results:
        delta.add_document(r)
    delta.finish()
    changed_people = {k: v for k, v in people.items() if old_people.get(k) != v}
    out = Plan(delta.new_states(), changed_people)
    if view:
        out.subjects = delta.subjects(results)
    return out


class _Delta:
    """The states an add loads and changes, and what changed in them."""

    def __init__(self, reader: Reader, mapping: dict[str, str]):
        self.reader, self.mapping = reader, mapping
        self.targets = set(mapping.values())
        self.loaded: dict[tuple[str, str], dict] = {}
        self.old_entity: dict[str, Entity | None] = {}  # key -> merged record before the add
        self.old_keys: dict[str, tuple] = {}  # key -> (described or referred to, direct edges) before
        self.old_reports: dict[str, list] = {}
        self.new_reports: dict[str, list] = {}
        self.old_words: dict[str, tuple] = {}
        self.ref_delta: Counter[str] = Counter()
        self.removed: list[Event] = []
        self.added: list[Event] = []
        self.final: dict[str, list[Event]] = {}  # group -> its events after the add

    def mapped(self, k: str | None) -> str | None:
        return self.mapping.get(k, k) if k is not None else None

    def _load(self, kind: str, name: str, empty) -> dict:
        if (kind, name) not in self.loaded:
            found = self.reader.get(kind, name)
            self.loaded[kind, name] = found if found is not None else empty()
        return self.loaded[kind, name]

    def key(self, k: str) -> dict:
        if (KEY, k) not in self.loaded:
            s = self._load(KEY, k, lambda: {"entity": None, "refs": 0, "edges": {}})
            self.old_entity[k] = state.merged(s["entity"]) if s["entity"] else None
            self.old_keys[k] = (bool(s["entity"]) or s["refs"] > 0, sorted(s["edges"]))
        return self.loaded[KEY, k]

    def group(self, name: str) -> dict:
        if (GROUP, name) not in self.loaded:
            s = self._load(GROUP, name, lambda: {"reports": []})
            self.old_reports[name] = list(s["reports"])
        return self.loaded[GROUP, name]

    def action(self, iri: str) -> dict:
        if (ACTION, iri) not in self.loaded:
            s = self._load(ACTION, iri, lambda: {"words": {}})
            self.old_words[iri] = tuple(sorted(s["words"]))
        return self.loaded[ACTION, iri]

    def add_document(self, r: DocumentResult) -> None:
        doc = r.article.id
        for i, e in enumerate(r.entities):
            k = self.mapped(e.key)
            pos = [int(k in self.targets and len(e.label.split()) == 1), doc, i]
            s = self.key(k)
            s["entity"] = state.folded(s["entity"], pos, e if k == e.key else replace(e, key=k))
        for j, ev in enumerate(r.events):
            ev = self._mapped_event(ev)
            name = group_name(ev)
            self.group(name)
            self.new_reports.setdefault(name, []).append([[doc, j], state.event_data(ev)])
        for t in self.told(r):
            self.refer((t.subject_entity, t.object_entity, t.source_entity), 1)

    def told(self, r: DocumentResult, events: Iterable[Event] = ()) -> list:
        """The document's open triples that its RDF holds, keys mapped, linked to ``events``."""
        return select(link_events((rekeyed(t, self.mapped) for t in r.triples), events), _RDF_TRIPLES)

    def refer(self, keys: Iterable[str | None], sign: int) -> None:
        for k in keys:
            if k is not None:
                self.key(k)
                self.ref_delta[k] += sign

    def finish(self) -> None:
        """Cluster the touched groups again; count what their changed events
        and the changed entity records refer to."""
        for name, reports in self.new_reports.items():
            s = self.loaded[GROUP, name]
            s["reports"] = sorted([*s["reports"], *reports], key=lambda rep: rep[0])
            old = corroborate(state.report_events(self.old_reports[name]))
            new = self.final[name] = corroborate(state.report_events(s["reports"]))
            kept = set(old) & set(new)
            for ev in old:
                if ev not in kept:
                    self.removed.append(ev)
                    self._count(ev, -1)
            for ev in new:
                if ev not in kept:
                    self.added.append(ev)
                    self._count(ev, 1)
        for k, old in list(self.old_entity.items()):
            new = self.merged(k)
            if new != old:
                if old is not None:
                    self.refer(entity_statements(old, OX_LITERALS)[1], -1)
                self.refer(entity_statements(new, OX_LITERALS)[1], 1)
        for k, n in self.ref_delta.items():
            self.loaded[KEY, k]["refs"] += n

    def merged(self, k: str) -> Entity | None:
        fold = self.loaded[KEY, k]["entity"]
        return state.merged(fold) if fold else None

    def _count(self, ev: Event, sign: int) -> None:
        self.refer((ev.actor, ev.recipient, ev.location), sign)
        if ev.recipient is None:
            return
        action = str(action_iri(ev.predicate))
        for counts, name in ((self.key(ev.actor)["edges"], f"{action}\t{ev.recipient}"), (self.action(action)["words"], ev.predicate)):
            counts[name] = counts.get(name, 0) + sign
            if counts[name] == 0:
                del counts[name]

    def new_states(self) -> dict[tuple[str, str], object | None]:
        out: dict[tuple[str, str], object | None] = {}
        for (kind, name), s in self.loaded.items():
            empty = (kind == KEY and not s["entity"] and s["refs"] == 0 and not s["edges"]) or (
                kind == GROUP and not s["reports"]) or (kind == ACTION and not s["words"])
            out[kind, name] = None if empty else s
        return out

    def subjects(self, results: list[DocumentResult]) -> dict[ox.NamedNode, list[ox.Quad]]:
        """Every node whose triples may have changed, with all its triples now."""
        out = _Nodes()
        for k in self.old_entity:
            s = self.loaded[KEY, k]
            entity = self.merged(k)
            now = (bool(s["entity"]) or s["refs"] > 0, sorted(s["edges"]))
            if entity != self.old_entity[k] or now != self.old_keys[k]:
                out.node(entity_iri(k))
                out.extend(self._entity_triples(k, entity, s))
        for iri, words in self.old_words.items():
            now = self.loaded[ACTION, iri]["words"]
            if tuple(sorted(now)) != words:
                out.node(_iri(iri))
                out.extend(action_statements(_iri(iri), now, OX_LITERALS) if now else [])
        for ev in self.removed:
            e = _event_node(ev)
            out.node(e)
            for x in ev.evidence:
                out.node(evidence_iri(e, x))
        for ev in self.added:
            e = _event_node(ev)
            actor = entity_iri(ev.actor)
            out.node(e)
            for x in ev.evidence:
                out.node(evidence_iri(e, x))
            out.extend(t for t in event_statements(ev, OX_LITERALS) if t[0] != actor)
        for r in results:
            out.extend(article_statements(r.article, OX_LITERALS))
        self._statements(results, out)
        return out.quads

    def _entity_triples(self, k: str, entity: Entity | None, s: dict) -> list:
        if entity is not None:
            triples = entity_statements(entity, OX_LITERALS)[0]
        else:
            triples = [key_statement(k, OX_LITERALS)] if s["refs"] > 0 else []
        edges = (edge.split("\t") for edge in s["edges"])
        return triples + [(entity_iri(k), _iri(action), entity_iri(recipient)) for action, recipient in edges]

    def _statements(self, results: list[DocumentResult], out: _Nodes) -> None:
        """The statements of the new documents, and of the stored documents
        where an event's id changed (an open triple links to the id of the
        event read in its sentence)."""
        new = {r.article.id for r in results}
        before, after = _places(self.removed), _places(self.added)
        changed = {place[0] for place in (before - after) + (after - before)} - new
        stored = (self.reader.result(d) for d in sorted(changed))
        for r in [*results, *(r for r in stored if r.triples)]:
            events = [ev for g in sorted({group_name(self._mapped_event(ev)) for ev in r.events}) for ev in self._final(g)]
            for triple, _, _ in open_triple_statements(self.told(r, events), OX_LITERALS):
                out.extend([triple])

    def _mapped_event(self, ev: Event) -> Event:
        actor, recipient = self.mapped(ev.actor), self.mapped(ev.recipient)
        return ev if (actor, recipient) == (ev.actor, ev.recipient) else replace(ev, actor=actor, recipient=recipient)

    def _final(self, name: str) -> list[Event]:
        if name not in self.final:
            self.final[name] = corroborate(state.report_events(self.group(name)["reports"]))
        return self.final[name]


def _iri(text: str) -> URIRef:
    return URIRef(text)


def _places(events: Iterable[Event]) -> Counter:
    """What ``link_events`` reads of the events: (document, start, actor,
    recipient, id) of each evidence of an event with a recipient."""
    return Counter((x.doc_id, x.start, ev.actor, ev.recipient, ev.id) for ev in events if ev.recipient is not None for x in ev.evidence)


def _event_node(ev: Event):
    return event_iri(ev.id) if ev.id else anonymous_event_iri(ev)


class _Nodes:
    """Nodes and their triples, as pyoxigraph quads of the default graph."""

    def __init__(self) -> None:
        self.term = OxTerms()
        self.quads: dict[ox.NamedNode, list[ox.Quad]] = {}

    def node(self, subject) -> None:
        self.quads.setdefault(self.term(subject), [])

    def extend(self, triples: Iterable[tuple]) -> None:
        for s, p, o in triples:
            self.quads.setdefault(self.term(s), []).append(ox.Quad(self.term(s), self.term(p), self.term(o)))
