"""Each ingest stage on its own: the path, decoding, line and field helpers
and every reader, called directly on tiny hand-built inputs (no spaCy).

tests/test_sources.py reads the same formats end to end through
``read_articles``; these pin down each module's own contract, so that a
failure names the module at fault.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

import pytest

from graphbuild.ingest.csvfile import csv_articles
from graphbuild.ingest.csvrows import CsvSource, csv_rows
from graphbuild.ingest.decode import BadBytes, check_bytes, decode_declared, decode_utf8
from graphbuild.ingest.fields import ReadOptions, clean_id, clean_str, record_article
from graphbuild.ingest.htmlpage import drop_title_line
from graphbuild.ingest.jsonl import jsonl_articles
from graphbuild.ingest.lines import Line, raw_lines
from graphbuild.ingest.paths import input_files, open_regular, read_bounded
from graphbuild.ingest.skips import SkipFile, SkipRecord
from graphbuild.ingest.stdin import stdin_articles
from graphbuild.ingest.text import text_article
from graphbuild.records import Article

OPTIONS = ReadOptions(text_column="text", id_column="id", date_column="date", max_bytes=1000)


class Reports(list):
    """A ``report`` callable that keeps what it is told, as "origin: message"."""

    def __call__(self, origin: str, message: str) -> None:
        self.append(f"{origin}: {message}")


def lines_of(data: bytes, limit: int = 1000) -> list[Line]:
    return list(raw_lines(io.BytesIO(data), limit))


# ---------------------------------------------------------------------------
# paths


def test_input_files_walks_sorted_skips_hidden_and_reports_what_it_cannot_take(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.jsonl").write_text("{}", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("H.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    missing, pdf = tmp_path / "gone.csv", tmp_path / "notes.pdf"
    report = Reports()
    found = list(input_files([tmp_path, "-", missing, pdf], None, report))
    assert found == [
        (tmp_path / "a.txt", os.path.join(str(tmp_path), "a.txt")),
        (tmp_path / "b" / "z.jsonl", os.path.join(str(tmp_path), "b", "z.jsonl")),
        (None, "<stdin>"),
    ]
    assert report == [
        f"{missing}: no such file or directory",
        f"{pdf}: unsupported file type '.pdf' (expected .csv, .htm, .html, .jsonl, .md, .ndjson, .txt)",
    ]


def test_input_files_glob_filters_folder_files_and_says_when_none_match(tmp_path):
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "b.csv").write_text("text\nB.\n", encoding="utf-8")
    report = Reports()
    assert list(input_files([tmp_path], "*.csv", report)) == [(tmp_path / "b.csv", os.path.join(str(tmp_path), "b.csv"))]
    assert list(input_files([tmp_path], "*.md", report)) == []
    assert report == [f"{tmp_path}: no files matching '*.md' in folder (looked for .csv, .htm, .html, .jsonl, .md, .ndjson, .txt)"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_open_regular_refuses_a_named_pipe_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "pipe.jsonl")
    with pytest.raises(SkipFile) as caught:
        open_regular(tmp_path / "pipe.jsonl")
    assert (caught.value.message, caught.value.origin) == ("not a regular file (a named pipe); skipped", None)


def test_read_bounded_gives_the_bytes_or_the_size_message(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes(b"x" * 1200)
    assert read_bounded(path, 1200) == b"x" * 1200
    with pytest.raises(SkipFile) as caught:
        read_bounded(path, 1000)
    assert caught.value.message == "file is 1,200 bytes, over the limit of 1,000 (max_bytes); skipped"


# ---------------------------------------------------------------------------
# decode and lines


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty file"),
        ("Talks.".encode("utf-16"), "UTF-16 text is not read; re-save the file as UTF-8"),
        (b"GIF89a\x00\x01", "binary file (NUL byte at byte 6), not text"),
    ],
)
def test_check_bytes_refuses_empty_utf16_and_binary(data, message):
    with pytest.raises(SkipFile) as caught:
        check_bytes(data)
    assert caught.value.message == message


def test_decode_utf8_drops_a_leading_bom_and_reports_offsets_in_the_file():
    assert decode_utf8(b"\xef\xbb\xbfCaf\xc3\xa9") == "Café"
    assert decode_utf8(b"\xef\xbb\xbfA", drop_bom=False) == "\ufeffA"  # a later line keeps it
    with pytest.raises(BadBytes) as caught:
        decode_utf8(b"\xef\xbb\xbfCaf\xe9", base=100)
    assert caught.value.offset == 106  # 100 + the 3-byte BOM + "Caf"
    assert caught.value.message == "invalid UTF-8 at byte 106; re-save the file as UTF-8"


def test_decode_declared_honours_a_meta_charset_and_nothing_else():
    page = '<html><head><meta charset="iso-8859-1"></head><body>Müller</body></html>'
    assert decode_declared(page.encode("iso-8859-1")) == page
    with pytest.raises(SkipFile) as caught:
        decode_declared(b"<html><body>M\xfcller</body></html>")
    assert caught.value.message == "invalid UTF-8 at byte 13; re-save the file as UTF-8"


def test_raw_lines_numbers_offsets_and_measures_a_line_over_the_limit():
    data = b"ab\r\n" + b"y" * 12 + b"\n\nlast"
    assert lines_of(data, limit=10) == [
        Line(number=1, offset=0, data=b"ab", size=2),
        Line(number=2, offset=4, data=None, size=12),  # over the limit: measured, not kept
        Line(number=3, offset=17, data=b"", size=0),
        Line(number=4, offset=18, data=b"last", size=4),
    ]


# ---------------------------------------------------------------------------
# fields


def test_record_article_takes_the_named_fields_and_cleans_them():
    record = {"id": " a\u200b1\t", "text": "Talks \ud800 resumed.", "date": "June 14, 2023",
              "title": "  Talks   resume ", "source": "", "url": 7}
    assert record_article(record, "feed.jsonl:3", "feed-3", OPTIONS) == Article(
        id="a1", text="Talks \ufffd resumed.", date="2023-06-14", title="Talks resume", source=None, url=None,
        origin="feed.jsonl:3")
    assert record_article({"id": "", "text": "T."}, "f:1", "f-1", OPTIONS).id == "f-1"
    assert (clean_id("\u0007 "), clean_str(" \n "), clean_str(["x"])) == ("", None, None)


@pytest.mark.parametrize(
    "record, message",
    [
        ({"id": "a"}, "record has no 'text'"),
        ({"text": " \n"}, "record has empty 'text'"),
        ({"text": 3}, "'text' is a number, not a string"),
        ({"text": "T.", "id": True}, "'id' is a boolean, not a string or number"),
        ({"text": "é" * 501}, "record text is 1,002 bytes, over the limit of 1,000 (max_bytes); skipped"),
    ],
)
def test_record_article_says_why_a_record_is_not_read(record, message):
    with pytest.raises(SkipRecord) as caught:
        record_article(record, "f:1", "f-1", OPTIONS)
    assert str(caught.value) == message


# ---------------------------------------------------------------------------
# readers


def test_text_article_markdown_title_and_line_breaks(tmp_path):
    path = tmp_path / "brief.md"
    path.write_bytes(b"# Talks\r\n\r\n* **Chile** praised [Peru](https://x.example).\r\n")
    assert text_article(path, "shown/brief.md", 1000) == Article(
        id="brief", text="Talks.\n\nChile praised Peru.\n", title="Talks", origin="shown/brief.md")
    bad = tmp_path / "latin.txt"
    bad.write_bytes(b"caf\xe9")
    with pytest.raises(SkipFile) as caught:
        text_article(bad, "latin.txt", 1000)
    assert caught.value.message == "invalid UTF-8 at byte 3; re-save the file as UTF-8"


def test_jsonl_articles_reads_on_past_each_bad_line():
    data = (b'\xef\xbb\xbf{"id": "a", "text": "One."}\n'
            b"\n"
            b'[1]\n'
            b'{"text": "caf\xe9"}\n'
            b'{"text": "Two.", "date": "2023-06-14T23:30:00-05:00"}\n')
    report = Reports()
    articles = list(jsonl_articles(lines_of(data), "feed.jsonl", "feed", OPTIONS, report))
    assert [(a.id, a.text, a.date, a.origin) for a in articles] == [
        ("a", "One.", None, "feed.jsonl:1"),
        ("feed-5", "Two.", "2023-06-14", "feed.jsonl:5"),
    ]
    assert report == [
        "feed.jsonl:3: JSON line is an array, not an object",
        "feed.jsonl:4: invalid UTF-8 at byte 49; re-save the file as UTF-8",
    ]
    with pytest.raises(SkipFile) as caught:
        list(jsonl_articles(lines_of(b"\n \n"), "blank.jsonl", "blank", OPTIONS, report))
    assert caught.value.message == "empty file (no records)"


def test_csv_articles_semicolons_case_folded_columns_and_a_broken_row():
    data = 'ID;Text;Date\nr1;"Kenya, then Ghana.";14 Jun 2023\nr2;\nr3;Chile praised Peru.;\n'.encode()
    report = Reports()
    articles = list(csv_articles(lines_of(data), "wire.csv", "wire", OPTIONS, report))
    assert [(a.id, a.text, a.date, a.origin) for a in articles] == [
        ("r1", "Kenya, then Ghana.", "2023-06-14", "wire.csv:2"),
        ("r3", "Chile praised Peru.", None, "wire.csv:4"),
    ]
    assert report == ["wire.csv:3: record has empty 'text'"]


def test_csv_articles_stops_the_file_at_a_line_of_invalid_utf8():
    data = b"id,text\nr1,fine\nr2,caf\xe9\nr3,never read\n"
    report = Reports()
    articles = csv_articles(lines_of(data), "rows.csv", "rows", OPTIONS, report)
    assert next(articles).id == "r1"
    with pytest.raises(SkipFile) as caught:
        next(articles)
    assert (caught.value.origin, caught.value.message) == (
        "rows.csv:3", "invalid UTF-8 at byte 22; re-save the file as UTF-8; rest of file not read")


def test_csv_field_size_limit_is_raised_only_while_a_row_is_parsed():
    default = csv.field_size_limit()
    big = "Kenya praised Ghana. " * 10_000  # 210,000 characters: over the csv module's default limit
    data = f'id,text\nbig,"{big}"\nnext,Chile praised Peru.\n'.encode()
    options = ReadOptions("text", "id", "date", 5_000_000)
    seen = []
    for article in csv_articles(lines_of(data, options.max_bytes), "big.csv", "big", options, Reports()):
        seen.append((article.id, len(article.text), csv.field_size_limit()))
    assert seen == [("big", len(big), default), ("next", 19, default)]
    assert csv.field_size_limit() == default


def test_csv_rows_reads_the_lines_after_an_unterminated_quote_again():
    text = ['id,text\n', 'a,"open\n', 'b,two\n', 'c,three\n']
    source = CsvSource(((n, t, 0) for n, t in enumerate(text, 1)), "q.csv", 1000)
    report = Reports()
    assert list(csv_rows(source, ",", report)) == [(1, ["id", "text"]), (3, ["b", "two"]), (4, ["c", "three"])]
    assert report == ["q.csv:2: unterminated quote: the record starting here runs to the end of the file; "
                      "skipped, the lines after it read as rows"]


def test_stdin_articles_plain_text_or_json_lines(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\nQin met Blinken.\r\nThey talked.\n"))
    assert list(stdin_articles(OPTIONS, Reports())) == [
        Article(id="stdin", text="\nQin met Blinken.\nThey talked.", origin="<stdin>")]
    monkeypatch.setattr(sys, "stdin", io.StringIO('\ufeff{"text": "One."}\nnot json\n'))
    report = Reports()
    assert [(a.id, a.origin) for a in stdin_articles(OPTIONS, report)] == [("stdin-1", "<stdin>:1")]
    assert report == ["<stdin>:2: invalid JSON: Expecting value (column 1)"]


def test_drop_title_line_only_when_the_first_line_repeats_the_title():
    assert drop_title_line("Talks  Resume\n\nKenya praised Ghana.", "talks resume") == "Kenya praised Ghana."
    assert drop_title_line("Talks resume\n", "Talks resume") == "Talks resume\n"  # nothing after it: kept
    assert drop_title_line("Kenya praised Ghana.\nMore.", "Talks resume") == "Kenya praised Ghana.\nMore."
