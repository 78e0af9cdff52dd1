"""Small readings of the dependency parse that the event rules share.

Each takes spaCy tokens and gives tokens (or a word): a verb's objects,
the words filling a recipient slot, conjuncts and appositions, a verb's
infinitive complements, a phrase's text. No lexicon, no entities.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.events.cameo import misread_subjects, particle_of
from graphbuild.events.lexicon import grammar

RECIPROCALS = grammar()["reciprocals"]
DISTRIBUTIVES = grammar()["distributives"]


def children(tok: Token, *deps: str) -> list[Token]:
    """The children of ``tok`` under any of ``deps``, in order."""
    return [c for c in tok.children if c.dep_ in deps]


def objects(verb: Token) -> list[Token]:
    """A verb's objects; a passive's subject when it has none ("talks were
    held"), and the noun a passive relative clause or participle qualifies
    ("the envoy, who was detained", "villagers kidnapped by ...")."""
    objs = children(verb, "dobj", "obj") + misread_subjects(verb)
    if not objs:  # "sealed off the West Bank": the parser made the particle a preposition
        objs = [o for p in children(verb, "prt") for o in children(p, "pobj")]
    if not objs and any(c.dep_ == "nsubjpass" for c in verb.children):
        objs = children(verb, "nsubjpass")
        if verb.dep_ == "relcl" and objs[0].lower_ in grammar()["relative_pronouns"]:
            objs = [verb.head]
    if not objs and verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN"):
        objs = [verb.head]
    if not objs and not children(verb, "prep", "prt", "ccomp", "xcomp"):
        # "beat and detained dozens": two verbs sharing the second's object.
        objs = [o for c in children(verb, "conj") if c.pos_ == "VERB" and c.i > verb.i for o in children(c, "dobj")]
    return objs


def lemma_is(tok: Token, lemma: str) -> bool:
    """Is ``tok`` this word, whatever its lemma, form or plural?"""
    return tok.lemma_.lower() == lemma or tok.lower_ == lemma or tok.lower_.rstrip("s") == lemma


def slot_tokens(head: Token, slot: str, verb: Token) -> list[Token]:
    """Tokens filling a recipient slot of ``head`` (or of the clause's verb)."""
    carriers = [head] if head == verb else [head, verb]
    out: list[Token] = []
    for c in carriers:
        if slot == "dobj":
            if c == verb:
                out += [t for t in objects(c) if t != head]
        elif slot == "dative":
            out += children(c, "dative", "iobj")
            out += [p for d in children(c, "dative") for p in children(d, "pobj")]
        elif slot == "ccomp":
            # a noun's "that" clause the parser made a modifier: "Lima's demand that Quito pull back"
            marked = [a for a in children(c, "acl") if children(a, "mark")] if c.pos_ == "NOUN" else []
            for cl in children(c, "ccomp") + marked:
                out += children(cl, "nsubj", "nsubjpass")
        else:
            for p in _slot_preps(c, slot, verb) or _stranded_preps(c, slot):
                out += [o for o in children(p, "pobj") if not _absolute(p, o)] or _participle_object(p)
        if out:
            break
    return out


def _absolute(prep: Token, obj: Token) -> bool:
    """"fought in Khartoum, with residents reporting shelling": ", with" and
    a noun doing something sets a scene; it names no one fought with (not
    "fought with militants armed with rifles")."""
    after_comma = prep.i > 0 and prep.doc[prep.i - 1].text == ","
    return prep.lower_ == "with" and after_comma and any(c.dep_ == "acl" and c.tag_ in ("VBG", "VBN") for c in obj.children)


def _participle_object(prep: Token) -> list[Token]:
    """"fired on fleeing civilians": the parser read the participle before
    the noun as a gerund taking it as object; the noun is the preposition's."""
    gerunds = [g for g in children(prep, "pcomp") if g.tag_ == "VBG" and g.i == prep.i + 1]
    return [o for g in gerunds for o in children(g, "dobj") if o.i == g.i + 1]


def _stranded_preps(noun: Token, slot: str) -> list[Token]:
    """"denounced the raids on Jenin": the parser hung the phrase right
    after an object noun on the verb; the noun's slot reads it there. An
    event noun subject of a verb with no object ("rockets rained down on
    the city", "shells fell on a market") has its slots in the verb's phrases."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return []
    verb = noun.head
    if noun.dep_ == "nsubj" and verb.pos_ == "VERB" and not children(verb, "dobj", "ccomp", "xcomp"):
        return [p for p in verb.children if p.dep_ == "prep" and p.i > verb.i and p.lower_ == slot]
    if noun.dep_ != "dobj":
        return []
    after = noun.right_edge.i + 1
    return [p for p in verb.children if p.dep_ == "prep" and p.i == after and p.lower_ == slot]


def _slot_preps(c: Token, slot: str, verb: Token) -> list[Token]:
    """The prepositions ``slot`` of a slot carrier, wherever the parse hung them."""
    preps = [p for p in c.children if p.dep_ in ("prep", "agent", "prt", "dative") and p.lower_ == slot]
    # "pulled out of Syria": the preposition hangs off the particle.
    preps += [p for prt in children(c, "prt") for p in children(prt, "prep") if p.lower_ == slot]
    # ... or off the particle the parser made a preposition ("pulled out of", see cameo.particle_of).
    preps += [p for prt in children(c, "prep") if particle_of(c) == prt.lower_ and not children(prt, "pobj")
              for p in children(prt, "prep") if p.lower_ == slot]
    # "the visit to China": the preposition hangs off the object noun, or off
    # its last conjunct ("used water cannon and pepper spray against them").
    if c == verb:
        preps += [p for o in objects(c) for n in (o, *o.conjuncts) for p in children(n, "prep") if p.lower_ == slot]
        # "pledged $70 million in aid to Honduras": the preposition hangs off what the amount measures
        preps += [p for o in objects(c) if o.pos_ == "NUM" or o.ent_type_ == "MONEY"
                  for m in children(o, "prep") if m.lower_ in ("in", "of") for n in children(m, "pobj")
                  for p in children(n, "prep") if p.lower_ == slot]
        # "signed agreements normalizing ties with Israel"
        preps += [p for o in objects(c) for a in children(o, "acl") for p in children(a, "prep") if p.lower_ == slot]
        preps += [p for o in objects(c) for a in children(o, "acl") for d in objects(a) for p in children(d, "prep") if p.lower_ == slot]
    return preps


def expand(tokens: list[Token]) -> list[Token]:
    """Add conjuncts and appositions: 'China and Russia', 'his counterpart, Qin Gang'."""
    seen: list[Token] = []
    stack = list(tokens)
    while stack:
        t = stack.pop(0)
        if t in seen:
            continue
        seen.append(t)
        stack += children(t, "conj", "appos")
    return seen


def infinitives(verb: Token) -> list[Token]:
    """Infinitive complements: "threatened to impose" (the parser sometimes
    makes "to impose" an adverbial clause rather than a complement)."""
    return [c for c in verb.children if c.dep_ == "xcomp" or (c.dep_ == "advcl" and any(a.tag_ == "TO" for a in c.children))]


def own_subtree(tok: Token) -> list[Token]:
    """A phrase's tokens without its conjuncts ("Wang Yi, and possibly Xi": Wang Yi only)."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack += [c for c in t.children if c.dep_ not in ("conj", "cc", "appos")]
    return out


def particle_phrase(verb: Token) -> str:
    """The verb's lemma with its particle: "call off", "meet"."""
    prt = particle_of(verb)
    return f"{verb.lemma_.lower()} {prt}" if prt else verb.lemma_.lower()


def phrase(tok: Token) -> str:
    """The text of the phrase ``tok`` heads, without relative clauses (at most 200 characters)."""
    words = [t for t in tok.subtree if t.dep_ not in ("relcl", "punct") and not t.is_space]
    text = " ".join(t.text for t in words)
    return text[:200]


def each_other(verb: Token) -> bool:
    """'accused each other', 'blamed one another': a reciprocal object; or
    'each side blamed the other (side)': a distributive subject and "the other"."""
    said = objects(verb) + [p for prep in children(verb, "prep") for p in children(prep, "pobj")]
    if any(any(f"{c.lower_} {o.lower_}" in RECIPROCALS for c in o.children if c.i == o.i - 1) for o in said):
        return True
    return any(one_of_each(sub) for sub in children(verb, "nsubj")) and any(_the_other(o) for o in said)


def one_of_each(tok: Token) -> bool:
    """'each side', 'either country': one of a pair, each in turn."""
    return tok.tag_ in ("NN", "NNP") and any(c.dep_ == "det" and c.lower_ in DISTRIBUTIVES for c in tok.children)


def _the_other(tok: Token) -> bool:
    """'the other', 'the other side'."""
    return tok.lower_ == "other" or any(c.lower_ == "other" for c in tok.children if c.dep_ == "amod")
