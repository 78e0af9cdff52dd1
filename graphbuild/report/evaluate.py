"""Score a build against a gold file (see ``docs/gold-format.md``).

``gold.read_gold`` reads and checks the gold JSON Lines; ``evaluate``
compares them with a ``KnowledgeGraph`` and returns plain figures;
``format_report`` prints them. ``evaluate`` does no I/O, so a test can hand
it a graph built by hand. How gold lines and system events are matched is
``matching``'s docstring.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graphbuild.records import Article, Event, KnowledgeGraph
from graphbuild.report.gold import line_kind
from graphbuild.report.matching import (
    GraphIndex,
    attribute_checks,
    attribute_value,
    describe_event,
    entity_resolved,
    match_direction,
    must_not_hit,
    preference,
)

#: Attributes scored on found events, in report order.
ATTRIBUTES = ("status", "date", "mode", "actor_code", "recipient_code")


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


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
    graph = GraphIndex(kg)
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for line in gold:
        by_kind[line_kind(line)].append(line)
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: {"expected": 0, "found": 0, "system": 0, "system_matched": 0})

    found, attributes, missed, wrong = _expected_events(by_kind["event"], graph, by_type)
    system, matched, unmatched = _system_events(by_kind["event"], graph, by_type)
    quiet, noisy, quiet_events = _quiet_documents(by_kind["no_events"], graph, by_type)
    pairs, typed = _type_pairs(by_kind["event"], graph)
    hit_lines = [line for line in by_kind["must_not"] if must_not_hit(line, graph)]
    resolved = _resolved_entities(by_kind["entity"], graph, kg, articles)
    system += len(quiet_events)  # an event in a document said to have none counts against precision too
    known = set(articles) | set(kg.articles)
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
        "types": {"pairs": pairs, "found": typed, "rate": _rate(typed, pairs)},
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
        "unmatched_system": unmatched + quiet_events,
        "unknown_docs": sorted({line["doc"] for line in gold if line.get("doc") not in known}),
    }


def _best_match(line: dict, graph: GraphIndex) -> tuple[dict[str, bool], Event] | None:
    """(attribute checks, event) of the event of the line's document that
    matches it and agrees best (``matching.preference``); None if none matches."""
    best = None
    for ev in graph.events_by_doc.get(line["doc"], ()):
        direction = match_direction(line, ev, graph)
        if direction is None:
            continue
        checks = attribute_checks(line, ev, direction, graph)
        rank = preference(checks, direction)
        if best is None or rank > best[0]:
            best = (rank, checks, ev)
    return None if best is None else (best[1], best[2])


def _expected_events(lines: list[dict], graph: GraphIndex, by_type: dict) -> tuple[int, dict, list[dict], list[str]]:
    """(found, attribute counts, missed lines, attribute errors) of the gold event lines."""
    attributes = {name: {"scored": 0, "correct": 0} for name in ATTRIBUTES}
    missed: list[dict] = []
    wrong: list[str] = []  # attribute errors on found events
    found = 0
    for line in lines:
        row = by_type[line["event"]]
        row["expected"] += 1
        best = _best_match(line, graph)
        if best is None:
            missed.append(line)
            continue
        found += 1
        row["found"] += 1
        checks, ev = best
        for name, correct in checks.items():
            attributes[name]["scored"] += 1
            attributes[name]["correct"] += int(correct)
            if not correct:
                expected = line.get(name, line.get(name.replace("_code", "") + "_code"))
                wrong.append(f"{line['doc']}: {line['event']} {name}: expected {expected!r}, got {attribute_value(ev, name, graph)!r}")
    return found, attributes, missed, wrong


def _system_events(lines: list[dict], graph: GraphIndex, by_type: dict) -> tuple[int, int, list[str]]:
    """(system events, matched, descriptions of the unmatched) in the documents of the gold event lines."""
    gold_by_doc: dict[str, list[dict]] = defaultdict(list)
    for line in lines:
        gold_by_doc[line["doc"]].append(line)
    system = matched = 0
    unmatched: list[str] = []
    for doc, doc_lines in gold_by_doc.items():
        for ev in graph.events_by_doc.get(doc, ()):
            system += 1
            row = by_type[ev.type]
            row["system"] += 1
            if any(match_direction(line, ev, graph) for line in doc_lines):
                matched += 1
                row["system_matched"] += 1
            else:
                unmatched.append(describe_event(ev, doc, graph))
    return system, matched, unmatched


def _quiet_documents(lines: list[dict], graph: GraphIndex, by_type: dict) -> tuple[list[str], list[str], list[str]]:
    """The documents that report no event ("no_events": true): (all, those
    with system events, descriptions of those events, each a system event)."""
    quiet = sorted({line["doc"] for line in lines})
    noisy = [doc for doc in quiet if graph.events_by_doc.get(doc)]
    events = []
    for doc in quiet:
        for ev in graph.events_by_doc.get(doc, ()):
            by_type[ev.type]["system"] += 1
            events.append(describe_event(ev, doc, graph))
    return quiet, noisy, events


def _type_pairs(lines: list[dict], graph: GraphIndex) -> tuple[int, int]:
    """(document, type) pairs of the gold event lines, and how many have an
    event of that type at all (what a reader of snippets labelled with one
    category asks)."""
    pairs = {(line["doc"], line["event"]) for line in lines}
    typed = sum(1 for doc, kind in pairs if any(ev.type == kind for ev in graph.events_by_doc.get(doc, ())))
    return len(pairs), typed


def _resolved_entities(lines: list[dict], graph: GraphIndex, kg: KnowledgeGraph, articles: dict[str, Article]) -> int:
    resolved = 0
    for line in lines:
        article = articles.get(line["doc"])
        if entity_resolved(
            line, article.text if article else None, graph.mentions_by_doc.get(line["doc"], []), kg.entities
        ):
            resolved += 1
    return resolved


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
        sections = (
            ("missed:", [_gold_summary(line) for line in result["missed"]]),
            ("must-not hits:", [_gold_summary(line) for line in mn["hit_lines"]]),
            ("wrong attributes on found events:", result.get("attribute_errors") or []),
            ("system events matching no gold line:", result["unmatched_system"]),
        )
        for title, items in sections:
            if items:
                lines += ["", title] + [f"  {text}" for text in items]
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
