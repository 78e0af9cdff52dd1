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
>>> split_dateline("TOPEKA, Kansas, Nov. 28 (AP) - Talks resumed.")
('TOPEKA', 31)
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
    r"(?:,\s{0,3}(?P<region>[A-Z][A-Za-z.]{1,20}(?:\s[A-Z][A-Za-z.]{1,20}){0,2}))?"  # ", Ukraine" / ", March"
    r"(?:,\s{0,3}[A-Z][a-z]{2,8}\.?(?=\s{0,3}\d))?"  # ", Kansas, November 28": the date after the region
    r"(?P<date>\s{0,3}\d{1,2}(?:,\s{0,3}\d{4})?)?"  # " 3", " 3, 2024"
    r"\s{0,3}(?P<agency>\([A-Za-z .&'’-]{1,40}\))?"  # "(Reuters)"
    r"\s{0,3}(?:--|[-–—])\s{1,5}(?=\S)"
)


def split_dateline(text: str) -> tuple[str, int] | None:
    """(place as written, offset where the report's text starts), or None."""
    found = _dateline(text)
    return None if found is None else (found[0], found[2])


def _dateline(text: str) -> tuple[str, str | None, int, bool] | None:
    """(place, the region or date after its comma, end of the dateline,
    whether it gives a date and an agency), or None."""
    m = _DATELINE.match(text, 0, min(len(text), 200))
    if m is None:
        return None
    return m.group("place"), m.group("region"), m.end(), bool(m.group("date") and m.group("agency"))


def blank_dateline(text: str, is_place=lambda place: True) -> tuple[str, str | None]:
    """The text with its dateline replaced by spaces, and the dateline's place.

    ``is_place`` says whether the capitals name a place ("NATO - The
    alliance" opens a headline, not a dateline). A town it does not know
    is a place when the region after it is one ("AKCAKALE, Turkey -"); the
    dateline's place is then that region, the most the reader can place.
    Capitals followed by a date and an agency ("TOPEKA, Kansas, May 4
    (AP) -") are a dateline whatever they name.
    """
    found = _dateline(text)
    if found is None:
        return text, None
    place, region, end, dated = found
    if not is_place(place) and not dated:  # "TOPEKA, Kansas, May 4 (AP) -" is a dateline whatever it names
        if region is None or not is_place(region):
            return text, None
        place = region
    return " " * end + text[end:], place
