"""SPARQL text: the query's tokens, its parameters bound, SERVICE refused.

A store (oxigraph) and a SPARQL server get the query text bound here; rdflib,
on a graph file, binds the same terms with ``initBindings``, which gives the
same rows (rdflib loses repeated rows of a UNION that follows a VALUES
block, so it is not given this text). ``tests/test_robust_query.py`` runs
each query shape on all three and requires identical rows.

A parameter ``?want`` means every occurrence of ``?want``: in the query's
WHERE group, in nested groups, OPTIONAL, MINUS, FILTER EXISTS, UNION
branches and subqueries. It is bound by a one-row ``VALUES`` block put first
in every group (and subquery) that mentions it, and in the outer WHERE group,
where every pattern, BIND and FILTER of the group sees it; this gives the rows
that writing the term in place of the variable gives, and the term is
written with every quote, backslash and line end escaped, never pasted.

A ``SERVICE`` clause sends a request to the address it names: refused unless
the caller allows it (``--allow-service``), whichever engine runs the query.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rdflib is imported where terms are made: the command line starts without it
    from rdflib.term import Node


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_LANGTAG = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'', re.S)
_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# "# param: NAME  what it is", or "# param: NAME (date)  ..." for a day written YYYY-MM-DD.
_PARAM = re.compile(r"#\s*param:\s*([?$]?[A-Za-z_][A-Za-z0-9_]*)(?:\s*\((date)\))?\s*(.*)")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


class ServiceRefused(ValueError):
    """The query has a SERVICE clause and calling out was not allowed."""


@dataclass(frozen=True)
class QueryInfo:
    """What a query file's leading comments say about it."""

    description: str
    params: tuple[tuple[str, str], ...]  # (name, what it is)
    dates: tuple[str, ...] = ()  # the parameters declared "(date)": a day, YYYY-MM-DD


def describe_query(sparql: str) -> QueryInfo:
    """The description and parameters from a query's leading comment lines.

    >>> describe_query("# Meetings.\\n# param: actor  a name\\nSELECT * {}").params
    (('actor', 'a name'),)
    >>> describe_query("# param: since (date)  the first day\\nSELECT * {}")
    QueryInfo(description='', params=(('since', 'the first day'),), dates=('since',))
    """
    description: list[str] = []
    params: list[tuple[str, str]] = []
    dates: list[str] = []
    for line in sparql.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        match = _PARAM.fullmatch(line)
        if match:
            params.append((match.group(1).lstrip("?$"), match.group(3).strip()))
            if match.group(2):
                dates.append(params[-1][0])
        else:
            description.append(line.lstrip("#").strip())
    return QueryInfo(" ".join(d for d in description if d), tuple(params), tuple(dates))


def is_iso_day(text: str) -> bool:
    """Whether ``text`` is a day written YYYY-MM-DD.

    >>> is_iso_day("2024-02-29"), is_iso_day("2023-02-29"), is_iso_day("2024-2-9")
    (True, False, False)
    """
    try:
        return len(text) == 10 and date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def bad_dates(sparql: str, bindings: Mapping[str, str | Node] | None) -> list[tuple[str, str]]:
    """(name, value) of each parameter the query declares a date (``# param:
    NAME (date)``) whose value is not a day written YYYY-MM-DD. A store, a
    server and rdflib would each answer such a query with no rows; the
    command line refuses it instead, whatever it queries.

    >>> bad_dates("# param: since (date)  a day\\nSELECT * { ?s ?p ?since }", {"since": "April"})
    [('since', 'April')]
    """
    dates = describe_query(sparql).dates
    given = {name.lstrip("?$"): value for name, value in (bindings or {}).items()}
    return [(n, str(given[n])) for n in dates if n in given and not is_iso_day(str(given[n]))]


def _tokens(sparql: str) -> Iterator[tuple[int, str]]:
    """(offset, token) for the tokens that matter here: words, braces and
    other single characters; comments, strings and IRIs are skipped whole."""
    i, n = 0, len(sparql)
    while i < n:
        ch = sparql[i]
        if ch.isspace():
            i += 1
        elif ch == "#":
            end = sparql.find("\n", i)
            i = n if end < 0 else end + 1
        elif ch in "\"'":
            m = _STRING.match(sparql, i)
            if m is None:
                raise ValueError("unterminated string in the query")
            i = m.end()
        elif ch == "<" and (m := _IRIREF.match(sparql, i)):
            i = m.end()
        elif ch in "?$" and (m := _WORD.match(sparql, i + 1)):
            yield i, sparql[i : m.end()]
            i = m.end()
        elif m := _WORD.match(sparql, i):
            yield i, m.group()
            i = m.end()
        else:
            yield i, ch
            i += 1


def is_iri_text(iri: str) -> bool:
    """Whether ``<iri>`` is one IRI in SPARQL text (nothing in it could end it early)."""
    return _IRIREF.fullmatch(f"<{iri}>") is not None


def is_language_tag(tag: str) -> bool:
    """Whether ``tag`` is a language tag as SPARQL writes one (``en``, ``pt-BR``)."""
    return _LANGTAG.fullmatch(tag) is not None


def sparql_term(term: Node) -> str:
    """A term as SPARQL text: quotes, backslashes and line ends escaped;
    an IRI that could end its ``<...>`` early is refused."""
    from rdflib import Literal, URIRef  # here: a command line that only checks dates starts without rdflib

    from graphbuild.rdf.terms import clean

    if isinstance(term, URIRef):
        if not is_iri_text(str(term)):
            raise ValueError(f"not an IRI that can be written in SPARQL: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        value = clean(str(term))
        value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            if not is_language_tag(term.language):
                raise ValueError(f"bad language tag {term.language!r}")
            return f'"{value}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f'"{value}"^^{sparql_term(URIRef(term.datatype))}'
        return f'"{value}"'
    raise TypeError(f"cannot write {type(term).__name__} into a query")


def query_form(sparql: str) -> str:
    for _, tok in _tokens(sparql):
        if tok.upper() in _FORMS:
            return tok.upper()
    raise ValueError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def refuse_service(sparql: str, allow: bool = False) -> None:
    """``ServiceRefused`` when the query has a SERVICE clause (a request to
    another server) and ``allow`` is false. ``ex:service`` and ``?service``
    are names, not the keyword."""
    if allow:
        return
    tokens = list(_tokens(sparql))
    for k, (_, tok) in enumerate(tokens):
        if tok.upper() != "SERVICE":
            continue
        after = tokens[k + 1][1] if k + 1 < len(tokens) else ""
        if (k == 0 or tokens[k - 1][1] != ":") and after != ":":
            raise ServiceRefused(
                "the query has a SERVICE clause, which would send a request to another server; "
                "refused (give --allow-service to allow it)"
            )


def check_bindings(sparql: str, bindings: Mapping[str, str | Node] | None) -> dict[str, Node]:
    """Variable name -> term; ``ValueError`` for a name the query does not
    use, or a parameter it declares (``# param:``) that is not given."""
    from rdflib import Literal, URIRef

    bound: dict[str, Node] = {}
    for name, value in (bindings or {}).items():
        name = name.lstrip("?$")
        if not _VAR_NAME.fullmatch(name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
        if not _occurrences(sparql, name):
            raise ValueError(f"the query has no variable ?{name}")
        if isinstance(value, str) and not isinstance(value, (URIRef, Literal)):
            value = Literal(value)
        if not isinstance(value, (URIRef, Literal)):
            raise TypeError(f"a parameter value must be a str or an rdflib URIRef/Literal, not {type(value).__name__}")
        bound[name] = value
    missing = [n for n, _ in describe_query(sparql).params if n not in bound]
    if missing:
        raise ValueError("missing query parameter(s): " + ", ".join(missing))
    return bound


def _occurrences(sparql: str, name: str) -> list[int]:
    """Offsets of ``?name`` / ``$name`` as a variable (not in strings, IRIs, comments)."""
    return [pos for pos, tok in _tokens(sparql) if tok[0] in "?$" and tok[1:] == name]


def bind_values(sparql: str, bindings: Mapping[str, str | Node] | None) -> str:
    """The query with its parameters bound (see the module's docstring).

    >>> bind_values('SELECT ?x WHERE { ?x ?p ?who }', {"who": 'a" } #'})
    'SELECT ?x WHERE { VALUES (?who) { ("a\\\\" } #") }\\n ?x ?p ?who }'
    >>> bind_values('SELECT ?x { { ?x ?p ?o FILTER(?o = ?who) } }', {"who": "Chile"}).count("VALUES")
    2
    """
    bound = check_bindings(sparql, bindings)
    if not bound:
        return sparql
    uses = {name: _occurrences(sparql, name) for name in bound}
    inserts = []
    for at, scope in _groups(sparql):
        names = [n for n in bound if scope is None or _within(uses[n], scope)]
        if names:
            row = " ".join(sparql_term(bound[n]) for n in names)
            inserts.append((at, f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}\n"))
    for at, text in sorted(inserts, reverse=True):
        sparql = sparql[:at] + text + sparql[at:]
    return sparql


def _within(offsets: list[int], span: tuple[int, int]) -> bool:
    k = bisect_left(offsets, span[0])
    return k < len(offsets) and offsets[k] < span[1]


def _groups(sparql: str) -> list[tuple[int, tuple[int, int] | None]]:
    """(offset just inside its "{", scope) of each group graph pattern of
    the query: scope None for the outer WHERE group (it binds every
    parameter), else the span whose variables the group's VALUES binds
    (the group itself; for a subquery's WHERE group, the whole subquery).
    VALUES data blocks, the CONSTRUCT template and the braces that only
    wrap a subquery are not groups."""
    tokens = list(_tokens(sparql))
    start = next((k for k, (_, tok) in enumerate(tokens) if tok.upper() in _FORMS), None)
    if start is None:
        raise ValueError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    k = start + 1
    if tokens[start][1].upper() == "CONSTRUCT":
        if k >= len(tokens) or tokens[k][1] != "{":
            raise ValueError("CONSTRUCT WHERE { ... } cannot take parameters; write the template out")
        k = _matching(tokens, k) + 1
    found: list[tuple[int, tuple[int, int] | None]] = []
    wrappers: list[int] = []  # token index of "{" wrapping a subquery whose WHERE group is next
    data = False  # the next "{" opens a VALUES data block
    while k < len(tokens):
        pos, tok = tokens[k]
        word = tok.upper()
        if word == "VALUES":
            data = True
        elif tok == "{":
            end = _matching(tokens, k)
            if data:
                data = False
                k = end  # a data block holds no groups
            elif k + 1 < len(tokens) and tokens[k + 1][1].upper() == "SELECT":
                wrappers.append(k)
            else:
                close = tokens[end][0] if tokens[end][1] == "}" else len(sparql)
                if wrappers:
                    outer = wrappers.pop()
                    scope = (tokens[outer][0], tokens[_matching(tokens, outer)][0])
                else:
                    scope = None if not found else (pos, close)
                found.append((pos + 1, scope))
        k += 1
    if not found:
        raise ValueError("the query has no WHERE group to bind parameters in")
    return found


def _matching(tokens: list[tuple[int, str]], k: int) -> int:
    """The index of the "}" that closes the "{" at index ``k`` (or the last index)."""
    depth = 0
    for j in range(k, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[j][1], 0)
        if depth == 0:
            return j
    return len(tokens) - 1
