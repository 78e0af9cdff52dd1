"""Date normalization against the publication date."""

import pytest

from graphbuild.events.dates import normalize_date

PUB = "2024-03-13"  # a Wednesday


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("Wednesday", False, "2024-03-13"),
        ("on Monday", False, "2024-03-11"),
        ("on Monday", True, "2024-03-18"),
        ("next Wednesday", True, "2024-03-20"),
        ("last Wednesday", False, "2024-03-06"),
        ("this weekend", True, "2024-03-16"),
        ("yesterday", False, "2024-03-12"),
        ("tomorrow", True, "2024-03-14"),
        ("Tuesday night", False, "2024-03-12"),
        ("on April 2", True, "2024-04-02"),
        ("March 3", False, "2024-03-03"),
        ("5 January 2023", False, "2023-01-05"),
        ("next month", True, None),
        ("last February", False, None),
        ("in recent months", False, None),
        ("2019", False, None),
    ],
)
def test_relative_dates_anchor_on_publication(text, future, expected):
    assert normalize_date(text, PUB, future) == expected


def test_without_publication_date_only_full_dates_count():
    assert normalize_date("Monday", None, False) is None
    assert normalize_date("June 21, 2023", None, False) == "2023-06-21"
