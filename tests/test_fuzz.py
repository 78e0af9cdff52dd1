"""Fuzzing, bounded and deterministic: random bytes, random JSON Lines and
random CSV through the readers (thousands of cases), random text through
the real build (a few hundred), hypothesis-made names through RDF.

What must hold, whatever the input:

- the readers never raise; every file gives articles or skip messages, and
  every message names the file, and the line (a real one) when it is about
  one record; in JSON Lines, every non-blank line is an article or a skip;
- the build never raises; every output (Turtle, N-Triples, JSON-LD, the
  events table, the page) is written and reads back: the RDF isomorphic to
  the graph and ``from_rdf`` giving the graph back, the CSV with every row
  complete and no cell a formula;
- any string as an entity key, label or document id gives IRIs that parse
  and a graph that round-trips.

``derandomize=True``: the same cases on every run, so CI is deterministic.
The budgets keep the whole file well under a minute on two cores.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from graphbuild.triples.record import select
from graphbuild.rdf.formats import dumps, serialize
from graphbuild.rdf.read import from_rdf, load_graph
from graphbuild.rdf.statements import to_rdf
from graphbuild.render import tables
from graphbuild.records import ASSERTED, ENTITY_TYPES, Article, Entity, Event, Evidence, KnowledgeGraph
from graphbuild.pipeline import build
from graphbuild.ingest.read import read_articles
from graphbuild.render.viz import render_html

FUZZ = dict(deadline=None, derandomize=True, database=None, print_blob=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
_IRI_OK = re.compile(r"https?://[A-Za-z0-9\-._~/;=#:%?]+")

# Characters that break things: controls, NUL, line and paragraph separators,
# bidi overrides, zero-width, lone surrogates, markup and quoting characters.
NASTY = ["\x00", "\x07", "\x1b", "\r", "\n", "\t", "\x85", "\u2028", "\u2029", "\u202e", "\u2066", "\u200b",
         "\ufeff", "\ud800", "\udfff", "<", ">", "&", '"', "'", "\\", "{", "}", "=", "@", "+", "-", "#", ";", "/",
         "%", "..", "😀", "\U0001f1fa\U0001f1f8", "ح", "א", "é", "ı"]
nasty_text = st.lists(st.one_of(st.characters(), st.sampled_from(NASTY)), max_size=40).map("".join)

# Words that make the extractor find actors and events in random text.
WORDS = ["France", "Germany", "Brazil", "Nigeria", "Kenya", "Japan", "India", "the United Nations", "NATO",
         "President", "Emmanuel Macron", "Foreign Minister", "Rafael Moreira", "Olaf Scholz", "Hamas",
         "accused", "met", "will visit", "praised", "threatened", "sanctioned", "attacked", "signed a deal with",
         "rejected", "on Monday", "next week", "said", "of", "in", "and", ".", ",", "\n\n", "'s", "he", "they"]
ACTORS = ["France", "Germany", "Brazil", "Nigeria", "Japan", "India", "the United Nations", "NATO", "Hamas",
          "President Emmanuel Macron", "Foreign Minister Rafael Moreira", "Chancellor Olaf Scholz"]
VERBS = ["accused", "met", "will visit", "praised", "threatened", "sanctioned", "attacked", "signed a deal with", "rejected"]
# A sentence the extractor reads as an event, with nasty text inside it.
sentence = st.builds("{} {} {} {} {}.".format, st.sampled_from(ACTORS), st.sampled_from(VERBS), st.sampled_from(ACTORS),
                     nasty_text, st.sampled_from(["on Monday", "next week", "in Paris", ""]))
soup = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(NASTY), nasty_text), min_size=1, max_size=30).map(" ".join)
newsy_text = st.lists(st.one_of(sentence, sentence, soup), min_size=1, max_size=4).map(" ".join)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _read(path: Path, **options) -> tuple[list[Article], list]:
    skips: list = []
    articles = list(read_articles([path], on_skip=skips.append, **options))
    return articles, skips


def _check_skips(skips, path: Path, lines: int | None) -> list[int]:
    """Every skip names ``path`` (and a line between 1 and ``lines``); one line of text each."""
    numbers = []
    for skip in skips:
        text = str(skip)
        assert "\n" not in text and "\r" not in text, text
        assert skip.message.strip(), skip
        if skip.origin == str(path):
            continue
        assert skip.origin.startswith(f"{path}:"), skip
        number = int(skip.origin[len(str(path)) + 1 :])
        assert 1 <= number <= (lines or 1), (skip, lines)
        numbers.append(number)
    return numbers


def _check_articles(articles: list[Article]) -> None:
    for a in articles:
        assert a.id and a.text.strip() and a.origin
        for value in (a.id, a.text, a.title, a.source, a.url, a.date):
            if value is not None:
                value.encode("utf-8")  # no lone surrogate reaches the pipeline
        assert len({x.id for x in articles}) == len(articles)


# ---------------------------------------------------------------------------
# readers


@settings(max_examples=1500, **FUZZ)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".jsonl", ".ndjson", ".csv"]))
def test_readers_survive_random_bytes(folder, data, suffix):
    path = folder / f"random{suffix}"
    path.write_bytes(data)
    articles, skips = _read(path)
    _check_skips(skips, path, data.count(b"\n") + 1)
    _check_articles(articles)
    assert articles or skips, "a file gave nothing and said nothing"


@settings(max_examples=150, **FUZZ)
@given(data=st.one_of(st.binary(max_size=2000), nasty_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      newsy_text.map(lambda t: f"<html><head><title>{t}</title></head><body><article><p>{t}</p>"
                                     f"<p>{t}</p></article></body></html>".encode("utf-8", "surrogatepass"))))
def test_html_reader_survives_random_pages(folder, data):
    path = folder / "random.html"
    path.write_bytes(data)
    articles, skips = _read(path)
    _check_skips(skips, path, None)
    _check_articles(articles)
    assert len(articles) + len(skips) == 1


short_text = st.lists(st.one_of(st.characters(), st.sampled_from(NASTY)), max_size=8).map("".join)
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), short_text)
json_value = st.one_of(json_scalar, st.lists(json_scalar, max_size=3), st.dictionaries(short_text, json_scalar, max_size=2))
record = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(short_text, st.integers(), st.floats(), st.booleans(), st.none(), st.lists(st.integers(), max_size=2)),
        "text": st.one_of(newsy_text, nasty_text, json_value),
        "date": st.one_of(short_text, st.sampled_from(["2024-05-06", "2024-02-30", "May 6, 2024", "yesterday"]), json_value),
        "title": st.one_of(short_text, json_value),
        "source": st.one_of(short_text, json_value),
        "url": st.one_of(short_text, json_value),
    },
)


@st.composite
def jsonl_line(draw) -> bytes:
    kind = draw(st.sampled_from(["record", "record", "record", "value", "truncated", "garbage", "blank"]))
    if kind == "blank":
        return draw(st.sampled_from([b"", b"   ", b"\t", b"\r"]))
    if kind == "garbage":
        return draw(st.binary(max_size=80)).replace(b"\n", b" ")
    obj = draw(record) if kind != "value" else draw(json_value)
    text = json.dumps(obj, ensure_ascii=draw(st.booleans()))
    if kind == "truncated":
        text = text[: draw(st.integers(0, max(len(text) - 1, 0)))]
    return text.encode("utf-8", "surrogatepass")  # a raw lone surrogate is invalid UTF-8, as in the wild


@settings(max_examples=1200, **FUZZ)
@given(lines=st.lists(jsonl_line(), max_size=6), ending=st.sampled_from([b"\n", b"\r\n"]),
       bom=st.booleans(), final=st.booleans())
def test_jsonl_reader_accounts_for_every_line(folder, lines, ending, bom, final):
    data = (b"\xef\xbb\xbf" if bom else b"") + ending.join(lines) + (ending if final and lines else b"")
    path = folder / "random.jsonl"
    path.write_bytes(data)
    articles, skips = _read(path)
    numbers = _check_skips(skips, path, data.count(b"\n") + 1)
    _check_articles(articles)
    file_level = [s for s in skips if s.origin == str(path)]
    if file_level:  # empty, binary or UTF-16: one message for the file, nothing read
        assert len(file_level) == 1 and not articles and not numbers
        return
    nonblank = [i + 1 for i, line in enumerate(data.split(b"\n")) if line.strip()]
    # Every non-blank line is an article or a skip naming that line; never both, never neither.
    origins = sorted([int(a.origin.rsplit(":", 1)[1]) for a in articles] + numbers)
    assert origins == nonblank, (origins, nonblank, [str(s) for s in skips])


@st.composite
def csv_file(draw) -> bytes:
    header = draw(st.lists(st.sampled_from(["id", "text", "Text", "date", "title", "source", "url", "other", ""])
                           | short_text, min_size=1, max_size=6))
    cell = st.one_of(st.sampled_from(WORDS), short_text, st.sampled_from(NASTY))
    rows = draw(st.lists(st.lists(cell, max_size=7), max_size=5))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    writer.writerows(rows)
    text = buf.getvalue()
    if draw(st.booleans()):  # break it: cut it short, or add a stray quote
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["", '"', '"\n', "\x00"]))
    return text.encode("utf-8", "surrogatepass")


@settings(max_examples=800, **FUZZ)
@given(data=csv_file(), text_column=st.sampled_from(["text", "TEXT", "body"]))
def test_csv_reader_survives_random_tables(folder, data, text_column):
    path = folder / "random.csv"
    path.write_bytes(data)
    articles, skips = _read(path, text_column=text_column)
    _check_skips(skips, path, data.count(b"\n") + 1)
    _check_articles(articles)


@settings(max_examples=300, **FUZZ)
@given(lines=st.lists(jsonl_line(), min_size=1, max_size=4), limit=st.integers(1, 400))
def test_size_limit_skips_with_a_message(folder, lines, limit):
    path = folder / "limited.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    articles, skips = _read(path, max_bytes=limit)
    _check_skips(skips, path, len(lines) + 1)
    for a in articles:
        assert len(a.text.encode("utf-8")) <= limit


# ---------------------------------------------------------------------------
# the build


def _check_outputs(kg: KnowledgeGraph, where: Path, html: bool, exact: bool = True) -> None:
    """Every output written, read back, complete. ``exact``: ``from_rdf`` gives
    the graph back (not so when a lone surrogate was written as U+FFFD)."""
    g = to_rdf(kg)
    plain = replace(kg, mentions=[])
    for fmt, parser in RDF_FORMATS.items():
        path = serialize(kg, where / f"graph.{fmt}")
        back = rdflib.Graph().parse(path, format=parser)
        assert isomorphic(back, g), fmt
        if exact:
            back = from_rdf(load_graph(path))
            # Open triples: the RDF holds those --triples chose, in its own order.
            assert set(back.triples) == set(select(kg.triples, kg.rdf_triples)), fmt
            assert replace(back, triples=[], rdf_triples=kg.rdf_triples) == replace(plain, triples=[]), fmt
    for node in {t for triple in g for t in triple if isinstance(t, rdflib.URIRef)}:
        assert _IRI_OK.fullmatch(str(node)) and len(node) < 300, str(node)[:200]
    path = tables.write_events_csv(kg, where / "events.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(tables.FIELDNAMES)
    assert all(len(r) == len(tables.FIELDNAMES) for r in rows)
    assert len(rows) - 1 == len(tables.events_rows(kg))
    assert not [c for r in rows[1:] for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    if html:
        page = render_html(kg, where / "graph.html").read_text("utf-8")
        assert page.count("</script>") == 2 and "\x00" not in page


articles_strategy = st.lists(
    st.builds(
        Article,
        id=st.one_of(st.sampled_from(["a", "b", "doc 1", "x/y", "..", "%2E"]), nasty_text.filter(bool)),
        text=st.one_of(newsy_text, nasty_text, st.text(max_size=300)),
        date=st.one_of(st.none(), st.sampled_from(["2024-05-06", "2023-12-31"])),
        title=st.one_of(st.none(), nasty_text),
        source=st.one_of(st.none(), nasty_text),
        url=st.one_of(st.none(), nasty_text),
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda a: a.id,
)


@settings(max_examples=200, **FUZZ)
@given(articles=articles_strategy)
def test_build_survives_random_text(nlp, folder, articles):
    """The API path: articles made in Python (lone surrogates and all) straight into the build."""
    kg = build(articles, nlp=nlp)
    assert set(kg.articles) == {a.id for a in articles}
    metadata = "".join(a.id + (a.title or "") + (a.source or "") + (a.url or "") for a in articles)
    _check_outputs(kg, folder, html=False, exact=not re.search("[\ud800-\udfff]", metadata))


good_line = st.fixed_dictionaries(
    {"id": short_text, "text": newsy_text},
    optional={"date": st.sampled_from(["2024-05-06", "6 May 2024", "x"]), "title": short_text, "source": short_text, "url": short_text},
).map(lambda r: json.dumps(r).encode("ascii"))


@settings(max_examples=150, **FUZZ)
@given(lines=st.lists(st.one_of(good_line, jsonl_line()), min_size=1, max_size=6))
def test_build_from_random_json_lines(nlp, folder, lines):
    """The file path: random JSON Lines through the reader, the build and every writer."""
    path = folder / "build.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    articles, skips = _read(path)
    _check_skips(skips, path, len(lines) + 1)
    if not articles:
        return
    kg = build(articles, nlp=nlp)
    assert set(kg.articles) == {a.id for a in articles}
    _check_outputs(kg, folder, html=len(kg.articles) % 2 == 0)


# ---------------------------------------------------------------------------
# any name, as IRIs and literals

name = st.one_of(nasty_text, st.text(max_size=20).map(lambda t: t * 500), st.sampled_from(["", " ", ".", "..", "/", "a/../b", "x" * 10_000]))


@settings(max_examples=150, **FUZZ)
@given(names=st.lists(name, min_size=1, max_size=4, unique=True), labels=st.lists(name, min_size=4, max_size=4),
       doc=name, sentence=name)
def test_any_name_gives_iris_that_parse_and_a_graph_that_round_trips(folder, names, labels, doc, sentence):
    entities = {n: Entity(n, labels[i % 4], ENTITY_TYPES[i % len(ENTITY_TYPES)], labels[(i + 1) % 4] or None,
                          labels[(i + 2) % 4] or None, tuple(sorted({labels[(i + 3) % 4]})))
                for i, n in enumerate(names)}
    entities = {k: entities[k] for k in sorted(entities)}
    keys = names
    events = [Event("CONSULT", keys[0], keys[-1], ASSERTED, labels[0],
                    evidence=(Evidence(doc, sentence, 0, len(sentence), source=labels[1] or None),), id="evt-1")]
    kg = KnowledgeGraph(entities=entities, events=events,
                        articles={doc: Article(doc, "", title=labels[2] or None, origin=labels[3])})
    g = to_rdf(kg)
    for fmt, parser in RDF_FORMATS.items():
        text = dumps(kg, fmt)
        back = rdflib.Graph().parse(data=text, format=parser)
        assert isomorphic(back, g), fmt
    for node in {t for triple in g for t in triple if isinstance(t, rdflib.URIRef)}:
        assert _IRI_OK.fullmatch(str(node)) and len(node) < 300, str(node)[:200]
    if not re.search("[\ud800-\udfff]", "".join(names + labels + [doc, sentence])):
        assert from_rdf(g) == kg
