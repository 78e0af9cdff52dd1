"""SPARQL over a graph: run a query with bound parameters, format the rows.

Parameters are bound with rdflib's ``initBindings`` (in a store and on a
server: a VALUES row in every group that uses them, see ``sparqltext``),
never pasted into the query text, so a value such as ``"} ; DROP ALL ; #`` is just a string that
matches nothing. A plain ``str`` becomes a plain literal (even when it looks
like an IRI); pass an ``rdflib.URIRef`` to bind a node.

Canned queries are the ``.rq`` files of ``graphbuild/query/queries/``. A query
file starts with comment lines that describe it; ``# param: NAME  text``
names a parameter the query needs::

    # Everything an actor did or had done to it.
    # param: actor  the actor's name or one of its aliases, any case

``# param: NAME (date)  text`` declares a day written YYYY-MM-DD
(``date-range``): the command line refuses any other value before running
the query (``sparqltext.bad_dates``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

import rdflib.plugins.sparql
from rdflib import BNode, Graph, Literal, Variable
from rdflib.namespace import XSD
from rdflib.term import Node

from graphbuild.rdf.namespace import PREFIXES
from graphbuild.query.sparqltext import check_bindings, describe_query, refuse_service
from graphbuild.safetext import escape_controls, safe_cell, visible

# rdflib would fetch the graph a FROM or FROM NAMED clause names from the
# web; here it names a graph of the dataset, as in a store or on a server.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

QUERY_DIR = Path(__file__).resolve().parent / "queries"
OUTPUT_FORMATS = ("table", "csv", "json")



# ---------------------------------------------------------------------------
# Query files


def canned_queries() -> dict[str, Path]:
    """The queries shipped with graphbuild: name (file stem) -> path, by name."""
    return {p.stem: p for p in sorted(QUERY_DIR.glob("*.rq"))}


_QUERY_START = re.compile(r"(?i)(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)(\s|[*?$<{(]|$)")


def _looks_like_sparql(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines()]
    body = " ".join(line for line in lines if line and not line.startswith("#"))
    return "{" in body or _QUERY_START.match(body) is not None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, or holding a NUL
        return False


def load_query(name_or_path: str | os.PathLike) -> str:
    """The text of a canned query (by name, "who-met-whom"), of a file, or
    the argument itself when it is SPARQL text ("SELECT ...").

    Raises ``FileNotFoundError`` naming the canned queries when it is none
    of these.
    """
    canned = canned_queries()
    if isinstance(name_or_path, str) and name_or_path in canned:
        return canned[name_or_path].read_text("utf-8")
    path = Path(name_or_path)
    if _is_file(path):
        return path.read_text("utf-8")
    if isinstance(name_or_path, str) and _looks_like_sparql(name_or_path):
        return name_or_path
    raise FileNotFoundError(
        f"no query file {str(name_or_path)!r} and no canned query of that name "
        f"(canned: {', '.join(canned) or 'none'})"
    )


def describe(name_or_path: str | os.PathLike) -> str:
    """One line about a canned query or query file, for listings.

    >>> describe("actor-events")  # doctest: +ELLIPSIS
    'Everything an actor did ... (param: actor)'
    """
    info = describe_query(load_query(name_or_path))
    if not info.params:
        return info.description
    return f"{info.description} (param: {', '.join(name for name, _ in info.params)})"


# ---------------------------------------------------------------------------
# Running


def run_query(
    graph: Graph,
    sparql: str,
    bindings: Mapping[str, str | Node] | None = None,
    *,
    allow_service: bool = False,
) -> tuple[list[str], list[tuple]]:
    """Run a SPARQL query; returns (variable names, rows of rdflib terms).

    ``bindings`` maps a variable name (with or without "?") to its value,
    bound with rdflib's ``initBindings``: every occurrence, in nested
    groups, subqueries and UNION branches too, as ``sparqltext.bind_values``
    binds it in a store and on a server; unbound cells are ``None``. The prefixes
    graphbuild binds (gb, act, skos, dcterms, prov, schema, rdf, rdfs, owl,
    xsd) may be used without PREFIX lines. ASK gives one column "ask";
    CONSTRUCT and DESCRIBE give the triples, sorted, as columns subject,
    predicate, object.

    Raises ``ValueError`` for a parameter the query declares (``# param:``)
    but is not given, or one given that the query does not use, and
    ``ServiceRefused`` for a SERVICE clause unless ``allow_service``.
    """
    refuse_service(sparql, allow_service)
    bound = {Variable(name): term for name, term in check_bindings(sparql, bindings).items()}
    result = graph.query(sparql, initNs=dict(PREFIXES), initBindings=bound)
    if result.type == "ASK":
        return ["ask"], [(Literal(bool(result.askAnswer)),)]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return ["subject", "predicate", "object"], sorted(tuple(t) for t in result)
    names = [str(v) for v in result.vars or []]
    rows = [tuple(row[i] for i in range(len(names))) for row in result]
    return names, rows


_PYPARSING_AT = re.compile(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)\s*$")
_OXIGRAPH_AT = re.compile(r"^error at (\d+):(\d+)(?:-\d+:\d+)?:\s*")


def syntax_error(err: BaseException) -> tuple[int, int, str] | None:
    """(line, column, what was expected), both from 1, of a SPARQL syntax
    error as rdflib (a pyparsing ``ParseException``) or a store (oxigraph's
    ``SyntaxError``, "error at 3:23: ...") raises it; None for any other error.

    >>> import pyparsing
    >>> syntax_error(pyparsing.ParseException("SELECT ?x\\nWHERE { ?x ?y }", 24, "Expected '.'"))
    (2, 15, "Expected '.', found '}'")
    >>> syntax_error(SyntaxError("error at 3:23: expected one of IF, LANG"))
    (3, 23, 'expected one of IF, LANG')
    """
    if all(hasattr(err, a) for a in ("lineno", "col", "msg", "pstr")) and not isinstance(err, SyntaxError):
        return err.lineno, err.col, _PYPARSING_AT.sub("", str(err))
    if isinstance(err, SyntaxError) and err.args:
        at = _OXIGRAPH_AT.match(str(err.args[0]))
        if at:
            return int(at.group(1)), int(at.group(2)), str(err.args[0])[at.end():]
    return None


# ---------------------------------------------------------------------------
# Formatting

_NUMERIC = {XSD.integer, XSD.int, XSD.long, XSD.decimal, XSD.double, XSD.float, XSD.nonNegativeInteger}


def _plain(value: Node | None) -> str:
    if value is None:
        return ""
    if isinstance(value, BNode):
        return "_:" + str(value)
    return str(value)


# The lexical forms of the numeric datatypes: only these are left as they are.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN")


def _csv_cell(value: Node | None, terminal: bool = False) -> str:
    text = escape_controls(_plain(value)) if terminal else _plain(value)
    if isinstance(value, Literal) and value.datatype in _NUMERIC and _NUMBER.fullmatch(text):
        return text
    return safe_cell(text)


def _json_value(value: Node | None):
    if value is None:
        return None
    if isinstance(value, Literal):
        if value.datatype == XSD.boolean:
            return value.toPython() if isinstance(value.toPython(), bool) else str(value)
        if value.datatype in _NUMERIC:
            number = value.toPython()
            if isinstance(number, int) and not isinstance(number, bool):
                return number
            if isinstance(number, float) and number == number and number not in (float("inf"), float("-inf")):
                return number
        return str(value)
    return _plain(value)


def _width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _clip(text: str, limit: int | None) -> str:
    if limit is None or _width(text) <= limit:
        return text
    out, width = [], 0
    for ch in text:
        w = _width(ch)
        if width + w > limit - 1:
            break
        out.append(ch)
        width += w
    return "".join(out) + "…"


def format_results(
    vars: Sequence[str],
    rows: Sequence[Sequence[Node | None]],
    fmt: str = "table",
    max_width: int | None = None,
    terminal: bool = False,
) -> str:
    """Rows as text: ``table`` (aligned columns), ``csv`` or ``json``.

    No format lets article text drive the terminal: the table escapes
    control and bidi characters (line ends too), JSON writes them as
    ``\\uXXXX`` escapes (the same values), and CSV, when ``terminal`` (the
    output goes to a terminal), as ``\\uXXXX`` text, line ends and tabs
    kept (to a file or pipe CSV gives the values unchanged); ``max_width`` cuts longer table cells. JSON
    gives a list of objects, numbers as numbers, unbound as null. A CSV cell
    a spreadsheet would run as a formula (``=HYPERLINK(...)`` in an article
    title, or in a literal typed as a number that is none) gets a leading
    apostrophe, as in the events table; numbers stay numbers (``-1``).
    """
    if fmt == "json":
        objects = [{v: _json_value(x) for v, x in zip(vars, row)} for row in rows]
        # same JSON values; the characters that drive a terminal written as \uXXXX
        return escape_controls(json.dumps(objects, indent=2, ensure_ascii=False)) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(vars)
        for row in rows:
            writer.writerow([_csv_cell(x, terminal) for x in row])
        return buf.getvalue()
    if fmt == "table":
        header = [visible(v) for v in vars]
        cells = [[_clip(visible(_plain(x)), max_width) for x in row] for row in rows]
        widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(header)]

        def line(values: Sequence[str]) -> str:
            return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

        out = [line(header), line(["-" * w for w in widths])]
        out.extend(line(r) for r in cells)
        out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
        return "\n".join(out) + "\n"
    raise ValueError(f"unknown output format {fmt!r}; use one of {', '.join(OUTPUT_FORMATS)}")
