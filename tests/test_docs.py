"""The generated and example-driven docs stay what the code says."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


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
