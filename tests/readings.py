"""One article built with the session's model, and its events as labels.

The extraction tests read a sentence of their own and compare what comes
out as (type, actor label, recipient label) triples:

    assert ("SANCTION", "Canada", "Venezuela") in read(nlp, "Canada imposed ...")
"""

from __future__ import annotations

from graphbuild.pipeline import build
from graphbuild.records import Article


def graph_of(nlp, text: str, date: str = "2024-05-01"):
    """The knowledge graph of one article ``text`` dated ``date``."""
    return build([Article("d", text, date)], nlp=nlp)


def labelled(kg) -> set[tuple]:
    """Each event of ``kg`` as (type, actor label, recipient label or None)."""
    label = {k: e.label for k, e in kg.entities.items()}
    return {(ev.type, label[ev.actor], label.get(ev.recipient)) for ev in kg.events}


def read(nlp, text: str, date: str = "2024-05-01") -> set[tuple]:
    """The labelled events of one article."""
    return labelled(graph_of(nlp, text, date))
