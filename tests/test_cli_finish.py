"""The command line's finish: --version and -h, help text as typer and rich
render it, where a SPARQL syntax error is, an unknown export suffix, date
parameters checked, and a start without spaCy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import graphbuild
from graphbuild.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

COMMANDS = ("build", "query", "viz", "export", "evaluate", "validate", "ontology", "stats", "path", "triples", "push")


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


# ---------------------------------------------------------------------------
# A CLI that starts at once: no spaCy, no pyshacl for help, version, --list

_IMPORTED = """
import sys
from typer.testing import CliRunner
from graphbuild.cli.app import app
result = CliRunner().invoke(app, sys.argv[1:])
assert result.exit_code == 0, result.output
print(sorted(m for m in ("spacy", "pyshacl", "dask", "distributed") if m in sys.modules))
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["query", "graph.ttl", "--list"], ["build", "--help"], ["validate", "-h"]])
def test_help_version_and_list_do_not_import_spacy(args):
    done = subprocess.run([sys.executable, "-c", _IMPORTED, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


# ---------------------------------------------------------------------------
# --version, -h


def test_version_prints_the_package_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"graphbuild {graphbuild.__version__}\n" == "graphbuild 0.1.0\n"


def test_version_from_the_module_entry_point():
    done = subprocess.run([sys.executable, "-m", "graphbuild.cli", "--version"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, "graphbuild 0.1.0\n")


@pytest.mark.parametrize("command", [(), *((c,) for c in COMMANDS)])
def test_h_is_help_on_the_app_and_every_command(command):
    short, long = run(*command, "-h"), run(*command, "--help")
    assert short.exit_code == long.exit_code == 0, short.output
    assert short.output == long.output
    assert "Usage:" in short.output


# ---------------------------------------------------------------------------
# Help as typer and rich render it: flags as flags, arguments by name

WIDE = {"COLUMNS": "200", "TERMINAL_WIDTH": "200"}


def _help(*command: str) -> str:
    result = runner.invoke(app, [*command, "--help"], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", [(), *((c,) for c in COMMANDS)])
def test_help_shows_no_python_types_and_no_braces(command):
    text = _help(*command)
    assert not re.search(r"<(bool|str|int|float|path|list\[[^>]*\]|int range)>", text), text
    assert "{" not in text.split("Usage:", 1)[1].splitlines()[0]


def test_usage_lines_name_the_arguments_in_capitals():
    assert "build [OPTIONS] INPUTS..." in _help("build")
    assert "query [OPTIONS] GRAPH [QUERY]" in _help("query")
    assert "path [OPTIONS] GRAPH A B" in _help("path")
    assert "evaluate [OPTIONS] GOLD INPUTS..." in _help("evaluate")


def test_flags_are_shown_as_flags_and_values_by_their_metavar():
    text = _help("build")
    assert re.search(r"--strict\s+--no-strict\s+│?\s*Fail, writing nothing", text), text
    assert re.search(r"--replace\s+With --store", text)
    assert re.search(r"--out\s+-o\s+PATH\s+Output folder", text)
    assert re.search(r"--workers\s+-j\s+INTEGER RANGE \[x>=1\]\s+Parse in this many", text)
    assert re.search(r"--dictionary\s+PATH\s+A dictionary to add", text)
    assert re.search(r"inputs\.\.\.\s+TEXT\s+Files, folders", text)
    top = _help()
    assert re.search(r"--debug\s+Show the traceback", top) and re.search(r"--version\s+Print the version", top)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_keeps_every_option_name_and_help_sentence(command):
    import typer.main

    group = typer.main.get_command(app)
    cmd = group.commands[command] if hasattr(group, "commands") else group.get_command(None, command)
    text = " ".join(re.sub(r"[│╭╮╰╯─]", " ", _help(command)).split())
    for param in cmd.params:
        names = (*param.opts, *param.secondary_opts) if param.param_type_name == "option" else (param.metavar or param.name,)
        for name in names:
            assert name in text
        if param.help:
            assert " ".join(param.help.split()) in text, param.help


# ---------------------------------------------------------------------------
# export --out with a suffix no format has


def _tiny_graph(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_text("@prefix gb: <https://w3id.org/graphbuild/ontology#> .\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name, said", [("x.unknown", "unknown file suffix '.unknown'"), ("x", "no file suffix")])
def test_export_to_an_unknown_suffix_says_so_and_lists_the_known_ones(tmp_path, name, said):
    out = tmp_path / name
    result = run("export", _tiny_graph(tmp_path), "--out", out)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"graphbuild: --out {out}: {said}")
    assert ".ttl, .nt, .jsonld, .trig, .nq, .graphml, .gexf, .csv" in lines[0]
    assert "--format:" not in lines[0] and not out.exists()


def test_export_with_an_unknown_format_still_names_the_option(tmp_path):
    result = run("export", _tiny_graph(tmp_path), "--out", tmp_path / "x.ttl", "--format", "xlsx")
    assert result.exit_code == 1
    assert result.output.startswith("graphbuild: --format: unknown format 'xlsx'")


# ---------------------------------------------------------------------------
# A declared date parameter is checked before the query runs


def test_date_range_declares_its_days():
    from graphbuild.query.run import load_query
    from graphbuild.query.sparqltext import describe_query

    info = describe_query(load_query("date-range"))
    assert info.dates == ("since", "until")
    assert [n for n, _ in info.params] == ["since", "until"]


@pytest.fixture
def targets(tmp_path):
    """A graph file, a store folder and an endpoint no one answers at."""
    from graphbuild.store.local import GraphStore

    with GraphStore(tmp_path / "kg", create=True):
        pass
    return {"file": [_tiny_graph(tmp_path)], "store": [tmp_path / "kg"], "endpoint": ["--endpoint", "http://127.0.0.1:9/query"]}


@pytest.mark.parametrize("where", ["file", "store", "endpoint"])
@pytest.mark.parametrize("since, until, bad", [("April", "2024-05-31", "since='April'"), ("2024-05-01", "2024-5-31", "until='2024-5-31'")])
def test_a_date_parameter_not_written_as_a_day_is_refused(targets, where, since, until, bad):
    result = run("query", *targets[where], "date-range", "--param", f"since={since}", "--param", f"until={until}")
    assert result.exit_code == 1
    assert result.output == f"graphbuild: --param {bad}: expected a day as YYYY-MM-DD\n"


@pytest.mark.parametrize("where", ["file", "store"])
def test_days_written_as_days_run(targets, where):
    result = run("query", *targets[where], "date-range", "-p", "since=2024-05-01", "-p", "until=2024-05-31")
    assert result.exit_code == 0, result.output
    assert "(0 rows)" in result.output


# ---------------------------------------------------------------------------
# A SPARQL syntax error says where

BAD = "PREFIX gb: <https://w3id.org/graphbuild/ontology#>\nSELECT ?e\nWHERE { ?e a gb:Event FILTER( }\n"


@pytest.mark.parametrize("where", ["file", "store"])
def test_a_syntax_error_in_a_query_file_names_the_file_the_line_and_the_column(targets, tmp_path, where):
    query = tmp_path / "bad.rq"
    query.write_text(BAD, encoding="utf-8")
    result = run("query", *targets[where], query)
    assert result.exit_code == 1
    first, line, caret = result.output.splitlines()
    assert first.startswith(f"graphbuild: {query}:3: syntax error: ")
    assert line == "  WHERE { ?e a gb:Event FILTER( }"
    assert caret.strip() == "^" and len(caret) - 1 >= line.index("FILTER")


def test_a_syntax_error_in_query_text_says_the_line_and_points_at_the_column(targets):
    result = run("query", *targets["file"], "SELECT ?x WHERE { ?x ?y }")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "graphbuild: query line 1: syntax error: Expected SelectQuery, found '?'",
        "  SELECT ?x WHERE { ?x ?y }",
        "                    ^",
    ]


@pytest.mark.parametrize("args, says", [(["build"], "Missing argument"), (["build", "x.jsonl", "--workers", "0"], "Invalid value for '--workers'")])
def test_bad_usage_is_a_usage_error_not_an_unexpected_one(args, says):
    done = subprocess.run([sys.executable, "-m", "graphbuild.cli", *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert says in done.stderr and "unexpected error" not in done.stderr
