"""Load a local HTML file in headless Chromium and report what a person would see.

Uses the ``playwright`` package (PyPI) as a driver for Debian's Chromium
(``/usr/bin/chromium``, or the path in ``$GRAPHBUILD_CHROMIUM``); it never
downloads a browser. ``require_browser()`` skips the calling test when there is
no Chromium (or no playwright) on a developer's machine, and fails it under CI.

    with open_page(path) as page:
        report = page.report(screenshot="/tmp/viz.png")
        assert report.ok, report

``report.requests`` lists every URL the page asked for; anything but
``file:``, ``data:``, ``about:`` and ``blob:`` goes to
``report.external_requests`` and is aborted before it leaves the machine.
"""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

DEFAULT_CHROMIUM = "/usr/bin/chromium"
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Run before any script of the page: count dialogs and note a payload's flag
# even if the page later removes it.
_INIT_SCRIPT = """
(() => {
  window.__dialogs = [];
  for (const name of ["alert", "confirm", "prompt"]) {
    window[name] = function (message) { window.__dialogs.push(name + ": " + message); return null; };
  }
})();
"""

_CANVAS_STATE = """
() => {
  const canvases = Array.from(document.querySelectorAll("canvas"));
  let nonblank = false;
  for (const c of canvases) {
    if (!c.width || !c.height) continue;
    const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    for (let i = 4; i < data.length; i += 4) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) {
        nonblank = true; break;
      }
    }
    if (nonblank) break;
  }
  return { count: canvases.length, nonblank: nonblank };
}
"""


def ci() -> bool:
    """True when the tests run under CI (``CI`` set to anything but 0/false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def chromium_path() -> str | None:
    """The Chromium executable to drive, or None when there is none."""
    candidate = os.environ.get("GRAPHBUILD_CHROMIUM") or DEFAULT_CHROMIUM
    if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        return candidate
    return shutil.which(candidate)


def require_browser() -> str:
    """The Chromium path; skips the test without one, but fails it under CI."""
    path = chromium_path()
    problem = None
    if path is None:
        problem = f"no Chromium at {os.environ.get('GRAPHBUILD_CHROMIUM') or DEFAULT_CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is not installed (pip install playwright)"
    if problem:
        if ci():
            pytest.fail(f"browser tests cannot run under CI: {problem}")
        pytest.skip(problem)
    return path


@dataclass
class PageReport:
    url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    canvas_count: int = 0
    canvas_nonblank: bool = False
    dialogs: list[str] = field(default_factory=list)
    pwned: bool = False
    screenshot: Path | None = None

    @property
    def ok(self) -> bool:
        """A clean load: drawn, quiet, offline, and no payload ran."""
        return (
            self.canvas_nonblank
            and not self.console_errors
            and not self.external_requests
            and not self.pwned
            and not self.dialogs
        )


class Page:
    """A loaded page and what it did so far; ``page.pw`` is the playwright Page."""

    def __init__(self, pw_page, url: str):
        self.pw = pw_page
        self.url = url
        self.console_errors: list[str] = []
        self.requests: list[str] = []

    def wait_until(self, function: str, arg=None, timeout_ms: int = 5000, interval_ms: int = 50) -> bool:
        """Poll the JavaScript ``function`` (e.g. "() => ...") until it returns
        something truthy; False on time-out. Polled from Python, because
        playwright's wait_for_function evaluates strings inside the page,
        which the pages' Content-Security-Policy rightly refuses."""
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            if self.pw.evaluate(function, arg):
                return True
            if time.monotonic() >= deadline:
                return False
            self.pw.wait_for_timeout(interval_ms)

    def wait_drawn(self, timeout_ms: int = 5000) -> bool:
        """Wait until some canvas has pixels of more than one colour."""
        return self.wait_until(f"() => ({_CANVAS_STATE})().nonblank", timeout_ms=timeout_ms)

    def report(self, screenshot: str | os.PathLike | None = None, wait_ms: int = 5000) -> PageReport:
        """What the page did so far, after waiting up to ``wait_ms`` for a drawing."""
        self.wait_drawn(wait_ms)
        canvas = self.pw.evaluate(_CANVAS_STATE)
        flags = self.pw.evaluate("() => ({pwned: window.__pwned !== undefined, dialogs: window.__dialogs || []})")
        shot = None
        if screenshot is not None:
            shot = Path(screenshot)
            shot.parent.mkdir(parents=True, exist_ok=True)
            self.pw.screenshot(path=str(shot), full_page=True)
        return PageReport(
            url=self.url,
            console_errors=list(self.console_errors),
            requests=list(self.requests),
            external_requests=[u for u in self.requests if not u.startswith(LOCAL_SCHEMES)],
            canvas_count=canvas["count"],
            canvas_nonblank=canvas["nonblank"],
            dialogs=list(flags["dialogs"]),
            pwned=flags["pwned"] or bool(flags["dialogs"]),
            screenshot=shot,
        )


@contextmanager
def browser(executable: str | None = None) -> Iterator[object]:
    """A headless Chromium (playwright Browser), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable or require_browser(), headless=True, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def open_page(
    path: str | os.PathLike,
    *,
    browser_=None,
    viewport: tuple[int, int] = (1280, 800),
) -> Iterator[Page]:
    """Load ``path`` (a local file) and yield a ``Page``; a browser is started
    for the occasion unless one is given."""
    if browser_ is None:
        with browser() as b:
            with open_page(path, browser_=b, viewport=viewport) as page:
                yield page
        return
    url = Path(path).resolve().as_uri()
    context = browser_.new_context(viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block")
    try:
        context.add_init_script(_INIT_SCRIPT)

        def route(r):  # let nothing leave the machine; the page's request is recorded all the same
            if r.request.url.startswith(LOCAL_SCHEMES):
                r.continue_()
            else:
                r.abort()

        context.route("**/*", route)
        pw_page = context.new_page()
        page = Page(pw_page, url)
        pw_page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        pw_page.on("pageerror", lambda e: page.console_errors.append(f"uncaught: {e}"))
        pw_page.on("request", lambda r: page.requests.append(r.url))
        pw_page.on("dialog", lambda d: (page.console_errors.append(f"dialog: {d.message}"), d.dismiss()))
        pw_page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


def check_page(path: str | os.PathLike, screenshot: str | os.PathLike | None = None) -> PageReport:
    """Load ``path`` once in a fresh browser and report on it."""
    with open_page(path) as page:
        return page.report(screenshot)


if __name__ == "__main__":  # python tests/browser.py page.html [shot.png]
    import sys

    print(check_page(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None))


def embedded(page: str, name: str):
    """The JSON a page's script assigns to ``var name``."""
    import json
    import re

    return json.loads(re.search(rf"var {name} = (.*?);\n", page).group(1))
