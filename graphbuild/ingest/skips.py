"""Skips: what could not be read, where, and why.

The readers never stop a batch. Inside them a problem is raised as
``SkipFile`` (the rest of the file is not read) or ``SkipRecord`` (this one
record is not), or handed to a ``Report`` callable when reading goes on in
the same file; ``read.read_articles`` turns each into a ``Skip`` for the
caller. ``too_big`` words every size-limit message the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: ``report(origin, message)``: a problem found, reading goes on.
Report = Callable[[str, str], None]


@dataclass(frozen=True)
class Skip:
    """A record or file that was not read, and why.

    ``origin`` is "path" for a whole file or "path:line" for one record;
    ``str(skip)`` gives the one-line message "origin: message".
    """

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class SkipFile(Exception):
    """Raised inside a reader: the rest of this file is not read.

    ``origin`` is where to report it ("file:line"); None means the file.
    """

    def __init__(self, message: str, origin: str | None = None):
        super().__init__(message)
        self.message = message
        self.origin = origin


class SkipRecord(Exception):
    """Raised while turning one record into an ``Article``: this record is not read."""


def too_big(what: str, size: int, limit: int) -> str:
    """The message for a file, record or text of ``size`` bytes over ``limit``."""
    return f"{what} is {size:,} bytes, over the limit of {limit:,} (max_bytes); skipped"
