"""Corroboration: the reports of one real-world event joined into one ``Event``.

``corroborate(events)`` takes every document's events and gives one event per
real-world event, carrying the evidence of every report that told it;
``event_id(event)`` is its stable id, made from what identifies the event,
not from where it was read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

from graphbuild.records import Event


def _compatible(a: Event, b: Event) -> bool:
    """Two reports of the same event: dates and modes agree or one is unknown."""
    return (a.date is None or b.date is None or a.date == b.date) and (
        a.mode is None or b.mode is None or a.mode == b.mode
    )


def event_id(event: Event) -> str:
    """A stable id from what identifies an event, not from where it was read."""
    basis = "|".join(
        [event.type, event.actor, event.recipient or "", event.status, event.mode or "", event.date or ""]
    )
    return "evt-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def _joined(cluster: Event, ev: Event) -> Event:
    """The event ``cluster`` with the report ``ev`` added: what it lacked, and its evidence."""
    return replace(
        cluster,
        date=cluster.date or ev.date,
        date_text=cluster.date_text or ev.date_text,
        mode=cluster.mode or ev.mode,
        location=cluster.location or ev.location,
        actor_sector=cluster.actor_sector or ev.actor_sector,
        recipient_sector=cluster.recipient_sector or ev.recipient_sector,
        evidence=cluster.evidence + ev.evidence,
    )


def corroborate(events: Iterable[Event]) -> list[Event]:
    """Fold reports of one event into one ``Event`` carrying every evidence.

    Reports are the same event when type, actor, recipient and status agree
    and their dates and modes are compatible. The merged event keeps the
    known date and mode. Output order is stable (by id).
    """
    groups: dict[tuple, list[Event]] = {}
    for ev in events:
        groups.setdefault((ev.type, ev.actor, ev.recipient, ev.status), []).append(ev)

    merged: list[Event] = []
    for reports in groups.values():
        clusters: list[Event] = []
        # Dated, moded reports first so that undated ones join a specific cluster.
        for ev in sorted(reports, key=lambda e: (e.date is None, e.mode is None, e.date or "", e.mode or "")):
            for i, cluster in enumerate(clusters):
                if _compatible(cluster, ev):
                    clusters[i] = _joined(cluster, ev)
                    break
            else:
                clusters.append(ev)
        merged.extend(clusters)

    result = []
    for ev in merged:
        evidence = tuple(sorted(set(ev.evidence), key=lambda x: (x.doc_id, x.start, x.end, x.trigger)))
        ev = replace(ev, evidence=evidence)
        result.append(replace(ev, id=event_id(ev)))
    return sorted(result, key=lambda e: e.id)
