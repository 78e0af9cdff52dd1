"""The 16 PLOVER event types, loaded once from ``data/plover.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True)
class EventType:
    name: str
    quad: str
    cameo: tuple[str, ...]
    predicate: str
    modes: tuple[str, ...]
    comment: str


@cache
def event_types() -> dict[str, EventType]:
    """PLOVER type name -> its description, in the file's order."""
    raw = tomllib.loads(files("graphbuild").joinpath("data/plover.toml").read_text("utf-8"))
    return {
        name: EventType(
            name=name,
            quad=spec["quad"],
            cameo=tuple(spec["cameo"]),
            predicate=spec["predicate"],
            modes=tuple(spec.get("modes", ())),
            comment=spec["comment"],
        )
        for name, spec in raw.items()
    }
