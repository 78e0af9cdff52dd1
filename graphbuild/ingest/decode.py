"""Bytes to text: UTF-8 only, said plainly when it is not.

Files are read as bytes and decoded here. Empty, binary (a NUL byte) and
UTF-16 input is refused from its first bytes (``check_bytes``); text must
be UTF-8, a leading byte-order mark dropped (``decode_utf8``), and invalid
bytes are reported by their offset in the file (``BadBytes``). The one
exception is an HTML page, which may declare its charset in a ``<meta>``
tag (``decode_declared``). Nothing is guessed.
"""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO

from graphbuild.ingest.skips import SkipFile

HEAD_BYTES = 8192  # how much of a file is looked at for NUL bytes and BOMs
UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class BadBytes(Exception):
    """Invalid UTF-8 at byte ``offset`` of the file."""

    def __init__(self, offset: int):
        super().__init__(offset)
        self.offset = offset

    @property
    def message(self) -> str:
        return f"invalid UTF-8 at byte {self.offset}; re-save the file as UTF-8"


def check_head(fh: BinaryIO) -> None:
    """Refuse empty, binary and UTF-16 files from their first bytes."""
    head = fh.read(HEAD_BYTES)
    fh.seek(0)
    check_bytes(head)


def check_bytes(data: bytes) -> None:
    """Raise ``SkipFile`` if ``data`` is empty, UTF-16 or holds a NUL byte."""
    if not data:
        raise SkipFile("empty file")
    if data.startswith(_UTF16_BOMS):
        raise SkipFile("UTF-16 text is not read; re-save the file as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SkipFile(f"binary file (NUL byte at byte {nul}), not text")


def decode_utf8(data: bytes, base: int = 0, *, drop_bom: bool = True) -> str:
    """``data`` as UTF-8, a leading BOM dropped if ``drop_bom`` (only the
    start of a file has one). ``data`` starts at byte ``base`` of the file:
    the offset in a ``BadBytes`` is the file's."""
    bom = len(UTF8_BOM) if drop_bom and data.startswith(UTF8_BOM) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadBytes(base + bom + exc.start) from None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_declared(data: bytes) -> str:
    """An HTML page as UTF-8, or in the charset it declares in a ``<meta>``
    tag (looked for in its first 4 KiB) when it is not UTF-8; no guessing."""
    try:
        return decode_utf8(data)
    except BadBytes as exc:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii")
            try:
                if codecs.lookup(name).name != "utf-8":
                    return data.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass
        raise SkipFile(exc.message) from None
