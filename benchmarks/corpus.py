"""Corpora for the benchmark and the scale tests, made here, offline.

- ``team_articles()``: the team's own example and development articles.
- ``news_articles()``: the benchmark's news (``benchmarks/news/``): 100
  multi-paragraph articles, about 42,000 words, written for timing in the
  styles of a news feed (datelines, quotes, briefs, analysis; politics,
  conflict, markets, sport, science, weather), with words that do not repeat
  as templates do. Not gold: nothing in them is annotated or scored.
- ``real_style_articles()``: the throughput corpus: the team's articles, the
  development halves of the real-report and snippet gold (their texts, not
  their annotations; the held-out halves are left out) and the benchmark's
  news.
- ``generated_articles(n)``: wire-style articles from templates (countries,
  office-holders, the event verbs the lexicon reads), deterministic for a
  seed, about 150 words each, so that a corpus of any size can be made.
- ``synthetic_results(n_docs)``: ``DocumentResult`` records made directly
  (no parsing), for filling a store with a graph of a chosen size: about
  100 triples per document.
- ``synthetic_graph(n_entities, n_events)``: a ``KnowledgeGraph`` for the
  big-graph page tests.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from graphbuild.records import Article, Entity, Event, Evidence, KnowledgeGraph, Mention
from graphbuild.pipeline import DocumentResult
from graphbuild.ingest.read import read_articles

ROOT = Path(__file__).resolve().parent.parent
TEAM_FILES = (ROOT / "examples" / "articles.jsonl", ROOT / "examples" / "briefing.txt", ROOT / "tests" / "gold" / "dev_articles.jsonl")
DEV_REPORT_FILES = (ROOT / "tests" / "realnews" / "dev_articles.jsonl", ROOT / "tests" / "snippets" / "dev_articles.jsonl")
NEWS_FOLDER = ROOT / "benchmarks" / "news"

# (name, adjective, ISO 3166-1 alpha-3, capital)
COUNTRIES = [
    ("Brazil", "Brazilian", "BRA", "Brasilia"),
    ("Nigeria", "Nigerian", "NGA", "Abuja"),
    ("France", "French", "FRA", "Paris"),
    ("Germany", "German", "DEU", "Berlin"),
    ("Japan", "Japanese", "JPN", "Tokyo"),
    ("India", "Indian", "IND", "New Delhi"),
    ("Kenya", "Kenyan", "KEN", "Nairobi"),
    ("Mexico", "Mexican", "MEX", "Mexico City"),
    ("Indonesia", "Indonesian", "IDN", "Jakarta"),
    ("Turkey", "Turkish", "TUR", "Ankara"),
    ("Egypt", "Egyptian", "EGY", "Cairo"),
    ("Argentina", "Argentine", "ARG", "Buenos Aires"),
    ("Poland", "Polish", "POL", "Warsaw"),
    ("Vietnam", "Vietnamese", "VNM", "Hanoi"),
    ("Canada", "Canadian", "CAN", "Ottawa"),
    ("Ghana", "Ghanaian", "GHA", "Accra"),
    ("Chile", "Chilean", "CHL", "Santiago"),
    ("Peru", "Peruvian", "PER", "Lima"),
    ("Norway", "Norwegian", "NOR", "Oslo"),
    ("Australia", "Australian", "AUS", "Canberra"),
]
FIRST = ["Ana", "Marek", "Kwame", "Hiroshi", "Leila", "Tomas", "Priya", "Omar", "Ingrid", "Diego", "Amara", "Farid"]
LAST = ["Okafor", "Novak", "Tanaka", "Haddad", "Silva", "Mensah", "Kowalski", "Reyes", "Lindqvist", "Castillo", "Sharma", "Mwangi"]
ROLES = ["Foreign Minister", "President", "Prime Minister", "Defence Minister"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

# One sentence each; {a}/{b}: country names, {A}: adjective of a, {pa}/{pb}: people.
SENTENCES = [
    "{A} {ra} {pa} met {pb}, the {rb} of {b}, in {cap} on {day} to discuss trade and security.",
    "{a} accused {b} on {day} of violating the ceasefire along their shared border.",
    "The government of {a} imposed sanctions on {b} on {day}, citing human rights abuses.",
    "{a} and {b} signed an agreement on energy cooperation on {day}.",
    "{A} {ra} {pa} will visit {b} next month, officials said.",
    "{b} rejected the demands made by {a} on {day}.",
    "{a} urged {b} to release the detained journalists.",
    "Officials in {a} condemned the missile test carried out by {b} on {day}.",
    "{a} pledged $200 million in humanitarian aid to {b} on {day}.",
    "{pa} spoke by phone with {pb} on {day}, the {A} government said.",
    "{b} expelled two diplomats from {a} on {day}.",
    "{a} praised {b} for its role in the peace talks.",
]
FILLER = [
    "Analysts said the move reflected growing pressure on both governments ahead of regional elections.",
    "The talks covered shipping routes, fertilizer supplies and the financing of new port facilities.",
    "Neither side gave details of the timetable, and a joint statement is expected later in the week.",
    "Trade between the two countries has doubled over the past decade, according to official figures.",
    "Opposition lawmakers criticised the decision, saying parliament had not been consulted.",
    "The announcement came after months of negotiations mediated by regional partners.",
]


def team_articles() -> list[Article]:
    """The team's example and development articles."""
    return list(read_articles([str(p) for p in TEAM_FILES]))


def news_articles() -> list[Article]:
    return list(read_articles([str(p) for p in sorted(NEWS_FOLDER.glob("*.jsonl"))]))


def real_style_articles() -> list[Article]:
    return list(read_articles([str(p) for p in (*TEAM_FILES, *DEV_REPORT_FILES)])) + news_articles()


def generated_articles(n: int, seed: int = 7, prefix: str = "gen") -> list[Article]:
    """``n`` articles made from templates; the same ``n`` and ``seed`` give the same articles."""
    rng = random.Random(seed)
    people = {c[0]: [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)] for c in COUNTRIES}
    start = date(2024, 1, 1)
    articles = []
    for i in range(n):
        (a, adj, _, cap_a), (b, _, _, cap_b) = rng.sample(COUNTRIES, 2)
        published = start + timedelta(days=rng.randrange(365))
        sentences = []
        for _ in range(5):
            template = rng.choice(SENTENCES)
            sentences.append(
                template.format(
                    a=a, b=b, A=adj, cap=rng.choice([cap_a, cap_b]), day=rng.choice(WEEKDAYS),
                    pa=rng.choice(people[a]), pb=rng.choice(people[b]), ra=rng.choice(ROLES), rb=rng.choice(ROLES).lower(),
                )
            )
            sentences.append(rng.choice(FILLER))
        articles.append(
            Article(
                id=f"{prefix}-{i:06d}",
                text=" ".join(sentences),
                date=published.isoformat(),
                title=f"{a} and {b}",
                source=rng.choice(["Harbor Press Agency", "Courier Wire", "Daily Ledger"]),
            )
        )
    return articles


def _country(c) -> Entity:
    return Entity(key=f"country/{c[2]}", label=c[0], type="Country", country=c[2])


def synthetic_results(n_docs: int, seed: int = 11, events_per_doc: int = 4) -> list[DocumentResult]:
    """Per-document results as extraction would give them, without parsing.

    Actors are the 20 countries and 600 office-holders; about one report in
    four repeats an event of an earlier document, so events corroborate.
    """
    rng = random.Random(seed)
    people = []
    for c in COUNTRIES:
        for k in range(30):
            name = f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST) + k) % len(LAST)]} {c[2]}{k}"
            people.append(
                Entity(key=f"person/{name.lower().replace(' ', '-')}", label=name, type="Person", country=c[2], role=rng.choice(ROLES))
            )
    kinds = [("CONSULT", "meets", "visit"), ("ACCUSE", "accuses", None), ("SANCTION", "sanctions", None),
             ("AGREE", "agrees with", None), ("REQUEST", "urges", None), ("SUPPORT", "supports", None),
             ("THREATEN", "threatens", None), ("AID", "aids", None)]
    start = date(2023, 1, 1)
    earlier: list[Event] = []
    results = []
    for i in range(n_docs):
        doc_id = f"syn-{i:07d}"
        published = (start + timedelta(days=rng.randrange(730))).isoformat()
        article = Article(id=doc_id, text="", date=published, title=f"Report {i}", source=rng.choice(["Wire A", "Wire B", "Wire C"]),
                          url=f"https://news.example/{doc_id}", origin=f"synthetic:{i + 1}")
        entities: dict[str, Entity] = {}
        events = []
        for j in range(events_per_doc):
            if earlier and rng.random() < 0.25:
                base = rng.choice(earlier)
            else:
                kind, predicate, mode = rng.choice(kinds)
                actor = rng.choice(people) if rng.random() < 0.5 else _country(rng.choice(COUNTRIES))
                recipient = _country(rng.choice(COUNTRIES))
                base = Event(type=kind, actor=actor.key, recipient=recipient.key, status=rng.choice(["asserted", "asserted", "planned"]),
                             predicate=predicate, mode=mode, date=published, date_text="on Monday")
                entities.setdefault(actor.key, actor)
                entities.setdefault(recipient.key, recipient)
            for key in (base.actor, base.recipient):
                if key.startswith("country/"):
                    entities.setdefault(key, _country(next(c for c in COUNTRIES if c[2] == key[8:])))
                else:
                    entities.setdefault(key, next(p for p in people if p.key == key))
            sentence = f"Sentence {j} of {doc_id} telling that {base.actor} {base.predicate} {base.recipient}."
            evidence = Evidence(doc_id=doc_id, sentence=sentence, start=j * 100, end=j * 100 + len(sentence), trigger=base.predicate.split()[0],
                                source=article.source, url=article.url, published=published)
            event = Event(**{**base.__dict__, "evidence": (evidence,), "id": ""})
            events.append(event)
            earlier.append(event)
        mentions = tuple(Mention(doc_id=doc_id, text=e.label, start=0, end=len(e.label), type=e.type, label=e.label, country=e.country, key=e.key)
                         for e in entities.values())
        results.append(DocumentResult(article, mentions, tuple(entities[k] for k in sorted(entities)), tuple(events)))
    return results


def synthetic_graph(n_entities: int, n_events: int, seed: int = 3) -> KnowledgeGraph:
    """A graph with ``n_entities`` people/countries and ``n_events`` dated events
    between them, a few hubs taking part in many (as in news)."""
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    keys = []
    for i in range(n_entities):
        key = f"person/p{i:06d}"
        kg.entities[key] = Entity(key=key, label=f"Person {i}", type="Person" if i % 7 else "Country", country="BRA")
        keys.append(key)
    kinds = ["CONSULT", "ACCUSE", "SANCTION", "AGREE"]
    events = {}
    for i in range(n_events):
        # Preferential: low indices are hubs.
        a = keys[min(int(rng.paretovariate(1.2)) - 1, n_entities - 1) if rng.random() < 0.5 else rng.randrange(n_entities)]
        b = keys[rng.randrange(n_entities)]
        day = (date(2024, 1, 1) + timedelta(days=rng.randrange(366))).isoformat()
        ev = Event(type=rng.choice(kinds), actor=a, recipient=b, status="asserted", predicate="meets", date=day,
                   evidence=(Evidence(doc_id=f"d{i}", sentence=f"s{i}", start=0, end=2),), id=f"evt-{i:08d}")
        events[ev.id] = ev
    kg.events = [events[k] for k in sorted(events)]
    return kg
