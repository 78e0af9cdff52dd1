"""Score a build against a gold file (see ``shared/design/gold-format.md``).

``read_gold`` reads and checks the gold JSON Lines; ``evaluate`` compares them
with a ``KnowledgeGraph`` and returns plain figures; ``format_report`` prints
them. ``evaluate`` does no I/O, so a test can hand it a graph built by hand.

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

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graphbuild.records import ENTITY_TYPES, STATUSES, Article, Entity, Event, KnowledgeGraph, Mention
from graphbuild.knowledge.plover import event_types

#: Event types whose actor and recipient may be given either way round.
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})

#: Attributes scored on found events, in report order.
ATTRIBUTES = ("status", "date", "mode", "actor_code", "recipient_code")


class GoldError(ValueError):
    """A gold file that cannot be used; ``errors`` lists "path:line: problem"."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# ---------------------------------------------------------------------------
# reading gold files


def read_gold(path: str | Path) -> list[dict]:
    """The lines of a gold JSON Lines file, checked; blank lines ignored.

    Raises ``GoldError`` listing every bad line as "path:line: problem".
    """
    errors: list[str] = []
    lines: list[dict] = []
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for number, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    obj = json.loads(raw.rstrip("\r\n"))
                except json.JSONDecodeError as exc:
                    errors.append(f"{where}: invalid JSON: {exc.msg} (column {exc.colno})")
                    continue
                problems = gold_line_problems(obj)
                errors.extend(f"{where}: {p}" for p in problems)
                if not problems:
                    lines.append(obj)
    except UnicodeDecodeError as exc:
        raise GoldError([f"{path}: invalid UTF-8 at byte {exc.start} of a line"]) from None
    except OSError as exc:
        raise GoldError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    if errors:
        raise GoldError(errors)
    return lines


def gold_line_problems(obj: object) -> list[str]:
    """What is wrong with one gold line (empty when nothing)."""
    if not isinstance(obj, dict):
        return ["line is not a JSON object"]
    problems = []
    if not isinstance(obj.get("doc"), str) or not obj["doc"].strip():
        problems.append("'doc' (the document id) is missing or not a string")
    if "must_not" in obj:
        kind = obj["must_not"]
        if kind == "entity":
            if not isinstance(obj.get("label"), str) or not obj["label"].strip():
                problems.append("must_not entity line needs a 'label' string")
        elif kind == "event":
            problems += _event_problems(obj)
        else:
            problems.append(f"'must_not' is {kind!r}; expected 'entity' or 'event'")
    elif "event" in obj:
        problems += _event_problems(obj)
        if obj.get("status") is not None and obj["status"] not in STATUSES:
            problems.append(f"unknown status {obj['status']!r} (expected one of {', '.join(STATUSES)})")
        date = obj.get("date")
        dates = date if isinstance(date, list) else [date] if date is not None else []
        for d in dates:
            if not _is_iso_date(d):
                problems.append(f"'date' {d!r} is not an ISO date (YYYY-MM-DD)")
        if obj.get("mode") is not None and not isinstance(obj["mode"], str):
            problems.append("'mode' is not a string")
    elif "no_events" in obj:
        if obj["no_events"] is not True:
            problems.append("'no_events' must be true (the document reports no event)")
    elif "entity" in obj:
        if not isinstance(obj["entity"], str) or not obj["entity"].strip():
            problems.append("'entity' is not a non-empty string")
        aliases = obj.get("aliases")
        if aliases is not None and not (isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
            problems.append("'aliases' is not a list of strings")
        if obj.get("type") is not None and obj["type"] not in ENTITY_TYPES:
            problems.append(f"unknown entity type {obj['type']!r} (expected one of {', '.join(ENTITY_TYPES)})")
        if obj.get("country") is not None and not isinstance(obj["country"], str):
            problems.append("'country' is not a string")
    else:
        problems.append("line has none of 'event', 'entity', 'must_not', 'no_events'")
    return problems


def _event_problems(obj: dict) -> list[str]:
    problems = []
    if obj.get("event") not in event_types():
        problems.append(f"unknown event type {obj.get('event')!r}")
    for role in ("actor", "recipient"):
        names = obj.get(role)
        if names is not None and not (
            isinstance(names, str) or (isinstance(names, list) and all(isinstance(n, str) for n in names))
        ):
            problems.append(f"'{role}' is not a name or a list of names")
        code = obj.get(f"{role}_code")
        if code is not None and not isinstance(code, str):
            problems.append(f"'{role}_code' is not a string")
    if not obj.get("actor") and not obj.get("actor_code") and "actor" not in obj:
        problems.append("event line needs 'actor' names, an 'actor_code', or \"actor\": null (unnamed)")
    return problems


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------
# matching


def _norm(name: str) -> str:
    """A name as compared: case-folded, spaces collapsed, no leading "the "."""
    name = " ".join(name.split()).casefold()
    return name[4:] if name.startswith("the ") else name


@dataclass(frozen=True)
class _Party:
    """A gold participant: names, or a country code, or neither (anything)."""

    names: frozenset[str]
    code: str | None

    @classmethod
    def of(cls, line: dict, role: str) -> _Party:
        names = line.get(role)
        if isinstance(names, str):
            names = [names]
        return cls(frozenset(_norm(n) for n in names or () if n.strip()), line.get(f"{role}_code") or None)

    @property
    def by_names(self) -> bool:
        return bool(self.names)

    def matches(self, key: str | None, graph: _Graph) -> bool:
        if self.names:
            return key is not None and bool(self.names & graph.names(key))
        if self.code:
            entity = graph.entities.get(key) if key else None
            return entity is not None and entity.country == self.code
        return True


class _Graph:
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
                frozenset(_norm(n) for n in (entity.label, *entity.aliases)) if entity else frozenset()
            )
        return self._names[key]

    def label(self, key: str | None) -> str:
        if key is None:
            return "-"
        entity = self.entities.get(key)
        return entity.label if entity else key


def _orientation(line: dict, ev: Event, graph: _Graph, allow_swap: bool = True) -> str | None:
    """"direct" or "swapped" when ``ev`` is the event of gold ``line``, else None."""
    if ev.type != line.get("event"):
        return None
    actor, recipient = _Party.of(line, "actor"), _Party.of(line, "recipient")
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


def _attribute_checks(line: dict, ev: Event, orientation: str, graph: _Graph) -> dict[str, bool]:
    """Attribute -> correct?, for the attributes the gold line gives."""
    checks: dict[str, bool] = {}
    if line.get("status") is not None:
        checks["status"] = ev.status == line["status"]
    if line.get("date") is not None:
        dates = line["date"] if isinstance(line["date"], list) else [line["date"]]
        checks["date"] = ev.date is not None and ev.date in dates
    if line.get("mode") is not None:
        checks["mode"] = ev.mode == line["mode"]
    actor_key, recipient_key = (ev.actor, ev.recipient) if orientation == "direct" else (ev.recipient, ev.actor)
    for role, key in (("actor", actor_key), ("recipient", recipient_key)):
        code = line.get(f"{role}_code")
        if code and _Party.of(line, role).by_names:
            entity = graph.entities.get(key) if key else None
            checks[f"{role}_code"] = entity is not None and entity.country == code
    return checks


def _preference(checks: dict[str, bool], orientation: str) -> tuple:
    """Sort key: status and date agreement first, then mode, codes, direction."""
    return (
        checks.get("status", False) + checks.get("date", False),
        checks.get("mode", False),
        checks.get("actor_code", False) + checks.get("recipient_code", False),
        orientation == "direct",
    )


def _describe(ev: Event, doc: str, graph: _Graph) -> str:
    extras = ", ".join(x for x in (ev.status, ev.mode, ev.date) if x)
    return f"{doc}: {ev.type} {graph.label(ev.actor)} -> {graph.label(ev.recipient)} ({extras})"


# ---------------------------------------------------------------------------
# entities


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


def _entity_resolved(line: dict, text: str | None, mentions: list[Mention], entities: dict[str, Entity]) -> bool:
    if not text:
        return False
    aliases = dict.fromkeys(a for a in (line.get("entity"), *(line.get("aliases") or ())) if a and a.strip())
    names = {_norm(a) for a in aliases}
    keys: set[str] = set()
    occurred = False
    for alias in aliases:
        for match in _alias_pattern(alias).finditer(text):
            start, end = match.start(), match.end()
            if any(
                m.start <= start and end <= m.end and m.end - m.start > end - start and _norm(m.text) not in names
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


# ---------------------------------------------------------------------------
# evaluate


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _kind(line: dict) -> str:
    if "must_not" in line:
        return "must_not"
    if "no_events" in line:
        return "no_events"
    return "event" if "event" in line else "entity" if "entity" in line else "other"


def _codes_only(line: dict) -> dict:
    """The line with names dropped where it gives a country code (``--by-code``)."""
    out = dict(line)
    for role in ("actor", "recipient"):
        if line.get(f"{role}_code"):
            out[role] = None
    return out


def evaluate(gold: Iterable[dict], kg: KnowledgeGraph, articles: dict[str, Article], by_code: bool = False) -> dict:
    """Figures of ``kg`` against ``gold`` lines; ``articles`` give the texts.

    Returns a dict with "events" (expected, found, recall, system,
    system_matched, precision), "must_not" (lines, hits, hit_lines),
    "attributes" (per attribute: scored, correct, accuracy), "entities"
    (expected, resolved, rate), "by_type", "missed" (gold event lines not
    found), "unmatched_system" (descriptions of system events in gold
    documents that match no gold line) and "unknown_docs" (gold documents
    that are neither in ``articles`` nor in ``kg.articles``). ``by_code``
    matches a participant by its country code wherever the gold line gives
    one, as event data sets coded by country are scored. Rates are
    rounded to 4 places and None when there is nothing to count.
    """
    gold = [_codes_only(line) if by_code and "event" in line else line for line in gold]
    graph = _Graph(kg)
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for line in gold:
        by_kind[_kind(line)].append(line)

    by_type: dict[str, dict[str, int]] = {}

    def type_row(name: str) -> dict[str, int]:
        return by_type.setdefault(name, {"expected": 0, "found": 0, "system": 0, "system_matched": 0})

    # expected events
    attributes = {name: {"scored": 0, "correct": 0} for name in ATTRIBUTES}
    missed: list[dict] = []
    wrong: list[str] = []  # attribute errors on found events
    found = 0
    gold_by_doc: dict[str, list[dict]] = defaultdict(list)
    for line in by_kind["event"]:
        doc = line["doc"]
        gold_by_doc[doc].append(line)
        row = type_row(line["event"])
        row["expected"] += 1
        best = None
        for ev in graph.events_by_doc.get(doc, ()):
            orientation = _orientation(line, ev, graph)
            if orientation is None:
                continue
            checks = _attribute_checks(line, ev, orientation, graph)
            rank = _preference(checks, orientation)
            if best is None or rank > best[0]:
                best = (rank, checks, ev)
        if best is None:
            missed.append(line)
            continue
        found += 1
        row["found"] += 1
        for name, correct in best[1].items():
            attributes[name]["scored"] += 1
            attributes[name]["correct"] += int(correct)
            if not correct:
                wrong.append(f"{doc}: {line['event']} {name}: expected {line.get(name, line.get(name.replace('_code', '') + '_code'))!r}, got {_attribute_value(best[2], name, graph)!r}")

    # system events of the gold documents
    system = matched = 0
    unmatched: list[str] = []
    for doc, lines in gold_by_doc.items():
        for ev in graph.events_by_doc.get(doc, ()):
            system += 1
            row = type_row(ev.type)
            row["system"] += 1
            if any(_orientation(line, ev, graph) for line in lines):
                matched += 1
                row["system_matched"] += 1
            else:
                unmatched.append(_describe(ev, doc, graph))

    # (document, type) pairs: is there an event of the expected type at all?
    # (what a reader of snippets labelled with one category asks)
    pairs = {(line["doc"], line["event"]) for line in by_kind["event"]}
    typed = sum(1 for doc, kind in pairs if any(ev.type == kind for ev in graph.events_by_doc.get(doc, ())))

    # documents that report no event at all ("no_events": true)
    quiet = sorted({line["doc"] for line in by_kind["no_events"]})
    noisy = [doc for doc in quiet if graph.events_by_doc.get(doc)]
    for doc in quiet:
        for ev in graph.events_by_doc.get(doc, ()):
            system += 1
            type_row(ev.type)["system"] += 1
            unmatched.append(_describe(ev, doc, graph))

    # must-not lines
    hit_lines = [line for line in by_kind["must_not"] if _must_not_hit(line, graph)]

    # entities
    resolved = 0
    for line in by_kind["entity"]:
        article = articles.get(line["doc"])
        if _entity_resolved(
            line, article.text if article else None, graph.mentions_by_doc.get(line["doc"], []), kg.entities
        ):
            resolved += 1

    known = set(articles) | set(kg.articles)
    unknown_docs = sorted({line["doc"] for line in gold if line.get("doc") not in known})

    expected = len(by_kind["event"])
    return {
        "events": {
            "expected": expected,
            "found": found,
            "recall": _rate(found, expected),
            "system": system,
            "system_matched": matched,
            "precision": _rate(matched, system),
        },
        "must_not": {"lines": len(by_kind["must_not"]), "hits": len(hit_lines), "hit_lines": hit_lines},
        "types": {"pairs": len(pairs), "found": typed, "rate": _rate(typed, len(pairs))},
        "no_events": {"documents": len(quiet), "with_events": len(noisy), "rate": _rate(len(noisy), len(quiet)), "noisy": noisy},
        "attributes": {
            name: {**counts, "accuracy": _rate(counts["correct"], counts["scored"])}
            for name, counts in attributes.items()
        },
        "entities": {
            "expected": len(by_kind["entity"]),
            "resolved": resolved,
            "rate": _rate(resolved, len(by_kind["entity"])),
        },
        "by_type": {name: by_type[name] for name in sorted(by_type)},
        "missed": missed,
        "attribute_errors": wrong,
        "unmatched_system": unmatched,
        "unknown_docs": unknown_docs,
    }


def _attribute_value(ev: Event, name: str, graph: _Graph) -> str | None:
    if name in ("status", "date", "mode"):
        return getattr(ev, name)
    entity = graph.entities.get(ev.actor if name == "actor_code" else ev.recipient or "")
    return entity.country if entity else None


def _must_not_hit(line: dict, graph: _Graph) -> bool:
    doc = line["doc"]
    if line["must_not"] == "entity":
        label = _norm(line.get("label") or "")
        for m in graph.mentions_by_doc.get(doc, ()):
            if _norm(m.text) == label or (m.key and label in graph.names(m.key)):
                return True
        return False
    return any(_orientation(line, ev, graph, allow_swap=False) for ev in graph.events_by_doc.get(doc, ()))


# ---------------------------------------------------------------------------
# report


def _fmt_rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def format_report(result: dict, *, details: bool = False) -> str:
    """A few aligned lines and a per-type table; ``details`` lists misses too."""
    ev, mn, en = result["events"], result["must_not"], result["entities"]
    lines = [
        f"events     found {ev['found']}/{ev['expected']}  recall {_fmt_rate(ev['recall'])}"
        f"  precision {_fmt_rate(ev['precision'])} ({ev['system_matched']}/{ev['system']})",
        f"types      (document, type) pairs with an event of that type {result['types']['found']}/{result['types']['pairs']}"
        f"  rate {_fmt_rate(result['types']['rate'])}",
        f"must-not   hits {mn['hits']}/{mn['lines']}",
        *([f"no-event   documents with an event {result['no_events']['with_events']}/{result['no_events']['documents']}"
           f"  rate {_fmt_rate(result['no_events']['rate'])}"] if result.get("no_events", {}).get("documents") else []),
        f"entities   resolved {en['resolved']}/{en['expected']}  rate {_fmt_rate(en['rate'])}",
        "attributes " + "  ".join(
            f"{name} {a['correct']}/{a['scored']} {_fmt_rate(a['accuracy'])}"
            for name, a in result["attributes"].items()
        ),
    ]
    if result["by_type"]:
        lines.append("")
        lines.append(f"{'type':<12}{'expected':>9}{'found':>7}{'recall':>8}{'system':>8}{'matched':>9}{'precision':>10}")
        for name, row in result["by_type"].items():
            lines.append(
                f"{name:<12}{row['expected']:>9}{row['found']:>7}"
                f"{_fmt_rate(_rate(row['found'], row['expected'])):>8}{row['system']:>8}{row['system_matched']:>9}"
                f"{_fmt_rate(_rate(row['system_matched'], row['system'])):>10}"
            )
    if result.get("unknown_docs"):
        lines.append("")
        lines.append("documents in the gold file but not in the build: " + ", ".join(result["unknown_docs"]))
    if details:
        if result["missed"]:
            lines.append("")
            lines.append("missed:")
            lines += [f"  {_gold_summary(line)}" for line in result["missed"]]
        if mn["hit_lines"]:
            lines.append("")
            lines.append("must-not hits:")
            lines += [f"  {_gold_summary(line)}" for line in mn["hit_lines"]]
        if result.get("attribute_errors"):
            lines.append("")
            lines.append("wrong attributes on found events:")
            lines += [f"  {text}" for text in result["attribute_errors"]]
        if result["unmatched_system"]:
            lines.append("")
            lines.append("system events matching no gold line:")
            lines += [f"  {text}" for text in result["unmatched_system"]]
    return "\n".join(lines)


def _gold_summary(line: dict) -> str:
    def party(role: str) -> str:
        names = line.get(role)
        if isinstance(names, list):
            names = names[0] if names else None
        return names or line.get(f"{role}_code") or "-"

    if line.get("must_not") == "entity":
        return f"{line['doc']}: entity {line.get('label')!r}"
    summary = f"{line['doc']}: {line.get('event')} {party('actor')} -> {party('recipient')}"
    return summary + (f"  \"{line['text']}\"" if line.get("text") else "")
