"""Resolution: which mentions denote the same actor.

Within a document, ``resolve_document`` groups a person's mentions ("Antony
Blinken", "Secretary Blinken", "Blinken"), links pronouns ("he", "his") and
definite titles ("the secretary", "the ministry") to the actor they stand
for, and returns one ``Entity`` per actor with every alias seen. Across
documents, ``unify_people`` maps a surname-only key ("person/blinken") to the
one full name that ends with it, so that the corpus has one node per actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from graphbuild.entities.nationality import country_marker
from graphbuild.knowledge import gazetteer
from graphbuild.keys import country_key, person_key
from graphbuild.knowledge.gazetteer import normalize
from graphbuild.records import COUNTRY, IGO, ORGANIZATION, PERSON, PLACE, Entity, Mention

PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
OBJECT_PRONOUNS = {"him", "her"}
OBJECTS = {"dobj", "dative", "pobj"}
# How many sentences back a pronoun or a definite title may look for its actor.
COREF_WINDOW = 3


@dataclass
class Resolved:
    """A document's resolved actors: mentions with keys, entities, token index."""

    mentions: list[Mention]
    entities: dict[str, Entity]
    token_keys: dict[int, str]  # token index in the Doc -> entity key


def _name_tokens(text: str) -> list[str]:
    return [t for t in normalize(text).replace("-", " ").split() if t]


def _cluster_people(people: list[Mention]) -> dict[int, tuple[str, str]]:
    """Mention index -> (key, label) for the person mentions of one document."""
    clusters: list[dict] = []  # {"key", "label", "tokens"}
    assigned: dict[int, tuple[str, str]] = {}

    def find(m: Mention) -> dict | None:
        toks = _name_tokens(m.label)
        for c in clusters:
            if m.key and c["key"] == m.key:
                return c
            if toks == c["tokens"]:
                return c
        if len(toks) >= 1:
            # "Blinken", "Secretary Blinken" -> the full name ending with it.
            matches = [c for c in clusters if len(c["tokens"]) > len(toks) and c["tokens"][-len(toks):] == toks]
            if len(matches) == 1:
                return matches[0]
            # Family name first ("Qin" for "Qin Gang", "Yoon" for "Yoon Suk Yeol").
            matches = [c for c in clusters if len(c["tokens"]) in (2, 3) and len(toks) == 1 and c["tokens"][0] == toks[0]]
            if len(matches) == 1:
                return matches[0]
        return None

    order = sorted(range(len(people)), key=lambda i: (-len(_name_tokens(people[i].label)), people[i].start))
    for i in order:
        m = people[i]
        c = find(m)
        if c is None:
            key = m.key or person_key(m.label)
            c = {"key": key, "label": m.label, "tokens": _name_tokens(m.label)}
            clusters.append(c)
        assigned[i] = (c["key"], c["label"])
    return assigned


def resolve_document(doc: Doc, mentions: list[Mention]) -> Resolved:
    """Keys for every mention of one document, plus pronoun and title mentions."""
    gaz = gazetteer.load()
    people_idx = [i for i, m in enumerate(mentions) if m.type == PERSON]
    clusters = _cluster_people([mentions[i] for i in people_idx])
    keyed: list[Mention] = list(mentions)
    for local, i in enumerate(people_idx):
        key, label = clusters[local]
        keyed[i] = replace(mentions[i], key=key, label=label)

    # Person attributes pooled over the cluster: the full mention carries them.
    info: dict[str, dict] = {}
    for m in keyed:
        d = info.setdefault(m.key, {"country": None, "role": None})
        d["country"] = d["country"] or m.country
        d["role"] = d["role"] or m.role
    keyed = [replace(m, country=info[m.key]["country"], role=info[m.key]["role"]) if m.type == PERSON else m for m in keyed]

    token_keys: dict[int, str] = {}
    spans = []
    # Longer mentions first, so that a name inside a phrase ("DRC" in "the
    # DRC's eastern provinces") keeps its own key and the head noun the phrase's.
    for m in sorted(keyed, key=lambda m: (m.start - m.end, m.start)):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        spans.append((span, m))
        for t in span:
            token_keys[t.i] = m.key
    spans.sort(key=lambda sm: (sm[0].start, sm[0].end))

    keyed.extend(_short_names(doc, spans, token_keys))
    keyed.extend(_coreference(doc, spans, token_keys, gaz))
    keyed.sort(key=lambda m: (m.start, m.end))

    entities: dict[str, Entity] = {}
    for m in keyed:
        alias = m.text if m.text.lower() not in PRONOUNS else None
        alias = _clean_alias(alias) if alias else None
        ent = entities.get(m.key)
        if ent is None:
            located = country_key(m.country) if m.type == PLACE and m.country else None
            ent = Entity(m.key, m.label, m.type, m.country, m.role if m.type == PERSON else None, (), located, m.sector)
        aliases = set(ent.aliases)
        if alias and alias != ent.label:
            aliases.add(alias)
        entities[m.key] = replace(ent, aliases=tuple(sorted(aliases)), country=ent.country or m.country)
    return Resolved(keyed, entities, token_keys)


def _clean_alias(text: str) -> str:
    text = " ".join(text.split())
    if text.lower().startswith("the "):
        text = text[4:]
    for suffix in ("'s", "’s"):
        text = text.removesuffix(suffix)
    return text


def _short_names(doc: Doc, spans: list, token_keys: dict[int, str]) -> list[Mention]:
    """Name words the model did not tag ("the Blinken-Qin call"), when they are
    the first or last word of exactly one multi-word person of the document."""
    words: dict[str, set[str]] = {}
    people: dict[str, Mention] = {}
    for span, m in spans:
        toks = m.label.split()
        if m.type == PERSON and len(toks) > 1:
            people[m.key] = m
            for w in (toks[0], toks[-1]):
                words.setdefault(w, set()).add(m.key)
    added = []
    for tok in doc:
        if tok.i in token_keys or tok.pos_ != "PROPN" or not tok.is_title:
            continue
        keys = words.get(tok.text, set())
        if len(keys) == 1:
            m = people[next(iter(keys))]
            added.append(Mention(m.doc_id, tok.text, tok.idx, tok.idx + len(tok.text), m.type, m.label, m.country, m.role, m.key, m.sector))
            token_keys[tok.i] = m.key
    return added


def _coreference(doc: Doc, spans: list, token_keys: dict[int, str], gaz) -> list[Mention]:
    """Mentions for pronouns and definite titles, keyed to their antecedent."""
    sent_index = {i: n for n, sent in enumerate(doc.sents) for i in range(sent.start, sent.end)}
    people = [(span, m) for span, m in spans if m.type == PERSON]
    orgs = [(span, m) for span, m in spans if m.type == ORGANIZATION]
    countries = [(span, m) for span, m in spans if m.type == COUNTRY]
    named_orgs = [(span, m) for span, m in orgs if not m.sector and span.root.pos_ == "PROPN"]
    blocs = [(span, m) for span, m in spans if m.type == IGO]
    # Bodies and groups, and a state's people named in the plural ("12 Iranian diplomats").
    groups = [(span, m) for span, m in spans if m.type == ORGANIZATION or (m.type == COUNTRY and span.root.tag_ == "NNS")]
    added: list[Mention] = []

    def antecedent(tok, candidates, accept=lambda m: True):
        best = None
        for span, m in candidates:
            if span.start >= tok.i:
                break
            if sent_index.get(tok.i, 0) - sent_index.get(span.start, 0) > COREF_WINDOW:
                continue
            if accept(m):
                best = (span, m)
        return best

    for tok in doc:
        if tok.i in token_keys:
            continue
        lower = tok.lower_
        hit = None
        if lower in ("it", "they") and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ccomp":
            # "Ukraine said it had not attacked": the sayer speaks of itself.
            sayer = [c for c in tok.head.head.children if c.dep_ == "nsubj" and c.i in token_keys]
            if sayer:
                hit = next(((s, m) for s, m in spans if s.start <= sayer[0].i < s.end), None)
        elif lower in PRONOUNS and tok.pos_ == "PRON":
            # Prefer the latest person who was a subject; else the latest person.
            # An object "him" is never its own clause's subject ("the minister denounced him").
            own = _clause_subjects(tok) if tok.dep_ in OBJECTS and lower in OBJECT_PRONOUNS else set()
            others = _outside(people, own)
            subj = antecedent(tok, [(s, m) for s, m in others if s.root.dep_ in ("nsubj", "nsubjpass")])
            hit = subj or antecedent(tok, others)
        elif lower == "them" and tok.dep_ in OBJECTS:
            # "Austria expelled 12 Iranian diplomats, accusing them of spying": the
            # latest group named before that is not the clause's own subject.
            hit = antecedent(tok, _outside(groups, _clause_subjects(tok)))
        elif tok.lemma_.lower() in gaz.relational_nouns and _possessed_by_pronoun(tok):
            # "Ghana closed its border with Togo, accusing its neighbour": the other country.
            hit = antecedent(tok, _outside(countries, _clause_subjects(tok)))
        elif tok.lemma_.lower() in gaz.group_anaphors and _definite(tok, token_keys):
            # "The group said it fired the rockets", "the rebel group warned": the latest
            # named body; of the country a nationality before the noun names ("the Palestinian group").
            home, _ = country_marker([c for c in tok.lefts if c.dep_ in ("amod", "compound")], gaz)
            hit = antecedent(tok, named_orgs, lambda m: home is None or m.country == home)
        elif tok.lemma_.lower() in gaz.bloc_anaphors and _definite(tok, token_keys):
            hit = antecedent(tok, blocs)  # "The bloc condemned the coup": the latest named international body
        elif (
            tok.pos_ in ("NOUN", "PROPN")
            and ((lemma := tok.lemma_.lower()) in gaz.titles or lemma in gaz.institution_nouns)
            and any(c.lower_ == "the" for c in tok.lefts)
            and not any(c.dep_ in ("compound", "amod", "poss") and c.i in token_keys for c in tok.lefts)
        ):
            if lemma in gaz.titles and lemma not in ("official", "expert", "head", "leader", "chief"):
                hit = antecedent(tok, people, lambda m: bool(m.role) and lemma in m.role.lower())
            elif lemma in gaz.institution_nouns:
                hit = antecedent(tok, orgs, lambda m: lemma in m.label.lower())
        if hit is None:
            continue
        _, m = hit
        added.append(Mention(m.doc_id, tok.text, tok.idx, tok.idx + len(tok.text), m.type, m.label, m.country, m.role, m.key, m.sector))
        token_keys[tok.i] = m.key
    return added


def _outside(candidates: list, tokens: set[int]) -> list:
    """The (span, mention) candidates whose span holds none of ``tokens``."""
    return [(span, m) for span, m in candidates if not any(span.start <= i < span.end for i in tokens)]


def _clause_subjects(tok: Token) -> set[int]:
    """The subject of the nearest clause above ``tok`` that has one (a
    participle's is its main clause's: "..., accusing its neighbour")."""
    verb = tok.head
    while verb.head != verb and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head
    return {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}


def _definite(tok: Token, token_keys: dict[int, str]) -> bool:
    """"the group", "the Islamist group": a definite noun whose only other
    words before it describe it and name no actor ("the group's leader" is
    not the group)."""
    lefts = list(tok.lefts)
    described = all(c.dep_ in ("amod", "compound") and c.i not in token_keys for c in lefts[1:])
    return (bool(lefts) and lefts[0].lower_ == "the" and described
            and not any(c.dep_ in ("appos", "prep", "relcl", "acl", "case") for c in tok.children))


def _possessed_by_pronoun(tok: Token) -> bool:
    """"its neighbour", "their rivals": and no name of its own ("its neighbour Chad")."""
    return (any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)
            and not any(c.dep_ in ("appos", "compound") for c in tok.children if c.i > tok.i))


def unify_people(entities: Iterable[Entity]) -> dict[str, str]:
    """Corpus-wide key map: surname-only people -> the one full name ending so.

    A key maps only when exactly one multi-word person of the corpus ends with
    the same name words; ambiguous surnames stay apart.
    """
    people = {e.key: e for e in entities if e.type == PERSON}
    full: dict[tuple[str, ...], list[str]] = {}
    for key, ent in people.items():
        toks = tuple(_name_tokens(ent.label))
        for n in range(1, len(toks)):
            full.setdefault(toks[-n:], []).append(key)
    mapping = {}
    for key, ent in people.items():
        toks = tuple(_name_tokens(ent.label))
        targets = sorted(set(full.get(toks, [])) - {key})
        if len(targets) == 1:
            mapping[key] = targets[0]
    return mapping
