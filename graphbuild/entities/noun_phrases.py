"""Noun phrases that stand for an actor of a country, without naming it.

``noun_phrase_mention(tok, gaz)`` reads the phrase a noun heads: a state
("the Mexican government"), an institution ("China's foreign ministry", "the
U.N. human rights office"), an office-holder ("the Indian prime minister"),
or a group of people ("Iranian protesters", "radical French farmers"). The
noun kinds are the gazetteer's (``data/roles.toml``); the country is the
nationality marker before the noun.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.entities.agents import agent_label, agent_sector
from graphbuild.entities.nationality import country_marker
from graphbuild.keys import agent_key, group_key, igo_body_key, office_key, org_key
from graphbuild.knowledge.gazetteer import Gazetteer, normalize
from graphbuild.records import COUNTRY, IGO, ORGANIZATION, PERSON, Mention


def _kind(tok: Token, gaz: Gazetteer) -> str | None:
    """"state", "institution", "group" or "office": what the noun ``tok`` (and the word before it) names."""
    lemma = tok.lemma_.lower()
    text = tok.lower_
    if text not in gaz.role_noun_heads and lemma not in gaz.role_noun_heads:
        return None  # every candidate below ends in text or is lemma
    compound = [c for c in tok.lefts if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "PROPN", "ADJ") and c.ent_type_ not in ("NORP", "GPE")]
    two = f"{compound[-1].lower_} {text}" if compound else None
    for cand in filter(None, (two, text, lemma)):
        if cand in gaz.state_nouns:
            return "state"
        if cand in gaz.institution_nouns:
            return "institution"
        if cand in gaz.group_nouns:
            return "group"
    for cand in filter(None, (two, text)):
        named = (
            _children_deps(tok, "appos")
            or (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].ent_type_ == "PERSON")
            or (tok.i + 2 < len(tok.doc) and tok.doc[tok.i + 1].text == "," and tok.doc[tok.i + 2].ent_type_ == "PERSON")
        )
        if cand in gaz.office_titles and tok.dep_ != "compound" and not named:
            return "office"
    return None


def noun_phrase_mention(tok: Token, gaz: Gazetteer) -> Mention | None:
    """'the Mexican government', 'China's foreign ministry', 'Iranian protesters'."""
    kind = _kind(tok, gaz)
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
                return Mention("", span.text, span.start_char, span.end_char, ORGANIZATION, f"{known.label} {words}", "IGO", None, igo_body_key(f"{known.label} {words}"))
    if code is None:
        return None
    start = marker[0].i
    span = tok.doc[start : tok.i + 1]
    held = kind == "state" and tok.lemma_.lower() in gaz.held_places
    owners = [agent_sector(t) for t in tok.doc[marker[-1].i + 1 : tok.i] if t.dep_ in ("compound", "amod")] if held else []
    owner = next((o for o in owners if o and o[:3] in gaz.agent_sides), None)
    if kind == "state" and owner is not None:
        # "Chechen rebel positions", "Palestinian militant bases": the agent's, not the state's
        return Mention("", span.text, span.start_char, span.end_char, ORGANIZATION, agent_label(code, owner, gaz), code, None, agent_key(code, owner), owner)
    if kind == "state":
        known = gaz.country(code)
        return Mention("", span.text, span.start_char, span.end_char, COUNTRY, known.label, code, None, known.key)
    words = " ".join(t.text for t in tok.doc[marker[-1].i + 1 : tok.i + 1] if t.tag_ != "POS").lower()
    if kind == "office":
        # "the Indian prime minister": the office-holder, a person of that country.
        title = " ".join(t.text for t in tok.doc[marker[-1].i + 1 : tok.i + 1] if t.pos_ in ("NOUN", "PROPN", "ADJ")).lower()
        label = f"{title.title()} of {gaz.country_labels.get(code, code)}"
        return Mention("", span.text, span.start_char, span.end_char, PERSON, label, code, title, office_key(code, title))
    sector = agent_sector(tok) if kind == "group" else None
    if sector is not None:
        # "radical French farmers": one node per (country, sector), "France: farmers".
        return Mention("", span.text, span.start_char, span.end_char, ORGANIZATION, agent_label(code, sector, gaz), code, None, agent_key(code, sector), sector)
    if kind == "group":
        return Mention("", span.text, span.start_char, span.end_char, ORGANIZATION, f"{gaz.country_labels.get(code, code)} {words}", code, None, group_key(code, words))
    return Mention("", span.text, span.start_char, span.end_char, ORGANIZATION, f"{words.title()} ({gaz.country_labels.get(code, code)})", code, None, org_key(code, words))


def _children_deps(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]
