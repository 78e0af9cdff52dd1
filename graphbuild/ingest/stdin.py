"""Standard input (``-``): JSON Lines if it starts with "{", else one plain-text article.

The first non-blank line decides (a BOM before it is passed over). JSON
Lines are read as from a file, their origins "<stdin>:line"; plain text
becomes one article with the id "stdin", up to the size limit.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator

from graphbuild.ingest.decode import UTF8_BOM, BadBytes, decode_utf8
from graphbuild.ingest.fields import ReadOptions
from graphbuild.ingest.jsonl import jsonl_articles
from graphbuild.ingest.lines import Line, nul_at, raw_lines
from graphbuild.ingest.paths import STDIN_ORIGIN
from graphbuild.ingest.skips import Report, SkipFile, too_big
from graphbuild.records import Article


def stdin_articles(options: ReadOptions, report: Report) -> Iterator[Article]:
    """The articles of ``sys.stdin``."""
    stream = getattr(sys.stdin, "buffer", None) or _EncodedText(sys.stdin)
    lines = raw_lines(stream, options.max_bytes)
    consumed: list[Line] = []
    for line in lines:
        consumed.append(line)
        if line.data is None or line.data.strip():
            break
    if not consumed or all(line.data is not None and not line.data.strip() for line in consumed):
        raise SkipFile("empty input")
    last = consumed[-1]
    head = last.data.lstrip() if last.data is not None else b""
    if head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM):].lstrip()
    if head.startswith(b"{"):
        yield from jsonl_articles(_chain(consumed, lines), STDIN_ORIGIN, "stdin", options, report)
        return
    yield _text_article(_chain(consumed, lines), options.max_bytes)


def _text_article(lines: Iterator[Line], max_bytes: int) -> Article:
    """All of the input as one plain-text article, whatever follows its first line."""
    parts = []
    total = 0
    for line in lines:
        if line.data is None or total + line.size > max_bytes:
            raise SkipFile(too_big("input", max(total + line.size, max_bytes + 1), max_bytes))
        if b"\x00" in line.data:
            raise SkipFile(f"binary data (NUL byte at byte {nul_at(line)}), not text")
        parts.append(line.data)
        total += line.size + 1
    try:
        text = decode_utf8(b"\n".join(parts))
    except BadBytes as exc:
        raise SkipFile(exc.message) from None
    if not text.strip():
        raise SkipFile("empty input")
    return Article(id="stdin", text=text, origin=STDIN_ORIGIN)


def _chain(first: list[Line], rest: Iterator[Line]) -> Iterator[Line]:
    yield from first
    yield from rest


class _EncodedText:
    """A text stream read as UTF-8 bytes (for a replaced ``sys.stdin``)."""

    def __init__(self, stream: io.TextIOBase):
        self._stream = stream

    def readline(self, size: int = -1) -> bytes:
        return self._stream.readline(size).encode("utf-8", "surrogateescape")
