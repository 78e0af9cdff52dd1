"""People: a person's name with the title and nationality the text gives them.

``person_mention(span, gaz, sent)`` makes the ``Mention`` of a person's name,
with the role, country and organization its title says ("Chinese Foreign
Minister Qin Gang", "State Department Spokesman Ned Price"), or else an
apposition ("his Chinese counterpart, Qin Gang", "Kurt Campbell, the top
Asia expert at the National Security Council"), or else the gazetteer and
the field's actors dictionaries.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from graphbuild.entities.agents import sector_names
from graphbuild.entities.nationality import country_marker
from graphbuild.entities.spans import strip_span
from graphbuild.knowledge import dictionaries
from graphbuild.knowledge.gazetteer import Gazetteer, normalize
from graphbuild.records import IGO, ORGANIZATION, PERSON, Mention

# Tokens that may stand in a title before a name ("U.S. Secretary of State").
_TITLE_GLUE = {"of", "'s", "’s", "-", "for", "the"}


def _title_window_left(doc: Doc, start: int, floor: int) -> Span:
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


def has_title(words: str, gaz: Gazetteer) -> str | None:
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
    title = has_title(" ".join(t.lemma_ if t.pos_ == "NOUN" else t.text for t in window), gaz)
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


def person_mention(span: Span, gaz: Gazetteer, sent: Span) -> Mention | None:
    """The person ``span`` names, with what its title or an apposition says of them."""
    doc = span.doc
    name = _with_dropped_first_names(strip_span(span), sent, gaz)
    if not len(name):
        return None
    known = gaz.people.get(normalize(name.text))
    left = _title_window_left(doc, name.start, sent.start)
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
    if country is None:
        country = _described_nationality(_right_apposition(doc, name.end, sent.end), gaz)
    label = name.text
    key = ""
    if known is not None:
        key, label = known.key, known.label
        country = country or known.country
        role = role or known.role
    listed, sector = listed_actor(name.text, gaz)
    return Mention("", name.text, name.start_char, name.end_char, PERSON, label, country or listed, role, key, sector)


def _described_nationality(app: Span, gaz: Gazetteer) -> str | None:
    """", a Canadian citizen", ", an Australian journalist": an indefinite
    apposition's nationality is the person's (not one in a phrase after
    its head: ", a critic of Russian policy")."""
    if not len(app) or app[0].lower_ not in ("a", "an"):
        return None
    head = []
    for t in app[1:]:
        if t.pos_ == "ADP":
            break
        head.append(t)
    code, _ = country_marker(head, gaz)
    return code


def _with_dropped_first_names(name: Span, sent: Span, gaz: Gazetteer) -> Span:
    """"Joseph Kabila" tagged as "Kabila": the capitalised words right before
    a name the model left out, when the longer name is one the gazetteer or
    the actors dictionaries know."""
    if not len(name) or gaz.people.get(normalize(name.text)) is not None:
        return name
    doc = name.doc
    for extra in (1, 2):
        start = name.start - extra
        if start < sent.start or not all(t.pos_ == "PROPN" and t.is_title and not t.ent_type_ for t in doc[start : name.start]):
            break
        longer = doc[start : name.end]
        if gaz.people.get(normalize(longer.text)) is not None or listed_actor(longer.text, gaz)[0] is not None:
            return longer
    return name


def listed_actor(name: str, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """Country and sector the field's actors dictionaries give a name ("Yasser Arafat": PSE, GOV)."""
    country, sector = dictionaries.actor(name, gaz.country_labels.keys())
    return country, sector if sector in sector_names() else None
