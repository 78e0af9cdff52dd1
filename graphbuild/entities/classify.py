"""Classification: what a named span is, a person, country, organization or place.

``classify_span(span, gaz, sent, person_words)`` types a named entity of the
model by its label and the gazetteer, and drops the junk ("Friction" tagged
as a place, "Hurricane Michael", "Tajik" tagged as a person);
``classify_known(span, gaz, sent)`` does the same for a name the gazetteer
found. A city standing for its government ("Beijing was not cooperating") is
that country; the same city where something happens ("talks in Beijing") is
a place.
"""

from __future__ import annotations

from spacy.tokens import Span

from graphbuild.entities.agents import agent_sector
from graphbuild.entities.nationality import country_marker
from graphbuild.entities.people import has_title, listed_actor, person_mention
from graphbuild.entities.spans import LOCATIVE, strip_span
from graphbuild.keys import group_key, org_key, place_key
from graphbuild.knowledge import gazetteer, placenames
from graphbuild.knowledge.gazetteer import Gazetteer, Known, normalize
from graphbuild.records import COUNTRY, ORGANIZATION, PERSON, PLACE, Mention


def is_locative(span: Span) -> bool:
    """Whether the span is where something happens ("in Brussels", a dateline), not who acts."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return True
    # "the city of Kathmandu", "the town of Huwara": a place by its kind.
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in gazetteer.load().place_kinds:
        return True
    # Dateline: "Washington: ..." at the start of a paragraph.
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return nxt is not None and nxt.text in (":", "—", "-") and (span.start == 0 or span.doc[span.start - 1].is_space)


def place_mention(span: Span, code: str | None) -> Mention:
    """A place (not a country) in country ``code``."""
    label = strip_span(span).text
    return Mention("", span.text, span.start_char, span.end_char, PLACE, label, code, None, place_key(label))


def known_mention(span: Span, known: Known) -> Mention:
    """The actor the gazetteer says ``span`` names."""
    return Mention("", span.text, span.start_char, span.end_char, known.type, known.label, known.country, known.role, known.key)


def classify_known(span: Span, gaz: Gazetteer, sent: Span) -> Mention | None:
    """The mention of a name the gazetteer knows (the matcher's "KNOWN" span)."""
    known = gaz.lookup(span.text)
    if known is None:
        return None
    city = gaz.capitals.get(normalize(span.text)) or gaz.cities.get(normalize(span.text))
    if known.type == PERSON:
        return person_mention(span, gaz, sent)
    if known.type != COUNTRY and city is not None and is_locative(span):
        return place_mention(span, city)
    return _owned_institution(strip_span(span), known, gaz) or known_mention(span, known)


def _owned_institution(stripped: Span, known: Known, gaz: Gazetteer) -> Mention | None:
    """"Peru Congress", "Brazil's Senate": an institution the gazetteer
    knows as another country's, of the country before it."""
    if known.type != ORGANIZATION or normalize(stripped.text) not in gaz.institution_nouns:
        return None
    owner = _owner_code(stripped, gaz, institution=True)
    if owner is None or owner == known.country:
        return None
    return Mention("", stripped.text, stripped.start_char, stripped.end_char, ORGANIZATION, stripped.text, owner, None, org_key(owner, stripped.text))


def classify_span(span: Span, gaz: Gazetteer, sent: Span, person_words: set[str]) -> Mention | None:
    """The mention a named entity of the model makes, or None when it names no actor or place.

    ``person_words`` are the capitalised words of the document's people: a
    place or organization made of one ("Blinken" tagged as an org) is that person.
    """
    stripped = strip_span(span)
    if not len(stripped) or not any(c.isupper() for c in stripped.text):
        return None  # a name has a capital: "in the eastern bush" is no one's Bush
    norm = normalize(stripped.text)
    label = span.label_
    if _not_an_actor(stripped, label, norm, gaz):
        return None
    if label == "PERSON" and norm in gaz.cities and (is_locative(stripped) or _city_not_person(stripped, norm, gaz, person_words)):
        return place_mention(stripped, gaz.cities[norm])  # "the town of Goma", "shelled Kharkiv" tagged as a person
    if label in ("PERSON", "ORG") and _named_place_kind(stripped, gaz):
        return place_mention(stripped, gaz.cities.get(norm) or _region(norm, gaz))  # "the town of Palmyra"
    if label in ("PERSON", "ORG") and norm.rpartition(" ")[2] in gaz.place_kinds and _region(norm, gaz):
        return place_mention(stripped, _region(norm, gaz))  # "Zamfara State" tagged as a person
    if label == "PERSON" and norm not in gaz.names and norm not in gaz.capitals:
        return person_mention(stripped, gaz, sent)
    known = gaz.names.get(norm)
    if known is not None:
        city = gaz.capitals.get(norm) or gaz.cities.get(norm)
        if known.type != COUNTRY and city is not None and is_locative(stripped):
            return place_mention(stripped, city)  # "talks in Brussels": the city
        return _owned_institution(stripped, known, gaz) or known_mention(stripped, known)
    if norm in gaz.people:
        return person_mention(stripped, gaz, sent)
    capital = gaz.capitals.get(norm) or gaz.capitals.get(norm.removesuffix(" dc").removesuffix(" d.c"))
    if capital is not None:
        return place_mention(stripped, capital) if is_locative(stripped) else known_mention(stripped, gaz.country(capital))
    if label in ("GPE", "LOC", "FAC"):
        return _place_name(stripped, label, norm, gaz, sent, person_words)
    if label in ("NORP", "LANGUAGE") and (norm in gaz.major_cities or norm in gaz.regions) and norm not in gaz.demonyms:
        # a large city or a province tagged as a people or a language
        return place_mention(stripped, gaz.cities.get(norm) or gaz.regions[norm])
    if label == "NORP":
        return _nationality_name(stripped, norm, gaz)
    if label == "ORG":
        return _organization_name(stripped, norm, gaz, sent, person_words)
    return None


def _named_place_kind(stripped: Span, gaz: Gazetteer) -> bool:
    """"the town of Palmyra", "the village of Kore": a place by its kind, whatever the model's tag."""
    root = stripped.root
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in gaz.place_kinds


def _city_not_person(stripped: Span, norm: str, gaz: Gazetteer, person_words: set[str]) -> bool:
    """A one-word "person" that is the name of a large city, and of no one
    the document names in full nor any person the gazetteer knows, is the city."""
    before = stripped.doc[stripped.start - 1].lower_ if stripped.start > 0 else ""
    return (len(stripped) == 1 and norm in gaz.major_cities and norm not in gaz.capitals and norm not in person_words
            and norm not in gaz.people and not has_title(before, gaz))


def _not_an_actor(stripped: Span, label: str, norm: str, gaz: Gazetteer) -> bool:
    """A name listed as no actor, a storm's, a kind of agent's, or a nationality."""
    if norm in gaz.not_actors:
        return True
    root = stripped.root
    before = stripped.doc[stripped.start - 1].lower_ if stripped.start > 0 else ""
    if before in gaz.storm_words or stripped[0].lower_ in gaz.storm_words:
        return True  # "Hurricane Michael": a storm's name
    if label == "PERSON" and root.dep_ == "compound" and root.head.i == stripped.end and agent_sector(root.head):
        return True  # "Riot police": a kind of police, read as an agent
    if len(stripped) == 1 and stripped.start == root.sent.start and agent_sector(root) and norm not in gaz.names:
        return True  # "Farmers staged ...": a common noun, capitalised to open the sentence
    # "Tajik" tagged as a person: a nationality, read with its noun
    return label in ("PERSON", "ORG") and norm in gaz.demonyms and norm not in gaz.names


def _place_name(stripped: Span, label: str, norm: str, gaz: Gazetteer, sent: Span, person_words: set[str]) -> Mention | None:
    """A GPE, LOC or FAC entity the gazetteer does not list as an actor."""
    if norm in gaz.demonyms:
        return None  # "Ukrainian" tagged as a place: a modifier, read with its noun
    if norm in person_words:
        return person_mention(stripped, gaz, sent)
    city = gaz.cities.get(norm) or _region(norm, gaz) or gaz.cities.get(placenames.without_article(norm))
    if city is not None:
        return place_mention(stripped, city)
    if label == "FAC" or (len(stripped) == 1 and stripped.start == sent.start):
        return None  # a capitalised common noun opening a sentence ("Friction")
    if label == "LOC":
        return place_mention(stripped, None)
    return None if len(stripped) == 1 and not stripped[0].is_title else place_mention(stripped, None)


def _region(norm: str, gaz: Gazetteer) -> str | None:
    """The country of a province or state, named alone or with its kind ("Ituri province")."""
    name, _, kind = norm.rpartition(" ")
    if kind not in gaz.place_kinds:
        return gaz.regions.get(norm)
    # "Ituri province"; "Niger State", not the country; "the Donetsk region", named after its city
    return gaz.regions.get(norm) or gaz.regions.get(name) or gaz.kind_regions.get(name) or gaz.cities.get(name)


def _nationality_name(stripped: Span, norm: str, gaz: Gazetteer) -> Mention | None:
    """A NORP entity that acts ("the Chinese said"): its country, or its people."""
    code = gaz.demonyms.get(norm)
    root = stripped.root
    if code is None or root.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "agent") or root.pos_ not in ("PROPN", "NOUN"):
        return None
    if root.tag_ in ("NNS", "NNPS") and norm != normalize(gaz.country_labels.get(code, "")):
        # "tens of thousands of Georgians": people of the country, not its state.
        label = f"{gaz.country_labels.get(code, code)} people"
        return Mention("", stripped.text, stripped.start_char, stripped.end_char, ORGANIZATION, label, code, None, group_key(code, "people"))
    return known_mention(stripped, gaz.country(code))


def _owner_code(stripped: Span, gaz: Gazetteer, institution: bool) -> str | None:
    """"Ghana's Electoral Commission", and for a bare
    ``institution`` name "Peru Congress": the country of an owner outside
    the name (not "U.S. chipmaker Nvidia": a description, no owner)."""
    deps = ("poss", "compound") if institution else ("poss",)
    owners = [t for c in stripped.root.children if c.dep_ in deps and c.i < stripped.start for t in c.subtree]
    return country_marker(owners, gaz)[0]


def _organization_name(stripped: Span, norm: str, gaz: Gazetteer, sent: Span, person_words: set[str]) -> Mention | None:
    """An ORG entity the gazetteer does not list, of the country its words name."""
    if norm in person_words:
        return person_mention(stripped, gaz, sent)
    listed, sector = listed_actor(stripped.text, gaz)
    place = gaz.cities.get(norm) or _region(norm, gaz)
    if place is not None and listed in (None, place) and sector is None:
        # a city or a province the model took for an organization (the
        # country dictionaries list a country's cities under its name)
        return place_mention(stripped, place)
    if len(stripped) == 1 and (stripped.start > 0 and stripped.doc[stripped.start - 1].lower_ == "of"):
        return None  # "State" in "Secretary of State"
    if has_title(stripped.text, gaz) and not any(t.lower_ in gaz.institution_nouns for t in stripped):
        return None
    code, _ = country_marker(list(stripped), gaz)
    code = code or _owner_code(stripped, gaz, norm in gaz.institution_nouns) or listed
    words = stripped.text
    return Mention("", stripped.text, stripped.start_char, stripped.end_char, ORGANIZATION, words, code, None, org_key(code, words), sector)
