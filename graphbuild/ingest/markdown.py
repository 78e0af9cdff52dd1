r"""Markdown to prose, in time linear in the text.

Headings become sentences of their own (so "# Briefing" does not run into the
next line), list markers, emphasis, images and link targets go. The rules are
those of the regular expressions graphbuild used before (kept in the tests as
the reference), written as scans that look at each character a bounded
number of times: those expressions backtracked, so a 10,000-character heading
or a 100,000-character link took minutes.

>>> markdown_to_text("# Briefing\n\n*Chile* praised [Peru](https://x.example).")
('Briefing.\n\nChile praised Peru.', 'Briefing')
"""

from __future__ import annotations

import re
from bisect import bisect_left

# Anchored at the start of the line and followed by nothing that can give
# characters back, so these two match in one pass.
_HEADING_START = re.compile(r"\s{0,3}#{1,6}\s")
_BULLET = re.compile(r"\s*(?:[-*+]|\d{1,3}[.)])\s+")
_DELIMITER = re.compile(r"[*_`]")
# At a "*" the regex tried "**" before "*"; at "_", "__" before "_".
_CHOICES = {"*": ("**", "*"), "_": ("__", "_"), "`": ("`",)}


def markdown_to_text(text: str) -> tuple[str, str | None]:
    """Prose from Markdown, and its first heading as the title."""
    title = None
    lines = []
    for line in text.split("\n"):
        heading = _heading(line)
        if heading is not None:
            line = heading
            title = title or line
            if line and line[-1] not in ".!?:":
                line += "."
        else:
            line = _drop_bullet(line)
        line = _links(line, image=True)
        line = _links(line, image=False)
        line = _emphasis(line)
        lines.append(line)
    return "\n".join(lines), title


def _heading(line: str) -> str | None:
    """The text of an ATX heading line ("## Talks ##" -> "Talks"), else None."""
    match = _HEADING_START.match(line)
    if match is None:
        return None
    return line[match.end() :].rstrip().rstrip("#").rstrip().strip()


def _drop_bullet(line: str) -> str:
    match = _BULLET.match(line)
    return line if match is None else line[match.end() :]


def _links(line: str, image: bool) -> str:
    """``[text](target)`` -> ``text``; with ``image``, ``![alt](target)`` -> "".

    The text runs to the first "]" after the "[", the target to the first
    ")" after the "(": each is found once, so the scan is linear.
    """
    opener = "![" if image else "["
    out: list[str] = []
    done = 0  # everything before this offset is in out
    at = 0
    while True:
        start = line.find(opener, at)
        if start < 0:
            break
        close = line.find("]", start + len(opener))
        if close < 0:
            break
        if line.startswith("(", close + 1):
            end = line.find(")", close + 2)
            if end < 0:
                break  # no ")" anywhere after: no later "[" can match either
            out.append(line[done:start])
            if not image:
                out.append(line[start + 1 : close])
            done = at = end + 1
        else:
            at = close + 1  # every "[" before this "]" ends at it: none matches
    out.append(line[done:])
    return "".join(out)


def _emphasis(line: str) -> str:
    """``*a*``, ``**a**``, ``_a_``, ``__a__`` and ```a``` -> ``a``.

    A span opens at a delimiter followed by a non-space and closes at the
    first same delimiter after at least one character that follows a
    non-space. The closing positions of each delimiter are listed once and
    found by bisection, so an opener without a closer costs no scan.
    """
    if _DELIMITER.search(line) is None:
        return line
    closers = {d: _closers(line, d) for d in ("**", "__", "*", "_", "`")}
    out: list[str] = []
    done = 0
    pos = 0
    n = len(line)
    while (found := _DELIMITER.search(line, pos)) is not None:
        pos = found.start()
        for delim in _CHOICES[line[pos]]:
            inner = pos + len(delim)
            if not line.startswith(delim, pos) or inner >= n or line[inner].isspace():
                continue
            ends = closers[delim]
            k = bisect_left(ends, inner + 1)
            if k < len(ends):
                out.append(line[done:pos])
                out.append(line[inner : ends[k]])
                done = pos = ends[k] + len(delim)
                break
        else:
            pos += 1
    out.append(line[done:])
    return "".join(out)


def _closers(line: str, delim: str) -> list[int]:
    """Offsets where ``delim`` starts right after a non-space character."""
    found = []
    at = line.find(delim, 1)
    while at >= 0:
        if not line[at - 1].isspace():
            found.append(at)
        at = line.find(delim, at + 1)
    return found
