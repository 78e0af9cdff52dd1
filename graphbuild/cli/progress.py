"""A progress line for long builds: articles done, articles per second.

Shown on standard error only when it is a terminal (never in a pipe, a log
file or a test), and drawn by the caller's own thread: rich's auto-refresh
thread is not started, so worker processes are never forked while another
thread runs.

>>> with BuildProgress(enabled=False) as progress:
...     progress.advance()
>>> progress.count
1
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

REFRESH_SECONDS = 0.2  # redraw at most this often


class _Rate(ProgressColumn):
    """Articles per second since the start."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.1f} articles/s")


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


class BuildProgress:
    """Counts articles; draws a progress line when ``enabled``.

    ``enabled=None`` (the default) means: when ``stream`` (standard error) is
    a terminal. ``console`` replaces the rich console (for tests).
    """

    def __init__(
        self,
        enabled: bool | None = None,
        *,
        stream: TextIO | None = None,
        console: Console | None = None,
        description: str = "parsing",
    ):
        stream = stream if stream is not None else sys.stderr
        self.enabled = is_terminal(stream) if enabled is None else enabled
        self.count = 0
        self._last = 0.0
        self._progress: Progress | None = None
        if self.enabled:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TextColumn("{task.completed:,} articles"),
                _Rate(),
                TimeElapsedColumn(),
                console=console or Console(file=stream),
                auto_refresh=False,
                transient=True,
            )
            self._task = self._progress.add_task(description, total=None)

    def __enter__(self) -> BuildProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, _result: object = None) -> None:
        """One article done (usable as ``on_document``)."""
        self.count += 1
        if self._progress is None:
            return
        self._progress.update(self._task, completed=self.count)
        now = time.monotonic()
        if now - self._last >= REFRESH_SECONDS:
            self._last = now
            self._progress.refresh()

    def describe(self, text: str) -> None:
        """Change the label (e.g. "writing")."""
        if self._progress is not None:
            self._progress.update(self._task, description=text)
            self._progress.refresh()
