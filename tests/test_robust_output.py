"""Issue 14: output that stays inert: no formula, no terminal control, no NUL."""

from __future__ import annotations

import csv
import io
import json
import logging

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graphbuild.query.run import format_results
from graphbuild.safetext import safe_cell

HOSTILE = "a\x1b[2J\x07\x00\x9b\u202eb"


def _ill_typed(text, datatype):
    logging.getLogger("rdflib.term").disabled = True
    try:
        return Literal(text, datatype=datatype)
    finally:
        logging.getLogger("rdflib.term").disabled = False


def test_a_formula_in_a_numerically_typed_literal_is_neutralised():
    rows = [(_ill_typed('=HYPERLINK("http://x.example","y")', XSD.integer), Literal(-1), Literal("3.5", datatype=XSD.decimal))]
    table = list(csv.reader(io.StringIO(format_results(["a", "b", "c"], rows, "csv"))))
    assert table[1] == ["'=HYPERLINK(\"http://x.example\",\"y\")", "-1", "3.5"]


def test_csv_and_json_write_terminal_controls_escaped():
    rows = [(Literal(HYPERLINKLESS := HOSTILE), URIRef("https://example.org/\u202e"))]
    for fmt in ("csv", "json", "table"):
        out = format_results(["text", "iri"], rows, fmt, terminal=True)
        assert not any(ch in out for ch in "\x1b\x07\x00\x9b\u202e"), fmt
    data = json.loads(format_results(["text", "iri"], rows, "json"))
    assert data == [{"text": HYPERLINKLESS, "iri": "https://example.org/\u202e"}]  # same values
    assert "a\\u001b[2J\\u0007\\u0000\\u009b\\u202eb" in format_results(["text", "iri"], rows, "csv", terminal=True)
    assert HOSTILE.replace("\x00", "\ufffd") in format_results(["text", "iri"], rows, "csv")  # to a file: the value, no NUL


def test_query_on_a_terminal_prints_no_control_character(tmp_path):
    import os
    import pty
    import subprocess
    import sys
    from pathlib import Path

    graph = tmp_path / "g.ttl"
    graph.write_text('<https://example.org/a> <https://example.org/b> "a\\u001b[2J\\u0007\\u202eb" .\n', encoding="utf-8")
    main, side = pty.openpty()
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen([sys.executable, "-m", "graphbuild.cli", "query", str(graph), "SELECT ?o WHERE { ?s ?p ?o }", "-f", "csv"],
                            cwd=root, stdin=side, stdout=side, stderr=side)
    os.close(side)
    out = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=120)
    os.close(main)
    assert proc.returncode == 0, out
    assert b"a\\u001b[2J\\u0007\\u202eb" in out and b"\x1b" not in out and b"\x07" not in out


def test_csv_keeps_line_ends_inside_quoted_cells():
    out = format_results(["text"], [(Literal("one\ntwo"),)], "csv")
    assert list(csv.reader(io.StringIO(out)))[1] == ["one\ntwo"]


def test_table_cells_never_carry_nul():
    assert safe_cell("a\x00b") == "a\ufffdb"
