"""Mentions: the spans of a parsed article that name an actor or a place.

``find_mentions(doc, doc_id)`` yields one ``Mention`` per actor span, typed
and tied to a country where the text or the gazetteer says so, in passes:

- named spans (``spans``), each typed by ``classify``: people with the title
  and nationality the text gives them (``people``), countries, cities,
  organizations, checked against the gazetteer so that junk is dropped;
- names joined by a hyphen in one token ("U.S.-PRC relationship");
- noun phrases that stand for a state or an institution of a country
  ("the Mexican government", "China's foreign ministry": ``noun_phrases``);
- generic agents ("riot police", "gunmen in Kano": ``agents``).

Each pass leaves alone the tokens an earlier one took. Pronouns and short
names are left to ``resolve``.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from graphbuild.entities.agents import agent_mention, agent_sector, places_by_token
from graphbuild.entities.classify import classify_known, classify_span
from graphbuild.entities.nationality import country_marker, names_a_home
from graphbuild.entities.noun_phrases import noun_phrase_mention
from graphbuild.entities.spans import candidate_spans
from graphbuild.knowledge import gazetteer
from graphbuild.knowledge.gazetteer import Gazetteer, normalize
from graphbuild.records import COUNTRY, ORGANIZATION, PERSON, PLACE, Mention


def find_mentions(doc: Doc, doc_id: str, dateline_country: str | None = None) -> list[Mention]:
    """Every actor and place mention of ``doc``, in text order, without overlaps.

    Sentences of page furniture ("Top Comments", "Share this post") are skipped.
    ``dateline_country`` is the country of the article's dateline, the last
    resort for the country of a generic agent ("police", "gunmen").
    """
    gaz = gazetteer.load()
    sentences = [s for s in doc.sents if not gaz.is_boilerplate(s.text)]
    found, taken = _named(candidate_spans(doc, sentences), sentences, gaz)
    found += _hyphen_pairs(sentences, taken, gaz)
    found += _noun_phrases(doc, sentences, taken, gaz)
    found = _placed_by_owner(doc, found)
    article_country = dateline_country or _one_country(doc, found, gaz)
    found += _agents(doc, sentences, taken, found, article_country, gaz)
    found = [_of_the_article(m, article_country, gaz) for m in found]
    return sorted((replace(m, doc_id=doc_id) for m in found), key=lambda m: (m.start, m.end))


def _placed_by_owner(doc: Doc, found: list[Mention]) -> list[Mention]:
    """"Manila's Chinatown", "Baghdad's Green Zone": a place owned by a place
    lies in the owner's country, whatever else the gazetteer knows by its name."""
    places = places_by_token(doc, found)
    out = []
    for m in found:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        owners = [places.get(c.i) for c in span.root.children if c.dep_ == "poss" and c.i < span.start] if span is not None and m.type == PLACE else []
        owner = next((o for o in owners if o is not None and o.country and o.country != "IGO"), None)
        out.append(replace(m, country=owner.country) if owner is not None else m)
    return out


def _one_country(doc: Doc, found: list[Mention], gaz: Gazetteer) -> str | None:
    """The article's own country, when it names places of one country only
    (or, naming no place, heads of state of one country only)."""
    codes = {m.country for m in found if m.type in (PLACE, COUNTRY) and m.country and m.country != "IGO"
             and not _a_home(doc, m, gaz)}
    if not codes:  # no place at all: the country of the heads of state it names ("Argentine President X")
        codes = {m.country for m in found if m.type == PERSON and m.country and m.country != "IGO"
                 and m.role and m.role.lower() in gaz.leader_titles}
    return next(iter(codes)) if len(codes) == 1 else None


def _of_the_article(m: Mention, article_country: str | None, gaz: Gazetteer) -> Mention:
    """"President Marek Novak", "rebel leader Tomas Vel", "UNITA fighters" in
    a report of one country: a titled person, or an organization of a known
    sector (rebels, opposition ...), whom neither the text nor the
    dictionaries tie to a country is the article's."""
    if article_country and m.type == PERSON and not m.country and m.role and m.role.lower() not in gaz.personal_titles:
        return replace(m, country=article_country)
    if article_country and m.type == ORGANIZATION and not m.country and m.sector:
        return replace(m, country=article_country)
    return m


def _named(spans: list[Span], sentences: list[Span], gaz: Gazetteer) -> tuple[list[Mention], set[int]]:
    """The mentions the named spans make, and the tokens they take."""
    person_words = {t.text.lower() for s in spans if s.label_ == "PERSON" and not _city_alone(s, gaz) for t in s if t.is_title}
    sent_of = {i: s for s in sentences for i in range(s.start, s.end)}
    found: list[Mention] = []
    taken: set[int] = set()
    for span in spans:
        sent = sent_of[span.start]
        if span.label_ == "KNOWN":
            m = classify_known(span, gaz, sent)
        else:
            m = classify_span(span, gaz, sent, person_words)
        if m is None:
            continue
        found.append(m)
        taken.update(range(span.start, span.end))
    return found, taken


def _hyphen_pairs(sentences: list[Span], taken: set[int], gaz: Gazetteer) -> list[Mention]:
    """Known names written as one hyphenated token ("U.S.-PRC relationship")."""
    found = []
    for sent in sentences:
        for tok in sent:
            if tok.i in taken or "-" not in tok.text.strip("-"):
                continue
            offset = tok.idx
            for part in tok.text.split("-"):
                known = gaz.names.get(normalize(part)) if part else None
                if known is not None and known.type != PERSON:
                    found.append(Mention("", part, offset, offset + len(part), known.type, known.label, known.country, None, known.key))
                offset += len(part) + 1
    return found


def _noun_phrases(doc: Doc, sentences: list[Span], taken: set[int], gaz: Gazetteer) -> list[Mention]:
    """Noun phrases standing for a state or an institution of a country; marks their tokens taken."""
    found = []
    for sent in sentences:
        for tok in sent:
            if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            m = noun_phrase_mention(tok, gaz)
            if m is None:
                continue
            span_toks = range(doc.char_span(m.start, m.end, alignment_mode="expand").start, tok.i + 1)
            found.append(m)
            taken.update(span_toks)
    return found


def _agents(doc, sentences, taken, found, article_country, gaz) -> list[Mention]:
    """Generic agents ("riot police", "gunmen in Kano") not already a mention."""
    places = places_by_token(doc, found)
    out = []
    for sent in sentences:
        for tok in sent:
            if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            mods = [t for t in doc[tok.left_edge.i : tok.i] if t.head.i == tok.i or t.dep_ in ("amod", "compound", "nmod") or _home(t, tok, gaz)]
            if tok.dep_ == "compound":  # "a Turkish army convoy": the nationality qualifies the whole
                mods += [t for t in tok.head.lefts if t.i < tok.i and t.dep_ in ("amod", "compound", "nmod")]
            code, _ = country_marker(mods, gaz)
            code = code or _shared_nationality(tok, gaz) or _leaders_country(mods, gaz)
            m = agent_mention(tok, sent, gaz, places, code, article_country)
            if m is None or any(i in taken for i in range(doc.char_span(m.start, m.end, alignment_mode="expand").start, tok.i)):
                continue
            out.append(m)
            taken.add(tok.i)
    return out


def _a_home(doc, m: Mention, gaz: Gazetteer) -> bool:
    """A country named as a group's home ("a Denmark-based group", "French-led
    coalition jets"): not the article's."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and any(names_a_home(t, gaz) for t in span)


def _leaders_country(mods, gaz: Gazetteer) -> str | None:
    """"the Biden administration", "Assad forces": a known leader's name
    before the agent gives the leader's country."""
    for tok in mods:
        known = gaz.people.get(normalize(tok.text)) if tok.dep_ == "compound" and tok.pos_ == "PROPN" else None
        if known is not None and known.country:
            return known.country
    return None


def _city_alone(span: Span, gaz: Gazetteer) -> bool:
    """A one-word name of a large city: the model's "person" there is no name's word."""
    return len(span) == 1 and normalize(span.text) in gaz.major_cities


def _shared_nationality(tok, gaz) -> str | None:
    """"Turkish warplanes and artillery": the first conjunct's nationality
    qualifies a bare conjunct when both are a state's forces (see
    ``state_forces`` in roles.toml)."""
    first = tok.head
    if tok.dep_ != "conj" or first.pos_ not in ("NOUN", "PROPN") or any(c.i < tok.i for c in tok.children if c.dep_ != "cc"):
        return None
    if (agent_sector(tok) or "")[:3] not in gaz.state_forces or (agent_sector(first) or "")[:3] not in gaz.state_forces:
        return None
    code, _ = country_marker([t for t in first.lefts if t.dep_ in ("amod", "compound", "nmod")], gaz)
    return code


def _home(t, noun, gaz) -> bool:
    """"the French-led mission", "a Denmark-based group": "French" hangs on
    "led", which qualifies the noun."""
    return t.dep_ == "npadvmod" and t.head.lower_ in gaz.home_participles and t.head.dep_ == "amod" and t.head.head.i == noun.i
