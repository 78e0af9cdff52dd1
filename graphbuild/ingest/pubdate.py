"""Publication dates: the date a record or page carries, as an ISO date.

``normalize_date`` reads the date field of a JSON Lines record or CSV row
and the date trafilatura finds in a page's markup. It is not the reading
of dates in an article's text ("on Sunday", relative to the publication
date): that is ``graphbuild.events.dates``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", re.I)

_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,  # no missing part filled in from today
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],  # no "yesterday", no timestamps
    "RETURN_AS_TIMEZONE_AWARE": False,
}


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
