"""The command line's finish: --version and -h, help text as typer and rich
render it, where a SPARQL syntax error is, an unknown export suffix, date
parameters checked, and a start without spaCy."""

from __future__ import annotations

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
print(sorted(m for m in ("spacy", "pyshacl") if m in sys.modules))
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
