"""The data the page's explorer filters on and shows in its evidence panel.

``explorer_payload(g, edge_ids)`` turns a ``to_networkx`` view into one
plain dict that the page embeds as JSON (through Jinja's ``tojson``, so no
string can close the ``<script>``): per event its type, PLOVER quad class,
status, date, place and every report (source, sentence, where the trigger
words sit in it, and the URL when it is one a browser may open as a link);
per entity its type, country, role and aliases; and the lists the filters
offer. Every string is ``safetext.clean_text``-ed here and shown with
``textContent`` by the page, never parsed as markup.

Lists, not objects keyed by id: an entity key such as ``__proto__`` as an
object key in a script would set the object's prototype.

>>> trigger_marks("Chile accused Peru of spying.", "accused")
[[6, 13]]
>>> link_url("https://news.example/a?b=1"), link_url("javascript:alert(1)")
('https://news.example/a?b=1', '')
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import networkx as nx

from graphbuild.knowledge.plover import event_types
from graphbuild.records import STATUSES
from graphbuild.safetext import clean_text

# Colour per PLOVER quad class (for the filters' boxes and the timeline).
QUAD_COLOURS: dict[str, str] = {
    "verbal cooperation": "#8cc47a",
    "material cooperation": "#2e7d4f",
    "verbal conflict": "#f0a23b",
    "material conflict": "#c0392b",
}
OTHER_QUAD = "other"
OTHER_QUAD_COLOUR = "#9d9d9d"

SENTENCE_LIMIT = 2000  # characters of one evidence sentence in the panel
REPORT_LIMIT = 25  # reports listed per event (the count says how many more)
FIELD_LIMIT = 300  # characters of a source name, document id, URL, place
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f<>\"'`\\{}|^]")


def trigger_marks(sentence: str, trigger: str) -> list[list[int]]:
    """[start, end] of each trigger word in ``sentence``, in order.

    A trigger is the verb ("accused") or the verb and its noun ("held …
    talks"); each part is looked up as a whole word after the previous one,
    ignoring case. Parts not found are left unmarked.

    >>> trigger_marks("They held two days of talks.", "held \u2026 talks")
    [[5, 9], [22, 27]]
    """
    marks: list[list[int]] = []
    position = 0
    for part in (p.strip() for p in trigger.split("\u2026")):
        if not part:
            continue
        found = re.compile(rf"(?<!\w){re.escape(part)}(?!\w)", re.I).search(sentence, position)
        if found:
            marks.append([found.start(), found.end()])
            position = found.end()
    return marks


def link_url(url: str | None) -> str:
    """``url`` when a browser may open it as a link (http or https, with a
    host, no spaces, quotes or controls), else ""."""
    url = (url or "").strip()
    if not url or len(url) > 2000 or _URL_UNSAFE.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def iso_day(text: str) -> str:
    """The day of an ISO date ("2024-05-06", also of "2024-05-06T10:00"), or ""
    when ``text`` starts with none (the page's filters and timeline use days)."""
    day = (text or "")[:10]
    try:
        return day if len(day) == 10 and date.fromisoformat(day).isoformat() == day else ""
    except ValueError:
        return ""


def quad_of(event_type: str) -> str:
    """The PLOVER quad class of an event type, ``OTHER_QUAD`` when unknown."""
    spec = event_types().get(event_type)
    return spec.quad if spec and spec.quad in QUAD_COLOURS else OTHER_QUAD


def _report(x) -> dict:
    """One ``Evidence`` as the panel lists it."""
    sentence = clean_text(x.sentence, SENTENCE_LIMIT)
    return {
        "doc": clean_text(x.doc_id, FIELD_LIMIT),
        "source": clean_text(x.source or "", FIELD_LIMIT),
        "published": clean_text(x.published or "", 40),
        "attribution": clean_text(x.attribution or "", FIELD_LIMIT),
        "sentence": sentence,
        "marks": trigger_marks(sentence, clean_text(x.trigger or "", FIELD_LIMIT)),
        "link": link_url(x.url),
        "url": clean_text(x.url or "", FIELD_LIMIT),
    }


def _event(u, v, attrs: dict, edge_id: str) -> dict:
    reports = list(attrs.get("reports") or ())
    if not reports:  # a view built by hand: the (doc, sentence, source) tuples
        reports = [_Plain(doc, sentence, source) for doc, sentence, source in attrs.get("evidence") or ()]
    return {
        "edge": edge_id,
        "from": str(u),
        "to": str(v),
        "type": clean_text(attrs.get("event_type") or "", 40),
        "quad": quad_of(attrs.get("event_type") or ""),
        "status": clean_text(attrs.get("status") or "", 40),
        "date": clean_text(attrs.get("date") or "", 40),
        "day": iso_day(attrs.get("date") or ""),
        "location": clean_text(attrs.get("location") or "", FIELD_LIMIT),
        "mode": clean_text(attrs.get("mode") or "", 40),
        "predicate": clean_text(attrs.get("predicate") or "", FIELD_LIMIT),
        "sources": int(attrs.get("source_count") or len({r.doc_id for r in reports}) or 1),
        "reports": [_report(x) for x in reports[:REPORT_LIMIT]],
        "more": max(len(reports) - REPORT_LIMIT, 0),
    }


class _Plain:
    """The fields of an ``Evidence`` that a (doc, sentence, source) tuple has."""

    def __init__(self, doc_id, sentence, source):
        self.doc_id, self.sentence, self.source = doc_id, sentence, source
        self.trigger = self.url = self.published = self.attribution = None


def _entity(key, attrs: dict) -> dict:
    return {
        "id": str(key),
        "type": clean_text(attrs.get("type") or "", 40),
        "country": clean_text(attrs.get("country") or "", 40),
        "role": clean_text(attrs.get("role") or "", FIELD_LIMIT),
        "aliases": sorted({clean_text(a, FIELD_LIMIT) for a in attrs.get("aliases") or ()}),
    }


def explorer_payload(g: nx.MultiDiGraph, edge_ids: list[str]) -> dict:
    """The explorer's data for ``g``; ``edge_ids`` are the page's ids of
    ``g``'s edges, in ``g.edges`` order."""
    events = [_event(u, v, attrs, eid) for (u, v, attrs), eid in zip(g.edges(data=True), edge_ids)]
    present_types = {e["type"] for e in events}
    plover = [t for t in event_types() if t in present_types]
    types = plover + sorted(present_types - set(plover))
    statuses = [s for s in STATUSES if any(e["status"] == s for e in events)]
    statuses += sorted({e["status"] for e in events} - set(statuses))
    dates = sorted(e["day"] for e in events if e["day"])
    return {
        "quads": [*QUAD_COLOURS.items(), (OTHER_QUAD, OTHER_QUAD_COLOUR)],
        "types": [(t, quad_of(t)) for t in types],
        "statuses": statuses,
        "range": [dates[0], dates[-1]] if dates else ["", ""],
        "events": events,
        "entities": [_entity(key, attrs) for key, attrs in g.nodes(data=True)],
    }
