"""Articles in: files, folders and standard input to a stream of ``Article``.

``read_articles`` reads plain text and Markdown (one article per file), JSON
Lines (one article per line), CSV (one article per row) and HTML pages (main
text and metadata taken out by trafilatura, boilerplate left behind). It
streams: a folder is walked file by file and a JSON Lines or CSV file is read
line by line, so memory does not grow with the corpus.

The readers themselves are listed in the package docstring (``__init__.py``).

Bad input never stops a batch. Each problem is reported as a ``Skip`` naming
the file (and the line where there is one) and reading goes on with the next
record or file:

>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.jsonl").write_text('{"id": "a1", "text": "Talks resumed."}\\n{"id": "a2"}\\n')
>>> skips = []
>>> [a.id for a in read_articles([folder], on_skip=skips.append)]
['a1']
>>> [s.message for s in skips]
["record has no 'text'"]
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from graphbuild.ingest.csvfile import csv_articles
from graphbuild.ingest.decode import check_head
from graphbuild.ingest.fields import ReadOptions
from graphbuild.ingest.htmlpage import html_article
from graphbuild.ingest.jsonl import jsonl_articles
from graphbuild.ingest.lines import raw_lines
from graphbuild.ingest.paths import FORMATS, input_files, open_regular, os_message
from graphbuild.ingest.skips import Report, Skip, SkipFile
from graphbuild.ingest.stdin import stdin_articles
from graphbuild.ingest.text import text_article
from graphbuild.records import Article

log = logging.getLogger(__name__)


def read_articles(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    *,
    on_skip: Callable[[Skip], None] | None = None,
    glob: str | None = None,
    text_column: str = "text",
    id_column: str = "id",
    date_column: str = "date",
    max_bytes: int = 5_000_000,
) -> Iterator[Article]:
    """Yield the articles of files, folders and ``-`` (standard input), in order.

    ``paths`` may also be a single path. A folder is walked recursively in
    sorted order, taking files with a known suffix (see ``FORMATS``; hidden
    files and folders are left out); ``glob`` (e.g. ``"*.jsonl"``) further
    filters the names of files found in folders. ``text_column``,
    ``id_column`` and ``date_column`` name the CSV columns and the JSON Lines
    keys that hold the text, id and date. A record or file of more than
    ``max_bytes`` bytes is skipped.

    Every problem goes to ``on_skip`` as a ``Skip`` (logged as a warning
    when no ``on_skip`` is given); nothing raises. Ids are unique across the
    batch: a later record with an id already read is skipped.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    options = ReadOptions(text_column, id_column, date_column, max_bytes)

    def report(origin: str, message: str) -> None:
        skip = Skip(origin, message)
        if on_skip is None:
            log.warning("%s", skip)
        else:
            on_skip(skip)

    seen: dict[str, str] = {}  # id -> origin of the first article with it
    for path, display in input_files(paths, glob, report):
        try:
            for article in _file_articles(path, display, options, report):
                first = seen.get(article.id)
                if first is not None:
                    report(article.origin, f"duplicate document id {article.id!r} (first at {first}); skipped")
                    continue
                seen[article.id] = article.origin
                yield article
        except SkipFile as exc:
            report(exc.origin or display, exc.message)
        except OSError as exc:
            report(display, os_message(exc))


def _file_articles(path: Path | None, display: str, options: ReadOptions, report: Report) -> Iterator[Article]:
    """The articles of one file (``None``: standard input), by the reader its suffix names."""
    if path is None:
        yield from stdin_articles(options, report)
        return
    kind = FORMATS[path.suffix.lower()]
    if kind == "text":
        yield text_article(path, display, options.max_bytes)
    elif kind == "html":
        yield html_article(path, display, options.max_bytes)
    else:
        with open_regular(path) as fh:
            check_head(fh)
            lines = raw_lines(fh, options.max_bytes)
            if kind == "jsonl":
                yield from jsonl_articles(lines, display, path.stem, options, report)
            else:
                yield from csv_articles(lines, display, path.stem, options, report)
