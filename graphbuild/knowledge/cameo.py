"""CAMEO codes to PLOVER types and modes.

The table (``data/petrarch/cameo_plover.tsv``, derived by
``scripts/derive_dictionaries.py`` from the published CAMEO-to-PLOVER
correspondence) gives each CAMEO code its PLOVER type and, where PLOVER
names one, the mode. A code the table lacks takes its nearest listed parent
("0234" -> "023" -> "02"); the public-statement codes (01x) have no PLOVER
type and code no event.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from graphbuild.knowledge.plover import event_types


def read_table(lines, name: str) -> dict[str, tuple[str, str | None]]:
    """'code<TAB>TYPE<TAB>mode' lines -> {code: (TYPE, mode or None)}, types checked."""
    known = event_types()
    out: dict[str, tuple[str, str | None]] = {}
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].rstrip("\n")
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[1] not in known:
            raise ValueError(f"{name}:{number}: expected 'code<TAB>PLOVER type<TAB>mode', got {raw.strip()!r}")
        code, kind, mode = parts
        if code in out:
            raise ValueError(f"{name}:{number}: code {code} listed twice")
        out[code] = (kind, mode or None)
    return out


@cache
def table() -> dict[str, tuple[str, str | None]]:
    path = files("graphbuild").joinpath("data/petrarch/cameo_plover.tsv")
    return read_table(path.read_text("utf-8").splitlines(), "cameo_plover.tsv")


def plover(code: str | None) -> tuple[str, str | None] | None:
    """The PLOVER (type, mode) of a CAMEO code, or None when it codes no event.

    >>> plover("190")
    ('ASSAULT', None)
    >>> plover("1733")[0]
    'COERCE'
    >>> plover("010") is None
    True
    """
    if not code:
        return None
    known = table()
    while code:
        if code in known:
            return known[code]
        code = code[:-1]
    return None


@cache
def _codes_by_type_mode() -> dict[tuple[str, str], list[str]]:
    by: dict[tuple[str, str], list[str]] = {}
    for code, (kind, mode) in table().items():
        if mode:
            by.setdefault((kind, mode), []).append(code)
    return by


def cameo_code(kind: str, mode: str | None = None) -> str | None:
    """The CAMEO code of a PLOVER type and mode: the correspondence read
    backwards. With a mode the table lists, the most specific (longest) code
    of that type and mode, the lowest of equals; otherwise (no mode, or one no
    CAMEO code has) the type's first CAMEO root in ``data/plover.toml``.
    None for a type graphbuild does not know.

    >>> cameo_code("ASSAULT"), cameo_code("CONSULT", "visit"), cameo_code("PROTEST", "strike")
    ('18', '042', '14')
    >>> plover(cameo_code("COERCE", "arrest"))
    ('COERCE', 'arrest')
    """
    spec = event_types().get(kind)
    if spec is None:
        return None
    codes = _codes_by_type_mode().get((kind, mode or ""), []) if mode else []
    if codes:
        return min(codes, key=lambda c: (-len(c), c))
    return spec.cameo[0] if spec.cameo else None
