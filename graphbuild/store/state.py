"""What a store keeps per key and per event group, so that an add re-derives
only what the new documents change (``store.delta``).

Each piece is plain JSON:

- an entity's *fold*: what ``graph.assemble.merge_entities`` makes of all the
  records of one key, kept so that a record can be added wherever it falls
  in the corpus order (documents by id) without reading the others. The
  merge keeps the first record (its label, type...), unions every alias and
  the labels of all records but the first, and takes each of country, role,
  located_in and sector from the first record where it is set, else from
  the last record. So the fold keeps the first record and its position, the
  aliases, a count per label, and per field the first set value and the last
  value with their positions. A position is (one-word label of a unified
  person's key, document id, index in the document): ``graph.corpus`` sorts
  a key's records so.
- an event group's reports: the reports (key-mapped ``Event``s) of one
  (type, actor, recipient, status), which ``graph.corroborate`` clusters
  together and apart from all others, with their positions (document id,
  index), so that the group's events can be clustered again exactly.
"""

from __future__ import annotations

from dataclasses import replace

from graphbuild.records import Entity, Event, Evidence

FIELDS = ("country", "role", "located_in", "sector")


def entity_from(data: dict) -> Entity:
    return Entity(**{**data, "aliases": tuple(data["aliases"])})


def event_from(data: dict) -> Event:
    return Event(**{**data, "evidence": tuple(Evidence(**x) for x in data["evidence"])})


def event_data(ev: Event) -> dict:
    """``dataclasses.asdict(ev)``, faster (the records are flat but for evidence)."""
    return {**ev.__dict__, "evidence": [dict(x.__dict__) for x in ev.evidence]}


def entity_data(ent: Entity) -> dict:
    return {**ent.__dict__, "aliases": list(ent.aliases)}


def new_fold(pos: list, ent: Entity) -> dict:
    """The fold of one record."""
    data = entity_data(ent)
    fields = {f: [pos if data[f] else None, data[f] if data[f] else None, pos, data[f]] for f in FIELDS}
    return {"n": 1, "first": [pos, data], "aliases": sorted(set(ent.aliases)), "labels": {ent.label: 1}, "fields": fields}


def folded(fold: dict | None, pos: list, ent: Entity) -> dict:
    """``fold`` with the record ``ent`` at position ``pos`` added (a new fold
    when ``fold`` is None); ``fold`` is changed in place."""
    if fold is None:
        return new_fold(pos, ent)
    data = entity_data(ent)
    fold["n"] += 1
    if pos < fold["first"][0]:
        fold["first"] = [pos, data]
    fold["aliases"] = sorted(set(fold["aliases"]) | set(ent.aliases))
    fold["labels"][ent.label] = fold["labels"].get(ent.label, 0) + 1
    for f in FIELDS:
        first_pos, _, last_pos, _ = slot = fold["fields"][f]
        if data[f] and (first_pos is None or pos < first_pos):
            slot[0], slot[1] = pos, data[f]
        if pos > last_pos:
            slot[2], slot[3] = pos, data[f]
    return fold


def merged(fold: dict) -> Entity:
    """The entity ``merge_entities`` makes of the fold's records, in order."""
    first = entity_from(fold["first"][1])
    if fold["n"] == 1:
        return first
    labels = dict(fold["labels"])
    labels[first.label] -= 1
    aliases = set(fold["aliases"]) | {label for label, n in labels.items() if n > 0}
    values = {f: (slot[1] if slot[0] is not None else slot[3]) for f, slot in fold["fields"].items()}
    return replace(first, aliases=tuple(sorted(aliases)), **values)


def with_report(reports: list, pos: list, ev: Event) -> list:
    """The group's reports with ``ev`` at ``pos``, in position order (a new list)."""
    return sorted([*reports, [pos, event_data(ev)]], key=lambda r: r[0])


def report_events(reports: list) -> list[Event]:
    return [event_from(data) for _, data in reports]
