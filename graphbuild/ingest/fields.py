"""Fields to an ``Article``: which fields hold what, and their cleaning.

``ReadOptions`` names the fields (JSON Lines keys, CSV columns) that hold
the text, id and date, and the size limit. ``record_article`` turns one
record, a JSON object or a CSV row as a dict, into an ``Article`` or says
why not (``SkipRecord``). ``clean_id`` and ``clean_str`` tidy the ids,
titles, sources and URLs of every format.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from graphbuild.ingest.pubdate import normalize_date
from graphbuild.ingest.skips import SkipRecord, too_big
from graphbuild.records import Article
from graphbuild.safetext import SURROGATE


@dataclass(frozen=True)
class ReadOptions:
    text_column: str
    id_column: str
    date_column: str
    max_bytes: int


def record_article(record: dict, origin: str, fallback_id: str, options: ReadOptions) -> Article:
    """An ``Article`` from one JSON object or CSV row (a dict of fields)."""
    text = record.get(options.text_column)
    if text is None:
        raise SkipRecord(f"record has no {options.text_column!r}")
    if not isinstance(text, str):
        raise SkipRecord(f"{options.text_column!r} is {json_kind(text)}, not a string")
    if not text.strip():
        raise SkipRecord(f"record has empty {options.text_column!r}")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > options.max_bytes:
        raise SkipRecord(too_big("record text", size, options.max_bytes))

    raw_id = record.get(options.id_column)
    if raw_id is None or raw_id == "":
        doc_id = fallback_id
    elif isinstance(raw_id, bool) or not isinstance(raw_id, (str, int, float)):
        raise SkipRecord(f"{options.id_column!r} is {json_kind(raw_id)}, not a string or number")
    else:
        doc_id = clean_id(str(raw_id)) or fallback_id

    return Article(
        id=doc_id,
        text=SURROGATE.sub("\ufffd", text),  # JSON "\ud800": spaCy cannot encode it; same length
        date=normalize_date(record.get(options.date_column)),
        title=clean_str(record.get("title")),
        source=clean_str(record.get("source")),
        url=clean_str(record.get("url")),
        origin=origin,
    )


def json_kind(value: object) -> str:
    """What a JSON value is, for messages: "null", "a number", "an array"..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def clean_id(value: str) -> str:
    """An id without control or format characters and surrounding whitespace."""
    value = SURROGATE.sub("\ufffd", value)
    return "".join(ch for ch in value if unicodedata.category(ch) not in ("Cc", "Cf")).strip()


def clean_str(value: object) -> str | None:
    """A string field with its whitespace runs made one space, or None if blank or not a string."""
    if not isinstance(value, str):
        return None
    value = " ".join(SURROGATE.sub("\ufffd", value).split())
    return value or None
