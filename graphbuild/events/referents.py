"""Which entity a word of a sentence stands for.

A name resolved to an entity stands for it; so does a title before a name
("his counterpart, Qin Gang"), "his country" (the person's), the maker or
owner of a thing ("Iran's missile test", "a U.S. drone strike"), a
nationality ("Chinese troops": China) and "the two leaders" (the last two
named). ``actors_of`` gives the actors of a list of words, with their
conjuncts. A country the text never names, an agent placed in a country
(``agent_of``) or an unidentified actor is added to the sentence's entities
by ``country``, ``agent_of`` and ``unidentified``: the only writers of
entities in the events stage.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from graphbuild.entities.agents import agent_label, agent_sector
from graphbuild.entities.nationality import country_marker, names_a_home
from graphbuild.events.lexicon import grammar
from graphbuild.events.sentence import Sentence
from graphbuild.events.syntax import children, expand, one_of_each
from graphbuild.keys import agent_key, country_key, unidentified_key
from graphbuild.knowledge import gazetteer
from graphbuild.knowledge.gazetteer import Gazetteer
from graphbuild.records import COUNTRY, PLACE, UNIDENTIFIED, Article, Entity

_WORDS = grammar()
DESCENT_PREPS = _WORDS["descent_preps"]
MEMBER_PREPS = _WORDS["member_preps"]
LOCATED = _WORDS["located"]
EDGES = _WORDS["edge_nouns"]
ATTACKS = _WORDS["attacks"]
QUANTITIES = _WORDS["quantities"]
LOCATIVE_PREPS = _WORDS["locative_preps"]
HAPPENINGS = _WORDS["happenings"]
PAIR_NOUNS = _WORDS["pair_nouns"]
PAIR_PEOPLE = _WORDS["pair_people"]
PAIR_COUNTS = _WORDS["pair_counts"]


def key_of(s: Sentence, tok: Token, subject: bool = False) -> str | None:
    """The entity ``tok`` stands for; as a ``subject``, a thing stands for
    its maker only when it acts ("a U.S. drone strike", "Houthi drones")."""
    gaz = gazetteer.load()
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and (lemma in gaz.titles or lemma in gaz.office_titles):
        named = _named_after_title(s, tok)
        if named is not None:
            return named
    key = s.keys.get(tok.i)
    if key is not None:
        return key
    for app in children(tok, "appos"):
        if app.i in s.keys:
            return s.keys[app.i]
    if lemma in ("country", "nation", "government", "administration"):
        # "his country" -> the country of the person "his" stands for;
        # "Ruto's government" -> Ruto.
        for poss in children(tok, "poss"):
            owner = s.entities.get(s.keys.get(poss.i, ""))
            if owner is not None and owner.type == "Person":
                if poss.pos_ == "PROPN" and lemma != "country":
                    return owner.key
                if owner.country and owner.country != "IGO":
                    return country(s, owner.country)
    if tok.pos_ in ("NOUN", "PROPN", "NUM"):
        if subject:
            # A thing acts for its maker only when the maker modifies it
            # ("a U.S. drone strike", "Houthi drones") or it counts people
            # of one ("thousands of Kenyans"); "EU sanctions" do not act.
            lemma = tok.lemma_.lower()
            acting = (lemma in gaz.state_nouns or lemma in gaz.group_nouns or lemma in ATTACKS or lemma in QUANTITIES
                      or lemma in gaz.gathering_nouns or tok.pos_ == "NUM" or agent_sector(tok) is not None)  # "Hamas gunmen"
            return behind(s, tok, depth=2) if acting else None
        return behind(s, tok, depth=0)
    return None


def _placed(s: Sentence, tok: Token) -> bool:
    """Is ``tok`` where it is, or where it happens ("a depot in Russia", "the coup in Bolivia")?"""
    lemma = tok.lemma_.lower()
    return lemma in LOCATED or lemma in HAPPENINGS


def _placeless(s: Sentence, key: str) -> bool:
    ent = s.entities.get(key)
    return ent is not None and ent.type == PLACE and not ent.country


def _named_after_title(s: Sentence, tok: Token) -> str | None:
    """"his Chinese counterpart, Foreign Minister Qin Gang": the name after
    the comma says more than the noun before it."""
    for app in children(tok, "appos"):
        if app.i in s.keys and s.entities[s.keys[app.i]].type == "Person":
            return s.keys[app.i]
    nxt = tok.i + 1
    if nxt + 1 < s.sent.end and s.doc[nxt].text == ",":
        for j in range(nxt + 1, min(nxt + 6, s.sent.end)):
            k = s.keys.get(j)
            if k is not None and s.entities[k].type == "Person":
                return k
            if s.doc[j].text in (",", ".", ";") or s.doc[j].pos_ in ("VERB", "AUX"):
                break
    return None


def behind(s: Sentence, tok: Token, depth: int) -> str | None:
    """The actor behind a thing: 'Iran's missile test', 'a U.S. drone strike',
    'a proposal by Macron', 'the city of Kharkiv', 'a Chinese fishing boat'."""
    placeless = None  # a place of no known country: kept only if nothing better comes
    modifier = None  # such a place as a modifier: "the Red Sea port of Hodeidah" is Hodeidah
    named = [s.keys[a.i] for a in children(tok, "appos") if a.i in s.keys and not _placeless(s, s.keys[a.i])]
    if named:
        return named[0]  # "the militant group Hamas": the name says who, before its kind
    owner = _agent_modifier(s, tok)
    if owner is not None:
        return owner  # "shelled Chechen rebel positions": the rebels'
    for dep in ("poss", "compound"):
        for child in children(tok, dep):
            k = s.keys.get(child.i)
            if k is not None and _placeless(s, k):
                modifier = modifier or k
            elif k is not None:
                return k
    if depth >= 2 and (tok.lemma_.lower() in QUANTITIES or tok.pos_ == "NUM"):
        for prep in children(tok, "prep"):
            if prep.lower_ == "of":
                for obj in children(prep, "pobj"):
                    k = s.keys.get(obj.i) or behind(s, obj, depth=3)
                    if k is not None:
                        return k
    if depth < 2:
        for child in children(tok, "acl"):
            # "a peace plan put forward by Zelensky"
            for by in children(child, "agent"):
                for obj in children(by, "pobj"):
                    if obj.i in s.keys:
                        return s.keys[obj.i]
        violent = any(p.type in s.lex.types["attacks"] for p in s.lex.nouns.get(tok.lemma_.lower(), ()))
        for prep in children(tok, "prep"):
            if violent and prep.lower_ not in ("by", "from"):
                continue  # "the killing of X", "an attack on Y": whom it struck, not who did it
            if prep.lower_ in DESCENT_PREPS or (prep.lower_ in ("in", "across", "inside") and _placed(s, tok)):
                for obj in children(prep, "pobj"):
                    k = s.keys.get(obj.i) or (behind(s, obj, depth + 1) if obj.pos_ in ("NOUN", "PROPN") else None)
                    if k is None:
                        continue
                    if _placeless(s, k):
                        placeless = placeless or k
                        continue
                    return k
    gaz = gazetteer.load()
    code, _ = country_marker(children(tok, "amod", "compound", "nmod"), gaz)
    if code is not None:
        return country(s, code)
    return placeless or modifier


def _agent_modifier(s: Sentence, tok: Token) -> str | None:
    """The side a word before a held place names as its owner ("a rebel
    camp", "militant hideouts"), of the country the phrase's nationality gives."""
    gaz = gazetteer.load()
    if tok.lemma_.lower() not in gaz.held_places:
        return None
    sector = next((agent_sector(m) for m in children(tok, "compound", "amod") if m.i not in s.keys and agent_sector(m)), None)
    if sector is None or sector[:3] not in gaz.agent_sides:
        return None
    code, _ = country_marker(children(tok, "amod", "compound", "nmod"), gaz)  # read only for a held place
    key = agent_key(code, sector)
    if key not in s.entities:
        s.entities[key] = Entity(key, agent_label(code, sector, gaz), "Organization", code, sector=sector)
    return key


def country(s: Sentence, code: str) -> str:
    """The key of a country, adding its entity when the text had no mention of it."""
    key = country_key(code)
    if key not in s.entities:
        known = gazetteer.load().country(code)
        s.entities[key] = Entity(key, known.label, known.type, code)
    return key


def agent_of(s: Sentence, agent: Entity, code: str) -> str:
    """The key of the same kind of agent as ``agent`` ("civilians"), of the
    country ``code``, adding its entity when the text had no mention of it."""
    sector = agent.sector or agent.key.rsplit("/", 1)[1]
    key = agent_key(code, sector)
    if key not in s.entities:
        s.entities[key] = Entity(key, agent_label(code, sector, gazetteer.load()), agent.type, code, sector=agent.sector)
    return key


def unidentified(s: Sentence, location: str | None, article: Article) -> str:
    """The key of an unidentified actor, of the country the text places the
    event in (or its dateline's), adding its entity when new."""
    gaz = gazetteer.load()
    code = s.entities[location].country if location is not None else None
    if code is None:
        code = _one_country(s)  # "Nairobi's opposition offices were raided": Kenya's doing
    if code is None and article.dateline:
        code = gaz.place_country(article.dateline)
    code = code if code and code != "IGO" else None
    key = unidentified_key(code)
    if key not in s.entities:
        label = f"unidentified actor ({gaz.country_labels.get(code, code)})" if code else "unidentified actor"
        s.entities[key] = Entity(key, label, UNIDENTIFIED, code)
    return key


def _one_country(s: Sentence) -> str | None:
    """The country of every place and country the sentence names, when they share one."""
    gaz = gazetteer.load()
    codes = {
        s.entities[s.keys[i]].country
        for i in range(s.sent.start, s.sent.end)
        if i in s.keys and s.entities[s.keys[i]].type in (PLACE, COUNTRY) and not names_a_home(s.doc[i], gaz)
    }
    return codes.pop() if len(codes) == 1 else None


def the_two(s: Sentence, tok: Token) -> list[str]:
    """'The two leaders agreed', 'both sides', 'each side': the last two people
    (or, for sides and countries, states) the text named before, within a few sentences."""
    counted = tok.tag_ in ("NNS", "NNPS") and any(c.lower_ in PAIR_COUNTS for c in tok.children)
    if not counted and not one_of_each(tok):
        return []
    lemma = tok.lemma_.lower()
    if lemma not in PAIR_NOUNS:
        return []
    wanted = ("Person",) if lemma in PAIR_PEOPLE else ("Country", "IGO", "Organization", "Person")
    found: list[str] = []
    floor = max(0, s.sent.start - 120)  # a few sentences back
    # "Blinken urged both sides to ...": the sides are others than the one who speaks to them.
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    own = {t.i for c in children(verb, "nsubj", "nsubjpass") for t in c.subtree} if tok.dep_ != "nsubj" else set()
    for i in range(tok.i - 1, floor - 1, -1):
        key = s.keys.get(i)
        if key and i not in own and wanted != ("Person",):
            sides = per_nationality(s, s.doc[i])
            if len(sides) == 2:
                return sides  # "Armenian and Azerbaijani forces ... each side"
        if key and key not in found and i not in own and s.entities[key].type in wanted and not _a_modifier(s, s.doc[i], key):
            found.append(key)
            if len(found) == 2:
                return found[::-1]
    return []


def _a_modifier(s: Sentence, tok: Token, key: str) -> bool:
    """A name qualifying a thing ("a White House dinner", "a Kremlin statement"): no side counted."""
    root = tok
    while root.head != root and s.keys.get(root.head.i) == key:
        root = root.head
    return root.dep_ in ("compound", "nmod", "amod") and root.head.i not in s.keys


def actors_of(s: Sentence, tokens: list[Token], subject: bool = False) -> list[tuple[str, Token]]:
    """The actors ``tokens`` and their conjuncts stand for, each once, with the word naming it."""
    out: list[tuple[str, Token]] = []
    gaz = gazetteer.load()
    expanded = []
    for t in expand(tokens):
        lemma = t.lemma_.lower()
        if t.dep_ == "conj" and _event_noun(s, t) and not _event_noun(s, t.head):
            continue  # "strikes on Gaza and rocket fire on Haifa": the parse joined a second event to the target
        agent = t.i in s.keys and s.entities[s.keys[t.i]].sector is not None  # "envoys from A and B": the two, not one agent
        if (t.i not in s.keys or agent) and (lemma in gaz.state_nouns or lemma in gaz.titles or lemma in QUANTITIES):
            members = _members(s, t)
            if len(members) > 1 or (members and t.i not in s.keys and t.tag_ in ("NNS", "NNPS")):
                expanded += members  # "the leaders of Armenia and Azerbaijan", "negotiators from Israel and Hamas", "leaders of NATO"
                continue
        expanded.append(t)
    for t in expanded:
        keys = [key_of(s, t, subject)]
        if keys == [None] or one_of_each(t):
            keys = the_two(s, t) or keys  # "the two leaders", "both sides", "each government"
        keys = per_nationality(s, t, subject) or keys
        for key in keys:
            if key is not None and key not in [k for k, _ in out]:
                out.append((key, t))
    return out


def _members(s: Sentence, t: Token) -> list[Token]:
    """The first word of each actor named in the "of"/"from" phrase of
    ``t``, wherever the parse hung the second of them: under the first, on
    the preposition, or on ``t`` itself ("the ministers of A and B")."""
    of = [o for prep in children(t, "prep") if prep.lower_ in MEMBER_PREPS for o in children(prep, "pobj")]
    if not of:
        return []
    words = [w for o in of for w in _phrase(s, o)] + [c for c in children(t, "conj") if c.i in s.keys]
    firsts: dict[str, Token] = {}
    for w in words:
        if w.i in s.keys:
            firsts.setdefault(s.keys[w.i], w)
    return list(firsts.values())


def _phrase(s: Sentence, noun: Token) -> list[Token]:
    """A noun phrase's words and its conjuncts', without the phrases and
    clauses that place or describe it ("a plane held on Hainan", "the village
    of X in Mali"), but for those inside a name ("the Republic of Korea")."""
    out, stack = [], [noun]
    while stack:
        w = stack.pop()
        out.append(w)
        stack += [c for c in w.children if c.dep_ not in ("acl", "relcl", "advcl", "prep")
                  or (c.dep_ == "prep" and c.i in s.keys and s.keys[c.i] == s.keys.get(w.i))]
    return out


def _event_noun(s: Sentence, t: Token) -> bool:
    return t.pos_ == "NOUN" and t.lemma_.lower() in s.lex.noun_heads


def per_nationality(s: Sentence, t: Token, subject: bool = False) -> list[str]:
    """'the Indian and Australian navies': one actor per nationality; a
    thing done or made by two ("condemned the U.S.-Japanese drills") is of
    both, but as a subject only a state noun or a group acts ("U.S.-China
    ties have encountered difficulties" is no one's doing)."""
    gaz = gazetteer.load()
    lemma = t.lemma_.lower()
    paired = [codes for mod in children(t, "amod", "compound", "nmod") for codes in [_hyphen_pair(mod, gaz)] if codes]
    if paired and not subject:
        return [country(s, c) for c in paired[0]]  # "U.S.-Japanese drills": of both
    if not (lemma in gaz.state_nouns or lemma in gaz.group_nouns or lemma in gaz.titles or t.i in s.keys):
        return []
    for mod in children(t, "amod", "compound", "nmod"):
        conj = children(mod, "conj")
        codes = [gaz.country_of_word(m.text) for m in [mod, *conj]]
        if conj and all(codes):
            return [country(s, c) for c in codes]
    return []


def _hyphen_pair(mod: Token, gaz: Gazetteer) -> list[str]:
    """The two countries of a hyphenated pair of nationalities ("U.S.-Japanese",
    "Russian-Belarusian", "U.S.-South Korean", however the words were split), else nothing."""
    words = re.sub(r"\s*-\s*", "-", mod.doc[mod.left_edge.i : mod.i + 1].text)
    first, sep, second = words.partition("-")
    if not sep or not first or not second:
        return []
    codes = [gaz.country_of_word(first), gaz.country_of_word(second)]
    return codes if all(codes) and codes[0] != codes[1] else []


def coordinated_in(s: Sentence, subjects: list[Token]) -> list[tuple[str, Token]]:
    """Names joined by "and" that the parser hung under the subject as modifiers
    ("Japanese Prime Minister Fumio Kishida and South Korean President Yoon Suk
    Yeol held ...": Kishida came out as a modifier of Yeol)."""
    out = []
    for subj in subjects:
        if not any(t.dep_ == "cc" and t.lower_ == "and" for t in subj.subtree):
            continue
        for t in subj.subtree:
            if t.dep_ in ("nmod", "conj") and t.i in s.keys and t.head.dep_ not in ("prep", "pobj"):
                out.append((s.keys[t.i], t))
    return out


def sector(s: Sentence, key: str | None, tok: Token | None) -> str | None:
    """The CAMEO agent code of a participant as the text names it ("Chinese troops": MIL)."""
    if key is None:
        return None
    ent = s.entities.get(key)
    if ent is not None and ent.sector:
        return ent.sector
    return agent_sector(tok) if tok is not None and tok.pos_ in ("NOUN", "PROPN") else None


def political(s: Sentence, key: str) -> bool:
    """Is this a political actor: a state, an IGO, a person or organization
    of a country, or an agent of a state or armed sector?"""
    ent = s.entities[key]
    if not ent.country:
        return False
    return ent.sector is None or ent.sector[:3] in s.lex.conventions["political_sectors"]


def location(s: Sentence, verb: Token, head: Token, clause_only: bool = False) -> str | None:
    """The place the clause says it happened in ("in Baghdad", "near the
    border town of ..."), else (unless ``clause_only``) the one place of the sentence."""
    for tok in (head, verb):
        for t in tok.subtree:
            # a place the parser read as a gerund ("in Sagaing") is the preposition's object all the same
            if t.dep_ in ("pobj", "pcomp") and t.head.lower_ in LOCATIVE_PREPS and t.i in s.keys and t.lemma_.lower() not in EDGES:
                ent = s.entities[s.keys[t.i]]
                if ent.type in (PLACE, COUNTRY):
                    return ent.key
    if clause_only:
        return None
    places = {s.keys[i] for i in range(s.sent.start, s.sent.end)
              if i in s.keys and s.entities[s.keys[i]].type == PLACE}
    return next(iter(places)) if len(places) == 1 else None
