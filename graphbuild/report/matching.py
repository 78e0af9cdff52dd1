"""Matching a gold line with what a build found: participants, events, entities.

The gold lines are ``gold.read_gold``'s; the build is indexed once as a
``GraphIndex`` (names per entity, events and mentions per document). All
functions are pure.

How things are matched:

- A participant matches an entity when one gold name equals the entity's
  label or one of its aliases (case-insensitive, a leading "the " and extra
  spaces ignored). A participant given only by a code matches any entity of
  that country; a null recipient matches anything.
- An expected event is found in its document when some event with evidence
  in that document has its type and matching participants; for the
  symmetric types (CONSULT, COOPERATE, AGREE) the participants may be the
  other way round. Among several such events the one agreeing best on
  status and date (then mode, then codes) is the one scored. Matching is not
  one-to-one: one system event can be the match of two gold lines.
- Attributes (status, date, mode, actor_code, recipient_code) are scored on
  found events only, each where the gold line gives it. A code is scored as
  an attribute only when the participant is given by names; given alone it
  decided the match.
- Precision counts system events per gold document: an event with evidence
  in two documents of the gold file counts once in each.
- An entity is resolved when every occurrence of its aliases (and of its
  name) in the text lands on one node: the node of the mention overlapping
  the occurrence most. All-capital aliases ("US", "WHO") are matched
  case-sensitively, so that "us" and "who" are not occurrences. An occurrence
  lying inside a longer mention whose text is none of the entity's aliases
  is part of another name ("China" in "South China Sea") and is left out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from graphbuild.records import Entity, Event, KnowledgeGraph, Mention

#: Event types whose actor and recipient may be given either way round.
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})


def norm_name(name: str) -> str:
    """A name as compared: case-folded, spaces collapsed, no leading "the "."""
    name = " ".join(name.split()).casefold()
    return name[4:] if name.startswith("the ") else name


@dataclass(frozen=True)
class Party:
    """A gold participant: names, or a country code, or neither (anything)."""

    names: frozenset[str]
    code: str | None

    @classmethod
    def of(cls, line: dict, role: str) -> Party:
        names = line.get(role)
        if isinstance(names, str):
            names = [names]
        return cls(frozenset(norm_name(n) for n in names or () if n.strip()), line.get(f"{role}_code") or None)

    @property
    def by_names(self) -> bool:
        return bool(self.names)

    def matches(self, key: str | None, graph: GraphIndex) -> bool:
        if self.names:
            return key is not None and bool(self.names & graph.names(key))
        if self.code:
            entity = graph.entities.get(key) if key else None
            return entity is not None and entity.country == self.code
        return True


class GraphIndex:
    """The graph indexed for evaluation: names per entity, events per document."""

    def __init__(self, kg: KnowledgeGraph):
        self.entities = kg.entities
        self._names: dict[str, frozenset[str]] = {}
        self.events_by_doc: dict[str, list[Event]] = defaultdict(list)
        for ev in kg.events:
            for doc in dict.fromkeys(x.doc_id for x in ev.evidence):
                self.events_by_doc[doc].append(ev)
        self.mentions_by_doc: dict[str, list[Mention]] = defaultdict(list)
        for m in kg.mentions:
            self.mentions_by_doc[m.doc_id].append(m)

    def names(self, key: str) -> frozenset[str]:
        if key not in self._names:
            entity = self.entities.get(key)
            self._names[key] = (
                frozenset(norm_name(n) for n in (entity.label, *entity.aliases)) if entity else frozenset()
            )
        return self._names[key]

    def label(self, key: str | None) -> str:
        if key is None:
            return "-"
        entity = self.entities.get(key)
        return entity.label if entity else key


def match_direction(line: dict, ev: Event, graph: GraphIndex, allow_swap: bool = True) -> str | None:
    """"direct" or "swapped" when ``ev`` is the event of gold ``line``, else None."""
    if ev.type != line.get("event"):
        return None
    actor, recipient = Party.of(line, "actor"), Party.of(line, "recipient")
    if actor.matches(ev.actor, graph) and recipient.matches(ev.recipient, graph):
        return "direct"
    if (
        allow_swap
        and ev.type in SYMMETRIC
        and ev.recipient is not None
        and actor.matches(ev.recipient, graph)
        and recipient.matches(ev.actor, graph)
    ):
        return "swapped"
    return None


def attribute_checks(line: dict, ev: Event, direction: str, graph: GraphIndex) -> dict[str, bool]:
    """Attribute -> correct?, for the attributes the gold line gives."""
    checks: dict[str, bool] = {}
    if line.get("status") is not None:
        checks["status"] = ev.status == line["status"]
    if line.get("date") is not None:
        dates = line["date"] if isinstance(line["date"], list) else [line["date"]]
        checks["date"] = ev.date is not None and ev.date in dates
    if line.get("mode") is not None:
        checks["mode"] = ev.mode == line["mode"]
    actor_key, recipient_key = (ev.actor, ev.recipient) if direction == "direct" else (ev.recipient, ev.actor)
    for role, key in (("actor", actor_key), ("recipient", recipient_key)):
        code = line.get(f"{role}_code")
        if code and Party.of(line, role).by_names:
            entity = graph.entities.get(key) if key else None
            checks[f"{role}_code"] = entity is not None and entity.country == code
    return checks


def attribute_value(ev: Event, name: str, graph: GraphIndex) -> str | None:
    """What ``ev`` has for an attribute (status, date, mode; for actor_code and
    recipient_code, the country of that participant)."""
    if name in ("status", "date", "mode"):
        return getattr(ev, name)
    entity = graph.entities.get(ev.actor if name == "actor_code" else ev.recipient or "")
    return entity.country if entity else None


def preference(checks: dict[str, bool], direction: str) -> tuple:
    """Sort key: status and date agreement first, then mode, codes, direction."""
    return (
        checks.get("status", False) + checks.get("date", False),
        checks.get("mode", False),
        checks.get("actor_code", False) + checks.get("recipient_code", False),
        direction == "direct",
    )


def describe_event(ev: Event, doc: str, graph: GraphIndex) -> str:
    """One line naming a system event: "doc: TYPE actor -> recipient (status, mode, date)"."""
    extras = ", ".join(x for x in (ev.status, ev.mode, ev.date) if x)
    return f"{doc}: {ev.type} {graph.label(ev.actor)} -> {graph.label(ev.recipient)} ({extras})"


def must_not_hit(line: dict, graph: GraphIndex) -> bool:
    """Whether the build has what a must-not line forbids in its document
    (a mention of the entity, or the event in the direction given)."""
    doc = line["doc"]
    if line["must_not"] == "entity":
        label = norm_name(line.get("label") or "")
        for m in graph.mentions_by_doc.get(doc, ()):
            if norm_name(m.text) == label or (m.key and label in graph.names(m.key)):
                return True
        return False
    return any(match_direction(line, ev, graph, allow_swap=False) for ev in graph.events_by_doc.get(doc, ()))


# ---------------------------------------------------------------------------
# Entities


def _alias_pattern(alias: str) -> re.Pattern:
    """Whole-word pattern; all-capital aliases ("US", "WHO") match case-sensitively."""
    body = r"\s+".join(re.escape(part) for part in alias.split())
    flags = 0 if (sum(c.isalpha() for c in alias) >= 2 and alias.upper() == alias) else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


def _landing(start: int, end: int, mentions: list[Mention]) -> Mention | None:
    """The mention overlapping [start, end) most (the tighter one on ties)."""
    best, best_key = None, None
    for m in mentions:
        overlap = min(end, m.end) - max(start, m.start)
        if overlap <= 0:
            continue
        key = (overlap, -(m.end - m.start))
        if best_key is None or key > best_key:
            best, best_key = m, key
    return best


def entity_resolved(line: dict, text: str | None, mentions: list[Mention], entities: dict[str, Entity]) -> bool:
    """Whether the entity of a gold line is resolved in ``text``: every
    occurrence of its names lands on one node, of the type and country given."""
    if not text:
        return False
    aliases = dict.fromkeys(a for a in (line.get("entity"), *(line.get("aliases") or ())) if a and a.strip())
    names = {norm_name(a) for a in aliases}
    keys: set[str] = set()
    occurred = False
    for alias in aliases:
        for match in _alias_pattern(alias).finditer(text):
            start, end = match.start(), match.end()
            if any(
                m.start <= start and end <= m.end and m.end - m.start > end - start and norm_name(m.text) not in names
                for m in mentions
            ):
                continue  # part of another, longer name: "China" in "South China Sea"
            occurred = True
            mention = _landing(start, end, mentions)
            if mention is None or not mention.key:
                return False
            keys.add(mention.key)
    if not occurred or len(keys) != 1:
        return False
    node = entities.get(keys.pop())
    if node is None:
        return False
    if line.get("type") is not None and node.type != line["type"]:
        return False
    return line.get("country") is None or node.country == line["country"]
