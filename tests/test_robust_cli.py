"""Issue 14 at the command line: one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from graphbuild.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_build_out_pointing_at_a_file_fails_before_parsing(tmp_path):
    target = tmp_path / "taken"
    target.write_text("keep me", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("Kenya praised Ghana on Monday. " * 30_000, encoding="utf-8")  # a minute of parsing
    started = time.monotonic()
    result = runner.invoke(app, ["build", str(big), "--out", str(target)])
    assert time.monotonic() - started < 20  # the model is not even loaded
    assert result.exit_code == 1
    assert result.output.strip() == f"graphbuild: --out {target}: exists and is not a folder; nothing read"
    assert target.read_text(encoding="utf-8") == "keep me"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graphbuild.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    folder = tmp_path / "out.ttl"
    folder.mkdir()  # export cannot replace a folder by a file: an error no command expects
    done = _cli("export", str(graph), "--out", str(folder))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("graphbuild: unexpected error: IsADirectoryError: ")
    assert lines[0].endswith("(run with --debug for the traceback)")
    debug = _cli("--debug", "export", str(graph), "--out", str(folder))
    assert debug.returncode != 0 and "Traceback" in debug.stderr and "IsADirectoryError" in debug.stderr


def test_a_changed_text_under_a_stored_id_is_reported_and_replace_takes_it(tmp_path, nlp):
    folder, kg = tmp_path / "in", tmp_path / "kg"
    folder.mkdir()
    (folder / "a.txt").write_text("Kenya praised Ghana on Monday.", encoding="utf-8")
    assert runner.invoke(app, ["build", str(folder), "--store", str(kg)]).exit_code == 0
    again = runner.invoke(app, ["build", str(folder), "--store", str(kg)])  # same text: quiet
    assert again.exit_code == 0 and "skipped" not in again.output
    (folder / "a.txt").write_text("Chile criticized Peru on Monday.", encoding="utf-8")
    changed = runner.invoke(app, ["build", str(folder), "--store", str(kg)])
    assert changed.exit_code == 3
    assert (
        f"skipped {folder / 'a.txt'}: document id 'a' is already in the store with another text "
        f"(stored from {folder / 'a.txt'}); kept the stored one (--replace takes the new one)"
    ) in changed.output

    def countries():
        result = runner.invoke(app, ["query", str(kg), "SELECT ?l WHERE { ?e a gb:Country ; skos:prefLabel ?l } ORDER BY ?l", "-f", "csv"])
        assert result.exit_code == 0, result.output
        return result.output.split()[1:]

    assert countries() == ["Ghana", "Kenya"]
    replaced = runner.invoke(app, ["build", str(folder), "--store", str(kg), "--replace"])
    assert replaced.exit_code == 0, replaced.output
    assert countries() == ["Chile", "Peru"]
