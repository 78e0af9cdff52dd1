"""HTML pages: one page, one ``Article`` of its main text.

trafilatura takes out the main text and the metadata (title, date, site
name, canonical URL); navigation, comments, tables and other boilerplate
are left behind. The page is decoded as UTF-8 or in the charset it
declares (``decode.decode_declared``). A first line repeating the title is
dropped, since the title is kept apart.
"""

from __future__ import annotations

from pathlib import Path

from graphbuild.ingest.decode import check_bytes, decode_declared
from graphbuild.ingest.fields import clean_id, clean_str
from graphbuild.ingest.paths import read_bounded
from graphbuild.ingest.pubdate import normalize_date
from graphbuild.ingest.skips import SkipFile, too_big
from graphbuild.records import Article


def html_article(path: Path, display: str, max_bytes: int) -> Article:
    """The article of a ``.html`` or ``.htm`` page; ``SkipFile`` says why not."""
    data = read_bounded(path, max_bytes)
    check_bytes(data)
    html = decode_declared(data)
    if not html.strip():
        raise SkipFile("empty file (whitespace only)")
    doc = extract_html(html)
    text = (doc.get("text") or "").strip() if doc else ""
    if not text:
        raise SkipFile("no article text found in the page")
    title = clean_str(doc.get("title"))
    text = drop_title_line(text, title)
    if len(text.encode("utf-8")) > max_bytes:
        raise SkipFile(too_big("article text", len(text.encode("utf-8")), max_bytes))
    return Article(
        id=clean_id(path.stem) or path.stem,
        text=text,
        date=normalize_date(doc.get("date")),
        title=title,
        source=clean_str(doc.get("sitename")),
        url=clean_str(doc.get("url")),
        origin=display,
    )


def extract_html(html: str) -> dict | None:
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
        raise SkipFile(f"HTML extraction failed: {type(exc).__name__}: {exc}") from None
    if doc is None:
        return None
    return doc if isinstance(doc, dict) else doc.as_dict()


def drop_title_line(text: str, title: str | None) -> str:
    """The text without a leading headline line that repeats ``title``."""
    if not title:
        return text
    first, sep, rest = text.partition("\n")
    if sep and " ".join(first.split()).casefold() == " ".join(title.split()).casefold() and rest.strip():
        return rest.lstrip("\n")
    return text
