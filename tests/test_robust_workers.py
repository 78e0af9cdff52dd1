"""Issue 14: the workers of a build end when the build is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_a_build_ends_its_workers(tmp_path):
    articles = tmp_path / "in.jsonl"
    text = "Kenya praised Ghana on Monday. Chile criticized Peru. " * 300
    articles.write_text("".join(f'{{"id": "a{i}", "text": "{text}"}}\n' for i in range(400)), encoding="utf-8")
    build = subprocess.Popen(
        [sys.executable, "-m", "graphbuild.cli", "build", str(articles), "--workers", "2", "--store", str(tmp_path / "kg")],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
            time.sleep(0.5)
            workers = {p for p in _children(build.pid) if _alive(p)}
        assert len(workers) >= 2, "the build did not start two workers"
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [p for p in workers if _alive(p)]
        for pid in left:  # do not leave them to the rest of the suite
            os.kill(pid, signal.SIGKILL)
        assert left == [], "workers outlived the build"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
