"""CAMEO verb patterns matched against a dependency parse.

The verb dictionary (``graphbuild.knowledge.dictionaries.verbs()``) gives each verb
lemma its block's patterns. A pattern is read over the verb's clause: its
pre-verb words against the subject (or the passive's "by" agent), its
post-verb words against the object (or the passive's subject), and each
``(PREP NOUN)`` against a prepositional phrase of the verb or of its object.
Of the patterns that fit, the one that asks for the most context wins; when
none fits, the verb's own code applies. A pattern whose code is null
("EARTHQUAKE *" under KILL) says the clause is no event at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from graphbuild.events.lexicon import grammar
from graphbuild.knowledge import dictionaries
from graphbuild.knowledge.cameo import plover
from graphbuild.knowledge.petrarch import Phrase, VerbPattern

# Particles that make a different verb: "call off" is not "call".
SEPARATING_PARTICLES = frozenset({"off", "out", "down", "up", "back", "over"})
# Where a target stands when the pattern does not mark it, in order.
DEFAULT_SLOTS = ("dobj", "against", "at", "on", "upon", "with", "to", "into", "toward", "towards")
# Where the doer of a reverse event stands: "received a loan from the World Bank".
SOURCE_SLOTS = ("from",)


@dataclass(frozen=True)
class CameoMatch:
    code: str
    type: str
    mode: str | None
    slots: tuple[str, ...]
    particle: str | None
    where: str  # the dictionary line that coded it ("cameo_verbs.txt:812"), or the verb's
    specific: bool = False  # a pattern fitted (not the verb's own code alone)
    reversed: bool = False  # the subject undergoes the event; the slots hold its doer


def _forms(tok: Token) -> set[str]:
    return {tok.lemma_.lower(), tok.lower_}


def _phrase_fits(phrase: Phrase, tok: Token) -> bool:
    """Does ``tok`` head this phrase ("{AIR STRIKE}" on "strike" with "air" before it)?"""
    if phrase.marker is not None:
        return True
    forms = _forms(tok)
    if not (forms & set(phrase.heads)):
        return False
    before = {w for t in tok.lefts for s in t.subtree for w in _forms(s)}
    needs = [mods for head, mods in phrase.compound_heads if head in forms]
    if needs and not any(all(m in before for m in mods) for mods in needs):
        return False  # "fire" is a CEASE_FIRE only after "cease"
    return all(m in before for m in phrase.modifiers)


def _objects(verb: Token) -> list[Token]:
    # with an adjective completing the object: "set cars ablaze" fits "* ABLAZE"
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj", "attr", "oprd") or (c.pos_ == "ADJ" and c.dep_ in ("advmod", "acomp") and c.i > verb.i)]
    objs += misread_subjects(verb)
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if passive and not any(c.dep_ in ("dobj", "obj") for c in objs):
        return passive + objs  # a passive's subject is its object ("a state of emergency was declared nationwide")
    return objs


def misread_subjects(verb: Token) -> list[Token]:
    """A second "subject" after the verb, beside one before it ("it had
    detained reporter Evan Gershkovich"): in a declarative clause it is the object."""
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    return [s for s in subj if s.i > verb.i] if any(s.i < verb.i for s in subj) else []


def _logical_subjects(verb: Token) -> list[Token]:
    after = misread_subjects(verb)
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj") and c not in after]
    agents = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    return subj + agents


def _prep_objects(verb: Token, prep: str) -> list[Token]:
    heads = [verb, *_objects(verb), *[c for c in verb.children if c.dep_ == "prt"]]
    out = []
    for h in heads:
        for p in h.children:
            if p.dep_ in ("prep", "agent", "dative") and p.lower_ == prep:
                out += [o for o in p.children if o.dep_ == "pobj"] or [p]
    return out


@cache
def _instruments() -> frozenset[str]:
    weapons = dictionaries.verbs().synsets.get("WEAPON", [])
    return grammar()["instruments"] | {w.split()[-1] for w in weapons} | frozenset(weapons)


def is_instrument(tok: Token) -> bool:
    """A weapon or tool: after "with" it says how ("beat protesters with
    batons"), not with whom."""
    words = _instruments()
    compound = " ".join(t.lemma_.lower() for t in tok.lefts if t.dep_ == "compound" and t.i == tok.i - 1)
    return tok.lemma_.lower() in words or tok.lower_ in words or f"{compound} {tok.lemma_.lower()}" in words


def _fits(pattern: VerbPattern, verb: Token, subjects: list[Token]) -> bool:
    if pattern.subject:
        first, *rest = pattern.subject
        if not any(_phrase_fits(first, s) for s in subjects):
            return False
        words = {w for s in subjects for t in s.subtree for w in _forms(t)}
        if any(not (set(p.heads) & words) for p in rest if p.marker is None):
            return False
    if pattern.object:
        first, *rest = pattern.object
        if not any(_phrase_fits(first, o) for o in _objects(verb)):
            return False
        if rest:
            words = {w for t in verb.subtree if t.i > verb.i for w in _forms(t)}
            if any(not (set(p.heads) & words) for p in rest if p.marker is None):
                return False
    for prep, phrase in pattern.preps:
        found = _prep_objects(verb, prep)
        if prep == "with" and phrase is None:  # a bare (WITH): a partner, not the means
            found = [o for o in found if not is_instrument(o)]
        if not found or (phrase is not None and not any(_phrase_fits(phrase, o) for o in found)):
            return False
    return True


def _clause_words(verb: Token, subjects: list[Token]) -> set[str]:
    """The words a pattern can be indexed under: heads of the subject and
    object, the verb's prepositions and their objects."""
    words: set[str] = set()
    objects = _objects(verb)
    heads = [*subjects, *objects]
    for h in [verb, *objects, *[c for c in verb.children if c.dep_ == "prt"]]:
        for p in h.children:
            if p.dep_ in ("prep", "agent", "dative"):
                words.add(p.lower_)
                heads += [o for o in p.children if o.dep_ == "pobj"]
    for h in heads:
        words |= _forms(h)
    return words


def _particle_as_preposition(verb: Token, c: Token) -> bool:
    """"pulled out of East Timor", "pulled its troops out of Moldova", "handed
    a suspect over to Spain": a particle right after the verb or its object
    that the parser made a preposition with no object, and a preposition of
    its own or the tag of a particle."""
    after = c.i == verb.i + 1 or any(o.dep_ == "dobj" and o.right_edge.i + 1 == c.i for o in verb.children)
    return (c.dep_ == "prep" and c.lower_ in SEPARATING_PARTICLES and after
            and not any(o.dep_ == "pobj" for o in c.children) and (c.tag_ == "RP" or any(o.dep_ == "prep" for o in c.children)))


def _after_object_phrase(verb: Token, c: Token) -> bool:
    """"ordered the attaché in Quito out": the particle right after a phrase
    the parser hung on the verb between its object and the particle."""
    objs = [o for o in verb.children if o.dep_ == "dobj"]
    return bool(objs) and any(p.dep_ == "prep" and p.i > objs[0].i and p.right_edge.i + 1 == c.i for p in verb.children)


def particle_of(verb: Token) -> str | None:
    """The verb's particle: "called off", "pull back" (the parser sometimes
    makes the particle an adverb right after the verb, or after its object:
    "pushed the crowd back")."""
    for c in verb.children:
        if c.dep_ == "prt":
            return c.lower_
        if _particle_as_preposition(verb, c):
            return c.lower_
        if c.dep_ == "advmod" and c.lower_ in SEPARATING_PARTICLES and (
            c.i == verb.i + 1 or any(o.dep_ == "dobj" and o.right_edge.i + 1 == c.i for o in verb.children)
            or _after_object_phrase(verb, c)
        ):
            return c.lower_
    return None


def match_verb(verb: Token) -> CameoMatch | None:
    """The CAMEO reading of ``verb`` in its clause, or None (no entry, or no event)."""
    table = dictionaries.verbs()
    entries = table.blocks_of(verb.lemma_.lower())
    if not entries:
        return None
    prt = particle_of(verb)
    subjects = _logical_subjects(verb)
    usable = [e for e in sorted(entries, key=lambda e: e[0] is None)
              if e[0] == prt or (e[0] is None and prt not in SEPARATING_PARTICLES)]
    if not usable:
        return None
    words = _clause_words(verb, subjects)
    # The first block with a fitting pattern decides; else the first block
    # whose verb has a code of its own. User and team dictionaries come
    # first, so they can add and override ("- * [---]" silences a verb).
    chosen = None
    for particle, default, block in usable:
        fitting = (p for p in table.candidates(block, words) if _fits(p, verb, subjects))
        best = max(fitting, key=lambda p: p.weight, default=None)
        if best is not None:
            chosen = (particle, best.code, best.target, best.line, best.reversed)
            break
    if chosen is None:
        coded = [(particle, default, block) for particle, default, block in usable if default is not None]
        if not coded:
            return None
        particle, default, block = coded[0]
        own_reverse = block in table.reversed_blocks and default == table.blocks[block][0]
        chosen = (particle, default, None, f"verb {verb.lemma_.lower()}", own_reverse)
    particle, code, target, where, reverse = chosen
    reading = plover(code)
    if reading is None:
        return None  # "EARTHQUAKE *": this context is no event
    default = SOURCE_SLOTS if reverse else DEFAULT_SLOTS
    slots = (target, *[s for s in default if s != target]) if target and target != "dobj" else default
    return CameoMatch(code, reading[0], reading[1], slots, particle, where, not where.startswith("verb "), reverse)
