"""Reading articles: every format from real files, and every kind of bad input."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from pathlib import Path

import pytest

from graphbuild.ingest.pubdate import normalize_date
from graphbuild.ingest.read import read_articles
from graphbuild.ingest.skips import Skip

GOOD = "Antony Blinken will travel to China this weekend."


def read(paths, **kwargs):
    """(articles, skip messages as strings) of one batch."""
    skips: list[Skip] = []
    articles = list(read_articles(paths, on_skip=skips.append, **kwargs))
    return articles, [str(s) for s in skips]


def jsonl(path: Path, *records) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# formats


def test_txt_and_md_are_one_article_each(tmp_path):
    (tmp_path / "brief.txt").write_text("Qin met Blinken.\r\nThey talked.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Talks\n\nWang Yi spoke.\n", encoding="utf-8")
    articles, skips = read([tmp_path / "brief.txt", tmp_path / "notes.md"])
    assert skips == []
    txt, md = articles
    assert (txt.id, txt.text, txt.date, txt.title, txt.origin) == (
        "brief",
        "Qin met Blinken.\nThey talked.\n",
        None,
        None,
        str(tmp_path / "brief.txt"),
    )
    # Markdown: the heading is a sentence of its own and the title.
    assert (md.id, md.text, md.title, md.origin) == ("notes", "Talks.\n\nWang Yi spoke.\n", "Talks", str(tmp_path / "notes.md"))


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    articles, skips = read([path])
    assert skips == [] and articles[0].text == GOOD


def test_jsonl_records(tmp_path):
    path = jsonl(
        tmp_path / "news.jsonl",
        {"id": "a", "text": GOOD, "date": "2023-06-14T09:30:00Z", "title": " Blinken  to travel ",
         "source": "AP", "url": "https://example.com/a"},
        "",
        "   ",
        {"text": "No id here.", "date": "June 14, 2023"},
        {"id": 42, "text": "Numeric id.", "date": "14 Jun 2023"},
        {"id": "b", "text": "Bad date.", "date": "the other day"},
    )
    articles, skips = read([path])
    assert skips == []
    assert [(a.id, a.date, a.origin) for a in articles] == [
        ("a", "2023-06-14", f"{path}:1"),
        ("news-4", "2023-06-14", f"{path}:4"),
        ("42", "2023-06-14", f"{path}:5"),
        ("b", None, f"{path}:6"),
    ]
    first = articles[0]
    assert (first.text, first.title, first.source, first.url) == (GOOD, "Blinken to travel", "AP", "https://example.com/a")


def test_ndjson_and_custom_keys(tmp_path):
    path = jsonl(tmp_path / "feed.ndjson", {"doc": "x1", "body": GOOD, "published": "2023-06-14"})
    articles, skips = read([path], text_column="body", id_column="doc", date_column="published")
    assert skips == []
    assert [(a.id, a.text, a.date) for a in articles] == [("x1", GOOD, "2023-06-14")]


def test_csv_rows(tmp_path):
    path = tmp_path / "wire.csv"
    path.write_text(
        "id,date,title,text,source,url\n"
        'c1,2023-06-14,First,"Blinken will travel, officials said.",Reuters,https://r.example/1\n'
        '\n'
        'c2,"June 15, 2023",Second,"Two lines\nof text.",,\n'
        ',,,"No id, third row.",,\n',
        encoding="utf-8",
    )
    articles, skips = read([path])
    assert skips == []
    assert [(a.id, a.date, a.title, a.text, a.source, a.url, a.origin) for a in articles] == [
        ("c1", "2023-06-14", "First", "Blinken will travel, officials said.", "Reuters", "https://r.example/1",
         f"{path}:2"),
        ("c2", "2023-06-15", "Second", "Two lines\nof text.", None, None, f"{path}:4"),
        ("wire-6", None, None, "No id, third row.", None, None, f"{path}:6"),
    ]


def test_csv_configurable_columns_and_semicolons(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Key;Published;Body\nk1;14 Jun 2023;Qin urged the United States to act.\n", encoding="utf-8")
    articles, skips = read([path], text_column="Body", id_column="Key", date_column="Published")
    assert skips == []
    assert [(a.id, a.date, a.text) for a in articles] == [("k1", "2023-06-14", "Qin urged the United States to act.")]


PAGE = """<!DOCTYPE html>
<html><head>
<title>Blinken to travel to China | Example News</title>
<meta property="og:title" content="Blinken to travel to China">
<meta property="article:published_time" content="2023-06-14T09:30:00Z">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://news.example.com/world/blinken-china">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav>
<main><article>
<h1>Blinken to travel to China</h1>
<p>US Secretary of State Antony Blinken will travel to China this weekend amid growing tension
between the two countries, the State Department said on Wednesday.</p>
<p>He expects to meet with Foreign Minister Qin Gang on Sunday, as well as China's top diplomat,
Wang Yi, according to US officials who briefed reporters in Washington.</p>
</article></main>
<footer><p>Copyright 2023 Example News. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/cookies">Cookie settings</a></p></footer>
</body></html>
"""


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "blinken-china.html"
    path.write_text(PAGE, encoding="utf-8")
    articles, skips = read([path])
    assert skips == []
    (page,) = articles
    assert page.id == "blinken-china"
    assert page.origin == str(path)
    assert page.title == "Blinken to travel to China"
    assert page.date == "2023-06-14"
    assert page.source == "Example News"
    assert page.url == "https://news.example.com/world/blinken-china"
    assert page.text.startswith("US Secretary of State Antony Blinken will travel to China this weekend")
    assert "Wang Yi" in page.text
    for boilerplate in ("Subscribe", "Home", "Copyright", "Privacy", "Cookie"):
        assert boilerplate not in page.text


def test_html_declared_charset_is_honoured(tmp_path):
    path = tmp_path / "latin.htm"
    page = PAGE.replace("<head>", '<head><meta charset="iso-8859-1">').replace("Wang Yi", "Wang Yi (Müller)")
    path.write_bytes(page.encode("iso-8859-1"))
    articles, skips = read([path])
    assert skips == []
    assert "Wang Yi (Müller)" in articles[0].text


def test_html_without_article_text(tmp_path):
    path = tmp_path / "empty-page.html"
    path.write_text("<html><head><title>Nothing here</title></head><body><script>var x = 1;</script></body></html>",
                    encoding="utf-8")
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    articles, skips = read([path, tmp_path / "ok.txt"])
    assert skips == [f"{path}: no article text found in the page"]
    assert [a.id for a in articles] == ["ok"]


def test_folder_walk_is_recursive_sorted_and_filtered(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z text.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A text.", encoding="utf-8")
    jsonl(tmp_path / "c.jsonl", {"id": "c1", "text": "C text."})
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.txt").write_text("Hidden.", encoding="utf-8")
    articles, skips = read([tmp_path])
    assert skips == []
    assert [a.id for a in articles] == ["a", "z", "c1"]
    assert articles[1].origin == os.path.join(str(tmp_path), "b", "z.txt")

    articles, skips = read([tmp_path], glob="*.jsonl")
    assert skips == [] and [a.id for a in articles] == ["c1"]


def test_single_path_string(tmp_path):
    (tmp_path / "one.txt").write_text(GOOD, encoding="utf-8")
    articles, _ = read(str(tmp_path / "one.txt"))
    assert [a.id for a in articles] == ["one"]


def test_stdin_json_lines(monkeypatch):
    data = '\n  {"id": "s1", "text": "From stdin."}\n{"text": "Second."}\nnot json\n'
    monkeypatch.setattr(sys, "stdin", io.StringIO(data))
    articles, skips = read(["-"])
    assert [(a.id, a.text, a.origin) for a in articles] == [
        ("s1", "From stdin.", "<stdin>:2"),
        ("stdin-3", "Second.", "<stdin>:3"),
    ]
    assert skips == ["<stdin>:4: invalid JSON: Expecting value (column 1)"]


def test_stdin_plain_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\nQin met Blinken.\nThey talked.\n"))
    articles, skips = read(["-"])
    assert skips == []
    assert [(a.id, a.text, a.origin) for a in articles] == [("stdin", "\nQin met Blinken.\nThey talked.", "<stdin>")]


def test_stdin_empty(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("  \n\n"))
    assert read(["-"]) == ([], ["<stdin>: empty input"])


@pytest.mark.parametrize(
    "raw, iso",
    [
        ("2023-06-14", "2023-06-14"),
        ("2023-06-14T09:30:00Z", "2023-06-14"),
        ("2023-06-14T23:30:00-05:00", "2023-06-14"),
        ("June 14, 2023", "2023-06-14"),
        ("14 Jun 2023", "2023-06-14"),
        ("Wed, 14 Jun 2023 09:30:00 GMT", "2023-06-14"),
        ("2023-02-30", None),
        ("June 2023", None),
        ("yesterday", None),
        ("Tuesday", None),
        ("not a date", None),
        ("", None),
        (None, None),
        (20230614, None),
    ],
)
def test_normalize_date(raw, iso):
    assert normalize_date(raw) == iso


# ---------------------------------------------------------------------------
# bad input: each names the file (and line) and the rest of the batch comes through


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_missing_file(tmp_path, good):
    missing = tmp_path / "missing.jsonl"
    articles, skips = read([missing, good])
    assert skips == [f"{missing}: no such file or directory"]
    assert [a.id for a in articles] == ["good"]


def test_unsupported_file_type(tmp_path, good):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    articles, skips = read([pdf, good])
    assert skips == [f"{pdf}: unsupported file type '.pdf' (expected .csv, .htm, .html, .jsonl, .md, .ndjson, .txt)"]
    assert [a.id for a in articles] == ["good"]


def test_folder_without_article_files(tmp_path, good):
    empty = tmp_path / "empty"
    empty.mkdir()
    articles, skips = read([empty, good])
    assert skips == [f"{empty}: no article files in folder (looked for .csv, .htm, .html, .jsonl, .md, .ndjson, .txt)"]
    assert [a.id for a in articles] == ["good"]
    _, skips = read([tmp_path], glob="*.csv")
    assert skips == [f"{tmp_path}: no files matching '*.csv' in folder (looked for .csv, .htm, .html, .jsonl, .md, .ndjson, .txt)"]


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.csv", "empty.html"])
def test_empty_file(tmp_path, good, name):
    path = tmp_path / name
    path.write_bytes(b"")
    articles, skips = read([path, good])
    assert skips == [f"{path}: empty file"]
    assert [a.id for a in articles] == ["good"]


def test_blank_files(tmp_path, good):
    txt, lines, table = tmp_path / "blank.txt", tmp_path / "blank.jsonl", tmp_path / "blank.csv"
    txt.write_text(" \n\t\n", encoding="utf-8")
    lines.write_text("\n  \n\n", encoding="utf-8")
    table.write_text("\n\n", encoding="utf-8")
    articles, skips = read([txt, lines, table, good])
    assert skips == [
        f"{txt}: empty file (whitespace only)",
        f"{lines}: empty file (no records)",
        f"{table}: empty file (no header row)",
    ]
    assert [a.id for a in articles] == ["good"]


def test_binary_file(tmp_path, good):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"GIF89a\x01\x00\x01\x00\x00\xff")
    lines = tmp_path / "dump.jsonl"
    lines.write_bytes(b'{"id": "x", "text": "ok"}\n\x00\x00\x00')
    articles, skips = read([path, lines, good])
    assert skips == [f"{path}: binary file (NUL byte at byte 7), not text", f"{lines}: binary file (NUL byte at byte 26), not text"]
    assert [a.id for a in articles] == ["good"]


def test_utf16_file(tmp_path, good):
    path = tmp_path / "wide.txt"
    path.write_text(GOOD, encoding="utf-16")
    articles, skips = read([path, good])
    assert skips == [f"{path}: UTF-16 text is not read; re-save the file as UTF-8"]
    assert [a.id for a in articles] == ["good"]


def test_invalid_utf8_whole_file(tmp_path, good):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 talks.".encode("latin-1"))
    articles, skips = read([path, good])
    assert skips == [f"{path}: invalid UTF-8 at byte 3; re-save the file as UTF-8"]
    assert [a.id for a in articles] == ["good"]


def test_invalid_utf8_jsonl_line(tmp_path):
    path = tmp_path / "mixed.jsonl"
    first = b'{"id": "a", "text": "fine"}\n'
    path.write_bytes(first + b'{"id": "b", "text": "caf\xe9"}\n{"id": "c", "text": "also fine"}\n')
    articles, skips = read([path])
    assert skips == [f"{path}:2: invalid UTF-8 at byte {len(first) + 24}; re-save the file as UTF-8"]
    assert [a.id for a in articles] == ["a", "c"]


def test_invalid_utf8_csv_stops_the_file(tmp_path, good):
    path = tmp_path / "rows.csv"
    head = b"id,text\nr1,fine\n"
    path.write_bytes(head + b"r2,caf\xe9\nr3,never read\n")
    articles, skips = read([path, good])
    assert skips == [f"{path}:3: invalid UTF-8 at byte {len(head) + 6}; re-save the file as UTF-8; rest of file not read"]
    assert [a.id for a in articles] == ["r1", "good"]


def test_invalid_and_truncated_json(tmp_path, good):
    path = jsonl(
        tmp_path / "broken.jsonl",
        {"id": "a", "text": "fine"},
        '{"id": "b", "text": "cut off',
        '{"id": "c", "text": }',
        {"id": "d", "text": "fine too"},
    )
    articles, skips = read([path, good])
    assert skips == [
        f"{path}:2: invalid JSON: Unterminated string starting at (column 21)",
        f"{path}:3: invalid JSON: Expecting value (column 21)",
    ]
    assert [a.id for a in articles] == ["a", "d", "good"]


def test_json_line_not_an_object(tmp_path):
    path = jsonl(tmp_path / "kinds.jsonl", '["a", "b"]', '"text"', "3", "null", {"id": "ok", "text": "fine"})
    articles, skips = read([path])
    assert skips == [
        f"{path}:1: JSON line is an array, not an object",
        f"{path}:2: JSON line is a string, not an object",
        f"{path}:3: JSON line is a number, not an object",
        f"{path}:4: JSON line is null, not an object",
    ]
    assert [a.id for a in articles] == ["ok"]


def test_records_without_usable_text(tmp_path):
    path = jsonl(
        tmp_path / "texts.jsonl",
        {"id": "a"},
        {"id": "b", "text": ""},
        {"id": "c", "text": "  \n "},
        {"id": "d", "text": ["not", "a", "string"]},
        {"id": ["bad"], "text": "fine"},
        {"id": "e", "text": "fine"},
    )
    articles, skips = read([path])
    assert skips == [
        f"{path}:1: record has no 'text'",
        f"{path}:2: record has empty 'text'",
        f"{path}:3: record has empty 'text'",
        f"{path}:4: 'text' is an array, not a string",
        f"{path}:5: 'id' is an array, not a string or number",
    ]
    assert [a.id for a in articles] == ["e"]


def test_csv_row_with_empty_text(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("id,text\nr1,\nr2,fine\n", encoding="utf-8")
    articles, skips = read([path])
    assert skips == [f"{path}:2: record has empty 'text'"]
    assert [a.id for a in articles] == ["r2"]


def test_csv_without_text_column(tmp_path, good):
    path = tmp_path / "wrong.csv"
    path.write_text("id,body,date\n1,Some text,2023-06-14\n2,More text,2023-06-15\n", encoding="utf-8")
    articles, skips = read([path, good])
    assert skips == [f"{path}: no 'text' column in the header (columns: id, body, date)"]
    assert [a.id for a in articles] == ["good"]


def test_too_large(tmp_path, good):
    big = tmp_path / "big.txt"
    big.write_text("x" * 200, encoding="utf-8")
    huge = json.dumps({"id": "huge", "text": "y" * 300})
    lines = jsonl(tmp_path / "lines.jsonl", {"id": "small", "text": "ok"}, huge, {"id": "after", "text": "ok"})
    table = tmp_path / "table.csv"
    table.write_text("id,text\nr1,ok\nr2," + "z" * 300 + "\nr3,ok\n", encoding="utf-8")
    articles, skips = read([big, lines, table, good], max_bytes=100)
    assert skips == [
        f"{big}: file is 200 bytes, over the limit of 100 (max_bytes); skipped",
        f"{lines}:2: record is {len(huge)} bytes, over the limit of 100 (max_bytes); skipped",
        f"{table}:3: record is 303 bytes, over the limit of 100 (max_bytes); skipped",
    ]
    assert [a.id for a in articles] == ["small", "after", "r1", "r3", "good"]


def test_ids_cleaned(tmp_path):
    path = jsonl(tmp_path / "ids.jsonl", {"id": "  a\u0000b\t\u200b ", "text": "one"}, {"id": "\u0007 ", "text": "two"})
    articles, skips = read([path])
    assert skips == []
    assert [a.id for a in articles] == ["ab", "ids-2"]


def test_duplicate_ids_keep_the_first(tmp_path):
    a = jsonl(tmp_path / "a.jsonl", {"id": "report-a", "text": "first"}, {"id": "report-b", "text": "b"})
    b = jsonl(tmp_path / "b.jsonl", {"id": " report-a ", "text": "second"})
    txt = tmp_path / "report-b.txt"
    txt.write_text("third", encoding="utf-8")
    articles, skips = read([a, b, txt])
    assert skips == [
        f"{b}:1: duplicate document id 'report-a' (first at {a}:1); skipped",
        f"{txt}: duplicate document id 'report-b' (first at {a}:2); skipped",
    ]
    assert [(x.id, x.text) for x in articles] == [("report-a", "first"), ("report-b", "b")]


def test_unreadable_file():
    # a folder of its own that another user may enter (pytest's tmp_path may not be)
    folder = Path(tempfile.mkdtemp(prefix="graphbuild-perm-"))
    try:
        os.chmod(folder, 0o755)
        locked, good = folder / "locked.txt", folder / "good.txt"
        locked.write_text(GOOD, encoding="utf-8")
        good.write_text(GOOD, encoding="utf-8")
        os.chmod(locked, 0)
        os.chmod(good, 0o644)
        as_root = os.geteuid() == 0
        if as_root:  # root reads everything: read as "nobody" for the while
            os.seteuid(65534)
        try:
            articles, skips = read([locked, good])
        finally:
            if as_root:
                os.seteuid(0)
        assert skips == [f"{locked}: cannot read file: permission denied"]
        assert [a.id for a in articles] == ["good"]
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def test_on_skip_defaults_to_a_logged_warning(tmp_path, caplog):
    missing = tmp_path / "gone.txt"
    with caplog.at_level("WARNING", logger="graphbuild.ingest.read"):
        assert list(read_articles([missing])) == []
    assert caplog.messages == [f"{missing}: no such file or directory"]
