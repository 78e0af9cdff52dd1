"""Datelines: the place (and agency) a wire report opens with.

"BRUSSELS - The European Union ...", "SEOUL (Reuters) - Japanese Prime
Minister ...", "GENEVA, March 3 (AP) — ...", "KYIV, Ukraine (AP) -- ...".
The dateline is not part of the first sentence: read as prose, it turns
"BRUSSELS - The European Union" into one name. ``split_dateline`` finds it;
``blank_dateline`` replaces it with spaces, so that every character offset
into the article still points at the same text.

>>> split_dateline("SEOUL (Reuters) - Japan's leader met ...")
('SEOUL', 18)
>>> split_dateline("GENEVA, March 3 (AP) — Talks resumed.")
('GENEVA', 23)
>>> split_dateline("Kenya praised Ghana - twice.") is None
True
"""

from __future__ import annotations

import re

# The place: one to four capitalised words, at least its first in capitals
# ("BRUSSELS", "NEW DELHI", "SAN JOSE, Costa Rica"); then an optional date
# and agency; then a dash. Every part is bounded, so the match is linear.
_DATELINE = re.compile(
    r"\s{0,20}(?P<place>[A-Z][A-Z.'’]{1,30}(?:[ -][A-Z][A-Z.'’]{1,30}){0,3})"
    r"(?:,\s{0,3}[A-Z][A-Za-z.]{1,20}(?:\s[A-Z][A-Za-z.]{1,20}){0,2})?"  # ", Ukraine" / ", March"
    r"(?:\s{0,3}\d{1,2}(?:,\s{0,3}\d{4})?)?"  # " 3", " 3, 2024"
    r"\s{0,3}(?:\([A-Za-z .&'’-]{1,40}\))?"  # "(Reuters)"
    r"\s{0,3}(?:--|[-–—])\s{1,5}(?=\S)"
)


def split_dateline(text: str) -> tuple[str, int] | None:
    """(place as written, offset where the report's text starts), or None."""
    m = _DATELINE.match(text, 0, min(len(text), 200))
    if m is None:
        return None
    return m.group("place"), m.end()


def blank_dateline(text: str, is_place=lambda place: True) -> tuple[str, str | None]:
    """The text with its dateline replaced by spaces, and the dateline's place.

    ``is_place`` says whether the capitals name a place ("NATO - The
    alliance" opens a headline, not a dateline).
    """
    found = split_dateline(text)
    if found is None or not is_place(found[0]):
        return text, None
    place, end = found
    return " " * end + text[end:], place
