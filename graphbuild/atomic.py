"""Write files so that a crash never leaves one half-written.

Data goes to a temporary file in the same folder, is flushed to disk, then
renamed over the target: readers see the old file or the new one, never a mix.
A set of files (a build's three outputs) switches with ``switch_outputs``:
a kill between its renames is completed by ``finish_switch``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Replace ``path`` with ``data`` atomically; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); the user's umask decides, as
        # for any file opened plainly, so colleagues and web servers can read it.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(mask)
    return mask


# A staging folder holding this file holds a complete set of outputs: the
# renames out of it may go on (after a kill, the next command finishes them).
READY = ".ready"
STAGING_PREFIX = ".graphbuild-"


def switch_outputs(staging: Path, folder: Path, names: tuple[str, ...]) -> None:
    """Move ``names`` from ``staging`` into ``folder`` as one set.

    The staging folder is marked complete first (the mark is on disk before
    any rename), so a kill between two renames leaves a marked folder that
    ``finish_switch`` completes: readers that call it never see old and new
    outputs side by side.
    """
    write_atomic(staging / READY, "\n".join(names) + "\n")
    _fsync_dir(staging)
    for name in names:
        try:
            os.replace(staging / name, folder / name)
        except FileNotFoundError:  # a reader's finish_switch moved it first
            pass
    _fsync_dir(folder)


def finish_switch(folder: str | os.PathLike, drop_incomplete: bool = False) -> None:
    """Complete a switch of outputs a kill interrupted in ``folder``. With
    ``drop_incomplete`` (a build about to write there), also remove the
    staging folders of builds killed before their outputs were complete;
    readers leave them, as a build may be writing one."""
    import shutil

    folder = Path(folder)
    try:
        stagings = sorted(p for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX) and p.is_dir())
    except OSError:
        return
    for staging in stagings:
        try:
            names = (staging / READY).read_text("utf-8").split()
        except OSError:
            if drop_incomplete:  # not complete: the previous outputs stand
                shutil.rmtree(staging, ignore_errors=True)
            continue
        for name in names:
            try:
                os.replace(staging / name, folder / name)
            except FileNotFoundError:  # moved already
                pass
        shutil.rmtree(staging, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
