"""Readers for the PETRARCH dictionary format (the event-data field's own): verbs.

``read_verbs(lines, name)`` reads a CAMEO verb dictionary: synonym sets
(``&CURRENCY`` then ``+WORD`` lines), verb blocks (``--- KILL [190] ---``,
then one verb per line, then ``- pattern [code]`` lines) into plain records
that the event extractor matches against a dependency parse. The phrase
lists (agents, actors, discards) are read by ``petrarch_lists``, with the
line helpers defined here.

The format is described in PETRARCH2's ``dictionaries.rst``. Patterns are
read the way a dependency parse can use them: the words before ``*`` must
head (or modify) the clause's subject, the words after it its object, and
``(PREP NOUN)`` groups a prepositional phrase of the verb; ``+`` marks where
the target is, ``$`` the source. A malformed line raises ``DictionaryError``
naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from lemminflect import getLemma

# English prepositions: a bare word of this closed class in a pattern opens
# a prepositional phrase ("* FROM $ TO +").
PREPOSITIONS = frozenset(
    "about above across after against along amid among around as at before behind below beneath beside "
    "between beyond by despite during for from in inside into near of off on onto outside over past "
    "since through throughout to toward towards under until upon via with within without".split()
)
_CODE = re.compile(r"\[([^\]]*)\]")


class DictionaryError(ValueError):
    """A dictionary line that cannot be read: ``file:line: what``."""


@dataclass(frozen=True)
class Phrase:
    """A noun phrase of a pattern: its head word and the words before it.

    ``heads`` holds the alternatives a synset gives (``&WEAPON``).
    """

    heads: tuple[str, ...]
    modifiers: tuple[str, ...] = ()
    marker: str | None = None  # "$" source, "+" target, or None
    # Heads that a synset gives only as the last word of a longer name, each
    # with the words that must come before it ("fire" of CEASE_FIRE needs "cease").
    compound_heads: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class VerbPattern:
    """``- $ * (AGAINST +) [1823]``: what must surround the verb for ``code``."""

    code: str | None  # CAMEO code; None: this context is no event ("EARTHQUAKE *")
    subject: tuple[Phrase, ...] = ()
    object: tuple[Phrase, ...] = ()
    preps: tuple[tuple[str, Phrase | None], ...] = ()
    target: str | None = None  # "dobj", a preposition, or None
    line: str = ""  # "CAMEO.2.0.txt:8821", for messages and tests
    # ``[:071]``: the code is only the reverse event, done to the subject by
    # the target ("* LOAN (FROM)" under RECEIVE: the lender aids the subject).
    reversed: bool = False

    @property
    def weight(self) -> int:
        """How much context the pattern asks for: the more, the more specific."""
        return len(self.subject) + len(self.object) + 2 * len(self.preps)


@dataclass
class VerbDictionary:
    """Verb lemma (and particle) -> its block's patterns and default code."""

    verbs: dict[str, list[tuple[str | None, str | None, int]]] = field(default_factory=dict)
    blocks: list[tuple[str | None, tuple[VerbPattern, ...]]] = field(default_factory=list)
    synsets: dict[str, list[str]] = field(default_factory=dict)  # "WEAPON" -> its phrases, lowercase
    reversed_blocks: set[int] = field(default_factory=set)  # blocks whose own code is a reverse one ("--- DIE [:190] ---")

    _index: dict[int, dict[str, list[int]]] = field(default_factory=dict, repr=False, compare=False)

    def entries(self, lemma: str) -> list[tuple[str | None, str | None, tuple[VerbPattern, ...]]]:
        """(particle, default code, patterns) for each block the lemma heads."""
        return [(prt, code, self.blocks[b][1]) for prt, code, b in self.verbs.get(lemma, ())]

    def blocks_of(self, lemma: str) -> list[tuple[str | None, str | None, int]]:
        """(particle, default code, block number) for each block the lemma heads."""
        return self.verbs.get(lemma, [])

    def candidates(self, block: int, words: set[str]) -> list[VerbPattern]:
        """The block's patterns that can fit a clause with these words, in file order.

        Each pattern is indexed under one word it cannot do without (a head
        of its object, its preposition, or a head of its subject), so a
        clause reads a few patterns, not the block's hundreds.
        """
        index = self._index.get(block)
        if index is None:
            index = self._index[block] = _anchor_index(self.blocks[block][1])
        found = set(index.get("", ()))
        for w in words:
            found.update(index.get(w, ()))
        patterns = self.blocks[block][1]
        return [patterns[i] for i in sorted(found)]


def _anchor_index(patterns: tuple[VerbPattern, ...]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for i, p in enumerate(patterns):
        if p.object and p.object[0].marker is None:
            anchors = p.object[0].heads
        elif p.preps:
            anchors = (p.preps[0][0],)
        elif p.subject and p.subject[0].marker is None:
            anchors = p.subject[0].heads
        else:
            anchors = ("",)  # asks for nothing a word could index: always read
        for a in anchors:
            index.setdefault(a, []).append(i)
    return index


def strip_comment(line: str) -> str:
    """The line without its ``#`` comment."""
    return line.split("#", 1)[0].rstrip()


def _code(text: str) -> str | None:
    """'[190]' -> '190'; '[042:043]' -> '042'; '[---]' and '[:071]' -> None."""
    return _codes(text)[0]


def _codes(text: str) -> tuple[str | None, str | None]:
    """The forward and reverse codes of '[a:b]' ('[042:043]' -> ('042', '043'))."""
    m = _CODE.search(text)
    if m is None:
        return None, None
    forward, _, backward = m.group(1).partition(":")
    return tuple(None if not c.strip() or c.strip().startswith("-") else c.strip() for c in (forward, backward))


def words_of(phrase: str) -> list[str]:
    """A dictionary phrase's words, lowercase ("RIOT_POLICE" -> ["riot", "police"])."""
    return [w for w in phrase.lower().replace("_", " ").split() if w]


def read_verbs(lines: Iterable[str], name: str, strict: bool = True) -> VerbDictionary:
    """Parse a PETRARCH verb dictionary (see the module docstring).

    ``strict=False`` skips lines that cannot be read instead of raising (the
    published dictionary has a few such patterns).
    """
    synsets: dict[str, list[str]] = {}
    out = VerbDictionary()
    current: str | None = None  # synset being read
    block_code: str | None = None
    block_reversed = False
    block_verbs: list[tuple[str, str | None, str | None]] = []
    block_patterns: list[VerbPattern] = []

    def close_block() -> None:
        if not block_verbs:
            return
        out.blocks.append((block_code, tuple(block_patterns)))
        index = len(out.blocks) - 1
        if block_reversed:
            out.reversed_blocks.add(index)
        for lemma, particle, code in block_verbs:
            out.verbs.setdefault(lemma, []).append((particle, code or block_code, index))

    for number, raw in enumerate(lines, 1):
        where = f"{name}:{number}"
        line = strip_comment(raw)
        if not line.strip():
            current = None
            continue
        text = line.strip()
        if text.startswith("&"):
            current = text[1:].split()[0].rstrip("_").upper()
            synsets[current] = []
        elif text.startswith("+") and current is not None:
            synsets[current].append(" ".join(words_of(text[1:].rstrip("_"))))
        elif text.startswith("---"):
            close_block()
            forward, backward = _codes(text)
            block_reversed = forward is None and backward is not None
            block_code, block_verbs, block_patterns = forward or backward, [], []
        elif text.startswith("-"):
            try:
                if not block_verbs:
                    raise DictionaryError(f"{where}: a pattern before any verb")
                block_patterns.append(_pattern(text[1:], synsets, where))
            except DictionaryError:
                if strict:
                    raise
        elif text.startswith("~"):
            continue  # verb-verb transformations: read as combinations by the extractor
        else:
            verb = _verb_line(text, where)
            if verb is not None:
                block_verbs.append(verb)
    close_block()
    out.synsets = synsets
    return out


def _verb_line(text: str, where: str) -> tuple[str, str | None, str | None] | None:
    """'+SHOOT_DOWN {...} [190]' -> ('shoot', 'down', '190'); 'MURDER [190]' -> ('murder', None, '190')."""
    code = _code(text)
    head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", text).split()
    if not head:
        raise DictionaryError(f"{where}: a verb line without a verb")
    word = head[0]
    if not word.startswith("+"):
        if "_" in word:
            return None  # a phrase with no marked verb: cannot be told from a noun
        return word.lower(), None, code
    parts = word[1:].split("_")
    marked = [i for i, p in enumerate(parts) if p.startswith("+")]
    verb_at = marked[0] if marked else 0
    if verb_at != 0 or len(parts) > 2:
        return None  # pre-compounded ("WIRE_+TAP") or long phrases: not a verb and particle
    particle = parts[1].lower() if len(parts) == 2 else None
    if particle in ("and", "or"):
        return None  # "+KILLED_AND": a coordination, not a phrasal verb
    return parts[0].lstrip("+").lower(), particle, code


def _tokens(body: str) -> list[str]:
    """Split a pattern body into words, '{...}' phrases and '(...)' groups."""
    return re.findall(r"\([^)]*\)|\{[^}]*\}|\*|[^\s(){}*]+", body)


def _phrase(token: str, synsets: dict[str, list[str]], where: str) -> Phrase:
    marker = token if token in ("$", "+") else None
    if marker:
        return Phrase((), (), marker)
    words = token.strip("{}").split()
    heads: list[str] = []
    compounds: tuple[tuple[str, tuple[str, ...]], ...] = ()
    last = words[-1] if words else ""
    if last.startswith("&"):
        label = last[1:].rstrip("_").upper()
        if label not in synsets:
            raise DictionaryError(f"{where}: synset &{label} used before it is defined")
        heads = [s.split()[-1] for s in synsets[label]]
        single = {m for m in synsets[label] if " " not in m}
        compounds = tuple(sorted((m.split()[-1], tuple(m.split()[:-1])) for m in synsets[label]
                                 if " " in m and m.split()[-1] not in single))
    else:
        heads = [" ".join(words_of(last))]
    mods: list[str] = []
    for w in words[:-1]:
        if w.startswith("&"):
            label = w[1:].rstrip("_").upper()
            if label not in synsets:
                raise DictionaryError(f"{where}: synset &{label} used before it is defined")
            continue  # a synset modifier: any of its words; not required
        if w not in ("$", "+", "%", "^"):
            mods += words_of(w)
    heads += [_noun_lemma(h) for h in heads if " " not in h]
    return Phrase(tuple(sorted(set(h for h in heads if h))), tuple(mods), None, compounds)


@cache
def _noun_lemma(word: str) -> str:
    """The dictionary's plural stands for its singular too ("BURN * HOUSES"
    codes "burned a house"): a parse is matched by lemma."""
    lemmas = getLemma(word, upos="NOUN")
    return lemmas[0].lower() if lemmas else word


def _pattern(body: str, synsets: dict[str, list[str]], where: str) -> VerbPattern:
    code_at = body.find("[")
    if code_at < 0:
        raise DictionaryError(f"{where}: a pattern without a [code]")
    code, reverse = _codes(body[code_at:])
    # A dual code ('[042:043]') stays its forward event; a reverse code alone is the pattern's event.
    reversed_only = code is None and reverse is not None
    tokens = _tokens(body[:code_at])
    if "*" not in tokens:
        raise DictionaryError(f"{where}: a pattern without '*' (the verb's place)")
    star = tokens.index("*")
    subject = tuple(_phrase(t, synsets, where) for t in tokens[:star] if t not in ("%", "^", "$", "+") and not t.startswith("("))
    obj: list[Phrase] = []
    preps: list[tuple[str, Phrase | None]] = []
    target = None
    after = [t for t in tokens[star + 1 :] if t not in ("%", "^")]
    i = 0
    while i < len(after):
        tok = after[i]
        if tok.startswith("("):
            inner = _tokens(tok[1:-1])
            if not inner:
                i += 1
                continue
            prep = " ".join(words_of(inner[0]))
            noun = _phrase(inner[1], synsets, where) if len(inner) > 1 else None
            if noun is not None and noun.marker == "+":
                target = target or prep
            preps.append((prep, None if noun is None or noun.marker else noun))
        elif tok.lower() in PREPOSITIONS and i + 1 < len(after):
            noun = _phrase(after[i + 1], synsets, where)
            if noun.marker == "+":
                target = target or tok.lower()
            preps.append((tok.lower(), None if noun.marker else noun))
            i += 1
        elif tok == "+":
            target = target or "dobj"
        elif tok != "$":
            obj.append(_phrase(tok, synsets, where))
        i += 1
    return VerbPattern(reverse if reversed_only else code, subject, tuple(obj), tuple(preps), target, where, reversed_only)
