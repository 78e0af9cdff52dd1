"""Articles in: files, folders and standard input to a stream of ``Article``.

``read_articles`` reads plain text and Markdown (one article per file), JSON
Lines (one article per line), CSV (one article per row) and HTML pages (main
text and metadata taken out by trafilatura, boilerplate left behind). It
streams: a folder is walked file by file and a JSON Lines or CSV file is read
line by line, so memory does not grow with the corpus.

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

import codecs
import csv
import datetime as dt
import io
import json
import logging
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from graphbuild.ingest.csvrows import CsvGiveUp, CsvSource, csv_rows
from graphbuild.ingest.markdown import markdown_to_text
from graphbuild.records import Article

log = logging.getLogger(__name__)

#: File name suffix -> reader kind. Anything else is left out of folder walks.
FORMATS = {
    ".txt": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
}

STDIN = "-"
STDIN_ORIGIN = "<stdin>"

_HEAD_BYTES = 8192  # how much of a file is looked at for NUL bytes and BOMs
_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class Skip:
    """A record or file that was not read, and why.

    ``origin`` is "path" for a whole file or "path:line" for one record;
    ``str(skip)`` gives the one-line message "origin: message".
    """

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class _SkipFile(Exception):
    """Raised inside a reader: the rest of this file is not read."""

    def __init__(self, message: str, origin: str | None = None):
        super().__init__(message)
        self.message = message
        self.origin = origin


class _SkipRecord(Exception):
    """Raised while turning one record into an ``Article``."""


@dataclass(frozen=True)
class _Options:
    text_column: str
    id_column: str
    date_column: str
    max_bytes: int


# ---------------------------------------------------------------------------
# public API


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
    options = _Options(text_column, id_column, date_column, max_bytes)

    def report(origin: str, message: str) -> None:
        skip = Skip(origin, message)
        if on_skip is None:
            log.warning("%s", skip)
        else:
            on_skip(skip)

    seen: dict[str, str] = {}  # id -> origin of the first article with it
    for path, display in _expand(paths, glob, report):
        try:
            for article in _read_one(path, display, options, report):
                first = seen.get(article.id)
                if first is not None:
                    report(article.origin, f"duplicate document id {article.id!r} (first at {first}); skipped")
                    continue
                seen[article.id] = article.origin
                yield article
        except _SkipFile as exc:
            report(exc.origin or display, exc.message)
        except OSError as exc:
            report(display, _os_message(exc))


def normalize_date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date or datetime string, else None.

    Takes ISO dates and datetimes (the local date is kept, no conversion to
    UTC) and written dates such as "June 14, 2023" or "14 Jun 2023". Day,
    month and year must all be given; relative dates ("yesterday") and
    garbage give None, never today's date.

    >>> normalize_date("2023-06-14T23:30:00-05:00"), normalize_date("14 Jun 2023")
    ('2023-06-14', '2023-06-14')
    >>> normalize_date("June 2023") is None, normalize_date("yesterday") is None
    (True, True)
    """
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    if not value or len(value) > 64:
        return None
    return _parse_date(value)


# ---------------------------------------------------------------------------
# paths


def _expand(paths: Iterable, glob: str | None, report) -> Iterator[tuple[Path | None, str]]:
    """(path, display name) of every file to read; ``None`` path for stdin."""
    seen: set[tuple[int, int]] = set()  # (device, inode) of the folders walked
    for raw in paths:
        if str(raw) == STDIN:
            yield None, STDIN_ORIGIN
            continue
        path = Path(raw)
        display = str(raw)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:
            report(display, f"cannot read: {_os_reason(exc)}")
            continue
        if is_dir:
            found = False
            for file, shown in _walk(path, display, glob, report, seen):
                found = True
                yield file, shown
            if not found:
                what = f"no files matching {glob!r}" if glob else "no article files"
                report(display, f"{what} in folder (looked for {_suffix_list()})")
        elif not exists:
            report(display, "no such file or directory")
        elif path.suffix.lower() not in FORMATS:
            report(display, f"unsupported file type {path.suffix or '(none)'!r} (expected {_suffix_list()})")
        else:
            yield path, display


def _walk(folder: Path, display: str, glob: str | None, report, seen: set | None = None) -> Iterator[tuple[Path, str]]:
    """Files of ``folder`` and its subfolders, each real folder walked once:
    a symlink back to a folder already walked (``a/a -> ..``) is reported
    and not followed, so a loop ends and no file is read twice."""
    seen = set() if seen is None else seen
    try:
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in seen:
            report(display, "folder already read (a symlink to it or to a folder above it); not read again")
            return
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        report(display, f"cannot read folder: {_os_reason(exc)}")
        return
    seen.add((info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        shown = os.path.join(display, entry.name)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(Path(entry.path), shown, glob, report, seen)
        elif Path(entry.name).suffix.lower() in FORMATS and (glob is None or fnmatch(entry.name, glob)):
            yield Path(entry.path), shown


def _suffix_list() -> str:
    return ", ".join(sorted(FORMATS))


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return (exc.strerror or str(exc)).lower()


def _os_message(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    return f"cannot read file: {_os_reason(exc)}"


# ---------------------------------------------------------------------------
# dispatch


def _read_one(path: Path | None, display: str, options: _Options, report) -> Iterator[Article]:
    if path is None:
        yield from _read_stdin(options, report)
        return
    kind = FORMATS[path.suffix.lower()]
    if kind == "text":
        yield _read_text_file(path, display, options)
    elif kind == "html":
        yield _read_html_file(path, display, options)
    else:
        with _open_regular(path) as fh:
            _check_head(fh)
            lines = _raw_lines(fh, options.max_bytes)
            if kind == "jsonl":
                yield from _jsonl_articles(lines, display, path.stem, options, report)
            else:
                yield from _csv_articles(lines, display, path.stem, options, report)


def _check_head(fh: BinaryIO) -> None:
    """Refuse empty, binary and UTF-16 files from their first bytes."""
    head = fh.read(_HEAD_BYTES)
    fh.seek(0)
    _check_bytes(head)


def _check_bytes(data: bytes) -> None:
    if not data:
        raise _SkipFile("empty file")
    if data.startswith(_UTF16_BOMS):
        raise _SkipFile("UTF-16 text is not read; re-save the file as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _SkipFile(f"binary file (NUL byte at byte {nul}), not text")


def _decode(data: bytes, base: int = 0) -> str:
    """UTF-8 (a leading BOM dropped); ``UnicodeDecodeError.start`` made absolute."""
    bom = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadBytes(base + bom + exc.start) from None


class _BadBytes(Exception):
    def __init__(self, offset: int):
        super().__init__(offset)
        self.offset = offset

    @property
    def message(self) -> str:
        return f"invalid UTF-8 at byte {self.offset}; re-save the file as UTF-8"


# ---------------------------------------------------------------------------
# whole-file formats


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file.

    Opened without blocking, then checked on the open descriptor: a FIFO
    named ``pipe.txt`` would otherwise wait forever for a writer, and a
    device (a symlink to ``/dev/zero``) never ends.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _SkipFile(f"not a regular file ({_file_kind(mode)}); skipped")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"


def _read_bounded(path: Path, options: _Options) -> bytes:
    with _open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > options.max_bytes:
            raise _SkipFile(_too_big("file", size, options.max_bytes))
        data = fh.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:  # grew since stat
        raise _SkipFile(_too_big("file", len(data), options.max_bytes))
    return data


def _too_big(what: str, size: int, limit: int) -> str:
    return f"{what} is {size:,} bytes, over the limit of {limit:,} (max_bytes); skipped"


def _read_text_file(path: Path, display: str, options: _Options) -> Article:
    data = _read_bounded(path, options)
    _check_bytes(data)
    try:
        text = _decode(data)
    except _BadBytes as exc:
        raise _SkipFile(exc.message) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _SkipFile("empty file (whitespace only)")
    title = None
    if path.suffix.lower() == ".md":
        text, title = markdown_to_text(text)
    return Article(id=_clean_id(path.stem) or path.stem, text=text, title=title, origin=display)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode_html(data: bytes) -> str:
    """UTF-8, or the charset the page declares in a ``<meta>`` tag; no guessing."""
    try:
        return _decode(data)
    except _BadBytes as exc:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii")
            try:
                if codecs.lookup(name).name != "utf-8":
                    return data.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass
        raise _SkipFile(exc.message) from None


def _read_html_file(path: Path, display: str, options: _Options) -> Article:
    data = _read_bounded(path, options)
    _check_bytes(data)
    html = _decode_html(data)
    if not html.strip():
        raise _SkipFile("empty file (whitespace only)")
    doc = _extract_html(html)
    text = (doc.get("text") or "").strip() if doc else ""
    if not text:
        raise _SkipFile("no article text found in the page")
    title = _clean_str(doc.get("title"))
    text = _drop_title_line(text, title)
    if len(text.encode("utf-8")) > options.max_bytes:
        raise _SkipFile(_too_big("article text", len(text.encode("utf-8")), options.max_bytes))
    return Article(
        id=_clean_id(path.stem) or path.stem,
        text=text,
        date=normalize_date(doc.get("date")),
        title=title,
        source=_clean_str(doc.get("sitename")),
        url=_clean_str(doc.get("url")),
        origin=display,
    )


def _extract_html(html: str) -> dict | None:
    """trafilatura's main text and metadata of a page, as a plain dict.

    Comments and tables are left out; the date comes from the page's markup
    only (no search of the running text, which names other dates).
    """
    import trafilatura  # heavy import, needed only for HTML

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as exc:  # a parser failure on one page must not end the batch
        raise _SkipFile(f"HTML extraction failed: {type(exc).__name__}: {exc}") from None
    if doc is None:
        return None
    return doc if isinstance(doc, dict) else doc.as_dict()


def _drop_title_line(text: str, title: str | None) -> str:
    """The text without a leading headline line that repeats ``title``."""
    if not title:
        return text
    first, sep, rest = text.partition("\n")
    if sep and " ".join(first.split()).casefold() == " ".join(title.split()).casefold() and rest.strip():
        return rest.lstrip("\n")
    return text


# ---------------------------------------------------------------------------
# line-based formats


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    offset: int  # byte offset of the line's first byte in the file
    data: bytes | None  # None when the line is longer than the limit
    size: int  # bytes, without the line break


def _raw_lines(fh, limit: int) -> Iterator[_Line]:
    """Lines of a binary stream, never holding more than ``limit`` bytes of one."""
    number = offset = 0
    while True:
        chunk = fh.readline(limit + 1)
        if not chunk:
            return
        number += 1
        start = offset
        offset += len(chunk)
        if chunk.endswith(b"\n") or len(chunk) <= limit:
            data = chunk.rstrip(b"\r\n") if chunk.endswith(b"\n") else chunk
            yield _Line(number, start, data, len(data))
            continue
        # longer than the limit: measure the rest of it without keeping it
        size = len(chunk)
        while not chunk.endswith(b"\n"):
            chunk = fh.readline(1 << 16)
            if not chunk:
                break
            offset += len(chunk)
            size += len(chunk)
        size -= 2 if chunk.endswith(b"\r\n") else 1 if chunk.endswith(b"\n") else 0
        yield _Line(number, start, None, size)


def _jsonl_articles(lines: Iterable[_Line], display: str, stem: str, options: _Options, report) -> Iterator[Article]:
    records = 0
    for line in lines:
        origin = f"{display}:{line.number}"
        if line.data is None:
            records += 1
            report(origin, _too_big("record", line.size, options.max_bytes))
            continue
        if not line.data.strip():
            continue
        records += 1
        try:
            text = _decode(line.data, line.offset) if line.number == 1 else _decode_plain(line.data, line.offset)
        except _BadBytes as exc:
            report(origin, exc.message)
            continue
        if "\x00" in text:
            report(origin, f"binary data (NUL byte at byte {_nul_at(line)}); skipped")
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            report(origin, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:  # "[[[[..." 100,000 deep
            report(origin, "JSON nested too deeply to read; skipped")
            continue
        if not isinstance(obj, dict):
            report(origin, f"JSON line is {_json_kind(obj)}, not an object")
            continue
        try:
            yield _record_article(obj, origin, f"{stem}-{line.number}", options)
        except _SkipRecord as exc:
            report(origin, str(exc))
    if records == 0:
        raise _SkipFile("empty file (no records)")


def _nul_at(line: _Line) -> int:
    """Byte offset in the file of the first NUL byte of ``line``."""
    return line.offset + line.data.find(b"\x00")


def _decode_plain(data: bytes, base: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadBytes(base + exc.start) from None


def _json_kind(value: object) -> str:
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


def _record_article(record: dict, origin: str, fallback_id: str, options: _Options) -> Article:
    """An ``Article`` from one JSON object or CSV row (a dict of fields)."""
    text = record.get(options.text_column)
    if text is None:
        raise _SkipRecord(f"record has no {options.text_column!r}")
    if not isinstance(text, str):
        raise _SkipRecord(f"{options.text_column!r} is {_json_kind(text)}, not a string")
    if not text.strip():
        raise _SkipRecord(f"record has empty {options.text_column!r}")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > options.max_bytes:
        raise _SkipRecord(_too_big("record text", size, options.max_bytes))

    raw_id = record.get(options.id_column)
    if raw_id is None or raw_id == "":
        doc_id = fallback_id
    elif isinstance(raw_id, bool) or not isinstance(raw_id, (str, int, float)):
        raise _SkipRecord(f"{options.id_column!r} is {_json_kind(raw_id)}, not a string or number")
    else:
        doc_id = _clean_id(str(raw_id)) or fallback_id

    return Article(
        id=doc_id,
        text=_LONE_SURROGATE.sub("\ufffd", text),  # JSON "\ud800": spaCy cannot encode it; same length
        date=normalize_date(record.get(options.date_column)),
        title=_clean_str(record.get("title")),
        source=_clean_str(record.get("source")),
        url=_clean_str(record.get("url")),
        origin=origin,
    )


def _csv_articles(lines: Iterable[_Line], display: str, stem: str, options: _Options, report) -> Iterator[Article]:
    csv.field_size_limit(max(csv.field_size_limit(), options.max_bytes + 1))
    source = CsvSource(_csv_lines(lines, display), display, options.max_bytes)
    first = next((t for t in source if t.strip()), None)
    if first is None:
        raise _SkipFile("empty file (no header row)")
    delimiter = _sniff_delimiter(first)
    try:
        header = [name.strip() for name in next(csv.reader([first], delimiter=delimiter), [])]
    except csv.Error as exc:  # e.g. a bare carriage return in the header row
        raise _SkipFile(f"malformed CSV header: {exc}; file not read", f"{display}:{source.number}") from None
    columns = _column_index(header)
    if _find_column(columns, options.text_column) is None:
        shown = ", ".join(name if name.isprintable() else repr(name) for name in header)
        raise _SkipFile(f"no {options.text_column!r} column in the header (columns: {shown})")

    try:
        yield from _csv_records(source, delimiter, columns, stem, options, report)
    except CsvGiveUp as exc:
        raise _SkipFile(exc.message, exc.origin) from None


def _csv_records(source: CsvSource, delimiter: str, columns: dict[str, int], stem: str, options: _Options, report) -> Iterator[Article]:
    def cell(row: list[str], name: str) -> str | None:
        i = _find_column(columns, name)
        return row[i] if i is not None and i < len(row) else None

    display = source.display
    for start, row in csv_rows(source, delimiter, report, _too_big):
        origin = f"{display}:{start}"
        if not any(c.strip() for c in row):
            continue
        names = (options.text_column, options.id_column, options.date_column, "title", "source", "url")
        record = {name: cell(row, name) for name in names}
        if record[options.text_column] is None:
            record[options.text_column] = ""
        try:
            yield _record_article(record, origin, f"{stem}-{start}", options)
        except _SkipRecord as exc:
            report(origin, str(exc))


def _csv_lines(lines: Iterable[_Line], display: str) -> Iterator[tuple[int, str, int]]:
    """(number, text, bytes over the limit or 0) of each line, for ``csvrows``."""
    for line in lines:
        if line.data is None:
            yield line.number, "\n", line.size  # keeps the reader's line count; the row is dropped
            continue
        if b"\x00" in line.data:
            raise _SkipFile(f"binary data (NUL byte at byte {_nul_at(line)}); rest of file not read", f"{display}:{line.number}")
        try:
            text = _decode(line.data, line.offset) if line.number == 1 else _decode_plain(line.data, line.offset)
        except _BadBytes as exc:
            raise _SkipFile(f"{exc.message}; rest of file not read", f"{display}:{line.number}") from None
        yield line.number, text + "\n", 0


def _column_index(header: list[str]) -> dict[str, int]:
    """Column name -> index, by exact name and by case-folded name (first wins)."""
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(name, i)
    for i, name in enumerate(header):
        index.setdefault(name.casefold(), i)
    return index


def _find_column(columns: dict[str, int], name: str) -> int | None:
    i = columns.get(name)
    return columns.get(name.casefold()) if i is None else i


def _sniff_delimiter(header: str) -> str:
    """Comma, unless the header row plainly uses semicolons or tabs instead."""
    if "," in header:
        return ","
    for candidate in ("\t", ";"):
        if candidate in header:
            return candidate
    return ","


# ---------------------------------------------------------------------------
# standard input


def _read_stdin(options: _Options, report) -> Iterator[Article]:
    stream = getattr(sys.stdin, "buffer", None) or _EncodedText(sys.stdin)
    lines = _raw_lines(stream, options.max_bytes)
    consumed: list[_Line] = []
    for line in lines:
        consumed.append(line)
        if line.data is None or line.data.strip():
            break
    if not consumed or all(line.data is not None and not line.data.strip() for line in consumed):
        raise _SkipFile("empty input")
    last = consumed[-1]
    head = last.data.lstrip() if last.data is not None else b""
    if head.startswith(_UTF8_BOM):
        head = head[len(_UTF8_BOM):].lstrip()
    if head.startswith(b"{"):
        yield from _jsonl_articles(_chain(consumed, lines), STDIN_ORIGIN, "stdin", options, report)
        return
    # plain text: one article, whatever follows
    parts = []
    total = 0
    for line in _chain(consumed, lines):
        if line.data is None or total + line.size > options.max_bytes:
            raise _SkipFile(_too_big("input", max(total + line.size, options.max_bytes + 1), options.max_bytes))
        if b"\x00" in line.data:
            raise _SkipFile(f"binary data (NUL byte at byte {_nul_at(line)}), not text")
        parts.append(line.data)
        total += line.size + 1
    try:
        text = _decode(b"\n".join(parts))
    except _BadBytes as exc:
        raise _SkipFile(exc.message) from None
    if not text.strip():
        raise _SkipFile("empty input")
    yield Article(id="stdin", text=text, origin=STDIN_ORIGIN)


def _chain(first: list[_Line], rest: Iterator[_Line]) -> Iterator[_Line]:
    yield from first
    yield from rest


class _EncodedText:
    """A text stream read as UTF-8 bytes (for a replaced ``sys.stdin``)."""

    def __init__(self, stream: io.TextIOBase):
        self._stream = stream

    def readline(self, size: int = -1) -> bytes:
        return self._stream.readline(size).encode("utf-8", "surrogateescape")


# ---------------------------------------------------------------------------
# small cleaners


# Lone surrogates come from JSON escapes ("\ud800") and undecodable file names;
# no file can hold them, so they become U+FFFD (one character for one).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean_id(value: str) -> str:
    """An id without control or format characters and surrounding whitespace."""
    value = _LONE_SURROGATE.sub("\ufffd", value)
    return "".join(ch for ch in value if unicodedata.category(ch) not in ("Cc", "Cf")).strip()


def _clean_str(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(_LONE_SURROGATE.sub("\ufffd", value).split())
    return value or None


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", re.I)

_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,  # no missing part filled in from today
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],  # no "yesterday", no timestamps
    "RETURN_AS_TIMEZONE_AWARE": False,
}


@lru_cache(maxsize=4096)
def _parse_date(value: str) -> str | None:
    match = _ISO_DATE.fullmatch(value)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    import dateparser  # slow import, needed only for written-out dates

    try:
        parsed = dateparser.parse(value, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd strings
        return None
    return parsed.date().isoformat() if parsed else None
