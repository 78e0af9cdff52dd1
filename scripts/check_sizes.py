"""List the modules and functions of graphbuild/ that are too long to read.

    python scripts/check_sizes.py            # modules over 400 lines, functions over 60
    python scripts/check_sizes.py graphbuild/events

Exits 1 when anything is listed. A function's length counts its docstring
and body, not the functions nested inside it (they are listed on their own).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MODULE_LINES = 400
FUNCTION_LINES = 60


def long_functions(path: Path, limit: int = FUNCTION_LINES) -> list[tuple[str, int, int]]:
    """(name, first line, length) of each function in ``path`` over ``limit`` lines."""
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            nested = sum(
                child.end_lineno - child.lineno + 1
                for child in ast.walk(node)
                if child is not node and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                and child in node.body
            )
            length = node.end_lineno - node.lineno + 1 - nested
            if length > limit:
                found.append((node.name, node.lineno, length))
    return found


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path(__file__).resolve().parent.parent / "graphbuild"]
    bad = 0
    for root in roots:
        for path in sorted(root.rglob("*.py") if root.is_dir() else [root]):
            lines = len(path.read_text("utf-8").splitlines())
            if lines > MODULE_LINES:
                print(f"{path}: {lines} lines")
                bad += 1
            for name, line, length in long_functions(path):
                print(f"{path}:{line}: {name}() is {length} lines")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
