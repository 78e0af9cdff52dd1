"""Prove a change leaves every output byte alone.

Builds the seeds, the example, the team's dev and check sets and the real
report set with this checkout's code (``python -m graphbuild.cli``), exports each graph in
every format, runs ``evaluate`` and a few queries, and hashes every file.

    python scripts/compare_builds.py --record before.json   # before the change
    python scripts/compare_builds.py --check before.json    # after it

``--check`` lists every file whose bytes differ and exits 1 if any does.
Timings are not outputs: the build's summary line is not hashed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# name -> (articles, gold or None)
CORPORA = {
    "seeds": (SHARED / "seeds" / "articles.jsonl", SHARED / "seeds" / "expected.jsonl"),
    "example": (ROOT / "examples" / "articles.jsonl", ROOT / "examples" / "expected.jsonl"),
    "dev": (ROOT / "tests" / "gold" / "dev_articles.jsonl", ROOT / "tests" / "gold" / "dev_gold.jsonl"),
    "check": (ROOT / "tests" / "check" / "check_articles.jsonl", ROOT / "tests" / "check" / "check_gold.jsonl"),
    "realnews": (ROOT / "tests" / "realnews" / "dev_articles.jsonl", ROOT / "tests" / "realnews" / "dev_gold.jsonl"),
    "briefing": (ROOT / "examples" / "briefing.txt", None),
}
EXPORTS = ("nt", "jsonld", "trig", "nq", "graphml", "gexf", "csv")
QUERIES = ("by-source", "who-met-whom", "relations")


def run(*args: str, cwd: Path) -> bytes:
    # This checkout's code, whichever graphbuild is installed.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "graphbuild.cli", *args], cwd=cwd, capture_output=True, env=env)
    if done.returncode not in (0, 1):
        sys.exit(f"graphbuild {' '.join(args)} failed:\n{done.stderr.decode()}")
    return done.stdout


def outputs(work: Path) -> dict[str, str]:
    """Every output of every corpus, as file name -> sha256."""
    hashes: dict[str, str] = {}
    for name, (articles, gold) in CORPORA.items():
        if not articles.exists():
            continue
        out = work / name
        # Inputs are copied and named relative to the work folder: sources record
        # the path they were read from, which must not depend on the checkout's place.
        (work / "inputs").mkdir(exist_ok=True)
        local = Path("inputs") / f"{name}{articles.suffix}"
        shutil.copyfile(articles, work / local)
        articles = local
        if gold is not None and gold.exists():
            shutil.copyfile(gold, work / "inputs" / f"{name}-gold.jsonl")
            gold = Path("inputs") / f"{name}-gold.jsonl"
        run("build", str(articles), "--out", str(out), "--no-progress", cwd=work)
        graph = out / "graph.ttl"
        for fmt in EXPORTS:
            run("export", str(graph), "--format", fmt, "--out", str(out / f"export.{fmt}"), cwd=work)
        (out / "stats.txt").write_bytes(run("stats", str(graph), cwd=work))
        for query in QUERIES:
            (out / f"query-{query}.csv").write_bytes(
                run("query", str(graph), query, "--format", "csv", cwd=work))
        (out / "validate.txt").write_bytes(run("validate", str(graph.relative_to(work)), cwd=work))
        (out / "triples.tsv").write_bytes(run("triples", str(articles), "--format", "tsv", cwd=work))
        run("build", str(articles), "--store", str(out / "store"), "--no-progress", cwd=work)
        run("export", str(out / "store"), "--format", "ttl", "--out", str(out / "store.ttl"), cwd=work)
        if gold is not None:
            (out / "evaluate.txt").write_bytes(
                run("evaluate", str(gold), str(articles), "--json", cwd=work))
        for path in sorted(out.rglob("*")):
            if path.is_file() and "store" not in path.relative_to(out).parts[:-1]:
                hashes[str(path.relative_to(work))] = hashlib.sha256(path.read_bytes()).hexdigest()
    (work / "ontology.md").write_bytes(run("ontology", cwd=work))
    hashes["ontology.md"] = hashlib.sha256((work / "ontology.md").read_bytes()).hexdigest()
    return hashes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--record", type=Path, help="write the hashes to this file")
    mode.add_argument("--check", type=Path, help="compare with hashes recorded earlier")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        hashes = outputs(Path(tmp))
    if args.record:
        args.record.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n")
        print(f"recorded {len(hashes)} files in {args.record}")
        return 0
    before = json.loads(args.check.read_text())
    changed = sorted(k for k in before.keys() | hashes.keys() if before.get(k) != hashes.get(k))
    for name in changed:
        state = "missing" if name not in hashes else "new" if name not in before else "differs"
        print(f"{state}: {name}")
    print(f"{len(hashes) - len(changed)} of {len(before.keys() | hashes.keys())} files identical")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
