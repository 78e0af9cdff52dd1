"""Open triples: subject - predicate - object of every clause, in the text's words.

``open_triples(doc)`` reads them off a parsed Doc as token indices
(``extract.py``, built on ``clauses.py`` and ``phrases.py``);
``document_triples`` turns them into plain ``Triple`` records linked to the
resolved entities (``record.py``); ``score.py`` scores them against a gold
file.
"""

from graphbuild.triples.extract import RawTriple, open_triples, sentence_triples

__all__ = ["RawTriple", "open_triples", "sentence_triples"]
