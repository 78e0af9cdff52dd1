"""Untrusted text made safe for the place it goes: the one home of the
character classes and of the sanitizers.

Article text, entity labels, file names and a server's answers are
untrusted. Each output breaks on different characters, so each has its own
rule; all take and give ``str`` (``safe_cell``/``csv_cell`` pass other
values through) and never raise on odd input.

A terminal (characters that move the cursor or reorder text on screen are
shown as ``\\uXXXX`` text, never sent):

- ``printable``: CLI messages, ``stats``/``path`` tables and chains,
  ``validate`` lines; whitespace folded, cut to a length;
- ``visible``: cells of a ``query`` table (line ends as ``\\n``, ``\\t``, ``\\r``);
- ``escape_controls``: ``query`` CSV and JSON for a terminal (line ends and
  tabs kept, they are the format's own);
- ``safe_json``: ``--json`` output (JSON escapes the C0 controls itself).

The HTML page (``render/``): ``clean_text`` and ``one_line`` replace what
must not reach the page (a space, U+FFFD) and cut to a length; escaping
markup stays ``html.escape``'s job.

A spreadsheet: ``safe_cell`` (no formula, no lone surrogate, no NUL) and
``csv_cell`` (the same, and a lone carriage return as a line end).

XML (GraphML, GEXF): ``xml_text`` and ``xml_id``.

>>> printable("Evil\\x1b[2J  Corp\\u202e")
'Evil\\\\u001b[2J Corp\\\\u202e'
>>> clean_text("a\\x1b\\u202eb\\ud800")
'a  b\\ufffd'
>>> safe_cell("=1+1"), xml_text("a\\x00b")
("'=1+1", 'a\\ufffdb')
"""

from __future__ import annotations

import json
import re

# Parts of regular-expression character classes, put together below.
C0_CONTROLS = "\x00-\x1f"
C0_BUT_TAB_LF = "\x00-\x08\x0b-\x1f"  # tab and newline excepted
C0_BUT_TAB_LF_CR = "\x00-\x08\x0b\x0c\x0e-\x1f"  # tab, newline and carriage return excepted
DEL_AND_C1 = "\x7f-\x9f"
SURROGATES = "\ud800-\udfff"  # lone surrogates: no UTF-8 encoder writes them
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # marks, embeddings, overrides, isolates
LINE_SEPARATORS = "\u2028\u2029"
XML_NONCHARACTERS = "\ufffe\uffff"

# What a terminal must not get raw: every control character (Unicode's Cc),
# lone surrogates (Cs), bidi controls, the line and paragraph separators.
TERMINAL_UNSAFE = re.compile(f"[{C0_CONTROLS}{DEL_AND_C1}{SURROGATES}{BIDI_CONTROLS}{LINE_SEPARATORS}]")
# The same but line ends and tabs, which CSV and JSON text carry themselves.
TERMINAL_CONTROLS = re.compile(f"[{C0_BUT_TAB_LF_CR}{DEL_AND_C1}{SURROGATES}{BIDI_CONTROLS}]")
# What ``json.dumps`` leaves raw and a terminal must not get.
JSON_UNSAFE = re.compile(f"[{SURROGATES}{BIDI_CONTROLS}{LINE_SEPARATORS}]")
# What must not reach the HTML page (lone surrogates are replaced apart).
PAGE_UNSAFE = re.compile(f"[{C0_BUT_TAB_LF}{DEL_AND_C1}{BIDI_CONTROLS}]")
SURROGATE = re.compile(f"[{SURROGATES}]")
# What XML 1.0 cannot hold.
XML_ILLEGAL = re.compile(f"[{C0_BUT_TAB_LF_CR}{SURROGATES}{XML_NONCHARACTERS}]")
_XML_ILLEGAL_OR_PERCENT = re.compile(f"[%{C0_BUT_TAB_LF_CR}{SURROGATES}{XML_NONCHARACTERS}]")
_LONE_CR = re.compile("\r(?!\n)")
_CELL_CHANGES = re.compile(f"[{SURROGATES}\x00\r]")  # what safe_cell or csv_cell may change inside a cell

# Characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_SHOWN_AS = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _u_escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


# ---------------------------------------------------------------------------
# A terminal


def printable(text: object, limit: int | None = None, fold_spaces: bool = True) -> str:
    """``text`` safe to print: control, bidi and surrogate characters as
    ``\\uXXXX``, whitespace runs as one space (unless ``fold_spaces`` is
    false), cut to ``limit`` characters (an ellipsis marks a cut).

    >>> printable("a\\x1b[31mb\\u202e", fold_spaces=False)
    'a\\\\u001b[31mb\\\\u202e'
    >>> printable("a  b\\tc", 4), printable("a\\tb", fold_spaces=False)
    ('a b…', 'a\\\\u0009b')
    """
    text = " ".join(str(text).split()) if fold_spaces else str(text)
    result = TERMINAL_UNSAFE.sub(_u_escape, text)
    if limit is not None and len(result) > limit:
        result = result[: limit - 1] + "…"
    return result


def visible(text: str) -> str:
    """``text`` for one table cell: line ends and tabs as ``\\n``, ``\\t``,
    ``\\r``, the other control, bidi and surrogate characters as ``\\uXXXX``.

    >>> visible("a\\nb\\u202e")
    'a\\\\nb\\\\u202e'
    """
    return TERMINAL_UNSAFE.sub(lambda m: _SHOWN_AS.get(m.group()) or _u_escape(m), text)


def escape_controls(text: str) -> str:
    """Control, bidi and surrogate characters as ``\\uXXXX``; line ends, tabs
    and everything else unchanged.

    >>> escape_controls("a\\tb\\x1b\\n")
    'a\\tb\\\\u001b\\n'
    """
    return TERMINAL_CONTROLS.sub(_u_escape, text)


def safe_json(value) -> str:
    """``value`` as indented JSON with bidi, line-separator and surrogate
    characters escaped too (JSON escapes the C0 control characters itself).

    >>> safe_json({"a": "x\\u202ey"})
    '{\\n  "a": "x\\\\u202ey"\\n}'
    """
    return JSON_UNSAFE.sub(_u_escape, json.dumps(value, indent=2, ensure_ascii=False))


# ---------------------------------------------------------------------------
# The HTML page


def clean_text(value: object, limit: int | None = None) -> str:
    """Article text made fit for display: no control or bidi-override
    characters, no lone surrogates, at most ``limit`` characters (an ellipsis
    marks a cut). Does not escape: see ``html.escape`` for that."""
    text = "" if value is None else str(value)
    text = SURROGATE.sub("\ufffd", text)
    text = PAGE_UNSAFE.sub(" ", text)
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "\u2026"
    return text


def one_line(value: object, limit: int) -> str:
    """``clean_text`` with whitespace runs as one space: a label drawn on the canvas.

    >>> one_line("a \\n b\\x00c", 40)
    'a b c'
    """
    return clean_text(" ".join(clean_text(value).split()), limit)


# ---------------------------------------------------------------------------
# A spreadsheet


def safe_cell(value: object) -> object:
    """A cell value that a spreadsheet will not run as a formula.

    A string that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading apostrophe (``'=1+1``), which spreadsheets read as
    "this is text". Lone surrogates, which cannot be written as UTF-8, become
    U+FFFD, and NUL bytes (which end a cell in many readers) U+FFFD too.
    Numbers and other values are returned unchanged; None becomes "".
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    value = SURROGATE.sub("\ufffd", value).replace("\x00", "\ufffd")
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def csv_cell(value: object) -> object:
    """``safe_cell``, and a lone carriage return as "\\n": with "\\n" line ends
    the csv module does not quote a cell for a bare "\\r", and readers take it
    for the end of the row, so text after it would land in the next row's cells.

    >>> csv_cell("a\\rb\\r\\nc"), csv_cell(3)
    ('a\\nb\\r\\nc', 3)
    """
    if isinstance(value, str) and not value.startswith(FORMULA_PREFIXES) and not _CELL_CHANGES.search(value):
        return value  # most cells: nothing to change, one search instead of four passes
    value = safe_cell(value)
    return _LONE_CR.sub("\n", value) if isinstance(value, str) else value


# ---------------------------------------------------------------------------
# XML


def xml_text(value: str) -> str:
    """``value`` with every character XML cannot hold replaced by U+FFFD.

    >>> xml_text("a\\x00b\\x1bc")
    'a\\ufffdb\\ufffdc'
    """
    return XML_ILLEGAL.sub("\ufffd", value)


def xml_id(key: str) -> str:
    """A node id XML can hold, distinct for distinct keys: "%" and characters
    XML cannot hold become ``%XX`` (``%uXXXX`` beyond one byte); ordinary keys
    ("country/USA") are unchanged.

    >>> xml_id("country/USA"), xml_id("a\\x01b"), xml_id("50%")
    ('country/USA', 'a%01b', '50%25')
    """

    def escape(m: re.Match) -> str:
        code = ord(m.group())
        return f"%{code:02X}" if code < 0x100 else f"%u{code:04X}"

    return _XML_ILLEGAL_OR_PERCENT.sub(escape, key)
