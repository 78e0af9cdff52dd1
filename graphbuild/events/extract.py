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

from graphbuild.knowledge import dictionaries, gazetteer
from graphbuild.entities.agents import agent_sector
from graphbuild.entities.nationality import country_marker
from graphbuild.keys import NO_COUNTRY
from graphbuild.records import ASSERTED, COUNTRY, NEGATED, PLACE, PLANNED, POSSIBLE, UNIDENTIFIED, Article, Entity, Event, Evidence
from graphbuild.knowledge.plover import event_types
from graphbuild.entities.resolve import Resolved
from graphbuild.events.cameo import SEPARATING_PARTICLES, match_verb, misread_subjects, particle_of
from graphbuild.events.conventions import depth, into_the_sea, sport_result, without_echoes
from graphbuild.events.dates import normalize_date
from graphbuild.events.lexicon import Lexicon, Pattern, grammar, load, third_person

SUBJECTS = ("nsubj", "csubj")
# The rules' vocabularies, from data/grammar.toml (see its comments).
_WORDS = grammar()
RELATIVE_PRONOUNS = _WORDS["relative_pronouns"]
OBJECT_CONTROL = _WORDS["object_control"]
FRAMING_PREPS = _WORDS["framing_preps"]
DESCENT_PREPS = _WORDS["descent_preps"]
LOCATED = _WORDS["located"]
ABSORBING = _WORDS["absorbing"]
TEMPORAL = _WORDS["temporal"]
BACKGROUND = _WORDS["background"]
ATTACKS = _WORDS["attacks"]
QUANTITIES = _WORDS["quantities"]
EXERCISES = _WORDS["exercises"]
LOCATIVE_PREPS = _WORDS["locative_preps"]
PAIR_NOUNS = _WORDS["pair_nouns"]
PAIR_PEOPLE = _WORDS["pair_people"]
PAIR_COUNTS = _WORDS["pair_counts"]
RECIPROCALS = _WORDS["reciprocals"]
_STATUS_RANK = {ASSERTED: 0, PLANNED: 1, POSSIBLE: 2, NEGATED: 3}


@dataclass(frozen=True)
class Trigger:
    """A matched event: the pattern, the verb that governs the clause, the word(s) coding it."""

    pattern: Pattern
    verb: Token  # the clause's verb (a light verb for noun events)
    head: Token  # the word that carries the recipient slots (verb or noun)
    status: str | None = None  # status imposed by a light verb ("postponed the visit")
    # "team" (data/events.toml), "dictionary" (a CAMEO pattern), "dictionary-verb" (a CAMEO
    # verb's own code), "noun" (an event noun on its own), "nominal" (one naming both sides)
    tier: str = "team"


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _objects(verb: Token) -> list[Token]:
    objs = _children(verb, "dobj", "obj") + misread_subjects(verb)
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
            preps = [p for p in c.children if p.dep_ in ("prep", "agent", "prt", "dative") and p.lower_ == slot]
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
        self._accident: bool | None = None

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

    def the_two(self, tok: Token) -> list[str]:
        """'The two leaders agreed', 'both sides': the last two people (or,
        for sides and countries, states) the text named before, within a few sentences."""
        if tok.tag_ not in ("NNS", "NNPS") or not any(c.lower_ in PAIR_COUNTS for c in tok.children):
            return []
        lemma = tok.lemma_.lower()
        if lemma not in PAIR_NOUNS:
            return []
        wanted = ("Person",) if lemma in PAIR_PEOPLE else ("Country", "IGO", "Organization", "Person")
        found: list[str] = []
        floor = max(0, self.sent.start - 120)  # a few sentences back
        for i in range(tok.i - 1, floor - 1, -1):
            key = self.keys.get(i)
            if key and key not in found and self.entities[key].type in wanted:
                found.append(key)
                if len(found) == 2:
                    return found[::-1]
        return []

    def noun_actors(self, noun: Token) -> list[tuple[str, Token]]:
        """Who an event noun names as its doer: its owner ("the army's
        crackdown"), a name or nationality before it ("Israeli airstrikes"),
        or its "by" phrase ("an attack by rebels"); never its target."""
        owners = _children(noun, "poss")
        by = [o for prep in _children(noun, "prep", "agent") if prep.lower_ == "by" for o in _children(prep, "pobj")]
        found = self.actors_of(owners + by)
        if found:
            return found
        for mod in _children(noun, "compound", "amod", "nmod"):
            if mod.i in self.keys and self.entities[self.keys[mod.i]].type != PLACE:
                return [(self.keys[mod.i], mod)]
        code, marker = country_marker(_children(noun, "amod", "compound", "nmod"), gazetteer.load())
        return [(self.ensure_country(code), marker[0])] if code is not None else []

    def location(self, verb: Token, head: Token, clause_only: bool = False) -> str | None:
        """The place the clause says it happened in ("in Baghdad", "near the
        border town of ..."), else (unless ``clause_only``) the one place of the sentence."""
        for tok in (head, verb):
            for t in tok.subtree:
                if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS and t.i in self.keys:
                    ent = self.entities[self.keys[t.i]]
                    if ent.type in (PLACE, COUNTRY):
                        return ent.key
        if clause_only:
            return None
        places = {self.keys[i] for i in range(self.sent.start, self.sent.end)
                  if i in self.keys and self.entities[self.keys[i]].type == PLACE}
        return next(iter(places)) if len(places) == 1 else None

    def unnamed_doer(self, trig: "Trigger", subjects: list[Token]) -> bool:
        """Does the clause report a doer it does not name? An agentless
        passive, a noun event with no owner, or a subject that is what was
        used or what happened ("a blast killed"); never in a report of a
        disaster or an accident."""
        if self.reports_accident():
            return False
        if trig.tier == "noun" or not subjects:
            return True
        if trig.pattern.type in self.lex.types["crowd_actors"] and all(s.tag_ in ("NNS", "NNPS") for s in subjects):
            return True  # "youths took to the streets": a crowd, unnamed
        instruments = self.lex.unnamed["instruments"] | self.lex.noun_heads
        return all(s.lemma_.lower() in instruments or s.lemma_.lower() in QUANTITIES or s.pos_ == "NUM" for s in subjects)

    def location_target(self, location: str | None, actors: list[str]) -> list[tuple[str, Token | None]]:
        """The country an attack was made in, when it is not the attackers' own."""
        code = self.entities[location].country if location is not None else None
        own = {self.entities[a].country for a in actors}
        if not code or code == "IGO" or code in own or None in own:
            return []
        return [(self.ensure_country(code), None)]

    def political(self, key: str) -> bool:
        """Is this a political actor: a state, an IGO, a person or organization
        of a country, or an agent of a state or armed sector?"""
        ent = self.entities[key]
        if not ent.country:
            return False
        return ent.sector is None or ent.sector[:3] in self.lex.conventions["political_sectors"]

    def reports_accident(self) -> bool:
        """Does the sentence tell of nature or an accident (a storm, a crash)?"""
        if self._accident is None:
            nouns, verbs = self.lex.unnamed["accidents"], self.lex.unnamed["accident_verbs"]
            self._accident = any(
                (t.pos_ in ("NOUN", "PROPN") and (t.lemma_.lower() in nouns or t.lower_ in nouns))
                or (t.pos_ == "VERB" and t.lemma_.lower() in verbs)
                for t in self.sent
            )  # "stormed a hotel" is no storm
        return self._accident

    def unidentified(self, location: str | None, article: Article) -> str:
        """The key of an unidentified actor, of the country the text places the event in."""
        gaz = gazetteer.load()
        code = self.entities[location].country if location is not None else None
        if code is None and article.dateline:
            code = gaz.place_country(article.dateline)
        code = code if code and code != "IGO" else None
        key = f"unidentified/{code or 'XXX'}"
        if key not in self.entities:
            label = f"unidentified actor ({gaz.country_labels.get(code, code)})" if code else "unidentified actor"
            self.entities[key] = Entity(key, label, UNIDENTIFIED, code)
        return key

    def sector(self, key: str | None, tok: Token | None) -> str | None:
        """The CAMEO agent code of a participant as the text names it ("Chinese troops": MIL)."""
        if key is None:
            return None
        ent = self.entities.get(key)
        if ent is not None and ent.sector:
            return ent.sector
        return agent_sector(tok) if tok is not None and tok.pos_ in ("NOUN", "PROPN") else None

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
            if keys == [None]:
                keys = self.the_two(t) or keys  # "the two leaders", "both sides"
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
        misread = misread_subjects(verb)
        subj = [s for s in _children(verb, *SUBJECTS) if s not in misread]
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
            if node.dep_ == "advcl" and any(a.tag_ == "TO" for a in _children(node, "aux")):
                # A purpose clause shares its verb's status: "will travel ... to meet Biden".
                node = node.head
                st = _worse(st, self._own_status(node))
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
    prt = particle_of(verb)
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
    prt = particle_of(verb)
    objs = _objects(verb)
    out = []
    # "sent thousands of troops": a quantity's "of" names what it counts.
    counted = [c for o in objs if o.lemma_.lower() in QUANTITIES or o.pos_ == "NUM"
               for prep in _children(o, "prep") if prep.lower_ == "of" for c in _children(prep, "pobj")]
    for p in patterns:
        if p.particle != prt and (p.particle or prt in SEPARATING_PARTICLES):
            continue  # "call off" is not "call"
        if p.object and not any(
            _lemma_is(t, p.object) for o in _expand(objs + counted) for t in [o, *_children(o, "compound", "amod")]
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
        if lemma not in lex.noun_heads or noun.ent_type_ in ("DATE", "TIME"):
            continue  # no event noun ends in this word (most nouns), or it is a month ("March")
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
            framed = None  # "a proposal for talks": the talks are only proposed
            # "shared concerns on a phone call", "praised Serbia as a friend during
            # talks": the preposition hangs off a noun of the clause.
            for _ in range(3):
                if carrier.pos_ in ("NOUN", "PROPN") and carrier.dep_ in ("dobj", "pobj", "attr"):
                    framed = framed or lex.noun_status.get(carrier.lemma_.lower())
                    carrier = carrier.head.head if carrier.dep_ == "pobj" else carrier.head
                else:
                    break
            if carrier.pos_ in ("VERB", "AUX"):
                carriers.append((carrier, framed))
        # "the visit ... that he postponed": a light verb in a relative clause.
        for rel in _children(noun, "relcl"):
            status = lex.light_verbs.get(_particle_phrase(rel)) or lex.light_verbs.get(rel.lemma_.lower())
            if status is not None:
                carriers.append((rel, None if status == "asserted" else status))
        if not carriers:
            standalone = _standalone(noun, patterns, lex)
            if standalone is not None:
                yield standalone
            continue
        for verb, status in carriers:
            p = patterns[0]
            for cand in patterns:
                # A noun's required slot is its own ("strikes on Kyiv"), not its carrier's.
                if not cand.required or any(_slot_tokens(noun, s, noun) for s in cand.required):
                    p = cand
                    break
            else:
                continue
            yield Trigger(p, verb, noun, status)


def _standalone(noun: Token, patterns: tuple[Pattern, ...], lex: Lexicon) -> Trigger | None:
    """An event noun that is an event on its own: an argument of a clause
    ("a car bombing killed ...", "condemned the attack on ...") or a
    headline's head ("Deadly clashes in Kabul"), not under a word that makes
    it hypothetical ("fears of an attack")."""
    p = next((c for c in patterns if c.type in lex.unnamed["standalone"] and not c.required), None)
    tier = "noun"
    if p is None:
        # Any other event noun is an event when it names both sides itself
        # ("Russia's expulsion of Swedish diplomats", "Blinken's visit to China").
        p, tier = patterns[0], "nominal"
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "ROOT", "conj", "appos"):
        return None
    carrier = noun
    while carrier.pos_ not in ("VERB", "AUX") and carrier.head != carrier:
        carrier = carrier.head
        if carrier.lemma_.lower() in lex.unnamed["hypothetical"] or carrier.lemma_.lower() in lex.noun_status:
            return None  # "fears of an attack", "a plan to strike"
        if carrier.lower_ in BACKGROUND:
            return None  # "after five days of fighting": the background of the report, not its news
    if carrier.lemma_.lower() in lex.unnamed["hypothetical"]:
        return None  # "simulated a blockade", "denied the attack"
    if carrier.pos_ not in ("VERB", "AUX"):
        carrier = noun  # no verb above it: a headline or a caption
    return Trigger(p, carrier, noun, None, tier)


def _participle_modifier(tok: Token) -> bool:
    """'told visiting German Chancellor Olaf Scholz': the parser made 'visiting'
    a clause; before a title and a name right after a verb or article it
    describes the person."""
    if tok.tag_ not in ("VBG", "VBN") or tok.i == 0 or tok.i + 1 >= len(tok.doc):
        return False
    prev, nxt = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
    return (prev.pos_ == "DET" or prev == tok.head) and nxt.pos_ in ("ADJ", "PROPN") and nxt.is_title


def _verb_triggers(sent: Span, lex: Lexicon) -> Iterator[Trigger]:
    """Each event verb of the sentence, with its patterns in order of preference.

    The team's lexicon decides first; a verb it does not code is read with
    the CAMEO verb dictionary.
    """
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
            continue
        if tok.dep_ in ("amod", "compound") or _participle_modifier(tok):
            continue  # "visiting German Chancellor": a modifier, not a clause
        team = _match_verb(tok, lex) if tok.lemma_.lower() in lex.verbs else []
        for p in team:
            yield Trigger(p, tok, tok, None)
        if team or tok.pos_ == "AUX":
            continue
        found = match_verb(tok)
        if found is not None:
            p = Pattern(found.type, tok.lemma_.lower(), found.particle, None, found.slots, (), found.mode, None, False)
            yield Trigger(p, tok, tok, None, "dictionary" if found.specific else "dictionary-verb")


def extract_events(doc: Doc, article: Article, resolved: Resolved) -> list[Event]:
    """The events of one parsed article, with their evidence."""
    lex = load()
    gaz = gazetteer.load()
    types = event_types()
    events: list[Event] = []
    seen: set[tuple] = set()
    sentence_dates = _sentence_dates(doc)
    for sent in doc.sents:
        if gaz.is_boilerplate(sent.text) or dictionaries.discarded([t.lower_ for t in sent]) or sport_result(sent, lex):
            continue  # page furniture, or sport and culture ("World Cup final", "beat Spain 2-1")
        clause = _Clause(doc, resolved, lex, sent, sentence_dates[sent.start])
        verbs = list(_verb_triggers(sent, lex))
        # Most specific first: "impose +sanction" over the noun "sanctions", and
        # the noun carried by a light verb ("held talks with") over that verb alone.
        triggers = [t for t in verbs if t.pattern.object] + list(_noun_triggers(sent, lex)) + [t for t in verbs if not t.pattern.object]
        before = len(events)
        # Events with no recipient of types that need one to say much ("Kim
        # agreed to dismantle a test site"): kept only for a sentence that
        # gives no other event, the one nearest the root of its parse.
        fallback: list[Event] = []
        coded: set[int] = set()  # words that already gave an event
        verb_types = {t.verb.i: t.pattern.type for t in verbs}
        noun_heads = {t.head.i for t in triggers if t.head != t.verb}
        # Complements stated by a threat or an offer ("threatened to cut ties"):
        # the threat is the event, the cutting is not (yet) one.
        absorbed = {
            t.i
            for trig in verbs
            if trig.pattern.type in lex.types["absorb_complements"] or trig.verb.lemma_.lower() in ABSORBING
            for c in _infinitives(trig.verb) + (_children(trig.verb, "ccomp") if trig.pattern.type in lex.types["absorb_that_clauses"] else [])
            for t in c.subtree
            if t.pos_ in ("VERB", "AUX")
        }
        for trig in triggers:
            p = trig.pattern
            if p.type in lex.types["not_with_predicative"] and trig.head == trig.verb and _children(trig.verb, "oprd", "acomp"):
                continue  # "calling the speech shameless" is no phone call
            if trig.head.i in coded or (trig.verb.i in absorbed and (trig.head == trig.verb or trig.head.head.lower_ not in TEMPORAL)) or (trig.head != trig.verb and trig.verb.i in coded and trig.verb.lemma_.lower() in lex.light_verbs):
                continue
            if p.type in lex.types["not_in_accidents"] and clause.reports_accident():
                continue  # "killed in the earthquake", "crashed, killing 12": no attack
            if trig.tier.startswith("dictionary") and _governs_event(trig.verb, lex, verb_types, noun_heads):
                continue  # "plan to strike", "joined a boycott": the complement is the event
            if trig.tier in ("noun", "nominal"):
                if verb_types.get(trig.verb.i) == p.type:
                    continue  # "a bombing killed 28": the verb codes the attack
                if verb_types.get(trig.verb.i) in lex.types["end_their_object"] and trig.head.dep_ in ("dobj", "nsubjpass"):
                    continue  # "lifted the curfew": what ends is not an event of its own
                subjects = []
                actors = clause.noun_actors(trig.head)
            else:
                subjects = clause.subject_tokens(trig.verb)
                if trig.verb.dep_ == "relcl" and subjects == [trig.verb.head]:
                    # "China, which has also denied ...": the antecedent must name an actor itself.
                    actors = [(clause.keys[t.i], t) for t in subjects if t.i in clause.keys]
                else:
                    actors = clause.actors_of(subjects, subject=True)
                    actors += [a for a in _coordinated_in(clause, subjects) if a[0] not in [k for k, _ in actors]]
            if trig.head != trig.verb:
                # "clashes between A and B"; "fighting broke out between A and B" (the preposition on the verb)
                holders = [trig.head] + ([trig.verb] if trig.head.dep_ in ("nsubj", "nsubjpass") and trig.head.head == trig.verb else [])
                participants = clause.actors_of([o for h in holders for prep in _children(h, "prep") if prep.lower_ in ("of", "between", "among") for o in _children(prep, "pobj")]) if p.reciprocal else []
                owners = _children(trig.head, "poss")
                if len(participants) > 1 or (participants and not actors):
                    # "a summit between Biden and Yoon", "a summit of Japan, China and South Korea"
                    actors = participants
                elif owners and clause.actors_of(owners):
                    # "Iran's supply of drones to Russia": the owner acts, not the clause's subject.
                    actors = clause.actors_of(owners)
            actors = [(k, t) for k, t in actors if clause.entities[k].type != PLACE]
            location = clause.location(trig.verb, trig.head)
            if not actors and p.type in lex.unnamed["types"] and clause.unnamed_doer(trig, subjects):
                actors = [(clause.unidentified(location, article), None)]
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
                slot_verb = trig.head if trig.tier in ("noun", "nominal") else trig.verb
                for found in clause.actors_of(_slot_tokens(trig.head, slot, slot_verb)):
                    if found[0].startswith(f"agent/{NO_COUNTRY}/") and p.type not in lex.unnamed["types"]:
                        continue  # "pull back troops": whose troops the text does not say
                    if found[0] not in [k for k, _ in recipients]:
                        recipients.append(found)
            if not recipients and trig.head != trig.verb and p.type in lex.types["framed_with_object"] and trig.head.dep_ == "pobj":
                # "thanked the emir in a phone call": the call was with the one thanked.
                own = {k for k, _ in actors}
                recipients = [r for r in clause.actors_of(_objects(trig.verb) + _children(trig.verb, "dative")) if r[0] not in own]
            complements = (_infinitives(trig.verb) + _children(trig.verb, "ccomp")) if trig.head == trig.verb else []
            if not recipients and complements and p.type in lex.types["complement_recipients"]:
                # "offered to mediate between Russia and Ukraine", "refused to meet Kurti".
                own = {k for k, _ in actors}
                recipients = [
                    (k, t)
                    for k, t in _complement_actors(clause, complements[0], p.type in lex.types["conditional_recipients"])
                    if k not in own and clause.entities[k].type != PLACE
                ]
            if p.type in lex.types["joint_exercises_from"] and len(actors) > 1 and trig.head.lemma_.lower() in EXERCISES:
                # Exercises held together are cooperation between the partners.
                p = Pattern(lex.conventions_to["joint_exercises"], p.lemma, None, None, (), (), None, "exercises with", True)
            if p.type in lex.types["protests"] and trig.verb.lemma_.lower() in lex.conventions["state_protest_verbs"] and all(
                clause.entities[a].type in lex.conventions["state_protest"] for a, _ in actors
            ):
                # A state protests in words: "Serbia protested that canisters had landed".
                p = Pattern(lex.conventions_to["state_protest"], p.lemma, p.particle, None, p.slots, (), "disapprove", "protests to", False)
                recipients = recipients or clause.actors_of(_slot_tokens(trig.head, "ccomp", trig.verb))
            if not recipients and p.type in lex.conventions["location_target"]:
                recipients = clause.location_target(clause.location(trig.verb, trig.head, True), [k for k, _ in actors])
            if not recipients and p.type in lex.types["attacks"] and into_the_sea(trig.verb, lex):
                # "fired two missiles into the sea": a show of force, not an attack on anyone.
                p = Pattern(lex.conventions_to["test_fire"], p.lemma, p.particle, None, (), (), None, "test-fires", False)
            pairs: list[tuple[str, str | None, Token | None]] = []
            if trig.tier == "nominal" and not recipients:
                continue  # a bare "visit" or "talks" names no one
            if _each_other(trig.verb) and len(actors) > 1:
                # "Thailand and Cambodia accused each other": both ways.
                pairs = [(a, b, bt) for a, _ in actors for b, bt in actors if a != b]
            elif recipients:
                pairs = [(a, r, rt) for a, _ in actors for r, rt in recipients if a != r]
            elif p.reciprocal and len(actors) > 1:
                # "A and B met": one event, from the first named to each other.
                first, first_tok = actors[0]
                pairs = [(first, b, bt) for b, bt in actors[1:]]
            elif p.type in lex.types["crowd_actors"]:
                # Without a target, only people and groups protest ("doctors went on strike");
                # markets "rally" too ("exporters rallied"), but do not protest.
                market = trig.verb.lemma_.lower() in lex.conventions["market_verbs"]
                pairs = [(a, None, None) for a, _ in actors if a.startswith(("group/", "person/", "agent/", "unidentified/"))
                         and not (market and (clause.entities[a].sector or "")[:3] in lex.conventions["not_protesting_sectors"])]
            elif p.type in lex.unnamed["recipientless"] | lex.unnamed["fallback"] and _says_its_doer(trig):
                pairs = [(a, None, None) for a, _ in actors]
            if not pairs and recipients and p.type in lex.unnamed["recipientless"] and _says_its_doer(trig):
                pairs = [(a, None, None) for a, _ in actors]  # "clashes between two militias": one side named, twice
            if not pairs:
                continue
            coded.add(trig.head.i)
            if trig.head != trig.verb and trig.verb.lemma_.lower() in lex.light_verbs and trig.head.head == trig.verb:
                coded.add(trig.verb.i)  # "suspend talks" is the talks, negated; not a suspension too
            if trig.head != trig.verb and trig.head.head.lower_ in ("after", "following", "since"):
                base_status = ASSERTED  # "after a phone call with ...": it took place
            else:
                base_status = clause.status(trig.verb, trig.status)
            dates = clause.dates(trig.verb) or _adjacent_dates(sentence_dates[sent.start], trig.head)
            attribution = clause.attribution(trig.verb)
            start, end, text = _sentence_bounds(sent)
            trigger_words = trig.verb.text if trig.head == trig.verb else f"{trig.verb.text} … {trig.head.text}"
            if p.type in lex.conventions["riot_types"] and all(
                r is None and clause.sector(a, dict(actors).get(a)) in lex.conventions["protesting_sectors"] for a, r, _ in pairs
            ):
                # Protesters who burn, smash or block are rioting, not attacking anyone.
                p = Pattern(lex.conventions_to["riot"], p.lemma, p.particle, None, (), (), "riot", None, False)
            actor_tokens = {k: t for k, t in actors}
            for actor, recipient, rtok in pairs:
                if p.type in lex.types["not_relief"] and (recipient or "").startswith("agent/") and clause.reports_accident():
                    continue  # "the coast guard rescued 1,000 people" from a flood: relief, not aid between actors
                status = base_status
                if rtok is not None and any(a.lower_ in lex.status["adverb_possible"] for a in _own_subtree(rtok) if a.dep_ == "advmod"):
                    status = _worse(status, POSSIBLE)
                date_span = _nearest(dates, rtok if rtok is not None else trig.verb)
                future = status in (PLANNED, POSSIBLE)
                date = normalize_date(date_span.text, article.date, future) if date_span is not None else None
                if date and article.date and date > article.date and status == ASSERTED and trig.verb.tag_ not in ("VBD", "VBN"):
                    status = PLANNED
                key = (p.type, actor, recipient, status, date)
                if key in seen or not _has_a_country(clause, actor, recipient):
                    continue  # a repeat, or no side of any country ("Messi signed with Inter Miami")
                seen.add(key)
                predicate = p.predicate or _predicate(trig, p) or types[p.type].predicate
                mode = p.mode or (_assault_mode(trig.verb, lex) if p.type in lex.types["attacks"] else None)
                event = (
                    Event(
                        type=p.type,
                        actor=actor,
                        recipient=recipient,
                        status=status,
                        predicate=predicate,
                        mode=mode,
                        date=date,
                        date_text=date_span.text if date_span is not None else None,
                        location=location,
                        actor_sector=clause.sector(actor, actor_tokens.get(actor)),
                        recipient_sector=clause.sector(recipient, rtok),
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
                if recipient is None and p.type in lex.unnamed["fallback"]:
                    if clause.political(actor):  # "Amazon agreed to buy ...", "workers rescued two colleagues"
                        fallback.append((depth(trig.verb), len(fallback), event))
                else:
                    events.append(event)
        if len(events) == before and fallback:
            events.append(min(fallback)[2])
    return without_echoes(events)


def _has_a_country(clause: "_Clause", actor: str, recipient: str | None) -> bool:
    """Political events have a side of some country (or an IGO), or a
    generic agent or unidentified doer (whose country the text may not say);
    two names of no country ("Messi signed with Inter Miami") are not one."""
    return any(
        k is not None and (clause.entities[k].country or k.startswith(("agent/", "unidentified/")))
        for k in (actor, recipient)
    )


def _says_its_doer(trig: Trigger) -> bool:
    """May this trigger stand as an event with no recipient? A noun on its
    own or a verb with its own subject (or a passive) may; a noun carried by
    a light verb ("sending missiles") or a verb whose doer was found by
    climbing the parse ("on suspicion of spying") names too little."""
    if trig.tier in ("noun", "nominal"):
        return True
    if trig.head != trig.verb:
        return False
    if trig.tier == "dictionary-verb" and _objects(trig.verb):
        return False  # "held interest rates steady": no pattern names that object, so "hold" codes nothing
    verb = trig.verb
    while verb.dep_ == "conj" and verb.head != verb:
        verb = verb.head  # "looted shops and torched cars": the first verb's subject
    return any(c.dep_ in ("nsubj", "nsubjpass", "agent", "expl") for c in verb.children) or verb.dep_ == "ROOT"


def _each_other(verb: Token) -> bool:
    """'accused each other', 'blamed one another': a reciprocal object."""
    return any(
        any(f"{c.lower_} {o.lower_}" in RECIPROCALS for c in o.children if c.i == o.i - 1)
        for o in _objects(verb) + [p for prep in _children(verb, "prep") for p in _children(prep, "pobj")]
    )


def _governs_event(verb: Token, lex: Lexicon, verb_types: dict[int, str], noun_heads: set[int]) -> bool:
    """A verb that only frames another event: its complement or its object
    is one ("plan to strike", "joined a boycott", "held talks")."""
    modal = verb.lemma_.lower() in lex.status["planned"] | lex.status["negated"]
    for c in verb.children:
        if c.dep_ in ("xcomp", "ccomp") and c.i in verb_types:
            return True
        if modal and c.dep_ == "xcomp":
            return True  # "decided to let", "refused to sign": the complement says what
        if c.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in lex.light_verbs and (
            c.i in noun_heads or c.lemma_.lower() in lex.noun_heads
        ):
            return True
    return False


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
