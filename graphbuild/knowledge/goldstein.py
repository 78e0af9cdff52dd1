"""Goldstein scores of CAMEO event codes, from a maintained package's data.

The values are gdelt-py's (``pip install 'graphbuild[gdelt]'``), which ships
the CAMEO codebook and the Goldstein scale as JSON under
``py_gdelt/lookups/data/``; graphbuild reads the files with
``importlib.resources`` and types no value itself. Without the package,
``goldstein`` raises ``GoldsteinMissing`` with a one-line message saying how
to install it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

PACKAGE = "py_gdelt.lookups.data"
DATA_FILE = "cameo_goldstein.json"
MISSING = (
    "the GDELT export needs CAMEO Goldstein scores from gdelt-py, which is not installed: "
    "pip install 'graphbuild[gdelt]' (or pip install gdelt-py)"
)


class GoldsteinMissing(ImportError):
    """gdelt-py, whose data holds the Goldstein scores, is not installed."""


@cache
def scores() -> dict[str, float]:
    """CAMEO event code -> Goldstein score (-10 .. +10), as gdelt-py ships them."""
    try:
        text = files(PACKAGE).joinpath(DATA_FILE).read_text("utf-8")
    except (ImportError, FileNotFoundError) as err:  # ModuleNotFoundError is an ImportError
        raise GoldsteinMissing(MISSING) from err
    raw = json.loads(text)
    return {code: float(entry["value"]) for code, entry in raw.items()}


def goldstein(code: str | None) -> float | None:
    """The Goldstein score of a CAMEO event code; None when the data has no
    score for it (or there is no code)."""
    if not code:
        return None
    return scores().get(code)
