"""What the event rules read one sentence with.

A ``Sentence`` holds the parsed sentence and its document, the resolved
actor of each token, the document's entities, the lexicon and the
sentence's DATE entities. The rules of triggers, actors, status and dates
take one and give plain values; only ``actors.country`` and
``actors.unidentified`` add to ``entities`` (the document's working copy,
never the resolver's), and ``extract_events`` reports what they added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span

from graphbuild.events.lexicon import Lexicon
from graphbuild.records import Entity


@dataclass(eq=False)
class Sentence:
    doc: Doc
    sent: Span
    keys: dict[int, str]  # token index in the Doc -> entity key
    entities: dict[str, Entity]  # the document's entities, with those its events introduce
    lex: Lexicon
    dates: list[Span] = field(default_factory=list)  # the sentence's DATE entities
    told: list = field(default_factory=list)  # the events of the document's sentences before this one

    @cached_property
    def reports_accident(self) -> bool:
        """Does the sentence tell of nature or an accident (a storm, a crash)?"""
        nouns, verbs = self.lex.unnamed["accidents"], self.lex.unnamed["accident_verbs"]
        return any(
            (t.pos_ in ("NOUN", "PROPN") and (t.lemma_.lower() in nouns or t.lower_ in nouns) and not self._of_event(t))
            or (t.pos_ == "VERB" and t.lemma_.lower() in verbs)
            for t in self.sent
        )  # "stormed a hotel" is no storm

    def _of_event(self, noun) -> bool:
        """'an outbreak of fighting', 'a wave of arrests': the word frames an event, it is no accident."""
        return any(o.lemma_.lower() in self.lex.noun_heads for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj")
