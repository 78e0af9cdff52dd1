"""Mentions: the spans of a parsed article that name an actor or a place.

``find_mentions(doc, doc_id)`` yields one ``Mention`` per actor span, typed
and tied to a country where the text or the gazetteer says so:

- named entities from the model (people, countries, cities, organizations),
  checked against the gazetteer so that junk ("Friction" tagged as a place,
  "Facebook") is dropped and names the model missed ("PRC") are found;
- a capital standing for its government ("Beijing was not cooperating") is
  that country; the same city as a place ("meetings in Beijing") is a place;
- noun phrases that stand for a state ("the Mexican government", "senior PRC
  officials") or an institution ("China's foreign ministry");
- people with the title and nationality the text gives them ("Chinese
  Foreign Minister Qin Gang", "Kurt Campbell, the top Asia expert at ...").

Pronouns and short names are left to ``resolve``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from graphbuild.knowledge import dictionaries, gazetteer
from graphbuild.entities.agents import agent_key, agent_label, agent_mention, agent_sector, places_by_token, sector_names
from graphbuild.knowledge.gazetteer import Gazetteer, Known, normalize, slug
from graphbuild.records import COUNTRY, IGO, ORGANIZATION, PERSON, PLACE, Mention

ACTOR_LABELS = {"PERSON", "GPE", "LOC", "NORP", "ORG", "FAC"}
# Prepositions after which a city is where something happens, not who acts.
LOCATIVE = {"in", "near", "inside", "outside", "across", "around", "throughout", "within",
            "to", "into", "via", "through", "outside of", "toward", "towards", "over"}
# Tokens that may stand in a title before a name ("U.S. Secretary of State").
_TITLE_GLUE = {"of", "'s", "’s", "-", "for", "the"}


@cache
def _matcher(vocab: Vocab) -> PhraseMatcher:
    """Case-sensitive matcher for every name the gazetteer knows."""
    gaz = gazetteer.load()
    matcher = PhraseMatcher(vocab, attr="ORTH")
    from spacy.lang.en import English

    tokenizer = English(vocab=vocab).tokenizer
    names = set()
    for table in (gaz.names, gaz.people):
        for known in table.values():
            names.add(known.label)
    from importlib.resources import files
    import tomllib

    for fname in ("countries.toml", "actors.toml", "people.toml"):
        try:
            raw = tomllib.loads(files("graphbuild").joinpath("data", fname).read_text("utf-8"))
        except FileNotFoundError:
            continue
        for spec in _walk_specs(raw):
            names.update(a for a in spec.get("aliases", ()) if len(a) > 1)
            for k in ("label", "name"):
                if k in spec:
                    names.add(spec[k])
    matcher.add("KNOWN", [tokenizer(n) for n in sorted(names)])
    return matcher


def _walk_specs(raw: dict) -> Iterator[dict]:
    for value in raw.values():
        if isinstance(value, dict):
            if any(k in value for k in ("aliases", "label", "name")):
                yield value
            else:
                yield from _walk_specs(value)


def _strip(span: Span) -> Span:
    """Drop a leading determiner and a trailing possessive from a span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    return doc[start:end]


REGIONAL = {"central", "latin", "north", "south", "west", "east", "southeast", "northern", "southern", "western", "eastern", "pan", "sub-saharan"}


def country_marker(tokens: list[Token], gaz: Gazetteer) -> tuple[str | None, list[Token]]:
    """The country a run of modifier tokens names ("Chinese", "U.S.", "China's").

    A two-word form decides first: "South Korean" is Korean, "Central
    American" is no country at all.
    """
    for tok in tokens:
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.lower_ in REGIONAL:
            pair = gaz.country_of_word(f"{prev.text} {tok.text}")
            if pair is None:
                continue
            return pair, [prev, tok]
        code = gaz.country_of_word(tok.text)
        if code is None and tok.ent_type_:  # "Sri Lanka's" may come tagged as a person
            ent = _ent_span(tok)
            code = gaz.country_of_word(ent.text) or gaz.capitals.get(normalize(ent.text))
            if code is not None:
                return code, [t for t in ent if t.tag_ != "POS"]
        if code is None:
            code = gaz.capitals.get(normalize(tok.text)) if tok.tag_ == "NNP" else None
        if code is not None:
            return code, [tok]
    return None, []


def _ent_span(tok: Token) -> Span:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return tok.doc[tok.i : tok.i + 1]


def _title_window_left(doc: Doc, start: int, gaz: Gazetteer, floor: int) -> Span:
    """Tokens right before a name that can form its title ("US Secretary of State")."""
    i = start
    while i > floor:
        tok = doc[i - 1]
        if tok.is_space or tok.pos_ in ("PROPN", "NOUN", "ADJ") or tok.lower_ in _TITLE_GLUE or tok.tag_ == "POS":
            i -= 1
            continue
        break
    window = doc[i:start]
    while len(window) and window[0].lower_ in ("the", "of", "and", "-", "'s", "’s"):
        window = doc[window.start + 1 : window.end]
    return window


def _has_title(words: str, gaz: Gazetteer) -> str | None:
    """The title words contain, longest first ("foreign minister" over "minister")."""
    words = " " + words.lower() + " "
    for title in gaz.titles_longest_first:
        if f" {title} " in words or f" {title}s " in words:
            return title
    return None


def _title_info(window: Span, gaz: Gazetteer, need_title: bool = False) -> tuple[str | None, str | None, str | None]:
    """(role, country, organization key) from title words around a name.

    Without a title word, a bare nationality still counts ("Russian
    dissident X") unless ``need_title`` (appositions must name a role).
    """
    if not len(window):
        return None, None, None
    title = _has_title(" ".join(t.lemma_ if t.pos_ == "NOUN" else t.text for t in window), gaz)
    if title is None:
        if need_title:
            return None, None, None
        # A bare nationality is enough: "Russian opposition figure", "Iranian X".
        code, _ = country_marker(list(window), gaz)
        return None, code, None
    country = None
    org = None
    drop: set[int] = set()
    # A known organization in the window ("State Department Spokesman").
    for n in range(len(window), 0, -1):
        for s in range(0, len(window) - n + 1):
            sub = window[s : s + n]
            known = gaz.names.get(normalize(sub.text))
            if known is not None and known.type in (ORGANIZATION, IGO) and org is None:
                org = known.key
                country = known.country
                drop.update(t.i for t in sub)
    if country is None:
        code, toks = country_marker(list(window), gaz)
        country = code
        drop.update(t.i for t in toks)
    role_tokens = [t for t in window if t.i not in drop and t.tag_ != "POS" and t.lower_ not in ("the", "his", "her", "its", "their")]
    while role_tokens and role_tokens[-1].pos_ in ("ADP", "DET", "CCONJ"):
        role_tokens.pop()
    role = " ".join(t.text for t in role_tokens).strip(" ,-") or title
    if role.lower() in ("counterpart", "top", ""):
        role = title
    return role, country, org


def _right_apposition(doc: Doc, end: int, limit: int) -> Span:
    """", the top Asia expert at the National Security Council" after a name."""
    if end >= limit or doc[end].text != ",":
        return doc[end:end]
    j = end + 1
    while j < limit and doc[j].text not in (",", ".", ";", ":", "(", ")", '"', "“", "”") and doc[j].pos_ not in ("VERB", "AUX"):
        j += 1
    return doc[end + 1 : j]


def _left_apposition(doc: Doc, start: int, floor: int) -> Span:
    """"his Chinese counterpart, " or "China's top diplomat, " before a name."""
    if start - 1 <= floor or doc[start - 1].text != ",":
        return doc[start:start]
    j = start - 1
    while j > floor and doc[j - 1].text not in (",", ".", ";", ":") and doc[j - 1].pos_ not in ("VERB", "AUX", "ADP") or (
        j > floor and doc[j - 1].lower_ == "of"
    ):
        j -= 1
    span = doc[j : start - 1]
    return span if len(span) <= 8 else doc[start:start]


def _person(span: Span, gaz: Gazetteer, sent: Span) -> Mention | None:
    doc = span.doc
    name = _strip(span)
    if not len(name):
        return None
    known = gaz.people.get(normalize(name.text))
    left = _title_window_left(doc, name.start, gaz, sent.start)
    role, country, _org = _title_info(left, gaz)
    if role is None and country is None:
        for app in (_left_apposition(doc, left.start if len(left) else name.start, sent.start), _right_apposition(doc, name.end, sent.end)):
            r, c, _o = _title_info(app, gaz, need_title=True)
            if r is not None or c is not None:
                role, country = r or role, c or country
                break
    elif country is None:
        _r, c, _o = _title_info(_left_apposition(doc, left.start, sent.start), gaz, need_title=True)
        country = c
    label = name.text
    key = ""
    if known is not None:
        key, label = known.key, known.label
        country = country or known.country
        role = role or known.role
    listed, sector = _listed(name.text, gaz)
    return Mention("", name.text, name.start_char, name.end_char, PERSON, label, country or listed, role, key, sector)


def _listed(name: str, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """Country and sector the field's actors dictionaries give a name ("Yasser Arafat": PSE, GOV)."""
    country, sector = dictionaries.actor(name, gaz.country_labels.keys())
    return country, sector if sector in sector_names() else None


def _noun_phrase_mention(tok: Token, gaz: Gazetteer) -> Mention | None:
    """'the Mexican government', 'China's foreign ministry', 'Iranian protesters'."""
    lemma = tok.lemma_.lower()
    text = tok.lower_
    if text not in gaz.role_noun_heads and lemma not in gaz.role_noun_heads:
        return None  # every candidate below ends in text or is lemma
    compound = [c for c in tok.lefts if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "PROPN", "ADJ") and c.ent_type_ not in ("NORP", "GPE")]
    two = f"{compound[-1].lower_} {text}" if compound else None
    kind = None
    for cand in filter(None, (two, text, lemma)):
        if cand in gaz.state_nouns:
            kind = "state"
        elif cand in gaz.institution_nouns:
            kind = "institution"
        elif cand in gaz.group_nouns:
            kind = "group"
        if kind:
            break
    if kind is None:
        for cand in filter(None, (two, text)):
            named = (
                _children_deps(tok, "appos")
                or (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].ent_type_ == "PERSON")
                or (tok.i + 2 < len(tok.doc) and tok.doc[tok.i + 1].text == "," and tok.doc[tok.i + 2].ent_type_ == "PERSON")
            )
            if cand in gaz.office_titles and tok.dep_ != "compound" and not named:
                kind = "office"
                break
    if kind is None:
        return None
    modifiers = [t for t in tok.doc[tok.left_edge.i : tok.i] if t.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod") or t.head.i != tok.i]
    code, marker = country_marker(modifiers, gaz)
    if code is None and kind == "institution":
        # "the U.N. human rights office": an office of an intergovernmental body.
        for t in modifiers:
            known = gaz.names.get(normalize(t.text))
            if known is not None and known.type == IGO:
                span = tok.doc[t.i : tok.i + 1]
                words = " ".join(w.text for w in tok.doc[t.i + 1 : tok.i + 1]).lower()
                return Mention("", span.text, span.start_char, span.end_char, ORGANIZATION, f"{known.label} {words}", "IGO", None, f"org/IGO/{slug(known.label + ' ' + words)}")
    if code is None:
        return None
    start = marker[0].i
    span = tok.doc[start : tok.i + 1]
    if kind == "state":
        known = gaz.country(code)
        return Mention("", span.text, span.start_char, span.end_char, COUNTRY, known.label, code, None, known.key)
    words = " ".join(t.text for t in tok.doc[marker[-1].i + 1 : tok.i + 1] if t.tag_ != "POS").lower()
    if kind == "office":
        # "the Indian prime minister": the office-holder, a person of that country.
        title = " ".join(t.text for t in tok.doc[marker[-1].i + 1 : tok.i + 1] if t.pos_ in ("NOUN", "PROPN", "ADJ")).lower()
        label = f"{title.title()} of {gaz.country_labels.get(code, code)}"
        return Mention("", span.text, span.start_char, span.end_char, PERSON, label, code, title, f"person/{code}/{slug(title)}")
    sector = agent_sector(tok) if kind == "group" else None
    if sector is not None:
        # "radical French farmers": one node per (country, sector), "France: farmers".
        return Mention("", span.text, span.start_char, span.end_char, ORGANIZATION, agent_label(code, sector, gaz), code, None, agent_key(code, sector), sector)
    label = f"{gaz.country_labels.get(code, code)} {words}" if kind == "group" else f"{words.title()} ({gaz.country_labels.get(code, code)})"
    key = f"{'group' if kind == 'group' else 'org'}/{code}/{slug(words)}"
    return Mention("", span.text, span.start_char, span.end_char, ORGANIZATION, label, code, None, key)


def _children_deps(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _is_locative(span: Span) -> bool:
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return True
    # "the city of Kathmandu", "the town of Huwara": a place by its kind.
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in gazetteer.load().place_kinds:
        return True
    # Dateline: "Washington: ..." at the start of a paragraph.
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return nxt is not None and nxt.text in (":", "—", "-") and (span.start == 0 or span.doc[span.start - 1].is_space)


def _place(span: Span, code: str | None, gaz: Gazetteer) -> Mention:
    label = _strip(span).text
    return Mention("", span.text, span.start_char, span.end_char, PLACE, label, code, None, f"place/{slug(label)}")


def _from_known(span: Span, known: Known) -> Mention:
    return Mention("", span.text, span.start_char, span.end_char, known.type, known.label, known.country, known.role, known.key)


def _classify(span: Span, gaz: Gazetteer, sent: Span, person_words: set[str]) -> Mention | None:
    stripped = _strip(span)
    if not len(stripped):
        return None
    norm = normalize(stripped.text)
    if norm in gaz.not_actors:
        return None
    label = span.label_
    root = stripped.root
    before = span.doc[stripped.start - 1].lower_ if stripped.start > 0 else ""
    if before in gaz.storm_words or stripped[0].lower_ in gaz.storm_words:
        return None  # "Hurricane Michael": a storm's name
    if label == "PERSON" and root.dep_ == "compound" and root.head.i == stripped.end and agent_sector(root.head):
        return None  # "Riot police": a kind of police, read as an agent
    if label in ("PERSON", "ORG") and norm in gaz.demonyms and norm not in gaz.names:
        return None  # "Tajik" tagged as a person: a nationality, read with its noun
    if label == "PERSON" and norm not in gaz.names and norm not in gaz.capitals:
        return _person(stripped, gaz, sent)
    known = gaz.names.get(norm)
    if known is not None:
        city = gaz.capitals.get(norm) or gaz.cities.get(norm)
        if known.type != COUNTRY and city is not None and _is_locative(stripped):
            return _place(stripped, city, gaz)  # "talks in Brussels": the city
        return _from_known(stripped, known)
    if norm in gaz.people:
        return _person(stripped, gaz, sent)
    capital = gaz.capitals.get(norm) or gaz.capitals.get(norm.removesuffix(" dc").removesuffix(" d.c"))
    if capital is not None:
        if _is_locative(stripped):
            return _place(stripped, capital, gaz)
        country = gaz.country(capital)
        return Mention("", stripped.text, stripped.start_char, stripped.end_char, COUNTRY, country.label, capital, None, country.key)
    if label in ("GPE", "LOC", "FAC"):
        if norm in gaz.demonyms:
            return None  # "Ukrainian" tagged as a place: a modifier, read with its noun
        if norm in person_words:
            return _person(stripped, gaz, sent)
        city = gaz.cities.get(norm)
        if city is not None:
            return _place(stripped, city, gaz)
        if label == "FAC" or (len(stripped) == 1 and stripped.start == sent.start):
            return None  # a capitalised common noun opening a sentence ("Friction")
        if label == "LOC":
            return _place(stripped, None, gaz)
        return None if len(stripped) == 1 and not stripped[0].is_title else _place(stripped, None, gaz)
    if label == "NORP":
        code = gaz.demonyms.get(norm)
        root = stripped.root
        if code is not None and root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "agent") and root.pos_ in ("PROPN", "NOUN"):
            if root.tag_ in ("NNS", "NNPS") and norm != normalize(gaz.country_labels.get(code, "")):
                # "tens of thousands of Georgians": people of the country, not its state.
                label = f"{gaz.country_labels.get(code, code)} people"
                return Mention("", stripped.text, stripped.start_char, stripped.end_char, ORGANIZATION, label, code, None, f"group/{code}/people")
            country = gaz.country(code)
            return Mention("", stripped.text, stripped.start_char, stripped.end_char, COUNTRY, country.label, code, None, country.key)
        return None
    if label == "ORG":
        if norm in person_words:
            return _person(stripped, gaz, sent)
        if len(stripped) == 1 and (stripped.start > 0 and span.doc[stripped.start - 1].lower_ == "of"):
            return None  # "State" in "Secretary of State"
        if _has_title(stripped.text, gaz) and not any(t.lower_ in gaz.institution_nouns for t in stripped):
            return None
        code, _ = country_marker(list(stripped), gaz)
        listed, sector = _listed(stripped.text, gaz)
        code = code or listed
        words = stripped.text
        return Mention("", stripped.text, stripped.start_char, stripped.end_char, ORGANIZATION, words, code, None, f"org/{code or 'X'}/{slug(words)}", sector)
    return None


def find_mentions(doc: Doc, doc_id: str, dateline_country: str | None = None) -> list[Mention]:
    """Every actor and place mention of ``doc``, in text order, without overlaps.

    Sentences of page furniture ("Top Comments", "Share this post") are skipped.
    ``dateline_country`` is the country of the article's dateline, the last
    resort for the country of a generic agent ("police", "gunmen").
    """
    gaz = gazetteer.load()
    sentences = [s for s in doc.sents if not gaz.is_boilerplate(s.text)]
    allowed = {i for s in sentences for i in range(s.start, s.end)}
    spans = [e for e in doc.ents if e.label_ in ACTOR_LABELS]
    covered = {i for e in spans for i in range(e.start, e.end)}
    for _, start, end in _matcher(doc.vocab)(doc):
        sp = Span(doc, start, end, label="KNOWN")
        if not any(i in covered for i in range(start, end)) or all(
            e.start >= start and e.end <= end and e.end - e.start < end - start
            for e in spans
            if e.start < end and start < e.end
        ):
            spans.append(sp)
    spans = [s for s in filter_spans(spans) if s.start in allowed]
    person_words = {t.text.lower() for s in spans if s.label_ == "PERSON" for t in s if t.is_title}

    found: list[Mention] = []
    taken: set[int] = set()
    sent_of = {i: s for s in sentences for i in range(s.start, s.end)}
    for span in spans:
        sent = sent_of[span.start]
        if span.label_ == "KNOWN":
            known = gaz.lookup(span.text)
            if known is None:
                continue
            city = gaz.capitals.get(normalize(span.text)) or gaz.cities.get(normalize(span.text))
            if known.type == PERSON:
                m = _person(span, gaz, sent)
            elif known.type != COUNTRY and city is not None and _is_locative(span):
                m = _place(span, city, gaz)
            else:
                m = _from_known(span, known)
        else:
            m = _classify(span, gaz, sent, person_words)
        if m is None:
            continue
        found.append(replace(m, doc_id=doc_id))
        taken.update(range(span.start, span.end))

    # Hyphenated pairs written as one token ("U.S.-PRC relationship").
    for sent in sentences:
        for tok in sent:
            if tok.i in taken or "-" not in tok.text.strip("-"):
                continue
            offset = tok.idx
            for part in tok.text.split("-"):
                known = gaz.names.get(normalize(part)) if part else None
                if known is not None and known.type != PERSON:
                    found.append(Mention(doc_id, part, offset, offset + len(part), known.type, known.label, known.country, None, known.key))
                offset += len(part) + 1

    # Noun phrases standing for a state or an institution of a country.
    for sent in sentences:
        for tok in sent:
            if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            m = _noun_phrase_mention(tok, gaz)
            if m is None:
                continue
            span_toks = range(doc.char_span(m.start, m.end, alignment_mode="expand").start, tok.i + 1)
            found.append(replace(m, doc_id=doc_id))
            taken.update(span_toks)
    found += _agents(doc, doc_id, sentences, taken, found, dateline_country, gaz)
    return sorted(found, key=lambda m: (m.start, m.end))


def _agents(doc, doc_id, sentences, taken, found, dateline_country, gaz) -> list[Mention]:
    """Generic agents ("riot police", "gunmen in Kano") not already a mention."""
    places = places_by_token(doc, found)
    # The article's own country, when it names places of one country only.
    codes = {m.country for m in found if m.type in (PLACE, COUNTRY) and m.country and m.country != "IGO"}
    article_country = dateline_country or (next(iter(codes)) if len(codes) == 1 else None)
    out = []
    for sent in sentences:
        for tok in sent:
            if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            mods = [t for t in doc[tok.left_edge.i : tok.i] if t.head.i == tok.i or t.dep_ in ("amod", "compound", "nmod")]
            if tok.dep_ == "compound":  # "a Turkish army convoy": the nationality qualifies the whole
                mods += [t for t in tok.head.lefts if t.i < tok.i and t.dep_ in ("amod", "compound", "nmod")]
            code, _ = country_marker(mods, gaz)
            m = agent_mention(tok, sent, gaz, places, code, article_country)
            if m is None or any(i in taken for i in range(doc.char_span(m.start, m.end, alignment_mode="expand").start, tok.i)):
                continue
            out.append(replace(m, doc_id=doc_id))
            taken.add(tok.i)
    return out


