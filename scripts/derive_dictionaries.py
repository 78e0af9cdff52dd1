"""Derive graphbuild's dictionary tables from the field's published ones.

    python scripts/derive_dictionaries.py [REFERENCE_DIR]

REFERENCE_DIR (default ``../shared/reference``) holds ``petrarch2/`` (the
PETRARCH2 / Phoenix dictionaries, MIT) and ``CAMEO2PLOVER-2021.txt``.
Writes into ``graphbuild/data/petrarch/``:

- ``cameo_verbs.txt``: the CAMEO verb dictionary without its comments (the
  same PETRARCH format, read by ``graphbuild.knowledge.dictionaries``);
- ``agents.txt``: the generic agents, likewise;
- ``countries_actors.txt``, ``international_actors.txt``, ``nonstate_actors.txt``:
  the actors dictionaries (people, institutions and groups with their country codes), likewise;
- ``discards.txt``: phrases of sentences that are not political events (sport, culture), likewise;
- ``cameo_plover.tsv``: CAMEO code -> PLOVER type and mode (modes only where
  the project's PLOVER table lists them); CAMEO's appeals (02) take the rows
  of the demands (10) they parallel;
- ``NOTICE``: where these come from, with the MIT notice.

Run it again when the reference dictionaries change; the output is
deterministic.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "graphbuild" / "data" / "petrarch"


def strip_comments(text: str) -> str:
    lines = []
    for line in text.splitlines():
        body = line.split("#", 1)[0].rstrip()
        if body or (lines and lines[-1]):
            lines.append(body)  # keep single blank lines: they end synonym sets
    return "\n".join(lines).strip() + "\n"


def plover_rows(text: str) -> list[str]:
    plover = tomllib.loads((ROOT / "graphbuild" / "data" / "plover.toml").read_text("utf-8"))
    rows, seen = [], set()
    for line in text.splitlines():
        body = line.split("#", 1)[0].strip()
        if ":" not in body or body.startswith("~"):
            continue
        code, _, rest = body.partition(":")
        parts = [p.strip() for p in rest.split(",")]
        kind = parts[0].upper()
        if not code.strip().isdigit() or kind not in plover or code in seen:
            continue
        mode = parts[1].strip() if len(parts) > 1 else ""
        mode = mode if mode in plover[kind].get("modes", ()) else ""
        seen.add(code)
        rows.append(f"{code.strip()}\t{kind}\t{mode}")
    return sorted(rows + appeal_rows(rows))


def appeal_rows(rows: list[str]) -> list[str]:
    """CAMEO's appeals (02...) parallel its demands (10...) code for code
    (021 appeal for material cooperation, 101 demand it; 028 appeal to meet,
    108 demand to meet). PLOVER's REQUEST covers both, but the 2021 table
    lists only the demands, which would leave every appeal pattern of the
    verb dictionary without a type: each appeal takes its demand's row."""
    demands = {row.split("\t")[0]: row for row in rows if row.startswith("10")}
    appeals = []
    for code, row in sorted(demands.items()):
        appeal = "02" + code[2:]
        if not any(r.startswith(appeal + "\t") for r in rows):
            appeals.append(appeal + row[len(code):])
    return appeals


def main(reference: Path) -> None:
    petrarch = reference / "petrarch2"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cameo_verbs.txt").write_text(strip_comments((petrarch / "CAMEO.2.0.txt").read_text("utf-8")), "utf-8")
    (OUT / "agents.txt").write_text(strip_comments((petrarch / "Phoenix.agents.txt").read_text("utf-8")), "utf-8")
    for source, target in (
        ("Phoenix.Countries.actors.txt", "countries_actors.txt"),
        ("Phoenix.International.actors.txt", "international_actors.txt"),
        ("Phoenix.MilNonState.actors.txt", "nonstate_actors.txt"),
    ):
        (OUT / target).write_text(strip_comments((petrarch / source).read_text("utf-8")), "utf-8")
    (OUT / "discards.txt").write_text(strip_comments((petrarch / "Phoenix.discards.txt").read_text("utf-8")), "utf-8")
    rows = plover_rows((reference / "CAMEO2PLOVER-2021.txt").read_text("utf-8"))
    (OUT / "cameo_plover.tsv").write_text("# CAMEO code<TAB>PLOVER type<TAB>mode\n" + "\n".join(rows) + "\n", "utf-8")
    licence = (petrarch / "LICENSE").read_text("utf-8").strip()
    (OUT / "NOTICE").write_text(
        "cameo_verbs.txt, agents.txt, discards.txt and the three *_actors.txt files are the CAMEO\n"
        "verb dictionary (CAMEO.2.0.txt), the Phoenix agents dictionary (Phoenix.agents.txt), the\n"
        "Phoenix discard list (Phoenix.discards.txt) and the Phoenix actors dictionaries\n"
        "(Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,\n"
        "Phoenix.MilNonState.actors.txt) published with PETRARCH2\n"
        "(github.com/openeventdata/petrarch2, commit 676801c, petrarch2/data/dictionaries/),\n"
        "with their comment lines removed. cameo_plover.tsv is derived from the CAMEO to\n"
        "PLOVER conversion table (PLOVER manual draft 0.8, 2021). Regenerate all three with\n"
        "scripts/derive_dictionaries.py.\n\n" + licence + "\n",
        "utf-8",
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference")
