"""Entity keys: the one place that spells them.

A key names one actor or place across the corpus; resolution merges
mentions that share one, and the RDF IRI of an entity is minted from it.
Its first segment is its kind, so a key can be read without its record::

    >>> country_key("FRA"), agent_key("IRQ", "COP"), agent_key(None, "REB")
    ('country/FRA', 'agent/IRQ/COP', 'agent/XXX/REB')
    >>> person_key("Antony Blinken"), org_key("USA", "State Department")
    ('person/antony-blinken', 'org/USA/state-department')
"""

from __future__ import annotations

import re
import unicodedata

# The country segment of an agent or unidentified actor the text places nowhere.
NO_COUNTRY = "XXX"


def slug(text: str) -> str:
    """A readable key fragment: ASCII letters/digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out or "x"


def country_key(code: str) -> str:
    """A country, by ISO 3166-1 alpha-3 code."""
    return f"country/{code}"


def person_key(name: str) -> str:
    """A named person."""
    return f"person/{slug(name)}"


def office_key(code: str | None, title: str) -> str:
    """The holder of an office the text names only by title ("the French president")."""
    return f"person/{code}/{slug(title)}"


def org_key(code: str | None, name: str) -> str:
    """An organization of a country ("X" when it has none)."""
    return f"org/{code or 'X'}/{slug(name)}"


def group_key(code: str, words: str) -> str:
    """People of a country the text names as a group ("Iranian students", "Georgians")."""
    return f"group/{code}/{slug(words)}"


def igo_key(ident: str) -> str:
    """An intergovernmental organization the gazetteer knows, by its identifier."""
    return f"igo/{ident}"


def igo_body_key(name: str) -> str:
    """A body of an IGO the gazetteer does not list ("the EU's foreign ministers")."""
    return f"org/IGO/{slug(name)}"


def place_key(label: str) -> str:
    """A place (city, region) that is not a country."""
    return f"place/{slug(label)}"


def agent_key(code: str | None, sector: str) -> str:
    """A generic agent (police, rebels) of a country, by its three-letter sector."""
    return f"agent/{code or NO_COUNTRY}/{sector[:3]}"


def unidentified_key(code: str | None) -> str:
    """An actor the text does not name, of a country where it says where."""
    return f"unidentified/{code or NO_COUNTRY}"


def is_countryless_agent(key: str) -> bool:
    """Whether a key is a generic agent the text placed in no country."""
    return key.startswith(f"agent/{NO_COUNTRY}/")


def kind(key: str) -> str:
    """What a key names: its first segment ("country", "agent", "person", ...)."""
    return key.split("/", 1)[0]


def is_agent(key: str | None) -> bool:
    """Whether a key is a generic agent (police, rebels) of a country or none."""
    return key is not None and kind(key) == "agent"


def is_unidentified(key: str | None) -> bool:
    """Whether a key is an actor the text does not name."""
    return key is not None and kind(key) == "unidentified"
