"""Who did it and to whom: the words that fill a trigger's actor and recipient slots.

The actor is the clause's subject, found through control verbs,
conjunctions, relative clauses and the passive's "by" agent
(``subject_tokens``), or an event noun's owner, nationality or "by" phrase
(``noun_actors``); an agentless passive or an unowned event noun of the
types that allow it gets an unidentified actor (``unnamed_doer``).
``pairs_of`` pairs the actors with the recipients ``recipients`` finds.
``referents`` says which entity each of those words stands for.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.events.cameo import misread_subjects
from graphbuild.events.lexicon import Lexicon, Pattern, grammar
from graphbuild.events.referents import QUANTITIES, actors_of, coordinated_in, country
from graphbuild.events.sentence import Sentence
from graphbuild.events.syntax import children, each_other, objects, particle_phrase
from graphbuild.events.triggers import Trigger, drawn
from graphbuild.keys import kind
from graphbuild.knowledge import gazetteer
from graphbuild.entities.nationality import country_marker
from graphbuild.records import COUNTRY, PLACE

SUBJECTS = ("nsubj", "csubj")
_WORDS = grammar()
RELATIVE_PRONOUNS = _WORDS["relative_pronouns"]
OBJECT_CONTROL = _WORDS["object_control"]
CHARGE_PREPS = _WORDS["charge_preps"]
CAPTIVE_COMPLEMENTS = _WORDS["captive_complements"]
DESCRIBING_PARTICIPLES = _WORDS["describing_participles"]
COMMANDING = _WORDS["commanding"]
DOCUMENT_NOUNS = _WORDS["document_nouns"]
AUTHORING_VERBS = _WORDS["authoring_verbs"]
DOCUMENT_PREPS = _WORDS["document_preps"]

Actors = list[tuple[str, Token]]  # (entity key, the word naming it)
Pairs = list[tuple[str, str | None, Token | None]]  # (actor, recipient, the recipient's word)


def trigger_actors(s: Sentence, trig: Trigger) -> tuple[list[Token], Actors]:
    """The subject words of a trigger's clause and the actors it names (no places)."""
    if trig.tier in ("noun", "nominal"):
        subjects: list[Token] = []
        actors = noun_actors(s, trig.head)
    elif trig.head != trig.verb and drawn(trig.head):
        # "vetoed the resolution, drawing criticism from Britain": Britain criticised
        source = [o for h in (trig.head, trig.verb) for prep in children(h, "prep") if prep.lower_ == "from" for o in children(prep, "pobj")]
        return [], [(k, t) for k, t in (actors_of(s, source) or noun_actors(s, trig.head)) if s.entities[k].type != PLACE]
    else:
        subjects = subject_tokens(s, trig.verb)
        if trig.verb.dep_ == "relcl" and subjects == [trig.verb.head]:
            # "China, which has also denied ...": the antecedent must name an actor itself.
            actors = [(s.keys[t.i], t) for t in subjects if t.i in s.keys]
        else:
            actors = actors_of(s, subjects, subject=True)
            actors += [a for a in coordinated_in(s, subjects) if a[0] not in [k for k, _ in actors]]
    if trig.head != trig.verb or _gerund_as_noun(trig.verb):
        # "clashes between A and B"; "fighting broke out between A and B" (the preposition
        # on the verb); "fighting between A and B intensified" (a gerund standing as a noun)
        holders = [trig.head] + ([trig.verb] if trig.head.dep_ in ("nsubj", "nsubjpass") and trig.head.head == trig.verb else [])
        between = [o for h in holders for prep in children(h, "prep") if prep.lower_ in ("of", "between", "among") for o in children(prep, "pobj")]
        participants = actors_of(s, between) if trig.pattern.reciprocal else []
        owners = children(trig.head, "poss")
        if len(participants) > 1 or (participants and not actors):
            # "a summit between Biden and Yoon", "a summit of Japan, China and South Korea"
            actors = participants
        elif owners and actors_of(s, owners):
            # "Iran's supply of drones to Russia": the owner acts, not the clause's subject.
            actors = actors_of(s, owners)
    return subjects, [(k, t) for k, t in actors if s.entities[k].type != PLACE]


def _gerund_as_noun(verb: Token) -> bool:
    """"Fighting between A and B ...": a gerund standing as a noun (the parser
    may make it the root, with no subject or auxiliary of its own)."""
    if verb.tag_ != "VBG":
        return False
    bare_root = verb.dep_ == "ROOT" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)
    return bare_root or verb.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")


def subject_tokens(s: Sentence, verb: Token, depth: int = 0) -> list[Token]:
    """The words standing as the subject of ``verb``, climbing the parse where it has none."""
    if depth > 6:
        return []
    misread = misread_subjects(verb)
    subj = [w for w in children(verb, *SUBJECTS) if w not in misread]
    if subj and held_captive(verb):
        return []  # "sailors held hostage": held by someone the clause does not name
    if subj:
        if subj[0].lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return [verb.head]
        return subj
    if any(c.dep_ == "nsubjpass" for c in verb.children) or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
        # "was arrested by police", "villagers kidnapped by gunmen": the "by" phrase acts.
        return [p for a in children(verb, "agent") for p in children(a, "pobj")]
    head = verb.head
    if head == verb:
        return []
    if verb.dep_ == "xcomp" and children(head, "nsubjpass") and not children(head, "agent"):
        return children(head, "nsubjpass")  # "the leaders are set to meet"
    if verb.dep_ == "xcomp":
        objs = objects(head) or [o for prep in children(head, "prep") if prep.lower_ in ("on", "upon") for o in children(prep, "pobj")]
        # "ordered its troops to withdraw": troops of no known country act for the orderer.
        if objs and head.lemma_.lower() in OBJECT_CONTROL and actors_of(s, objs):
            return objs
        return subject_tokens(s, head, depth + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        # "responded by shelling", "after meeting Xi": the subject did it; "accused
        # Brussels of punishing", "blamed Kyiv for shelling" only say who is said to have
        owner = head.head
        if head.lower_ in CHARGE_PREPS and objects(owner) and not each_other(owner):
            return []
        return subject_tokens(s, owner, depth + 1)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.dep_ == "xcomp" and head.head != head:
        # "ordered Peru to shut its embassy, accusing its envoys of ...": the orderer accuses
        return subject_tokens(s, head.head, depth + 1)
    if verb.dep_ in ("conj", "advcl", "ccomp", "pcomp", "acomp"):
        if _across_semicolon(verb, head):
            return []  # a semicolon ends a clause: "..., killing six; the group blamed the army" (a misparse)
        found = subject_tokens(s, head, depth + 1)
        # A conjunct or a participle whose head's subject is no actor ("the
        # substance is made there and has pointed the finger at China"; "said
        # the detainees would be freed, while urging Uganda"): climb on.
        if verb.dep_ in ("conj", "advcl") and not actors_of(s, found) and head.dep_ in ("ccomp", "conj", "xcomp"):
            return [] if _across_semicolon(verb, head.head) else subject_tokens(s, head.head, depth + 1)
        return found
    if verb.dep_ in ("relcl", "acl"):
        noun = head
        poss = children(noun, "poss")
        if verb.dep_ == "acl" and poss:
            return poss  # "China's refusal to condemn Russia"
        author = _author(noun) if verb.dep_ == "acl" and verb.tag_ == "VBG" else None
        if author is not None:
            return subject_tokens(s, author, depth + 1)  # "issued a statement condemning X"
        # a relative clause's noun, and what an active participle qualifies ("soldiers firing on the crowd"), do it
        return [noun] if verb.dep_ == "relcl" or verb.tag_ == "VBG" else []
    return []


def _author(noun: Token) -> Token | None:
    """The verb whose subject wrote a text ("issued a statement", "said in a
    statement", "adopted a resolution"), when ``noun`` is such a text."""
    if noun.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    gov = noun.head
    if noun.dep_ == "pobj" and gov.dep_ == "prep" and gov.lower_ in DOCUMENT_PREPS:
        gov = gov.head  # "said in a statement urging ..."
    elif noun.dep_ not in ("dobj", "conj"):
        return None
    return gov if gov.pos_ == "VERB" and gov.lemma_.lower() in AUTHORING_VERBS else None


def _across_semicolon(a: Token, b: Token) -> bool:
    return any(t.text == ";" for t in a.doc[min(a.i, b.i) + 1 : max(a.i, b.i)])


def noun_actors(s: Sentence, noun: Token) -> Actors:
    """Who an event noun names as its doer: its owner ("the army's
    crackdown"), a name or nationality before it ("Israeli airstrikes"),
    or its "by" phrase ("an attack by rebels"); never its target."""
    owners = children(noun, "poss")
    by = [o for prep in children(noun, "prep", "agent") if prep.lower_ == "by" for o in children(prep, "pobj")]
    # "a lockdown ordered by the prime minister", "raids carried out by the army":
    # whoever makes or commands it (not "a withdrawal demanded by ...").
    made = [a for v in children(noun, "acl") if v.tag_ == "VBN" and _makes_events(v, s.lex) for a in children(v, "agent")]
    by += [o for a in made for o in children(a, "pobj")]
    found = actors_of(s, owners + by)
    if found:
        return found
    for mod in children(noun, "compound", "amod", "nmod"):
        if mod.i in s.keys and s.entities[s.keys[mod.i]].type != PLACE:
            return [(s.keys[mod.i], mod)]
    code, marker = country_marker(children(noun, "amod", "compound", "nmod"), gazetteer.load())
    return [(country(s, code), marker[0])] if code is not None else []


def _makes_events(verb: Token, lex: Lexicon) -> bool:
    """Does the verb make or command the event it carries ("ordered", "carried out", "imposed")?"""
    lemma = verb.lemma_.lower()
    return lemma in COMMANDING or "asserted" in (lex.light_verbs.get(particle_phrase(verb)), lex.light_verbs.get(lemma))


def unnamed_doer(s: Sentence, trig: Trigger, subjects: list[Token]) -> bool:
    """Does the clause report a doer it does not name? An agentless
    passive, a noun event with no owner, or a subject that is what was
    used or what happened ("a blast killed"); never in a report of a
    disaster or an accident."""
    if s.reports_accident:
        return False
    if trig.tier == "noun" or not subjects:
        return True
    if trig.pattern.type in s.lex.types["crowd_actors"] and all(w.tag_ in ("NNS", "NNPS") for w in subjects):
        return True  # "youths took to the streets": a crowd, unnamed
    instruments = s.lex.unnamed["instruments"] | s.lex.noun_heads
    # ... or a gerund, what happened: "fighting killed four people"
    return all(w.lemma_.lower() in instruments or w.lemma_.lower() in QUANTITIES or w.pos_ == "NUM" or _gerund_as_noun(w) for w in subjects)


def describes_someone(trig: Trigger, s: Sentence) -> bool:
    """"the first leader to visit China": "to visit" qualifying a noun
    describes someone; it does not report an event. Nor does "a delegation
    led by the vice premier"."""
    verb = trig.verb
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and trig.head == verb and verb.lemma_.lower() in DESCRIBING_PARTICIPLES:
        return True
    return (
        verb.dep_ in ("relcl", "acl")
        and trig.head == verb
        and any(a.tag_ == "TO" for a in children(verb, "aux"))
        and verb.head.lemma_.lower() not in s.lex.noun_status
    )


def subject_is(lex: Lexicon, subjects: list[Token], kind: str) -> bool:
    """Is every subject word (and conjunct) of ``kind`` in the lexicon's
    [doers]? "Three warships", "hundreds of soldiers": a count's "of" names
    the subject's kind."""
    heads = []
    for w in [c for sub in subjects for c in (sub, *sub.conjuncts)]:
        counted = [o for p in children(w, "prep") if p.lower_ == "of" for o in children(p, "pobj")] \
            if w.lemma_.lower() in QUANTITIES or w.pos_ == "NUM" else []
        heads += counted or [w]
    words = lex.doers[kind]
    return bool(heads) and all(h.lemma_.lower() in words or h.lower_ in words for h in heads)


def held_captive(verb: Token) -> bool:
    """"sailors held hostage": a bare "hostage" the only object of "hold" or "keep"."""
    objs = objects(verb)
    if len(objs) != 1 or objs[0].lower_ not in CAPTIVE_COMPLEMENTS or verb.tag_ not in ("VBD", "VBN"):
        return False
    return all(c.dep_ == "prep" for c in objs[0].children)  # "hostage (in Gaza)", not "the hostage"


def moved_forces(s: Sentence, trig: Trigger) -> Actors:
    """"Hundreds of soldiers were deployed at the airport": with no one named
    deploying them, a state's forces moved stand as the actor."""
    if trig.head != trig.verb:
        return []
    gaz = gazetteer.load()

    def forces(k: str, t: Token) -> bool:  # "Belgian soldiers" (an agent) or "Indian troops" (the state)
        e = s.entities[k]
        return bool(e.country) and ((e.sector or "")[:3] in gaz.state_forces
                                    or (e.type == COUNTRY and (t.lemma_.lower() in gaz.state_nouns or t.lower_ in gaz.state_nouns)))
    moved = []
    for sub in children(trig.verb, "nsubjpass"):
        # "hundreds of Italian soldiers": the soldiers counted are the forces
        counted = [o for p in children(sub, "prep") if p.lower_ == "of" for o in children(p, "pobj")] if sub.lemma_.lower() in QUANTITIES else []
        moved += counted or [sub]
    return [(k, t) for k, t in actors_of(s, moved) if forces(k, t)]


def pairs_of(s: Sentence, trig: Trigger, p: Pattern, actors: Actors, recipients: Actors) -> Pairs:
    """Who did it to whom: each actor with each recipient, both ways for
    "each other", or alone where the type needs no recipient."""
    lex = s.lex
    pairs: Pairs = []
    if trig.tier == "nominal" and not recipients:
        return pairs  # a bare "visit" or "talks" names no one
    if each_other(trig.verb) and len(actors) > 1:
        # "Thailand and Cambodia accused each other": both ways.
        pairs = [(a, b, bt) for a, _ in actors for b, bt in actors if a != b]
    elif recipients:
        pairs = [(a, r, rt) for a, _ in actors for r, rt in recipients if a != r]
        if p.reciprocal and p.type in lex.types["both_ways"]:
            # "A clashed with B": each fought the other.
            pairs += [(r, a, at) for a, at in actors for r, _ in recipients if a != r]
    elif (p.reciprocal or (p.type in lex.types["mutual"] and p.mode not in lex.conventions["mediation_mode"])) and len(actors) > 1:
        if p.type in lex.types["both_ways"]:
            pairs = [(a, b, bt) for a, _ in actors for b, bt in actors if a != b]  # "A and B clashed"
        else:
            # "A and B met": one event, from the first named to each other.
            first = actors[0][0]
            pairs = [(first, b, bt) for b, bt in actors[1:]]
    elif p.type in lex.types["crowd_actors"]:
        # Without a target, only people, groups and bodies protest ("doctors went on
        # strike", "the union federation held a general strike"); markets "rally" too
        # ("exporters rallied"), but do not protest.
        market = trig.verb.lemma_.lower() in lex.conventions["market_verbs"]
        pairs = [(a, None, None) for a, _ in actors if kind(a) in ("group", "person", "agent", "unidentified", "org")
                 and not (market and (s.entities[a].sector or "")[:3] in lex.conventions["not_protesting_sectors"])]
    elif p.type in lex.unnamed["recipientless"] | lex.unnamed["fallback"] and says_its_doer(trig, lex):
        pairs = [(a, None, None) for a, _ in actors]
    elif (p.type in lex.unnamed["recipientless"] | lex.unnamed["fallback"] and trig.head != trig.verb
          and trig.verb.lemma_.lower() in lex.unnamed["doing_verbs"] and subject_of(trig.verb)):
        pairs = [(a, None, None) for a, _ in actors]  # "police made hundreds of arrests"
    if not pairs and recipients and p.type in lex.unnamed["recipientless"] and says_its_doer(trig, lex):
        pairs = [(a, None, None) for a, _ in actors]  # "clashes between two militias": one side named, twice
    return pairs


def subject_of(verb: Token) -> bool:
    """Does the verb (or the first verb it is conjoined to) have its own subject?"""
    while verb.dep_ == "conj" and verb.head != verb:
        verb = verb.head  # "looted shops and torched cars": the first verb's subject
    return any(c.dep_ in ("nsubj", "nsubjpass", "agent", "expl") for c in verb.children)


def says_its_doer(trig: Trigger, lex: Lexicon) -> bool:
    """May this trigger stand as an event with no recipient? A noun on its
    own or a verb with its own subject (or a passive) may; a noun carried by
    a light verb ("sending missiles") or a verb whose doer was found by
    climbing the parse ("on suspicion of spying") names too little."""
    if trig.tier in ("noun", "nominal"):
        return True
    if trig.head != trig.verb:
        return False
    if trig.tier == "dictionary-verb" and objects(trig.verb) and trig.pattern.type not in lex.unnamed["damage_types"]:
        return False  # "held interest rates steady": no pattern names that object, so "hold" codes nothing
    verb = trig.verb
    while verb.dep_ == "conj" and verb.head != verb:
        verb = verb.head
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and subject_of(verb.head) and trig.pattern.type in lex.unnamed["fallback"]:
        return True  # "blamed Kosovo, vowing that ...": a stance taken by its clause's subject
    return subject_of(verb) or verb.dep_ == "ROOT"
