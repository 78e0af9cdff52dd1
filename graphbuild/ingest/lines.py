"""Lines of a binary stream, for the line-based formats (JSON Lines, CSV, stdin).

``raw_lines`` reads a file or stream one line at a time and never holds
more than the size limit of one line: a longer line is measured and passed
over (its ``data`` is None), so a 2 GB line costs no memory. Each ``Line``
knows its number and byte offset, so that messages can say where.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graphbuild.ingest.decode import decode_utf8


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    offset: int  # byte offset of the line's first byte in the file
    data: bytes | None  # None when the line is longer than the limit
    size: int  # bytes, without the line break


def raw_lines(fh, limit: int) -> Iterator[Line]:
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
            yield Line(number, start, data, len(data))
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
        yield Line(number, start, None, size)


def decode_line(line: Line) -> str:
    """The text of a line (not an oversized one); a BOM is dropped from the first line only."""
    return decode_utf8(line.data, line.offset, drop_bom=line.number == 1)


def nul_at(line: Line) -> int:
    """Byte offset in the file of the first NUL byte of ``line``."""
    return line.offset + line.data.find(b"\x00")
