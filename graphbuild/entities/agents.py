"""Generic agents: actors a report names by what they are, not who.

"Riot police", "gunmen", "protesters in Baghdad", "radical French farmers",
"security forces": event data codes these as an agent of a sector (police,
rebels, opposition, military ...) of a country. The sector comes from the
agents dictionary (``graphbuild.knowledge.dictionaries.agents()``, PETRARCH's Phoenix
agents); the country from, in order, a nationality or country word in the
phrase, a place the phrase or its sentence is in ("in Baghdad" gives Iraq),
or the article (its dateline, or the one country it names). Without any of these the agent keeps no country:
nothing is guessed. One node per (country, sector): ``agent/IRQ/OPP``,
labelled "Iraq: opposition".
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files

from spacy.tokens import Span, Token

from graphbuild.entities.nationality import country_marker, names_a_home
from graphbuild.entities.spans import LOCATIVE
from graphbuild.knowledge import dictionaries, gazetteer
from graphbuild.keys import agent_key
from graphbuild.knowledge.gazetteer import Gazetteer, normalize
from graphbuild.records import COUNTRY, ORGANIZATION, PLACE, Mention

@cache
def sector_names() -> dict[str, str]:
    return tomllib.loads(files("graphbuild").joinpath("data/sectors.toml").read_text("utf-8"))


def agent_sector(tok: Token) -> str | None:
    """The sector code of the agent noun phrase ``tok`` heads ("riot police" -> "COP"), or None.

    The longest phrase of the head and the words right before it wins.
    """
    table = dictionaries.agents()
    lefts = [t for t in tok.lefts if t.dep_ in ("compound", "amod", "nmod") and t.i >= tok.i - 3]
    for n in range(len(lefts), 0, -1):
        words = " ".join(t.lower_ for t in lefts[-n:]) + " " + tok.lower_
        if words in table:
            return table[words]
    own = table.get(tok.lower_) or table.get(tok.lemma_.lower())
    # "opposition mayors", "rebel commanders": the side they are on says more than the office.
    sides = [table.get(t.lower_) for t in lefts if table.get(t.lower_, "")[:3] in gazetteer.load().agent_sides]
    return sides[-1] if own and sides else own


def _qualified_agent(tok: Token) -> bool:
    """"the ruling party": an institution that the agents dictionary names with its modifier."""
    table = dictionaries.agents()
    lefts = [t for t in tok.lefts if t.dep_ in ("compound", "amod", "nmod") and t.i >= tok.i - 3]
    return any(" ".join(t.lower_ for t in lefts[-n:]) + " " + tok.lower_ in table for n in range(len(lefts), 0, -1))


def agent_label(code: str | None, sector: str, gaz: Gazetteer) -> str:
    name = sector_names().get(sector[:3], sector[:3].lower())
    return f"{gaz.country_labels.get(code, code)}: {name}" if code else name


def _placed_in(tok: Token, places: dict[int, Mention]) -> str | None:
    """A country from the agent's own prepositional phrase: "protesters in
    Baghdad", "gunmen from a Somali militant group"."""
    gaz = gazetteer.load()
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in gaz.agent_placing_preps:
            for obj in prep.children:
                m = places.get(obj.i)
                if m is not None and m.country and m.country != "IGO":
                    return m.country
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN":  # "from a Somali militant group"
                    code, _ = country_marker([t for t in obj.lefts if t.dep_ in ("amod", "compound", "nmod")], gaz)
                    if code is not None:
                        return code
    return None


def _sentence_place(tok: Token, sent: Span, places: dict[int, Mention]) -> str | None:
    """The country of the places the sentence names, when they are all of one country."""
    gaz = gazetteer.load()
    codes = {m.country for i, m in places.items()
             if sent.start <= i < sent.end and m.country and not names_a_home(tok.doc[i], gaz)
             and (m.type == PLACE or _capital_as_place(tok.doc[i], m, gaz))}
    return next(iter(codes)) if len(codes) == 1 else None


def _capital_as_place(tok: Token, m: Mention, gaz: Gazetteer) -> bool:
    """"outside Nairobi airport", "in Nairobi": a capital where something is, not
    the state it stands for ("Washington eased sanctions")."""
    locative = tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE
    return normalize(m.text) in gaz.capitals and (locative or tok.dep_ in ("compound", "nmod"))


def agent_mention(
    tok: Token, sent: Span, gaz: Gazetteer, places: dict[int, Mention], marker_code: str | None, article_code: str | None
) -> Mention | None:
    """The agent ``tok`` heads, tied to a country where the text says which."""
    if tok.pos_ not in ("NOUN", "PROPN") or (tok.dep_ == "compound" and agent_sector(tok.head) is not None):
        return None  # "riot police": the head names the agent
    lemma = tok.lemma_.lower()
    titled = lemma in gaz.titles or tok.lower_ in gaz.titles
    of = any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)
    if (lemma in gaz.institution_nouns and not _qualified_agent(tok)) or (titled and (tok.tag_ != "NNS" or of)):
        return None  # people by title ("ministers of Armenia") and institutions are resolved as such; "mayors" are a group
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
        return None  # "its troops", "their police": the owner's own, read through the owner
    sector = agent_sector(tok)
    if sector is None or sector.startswith("IGO"):
        return None
    code = marker_code or _placed_in(tok, places) or _sentence_place(tok, sent, places) or article_code
    start = min([t.i for t in tok.lefts if t.dep_ in ("compound", "amod", "nmod")] + [tok.i])
    span = tok.doc[start : tok.i + 1]
    return Mention("", span.text, span.start_char, span.end_char, ORGANIZATION,
                   agent_label(code, sector, gaz), code, None, agent_key(code, sector), sector)


def places_by_token(doc, mentions: list[Mention]) -> dict[int, Mention]:
    """Token index -> the place or country mention covering it."""
    out: dict[int, Mention] = {}
    for m in mentions:
        if m.type not in (PLACE, COUNTRY):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            for t in span:
                out[t.i] = m
    return out
