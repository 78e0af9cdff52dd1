"""The package keeps the shape docs/architecture.md describes."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "graphbuild"
spec = importlib.util.spec_from_file_location("check_sizes", ROOT / "scripts" / "check_sizes.py")
check_sizes = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_sizes)

MODULE_LIMIT = 450  # the hard limit; scripts/check_sizes.py warns from 400
STAGES = ("ingest", "nlp", "knowledge", "entities", "events", "triples", "graph", "rdf", "query", "store", "render", "report", "cli")
# What a stage may import of graphbuild: the stages before it, the shared
# modules, never a later stage (data flows one way). The pipeline runs the
# stages up to the graph (cluster.py: on a Dask cluster's workers); the store keeps what it gives per document.
ORDER = {name: i for i, name in enumerate(("ingest", "nlp", "knowledge", "entities", "events", "triples", "graph", "pipeline", "cluster",
                                           "rdf", "query", "store", "render", "report", "api", "cli"))}
SHARED = {"records", "keys", "safetext", "atomic"}


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_is_over_the_limit():
    long = {str(p.relative_to(ROOT)): n for p in modules() if (n := len(p.read_text("utf-8").splitlines())) > MODULE_LIMIT}
    assert long == {}


def test_no_function_is_over_sixty_lines():
    long = [f"{p.relative_to(ROOT)}:{line} {name} ({n} lines)" for p in modules() for name, line, n in check_sizes.long_functions(p)]
    assert long == []


def test_the_size_check_sees_a_long_function(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(70))
    (tmp_path / "m.py").write_text(f"def long():\n{body}\n\n\ndef short():\n    return 1\n")
    assert [(name, n) for name, _, n in check_sizes.long_functions(tmp_path / "m.py")] == [("long", 71)]


def _graphbuild_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("graphbuild."):
            names.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names |= {a.name.split(".")[1] for a in node.names if a.name.startswith("graphbuild.")}
    return names


def test_stages_import_no_later_stage():
    backward = []
    for stage in STAGES[:-1] + ("pipeline", "cluster"):
        for path in (PACKAGE / stage).rglob("*.py") if stage not in ("pipeline", "cluster") else [PACKAGE / f"{stage}.py"]:
            for name in _graphbuild_imports(path) - SHARED - {stage}:
                if name not in ORDER or ORDER[name] > ORDER[stage]:
                    backward.append(f"{path.relative_to(ROOT)} imports graphbuild.{name}")
    assert backward == []


def test_every_stage_is_a_package_the_architecture_page_names():
    page = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage
        assert re.search(rf"`{stage}/`", page), stage
