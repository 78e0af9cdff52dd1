"""The plain records every stage passes to the next.

Data flows one way: ``Article`` -> (spaCy ``Doc``) -> ``Mention`` -> ``Entity``
-> ``Event`` -> ``KnowledgeGraph``. Nothing here holds a live spaCy object, so
every record can be pickled across worker processes and compared in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Entity types, as named in the ontology (``gb:Person`` ...).
PERSON = "Person"
COUNTRY = "Country"
ORGANIZATION = "Organization"
IGO = "IGO"
PLACE = "Place"
# An actor the text does not name ("37 people were arrested"): recorded, of a
# country where the text says where, never guessed.
UNIDENTIFIED = "Unidentified"
ENTITY_TYPES = (PERSON, COUNTRY, ORGANIZATION, IGO, PLACE, UNIDENTIFIED)

# Event statuses: only "asserted" says the event happened.
ASSERTED = "asserted"
PLANNED = "planned"
POSSIBLE = "possible"
NEGATED = "negated"
STATUSES = (ASSERTED, PLANNED, POSSIBLE, NEGATED)


@dataclass(frozen=True)
class Article:
    """One news article as read from a file.

    ``origin`` names where it came from ("file.jsonl:3") for messages.
    ``date`` is an ISO date (YYYY-MM-DD) or None when unknown.
    """

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str = ""
    dateline: str | None = None  # the place of a dateline ("BRUSSELS -"), as written


@dataclass(frozen=True)
class Mention:
    """A span of an article that names (or stands for) an actor or place.

    ``start``/``end`` are character offsets into ``Article.text``.
    ``country`` is the ISO 3166-1 alpha-3 code the mention is tied to
    ("IGO" for intergovernmental bodies), ``role`` a title such as
    "Secretary of State", ``key`` the resolution key assigned by ``resolve``.
    """

    doc_id: str
    text: str
    start: int
    end: int
    type: str
    label: str
    country: str | None = None
    role: str | None = None
    key: str = ""
    sector: str | None = None  # CAMEO agent code of a generic actor ("COP")


@dataclass(frozen=True)
class Entity:
    """One real-world actor or place: one node of the graph.

    ``key`` is stable across runs ("country/USA", "person/antony-blinken") and
    is what IRIs are minted from.
    """

    key: str
    label: str
    type: str
    country: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    located_in: str | None = None  # key of the country a place lies in
    sector: str | None = None  # CAMEO agent code of a generic actor ("COP": police)


@dataclass(frozen=True)
class Evidence:
    """Where an event was read: document, sentence and character offsets."""

    doc_id: str
    sentence: str
    start: int
    end: int
    trigger: str = ""
    source: str | None = None
    url: str | None = None
    published: str | None = None
    attribution: str | None = None  # who reported it ("the State Department")


@dataclass(frozen=True)
class Event:
    """Who did what to whom, when, with the words that coded it.

    ``actor``/``recipient`` are ``Entity.key`` values. ``predicate`` names the
    action in plain words ("visits") for the direct actor->recipient edge.
    """

    type: str
    actor: str
    recipient: str | None
    status: str
    predicate: str
    mode: str | None = None
    date: str | None = None
    date_text: str | None = None
    evidence: tuple[Evidence, ...] = ()
    id: str = ""
    location: str | None = None  # key of the place (or country) where it happened
    actor_sector: str | None = None  # CAMEO agent code of the actor as named ("MIL": troops)
    recipient_sector: str | None = None

    @property
    def source_count(self) -> int:
        return len({ev.doc_id for ev in self.evidence})


@dataclass
class KnowledgeGraph:
    """Resolved entities and corroborated events of a whole corpus."""

    entities: dict[str, Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    articles: dict[str, Article] = field(default_factory=dict)  # metadata; text dropped
    mentions: list[Mention] = field(default_factory=list)  # every resolved mention, by doc
    triples: list = field(default_factory=list)  # open triples (triples.record.Triple), by doc
    rdf_triples: str = "entities"  # which of them RDF holds: all, entities (both arguments), none
