"""A build killed halfway (SIGKILL: no clean-up runs) leaves the previous
output intact: graph.ttl, events.csv, triples.csv and graph.html byte for byte as the
last finished build wrote them, each one readable, and nothing half-written
under an output's name.

The build runs in a subprocess (``python -m graphbuild.cli build ...``). To
kill it at a known moment, a small wrapper pauses it at the N-th document it
reads or the N-th ``os.fsync`` (an output's data written to its temporary
file, not yet renamed into place) and leaves a marker file; the test waits for
the marker and sends SIGKILL. One more run is killed after a plain delay,
with no instrumentation at all.

What is allowed to remain after a kill: hidden temporary files and folders
(names starting with "."), which no reader picks up (folder walks skip hidden
names) and the next build does not mind.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from graphbuild.cli.app import app

OUTPUTS = ("graph.ttl", "events.csv", "triples.csv", "graph.html")
REPO = Path(__file__).resolve().parent.parent

# Pauses the build at the N-th event of a kind, after writing a marker file.
_WRAPPER = r"""
import os, sys, time
kind, n = os.environ["GB_PAUSE_AT"].split(":")
n, marker, seen = int(n), os.environ["GB_MARKER"], [0]

def hit():
    seen[0] += 1
    if seen[0] == n:
        with open(marker, "w") as fh:
            fh.write(kind)
        time.sleep(300)  # killed here

if kind == "fsync":
    real_fsync = os.fsync
    def fsync(fd):
        real_fsync(fd)
        hit()
    os.fsync = fsync
elif kind == "document":
    import graphbuild.pipeline as pipeline
    real_extract = pipeline.extract_document
    def extract_document(article, doc):
        hit()
        return real_extract(article, doc)
    pipeline.extract_document = extract_document

from graphbuild.cli.app import app
app(sys.argv[1:], prog_name="graphbuild")
"""

COUNTRIES = ["France", "Germany", "Brazil", "Nigeria", "Kenya", "Japan", "India", "Chile", "Peru", "Canada",
             "Mexico", "Egypt", "Poland", "Spain", "Italy", "Ghana"]
TEMPLATES = [
    "{a} accused {b} of violating the ceasefire on Monday, the foreign ministry said.",
    "The president of {a} will visit {b} next week for talks on trade.",
    "{a} and {b} signed an agreement on energy cooperation on Tuesday.",
    "{a} imposed sanctions on {b} after the border clash.",
    "Officials from {a} met their counterparts from {b} in Geneva.",
]


def corpus(path: Path, n: int, prefix: str) -> Path:
    lines = []
    for i in range(n):
        a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 7 + 3) % len(COUNTRIES)]
        if a == b:
            b = COUNTRIES[(i + 1) % len(COUNTRIES)]
        text = " ".join(t.format(a=a, b=b) for t in TEMPLATES[i % 3 :] + TEMPLATES[: i % 3])
        lines.append(json.dumps({"id": f"{prefix}-{i:04d}", "date": "2024-05-06", "source": "Wire", "text": text}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def previous(tmp_path_factory, nlp):
    """A finished build's folder and its bytes."""
    root = tmp_path_factory.mktemp("interrupt")
    small = corpus(root / "small.jsonl", 4, "old")
    big = corpus(root / "big.jsonl", 600, "new")
    out = root / "out"
    result = CliRunner().invoke(app, ["build", str(small), "--out", str(out)])
    assert result.exit_code == 0, result.output
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    return {"root": root, "small": small, "big": big, "out": out, "before": before}


def _start(args: list[str], pause_at: str | None, marker: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "GB_MARKER": str(marker)}
    if pause_at is None:
        command = [sys.executable, "-m", "graphbuild.cli", *args]
    else:
        env["GB_PAUSE_AT"] = pause_at
        command = [sys.executable, "-c", _WRAPPER, *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=marker.parent)


def _wait_for(marker: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the build ended (exit {proc.returncode}) before the pause point:\n{err.decode()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the build never reached the pause point")
        time.sleep(0.02)


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _copy(folder: Path, to: Path) -> Path:
    shutil.copytree(folder, to)
    return to


def _assert_intact(out: Path, before: dict[str, bytes]) -> None:
    for name in OUTPUTS:
        assert (out / name).read_bytes() == before[name], f"{name} changed"
    rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    # Leftovers may only be hidden: temporary files and staging folders.
    visible = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert visible == sorted(OUTPUTS), visible


@pytest.mark.parametrize(
    "pause_at",
    [
        "document:40",  # mid-parse: 40 of 600 articles read
        "fsync:1",  # the first output's data is on disk, under a temporary name
        "fsync:2",  # the second output: the first one is already complete
        "fsync:3",  # the third
    ],
)
def test_killed_build_leaves_the_previous_output_intact(previous, tmp_path, pause_at):
    if pause_at.startswith("document"):
        corpus_file = previous["big"]
    else:  # a different small corpus: its outputs differ from the previous ones
        corpus_file = corpus(tmp_path / "other.jsonl", 6, "other")
    out = _copy(previous["out"], tmp_path / "out")
    marker = tmp_path / "paused"
    proc = _start(["build", str(corpus_file), "--out", str(out)], pause_at, marker)
    _wait_for(marker, proc)
    if pause_at.startswith("fsync"):  # the pause really is inside the writing of outputs
        assert list(out.rglob(".*")), "no temporary file while writing"
    _kill(proc)
    _assert_intact(out, previous["before"])


def test_killed_after_a_delay_leaves_old_or_new_never_a_mix(previous, tmp_path):
    """No instrumentation: a plain build of 600 articles, killed 4 s in."""
    out = _copy(previous["out"], tmp_path / "out")
    proc = _start(["build", str(previous["big"]), "--out", str(out)], None, tmp_path / "unused")
    time.sleep(4)
    if proc.poll() is None:
        _kill(proc)
    now = {name: (out / name).read_bytes() for name in OUTPUTS}
    if now != previous["before"]:  # the build finished first: then all three are the new ones
        assert all(now[n] != previous["before"][n] for n in OUTPUTS), "a mix of old and new outputs"
    _assert_intact(out, now)


def test_a_build_after_a_killed_one_succeeds(previous, tmp_path):
    """Leftovers of a killed build do not get in the way of the next one."""
    out = _copy(previous["out"], tmp_path / "out")
    marker = tmp_path / "paused"
    proc = _start(["build", str(corpus(tmp_path / "other.jsonl", 6, "other")), "--out", str(out)], "fsync:2", marker)
    _wait_for(marker, proc)
    _kill(proc)
    result = CliRunner().invoke(app, ["build", str(previous["small"]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in OUTPUTS:  # the same input as the first build: the same bytes
        assert (out / name).read_bytes() == previous["before"][name], name
