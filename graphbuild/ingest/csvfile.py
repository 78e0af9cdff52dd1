"""CSV files: one row, one ``Article``, the columns found by name in the header.

The header names the columns (matched exactly, else case-folded); the
delimiter is a comma unless the header plainly uses semicolons or tabs.
Rows come from ``csvrows.csv_rows``, which reports a broken record at its
first line and reads on. A row without an id is named "<file stem>-<line>".
Invalid UTF-8 or a NUL byte stops the file at that line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from graphbuild.ingest.csvrows import CsvSource, csv_rows, field_limit
from graphbuild.ingest.decode import BadBytes
from graphbuild.ingest.fields import ReadOptions, record_article
from graphbuild.ingest.lines import Line, decode_line, nul_at
from graphbuild.ingest.skips import Report, SkipFile, SkipRecord
from graphbuild.records import Article


def csv_articles(lines: Iterable[Line], display: str, stem: str, options: ReadOptions, report: Report) -> Iterator[Article]:
    """The articles of the lines of one CSV file."""
    source = CsvSource(_csv_lines(lines, display), display, options.max_bytes)
    first = next((t for t in source if t.strip()), None)
    if first is None:
        raise SkipFile("empty file (no header row)")
    delimiter = sniff_delimiter(first)
    try:
        with field_limit(options.max_bytes):
            header = [name.strip() for name in next(csv.reader([first], delimiter=delimiter), [])]
    except csv.Error as exc:  # e.g. a bare carriage return in the header row
        raise SkipFile(f"malformed CSV header: {exc}; file not read", f"{display}:{source.number}") from None
    columns = column_index(header)
    if find_column(columns, options.text_column) is None:
        shown = ", ".join(name if name.isprintable() else repr(name) for name in header)
        raise SkipFile(f"no {options.text_column!r} column in the header (columns: {shown})")
    yield from _csv_records(source, delimiter, columns, stem, options, report)


def _csv_records(source: CsvSource, delimiter: str, columns: dict[str, int], stem: str, options: ReadOptions,
                 report: Report) -> Iterator[Article]:
    def cell(row: list[str], name: str) -> str | None:
        i = find_column(columns, name)
        return row[i] if i is not None and i < len(row) else None

    display = source.display
    for start, row in csv_rows(source, delimiter, report):
        origin = f"{display}:{start}"
        if not any(c.strip() for c in row):
            continue
        names = (options.text_column, options.id_column, options.date_column, "title", "source", "url")
        record = {name: cell(row, name) for name in names}
        if record[options.text_column] is None:
            record[options.text_column] = ""
        try:
            yield record_article(record, origin, f"{stem}-{start}", options)
        except SkipRecord as exc:
            report(origin, str(exc))


def _csv_lines(lines: Iterable[Line], display: str) -> Iterator[tuple[int, str, int]]:
    """(number, text, bytes over the limit or 0) of each line, for ``csvrows``."""
    for line in lines:
        if line.data is None:
            yield line.number, "\n", line.size  # keeps the reader's line count; the row is dropped
            continue
        if b"\x00" in line.data:
            raise SkipFile(f"binary data (NUL byte at byte {nul_at(line)}); rest of file not read", f"{display}:{line.number}")
        try:
            text = decode_line(line)
        except BadBytes as exc:
            raise SkipFile(f"{exc.message}; rest of file not read", f"{display}:{line.number}") from None
        yield line.number, text + "\n", 0


def column_index(header: list[str]) -> dict[str, int]:
    """Column name -> index, by exact name and by case-folded name (first wins)."""
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(name, i)
    for i, name in enumerate(header):
        index.setdefault(name.casefold(), i)
    return index


def find_column(columns: dict[str, int], name: str) -> int | None:
    """The index of column ``name``: its exact name first, else case-folded."""
    i = columns.get(name)
    return columns.get(name.casefold()) if i is None else i


def sniff_delimiter(header: str) -> str:
    """Comma, unless the header row plainly uses semicolons or tabs instead."""
    if "," in header:
        return ","
    for candidate in ("\t", ";"):
        if candidate in header:
            return candidate
    return ","
