"""The whole build: articles in, one ``KnowledgeGraph`` out.

Each article flows through parse -> mentions -> resolve -> events on its own;
only the small per-document results are kept, never the parsed ``Doc``, so
memory holds the graph and not the corpus.

``iter_results`` is the stream: articles are read lazily, cut into chunks of
``batch_size``, each chunk parsed with ``nlp.pipe`` and turned into
``DocumentResult``s. With ``workers > 1`` the chunks go to a pool of worker
processes, each with its own copy of the model (forked from this process
where the platform allows, so the model is not loaded again), and only the
small picklable results come back. At most ``2 * workers`` chunks are in
flight, so memory does not grow with the corpus. Results come back in input
order whatever the number of workers, and every chunk goes through the same
code in both cases, so the output is byte for byte the same.

``cluster.py`` sends the same chunks to a Dask cluster's workers, through
the same ``extract_chunk`` and the same ordered window (``in_order``).

Why not ``nlp.pipe(n_process=N)``: it sends every parsed ``Doc`` back to
the parent, which then does the extraction alone; here the workers extract
too and send back a few hundred bytes per article.
"""

from __future__ import annotations

import multiprocessing
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from graphbuild.knowledge import dictionaries, gazetteer
from graphbuild.ingest.datelines import blank_dateline
from graphbuild.events import extract_events
from graphbuild.graph.corpus import corpus_graph
from graphbuild.entities.mentions import find_mentions
from graphbuild.records import Article, Entity, Event, Evidence, KnowledgeGraph, Mention
from graphbuild.nlp.headlines import Rewrite, headline_end, rewrite
from graphbuild.nlp.model import load_model, parse
from graphbuild.events.lexicon import load as event_lexicon
from graphbuild.entities.resolve import resolve_document
from graphbuild.triples.record import Triple, document_triples, shifted
from graphbuild.safetext import SURROGATE


@dataclass(frozen=True)
class DocumentResult:
    """What one article gave: its resolved mentions, entities and events."""

    article: Article
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...]
    events: tuple[Event, ...]
    triples: tuple[Triple, ...] = ()
    sentences: int = 0


def extract_document(article: Article, doc: Doc) -> DocumentResult:
    """Mentions, entities and events of one parsed article."""
    dateline_country = gazetteer.load().place_country(article.dateline) if article.dateline else None
    resolved = resolve_document(doc, find_mentions(doc, article.id, dateline_country))
    found = extract_events(doc, article, resolved)
    # The resolved actors, and the countries and unidentified actors the events introduced.
    entities = {**resolved.entities, **{e.key: e for e in found.new_entities}}
    return DocumentResult(
        replace(article, text=""),
        tuple(resolved.mentions),
        tuple(entities[k] for k in sorted(entities)),
        tuple(found.events),
        tuple(document_triples(doc, article.id, resolved.token_keys)),
        sum(1 for _ in doc.sents),
    )


def assemble_results(results: Iterable[DocumentResult]) -> KnowledgeGraph:
    """One graph from per-document results, in document-id order."""
    results = sorted(results, key=lambda r: r.article.id)
    return corpus_graph(
        [r.article for r in results],
        [e for r in results for e in r.entities],
        [ev for r in results for ev in r.events],
        [m for r in results for m in r.mentions],
        [t for r in results for t in r.triples],
    )


# Articles per chunk (and per nlp.pipe batch). benchmarks/bench.py measured
# 16 to 64 within noise of each other on news-length articles.
BATCH_SIZE = 32


def chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def _without_dateline(article: Article) -> Article:
    """The article with its dateline ("SEOUL (Reuters) -") blanked out and kept as ``dateline``."""
    def is_place(name: str) -> bool:
        return gazetteer.load().place_country(name) is not None

    text, place = blank_dateline(article.text, is_place)
    end = headline_end(article.text) if place is None else None
    if end is not None:  # "Headline\nSEOUL (Reuters) - ...": the dateline opens the body
        body, place = blank_dateline(article.text[end:], is_place)
        text = article.text[:end] + body
    return article if place is None else replace(article, text=text, dateline=place)


def extract_chunk(nlp: Language, chunk: list[Article], batch_size: int) -> list[DocumentResult]:
    """The results of one chunk: the same code with one worker or many.

    An article longer than ``SEGMENT_CHARS`` is parsed and read in segments
    (see ``segments``), and their results joined into the article's result.
    """
    chunk = [_without_dateline(a) for a in chunk]
    pieces = [(i, start, replace(article, text=text), prose) for i, article in enumerate(chunk)
              for start, text, prose in _pieces(article.text)]
    parts: list[list[DocumentResult]] = [[] for _ in chunk]
    for (i, start, _, prose), (piece, doc) in zip(pieces, parse((p for _, _, p, _ in pieces), nlp, batch_size=batch_size)):
        result = extract_document(piece, doc)
        if prose is None:
            result = _sentences_from(result, piece.text, doc.text)
        else:
            result = _from_headline(result, prose, chunk[i].text)
        parts[i].append(_shifted(result, start))
    return [found[0] if len(found) == 1 else _joined(article, found) for article, found in zip(chunk, parts)]


def _is_event_verb(lemma: str) -> bool:
    return bool(dictionaries.verbs().blocks_of(lemma)) or lemma in event_lexicon().verbs


def _pieces(text: str) -> list[tuple[int, str, Rewrite | None]]:
    """(offset, text to parse, headline rewrite) for each part of an article
    read on its own: its segments, and a headline ("Pakistan expels Afghan
    envoy") as its own part, parsed as prose says it (``nlp.headlines``)."""
    out = []
    for start, piece in segments(text):
        end = headline_end(piece) if start == 0 else None
        prose = rewrite(piece[:end], _is_event_verb) if end is not None else None
        if prose is None:
            out.append((start, piece, None))
            continue
        out.append((0, prose.text, prose))
        if piece[end:]:
            out.append((end, piece[end:], None))
    return out


def _from_headline(result: DocumentResult, prose: Rewrite, text: str) -> DocumentResult:
    """A headline's result read off its prose form, at the headline's offsets and in its words."""

    def span(x):
        start, end = prose.original(x.start), prose.original(x.end)
        return {"start": start, "end": end, "sentence": text[start:end]} if hasattr(x, "sentence") else {"start": start, "end": end}

    def ev(x: Evidence) -> Evidence:
        return replace(x, **span(x), trigger=prose.restore(x.trigger, text))

    return replace(
        result,
        mentions=tuple(replace(m, **span(m), text=text[prose.original(m.start) : prose.original(m.end)]) for m in result.mentions),
        events=tuple(replace(e, evidence=tuple(ev(x) for x in e.evidence)) for e in result.events),
        triples=tuple(replace(t, **span(t), predicate=prose.restore(t.predicate, text)) for t in result.triples),
    )


# Longer articles are read in segments of at most this many characters. The
# event reader's work grows with (events x tokens) of a document, so one huge
# text (a dump, a table, 100,000 words without a full stop) would take hours
# in one piece; in segments it takes time in proportion to its length. News
# articles are far shorter and go through whole. A pronoun at the start of a
# segment does not see the names of the segment before.
SEGMENT_CHARS = 20_000
_BREAKS = (re.compile(r"\n[ \t\r\f\v]*\n\s*"), re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"), re.compile(r"\s+"))


def segments(text: str, limit: int = SEGMENT_CHARS) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) pairs of at most ``limit`` characters that
    join back into ``text``: cut after the last paragraph break in the second
    half of the window, else the last sentence end, else the last whitespace,
    else at ``limit``.

    >>> segments("ab")
    [(0, 'ab')]
    >>> segments("One. Two. Three.", limit=10)
    [(0, 'One. Two. '), (10, 'Three.')]
    """
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = limit
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window, limit // 2)]
            if ends:
                cut = ends[-1]
                break
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _sentences_from(result: DocumentResult, text: str, parsed: str) -> DocumentResult:
    """Evidence sentences as the article has them, where the text spaCy
    parsed differs (``nlp.parse_text``: same length, long punctuation
    runs cut short). Lone surrogates stay U+FFFD, as spaCy was given them."""
    if parsed == text:
        return result
    text = SURROGATE.sub("\ufffd", text)
    if parsed == text:
        return result

    def ev(x: Evidence) -> Evidence:
        return replace(x, sentence=text[x.start : x.end])

    return replace(result, events=tuple(replace(e, evidence=tuple(ev(x) for x in e.evidence)) for e in result.events))


def _shifted(result: DocumentResult, offset: int) -> DocumentResult:
    """A segment's result with character offsets counted from the article's start."""
    if not offset:
        return result

    def ev(x: Evidence) -> Evidence:
        return replace(x, start=x.start + offset, end=x.end + offset)

    return replace(
        result,
        mentions=tuple(replace(m, start=m.start + offset, end=m.end + offset) for m in result.mentions),
        events=tuple(replace(e, evidence=tuple(ev(x) for x in e.evidence)) for e in result.events),
        triples=tuple(shifted(t, offset, 0) for t in result.triples),
    )


def _joined(article: Article, results: list[DocumentResult]) -> DocumentResult:
    """One article's result from its segments' results, in text order."""
    return DocumentResult(
        replace(article, text=""),
        tuple(m for r in results for m in r.mentions),
        tuple(sorted((e for r in results for e in r.entities), key=lambda e: e.key)),
        tuple(e for r in results for e in r.events),
        tuple(shifted(t, 0, sum(p.sentences for p in results[:n])) for n, r in enumerate(results) for t in r.triples),
        sum(r.sentences for r in results),
    )


_worker_nlp: Language | None = None


def _init_worker(nlp: Language, user_dictionaries: tuple[str, ...] = ()) -> None:
    global _worker_nlp
    _worker_nlp = nlp
    if user_dictionaries != dictionaries.user_dictionaries():
        dictionaries.use(user_dictionaries)  # a spawned worker starts without them
    _end_with_parent()


def _end_with_parent(every: float = 0.5) -> None:
    """End this worker when the process that started it dies (``kill -9``
    of a build would leave its workers parsing on): Linux's parent-death
    signal where there is one, and a thread that watches the parent's pid."""
    import os
    import threading

    parent = os.getppid()
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, ValueError):
        pass  # not Linux: the thread alone

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="graphbuild-parent-watch", daemon=True).start()


def _work(chunk: list[Article], batch_size: int) -> list[DocumentResult]:
    assert _worker_nlp is not None, "worker not initialised"
    return extract_chunk(_worker_nlp, chunk, batch_size)


def _context() -> multiprocessing.context.BaseContext:
    # fork: the workers share the loaded model's pages (copy on write) and
    # start at once; elsewhere the model is pickled to each worker.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def iter_results(
    articles: Iterable[Article],
    model: str | None = None,
    nlp: Language | None = None,
    *,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
) -> Iterator[DocumentResult]:
    """The ``DocumentResult`` of each article, in input order, as a stream.

    ``workers`` processes parse and extract in parallel (1: in this process).
    An exception raised in a worker is raised here.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    nlp = nlp or load_model(model)
    pieces = chunks(articles, batch_size)
    if workers == 1:
        for chunk in pieces:
            yield from extract_chunk(nlp, chunk, batch_size)
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init_worker, initargs=(nlp, dictionaries.user_dictionaries()))
    try:
        yield from in_order(lambda chunk: pool.submit(_work, chunk, batch_size), pieces, 2 * workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def in_order(submit: Callable[[list[Article]], Future], pieces: Iterable[list[Article]], window: int) -> Iterator[DocumentResult]:
    """The results of each chunk ``submit`` started, in input order, with at
    most ``window`` chunks in flight (so memory does not grow with the
    corpus). Any future with ``result()`` will do: a process pool's, or a
    Dask cluster's (``cluster.py``)."""
    pending: deque[Future] = deque()
    for chunk in pieces:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def build(
    articles: Iterable[Article],
    model: str | None = None,
    nlp: Language | None = None,
    on_document: Callable[[DocumentResult], None] | None = None,
    *,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
) -> KnowledgeGraph:
    """Parse, extract, resolve and assemble ``articles`` into one graph.

    ``model`` names a spaCy pipeline (default: ``en_core_web_sm`` when
    installed, else its PyPI republication); ``nlp`` passes one already loaded.
    ``on_document`` is called after each article (for progress reporting).
    ``workers`` spreads parsing over that many processes; the graph is the
    same whatever their number.
    """
    results = []
    for result in iter_results(articles, model, nlp, workers=workers, batch_size=batch_size):
        results.append(result)
        if on_document is not None:
            on_document(result)
    return assemble_results(results)
