"""CSV records read so that one broken record costs only itself.

``csv.reader`` alone lets a quote that is never closed swallow every row
after it into one field (exit 0, no word), and stops the file at a record
over the size limit, reporting its last line. ``csv_rows`` reports each
broken record at its first line and reads on: the lines after an
unterminated record's first line are read again as rows, and the rest of an
oversized record is passed over. The work stays linear in the file.

The csv module's field size limit (131,072 characters by default) is
process-wide; ``field_limit`` raises it to the size limit only while a row
is being parsed.
"""

from __future__ import annotations

import csv
import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from graphbuild.ingest.skips import Report, SkipFile, too_big


class CsvSource:
    """The text lines of a CSV file for ``csv.reader``, one at a time,
    keeping those of the record being read (up to ``limit`` characters)
    so that a record found broken can be reported at its first line and
    the lines after that line read again."""

    def __init__(self, lines: Iterable[tuple[int, str, int]], display: str, limit: int):
        self._lines = iter(lines)
        self.display = display
        self.limit = limit
        self._pending: deque[tuple[int, str]] = deque()  # lines to read again first
        self.record: list[tuple[int, str]] = []
        self._size = 0
        self.truncated = False  # the record is longer than what was kept
        self.number = 0  # the line last read
        self.last = ""
        self.exhausted = False  # the reader asked for a line after the last one
        self.oversize = 0  # bytes of the longest line over the limit in this record

    def __iter__(self) -> CsvSource:
        return self

    def __next__(self) -> str:
        if self._pending:
            self.number, text = self._pending.popleft()
        else:
            line = next(self._lines, None)
            if line is None:
                self.exhausted = True
                raise StopIteration
            self.number, text, over = line
            self.oversize = max(self.oversize, over)
        if self._size + len(text) <= self.limit:
            self.record.append((self.number, text))
            self._size += len(text)
        else:
            self.truncated = True
        self.last = text
        return text

    def begin(self) -> None:
        """The next line starts a record."""
        self.record, self._size, self.truncated, self.oversize = [], 0, False, 0

    @property
    def start(self) -> int:
        return self.record[0][0] if self.record else self.number

    def again(self, lines: list[tuple[int, str]]) -> None:
        """Read ``lines`` again before the rest."""
        self._pending.extendleft(reversed(lines))
        self.exhausted = False


# How many times the lines of an unterminated record are read again in one
# file: each time costs up to max_bytes, so the work stays linear.
_REREADS = 3


def csv_rows(source: CsvSource, delimiter: str, report: Report) -> Iterator[tuple[int, list[str]]]:
    """(first line, row) of each record; broken records reported at their first line.

    A quote that is never closed would swallow every following row into one
    field: the record is reported and the lines after its first line are read
    again. A record over the size limit is reported and the rest of it passed
    over, so the rows after it are read. When the rest of the file cannot
    be read, ``SkipFile`` says so at the record's first line.
    """
    origin = source.display
    rereads = 0
    while True:
        source.begin()
        reader = csv.reader(source, delimiter=delimiter)
        try:
            for row in _rows(reader, source.limit):
                start = source.start
                if source.exhausted:  # the end of the file came inside a quoted field
                    break
                if source.oversize:
                    report(f"{origin}:{start}", too_big("record", source.oversize, source.limit))
                else:
                    yield start, row
                source.begin()
            else:
                return
        except csv.Error as exc:
            start = source.start
            if "field limit" not in str(exc):
                report(f"{origin}:{start}", f"malformed CSV: {exc}; record skipped")
                continue
            report(f"{origin}:{start}", f"record is over the limit of {source.limit:,} characters (max_bytes); skipped")
            if _pass_quoted_field(source, delimiter):
                continue
            return
        rereads += 1
        if source.truncated or rereads > _REREADS:
            raise SkipFile("unterminated quote: the record starting here runs to the end of the file; rest of file not read", f"{origin}:{start}")
        report(f"{origin}:{start}", "unterminated quote: the record starting here runs to the end of the file; skipped, the lines after it read as rows")
        source.again(source.record[1:])


def _pass_quoted_field(source: CsvSource, delimiter: str) -> bool:
    """Read on to the end of a record whose quoted field went over the
    limit in the line last read (so that line began inside the quotes:
    a quote put before it starts a reader in the same state). False at
    the end of the file."""
    while True:
        reader = csv.reader(itertools.chain(['"' + source.last], source), delimiter=delimiter)
        try:
            with field_limit(source.limit):
                next(reader)
        except StopIteration:
            return False
        except csv.Error as exc:
            if "field limit" in str(exc):
                continue
            return True
        return not source.exhausted


@contextmanager
def field_limit(max_bytes: int) -> Iterator[None]:
    """The csv module's field size limit raised to hold a field of
    ``max_bytes`` (never lowered), and put back on leaving.

    The limit is one setting for the whole process: raised for good, it
    would change how any other code in the process reads CSV, and two
    interleaved readers would undo each other's. So it is raised only
    around the parsing of one row, never across a ``yield``.
    """
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, max_bytes + 1))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _rows(reader, max_bytes: int) -> Iterator[list[str]]:
    """The rows of a ``csv.reader``, each parsed within ``field_limit``."""
    while True:
        with field_limit(max_bytes):
            row = next(reader, None)
        if row is None:
            return
        yield row
