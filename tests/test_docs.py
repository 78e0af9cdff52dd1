"""The generated and example-driven docs stay what the code says."""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import shutil
from pathlib import Path

from typer.testing import CliRunner

from graphbuild.cli.app import app
from graphbuild.report.gold import gold_line_problems, read_gold

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
runner = CliRunner()


def _plover_doc_script():
    spec = importlib.util.spec_from_file_location("plover_doc", ROOT / "scripts" / "plover_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_plover_doc_is_what_the_script_prints():
    script = _plover_doc_script()
    assert (DOCS / "plover.md").read_text("utf-8") == script.render(), (
        "docs/plover.md is stale: run python scripts/plover_doc.py > docs/plover.md"
    )
    assert script.main(["--check"]) == 0


def test_plover_doc_names_every_type():
    from graphbuild.knowledge.plover import event_types

    text = (DOCS / "plover.md").read_text("utf-8")
    for name, spec in event_types().items():
        assert f"| {name} | {spec.quad} |" in text


# ---------------------------------------------------------------------------
# docs/gold-format.md: its example is run, its snippets are valid gold lines

GOLD_DOC = DOCS / "gold-format.md"
_JSON_MARKER = re.compile(r"<!-- evaluate --json (.+) -->")


def _fenced_blocks(text: str) -> list[tuple[str, str, list[str]]]:
    """(the line before the fence, the fence's language, the block's lines) of each fenced block."""
    blocks, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        if lines[i].startswith("```"):
            end = lines.index("```", i + 1)
            blocks.append((lines[i - 1] if i else "", lines[i][3:].strip(), lines[i + 1 : end]))
            i = end
        i += 1
    return blocks


def _command_blocks(prefix: str) -> list[tuple[list[str], list[str]]]:
    """(the words after ``$ prefix``, the lines shown after it) of each block that starts with it."""
    found = []
    for _, _, body in _fenced_blocks(GOLD_DOC.read_text("utf-8")):
        if body and body[0].startswith(f"$ {prefix} "):
            found.append((shlex.split(body[0])[len(prefix.split()) + 1 :], body[1:]))
    return found


def _evaluate(args: list[str]) -> str:
    paths = [str(ROOT / a) if not a.startswith("--") else a for a in args]
    result = runner.invoke(app, ["evaluate", *paths])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_gold_doc_shows_the_example_files():
    shown = _command_blocks("cat")
    assert [args for args, _ in shown] == [["docs/examples/articles.jsonl"], ["docs/examples/gold.jsonl"]]
    for (path,), body in shown:
        assert (ROOT / path).read_text("utf-8").splitlines() == body, path


def test_gold_doc_snippets_are_valid_gold_lines():
    snippets = [
        body
        for before, lang, body in _fenced_blocks(GOLD_DOC.read_text("utf-8"))
        if lang == "json" and not _JSON_MARKER.search(before)
    ]
    assert len(snippets) >= 4  # event, no-event, entity, must-not
    kinds = set()
    for body in snippets:
        for line in body:
            obj = json.loads(line)
            assert gold_line_problems(obj) == [], line
            kinds.add(next(k for k in ("must_not", "event", "no_events", "entity") if k in obj))
    assert kinds == {"must_not", "event", "no_events", "entity"}
    assert read_gold(DOCS / "examples" / "gold.jsonl")  # the example gold file reads


def test_gold_doc_example_prints_what_the_doc_shows(nlp):  # nlp: the model loaded once, shared with the CLI
    commands = _command_blocks("graphbuild evaluate")
    assert len(commands) == 3  # plain, --details, --by-code
    for args, shown in commands:
        assert _evaluate(args).splitlines() == shown, " ".join(args)


def test_gold_doc_json_excerpt(nlp):
    text = GOLD_DOC.read_text("utf-8")
    excerpts = [
        (_JSON_MARKER.search(before).group(1).split(), json.loads("\n".join(body)))
        for before, lang, body in _fenced_blocks(text)
        if lang == "json" and _JSON_MARKER.search(before)
    ]
    assert len(excerpts) == 1
    args, shown = excerpts[0]
    printed = json.loads(_evaluate([*args, "--json"]))
    assert {key: printed[key] for key in shown} == shown
    # the doc's table of --json keys names every key, and no other
    table = text.split("`--json` prints one JSON object", 1)[1].split("\n\n", 2)[1]
    keys = [row.split("|")[1].strip().strip("`") for row in table.splitlines()[2:]]
    assert sorted(keys) == sorted(printed)


def test_readme_gdelt_export_loads_in_pandas_as_shown(nlp, tmp_path, monkeypatch, capsys):
    blocks = _fenced_blocks((ROOT / "README.md").read_text("utf-8"))
    [(n, code)] = [(n, body) for n, (_, lang, body) in enumerate(blocks) if lang == "python" and any('read_csv("events.tsv"' in b for b in body)]
    _, lang, shown = blocks[n + 1]
    assert lang == "text"
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    exec("\n".join(code), {})
    assert capsys.readouterr().out.splitlines() == shown
