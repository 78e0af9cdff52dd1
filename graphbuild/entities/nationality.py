"""Nationality markers: the words that tie a phrase to a country.

``country_marker(tokens, gaz)`` reads a run of modifier tokens ("Chinese",
"U.S.", "China's", "South Korean") and gives the country they name, with
the tokens that name it; the mention finders and the event reader ask it of
the words before a noun. ``names_a_home`` tells a country named as a
group's home ("a Denmark-based group"), which places the group, not the
report.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from graphbuild.knowledge.gazetteer import Gazetteer, normalize

# Words that make a nationality regional ("South Korean", "Central American").
REGIONAL = {"central", "latin", "north", "south", "west", "east", "southeast", "northern", "southern", "western", "eastern", "pan", "sub-saharan"}


def country_marker(tokens: list[Token], gaz: Gazetteer) -> tuple[str | None, list[Token]]:
    """The country a run of modifier tokens names ("Chinese", "U.S.", "China's").

    A two-word form decides first: "South Korean" is Korean, "Central
    American" is no country at all.
    """
    for tok in tokens:
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.lower_ in gaz.ethnic_words:
            continue  # "ethnic Albanians in Kosovo": a people, not Albania's
        if tok.dep_ == "npadvmod" and tok.head.lower_ in gaz.measure_participles:
            continue  # "a Wales-sized enclave": a size, not a country's
        if prev is not None and prev.lower_ in REGIONAL:
            pair = gaz.country_of_word(f"{prev.text} {tok.text}")
            if pair is None:
                continue
            return pair, [prev, tok]
        code = gaz.country_of_word(tok.text)
        if code is None and "-" in tok.text and tok.lower_.rsplit("-", 1)[1] in gaz.home_participles:
            # "U.S.-led forces": one token, the leader's (the tokenizer splits "French-led" itself).
            code = gaz.country_of_word(tok.text.rsplit("-", 1)[0])
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


def names_a_home(tok: Token, gaz: Gazetteer) -> bool:
    """Whether ``tok`` is in the name before a home participle ("Norway" in
    "a Denmark-based group", "States" or "United" in "a United States-led
    force") or a measure ("a Belgium-sized area"): the name says whose the
    group is, or how big a place, not where the report is."""
    while tok.dep_ == "compound" and tok.head.i > tok.i:
        tok = tok.head
    participles = gaz.home_participles | gaz.measure_participles
    return tok.dep_ == "npadvmod" and tok.head.lower_ in participles and tok.head.dep_ == "amod"


def _ent_span(tok: Token) -> Span:
    if tok.ent_iob_ in ("O", ""):  # in no entity: spare making them all
        return tok.doc[tok.i : tok.i + 1]
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return tok.doc[tok.i : tok.i + 1]
