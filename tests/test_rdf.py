"""The knowledge graph as RDF: ontology, IRIs, triples, files, round trips."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from graphbuild.rdf.formats import dumps, serialize
from graphbuild.rdf.read import from_rdf, load_graph
from graphbuild.rdf.statements import to_dataset, to_rdf
from graphbuild.rdf.formats import FORMATS as PLUGINS
from graphbuild.graph.assemble import assemble
from graphbuild.records import Article, Entity, Event, Evidence, KnowledgeGraph
from graphbuild.rdf.namespace import ACT, EVENT_CLASSES, GB, action_iri, camel_case, document_iri, entity_iri, event_iri, mint, ontology_path
from graphbuild.knowledge.plover import event_types

REPO = Path(__file__).resolve().parent.parent
GB_NS = str(GB._NS)
FORMATS = ["ttl", "nt", "jsonld", "trig", "nq"]

BLINKEN = "person/antony-blinken"
QIN = "person/qin-gang"


def sample_kg() -> KnowledgeGraph:
    """Blinken in Beijing, told by two documents; in canonical order."""
    entities = [
        Entity("country/CHN", "China", "Country", country="CHN", aliases=("Beijing", "PRC")),
        Entity("country/USA", "United States", "Country", country="USA", aliases=("US", "Washington")),
        Entity("igo/NATO", "NATO", "IGO", country="IGO"),
        Entity("org/USA/state-department", "State Department", "Organization", country="USA"),
        Entity(BLINKEN, "Antony Blinken", "Person", country="USA", role="Secretary of State", aliases=("Blinken",)),
        Entity(QIN, "Qin Gang", "Person", country="CHN", role="Foreign Minister", aliases=("Qin",)),
        Entity("place/london", "London", "Place", country="GBR", located_in="country/GBR"),
        Entity("agent/CHN/COP", "China: police", "Organization", country="CHN", aliases=("riot police",), sector="COP"),
        Entity("unidentified/CHN", "unidentified actor (China)", "Unidentified", country="CHN"),
    ]
    met1 = Evidence("doc-1", "Blinken met Qin Gang in Beijing on Sunday.", 0, 42, "met",
                    source="Reuters", url="https://example.org/1", published="2023-06-18")
    met2 = Evidence("doc-2", "The two held talks, the State Department said.", 10, 56, "held talks",
                    source="AP", published="2023-06-19", attribution="the State Department")
    nato = Evidence("doc-2", "NATO will meet China in London.", 60, 91, "will meet", source="AP")
    accuse = Evidence("doc-1", "China accused Washington of interference.", 50, 91, "accused",
                      source="Reuters", url="https://example.org/1", published="2023-06-18")
    events = [
        Event("CONSULT", BLINKEN, QIN, "asserted", "meets", mode="visit", date="2023-06-18",
              date_text="on Sunday", evidence=(met1, met2), id="evt-0001"),
        Event("CONSULT", "igo/NATO", "country/CHN", "planned", "meets", mode="multilateral",
              evidence=(nato,), id="evt-0002"),
        Event("ACCUSE", "country/CHN", "country/USA", "asserted", "accuses", date="2023-07-01",
              evidence=(accuse,), id="evt-0003"),
        Event("PROTEST", "country/USA", None, "negated", "protests against", id="evt-0004"),
        Event("AGREE", "country/USA", "country/CHN", "possible", "agrees with", date="2023-06-30",
              evidence=(accuse,), id="evt-0005"),
        Event("COERCE", "agent/CHN/COP", None, "asserted", "arrests", mode="arrest", evidence=(met1,),
              id="evt-0006", location="place/london", actor_sector="COP"),
        Event("ASSAULT", "unidentified/CHN", "agent/CHN/COP", "asserted", "attacks", evidence=(met1,),
              id="evt-0007", recipient_sector="COP"),
    ]
    articles = [
        Article("doc-1", "", date="2023-06-18", title="Blinken in Beijing", source="Reuters",
                url="https://example.org/1", origin="news.jsonl:1"),
        Article("doc-2", "", date="2023-06-19", source="AP", origin="news.jsonl:2"),
    ]
    return KnowledgeGraph(
        entities={e.key: e for e in sorted(entities, key=lambda e: e.key)},
        events=sorted(events, key=lambda e: e.id),
        articles={a.id: a for a in articles},
    )


HOSTILE = [
    'quotes " \' and a \\ backslash',
    "<script>alert('x')</script>",
    "line one\nline two\r\nline three",
    "emoji 😀 👩‍👩‍👧 🇺🇳",
    "RTL \u202eevil\u202c שלום عربي",
    "controls \x00\x01\x07\x1b[31m\x7f\x85\u2028\u2029 end",
    "x" * 10_000,
    "中" * 10_000,
    '"""', "'''", "\\u0041", "#", "  ", "", "}", "@prefix x: <y> .",
    '"} ; DROP ALL ; #',
    "//evil.example/path", "..", ".", "../../etc/passwd", "a/b", "a%2Fb", ";h=0",
    "http://example.org/not-an-iri-here",
]


def hostile_kg() -> KnowledgeGraph:
    """Every field of every record is untrusted text."""
    kg = KnowledgeGraph()
    events = []
    for text in HOSTILE:
        kg.entities[text] = Entity(text, text, "Person", country=text, role=text,
                                   aliases=tuple(sorted({text, text + "2"})), located_in=text)
        kg.articles[text] = Article(text, "", date=text, title=text, source=text, url=text, origin=text)
        evidence = Evidence(text, text, 1, 2, text, source=text, url=text, published=text, attribution=text)
        events.append(Event("CONSULT", text, text, text, text, mode=text, date=text, date_text=text,
                            evidence=(evidence,), id=text))
    kg.entities = dict(sorted(kg.entities.items()))
    kg.articles = dict(sorted(kg.articles.items()))
    kg.events = sorted(events, key=lambda e: e.id)
    return kg


@pytest.fixture
def kg() -> KnowledgeGraph:
    return sample_kg()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def label(g: Graph, node) -> str:
    return str(g.value(node, SKOS.prefLabel))


# ---------------------------------------------------------------------------
# Ontology and namespace


def test_ontology_file_is_found_next_to_the_package():
    assert ontology_path() == REPO / "ontologies" / "graphbuild.ttl"
    assert ontology_path().is_file()


def test_namespace_class_matches_the_ontology_exactly(ontology):
    defined = {str(s)[len(GB_NS):] for s in ontology.subjects() if str(s).startswith(GB_NS)}
    in_class = {name for name in GB.__annotations__ if not name.startswith("_")}
    assert defined == in_class


def test_namespace_is_closed():
    assert GB.Consult == URIRef(GB_NS + "Consult")
    with pytest.raises(AttributeError):
        GB.Cosnult  # noqa: B018


def test_every_term_is_typed_labelled_and_commented(ontology):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    for name in GB.__annotations__:
        term = GB[name]
        assert set(ontology.objects(term, RDF.type)) & kinds, name
        assert ontology.value(term, RDFS.label) is not None, name
        assert ontology.value(term, RDFS.comment) is not None, name


def test_every_gb_term_the_code_and_queries_use_is_defined(ontology, kg):
    defined = {str(s) for s in ontology.subjects() if str(s).startswith(GB_NS)}
    used = {str(t) for triple in to_rdf(kg) for t in triple if str(t).startswith(GB_NS)}
    query_files = list((REPO / "graphbuild" / "query" / "queries").glob("*.rq")) + list((REPO / "examples").glob("*.rq"))
    assert len(query_files) >= 8
    for path in query_files:
        used |= {GB_NS + name for name in re.findall(r"\bgb:([A-Za-z_][A-Za-z0-9_]*)", path.read_text("utf-8"))}
    assert used - defined == set()
    # The data uses every class and property meant for data.
    annotations = {str(GB.quadClass), str(GB.cameoRoot)}
    never_in_sample = {str(c) for c in EVENT_CLASSES.values()} | {str(GB.actedOn)}
    # The sample has no open triples: test_triples.py writes statement nodes.
    never_in_sample |= {str(GB[n]) for n in ("Statement", "statementSubject", "statementObject", "statementEvent",
                                             "subjectText", "predicateText", "objectText", "sentenceIndex", "negated",
                                             "attributedToEntity")}
    assert defined - used - annotations - never_in_sample == set()


def test_every_plover_type_has_a_class_with_its_cameo_roots(ontology):
    types = event_types()
    assert len(types) == 16
    assert list(EVENT_CLASSES) == list(types)
    for name, spec in types.items():
        cls = EVENT_CLASSES[name]
        assert str(cls) == GB_NS + name.capitalize()
        assert (cls, RDF.type, OWL.Class) in ontology
        assert (cls, RDFS.subClassOf, GB.Event) in ontology
        assert ontology.value(cls, SKOS.notation) == Literal(name)
        assert ontology.value(cls, GB.quadClass) == Literal(spec.quad)
        assert {str(c) for c in ontology.objects(cls, GB.cameoRoot)} == set(spec.cameo)
        assert str(ontology.value(cls, RDFS.comment)) == spec.comment


# ---------------------------------------------------------------------------
# IRIs


def test_iris_of_ordinary_keys_are_readable():
    assert str(entity_iri("country/USA")) == "https://w3id.org/graphbuild/id/entity/country/USA"
    assert str(entity_iri("org/USA/state-department")).endswith("/entity/org/USA/state-department")
    assert str(event_iri("evt-0123abcd")) == "https://w3id.org/graphbuild/id/event/evt-0123abcd"
    assert str(document_iri("doc 1")) == "https://w3id.org/graphbuild/id/document/doc%201"
    assert action_iri("visits") == ACT.visits
    assert action_iri("agrees with") == ACT.agreesWith
    assert camel_case("protests against") == "protestsAgainst"


def test_action_iris_are_always_simple_names_under_act():
    names = [str(action_iri(p))[len(str(ACT)):] for p in HOSTILE + ["visite à Paris", "Über", "123"]]
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", n) for n in names), names
    assert len(set(names)) == len({camel_case(p) for p in HOSTILE + ["visite à Paris", "Über", "123"]})
    # So rdflib never has to invent a prefix (ns1:, ns2: ... numbered in no fixed order).
    assert "@prefix ns" not in dumps(hostile_kg(), "ttl")


def test_minted_iris_are_safe_bounded_and_distinct():
    keys = HOSTILE + ["x" * 9_999 + "y", "x" * 9_999 + "z", "%2E", "%2E%2E", "a;h=b", "\ud800", "\ud801"]
    iris = [mint("https://example.org/ns/", k) for k in keys]
    assert len(set(iris)) == len(set(keys))
    safe = re.compile(r"https://example\.org/ns/([A-Za-z0-9\-._~/;=]|%[0-9A-F]{2})*")
    for key, iri in zip(keys, iris):
        assert safe.fullmatch(str(iri)), (key[:40], str(iri)[:200])
        assert len(iri) <= 200
        path = str(iri)[len("https://example.org/ns/"):]
        assert all(seg not in (".", "..") for seg in path.split("/")), path
    assert ";h=" in mint("https://example.org/ns/", "x" * 10_000)
    assert ";h=" in mint("https://example.org/ns/", "")


# ---------------------------------------------------------------------------
# Triples


def test_entities_are_nodes_with_labels_country_and_role(kg):
    g = to_rdf(kg)
    blinken = entity_iri(BLINKEN)
    assert {GB.Actor, GB.Person} == set(g.objects(blinken, RDF.type))
    assert g.value(blinken, SKOS.prefLabel) == Literal("Antony Blinken")
    assert set(g.objects(blinken, SKOS.altLabel)) == {Literal("Blinken")}
    assert g.value(blinken, GB.countryCode) == Literal("USA")
    assert g.value(blinken, GB.country) == entity_iri("country/USA")
    assert g.value(blinken, GB.role) == Literal("Secretary of State")
    assert g.value(blinken, GB.entityKey) == Literal(BLINKEN)
    # A place is not an actor; its country is minted even when not in the graph.
    london = entity_iri("place/london")
    assert set(g.objects(london, RDF.type)) == {GB.Place}
    assert g.value(london, GB.locatedIn) == entity_iri("country/GBR")
    assert g.value(entity_iri("country/GBR"), GB.entityKey) == Literal("country/GBR")
    # IGOs and countries do not point at a country node of their own.
    assert g.value(entity_iri("igo/NATO"), GB.country) is None
    assert g.value(entity_iri("country/USA"), GB.country) is None


def test_events_are_nodes_with_status_date_and_evidence(kg):
    g = to_rdf(kg)
    e = event_iri("evt-0001")
    assert set(g.objects(e, RDF.type)) == {GB.Event, GB.Consult}
    assert g.value(e, GB.actor) == entity_iri(BLINKEN)
    assert g.value(e, GB.recipient) == entity_iri(QIN)
    assert g.value(e, GB.status) == Literal("asserted")
    assert g.value(e, GB.mode) == Literal("visit")
    assert g.value(e, GB.date) == Literal("2023-06-18", datatype=XSD.date)
    assert g.value(e, GB.dateText) == Literal("on Sunday")
    assert g.value(e, GB.eventPredicate) == Literal("meets")
    assert g.value(e, GB.sourceCount) == Literal(2)
    assert g.value(e, DCTERMS.identifier) == Literal("evt-0001")
    assert set(g.objects(e, PROV.wasDerivedFrom)) == {document_iri("doc-1"), document_iri("doc-2")}
    evidence = list(g.objects(e, GB.evidence))
    assert len(evidence) == 2
    by_doc = {g.value(x, GB.document): x for x in evidence}
    told = by_doc[document_iri("doc-2")]
    assert g.value(told, RDF.type) == GB.Evidence
    assert g.value(told, GB.sentence) == Literal("The two held talks, the State Department said.")
    assert (g.value(told, GB.startChar), g.value(told, GB.endChar)) == (Literal(10), Literal(56))
    assert g.value(told, GB.trigger) == Literal("held talks")
    assert g.value(told, GB.attributedTo) == Literal("the State Department")
    # An event without a recipient or evidence still has its node.
    protest = event_iri("evt-0004")
    assert g.value(protest, GB.recipient) is None
    assert g.value(protest, GB.sourceCount) == Literal(0)


def test_documents_carry_their_metadata(kg):
    g = to_rdf(kg)
    d = document_iri("doc-1")
    assert g.value(d, RDF.type) == GB.Document
    assert g.value(d, GB.docId) == Literal("doc-1")
    assert g.value(d, DCTERMS.title) == Literal("Blinken in Beijing")
    assert g.value(d, DCTERMS.date) == Literal("2023-06-18", datatype=XSD.date)
    assert g.value(d, DCTERMS.publisher) == Literal("Reuters")


def test_direct_edges_read_as_plain_words_and_status_stays_visible(kg):
    g = to_rdf(kg)
    rows = g.query(
        """SELECT ?a ?words ?b WHERE {
             ?p rdfs:subPropertyOf gb:actedOn ; rdfs:label ?words .
             ?x ?p ?y . ?x skos:prefLabel ?a . ?y skos:prefLabel ?b }""",
        initNs={"gb": GB._NS, "rdfs": RDFS._NS, "skos": SKOS._NS},
    )
    edges = {(str(a), str(w), str(b)) for a, w, b in rows}
    assert edges == {
        ("Antony Blinken", "meets", "Qin Gang"),
        ("NATO", "meets", "China"),
        ("China", "accuses", "United States"),
        ("United States", "agrees with", "China"),
        ("unidentified actor (China)", "attacks", "China: police"),
    }
    assert (ACT.agreesWith, RDF.type, OWL.ObjectProperty) in g
    # The "agrees with" edge is only possible: the event node says so.
    statuses = g.query(
        """SELECT ?status WHERE { ?e gb:actor ?a ; gb:recipient ?b ; gb:eventPredicate "agrees with" ;
                                     gb:status ?status }""",
        initNs={"gb": GB._NS},
    )
    assert [str(s) for (s,) in statuses] == ["possible"]


def test_graph_has_no_blank_nodes(kg):
    from rdflib import BNode

    assert not any(isinstance(t, BNode) for triple in to_rdf(kg) for t in triple)


def test_unknown_types_and_clashing_ids_raise(kg):
    bad = sample_kg()
    bad.entities["x"] = Entity("x", "X", "Robot")
    with pytest.raises(ValueError, match="unknown type"):
        to_rdf(bad)
    bad = sample_kg()
    bad.events.append(Event("FLY", BLINKEN, None, "asserted", "flies", id="evt-9"))
    with pytest.raises(ValueError, match="unknown type"):
        to_rdf(bad)
    bad = sample_kg()
    bad.events.append(Event("AID", BLINKEN, QIN, "asserted", "aids", id="evt-0001"))
    with pytest.raises(ValueError, match="share the id"):
        to_rdf(bad)


def test_dataset_has_one_named_graph_per_document(kg):
    ds = to_dataset(kg)
    doc1, doc2 = document_iri("doc-1"), document_iri("doc-2")
    names = {c.identifier for c in ds.graphs() if len(c)}
    assert names == {doc1, doc2, ds.default_graph.identifier}
    g1, g2, shared = ds.graph(doc1), ds.graph(doc2), ds.default_graph
    e = event_iri("evt-0001")
    # Told by both documents: in both graphs, each with its own evidence.
    assert (e, GB.status, Literal("asserted")) in g1 and (e, GB.status, Literal("asserted")) in g2
    assert {g1.value(x, GB.document) for x in g1.objects(e, GB.evidence)} == {doc1}
    assert {g2.value(x, GB.document) for x in g2.objects(e, GB.evidence)} == {doc2}
    assert (entity_iri(BLINKEN), ACT.meets, entity_iri(QIN)) in g1
    # Entities, documents and events nobody reported live in the shared graph.
    assert (entity_iri(BLINKEN), SKOS.prefLabel, Literal("Antony Blinken")) in shared
    assert (entity_iri(BLINKEN), SKOS.prefLabel, Literal("Antony Blinken")) not in g1
    assert (doc1, DCTERMS.title, Literal("Blinken in Beijing")) in shared
    assert (event_iri("evt-0004"), GB.status, Literal("negated")) in shared
    assert event_iri("evt-0002") not in set(g1.subjects())
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(union, to_rdf(kg))


# ---------------------------------------------------------------------------
# Round trips and files


def test_from_rdf_inverts_to_rdf(kg):
    back = from_rdf(to_rdf(kg))
    assert back.entities == kg.entities
    assert back.articles == kg.articles
    assert back.events == kg.events
    assert back == kg


def test_from_rdf_inverts_an_assembled_graph():
    kg = sample_kg()
    reports = []
    for ev in kg.events:  # one report per piece of evidence, as extraction gives them
        reports.extend([ev.__class__(**{**ev.__dict__, "evidence": (x,), "id": ""}) for x in ev.evidence] or [ev])
    assembled = assemble(kg.articles.values(), kg.entities.values(), reports)
    assert len(assembled.events) == len(kg.events)
    assert from_rdf(to_rdf(assembled)) == assembled


def test_from_rdf_reads_a_dataset_as_the_union_of_its_graphs(kg):
    assert from_rdf(to_dataset(kg)) == kg


def test_events_without_id_keep_distinct_nodes_and_come_back(kg):
    kg.events = [Event("AID", BLINKEN, QIN, "asserted", "aids"), Event("AID", QIN, BLINKEN, "asserted", "aids")]
    g = to_rdf(kg)
    assert len(set(g.subjects(RDF.type, GB.Event))) == 2
    back = from_rdf(g)
    assert sorted(map(repr, back.events)) == sorted(map(repr, kg.events))


@pytest.mark.parametrize("fmt", FORMATS)
def test_written_file_parses_back_to_the_same_graph(kg, tmp_path, fmt):
    path = serialize(kg, tmp_path / f"graph.{fmt}")
    assert path == tmp_path / f"graph.{fmt}"
    loaded = load_graph(path)
    assert isomorphic(loaded, to_rdf(kg))
    assert from_rdf(loaded) == kg
    # And rdflib reads it on its own, without graphbuild's help.
    if fmt in ("trig", "nq"):
        ds = Dataset()
        ds.parse(path, format=PLUGINS[fmt])
        assert len({c.identifier for c in ds.graphs() if len(c)}) == 3
    else:
        assert len(Graph().parse(path, format=PLUGINS[fmt])) == len(to_rdf(kg))


def test_format_can_be_named_or_taken_from_the_extension(kg, tmp_path):
    a = serialize(kg, tmp_path / "a.ttl")
    b = serialize(kg, tmp_path / "b.out", fmt="turtle")
    assert a.read_bytes() == b.read_bytes()
    with pytest.raises(ValueError, match="unknown RDF format"):
        serialize(kg, tmp_path / "c.xml")
    assert not (tmp_path / "c.xml").exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_writes_are_byte_identical(kg, tmp_path, fmt):
    a = serialize(kg, tmp_path / f"a.{fmt}").read_bytes()
    b = serialize(sample_kg(), tmp_path / f"b.{fmt}").read_bytes()
    assert a == b


def test_line_formats_are_sorted(kg):
    for fmt in ("nt", "nq"):
        lines = dumps(kg, fmt).split("\n")
        assert lines[-1] == ""
        assert lines[:-1] == sorted(lines[:-1])


_CHILD = """
import pickle, sys
from graphbuild.rdf.formats import serialize
kgs = pickle.load(open(sys.argv[1], "rb"))
out = sys.argv[2]
for i, kg in enumerate(kgs):
    for fmt in {formats!r}:
        serialize(kg, f"{{out}}/{{i}}.{{fmt}}")
"""


def test_output_is_byte_identical_across_hash_seeds(tmp_path):
    kgs = [sample_kg(), hostile_kg()]
    pickled = tmp_path / "kgs.pickle"
    pickled.write_bytes(pickle.dumps(kgs))
    script = _CHILD.format(formats=FORMATS)
    outputs = []
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"seed-{seed}"
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        subprocess.run([sys.executable, "-c", script, str(pickled), str(out)], env=env, check=True)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert len(outputs[0]) == 2 * len(FORMATS)
    assert outputs[0] == outputs[1] == outputs[2]
    # And the same as this process writes.
    for i, kg in enumerate(kgs):
        for fmt in FORMATS:
            assert dumps(kg, fmt).encode("utf-8") == outputs[0][f"{i}.{fmt}"], (i, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_round_trips(tmp_path, fmt):
    kg = hostile_kg()
    g = to_rdf(kg)
    path = serialize(kg, tmp_path / f"hostile.{fmt}")
    loaded = load_graph(path)
    assert isomorphic(loaded, g)
    assert from_rdf(loaded) == kg
    for node in {t for triple in loaded for t in triple if isinstance(t, URIRef)}:
        assert re.fullmatch(r"https?://[A-Za-z0-9\-._~/;=#:%]+", str(node)), str(node)[:200]
        assert len(node) < 250


def test_hostile_text_cannot_leave_its_literal(tmp_path):
    kg = hostile_kg()
    text = dumps(kg, "nt")
    for line in text.split("\n")[:-1]:
        assert line.endswith(" ."), line[:200]
    # Every subject is one of ours: nothing escaped a literal to make a triple.
    g = load_graph(serialize(kg, tmp_path / "h.ttl"))
    assert all(str(s).startswith("https://w3id.org/graphbuild/") for s in g.subjects())


def test_lone_surrogates_are_written_as_replacement_characters(kg, tmp_path):
    kg.entities["person/x"] = Entity("person/x", "bad \ud800 label", "Person")
    for fmt in FORMATS:
        loaded = load_graph(serialize(kg, tmp_path / f"s.{fmt}"))
        assert loaded.value(entity_iri("person/x"), SKOS.prefLabel) == Literal("bad \ufffd label")


def test_invalid_dates_are_kept_as_text(kg):
    kg.events[0] = kg.events[0].__class__(**{**kg.events[0].__dict__, "date": "2023-02-30"})
    g = to_rdf(kg)
    assert g.value(event_iri("evt-0001"), GB.date) == Literal("2023-02-30")
    assert from_rdf(g) == kg
