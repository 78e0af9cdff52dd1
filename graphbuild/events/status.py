"""Whether an event took place, and who says so.

``status`` reads a verb's clause and the verbs governing it: asserted,
planned ("will meet", "plans to visit"), possible ("may strike") or
negated ("did not attend", "refused to sign"); the worst reading wins.
``attribution`` finds who the text says reports it ("according to ...",
"X said that ..."). Word lists: ``[status]`` of data/events.toml.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.events.lexicon import Lexicon
from graphbuild.events.syntax import children, particle_phrase, phrase
from graphbuild.records import ASSERTED, NEGATED, PLANNED, POSSIBLE

_STATUS_RANK = {ASSERTED: 0, PLANNED: 1, POSSIBLE: 2, NEGATED: 3}


def worse(a: str, b: str) -> str:
    """The less certain of two statuses (negated > possible > planned > asserted)."""
    return a if _STATUS_RANK[a] >= _STATUS_RANK[b] else b


def status(verb: Token, imposed: str | None, lex: Lexicon) -> str:
    """The status of the event ``verb`` codes; ``imposed`` by a light verb ("postponed the visit")."""
    st = own_status(verb, lex)
    node = verb
    for _ in range(6):
        if conditional(node, lex):
            st = worse(st, POSSIBLE)  # "if he refused to cede power": a condition, not a report
        # Governing verbs: "expects to meet", "refused to attend", "did not agree to meet".
        if node.dep_ == "conj" and node.tag_ in ("VBD", "VBZ"):
            break  # "would study the offer but demanded ...": a finite verb of its own tense
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in lex.status["permitting"]:
            node = node.head  # "refused to let Paris use its airfields": as refused as the letting
            st = worse(st, own_status(node, lex))
            continue
        if node.dep_ in ("xcomp", "conj") and node.head != node:
            gov = node.head
            lemma = gov.lemma_.lower()
            if node.dep_ == "xcomp":
                if lemma in lex.status["negated"] or particle_phrase(gov) in lex.status["negated"]:
                    st = worse(st, NEGATED)
                elif lemma in lex.status["planned"]:
                    st = worse(st, PLANNED)
            if node.dep_ == "xcomp" or not children(node, "aux", "neg"):
                st = worse(st, own_status(gov, lex))
            node = gov
            continue
        if node.dep_ == "advcl" and any(a.tag_ == "TO" for a in children(node, "aux")):
            # A purpose clause shares its verb's status: "will travel ... to meet Biden".
            node = node.head
            st = worse(st, own_status(node, lex))
            continue
        break
    # "China's refusal to condemn Russia", "plans to visit Kyiv".
    if node.dep_ == "acl" and node.head.pos_ == "NOUN":
        st = worse(st, lex.noun_status.get(node.head.lemma_.lower(), ASSERTED))
    if imposed:
        st = worse(st, imposed)
    return st


def conditional(clause: Token, lex: Lexicon) -> bool:
    """Is ``clause`` an "if" or "unless" clause (``[status] conditional_marks``)?"""
    return clause.dep_ == "advcl" and any(m.lower_ in lex.status["conditional_marks"] for m in children(clause, "mark"))


def own_status(verb: Token, lex: Lexicon) -> str:
    """The status the verb's own negation, auxiliaries and adverbs give."""
    st = ASSERTED
    if children(verb, "neg"):
        return NEGATED
    for aux in children(verb, "aux", "auxpass"):
        low = aux.lower_.replace("’", "'")
        if low in lex.status["modal_planned"] or (low in ("is", "are", "was", "were") and _following_to(verb, aux)):
            st = worse(st, PLANNED)
        elif low == "would" and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in lex.status["reporting"]:
            st = worse(st, PLANNED)  # "said Berlin would send": reported intent
        elif low in lex.status["modal_possible"]:
            st = worse(st, POSSIBLE)
    for adv in children(verb, "advmod"):
        if adv.lower_ in lex.status["adverb_possible"]:
            st = worse(st, POSSIBLE)
    return st


def _following_to(verb: Token, aux: Token) -> bool:
    # "is to visit", "was due to meet" are plans; not passives or progressives.
    return verb.tag_ == "VB"


def attribution(verb: Token, lex: Lexicon) -> str | None:
    """Who the text says reports the event: "according to X", "X said that ..."."""
    node = verb
    for _ in range(8):
        for prep in children(node, "prep"):
            if prep.lower_ == "according":
                objs = [p for to in children(prep, "prep") for p in children(to, "pobj")]
                if objs:
                    return phrase(objs[0])
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in lex.status["reporting"]:
            subj = children(node.head, "nsubj")
            if subj and subj[0].lower_ not in ("it", "he", "she", "they", "i", "we"):
                return phrase(subj[0])
        if node.head == node:
            break
        node = node.head
    return None
