"""Issue 14: a build killed between the renames of its three outputs.

The build is paused (then killed with SIGKILL) right after the second of its
three renames into the output folder: graph.ttl and events.csv new,
graph.html old. The next graphbuild command that reads the folder finishes
the switch, so all three are the new build's, byte for byte.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from graphbuild.cli.app import app

REPO = Path(__file__).resolve().parent.parent
OUTPUTS = ("graph.ttl", "events.csv", "graph.html")
runner = CliRunner()

_WRAPPER = r"""
import os, sys, time
out, marker, seen = os.path.realpath(os.environ["GB_OUT"]), os.environ["GB_MARKER"], [0]
real_replace = os.replace
def replace(src, dst, *a, **k):
    real_replace(src, dst, *a, **k)
    if os.path.dirname(os.path.realpath(str(dst))) == out:
        seen[0] += 1
        if seen[0] == 2:
            open(marker, "w").close()
            time.sleep(300)  # killed here
os.replace = replace
from graphbuild.cli.app import app
app(sys.argv[1:], prog_name="graphbuild")
"""


def _articles(path: Path, country: str) -> Path:
    path.write_text(f'{{"id": "a", "text": "{country} praised Ghana on Monday."}}\n', encoding="utf-8")
    return path


def test_a_kill_between_the_renames_is_finished_by_the_next_reader(tmp_path, nlp):
    out, ref = tmp_path / "out", tmp_path / "ref"
    old, new = _articles(tmp_path / "old.jsonl", "Kenya"), _articles(tmp_path / "new.jsonl", "Chile")
    assert runner.invoke(app, ["build", str(old), "--out", str(out)]).exit_code == 0
    assert runner.invoke(app, ["build", str(new), "--out", str(ref)]).exit_code == 0
    marker = tmp_path / "marker"
    env = {**os.environ, "PYTHONPATH": str(REPO), "GB_OUT": str(out), "GB_MARKER": str(marker)}
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, "build", str(new), "--out", str(out)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the build never reached its second rename"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    # the mix the kill left: the first two outputs new, the third old
    assert [(out / n).read_bytes() == (ref / n).read_bytes() for n in OUTPUTS] == [True, True, False]
    result = runner.invoke(app, ["stats", str(out / "graph.ttl")])
    assert result.exit_code == 0, result.output
    assert all((out / n).read_bytes() == (ref / n).read_bytes() for n in OUTPUTS)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
