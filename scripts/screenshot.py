"""Take the README's picture: the HTML graph of the example articles as an
analyst sees it in headless Chromium, a filter applied (the "material
conflict" events left out) and the evidence panel of the busiest entity
open (opened by a mouse click on it).

    python scripts/screenshot.py                       # -> docs/graph.png
    python scripts/screenshot.py --html out/graph.html --out shot.png

Without ``--html`` it builds ``examples/articles.jsonl`` and
``examples/briefing.txt`` (as the README's ``graphbuild build`` does) into a
temporary folder first. The page is opened with playwright driving Debian's
Chromium (``/usr/bin/chromium``, or ``$GRAPHBUILD_CHROMIUM``) with the launch
flags of ``tests/browser.py``; nothing is downloaded and every request that
would leave the machine is refused. Exits 1 if the graph was not drawn,
the filter changed nothing, the panel did not open, or the page logged an
error or asked the network for anything.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # browser.py: launch flags and page checks

from browser import browser, chromium_path, open_page  # noqa: E402

DEFAULT_OUT = ROOT / "docs" / "graph.png"
FILTERED_QUAD = "material conflict"  # the quad class the picture leaves out

_SHOWN_EDGES = "() => window.graphbuild.edges.get({ filter: e => !e.hidden }).length"
# The shown entity with the most events (ties by label), and where it is on the page.
_BUSIEST = """() => {
  const g = window.graphbuild, shown = g.nodes.get({ filter: n => !n.hidden });
  shown.sort((a, b) => (b.value - a.value) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  if (!shown.length) return null;
  const p = g.network.canvasToDOM(g.network.getPositions([shown[0].id])[shown[0].id]);
  return { id: shown[0].id, label: shown[0].label, x: p.x, y: p.y };
}"""
INPUTS = (ROOT / "examples" / "articles.jsonl", ROOT / "examples" / "briefing.txt")


def build_example(folder: Path) -> Path:
    """Build the example articles into ``folder``; returns the HTML page."""
    import graphbuild

    g = graphbuild.build(list(INPUTS))
    return g.save(folder, title="graphbuild: the example articles")["html"]


def explore(page) -> dict:
    """Leave out one quad class with its checkbox and click the busiest entity
    shown; returns the edges shown before and after, and the panel's state."""
    page.wait_drawn()
    before = page.pw.evaluate(_SHOWN_EDGES)
    box = page.pw.locator(f"input[name=gb-quad][value='{FILTERED_QUAD}']")
    if box.count():
        box.uncheck()
    after = page.pw.evaluate(_SHOWN_EDGES)
    page.pw.evaluate("() => window.graphbuild.explorer.fit()")
    busiest = page.pw.evaluate(_BUSIEST)
    if busiest is not None:
        canvas = page.pw.locator("#mynetwork").bounding_box()
        page.pw.mouse.click(canvas["x"] + busiest["x"], canvas["y"] + busiest["y"])
        page.pw.wait_for_timeout(400)  # the graph narrows for the panel; fit it again
        page.pw.evaluate("() => window.graphbuild.explorer.fit()")
        page.pw.wait_for_timeout(200)
    panel = page.pw.evaluate(
        "() => { const p = document.getElementById('gb-panel');"
        " return { open: !p.hidden, text: document.getElementById('gb-panel-body').innerText }; }"
    )
    return {"edges_before": before, "edges_after": after, "clicked": busiest and busiest["label"],
            "panel_open": panel["open"], "panel_text": panel["text"]}


def screenshot(html: Path, out: Path, width: int = 1280, height: int = 800) -> dict:
    """Draw ``html`` in headless Chromium, ``explore`` it and save a PNG of the
    viewport to ``out``; returns what the page did (drawn, filtered, panel,
    console errors, requests)."""
    executable = chromium_path()
    if executable is None:
        raise SystemExit("no Chromium found: apt-get install chromium (or set GRAPHBUILD_CHROMIUM)")
    with browser(executable) as b:
        with open_page(html, browser_=b, viewport=(width, height)) as page:
            explored = explore(page)
            report = page.report(screenshot=out)
    return {
        **explored,
        "drawn": report.canvas_nonblank,
        "console_errors": report.console_errors,
        "external_requests": report.external_requests,
        "screenshot": report.screenshot,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, help="the page to draw (default: build the example articles)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"PNG to write (default: {DEFAULT_OUT.relative_to(ROOT)})")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="graphbuild-shot-") as tmp:
        html = args.html or build_example(Path(tmp))
        result = screenshot(html, args.out, args.width, args.height)
    problems = []
    if not result["drawn"]:
        problems.append("the graph was not drawn")
    if not result["edges_after"] < result["edges_before"]:
        problems.append(f"leaving out {FILTERED_QUAD!r} events changed nothing")
    if not result["panel_open"]:
        problems.append(f"clicking {result['clicked']!r} opened no panel")
    if result["console_errors"]:
        problems.append(f"console errors: {result['console_errors']}")
    if result["external_requests"]:
        problems.append(f"the page asked the network for {result['external_requests']}")
    if problems:
        print("screenshot: " + "; ".join(problems), file=sys.stderr)
        return 1
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
