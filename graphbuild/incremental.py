"""Building into a store: only the articles it does not hold yet are parsed.

Takes a stream of ``Article`` objects and a ``GraphStore`` (anything with
its ``stored(doc_id)``); gives the stream of articles still to parse, and
counts what it read and passed over. ``graphbuild build --store`` runs its
articles through ``NewArticles``, then hands the results and ``hashes`` to
``GraphStore.add``::

    new = NewArticles(read_articles(paths), store)
    store.add(iter_results(new, nlp=nlp), new.hashes)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from graphbuild.ingest.skips import Skip
from graphbuild.records import Article
from graphbuild.store.results import text_hash


def changed_text_skip(article: Article, stored_from: str | None) -> Skip:
    """The message for an article whose id a store holds with another text,
    kept as stored.

    >>> str(changed_text_skip(Article(id="a", text="x", origin="new.jsonl:1"), "old.jsonl:4"))
    "new.jsonl:1: document id 'a' is already in the store with another text (stored from old.jsonl:4); kept the stored one (--replace takes the new one)"
    """
    return Skip(article.origin, f"document id {article.id!r} is already in the store with another text "
                f"(stored from {stored_from}); kept the stored one (--replace takes the new one)")


class NewArticles:
    """The articles of ``articles`` that ``store`` does not hold yet, as a
    stream read once (all of them when ``store`` is None).

    A stored id is passed over and counted in ``already``; if its text
    changed, that is reported to ``on_skip`` too, unless ``replace`` is set:
    then the article is new and will take the stored one's place. ``read``
    counts every article read; ``hashes`` maps each new article's id to its
    ``text_hash`` (with a store), for ``GraphStore.add``.
    """

    def __init__(
        self,
        articles: Iterable[Article],
        store=None,
        *,
        replace: bool = False,
        on_skip: Callable[[Skip], None] | None = None,
    ):
        self._articles = articles
        self._store = store
        self._replace = replace
        self._on_skip = on_skip
        self.read = 0
        self.already = 0
        self.hashes: dict[str, str] = {}

    def __iter__(self) -> Iterator[Article]:
        for article in self._articles:
            self.read += 1
            if self._store is not None:
                digest = text_hash(article.text)
                if self._passed_over(article, digest):
                    self.already += 1
                    continue
                self.hashes[article.id] = digest
            yield article

    def _passed_over(self, article: Article, digest: str) -> bool:
        """Whether the store keeps its own document for ``article``'s id."""
        stored = self._store.stored(article.id)
        if stored is None:
            return False
        stored_hash, stored_from = stored
        same = stored_hash in (None, digest)  # stores written before fingerprints: taken as the same
        if not same and self._replace:
            return False
        if not same and self._on_skip is not None:
            self._on_skip(changed_text_skip(article, stored_from))
        return True
