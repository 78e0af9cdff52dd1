"""Inputs: the files, folders, globs and ``-`` given, to the files to read.

``input_files`` expands what the user named into (path, display name)
pairs: a folder is walked recursively in sorted order (hidden entries left
out, each real folder once, so a symlink loop ends), a file must have a
known suffix (``FORMATS``), and ``-`` stands for standard input.
``open_regular`` opens only regular files, so a FIFO or a device given as
``pipe.txt`` is skipped instead of hanging the batch; ``read_bounded``
reads a whole file up to the size limit. OS errors become the short
messages of ``os_message``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import BinaryIO

from graphbuild.ingest.skips import Report, SkipFile, too_big

#: File name suffix -> reader kind. Anything else is left out of folder walks.
FORMATS = {
    ".txt": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
}

STDIN = "-"
STDIN_ORIGIN = "<stdin>"


def input_files(paths: Iterable, glob: str | None, report: Report) -> Iterator[tuple[Path | None, str]]:
    """(path, display name) of every file to read; ``None`` path for stdin."""
    seen: set[tuple[int, int]] = set()  # (device, inode) of the folders walked
    for raw in paths:
        if str(raw) == STDIN:
            yield None, STDIN_ORIGIN
            continue
        path = Path(raw)
        display = str(raw)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:
            report(display, f"cannot read: {os_reason(exc)}")
            continue
        if is_dir:
            found = False
            for file, shown in walk(path, display, glob, report, seen):
                found = True
                yield file, shown
            if not found:
                what = f"no files matching {glob!r}" if glob else "no article files"
                report(display, f"{what} in folder (looked for {suffix_list()})")
        elif not exists:
            report(display, "no such file or directory")
        elif path.suffix.lower() not in FORMATS:
            report(display, f"unsupported file type {path.suffix or '(none)'!r} (expected {suffix_list()})")
        else:
            yield path, display


def walk(folder: Path, display: str, glob: str | None, report: Report, seen: set | None = None) -> Iterator[tuple[Path, str]]:
    """Files of ``folder`` and its subfolders, each real folder walked once:
    a symlink back to a folder already walked (``a/a -> ..``) is reported
    and not followed, so a loop ends and no file is read twice."""
    seen = set() if seen is None else seen
    try:
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in seen:
            report(display, "folder already read (a symlink to it or to a folder above it); not read again")
            return
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        report(display, f"cannot read folder: {os_reason(exc)}")
        return
    seen.add((info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        shown = os.path.join(display, entry.name)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from walk(Path(entry.path), shown, glob, report, seen)
        elif Path(entry.name).suffix.lower() in FORMATS and (glob is None or fnmatch(entry.name, glob)):
            yield Path(entry.path), shown


def suffix_list() -> str:
    """The known suffixes, for messages: ".csv, .htm, ..."."""
    return ", ".join(sorted(FORMATS))


def os_reason(exc: OSError) -> str:
    """Why an OS call failed, in a few lower-case words."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return (exc.strerror or str(exc)).lower()


def os_message(exc: OSError) -> str:
    """The skip message for a file that could not be read."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    return f"cannot read file: {os_reason(exc)}"


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file.

    Opened without blocking, then checked on the open descriptor: a FIFO
    named ``pipe.txt`` would otherwise wait forever for a writer, and a
    device (a symlink to ``/dev/zero``) never ends.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise SkipFile(f"not a regular file ({_file_kind(mode)}); skipped")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, or ``SkipFile`` if it has more than ``max_bytes``."""
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            raise SkipFile(too_big("file", size, max_bytes))
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew since stat
        raise SkipFile(too_big("file", len(data), max_bytes))
    return data
