"""Streaming builds and worker processes: the real model, real processes.

--workers N must give byte for byte the output of one worker; the build
must read its input as a stream (never the whole corpus at once); the
progress line shows only on a terminal.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from benchmarks.corpus import generated_articles
from graphbuild.cli.app import app
from graphbuild.records import Article
from graphbuild.pipeline import assemble_results, build, iter_results
from graphbuild.cli.progress import BuildProgress

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

runner = CliRunner()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gen") / "generated.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for a in generated_articles(30, seed=5):
            fh.write(json.dumps({"id": a.id, "text": a.text, "date": a.date, "source": a.source}) + "\n")
    return path


def _build(out: Path, *args) -> None:
    result = runner.invoke(app, ["build", str(EXAMPLES / "articles.jsonl"), str(EXAMPLES / "briefing.txt"), *map(str, args), "--out", str(out)])
    assert result.exit_code == 0, result.output


def test_two_workers_write_the_same_bytes_as_one(tmp_path, generated, nlp):
    _build(tmp_path / "one", generated)
    _build(tmp_path / "two", generated, "--workers", "2")
    for name in ("graph.ttl", "events.csv", "graph.html"):
        one, two = (tmp_path / "one" / name).read_bytes(), (tmp_path / "two" / name).read_bytes()
        assert one == two, name
    # Not vacuous: the generated articles gave events of several kinds.
    csv = (tmp_path / "one" / "events.csv").read_text("utf-8")
    assert csv.count("gen-") > 30 and "SANCTION" in csv and "ACCUSE" in csv


def test_results_come_back_in_input_order_from_many_chunks(nlp):
    articles = generated_articles(13, seed=9)
    one = list(iter_results(articles, nlp=nlp, batch_size=3))
    two = list(iter_results(articles, nlp=nlp, workers=2, batch_size=2))
    assert [r.article.id for r in two] == [a.id for a in articles]
    assert two == one
    assert assemble_results(two) == build(articles, nlp=nlp)


def test_input_is_read_as_a_stream(nlp):
    """The first results come while most of the input is still unread."""
    pulled = 0

    def articles():
        nonlocal pulled
        for a in generated_articles(60, seed=2):
            pulled += 1
            yield a

    for workers in (1, 2):
        pulled = 0
        stream = iter_results(articles(), nlp=nlp, workers=workers, batch_size=4)
        first = next(stream)
        assert first.article.id == "gen-000000"
        # One chunk per worker in flight and one more being cut: far from all 60.
        assert pulled <= 4 * (2 * workers + 1), (workers, pulled)
        assert len(list(stream)) == 59


def test_a_failing_worker_fails_the_build(nlp):
    bad = [Article(id="ok", text="Chile praised Peru."), Article(id="bad", text=None)]  # type: ignore[arg-type]
    with pytest.raises(Exception):
        list(iter_results(bad, nlp=nlp, workers=2, batch_size=1))
    with pytest.raises(ValueError):
        list(iter_results([], nlp=nlp, workers=0))


def test_on_document_sees_every_article(nlp):
    seen = []
    kg = build(generated_articles(5), nlp=nlp, on_document=seen.append, workers=2, batch_size=2)
    assert [r.article.id for r in seen] == sorted(kg.articles)


def test_progress_is_off_without_a_terminal():
    stream = io.StringIO()
    with BuildProgress(stream=stream) as bar:
        for _ in range(3):
            bar.advance()
    assert not bar.enabled and bar.count == 3 and stream.getvalue() == ""


def test_progress_shows_count_and_rate_on_a_terminal():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100)
    with BuildProgress(enabled=True, console=console) as bar:
        for _ in range(5):
            bar.advance()
        bar._progress.refresh()
        shown = buffer.getvalue()
    assert "5 articles" in shown and "articles/s" in shown


def test_cli_progress_flag_and_bad_worker_count(tmp_path, nlp):
    result = runner.invoke(app, ["build", str(EXAMPLES / "briefing.txt"), "--workers", "0", "--out", str(tmp_path)])
    assert result.exit_code != 0 and not (tmp_path / "graph.ttl").exists()
    result = runner.invoke(app, ["build", str(EXAMPLES / "briefing.txt"), "--no-progress", "--out", str(tmp_path)])
    assert result.exit_code == 0 and "articles/s" not in result.output
