"""Graph analytics: the pure functions on small named graphs, then
``graphbuild stats`` and ``graphbuild path`` on a real build."""

from __future__ import annotations

import doctest
import json
import random
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import graphbuild.report.analytics as analytics
from graphbuild.rdf.read import from_rdf, load_graph
from graphbuild.report import paths, terminal
from graphbuild.report.analytics import central_actors, communities, country_pairs, counts, pagerank, stats
from graphbuild.report.paths import ActorNotFound, find_actor, shortest_chains
from graphbuild.safetext import safe_json
from graphbuild.cli.app import app
from graphbuild.graph.assemble import to_networkx
from graphbuild.records import Entity, Event, Evidence, KnowledgeGraph

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_doctests():
    for module, examples in ((analytics, 20), (paths, 5)):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted >= examples, module.__name__


# ---------------------------------------------------------------------------
# Small named graphs


def E(key, label, type_="Country", country=None, aliases=()):
    return Entity(key, label, type_, country if country is not None else key.rsplit("/", 1)[-1], aliases=aliases)


def V(type_, actor, recipient, status="asserted", n=0):
    x = Evidence("d1", f"sentence {n}", n, n + 1)
    return Event(type_, actor, recipient, status, type_.lower(), evidence=(x,), id=f"e{n:03d}")


def graph(entities, events) -> KnowledgeGraph:
    return KnowledgeGraph(entities={e.key: e for e in entities}, events=list(events))


def test_pagerank_matches_networkx_reference():
    reference = getattr(nx.algorithms.link_analysis.pagerank_alg, "_pagerank_python", None)
    if reference is None:
        pytest.skip("this networkx has no pure-Python pagerank to compare with")
    rng = random.Random(7)
    for _ in range(5):
        g = nx.MultiDiGraph()
        g.add_nodes_from(range(15))
        g.add_edges_from((rng.randrange(15), rng.randrange(15)) for _ in range(30))
        ours, theirs = pagerank(g), reference(g, tol=1e-12)
        assert set(ours) == set(theirs)
        assert max(abs(ours[k] - theirs[k]) for k in ours) < 1e-4
        assert abs(sum(ours.values()) - 1) < 1e-3


def test_pagerank_edge_cases():
    assert pagerank(nx.MultiDiGraph()) == {}
    assert pagerank(nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a")])) == {"a": 0.3333, "b": 0.3333, "c": 0.3333}
    lonely = nx.MultiDiGraph()
    lonely.add_node("x")
    assert pagerank(lonely) == {"x": 1.0}
    # A star: everyone points at the hub, which ranks first.
    star = nx.MultiDiGraph([(s, "hub") for s in "abcd"])
    ranks = pagerank(star)
    assert max(ranks, key=ranks.get) == "hub"


def test_central_actors_by_events_then_pagerank():
    kg = graph(
        [E("country/AAA", "Aland"), E("country/BBB", "Bland"), E("country/CCC", "Cland"), E("country/DDD", "Dland")],
        [V("CONSULT", "country/AAA", "country/BBB", n=1), V("CONSULT", "country/CCC", "country/BBB", n=2),
         V("ACCUSE", "country/BBB", "country/AAA", n=3)],
    )
    top = central_actors(to_networkx(kg), top=3)
    assert [(a["label"], a["degree"], a["in"], a["out"]) for a in top] == [("Bland", 3, 2, 1), ("Aland", 2, 1, 1), ("Cland", 1, 0, 1)]
    assert central_actors(to_networkx(kg), top=0) == []
    assert "Dland" not in {a["label"] for a in central_actors(to_networkx(kg), top=10)}  # no events


def test_communities_split_two_clusters():
    kg = graph(
        [E(f"country/{c * 3}", c) for c in "ABCXYZQ"],
        [V("CONSULT", "country/AAA", "country/BBB", n=1), V("CONSULT", "country/BBB", "country/CCC", n=2),
         V("CONSULT", "country/CCC", "country/AAA", n=3), V("ACCUSE", "country/XXX", "country/YYY", n=4),
         V("ACCUSE", "country/YYY", "country/ZZZ", n=5), V("ACCUSE", "country/ZZZ", "country/XXX", n=6),
         V("AID", "country/CCC", "country/XXX", n=7)],
    )
    found = communities(to_networkx(kg))
    assert found["communities"] == [["country/AAA", "country/BBB", "country/CCC"], ["country/XXX", "country/YYY", "country/ZZZ"]]
    assert 0.3 < found["modularity"] < 0.5
    assert communities(nx.MultiDiGraph()) == {"modularity": 0.0, "communities": []}


def test_country_pairs_balance_cooperation_and_conflict():
    kg = graph(
        [E("country/AAA", "Aland"), E("country/BBB", "Bland"), E("person/bo", "Bo", "Person", "BBB"),
         E("igo/un", "UN", "IGO", "IGO"), E("org/aaa-army", "Aland army", "Organization", "AAA")],
        [
            V("CONSULT", "country/AAA", "person/bo", n=1),  # verbal cooperation, via Bo's country
            V("AID", "country/BBB", "country/AAA", n=2),  # material cooperation, other direction
            V("ASSAULT", "org/aaa-army", "country/BBB", n=3),  # material conflict, via the army's country
            V("ACCUSE", "country/AAA", "country/BBB", n=4),  # verbal conflict
            V("THREATEN", "country/AAA", "country/BBB", "negated", n=5),  # negated: left out
            V("REQUEST", "igo/un", "country/AAA", n=6),  # IGO: left out
            V("CONSULT", "org/aaa-army", "country/AAA", n=7),  # within one country: left out
            V("PROTEST", "country/AAA", None, n=8),  # no recipient: left out
        ],
    )
    (row,) = country_pairs(kg)
    assert (row["a"], row["b"], row["events"], row["cooperation"], row["conflict"], row["balance"]) == ("AAA", "BBB", 4, 2, 2, 0.0)
    assert (row["verbal cooperation"], row["material cooperation"], row["verbal conflict"], row["material conflict"]) == (1, 1, 1, 1)
    (with_negated,) = country_pairs(kg, include_negated=True)
    assert (with_negated["conflict"], with_negated["balance"]) == (3, -0.2)


def test_counts_by_type_in_model_and_plover_order():
    kg = graph([E("country/AAA", "Aland"), E("person/bo", "Bo", "Person", "BBB")],
               [V("ASSAULT", "country/AAA", "person/bo", n=1), V("AGREE", "country/AAA", "person/bo", "planned", n=2)])
    c = counts(kg)
    assert c["entity_types"] == {"Person": 1, "Country": 1}
    assert list(c["event_types"]) == ["AGREE", "ASSAULT"]
    assert c["statuses"] == {"asserted": 1, "planned": 1}


def test_find_actor_by_label_alias_or_key_ignoring_case():
    kg = graph([E("person/bo", "Bo Diddley", "Person", "BBB", aliases=("Diddley", "Mr Diddley")), E("country/AAA", "Aland")], [])
    assert find_actor(kg, "bo  DIDDLEY") == ["person/bo"]
    assert find_actor(kg, "mr diddley") == ["person/bo"]
    assert find_actor(kg, "country/AAA") == ["country/AAA"]
    with pytest.raises(ActorNotFound, match="no actor named 'Bo Didley'.*did you mean 'Bo Diddley'"):
        find_actor(kg, "Bo Didley")


# ---------------------------------------------------------------------------
# On the example build, through the command line


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("built")
    result = run("build", EXAMPLES / "articles.jsonl", EXAMPLES / "briefing.txt", "--out", out)
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


def test_stats_json_is_the_analytics_result(built):
    result = run("stats", built, "--json", "--top", "5")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    kg = from_rdf(load_graph(built))
    assert payload == stats(kg, top=5)
    assert payload["counts"]["documents"] == 5 and payload["counts"]["events"] == len(kg.events)
    assert payload["central_actors"][0]["label"] == "Rafael Moreira"
    pairs = {(p["a"], p["b"]): p for p in payload["country_pairs"]}
    assert pairs[("BRA", "NGA")]["conflict"] == 0 and pairs[("BRA", "NGA")]["cooperation"] >= 5
    assert pairs[("KGZ", "TJK")]["conflict"] >= 1
    # "Brasilia and Abuja agreed to expand cooperation" ties the two states to the ministers' meetings
    assert ["Bola Tinubu", "Brazil", "Nigeria", "Rafael Moreira", "Yusuf Tuggar"] in payload["communities"]


def test_stats_tables(built):
    result = run("stats", built, "--top", "3")
    assert result.exit_code == 0, result.output
    out = result.output
    data = stats(from_rdf(load_graph(built)), top=3)
    for title in ("Entities", "Events", "Most central actors", "Communities (modularity", "Country pairs: cooperation and conflict"):
        assert title in out
    lines = out.splitlines()
    c = data["counts"]
    assert lines[0].startswith(f"{c['documents']} documents, {c['entities']} entities, {c['events']} events (")
    rows = [line.split() for line in lines]
    for actor in data["central_actors"]:
        cells = actor["label"].split() + [actor["type"], str(actor["degree"]), str(actor["in"]), str(actor["out"]), f"{actor['pagerank']:.4f}"]
        assert cells in rows, cells
    for pair in data["country_pairs"]:
        cells = [f"{pair['a']}-{pair['b']}", str(pair["events"]), str(pair["cooperation"]), str(pair["conflict"]), f"{pair['balance']:+.2f}"]
        assert cells in rows, cells
    for t, n in c["event_types"].items():
        assert [t, *analytics.quad_class(t).split(), str(n)] in rows
    assert run("stats", built, "--top", "3").output == out  # the same text every time


def test_stats_text_is_escaped():
    kg = graph(
        [E("org/evil", "[bold red]Evil[/] \x1b[2J\u202eCorp", "Organization", "AAA"), E("country/BBB", "Bland")],
        [V("ACCUSE", "org/evil", "country/BBB", n=1)],
    )
    text = terminal.format_stats(stats(kg))
    assert "[bold red]Evil[/] \\u001b[2J\\u202eCorp" in text
    assert "\x1b" not in text and "\u202e" not in text
    assert "\u202e" not in safe_json(stats(kg))


def test_path_between_two_actors_with_evidence(built):
    result = run("path", built, "yusuf tuggar", "BOLA TINUBU")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "yusuf tuggar -> BOLA TINUBU: 1 shortest chain of 2 hops"
    assert "chain 1: Yusuf Tuggar -> Rafael Moreira -> Bola Tinubu" in lines
    assert "    Rafael Moreira meets Bola Tinubu (CONSULT; planned, 2024-05-10) evt-5da4543354ef8e2b" in lines
    assert any("Moreira is expected to meet Nigerian President Bola Tinubu" in line and "[Harbor Press Agency]" in line for line in lines)


def test_path_json_and_no_path(built):
    result = run("path", built, "Tuggar", "Kyrgyzstan", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"from": ["person/yusuf-tuggar"], "to": ["country/KGZ"], "length": None, "chains": []}
    assert run("path", built, "Tuggar", "Kyrgyzstan").output == "no chain of events links Tuggar and Kyrgyzstan\n"
    chains = shortest_chains(from_rdf(load_graph(built)), "Nigeria", "Yusuf Tuggar")
    assert chains["length"] == 2
    hops = chains["chains"][0]
    assert [h["from"] for h in hops] == ["Nigeria", "Rafael Moreira"]
    assert all(ev["evidence"] for h in hops for ev in h["events"])


def test_path_unknown_actor(built):
    result = run("path", built, "Rafael Morera", "Nigeria")
    assert result.exit_code == 1
    assert "no actor named 'Rafael Morera' in the graph; did you mean 'Rafael Moreira'" in result.output


def test_stats_of_an_empty_graph():
    result = stats(KnowledgeGraph())
    assert result["central_actors"] == [] and result["communities"] == [] and result["country_pairs"] == []
    lines = terminal.format_stats(result).splitlines()
    assert lines[0] == "0 documents, 0 entities, 0 events"
    assert "Communities (modularity 0.00)" in lines  # a title stays on one line
