"""Plain text and Markdown files: one file, one ``Article``.

The id is the file name without its suffix; line breaks become "\\n". A
Markdown file (``.md``) is turned into prose by ``markdown.py`` and its
first heading becomes the title.
"""

from __future__ import annotations

from pathlib import Path

from graphbuild.ingest.decode import BadBytes, check_bytes, decode_utf8
from graphbuild.ingest.fields import clean_id
from graphbuild.ingest.markdown import markdown_to_text
from graphbuild.ingest.paths import read_bounded
from graphbuild.ingest.skips import SkipFile
from graphbuild.records import Article


def text_article(path: Path, display: str, max_bytes: int) -> Article:
    """The article of a ``.txt`` or ``.md`` file; ``SkipFile`` says why not."""
    data = read_bounded(path, max_bytes)
    check_bytes(data)
    try:
        text = decode_utf8(data)
    except BadBytes as exc:
        raise SkipFile(exc.message) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SkipFile("empty file (whitespace only)")
    title = None
    if path.suffix.lower() == ".md":
        text, title = markdown_to_text(text)
    return Article(id=clean_id(path.stem) or path.stem, text=text, title=title, origin=display)
