"""Gold files: the JSON Lines a build is scored against (see
``docs/gold-format.md``), read and checked.

``read_gold(path)`` gives the lines as dicts, or raises ``GoldError`` listing
every bad line as "path:line: problem"; ``gold_line_problems`` checks one
line; ``line_kind`` says which of the four kinds a line is (an expected
event, an entity to resolve, a must-not, a document without events).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from graphbuild.knowledge.plover import event_types
from graphbuild.records import ENTITY_TYPES, STATUSES


class GoldError(ValueError):
    """A gold file that cannot be used; ``errors`` lists "path:line: problem"."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


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


def line_kind(line: dict) -> str:
    """"event", "entity", "must_not", "no_events" (or "other", which ``read_gold`` refuses)."""
    if "must_not" in line:
        return "must_not"
    if "no_events" in line:
        return "no_events"
    return "event" if "event" in line else "entity" if "entity" in line else "other"
