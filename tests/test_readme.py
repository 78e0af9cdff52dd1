"""The README's examples run as written.

Every ``graphbuild ...`` line of a README code block (with or without a
leading ``$``) runs, in order, in a temporary copy of ``examples/``, through
the real command line (typer's runner, in process, so the spaCy model is
loaded once). Each must exit 0. Where the README shows what a command
prints (the lines after a ``$ graphbuild`` line, up to a blank line), the
printed lines must match: cell by cell for tables, timings ignored, and a
cell the README shortens to ``.../tail`` matching any cell ending in
``/tail``. The ``python`` code blocks run too, in the same folder.

The picture the README shows is there, and ``scripts/screenshot.py`` takes
it with headless Chromium.
"""

from __future__ import annotations

import re
import shlex
import shutil
import struct
import sys
from pathlib import Path

from typer.testing import CliRunner

from browser import require_browser
from graphbuild.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
runner = CliRunner()

_FENCE = re.compile(r"^```(\w*)\s*$")
_TIMING = re.compile(r"\bin \d+(?:\.\d+)? s\b")
_RULE = re.compile(r"^[\s\-─━═]+$")


def code_blocks(text: str) -> list[tuple[str, list[str]]]:
    """(language, lines) of every fenced code block, in order."""
    blocks, lang, lines = [], None, []
    for line in text.splitlines():
        m = _FENCE.match(line.strip())
        if m and lang is None:
            lang, lines = m.group(1), []
        elif line.strip() == "```" and lang is not None:
            blocks.append((lang, lines))
            lang = None
        elif lang is not None:
            lines.append(line)
    return blocks


def commands(text: str) -> list[tuple[list[str], list[str] | None]]:
    """(argv after "graphbuild", the output the README shows or None) of
    every graphbuild command line in a code block."""
    found = []
    for lang, lines in code_blocks(text):
        if lang not in ("", "console", "shell", "sh", "bash"):
            continue
        i = 0
        while i < len(lines):
            line = lines[i].strip()
            prompt = line.startswith("$ ")
            command = line[2:].strip() if prompt else line
            i += 1
            if not command.startswith("graphbuild "):
                continue
            argv = shlex.split(command, comments=True)[1:]
            output = None
            if prompt:
                output = []
                while i < len(lines) and not lines[i].lstrip().startswith("$ "):
                    output.append(lines[i])
                    i += 1
                while output and not output[-1].strip():
                    output.pop()
                output = output or None
            found.append((argv, output))
    return found


def cells(line: str) -> list[str]:
    return [c for c in re.split(r"\s{2,}", _TIMING.sub("in <t> s", line.strip())) if c]


def same_line(shown: str, printed: str) -> bool:
    if _RULE.match(shown) and shown.strip():
        return bool(_RULE.match(printed)) and len(shown.split()) == len(printed.split())
    a, b = cells(shown), cells(printed)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x.startswith(".../"):
            if not y.endswith(x[3:]):
                return False
        elif x != y:
            return False
    return True


def test_the_readme_has_commands_with_output():
    found = commands(README.read_text(encoding="utf-8"))
    names = [argv[0] for argv, _ in found]
    for name in ("build", "query", "viz", "export", "validate", "stats", "path", "ontology"):
        assert name in names, name
    assert names[0] == "build"
    assert sum(1 for _, output in found if output) >= 6


def test_line_matching_rules():
    assert same_line("2024-05-09  CONSULT  .../event/evt-1", "2024-05-09  CONSULT   https://x/id/event/evt-1")
    assert not same_line("2024-05-09  CONSULT  .../event/evt-1", "2024-05-09  CONSULT  https://x/id/event/evt-2")
    assert same_line("5 documents, 3 events in 1.4 s -> out", "5 documents, 3 events in 0.9 s -> out")
    assert not same_line("5 documents, 3 events in 1.4 s", "5 documents, 4 events in 1.4 s")
    assert same_line("----  ---", "--------  ------") and not same_line("----  ---", "----")


def test_readme_commands_run_as_written(tmp_path, monkeypatch, nlp):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    for argv, shown in commands(README.read_text(encoding="utf-8")):
        result = runner.invoke(app, argv)
        command = "graphbuild " + shlex.join(argv)
        assert result.exit_code == 0, f"{command}\n{result.output}"
        if shown is None:
            continue
        printed = [line for line in result.output.splitlines()]
        while printed and not printed[-1].strip():
            printed.pop()
        assert len(printed) == len(shown), f"{command}: README shows {len(shown)} lines, it printed:\n{result.output}"
        for s, p in zip(shown, printed):
            assert same_line(s, p), f"{command}:\n  README:  {s}\n  printed: {p}"


def test_readme_python_runs(tmp_path, monkeypatch, capsys, nlp):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    blocks = [lines for lang, lines in code_blocks(README.read_text(encoding="utf-8")) if lang == "python"]
    assert blocks
    namespace: dict = {"__name__": "__readme__"}
    for lines in blocks:
        exec(compile("\n".join(lines), str(README), "exec"), namespace)  # noqa: S102 - our own README
    assert namespace["g"].validate().conforms


# ---------------------------------------------------------------------------
# The picture


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_the_readme_picture_is_there():
    text = README.read_text(encoding="utf-8")
    (target,) = re.findall(r"!\[[^\]]*\]\((docs/[^)]+\.png)\)", text)
    width, height = png_size(ROOT / target)
    assert width >= 800 and height >= 500


def test_screenshot_script_draws_the_examples(tmp_path, nlp):
    require_browser()
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import screenshot
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    out = tmp_path / "shot.png"
    assert screenshot.main(["--out", str(out), "--width", "900", "--height", "600"]) == 0
    assert png_size(out) == (900, 600)
    assert out.stat().st_size > 20_000  # a drawn graph, not a blank page
