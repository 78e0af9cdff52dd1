"""Rewrite what the README shows each ``$ graphbuild ...`` command printing.

    python scripts/readme_outputs.py            # rewrite README.md in place
    python scripts/readme_outputs.py --check    # exit 1 if anything would change

Runs every command of the README's code blocks, in order, in a temporary
copy of ``examples/`` (as ``tests/test_readme.py`` does), and replaces the
output lines after each ``$ graphbuild`` line with what it printed now.
Event ids in the README are written shortened (``.../event/evt-...``); a
shortened cell is kept shortened. Run it after a change to extraction, then
read the diff: the README's prose around the outputs may need words too.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
_FENCE = re.compile(r"^```(\w*)\s*$")
_TIMING = re.compile(r"\bin \d+(?:\.\d+)? s\b")
_LONG_IRI = re.compile(r"https://w3id\.org/graphbuild/id(/event/evt-[0-9a-f]+)")


def _shorten(line: str, shown: list[str]) -> str:
    """Keep the README's ``.../event/evt-...`` form where it used it."""
    if not any(".../" in s for s in shown):
        return line
    return _LONG_IRI.sub(lambda m: "..." + m.group(1), line).rstrip()


def rewrite(text: str, run) -> str:
    lines = text.splitlines()
    out: list[str] = []
    lang = None
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line.strip())
        if fence and lang is None:
            lang = fence.group(1)
        elif line.strip() == "```" and lang is not None:
            lang = None
        out.append(line)
        i += 1
        stripped = line.strip()
        if lang not in ("", "console", "shell", "sh", "bash") or not stripped.startswith("$ graphbuild "):
            if lang in ("", "console", "shell", "sh", "bash") and stripped.startswith("graphbuild "):
                run(shlex.split(stripped, comments=True)[1:])
            continue
        shown = []
        while i < len(lines) and not lines[i].lstrip().startswith("$ ") and lines[i].strip() != "```":
            shown.append(lines[i])
            i += 1
        trailing = []
        while shown and not shown[-1].strip():
            trailing.append(shown.pop())
        printed = run(shlex.split(stripped[2:], comments=True)[1:])
        if shown:
            out += [_shorten(p, shown) for p in printed]
        out += trailing
    return "\n".join(out) + "\n"


def main(check: bool) -> int:
    from graphbuild.cli.app import app

    runner = CliRunner()
    original = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "examples", Path(tmp) / "examples")
        cwd = os.getcwd()
        os.chdir(tmp)
        os.environ["COLUMNS"] = "200"

        def run(argv: list[str]) -> list[str]:
            result = runner.invoke(app, argv)
            if result.exit_code != 0:
                raise SystemExit(f"graphbuild {shlex.join(argv)} exited {result.exit_code}:\n{result.output}")
            printed = result.output.splitlines()
            while printed and not printed[-1].strip():
                printed.pop()
            return printed

        try:
            updated = rewrite(original, run)
        finally:
            os.chdir(cwd)
    if check:  # timings differ from run to run; the test ignores them too
        return int(_TIMING.sub("", updated) != _TIMING.sub("", original))
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
