"""What the Python API takes, as ``Article`` objects: texts, records,
articles and paths.

Takes texts (``str``), records (dicts with ``text`` and optional ``id``,
``date``, ``title``, ``source``, ``url``), ``Article`` objects and file
paths (``pathlib.Path``, read like ``graphbuild build`` reads them); gives
the ``Article`` list ``graphbuild.build`` parses. A plain ``str`` is always a
text, never a file name. Unlike ``graphbuild build``, which skips what it
cannot read, these raise ``TypeError`` or ``ValueError`` naming the item.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Mapping

from graphbuild.ingest.pubdate import normalize_date
from graphbuild.ingest.read import read_articles
from graphbuild.ingest.skips import Skip
from graphbuild.records import Article


def text_id(text: str) -> str:
    """The document id given to a bare text: "text-" and 12 hex digits of its
    SHA-256, so the same text always gets the same id.

    >>> text_id("Chile praised Peru.")
    'text-2ebaa72089a1'
    """
    return "text-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _record(record: Mapping, where: str) -> Article:
    """The ``Article`` of one record (a dict); ``where`` names it in errors."""
    text = record.get("text")
    if not isinstance(text, str):
        raise TypeError(f"{where}: 'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        raise ValueError(f"{where}: 'text' is empty")
    raw_id = record.get("id")
    if raw_id is None or raw_id == "":
        doc_id = text_id(text)
    elif isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
        doc_id = " ".join(str(raw_id).split())
        if not doc_id:
            raise ValueError(f"{where}: 'id' is blank")
    else:
        raise TypeError(f"{where}: 'id' must be a string or an integer, not {type(raw_id).__name__}")
    raw_date = record.get("date")
    if isinstance(raw_date, (dt.date, dt.datetime)):
        date = (raw_date.date() if isinstance(raw_date, dt.datetime) else raw_date).isoformat()
    elif raw_date is None or raw_date == "":
        date = None
    else:
        date = normalize_date(raw_date)
        if date is None:
            raise ValueError(f"{where}: 'date' {raw_date!r} is not a day (YYYY-MM-DD or e.g. '14 June 2024')")

    def optional(name: str) -> str | None:
        value = record.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise TypeError(f"{where}: {name!r} must be a string, not {type(value).__name__}")
        return " ".join(value.split()) or None

    return Article(
        id=doc_id,
        text=text,
        date=date,
        title=optional("title"),
        source=optional("source"),
        url=optional("url"),
    )


def articles_from(items: Iterable | str | Mapping | Article | os.PathLike, **read_options) -> list[Article]:
    """The ``Article`` list that ``items`` stand for (see ``build``).

    Raises ``TypeError`` or ``ValueError`` naming the item for anything
    unusable, and ``ValueError`` when two different articles share an id
    (the same text given twice is kept once). Files are read with
    ``sources.read_articles`` and ``read_options`` (``glob``,
    ``text_column``, ``id_column``, ``date_column``, ``max_bytes``); a file
    or record that cannot be read raises ``ValueError`` with its message.

    >>> [a.id for a in articles_from(["Chile praised Peru.", {"id": "w1", "text": "Peru thanked Chile."}])]
    ['text-2ebaa72089a1', 'w1']
    """
    if isinstance(items, (str, Mapping, Article, os.PathLike)):
        items = [items]
    articles: list[Article] = []
    for n, item in enumerate(items):
        where = f"item {n}"
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, str):
            if not item.strip():
                raise ValueError(f"{where}: the text is empty")
            articles.append(Article(id=text_id(item), text=item))
        elif isinstance(item, Mapping):
            articles.append(_record(item, where))
        elif isinstance(item, os.PathLike):
            articles.extend(read(item, **read_options))
        else:
            raise TypeError(f"{where}: expected a text, a record (dict), an Article or a path, not {type(item).__name__}")
    unique: dict[str, Article] = {}
    for article in articles:
        first = unique.get(article.id)
        if first is None:
            unique[article.id] = article
        elif first.text != article.text:
            raise ValueError(f"two different articles have the id {article.id!r}")
    return list(unique.values())


def read(paths, *, strict: bool = True, **options) -> list[Article]:
    """The articles of files and folders, as ``graphbuild build`` reads them
    (``options``: ``glob``, ``text_column``, ``id_column``, ``date_column``,
    ``max_bytes``).

    With ``strict`` (the default) the first unreadable file or record raises
    ``ValueError`` with its "file:line: why" message; otherwise it is
    skipped with a logged warning.
    """
    skips: list[Skip] = []
    articles = list(read_articles(paths, on_skip=skips.append if strict else None, **options))
    if skips:
        raise ValueError(str(skips[0]) + (f" (and {len(skips) - 1} more)" if len(skips) > 1 else ""))
    return articles
