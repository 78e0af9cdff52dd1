"""Clauses to events: who did what to whom, read off the dependency parse.

For each verb (or event noun carried by a light verb: "held talks with",
"resume the visit to") that the lexicon knows, the actor is the clause's
subject (through control verbs, conjunctions, relative clauses and the
passive "by" agent) and the recipient the first lexicon slot that names an
actor (direct object, a preposition, the subject of a "that" clause).
Conjoined subjects and objects give an event each. Status, date and
attribution come from the words around the verb.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .. import gazetteer
from ..mentions import country_marker
from ..model import ASSERTED, NEGATED, PLACE, PLANNED, POSSIBLE, Article, Entity, Event, Evidence
from ..plover import event_types
from ..resolve import Resolved
from .dates import normalize_date
from .lexicon import Lexicon, Pattern, load, third_person

SUBJECTS = ("nsubj", "csubj")
RELATIVE_PRONOUNS = {"which", "who", "that", "whom"}
# "urged X to respect": the object of these verbs is the subject of their complement.
OBJECT_CONTROL = {"urge", "ask", "call", "appeal", "tell", "persuade", "force", "invite", "press", "encourage", "allow", "push", "pressure", "help", "order", "warn", "expect"}
# Prepositions that frame an event noun: "on a phone call", "during talks".
FRAMING_PREPS = {"on", "in", "during", "at", "via", "over", "after", "following", "for"}
# Prepositions through which a thing leads to the actor behind it ("a
# request from the US", "the city of Kharkiv", "tariffs on Mexico").
DESCENT_PREPS = ("of", "from", "by", "with", "on", "against", "to", "for", "between")
# Things that are where they are: "a depot in Russia's Bryansk region".
LOCATED = {"target", "site", "facility", "depot", "camp", "base", "position", "post", "market",
           "hospital", "school", "building", "area", "infrastructure", "plant", "port", "airport", "town", "city", "village",
           "block", "apartment", "home", "house", "neighbourhood", "neighborhood", "district", "province", "region",
           "territory", "people", "civilian", "resident", "population", "family", "refugee", "refinery", "field",
           "pipeline", "station", "power plant", "headquarters", "office"}
# Verbs whose infinitive complement states the event they code: "offered to
# mediate between A and B" is AGREE with A and B, "threatened to cut ties with
# C" is THREATEN against C. The complement is not an event of its own.
INTENT_TYPES = ("AGREE", "THREATEN")
ABSORBING = {"offer", "vow", "threaten", "warn"}
# Prepositions that set a noun event beside the clause, in time ("after a call with").
TEMPORAL = {"after", "before", "during", "following", "since", "amid"}
ATTACKS = {"strike", "attack", "airstrike", "raid", "bombing", "shelling", "missile", "rocket", "drone", "shell", "artillery"}
QUANTITIES = {"thousand", "hundred", "dozen", "million", "ten", "tens", "group", "crowd", "member", "some", "many", "several"}
EXERCISES = {"exercise", "drill", "patrol", "manoeuvre", "maneuver", "war game"}
_STATUS_RANK = {ASSERTED: 0, PLANNED: 1, POSSIBLE: 2, NEGATED: 3}


@dataclass(frozen=True)
class Trigger:
    """A matched event: the pattern, the verb that governs the clause, the word(s) coding it."""

    pattern: Pattern
    verb: Token  # the clause's verb (a light verb for noun events)
    head: Token  # the word that carries the recipient slots (verb or noun)
    status: str | None = None  # status imposed by a light verb ("postponed the visit")


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _particle(verb: Token) -> str | None:
    prt = _children(verb, "prt")
    return prt[0].lower_ if prt else None


def _objects(verb: Token) -> list[Token]:
    objs = _children(verb, "dobj", "obj")
    if not objs and any(c.dep_ == "nsubjpass" for c in verb.children):
        objs = _children(verb, "nsubjpass")
    return objs


def _lemma_is(tok: Token, lemma: str) -> bool:
    return tok.lemma_.lower() == lemma or tok.lower_ == lemma or tok.lower_.rstrip("s") == lemma


def _slot_tokens(head: Token, slot: str, verb: Token) -> list[Token]:
    """Tokens filling a recipient slot of ``head`` (or of the clause's verb)."""
    carriers = [head] if head == verb else [head, verb]
    out: list[Token] = []
    for c in carriers:
        if slot == "dobj":
            if c == verb:
                out += [t for t in _objects(c) if t != head]
        elif slot == "dative":
            out += _children(c, "dative", "iobj")
            out += [p for d in _children(c, "dative") for p in _children(d, "pobj")]
        elif slot == "ccomp":
            for cl in _children(c, "ccomp"):
                out += _children(cl, "nsubj", "nsubjpass")
        else:
            preps = [p for p in c.children if p.dep_ in ("prep", "agent", "prt") and p.lower_ == slot]
            # "pulled out of Syria": the preposition hangs off the particle.
            preps += [p for prt in _children(c, "prt") for p in _children(prt, "prep") if p.lower_ == slot]
            # "the visit to China": the preposition hangs off the object noun.
            if c == verb:
                preps += [p for o in _objects(c) for p in _children(o, "prep") if p.lower_ == slot]
                # "signed agreements normalizing ties with Israel"
                preps += [p for o in _objects(c) for a in _children(o, "acl") for p in _children(a, "prep") if p.lower_ == slot]
                preps += [p for o in _objects(c) for a in _children(o, "acl") for d in _objects(a) for p in _children(d, "prep") if p.lower_ == slot]
            for p in preps:
                out += _children(p, "pobj") or ([] if p.dep_ != "prt" else [])
        if out:
            break
    return out


def _expand(tokens: list[Token]) -> list[Token]:
    """Add conjuncts and appositions: 'China and Russia', 'his counterpart, Qin Gang'."""
    seen: list[Token] = []
    stack = list(tokens)
    while stack:
        t = stack.pop(0)
        if t in seen:
            continue
        seen.append(t)
        stack += _children(t, "conj", "appos")
    return seen


class _Clause:
    """Reads actors, status, date and attribution around one verb."""

    def __init__(self, doc: Doc, resolved: Resolved, lex: Lexicon, sent: Span, date_ents: list[Span] | None = None):
        self.doc = doc
        self.keys = resolved.token_keys
        self.entities = resolved.entities
        self.lex = lex
        self.sent = sent
        self._date_ents: list[Span] | None = date_ents  # the sentence's DATE entities

    # --- who -------------------------------------------------------------
    def key_of(self, tok: Token, subject: bool = False) -> str | None:
        # "his Chinese counterpart, Foreign Minister Qin Gang": the name after
        # the comma says more than the noun before it.
        gaz = gazetteer.load()
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and (lemma in gaz.titles or lemma in gaz.office_titles):
            for app in _children(tok, "appos"):
                if app.i in self.keys and self.entities[self.keys[app.i]].type == "Person":
                    return self.keys[app.i]
            nxt = tok.i + 1
            if nxt + 1 < self.sent.end and self.doc[nxt].text == ",":
                for j in range(nxt + 1, min(nxt + 6, self.sent.end)):
                    k = self.keys.get(j)
                    if k is not None and self.entities[k].type == "Person":
                        return k
                    if self.doc[j].text in (",", ".", ";") or self.doc[j].pos_ in ("VERB", "AUX"):
                        break
        key = self.keys.get(tok.i)
        if key is not None:
            return key
        for app in _children(tok, "appos"):
            if app.i in self.keys:
                return self.keys[app.i]
        if lemma in ("country", "nation", "government", "administration"):
            # "his country" -> the country of the person "his" stands for;
            # "Ruto's government" -> Ruto.
            for poss in _children(tok, "poss"):
                owner = self.entities.get(self.keys.get(poss.i, ""))
                if owner is not None and owner.type == "Person":
                    if poss.pos_ == "PROPN" and lemma != "country":
                        return owner.key
                    if owner.country and owner.country != "IGO":
                        return self.ensure_country(owner.country)
        if tok.pos_ in ("NOUN", "PROPN", "NUM"):
            if subject:
                # A thing acts for its maker only when the maker modifies it
                # ("a U.S. drone strike", "Houthi drones") or it counts people
                # of one ("thousands of Kenyans"); "EU sanctions" do not act.
                lemma = tok.lemma_.lower()
                acting = lemma in gaz.state_nouns or lemma in gaz.group_nouns or lemma in ATTACKS or lemma in QUANTITIES or tok.pos_ == "NUM"
                return self._behind(tok, depth=2) if acting else None
            return self._behind(tok, depth=0)
        return None

    def _behind(self, tok: Token, depth: int) -> str | None:
        """The actor behind a thing: 'Iran's missile test', 'a U.S. drone strike',
        'a proposal by Macron', 'the city of Kharkiv', 'a Chinese fishing boat'."""
        for dep in ("poss", "compound"):
            for child in _children(tok, dep):
                k = self.keys.get(child.i)
                if k is not None:
                    return k
        placeless = None  # a place of no known country: kept only if nothing better comes
        if depth >= 2 and (tok.lemma_.lower() in QUANTITIES or tok.pos_ == "NUM"):
            for prep in _children(tok, "prep"):
                if prep.lower_ == "of":
                    for obj in _children(prep, "pobj"):
                        k = self.keys.get(obj.i) or self._behind(obj, depth=3)
                        if k is not None:
                            return k
        if depth < 2:
            for child in _children(tok, "acl"):
                # "a peace plan put forward by Zelensky"
                for by in _children(child, "agent"):
                    for obj in _children(by, "pobj"):
                        if obj.i in self.keys:
                            return self.keys[obj.i]
            for prep in _children(tok, "prep"):
                if prep.lower_ in DESCENT_PREPS or (prep.lower_ in ("in", "across", "inside") and tok.lemma_.lower() in LOCATED):
                    for obj in _children(prep, "pobj"):
                        k = self.keys.get(obj.i) or (self._behind(obj, depth + 1) if obj.pos_ in ("NOUN", "PROPN") else None)
                        if k is None:
                            continue
                        ent = self.entities.get(k)
                        if ent is not None and ent.type == PLACE and not ent.country:
                            placeless = placeless or k
                            continue
                        return k
        gaz = gazetteer.load()
        code, _ = country_marker(_children(tok, "amod", "compound", "nmod"), gaz)
        if code is not None:
            return self.ensure_country(code)
        return placeless

    def ensure_country(self, code: str) -> str:
        """The key of a country, adding its node when the text had no mention of it."""
        key = f"country/{code}"
        if key not in self.entities:
            known = gazetteer.load().country(code)
            self.entities[key] = Entity(key, known.label, known.type, code)
        return key

    def actors_of(self, tokens: list[Token], subject: bool = False) -> list[tuple[str, Token]]:
        out: list[tuple[str, Token]] = []
        gaz = gazetteer.load()
        expanded = []
        for t in _expand(tokens):
            lemma = t.lemma_.lower()
            if t.i not in self.keys and (lemma in gaz.state_nouns or lemma in gaz.titles or lemma in QUANTITIES):
                of = [o for prep in _children(t, "prep") if prep.lower_ == "of" for o in _children(prep, "pobj")]
                if of and any(c.dep_ == "conj" for c in of[0].children):
                    expanded += _expand(of)  # "the leaders of Armenia and Azerbaijan"
                    continue
            expanded.append(t)
        for t in expanded:
            keys = [self.key_of(t, subject)]
            # "the Indian and Australian navies": one actor per nationality.
            for mod in _children(t, "amod", "compound", "nmod"):
                conj = _children(mod, "conj")
                codes = [gaz.country_of_word(m.text) for m in [mod, *conj]]
                if conj and all(codes) and (
                    t.lemma_.lower() in gaz.state_nouns or t.lemma_.lower() in gaz.group_nouns or t.lemma_.lower() in gaz.titles or t.i in self.keys
                ):
                    keys = [self.ensure_country(c) for c in codes]
            for key in keys:
                if key is not None and key not in [k for k, _ in out]:
                    out.append((key, t))
        return out

    def subject_tokens(self, verb: Token, depth: int = 0) -> list[Token]:
        if depth > 6:
            return []
        subj = _children(verb, *SUBJECTS)
        if subj:
            if subj[0].lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return [verb.head]
            return subj
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            return [p for a in _children(verb, "agent") for p in _children(a, "pobj")]
        head = verb.head
        if head == verb:
            return []
        if verb.dep_ == "xcomp" and _children(head, "nsubjpass") and not _children(head, "agent"):
            return _children(head, "nsubjpass")  # "the leaders are set to meet"
        if verb.dep_ == "xcomp":
            objs = _objects(head) or [o for prep in _children(head, "prep") if prep.lower_ in ("on", "upon") for o in _children(prep, "pobj")]
            # "ordered its troops to withdraw": troops of no known country act for the orderer.
            if objs and head.lemma_.lower() in OBJECT_CONTROL and self.actors_of(objs):
                return objs
            return self.subject_tokens(head, depth + 1)
        if verb.dep_ in ("conj", "advcl", "ccomp", "pcomp", "acomp"):
            found = self.subject_tokens(head, depth + 1)
            # A conjunct whose head's subject is no actor ("the substance is
            # made there and has pointed the finger at China"): climb on.
            if verb.dep_ == "conj" and not self.actors_of(found) and head.dep_ in ("ccomp", "conj", "xcomp"):
                return self.subject_tokens(head.head, depth + 1)
            return found
        if verb.dep_ in ("relcl", "acl"):
            noun = head
            poss = _children(noun, "poss")
            if verb.dep_ == "acl" and poss:
                return poss  # "China's refusal to condemn Russia"
            return [noun] if verb.dep_ == "relcl" else []
        return []

    # --- status ----------------------------------------------------------
    def status(self, verb: Token, imposed: str | None) -> str:
        st = self._own_status(verb)
        node = verb
        for _ in range(6):
            # Governing verbs: "expects to meet", "refused to attend", "did not agree to meet".
            if node.dep_ in ("xcomp", "conj") and node.head != node:
                gov = node.head
                lemma = gov.lemma_.lower()
                if node.dep_ == "xcomp":
                    if lemma in self.lex.status["negated"] or _particle_phrase(gov) in self.lex.status["negated"]:
                        st = _worse(st, NEGATED)
                    elif lemma in self.lex.status["planned"]:
                        st = _worse(st, PLANNED)
                if node.dep_ == "xcomp" or not _children(node, "aux", "neg"):
                    st = _worse(st, self._own_status(gov))
                node = gov
                continue
            break
        # "China's refusal to condemn Russia", "plans to visit Kyiv".
        if node.dep_ == "acl" and node.head.pos_ == "NOUN":
            st = _worse(st, self.lex.noun_status.get(node.head.lemma_.lower(), ASSERTED))
        if imposed:
            st = _worse(st, imposed)
        return st

    def _own_status(self, verb: Token) -> str:
        st = ASSERTED
        if _children(verb, "neg"):
            return NEGATED
        for aux in _children(verb, "aux", "auxpass"):
            low = aux.lower_.replace("’", "'")
            if low in self.lex.status["modal_planned"] or (low in ("is", "are", "was", "were") and _following_to(verb, aux)):
                st = _worse(st, PLANNED)
            elif low == "would" and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in self.lex.status["reporting"]:
                st = _worse(st, PLANNED)  # "said Berlin would send": reported intent
            elif low in self.lex.status["modal_possible"]:
                st = _worse(st, POSSIBLE)
        for adv in _children(verb, "advmod"):
            if adv.lower_ in self.lex.status["adverb_possible"]:
                st = _worse(st, POSSIBLE)
        return st

    # --- when and who says ----------------------------------------------
    def dates(self, verb: Token) -> list[Span]:
        """DATE entities of the clause, not of clauses nested in it."""
        if self._date_ents is None:
            self._date_ents = [e for e in self.sent.ents if e.label_ == "DATE"]
        if not self._date_ents:
            return []  # most sentences: no need to walk the clause
        blocked: set[int] = set()
        for c in verb.children:
            if c.dep_ in ("ccomp", "relcl", "parataxis") or (c.dep_ == "advcl" and _children(c, "nsubj", "nsubjpass")):
                blocked.update(t.i for t in c.subtree)
        idx = {t.i for t in verb.subtree} - blocked
        return [e for e in self._date_ents if e.root.i in idx]

    def attribution(self, verb: Token) -> str | None:
        node = verb
        for _ in range(8):
            for prep in _children(node, "prep"):
                if prep.lower_ == "according":
                    objs = [p for to in _children(prep, "prep") for p in _children(to, "pobj")]
                    if objs:
                        return _phrase(objs[0])
            if node.dep_ == "ccomp" and node.head.lemma_.lower() in self.lex.status["reporting"]:
                subj = _children(node.head, "nsubj")
                if subj and subj[0].lower_ not in ("it", "he", "she", "they", "i", "we"):
                    return _phrase(subj[0])
            if node.head == node:
                break
            node = node.head
        return None


def _complement_actors(clause: "_Clause", comp: Token, conditions: bool) -> list[tuple[str, Token]]:
    """Actors in the object and prepositions of an infinitive complement
    ("offered to mediate between Russia and Ukraine"), and with ``conditions``
    the subjects of its "if" clauses ("threatened to ... if Britain fails")."""
    tokens: list[Token] = []
    stack = [comp]
    while stack:
        verb = stack.pop()
        tokens += _objects(verb) + _children(verb, "dative")
        tokens += [o for prep in _children(verb, "prep") if prep.lower_ not in ("after", "before", "during", "since") for o in _children(prep, "pobj")]
        stack += [c for c in verb.children if c.dep_ in ("xcomp", "conj") and c.pos_ in ("VERB", "AUX")]
        if conditions:
            tokens += [sub for c in _children(verb, "advcl") if any(m.lower_ in ("if", "unless") for m in c.children) for sub in _children(c, "nsubj")]
    aside = {
        t.i
        for prep in comp.subtree
        if prep.dep_ == "prep" and prep.lower_ in ("after", "before", "during", "since", "following", "amid", "despite", "in")
        for t in prep.subtree
    }
    direct = [
        (clause.keys[t.i], t)
        for t in comp.subtree
        if t.i in clause.keys and t.i not in aside and not (t.dep_ in ("nsubj", "nsubjpass", "poss") and t.head == comp)
        and not (t.dep_ == "poss" and t.head.dep_ in ("nsubj", "nsubjpass") and t.head.head == comp)
        and not any(a.dep_ in ("advcl", "ccomp", "relcl") and a != comp for a in t.ancestors if a.i >= comp.i or a in comp.subtree)
    ]
    seen: list[tuple[str, Token]] = []
    for k, t in direct:
        if k not in [x for x, _ in seen]:
            seen.append((k, t))
    if conditions:
        seen += [x for x in clause.actors_of([sub for sub in tokens if sub.dep_ == "nsubj"]) if x[0] not in [k for k, _ in seen]]
    return seen or clause.actors_of(tokens)


def _infinitives(verb: Token) -> list[Token]:
    """Infinitive complements: "threatened to impose" (the parser sometimes
    makes "to impose" an adverbial clause rather than a complement)."""
    return [c for c in verb.children if c.dep_ == "xcomp" or (c.dep_ == "advcl" and any(a.tag_ == "TO" for a in c.children))]


def _coordinated_in(clause: "_Clause", subjects: list[Token]) -> list[tuple[str, Token]]:
    """Names joined by "and" that the parser hung under the subject as modifiers
    ("Japanese Prime Minister Fumio Kishida and South Korean President Yoon Suk
    Yeol held ...": Kishida came out as a modifier of Yeol)."""
    out = []
    for subj in subjects:
        if not any(t.dep_ == "cc" and t.lower_ == "and" for t in subj.subtree):
            continue
        for t in subj.subtree:
            if t.dep_ in ("nmod", "conj") and t.i in clause.keys and t.head.dep_ not in ("prep", "pobj"):
                out.append((clause.keys[t.i], t))
    return out


def _own_subtree(tok: Token) -> list[Token]:
    """A phrase's tokens without its conjuncts ("Wang Yi, and possibly Xi": Wang Yi only)."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack += [c for c in t.children if c.dep_ not in ("conj", "cc", "appos")]
    return out


def _particle_phrase(verb: Token) -> str:
    prt = _particle(verb)
    return f"{verb.lemma_.lower()} {prt}" if prt else verb.lemma_.lower()


def _following_to(verb: Token, aux: Token) -> bool:
    # "is to visit", "was due to meet" are plans; not passives or progressives.
    return verb.tag_ == "VB"


def _phrase(tok: Token) -> str:
    words = [t for t in tok.subtree if t.dep_ not in ("relcl", "punct") and not t.is_space]
    text = " ".join(t.text for t in words)
    return text[:200]


def _worse(a: str, b: str) -> str:
    return a if _STATUS_RANK[a] >= _STATUS_RANK[b] else b


def _match_verb(verb: Token, lex: Lexicon) -> list[Pattern]:
    patterns = lex.verbs.get(verb.lemma_.lower(), ())
    prt = _particle(verb)
    objs = _objects(verb)
    out = []
    for p in patterns:
        if p.particle != prt and (p.particle or prt in ("off", "out", "down", "up", "back", "over")):
            continue  # "call off" is not "call"
        if p.object and not any(
            _lemma_is(t, p.object) for o in _expand(objs) for t in [o, *_children(o, "compound", "amod")]
        ):
            continue
        if p.required and not any(_slot_tokens(verb, s, verb) for s in p.required):
            continue
        out.append(p)
    return out


def _noun_triggers(sent: Span, lex: Lexicon) -> Iterator[Trigger]:
    """Event nouns carried by a light verb or framed by a preposition."""
    for noun in sent:
        if noun.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma = noun.lemma_.lower()
        if lemma not in lex.noun_heads:
            continue  # no event noun ends in this word: most nouns
        modifiers = [c.lower_ for c in noun.lefts if c.dep_ in ("compound", "amod")]
        patterns = ()
        for mod in reversed(modifiers):  # "phone call", "joint exercises"
            patterns = lex.nouns.get(f"{mod} {lemma}", ())
            if patterns:
                break
        patterns = patterns or lex.nouns.get(lemma, ())
        if not patterns:
            continue
        carriers: list[tuple[Token, str | None]] = []
        first = noun
        while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
            first = first.head  # "expanded intelligence sharing and military cooperation"
        head = first.head
        noun_dep = first.dep_
        if noun_dep in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            status = lex.light_verbs.get(_particle_phrase(head)) or lex.light_verbs.get(head.lemma_.lower())
            if status is not None:
                carriers.append((head, None if status == "asserted" else status))
        elif noun_dep == "pobj" and head.dep_ == "prep" and (
            head.lower_ in FRAMING_PREPS or head.head.lemma_.lower() in lex.light_verbs
        ):
            carrier = head.head
            # "shared concerns on a phone call", "praised Serbia as a friend during
            # talks": the preposition hangs off a noun of the clause.
            for _ in range(3):
                if carrier.pos_ in ("NOUN", "PROPN") and carrier.dep_ in ("dobj", "pobj", "attr"):
                    carrier = carrier.head.head if carrier.dep_ == "pobj" else carrier.head
                else:
                    break
            if carrier.pos_ in ("VERB", "AUX"):
                carriers.append((carrier, None))
        # "the visit ... that he postponed": a light verb in a relative clause.
        for rel in _children(noun, "relcl"):
            status = lex.light_verbs.get(_particle_phrase(rel)) or lex.light_verbs.get(rel.lemma_.lower())
            if status is not None:
                carriers.append((rel, None if status == "asserted" else status))
        for verb, status in carriers:
            p = patterns[0]
            for cand in patterns:
                if not cand.required or any(_slot_tokens(noun, s, verb) for s in cand.required):
                    p = cand
                    break
            else:
                continue
            yield Trigger(p, verb, noun, status)


def _participle_modifier(tok: Token) -> bool:
    """'told visiting German Chancellor Olaf Scholz': the parser made 'visiting'
    a clause; before a title and a name right after a verb or article it
    describes the person."""
    if tok.tag_ != "VBG" or tok.i == 0 or tok.i + 1 >= len(tok.doc):
        return False
    prev, nxt = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
    return (prev.pos_ == "DET" or prev == tok.head) and nxt.pos_ in ("ADJ", "PROPN") and nxt.is_title


def _verb_triggers(sent: Span, lex: Lexicon) -> Iterator[Trigger]:
    """Each lexicon verb of the sentence, with its patterns in order of preference."""
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
            continue
        if tok.lemma_.lower() not in lex.verbs:
            continue  # _match_verb would find no pattern
        if tok.dep_ in ("amod", "compound") or _participle_modifier(tok):
            continue  # "visiting German Chancellor": a modifier, not a clause
        for p in _match_verb(tok, lex):
            yield Trigger(p, tok, tok, None)


def extract_events(doc: Doc, article: Article, resolved: Resolved) -> list[Event]:
    """The events of one parsed article, with their evidence."""
    lex = load()
    gaz = gazetteer.load()
    types = event_types()
    events: list[Event] = []
    seen: set[tuple] = set()
    sentence_dates = _sentence_dates(doc)
    for sent in doc.sents:
        if gaz.is_boilerplate(sent.text):
            continue
        clause = _Clause(doc, resolved, lex, sent, sentence_dates[sent.start])
        verbs = list(_verb_triggers(sent, lex))
        # Most specific first: "impose +sanction" over the noun "sanctions", and
        # the noun carried by a light verb ("held talks with") over that verb alone.
        triggers = [t for t in verbs if t.pattern.object] + list(_noun_triggers(sent, lex)) + [t for t in verbs if not t.pattern.object]
        coded: set[int] = set()  # words that already gave an event
        # Complements stated by a threat or an offer ("threatened to cut ties"):
        # the threat is the event, the cutting is not (yet) one.
        absorbed = {
            t.i
            for trig in verbs
            if trig.pattern.type in ("THREATEN", "REQUEST") or trig.verb.lemma_.lower() in ABSORBING
            for c in _infinitives(trig.verb)
            for t in c.subtree
            if t.pos_ in ("VERB", "AUX")
        }
        for trig in triggers:
            p = trig.pattern
            if p.type == "CONSULT" and trig.head == trig.verb and _children(trig.verb, "oprd", "acomp"):
                continue  # "calling the speech shameless" is no phone call
            if trig.head.i in coded or (trig.verb.i in absorbed and (trig.head == trig.verb or trig.head.head.lower_ not in TEMPORAL)) or (trig.head != trig.verb and trig.verb.i in coded and trig.verb.lemma_.lower() in lex.light_verbs):
                continue
            subjects = clause.subject_tokens(trig.verb)
            if trig.verb.dep_ == "relcl" and subjects == [trig.verb.head]:
                # "China, which has also denied ...": the antecedent must name an actor itself.
                actors = [(clause.keys[t.i], t) for t in subjects if t.i in clause.keys]
            else:
                actors = clause.actors_of(subjects, subject=True)
                actors += [a for a in _coordinated_in(clause, subjects) if a[0] not in [k for k, _ in actors]]
            if trig.head != trig.verb:
                participants = clause.actors_of([o for prep in _children(trig.head, "prep") if prep.lower_ in ("of", "between", "among") for o in _children(prep, "pobj")]) if p.reciprocal else []
                owners = _children(trig.head, "poss")
                if len(participants) > 1 or (participants and not actors):
                    # "a summit between Biden and Yoon", "a summit of Japan, China and South Korea"
                    actors = participants
                elif owners and clause.actors_of(owners):
                    # "Iran's supply of drones to Russia": the owner acts, not the clause's subject.
                    actors = clause.actors_of(owners)
            actors = [(k, t) for k, t in actors if clause.entities[k].type != PLACE]
            if not actors:
                continue
            # "to visit" qualifying a noun ("the first leader to visit China")
            # describes someone; it does not report an event.
            if (
                trig.verb.dep_ in ("relcl", "acl")
                and trig.head == trig.verb
                and any(a.tag_ == "TO" for a in _children(trig.verb, "aux"))
                and trig.verb.head.lemma_.lower() not in lex.noun_status
            ):
                continue
            recipients: list[tuple[str, Token]] = []
            for slot in p.slots:
                for found in clause.actors_of(_slot_tokens(trig.head, slot, trig.verb)):
                    if found[0] not in [k for k, _ in recipients]:
                        recipients.append(found)
            if not recipients and trig.head != trig.verb and p.type == "CONSULT" and trig.head.dep_ == "pobj":
                # "thanked the emir in a phone call": the call was with the one thanked.
                own = {k for k, _ in actors}
                recipients = [r for r in clause.actors_of(_objects(trig.verb) + _children(trig.verb, "dative")) if r[0] not in own]
            complements = (_infinitives(trig.verb) + _children(trig.verb, "ccomp")) if trig.head == trig.verb else []
            if not recipients and complements and p.type in (*INTENT_TYPES, "REJECT"):
                # "offered to mediate between Russia and Ukraine", "refused to meet Kurti".
                own = {k for k, _ in actors}
                recipients = [
                    (k, t)
                    for k, t in _complement_actors(clause, complements[0], p.type == "THREATEN")
                    if k not in own and clause.entities[k].type != PLACE
                ]
            if p.type == "MOBILIZE" and len(actors) > 1 and trig.head.lemma_.lower() in EXERCISES:
                # Exercises held together are cooperation between the partners.
                p = Pattern("COOPERATE", p.lemma, None, None, (), (), None, "exercises with", True)
            pairs: list[tuple[str, str | None, Token | None]] = []
            if recipients:
                pairs = [(a, r, rt) for a, _ in actors for r, rt in recipients if a != r]
            elif p.reciprocal and len(actors) > 1:
                # "A and B met": one event, from the first named to each other.
                first, first_tok = actors[0]
                pairs = [(first, b, bt) for b, bt in actors[1:]]
            elif p.type == "PROTEST":
                # Without a target, only people and groups protest ("doctors went on strike").
                pairs = [(a, None, None) for a, _ in actors if a.startswith(("group/", "person/"))]
            if not pairs:
                continue
            coded.add(trig.head.i)
            if trig.head != trig.verb and trig.verb.lemma_.lower() in lex.light_verbs:
                coded.add(trig.verb.i)  # "suspend talks" is the talks, negated; not a suspension too
            if trig.head != trig.verb and trig.head.head.lower_ in ("after", "following", "since"):
                base_status = ASSERTED  # "after a phone call with ...": it took place
            else:
                base_status = clause.status(trig.verb, trig.status)
            dates = clause.dates(trig.verb) or _adjacent_dates(sentence_dates[sent.start], trig.head)
            attribution = clause.attribution(trig.verb)
            start, end, text = _sentence_bounds(sent)
            trigger_words = trig.verb.text if trig.head == trig.verb else f"{trig.verb.text} … {trig.head.text}"
            for actor, recipient, rtok in pairs:
                status = base_status
                if rtok is not None and any(a.lower_ in lex.status["adverb_possible"] for a in _own_subtree(rtok) if a.dep_ == "advmod"):
                    status = _worse(status, POSSIBLE)
                date_span = _nearest(dates, rtok if rtok is not None else trig.verb)
                future = status in (PLANNED, POSSIBLE)
                date = normalize_date(date_span.text, article.date, future) if date_span is not None else None
                if date and article.date and date > article.date and status == ASSERTED and trig.verb.tag_ not in ("VBD", "VBN"):
                    status = PLANNED
                key = (p.type, actor, recipient, status, date)
                if key in seen:
                    continue
                seen.add(key)
                predicate = p.predicate or _predicate(trig, p) or types[p.type].predicate
                mode = p.mode or (_assault_mode(trig.verb, lex) if p.type == "ASSAULT" else None)
                events.append(
                    Event(
                        type=p.type,
                        actor=actor,
                        recipient=recipient,
                        status=status,
                        predicate=predicate,
                        mode=mode,
                        date=date,
                        date_text=date_span.text if date_span is not None else None,
                        evidence=(
                            Evidence(
                                doc_id=article.id,
                                sentence=text,
                                start=start,
                                end=end,
                                trigger=trigger_words,
                                source=article.source,
                                url=article.url,
                                published=article.date,
                                attribution=attribution,
                            ),
                        ),
                    )
                )
    return events


def _predicate(trig: Trigger, p: Pattern) -> str | None:
    if trig.head != trig.verb:
        return None  # noun events read best with the type's own words
    words = [third_person(p.lemma)]
    if p.particle:
        words.append(p.particle)
    if p.object:
        words.append("the " + p.object if p.object == "finger" else p.object + "s")
    slot = next((s for s in p.slots if s not in ("dobj", "dative", "ccomp")), None)
    if slot and (p.slots[0] == slot or p.object):
        words.append(slot)
    return " ".join(words)


def _assault_mode(verb: Token, lex: Lexicon) -> str | None:
    """How an attack was made, from the words of its clause (PLOVER modes)."""
    words = {t.lower_ for t in verb.subtree} | {t.lemma_.lower() for t in verb.subtree}
    for mode, cues in lex.assault_modes:
        if words & cues:
            return mode
    return None


def _adjacent_dates(dates: list[Span], head: Token) -> list[Span]:
    """A date right after the trigger ("a phone call Wednesday") when the parse hung it elsewhere."""
    return [e for e in dates if 0 < e.start - head.i <= 2]


def _sentence_dates(doc: Doc) -> dict[int, list[Span]]:
    """The DATE entities of each sentence (by its first token), as
    ``sent.ents`` gives them, found in one pass: ``sent.ents`` goes through
    every entity of the document, so calling it per sentence was quadratic
    (105 s for 10,000 short sentences)."""
    ents = list(doc.ents)
    found: dict[int, list[Span]] = {}
    j = 0
    for sent in doc.sents:
        while j < len(ents) and ents[j].start < sent.start:
            j += 1
        dates = []
        while j < len(ents) and ents[j].end <= sent.end:
            if ents[j].label_ == "DATE":
                dates.append(ents[j])
            j += 1
        found[sent.start] = dates
    return found


def _nearest(dates: list[Span], anchor: Token) -> Span | None:
    if not dates:
        return None
    return min(dates, key=lambda e: (abs(e.start - anchor.i), e.start < anchor.i))


def _sentence_bounds(sent: Span) -> tuple[int, int, str]:
    raw = sent.text
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    start = sent.start_char + lead
    return start, start + len(text), text
