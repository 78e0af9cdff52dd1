"""The ``graphbuild stats`` tables and ``graphbuild path`` chains as terminal text.

``format_stats`` takes a result of ``analytics.stats``, ``format_chains`` one
of ``paths.shortest_chains``; both give plain text (no colour, the same text
whatever the terminal), every value from the graph passed through
``safetext.printable`` (article text is untrusted) and cut to a readable length.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from graphbuild.report.analytics import quad_class
from graphbuild.safetext import printable


LABEL_LIMIT = 40  # characters of a label in a table cell
SENTENCE_LIMIT = 300  # characters of an evidence sentence in ``format_chains``


def _label(text: object) -> str:
    """A value of the graph for one table cell or chain line."""
    return printable(text, LABEL_LIMIT)


def _table(title: str, columns: list[tuple[str, str]], rows: list[list]) -> Group:
    """A titled table; the title is a line of its own (rich would wrap a
    title wider than its table)."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for name, justify in columns:
        table.add_column(name, justify=justify, no_wrap=False)
    for row in rows:
        table.add_row(*(cell if isinstance(cell, Text) else Text(_label(cell)) for cell in row))
    return Group(Text(title), table)


def format_stats(result: dict, width: int = 100) -> str:
    """The tables ``graphbuild stats`` prints, from a ``stats`` result, as
    text (no colour); the same result gives the same text whatever the
    terminal.
    """
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False, markup=False, emoji=False)
    c = result["counts"]
    statuses = ", ".join(f"{n} {s}" for s, n in c["statuses"].items())
    console.print(Text(f"{c['documents']} documents, {c['entities']} entities, {c['events']} events" + (f" ({statuses})" if statuses else "")))
    console.print()
    console.print(_table("Entities", [("type", "left"), ("count", "right")], [[t, n] for t, n in c["entity_types"].items()]))
    console.print()
    console.print(
        _table(
            "Events",
            [("type", "left"), ("quad class", "left"), ("count", "right")],
            [[t, quad_class(t), n] for t, n in c["event_types"].items()],
        )
    )
    console.print()
    console.print(
        _table(
            "Most central actors",
            [("actor", "left"), ("type", "left"), ("events", "right"), ("in", "right"), ("out", "right"), ("PageRank", "right")],
            [[a["label"], a["type"], a["degree"], a["in"], a["out"], f"{a['pagerank']:.4f}"] for a in result["central_actors"]],
        )
    )
    console.print()
    console.print(
        _table(
            f"Communities (modularity {result['modularity']:.2f})",
            [("#", "right"), ("members", "left")],
            [[i, Text(", ".join(_label(m) for m in group))] for i, group in enumerate(result["communities"], 1)],
        )
    )
    console.print()
    console.print(
        _table(
            "Country pairs: cooperation and conflict",
            [("pair", "left"), ("events", "right"), ("cooperation", "right"), ("conflict", "right"), ("balance", "right")],
            [
                [f"{r['a']}-{r['b']}", r["events"], r["cooperation"], r["conflict"], f"{r['balance']:+.2f}"]
                for r in result["country_pairs"]
            ],
        )
    )
    lines = console.file.getvalue().splitlines()
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


def format_chains(result: dict, a: str, b: str) -> str:
    """The chains of a ``shortest_chains`` result as text, each hop with its
    events and their evidence (document, source, sentence)."""
    a, b = printable(a), printable(b)
    if result["length"] is None:
        return f"no chain of events links {a} and {b}\n"
    n = len(result["chains"])
    out = [f"{a} -> {b}: {n} shortest chain{'s' if n != 1 else ''} of {result['length']} hop{'s' if result['length'] != 1 else ''}"]
    for i, chain in enumerate(result["chains"], 1):
        out.append("")
        out.append(f"chain {i}: " + " -> ".join([_label(chain[0]["from"])] + [_label(h["to"]) for h in chain]))
        for hop in chain:
            out.append(f"  {_label(hop['from'])} -- {_label(hop['to'])}")
            for ev in hop["events"]:
                facts = ", ".join(x for x in (ev["status"], ev["mode"], ev["date"]) if x)
                out.append(
                    f"    {_label(ev['actor'])} {_label(ev['predicate'])} {_label(ev['recipient'])}"
                    f" ({ev['type']}; {printable(facts)}) {_label(ev['id'])}"
                )
                for x in ev["evidence"]:
                    where = _label(x["doc_id"]) + (f" [{_label(x['source'])}]" if x["source"] else "")
                    out.append(f"      {where}: \"{printable(x['sentence'], SENTENCE_LIMIT)}\"")
    return "\n".join(out) + "\n"
