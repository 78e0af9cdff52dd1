"""JSON Lines (``.jsonl``, ``.ndjson``, JSON on stdin): one object per line, one ``Article`` each.

Blank lines are passed over. A line that is too long, not UTF-8, not JSON,
not an object or without usable text is reported at "file:line" and the
next line read. A record without an id is named "<file stem>-<line>".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from graphbuild.ingest.decode import BadBytes
from graphbuild.ingest.fields import ReadOptions, json_kind, record_article
from graphbuild.ingest.lines import Line, decode_line, nul_at
from graphbuild.ingest.skips import Report, SkipFile, SkipRecord, too_big
from graphbuild.records import Article


def jsonl_articles(lines: Iterable[Line], display: str, stem: str, options: ReadOptions, report: Report) -> Iterator[Article]:
    """The articles of the lines of one JSON Lines file (or of stdin)."""
    records = 0
    for line in lines:
        origin = f"{display}:{line.number}"
        if line.data is None:
            records += 1
            report(origin, too_big("record", line.size, options.max_bytes))
            continue
        if not line.data.strip():
            continue
        records += 1
        try:
            obj = _json_object(line)
        except SkipRecord as exc:
            report(origin, str(exc))
            continue
        try:
            yield record_article(obj, origin, f"{stem}-{line.number}", options)
        except SkipRecord as exc:
            report(origin, str(exc))
    if records == 0:
        raise SkipFile("empty file (no records)")


def _json_object(line: Line) -> dict:
    """The JSON object on one line, or ``SkipRecord`` saying why not."""
    try:
        text = decode_line(line)
    except BadBytes as exc:
        raise SkipRecord(exc.message) from None
    if "\x00" in text:
        raise SkipRecord(f"binary data (NUL byte at byte {nul_at(line)}); skipped")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SkipRecord(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:  # "[[[[..." 100,000 deep
        raise SkipRecord("JSON nested too deeply to read; skipped") from None
    if not isinstance(obj, dict):
        raise SkipRecord(f"JSON line is {json_kind(obj)}, not an object")
    return obj
