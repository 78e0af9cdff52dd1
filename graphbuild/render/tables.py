"""The events table: one row per event and per document that reports it.

An event told by two documents gives two rows with the same ``event_id``,
each with that document's ``doc_id`` and evidence sentence, and
``source_count`` 2 on both. When one document reports an event in several
sentences, its row carries the first of them. An event without evidence (a
graph built by hand) still gets one row, with empty document columns.

Columns, in order: ``COLUMNS`` then ``EXTRA_COLUMNS``. ``actor``/``recipient``
are entity labels, ``actor_code``/``recipient_code`` the participant's
``Entity.country`` (ISO 3166-1 alpha-3, or "IGO"; empty when unknown).
``source``/``url`` come from the evidence, else from the article's metadata.
Rows are sorted by doc_id, then sentence start offset, then event_id.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from graphbuild.atomic import write_atomic
from graphbuild.graph.corroborate import event_id
from graphbuild.records import Entity, Evidence, KnowledgeGraph
from graphbuild.knowledge.plover import event_types
from graphbuild.safetext import csv_cell

COLUMNS = (
    "doc_id",
    "event_id",
    "event_type",
    "mode",
    "status",
    "date",
    "actor",
    "actor_code",
    "recipient",
    "recipient_code",
    "source_count",
    "sentence",
)
EXTRA_COLUMNS = (
    "date_text",
    "actor_type",
    "recipient_type",
    "predicate",
    "quad_class",
    "cameo_root",
    "trigger",
    "attribution",
    "source",
    "url",
    "location",
    "location_code",
    "actor_sector",
    "recipient_sector",
)
FIELDNAMES = COLUMNS + EXTRA_COLUMNS

def _participant(kg: KnowledgeGraph, key: str | None) -> tuple[str, str, str]:
    """(label, country code, type) of an entity key; the key itself when unknown."""
    if not key:
        return "", "", ""
    ent: Entity | None = kg.entities.get(key)
    if ent is None:
        return key, "", ""
    return ent.label, ent.country or "", ent.type


def _first_per_document(evidence: tuple[Evidence, ...]) -> list[Evidence]:
    first: dict[str, Evidence] = {}
    for ev in sorted(evidence, key=lambda x: (x.doc_id, x.start, x.end, x.trigger)):
        first.setdefault(ev.doc_id, ev)
    return list(first.values())


def events_rows(kg: KnowledgeGraph) -> list[dict]:
    """The events table as dicts keyed by ``FIELDNAMES``, in that order.

    Values are plain: strings ("" when unknown) and ``source_count`` an int.
    They are not neutralised for spreadsheets; pass each through
    ``safetext.csv_cell`` (as ``write_events_csv`` does) before writing one.
    """
    types = event_types()
    keyed: list[tuple[tuple, dict]] = []
    for ev in kg.events:
        eid = ev.id or event_id(ev)
        actor, actor_code, actor_type = _participant(kg, ev.actor)
        recipient, recipient_code, recipient_type = _participant(kg, ev.recipient)
        location, location_code, _ = _participant(kg, ev.location)
        spec = types.get(ev.type)
        base = {
            "doc_id": "",
            "event_id": eid,
            "event_type": ev.type,
            "mode": ev.mode or "",
            "status": ev.status,
            "date": ev.date or "",
            "actor": actor,
            "actor_code": actor_code,
            "recipient": recipient,
            "recipient_code": recipient_code,
            "source_count": ev.source_count,
            "sentence": "",
            "date_text": ev.date_text or "",
            "actor_type": actor_type,
            "recipient_type": recipient_type,
            "predicate": ev.predicate,
            "quad_class": spec.quad if spec else "",
            "cameo_root": " ".join(spec.cameo) if spec else "",
            "trigger": "",
            "attribution": "",
            "source": "",
            "url": "",
            "location": location,
            "location_code": location_code,
            "actor_sector": ev.actor_sector or "",
            "recipient_sector": ev.recipient_sector or "",
        }
        reports = _first_per_document(ev.evidence)
        if not reports:
            keyed.append((("", -1, eid), base))
        for x in reports:
            article = kg.articles.get(x.doc_id)
            row = dict(base)
            row.update(
                doc_id=x.doc_id,
                sentence=x.sentence,
                trigger=x.trigger,
                attribution=x.attribution or "",
                source=x.source or (article.source if article else None) or "",
                url=x.url or (article.url if article else None) or "",
            )
            keyed.append(((x.doc_id, x.start, eid), row))
    keyed.sort(key=lambda kr: kr[0])
    return [row for _, row in keyed]


def write_events_csv(kg: KnowledgeGraph, path: str | os.PathLike) -> Path:
    """Write the events table as CSV (UTF-8, "\\n" line ends, header first);
    returns the path.

    Safe to open in a spreadsheet: every cell that begins with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return is written with a leading
    apostrophe (``'``), so article text such as ``=HYPERLINK(...)`` stays
    text.
    """
    return write_atomic(path, _csv_text(FIELDNAMES, events_rows(kg)))


# ---------------------------------------------------------------------------
# The triples table: one row per open triple (``triples/``), in text order.

TRIPLE_FIELDNAMES = (
    "doc_id",
    "sentence_index",
    "subject",
    "predicate",
    "object",
    "subject_entity",
    "object_entity",
    "event_id",
    "negated",
    "sentence",
)


def triples_rows(kg: KnowledgeGraph) -> list[dict]:
    """The triples table as dicts keyed by ``TRIPLE_FIELDNAMES``: entities
    as their canonical labels ("" when the argument is not an entity),
    ``negated`` as "true" or "false". Rows keep the graph's order (by
    document, then text order). Values are plain; see ``safetext.csv_cell``."""
    rows = []
    for t in kg.triples:
        rows.append({
            "doc_id": t.doc_id,
            "sentence_index": t.sentence_index,
            "subject": t.subject,
            "predicate": t.predicate,
            "object": t.object,
            "subject_entity": _participant(kg, t.subject_entity)[0],
            "object_entity": _participant(kg, t.object_entity)[0],
            "event_id": t.event_id,
            "negated": "true" if t.negated else "false",
            "sentence": t.sentence,
        })
    return rows


def _csv_text(fieldnames: tuple[str, ...], rows: list[dict], delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fieldnames, lineterminator="\n", delimiter=delimiter)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return buf.getvalue()


def write_triples_csv(kg: KnowledgeGraph, path: str | os.PathLike) -> Path:
    """Write the triples table as CSV, formula-safe as ``write_events_csv``."""
    return write_atomic(path, _csv_text(TRIPLE_FIELDNAMES, triples_rows(kg)))


def triples_tsv(kg: KnowledgeGraph) -> str:
    """The triples table as tab-separated text (header first)."""
    return _csv_text(TRIPLE_FIELDNAMES, triples_rows(kg), delimiter="\t")
