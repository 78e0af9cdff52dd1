"""Files written atomically get the permissions the user's umask gives."""

from __future__ import annotations

import os
import stat

import pytest

from graphbuild.atomic import write_atomic


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_written_file_has_the_mode_the_umask_gives(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        path = write_atomic(tmp_path / "graph.ttl", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert path.read_text() == "x\n"


def test_replacing_a_file_keeps_no_temporary_behind(tmp_path):
    write_atomic(tmp_path / "a.csv", "1\n")
    write_atomic(tmp_path / "a.csv", b"2\n")
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]
    assert (tmp_path / "a.csv").read_bytes() == b"2\n"
