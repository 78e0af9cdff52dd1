"""Adding to a store re-derives only what the new documents change
(``store.delta``); whatever the batches, the store must hold byte for byte
what one add of the same documents gives: the Turtle file, the dump of every
graph (the view, the results, the kept state) and the ``KnowledgeGraph``.

Real articles parsed once by the real model, added in seeded random
batchings; hand-built records, added in batchings hypothesis chooses, for the
corner cases of merging (records arriving before stored ones, unset and empty
fields, people unified or not, undated reports joining a cluster, open
triples linking to events whose ids change)."""

from __future__ import annotations

import json
import random
import tempfile
from dataclasses import asdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.ingest.read import read_articles
from graphbuild.pipeline import DocumentResult, assemble_results, iter_results
from graphbuild.rdf.formats import dumps
from graphbuild.records import Article, Entity, Event, Evidence
from graphbuild.store.local import GraphStore
from graphbuild.store.results import decode_result, encode_result
from graphbuild.triples.record import Triple

ROOT = Path(__file__).resolve().parent.parent

# Sentences of this test's own; t01 names "Minister Lindqvist" only, t04 the
# full name (the two are unified); t02 and t03 report one accusation on two days.
ARTICLES = [
    ("t01-harbour-talks", "2025-03-03", "Minister Lindqvist met Chilean officials in Santiago on Monday to discuss "
     "copper exports. Chile thanked Sweden for its support."),
    ("t02-fishing-row", "2025-03-04", "Norway accused Iceland of overfishing mackerel in the North Atlantic on "
     "Tuesday. Iceland rejected the claim."),
    ("t03-fishing-row-2", "2025-03-05", "Norway accused Iceland of overfishing mackerel on Tuesday, officials in "
     "Oslo said. The two governments will meet next month."),
    ("t04-trade-minister", "2025-03-06", "Swedish Trade Minister Ingrid Lindqvist will visit Argentina on Friday. "
     "Lindqvist is expected to meet Argentine President Javier Milei in Buenos Aires."),
    ("t05-aid", "2025-03-07", "Japan pledged emergency aid to the Philippines after the typhoon on Thursday. "
     "Tokyo will send medical teams to Manila."),
    ("t06-aid-2", "2025-03-08", "Japan pledged emergency aid to the Philippines on Thursday, the Japanese foreign "
     "ministry said. Philippine President Ferdinand Marcos thanked Tokyo."),
    ("t07-sanctions", "2025-03-09", "The European Union imposed sanctions on Belarus on Sunday over the detention "
     "of journalists. Minsk condemned the decision."),
    ("t08-visit", "2025-03-10", "Indonesian President Prabowo Subianto visited Australia on Monday. Prabowo met "
     "Australian Prime Minister Anthony Albanese in Canberra."),
]


@pytest.fixture(scope="module")
def parsed(nlp) -> list[DocumentResult]:
    articles = [Article(id=i, text=text, date=day, source="Test Wire") for i, day, text in ARTICLES]
    articles += read_articles([ROOT / "examples" / "articles.jsonl", ROOT / "examples" / "briefing.txt"])
    return list(iter_results(articles, nlp=nlp))


def test_results_are_written_as_asdict_writes_them(parsed):
    # The stored JSON of a result is what stores written before held, byte for byte.
    for r in parsed:
        assert encode_result(r) == json.dumps(asdict(r), sort_keys=True, separators=(",", ":"))
        assert decode_result(encode_result(r)) == r


def _everything(store: GraphStore) -> bytes:
    """Every graph of the store (view, Turtle blocks, results, state, meta), sorted."""
    lines = store._store.dump(format=ox.RdfFormat.N_QUADS).splitlines()
    return b"\n".join(sorted(lines))


def _plain(results: list[DocumentResult], folder: Path) -> tuple[str, bytes, bytes]:
    with GraphStore(folder, create=True) as store:
        store.add(results)
        return store.turtle(), store.dump("nt"), _everything(store)


def _added_in_batches(batches: list[list[DocumentResult]], folder: Path, check_each: bool = True) -> list[str]:
    """Add the batches one by one, the store reopened for each; after each,
    the store is what one add of all so far gives. The way each add went."""
    seen: list[DocumentResult] = []
    ways = []
    for n, batch in enumerate(batches):
        with GraphStore(folder / "kg", create=(n == 0)) as store:
            store.add(batch)
            ways.append(store.last_add)
            seen += batch
            if check_each or n == len(batches) - 1:
                turtle, nt, everything = _plain(seen, folder / f"plain-{n}")
                assert store.turtle() == turtle
                assert store.dump("nt") == nt
                assert _everything(store) == everything
                whole = assemble_results(seen)
                assert store.knowledge_graph() == whole
                assert store.counts() == (len(whole.articles), len(whole.entities), len(whole.events))
                assert dumps(whole, "ttl") == turtle
    return ways


def _batches(items: list, cuts: list[int]) -> list[list]:
    edges = [0, *sorted(set(cuts)), len(items)]
    return [items[a:b] for a, b in zip(edges, edges[1:]) if b > a]


@pytest.mark.parametrize("seed", range(5))
def test_random_batchings_of_real_articles_give_one_build(parsed, tmp_path, seed):
    rng = random.Random(seed)
    order = parsed[:]
    rng.shuffle(order)
    batches = _batches(order, rng.sample(range(1, len(order)), 5))
    assert len(batches) == 6
    ways = _added_in_batches(batches, tmp_path)
    assert "incremental" in ways


def test_a_joined_event_and_a_renamed_person_across_batches(parsed, tmp_path):
    by_id = {r.article.id: r for r in parsed}
    rest = [r for r in parsed if not r.article.id.startswith("t0")]
    batches = [[by_id["t02-fishing-row"]], [by_id["t01-harbour-talks"], by_id["t05-aid"]], [by_id["t03-fishing-row-2"]],
               [by_id["t04-trade-minister"]], [by_id["t06-aid-2"], by_id["t07-sanctions"]], [by_id["t08-visit"], *rest]]
    ways = _added_in_batches(batches, tmp_path)
    # t03 tells t02's accusation again: one event, two sources, without a full re-derive.
    assert ways[2] == "incremental"
    # t04's full name takes over the stored "Lindqvist": a full re-derive, exact.
    assert ways[3] == "full"
    assert ways[4] == ways[5] == "incremental"
    with GraphStore(tmp_path / "kg") as store:
        rows = store.query("SELECT ?n WHERE { ?e a gb:Accuse ; gb:actor ?a ; gb:sourceCount ?n . ?a gb:entityKey 'country/NOR' }")[1]
        assert [int(n) for (n,) in rows] == [2]
        assert "/entity/person/lindqvist>" not in store.turtle()
        assert "/entity/person/ingrid-lindqvist>" in store.turtle()


# ---------------------------------------------------------------------------
# Hand-built records, batched by hypothesis

PEOPLE = [("person/lind", "Lind"), ("person/ada-lind", "Ada Lind"), ("person/bo-lind", "Bo Lind"), ("person/kaya", "Kaya")]
COUNTRIES = [("country/NOR", "Norway"), ("country/ISL", "Iceland"), ("country/CHL", "Chile")]


def _doc(draw, doc_id: str) -> DocumentResult:
    entities = {}
    for key, label in draw(st.lists(st.sampled_from(PEOPLE + COUNTRIES), min_size=1, max_size=4, unique=True)):
        kind = "Person" if key.startswith("person/") else "Country"
        entities[key] = Entity(
            key=key, label=draw(st.sampled_from([label, label.upper()])), type=kind,
            country=draw(st.sampled_from([None, "", "NOR", "FRA"])), role=draw(st.sampled_from([None, "minister"])),
            aliases=tuple(draw(st.lists(st.sampled_from(["A", "B", "C"]), max_size=3))),
        )
    keys = sorted(entities)
    events, triples = [], []
    for j in range(draw(st.integers(0, 3))):
        actor, recipient = draw(st.sampled_from(keys)), draw(st.sampled_from([None, *keys]))
        start = 100 * j
        x = Evidence(doc_id=doc_id, sentence=f"Sentence {j} of {doc_id}.", start=start, end=start + 20, trigger="met")
        events.append(Event(type="CONSULT", actor=actor, recipient=recipient, status="asserted",
                            predicate=draw(st.sampled_from(["meets", "met with"])),
                            date=draw(st.sampled_from([None, "2025-01-01", "2025-01-02"])),
                            mode=draw(st.sampled_from([None, "visit"])), location=draw(st.sampled_from([None, "place/oslo"])),
                            evidence=(x,)))
        if recipient is not None and draw(st.booleans()):
            triples.append(Triple(doc_id=doc_id, sentence_index=j, subject=actor, predicate="met", object=recipient,
                                  sentence=x.sentence, start=start, end=start + 20, subject_entity=actor, object_entity=recipient))
    return DocumentResult(Article(id=doc_id, text="", date="2025-01-01"), (), tuple(entities[k] for k in keys),
                          tuple(events), tuple(triples))


@st.composite
def _corpus(draw):
    ids = draw(st.lists(st.integers(0, 99), min_size=5, max_size=9, unique=True))
    docs = [_doc(draw, f"d{i:02d}") for i in ids]  # ids in drawn order: later batches hold earlier ids too
    cuts = draw(st.lists(st.integers(1, len(docs) - 1), min_size=4, max_size=6))
    return _batches(docs, cuts)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_corpus())
def test_any_batching_of_hand_built_records_gives_one_build(batches):
    with tempfile.TemporaryDirectory() as folder:
        _added_in_batches(batches, Path(folder), check_each=False)
