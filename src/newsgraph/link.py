"""Link: one canonical actor per real actor and one merged event per real event, across articles.

Per-article actors are already canonical within their article; here they are
joined across articles by (type, normalised name) — case, accents, hyphens and
leading titles do not count ("Kim Jong Un" == "Kim Jong-un") — and countries by
ISO3. Namesakes whose articles state different countries stay apart, one actor
per country (``person:john smith@GBR``); one whose article states none stays with
neither. A person named by a bare surname ("Trump") joins the one full-name person
in the store with that surname (first or last word) and a compatible country;
when several share it ("Kim": Kim Jong-un, Kim Yong-chol) it stays on its own.

The actor dictionary (the bundled one, extended by the user's file that
``link_store`` is given once and remembers) decides before those rules: every
name of an entry is one actor whatever the articles say of its country (merge);
a name listed under an entry's ``distinct`` never joins it; namesake entries of
different countries take the article's actor of their country (split). Ids are
deterministic: an entry's id is its type and name (``@ISO3`` for namesakes).

Per-article events join when they have the same canonical actors (either
direction for CAMEO root 04 and code 036), a compatible code (same root, or 036
beside 04: a meeting planned, then held), compatible dates (one ISO date a prefix
of the other; when either is unknown, the reports must be published within
``WINDOW_DAYS`` of each other), compatible places (equal, either unknown, or a
country and a place in it: Beijing and China; the merged event keeps the more
precise), and
a planned or possible report is never joined to an event that had already
happened when it was published. Events without both actors are not merged.

Linking is incremental, and runs a chunk of ``LINK_CHUNK`` articles at a time, each
chunk in its own transaction. An actor's canonical id depends only on its form (type,
name, and country: :func:`form_of`), so ids are worked out once per distinct form,
not once per article, and written to every row of the form in SQL. The forms of a
chunk's new actors can change the id only of the forms that share a token with them
(``actor_tokens``: the name id, and for people the first and last word of the name),
so those are linked again and the rows whose id changed are rewritten; the canonical
actors that gain or lose members are recounted in SQL. The merged events are rewritten
only for the (CAMEO family, actor pair) groups holding a new event or an event of an
actor whose id changed, before or after the change, a page of whole groups at a time:
clustering is per group, so the result equals linking every row at once (tested on the
demo in two halves, article by article, and in chunks of one). A report is compared
with one report per distinct (date, publication date, place, status) of a cluster, not
with each member. A full rebuild (``newsgraph link``, extract, a dictionary whose
fingerprint differs from the one the links were made with, links pointing at actors or
events no longer stored) empties the linked tables and links every article as new; its
fingerprint is written last, so a rebuild cut short is done again in full.

Memory grows with the chunk, the distinct names sharing a token with it and the
largest group, not with the articles. Time does not stay flat: a group is reclustered
whole, so a pair reported every day (the US and China) costs its whole history at each
chunk that adds to it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import astuple, dataclass, field, fields
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.dictionary import ActorDictionary, ActorEntry, default_dictionary, name_key, parse_dictionary
from newsgraph.resources import read_text

if TYPE_CHECKING:
    from newsgraph.store import Store

log = logging.getLogger("newsgraph")

LINK_CHUNK = 1_000  # articles linked at a time (see link_store)
WINDOW_DAYS = 45  # undated reports join only reports published this close to theirs
TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "president", "chairman",
                    "premier", "general", "gen", "minister", "king", "queen", "prince", "pope"})
STATUS_RANK = {"occurred": 0, "negated": 1, "planned": 2, "possible": 3}
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
SYMMETRIC_FAMILY = "04"  # consultations (and 036, intent to meet): "A met B" is "B met A"
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,'’]+")
ACTORS_PATH = "link.actors_path"  # settings keys: the user dictionary linking uses, and its text
ACTORS_TEXT = "link.actors_text"
FINGERPRINT = "link.fingerprint"  # settings key: the dictionary (and rules) the stored links were made with
LINK_VERSION = "1"  # raise when the linking rules change: stored links then get a full rebuild
ACTOR_SELECT = "SELECT a.article_id, a.key, a.name, a.type, a.country, a.sector, a.aliases FROM actors a"
EVENT_COLUMNS = (
    "e.id, e.article_id, e.source, e.target, e.cameo, e.plover, e.goldstein, e.quad_class, e.status, e.date, "
    "e.date_precision, e.location, e.location_country, e.evidence_start, e.confidence, a.published_date")
EVENT_SELECT = f"SELECT {EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id"


def _group_sql(cameo: str, source: str, target: str) -> str:
    """group_key() in SQL over these columns: (family, source, target) joined by \x1f; NULL without both."""
    kind = f"(CASE WHEN {cameo} LIKE '036%' THEN '04' ELSE substr({cameo}, 1, 2) END)"
    return (f"(CASE WHEN {source} IS NULL OR {target} IS NULL THEN NULL WHEN {kind} = '04' THEN '04' || chr(31) "
            f"|| least({source}, {target}) || chr(31) || greatest({source}, {target}) "
            f"ELSE {kind} || chr(31) || {source} || chr(31) || {target} END)")


GROUP_SQL = _group_sql("e.cameo", "ls.canonical_id", "lt.canonical_id")  # of events, with their actors' links
# events with the canonical actors of their source and target (source_id, target_id)
_EVENTS_LINKED = ("events e LEFT JOIN actor_links ls ON ls.article_id = e.article_id AND ls.key = e.source "
                  "LEFT JOIN actor_links lt ON lt.article_id = e.article_id AND lt.key = e.target")
FLUSH_ROWS = 5_000  # events relinked at a time (whole groups: a page holds at least one)


@dataclass(slots=True)
class CanonicalActor:
    """One real actor across articles, with every name form the articles use."""

    id: str
    name: str
    type: str
    country: str | None
    sector: str | None
    aliases: list[str]
    n_articles: int
    n_mentions: int


@dataclass(slots=True)
class MergedEvent:
    """One real event and how many articles and mentions report it."""

    id: str
    source: str | None
    target: str | None
    cameo: str
    plover: str | None
    goldstein: float
    quad_class: int
    status: str
    date: str | None
    date_precision: str
    location: str | None
    n_articles: int
    n_mentions: int
    first_reported: dt.date | None
    last_reported: dt.date | None


@dataclass(slots=True)
class Linked:
    """What a rebuild produced: canonical actors and merged events with their links."""

    actors: list[CanonicalActor] = field(default_factory=list)
    actor_links: dict[tuple[str, str], str] = field(default_factory=dict)  # (article id, key) -> canonical id
    events: list[MergedEvent] = field(default_factory=list)
    event_links: dict[tuple[str, str], str] = field(default_factory=dict)  # (event id, article id) -> merged id


# -- actors ------------------------------------------------------------------------------------

@lru_cache(maxsize=1 << 16)  # pure, and called for every row of every pass
def normalise(name: str, *, titles: bool = False) -> str:
    """A name for comparison: no accents, case, hyphens, dots, nor leading titles unless ``titles``."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = [w for w in _SEPARATORS.split(plain) if w]
    while not titles and len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


def _untitled(name: str) -> str:
    """``name`` as written, without its leading titles ("Mr. Kim" → "Kim")."""
    words = name.split()
    while len(words) > 1 and normalise(words[0], titles=True) in TITLES:
        words = words[1:]
    return " ".join(words)


def _row_key(row: dict[str, Any]) -> tuple[str, str]:
    return (row["article_id"], row["key"])


def _base_id(row: dict[str, Any]) -> str:
    """The cross-article id an actor gets by its name alone."""
    if row["type"] == "country":
        code = row["country"] or row["key"].split(":", 1)[-1]
        return f"country:{code.upper()}"
    return f"{row['type']}:{normalise(row['name'])}"


def link_actors(rows: Iterable[dict[str, Any]], mention_counts: dict[tuple[str, str], int],
                dictionary: ActorDictionary | None = None) -> Linked:
    """Canonical actors for per-article actor rows (article_id, key, name, type, country, sector, aliases).

    ``dictionary`` (default: none) merges and splits actors by its entries before the name rules apply.
    """
    rows = list(rows)
    known = dictionary if dictionary is not None else ActorDictionary()
    ids = actor_ids(rows, known)
    linked = Linked(actor_links=ids)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[ids[_row_key(row)]].append(row)
    linked.actors = [_canonical(cid, members, mention_counts, _entry_named(cid, members, known))
                     for cid, members in sorted(groups.items())]
    return linked


Form = tuple[str, str, str | None]  # (type, name, country): all that an actor's canonical id depends on
PER_ARTICLE = "\x1e"  # a form's id ending so is one per article: "@" and the article id's first 12 characters


def form_of(row: dict[str, Any]) -> Form:
    """An actor row's form; a country without a country code takes the one in its key ('country:PRK')."""
    country = row["country"]
    if row["type"] == "country" and not country:
        country = row["key"].split(":", 1)[-1]
    return (row["type"], row["name"], country)


def actor_ids(rows: list[dict[str, Any]], dictionary: ActorDictionary) -> dict[tuple[str, str], str]:
    """(article id, key) -> canonical id for actor rows; exact for a row when ``rows`` holds every row
    that shares a token with it (see :func:`tokens`)."""
    ids = form_ids({form_of(r) for r in rows}, dictionary)
    return {_row_key(r): per_article(ids[form_of(r)], r["article_id"]) for r in rows}


def per_article(cid: str, article_id: str) -> str:
    """The canonical id a form's id gives an actor of this article (an ambiguous surname is the article's own)."""
    return f"{cid[:-1]}{article_id[:12]}" if cid.endswith(PER_ARTICLE) else cid


def form_ids(forms: Iterable[Form], dictionary: ActorDictionary) -> dict[Form, str]:
    """Form -> canonical id (ending in PER_ARTICLE for a surname several people share); exact for a form
    when ``forms`` holds every form that shares a token with it. Every row of a form gets its id, so the
    work grows with the names in the store, not with the articles naming them."""
    ordered = sorted(forms, key=_form_order)
    rows = [{"article_id": PER_ARTICLE, "key": json.dumps(f), "type": f[0], "name": f[1], "country": f[2]}
            for f in ordered]
    entries = {_row_key(r): _entry_for(r, dictionary) for r in rows}
    ids = {_row_key(r): _id_of(r, entries[_row_key(r)], dictionary) for r in rows}
    free = [r for r in rows if entries[_row_key(r)] is None]
    _split_namesakes(free, ids)
    barred = _barred(dictionary)
    _link_surnames(rows, free, ids, barred)
    _keep_apart(free, ids, barred)
    return {form: ids[_row_key(row)] for form, row in zip(ordered, rows, strict=True)}


def _entry_named(cid: str, members: list[dict[str, Any]], dictionary: ActorDictionary) -> ActorEntry | None:
    """The dictionary entry whose id is ``cid`` among the entries of its members (None: it is no entry's)."""
    for member in members:
        entry = _entry_for(member, dictionary)
        if entry is not None and _entry_id(entry, dictionary) == cid:
            return entry
    return None


def tokens(row: dict[str, Any], dictionary: ActorDictionary) -> set[str]:
    """What an actor row's canonical id can depend on: its name id unless an entry fixes it ('id:...'),
    and for people the surnames it offers or is ('word:...'); countries depend on nothing else."""
    if row["type"] == "country":
        return set()
    found = set() if _entry_for(row, dictionary) is not None else {f"id:{_base_id(row)}"}
    words = normalise(row["name"]).split()
    if row["type"] == "person" and words:
        found |= {f"word:{words[0]}", f"word:{words[-1]}"}
    return found


def _id_of(row: dict[str, Any], entry: ActorEntry | None, dictionary: ActorDictionary) -> str:
    return _entry_id(entry, dictionary) if entry is not None else _base_id(row)


def _entry_for(row: dict[str, Any], dictionary: ActorDictionary) -> ActorEntry | None:
    """The entry an actor is: by its name (or the name without titles); among namesakes, its country's."""
    if row["type"] == "country" or not row["name"]:
        return None
    return _entry_named_as(row["name"], row["country"], dictionary)


@lru_cache(maxsize=1 << 14)  # a store names the same actors over and over; dictionaries hash by identity
def _entry_named_as(name: str, country: str | None, dictionary: ActorDictionary) -> ActorEntry | None:
    found = dictionary.candidates(name) or dictionary.candidates(_untitled(name))
    found = tuple(e for e in found if not _is_barred(name, _distinct_keys(e)))
    if len(found) > 1:
        found = tuple(e for e in found if e.country == country)
    return found[0] if len(found) == 1 else None


def _entry_id(entry: ActorEntry, dictionary: ActorDictionary) -> str:
    """An entry's canonical id: type and name (titles kept), ``@ISO3`` when namesake entries share the name."""
    if entry.type == "country" and entry.country:
        return f"country:{entry.country}"
    ident = f"{entry.type}:{normalise(entry.name, titles=True)}"
    return f"{ident}@{entry.country}" if len(dictionary.candidates(entry.name)) > 1 else ident


def _distinct_keys(entry: ActorEntry) -> frozenset[str]:
    return frozenset(name_key(name) for name in entry.distinct)


def _is_barred(name: str, keys: frozenset[str]) -> bool:
    """Whether ``name``, with or without its titles, is one of the names an entry says it is not."""
    return bool(keys) and (name_key(name) in keys or name_key(_untitled(name)) in keys)


def _split_namesakes(rows: list[dict[str, Any]], ids: dict[tuple[str, str], str]) -> None:
    """Actors of one name whose articles state different countries: one actor per country, none for the rest."""
    countries: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["type"] != "country" and row["country"]:
            countries[ids[_row_key(row)]].add(row["country"])
    for row in rows:
        cid = ids[_row_key(row)]
        if row["type"] != "country" and row["country"] and len(countries[cid]) > 1:
            ids[_row_key(row)] = f"{cid}@{row['country']}"


def _barred(dictionary: ActorDictionary) -> dict[str, frozenset[str]]:
    """Canonical id -> the name keys its dictionary entry says are someone else."""
    return {_entry_id(e, dictionary): _distinct_keys(e) for e in dictionary if e.distinct}


def _link_surnames(rows: list[dict[str, Any]], free: list[dict[str, Any]], ids: dict[tuple[str, str], str],
                   barred: dict[str, frozenset[str]]) -> None:
    """A bare surname joins the one full-name person with it and a compatible country; several: its own."""
    full = _full_name_people(rows, ids)
    for row in free:
        name = normalise(row["name"])
        if row["type"] != "person" or " " in name or not name:
            continue
        matches = {cid for cid, country in full.get(name, set()) if row["country"] in (None, country)
                   and not _is_barred(row["name"], barred.get(cid, frozenset()))}
        if len(matches) == 1:
            ids[_row_key(row)] = matches.pop()
        elif len(matches) > 1:  # an ambiguous surname stays with its own article
            ids[_row_key(row)] = f"person:{name}@{PER_ARTICLE}"  # see per_article()


def _keep_apart(rows: list[dict[str, Any]], ids: dict[tuple[str, str], str],
                barred: dict[str, frozenset[str]]) -> None:
    """An actor whose name an entry lists as ``distinct`` but the name rules joined to it gets its own id."""
    for row in rows:
        cid = ids[_row_key(row)]
        if cid in barred and _is_barred(row["name"], barred[cid]):
            own = f"{row['type']}:{name_key(row['name'])}"
            ids[_row_key(row)] = own if own != cid else f"{own}~distinct"


def _full_name_people(rows: list[dict[str, Any]], ids: dict[tuple[str, str], str]) -> dict[str, set[tuple[str, Any]]]:
    """Surname -> {(canonical id, country)} of people named in full (first and last word both count)."""
    found: dict[str, set[tuple[str, Any]]] = defaultdict(set)
    for row in rows:
        words = normalise(row["name"]).split()
        if row["type"] == "person" and len(words) > 1:
            cid = ids[_row_key(row)]
            for word in {words[0], words[-1]}:
                found[word].add((cid, row["country"]))
    return found


def _canonical(cid: str, members: list[dict[str, Any]], mention_counts: dict[tuple[str, str], int],
               entry: ActorEntry | None = None) -> CanonicalActor:
    """One canonical actor from the per-article actors linked to it; a dictionary entry names it."""
    names = Counter(m["name"] for m in members)
    # the most used full form: more words first, then more articles, then alphabetical
    name = min(names, key=lambda n: (-len(normalise(n).split()), -names[n], n))
    aliases: list[str] = []
    for member in members:
        for alias in [member["name"], *json.loads(member["aliases"] or "[]")]:
            if alias not in aliases:
                aliases.append(alias)
    return CanonicalActor(
        id=cid, name=entry.name if entry else name, type=entry.type if entry else members[0]["type"],
        country=(entry and entry.country) or _mode(m["country"] for m in members),
        sector=(entry and entry.sector) or _mode(m["sector"] for m in members), aliases=aliases,
        n_articles=len({m["article_id"] for m in members}),
        n_mentions=sum(mention_counts.get((m["article_id"], m["key"]), 0) for m in members))


def _mode(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


# -- events ------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Report:
    """A per-article event as the linker sees it."""

    row: dict[str, Any]
    source: str | None
    target: str | None
    published: date | None

    @property
    def key(self) -> tuple[str, str]:
        return (self.row["id"], self.row["article_id"])


def family(cameo: str) -> str:
    """The group of codes that may describe one event: the root, with 036 (intent to meet) under 04."""
    return SYMMETRIC_FAMILY if cameo.startswith("036") else cameo[:2]


def group_key(cameo: str, source: str | None, target: str | None) -> tuple[str, str, str] | None:
    """The reports that may be of one event share this: code family and actors (either order for 04)."""
    if source is None or target is None:
        return None
    kind = family(cameo)
    first, second = sorted((source, target)) if kind == SYMMETRIC_FAMILY else (source, target)
    return (kind, first, second)


def link_events(rows: Iterable[dict[str, Any]], actor_ids: dict[tuple[str, str], str]) -> Linked:
    """Merged events for per-article event rows (with the article's ``published_date``)."""
    groups: dict[tuple[Any, ...], list[_Report]] = defaultdict(list)
    singles: list[list[_Report]] = []
    for row in rows:
        report = _Report(row, actor_ids.get((row["article_id"], row["source"])) if row["source"] else None,
                         actor_ids.get((row["article_id"], row["target"])) if row["target"] else None,
                         row["published_date"])
        key = group_key(row["cameo"], report.source, report.target)
        if key is None:
            singles.append([report])
        else:
            groups[key].append(report)
    clusters = singles + [c for _, group in sorted(groups.items()) for c in _cluster(group)]
    linked = Linked()
    for cluster in clusters:
        merged = _merge(cluster)
        linked.events.append(merged)
        linked.event_links.update({r.key: merged.id for r in cluster})
    return linked


@dataclass(slots=True)
class _Cluster:
    """A cluster being built: its reports, and one report per signature with the articles it stands for."""

    reports: list[_Report]
    kinds: dict[tuple[Any, ...], tuple[_Report, set[str]]]

    def fits(self, report: _Report) -> bool:
        """Whether ``report`` is compatible with every report of the cluster, checked once per signature."""
        own = report.row["article_id"]
        for first, articles in self.kinds.values():
            foreign = len(articles) > 1 or own not in articles  # another article: the stricter check applies
            if not _fits(report, first, same_article=not foreign):
                return False
        return True

    def add(self, report: _Report) -> None:
        self.reports.append(report)
        self.kinds.setdefault(_signature(report), (report, set()))[1].add(report.row["article_id"])


def _signature(report: _Report) -> tuple[Any, ...]:
    """All that :func:`compatible` reads of a report besides its article: reports alike in it fit alike."""
    row = report.row
    return (row["date"], report.published, row["location"], row.get("location_country"), row["status"])


def _cluster(reports: list[_Report]) -> list[list[_Report]]:
    """Greedy clusters, most precise dates first: a report joins the first cluster it fits every member of."""
    order = sorted(reports, key=lambda r: (PRECISION_RANK.get(r.row["date_precision"], 3),
                                           r.published or date.max, r.row["article_id"], r.row["evidence_start"]))
    clusters: list[_Cluster] = []
    for report in order:
        home = next((c for c in clusters if c.fits(report)), None)
        if home is None:
            home = _Cluster([], {})
            clusters.append(home)
        home.add(report)
    return [c.reports for c in clusters]


def compatible(a: _Report, b: _Report) -> bool:
    """Whether two reports (of the same actors and code family) may be of one event."""
    return _fits(a, b, same_article=a.row["article_id"] == b.row["article_id"])


def _fits(a: _Report, b: _Report, *, same_article: bool) -> bool:
    return _dates_fit(a, b, same_article) and _places_fit(a.row, b.row) and _tenses_fit(a, b) and _tenses_fit(b, a)


def _dates_fit(a: _Report, b: _Report, same_article: bool) -> bool:
    first, second = a.row["date"], b.row["date"]
    if first and second:
        return bool(first.startswith(second) or second.startswith(first))
    if same_article:
        return True
    return a.published is not None and b.published is not None \
        and abs((a.published - b.published).days) <= WINDOW_DAYS


def _places_fit(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Equal places, either unknown, or a country and a place in it (Beijing, China)."""
    if not first["location"] or not second["location"] or normalise(first["location"]) == normalise(second["location"]):
        return True
    return _inside(first, second) or _inside(second, first)


def _inside(place: dict[str, Any], country: dict[str, Any]) -> bool:
    """Whether ``country``'s location is a country and ``place``'s location lies in it."""
    code = country_named(country["location"])
    if code is None or country_named(place["location"]) is not None:
        return False
    return (place.get("location_country") or _country_of(place["location"])) == code


@cache
def country_named(place: str) -> str | None:
    """The ISO3 code when ``place`` names a country ("China", "North Korea"), else None."""
    from newsgraph.geography import resolve_place

    found = resolve_place(place)
    return found.country if found is not None and found.kind == "country" else None


@cache
def _country_of(place: str) -> str | None:
    from newsgraph.geography import resolve_place

    found = resolve_place(place)
    return found.country if found is not None else None


def _tenses_fit(plan: _Report, done: _Report) -> bool:
    """False when ``plan`` looks ahead to an event that ``done`` dates before ``plan`` was published."""
    if plan.row["status"] not in ("planned", "possible") or done.row["status"] != "occurred":
        return True
    if not done.row["date"] or plan.published is None:
        return True
    return last_day(done.row["date"]) >= plan.published


def last_day(iso: str) -> date:
    """The last day an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD) covers."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


def _merge(cluster: list[_Report]) -> MergedEvent:
    """One merged event: code, actors and status from the most direct report, the most precise date and place."""
    best = min(cluster, key=lambda r: (STATUS_RANK.get(r.row["status"], 9), _specificity(r.row["cameo"]),
                                       PRECISION_RANK.get(r.row["date_precision"], 3), -r.row["confidence"]))
    dated = [r for r in cluster if r.row["date"]]
    when = max(dated, key=lambda r: len(r.row["date"])) if dated else None
    # the most precise place: a city or landmark before the country it lies in, then the best report's
    located = [r for r in cluster if r.row["location"]]
    place = min(located, key=lambda r: (country_named(r.row["location"]) is not None, r is not best)).row["location"] \
        if located else None
    published = [r.published for r in cluster if r.published]
    ident = hashlib.sha1("|".join(sorted(f"{i}:{a}" for i, a in (r.key for r in cluster))).encode()).hexdigest()
    row = best.row
    return MergedEvent(
        id=ident[:16], source=best.source, target=best.target, cameo=row["cameo"], plover=row["plover"],
        goldstein=row["goldstein"], quad_class=row["quad_class"], status=row["status"],
        date=when.row["date"] if when else None, date_precision=when.row["date_precision"] if when else "unknown",
        location=place, n_articles=len({r.row["article_id"] for r in cluster}), n_mentions=len(cluster),
        first_reported=min(published) if published else None, last_reported=max(published) if published else None)


def _specificity(cameo: str) -> int:
    """Lower for more specific codes: 043 before 040 before 04; 036 (intent) after a held meeting."""
    general = len(cameo) <= 2 or cameo.endswith("0")
    return (1 if general else 0) + (2 if cameo.startswith("036") else 0)


# -- the store ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class UserActors:
    """The user actor dictionary linking uses: the file it came from and the text read from it."""

    path: str
    text: str

    def parse(self) -> ActorDictionary:
        """Its entries; InputError naming the file and entry when one is wrong."""
        return parse_dictionary(self.text, self.path)


@dataclass(slots=True)
class LinkReport:
    """What one link run did: a full rebuild or not, and how many rows it (re)wrote."""

    full: bool = False
    chunks: int = 0  # steps of at most LINK_CHUNK articles
    actor_links: int = 0  # per-article actors whose canonical id was written (new or changed)
    canonical_actors: int = 0  # canonical actors rewritten
    event_links: int = 0  # per-article events (re)linked
    merged_events: int = 0  # merged events rewritten


def link_store(store: Store, actors_file: str | Path | None = None, *, forget_actors: bool = False,
               rebuild: bool = False, chunk: int = LINK_CHUNK) -> LinkReport:
    """Link what the store's new articles change, in one transaction; report what was (re)written.

    Only the actors sharing a name or surname with a new article's actors, and the merged events of
    the (actor pair, CAMEO family) groups touched, are linked again: the result equals a full rebuild.
    A full rebuild runs with ``rebuild``, when the dictionary differs from the one the links were made
    with, or when articles or extractions were removed or replaced since: it empties the linked tables
    and links every article as new. Either way articles are linked ``chunk`` at a time, so memory grows
    with the chunk, the names in the store and the largest (CAMEO family, actor pair) group, not with
    the number of articles. ``actors_file`` (YAML or CSV, see :mod:`newsgraph.dictionary`) extends the
    bundled dictionary and is remembered: later links (the one at the end of every ingest) use it until
    ``forget_actors``.
    """
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    user = _user_actors(store, actors_file, forget_actors)
    dictionary = default_dictionary().merge(user.parse()) if user else default_dictionary()
    stamp = fingerprint(dictionary)
    report = LinkReport(full=rebuild or _needs_rebuild(store, stamp))
    with store.transaction():
        if actors_file is not None or forget_actors:
            _remember(store, user)
        if report.full:  # without its stamp until it ends: a rebuild cut short is done again in full
            store.con.execute("DELETE FROM settings WHERE key = ?", [FINGERPRINT])
            for table in ("canonical_actors", "actor_links", "merged_events", "event_links", "actor_tokens"):
                store.con.execute(f"DELETE FROM {table}")
    try:
        while articles := _unlinked_articles(store, chunk):
            with store.transaction():  # each chunk is committed: memory does not pile up in one transaction
                _link_chunk(store, dictionary, articles, report)
        with store.transaction():
            _stamp(store, stamp)
    finally:
        _drop_work_tables(store)
    from newsgraph.stories import assign_store

    assign_store(store)  # stories use the canonical actors just written
    log.info("linked in %d steps: %d actor links, %d canonical actors, %d event links, %d merged events "
             "written (%s)", report.chunks, report.actor_links, report.canonical_actors, report.event_links,
             report.merged_events, "full rebuild" if report.full else "what the new articles change")
    return report


def fingerprint(dictionary: ActorDictionary) -> str:
    """What the links depend on besides the articles: the linking rules' version and the dictionary."""
    return hashlib.sha1(f"{LINK_VERSION}|{dictionary.entries!r}".encode()).hexdigest()


def _needs_rebuild(store: Store, stamp: str) -> bool:
    """Whether the stored links were made with another dictionary, or point at actors or events now gone."""
    rows = store.query("SELECT value FROM settings WHERE key = ?", [FINGERPRINT])
    if not rows or rows[0]["value"] != stamp:
        return True
    stale = store.query(
        "SELECT EXISTS (SELECT 1 FROM actor_links l WHERE NOT EXISTS (SELECT 1 FROM actors a "
        "WHERE a.article_id = l.article_id AND a.key = l.key)) OR EXISTS (SELECT 1 FROM event_links l "
        "WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = l.event_id AND e.article_id = l.article_id)) AS stale")
    return bool(stale[0]["stale"])


def _stamp(store: Store, stamp: str) -> None:
    store.con.execute("DELETE FROM settings WHERE key = ?", [FINGERPRINT])
    store.insert_rows("settings", ("key", "value", "updated_at"),
                      [(FINGERPRINT, stamp, dt.datetime.now(dt.UTC).replace(tzinfo=None))])


# -- linking a chunk of articles ---------------------------------------------------------------

# an actor row's form (see form_of) in SQL, for actors aliased ``a``
FORM_COUNTRY_SQL = ("(CASE WHEN a.type = 'country' AND coalesce(a.country, '') = '' THEN "
                    "(CASE WHEN contains(a.key, ':') THEN substr(a.key, strpos(a.key, ':') + 1) ELSE a.key END) "
                    "ELSE a.country END)")
_FORM_MATCH = f"f.type = a.type AND f.name = a.name AND f.country IS NOT DISTINCT FROM {FORM_COUNTRY_SQL}"
_UNLINKED_ACTOR = "NOT EXISTS (SELECT 1 FROM actor_links l WHERE l.article_id = a.article_id AND l.key = a.key)"
_UNLINKED_EVENT = ("NOT EXISTS (SELECT 1 FROM event_links x WHERE x.event_id = e.id "
                   "AND x.article_id = e.article_id)")
_IN_CHUNK = "article_id IN (SELECT unnest(?))"
_WORK_TABLES = ("_link_forms", "_link_form_tokens", "_link_changed", "_link_redo", "_link_pages")


def _unlinked_articles(store: Store, chunk: int) -> list[str]:
    """The first ``chunk`` articles (by id) with an actor or an event not linked yet."""
    return [r["article_id"] for r in store.query(
        f"SELECT article_id FROM actors a WHERE {_UNLINKED_ACTOR} UNION "
        f"SELECT article_id FROM events e WHERE {_UNLINKED_EVENT} ORDER BY article_id LIMIT ?", [chunk])]


def _link_chunk(store: Store, dictionary: ActorDictionary, articles: list[str], report: LinkReport) -> None:
    """Link the actors and events of ``articles`` and relink what they change (in the caller's transaction)."""
    new = _forms(store, f"WHERE a.{_IN_CHUNK} AND {_UNLINKED_ACTOR}", [articles])
    token_rows = [(*form, token) for form in sorted(new, key=_form_order) for token in sorted(tokens(
        {"type": form[0], "name": form[1], "country": form[2], "key": ""}, dictionary))]
    _work_table(store, "_link_form_tokens", "type VARCHAR, name VARCHAR, country VARCHAR, token VARCHAR", token_rows)
    seeds = sorted({row[3] for row in token_rows})
    near = _forms(store, "WHERE EXISTS (SELECT 1 FROM actor_tokens t WHERE t.article_id = a.article_id "
                  "AND t.key = a.key AND t.token IN (SELECT unnest(?)))", [seeds]) if seeds else set()
    ids = form_ids(new | near, dictionary)
    _work_table(store, "_link_forms", "type VARCHAR, name VARCHAR, country VARCHAR, cid VARCHAR",
                [(*form, cid) for form, cid in sorted(ids.items(), key=lambda x: _form_order(x[0]))])
    store.con.execute(
        "INSERT INTO actor_tokens SELECT a.article_id, a.key, f.token FROM actors a JOIN _link_form_tokens f "
        f"ON {_FORM_MATCH} WHERE a.{_IN_CHUNK} AND {_UNLINKED_ACTOR}", [articles])
    changed = _relink_actors(store, articles)
    touched = [r["cid"] for r in store.query(
        "SELECT old_id AS cid FROM _link_changed WHERE old_id IS NOT NULL UNION SELECT new_id FROM _link_changed "
        "ORDER BY cid")]
    report.canonical_actors += len(_relink_canonical(store, touched, dictionary))
    events, merged = _relink_events(store, articles)
    report.chunks += 1
    report.actor_links += changed
    report.event_links += events
    report.merged_events += merged
    log.info("linked %d articles: %d actor links, %d canonical actors, %d event links and %d merged events "
             "written", len(articles), changed, len(touched), events, merged)


def _form_order(form: Form) -> tuple[str, str, str]:
    return (form[0], form[1], form[2] or "")


def _forms(store: Store, where: str, params: list[Any]) -> set[Form]:
    """The distinct forms of the actor rows ``where`` selects."""
    return {(r["type"], r["name"], r["country"]) for r in store.query(
        f"SELECT DISTINCT a.type, a.name, {FORM_COUNTRY_SQL} AS country FROM actors a {where}", params)}


def _work_table(store: Store, name: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """(Re)create the temporary table ``name`` holding ``rows``."""
    store.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({columns})")
    store.insert_rows(name, [c.split()[0] for c in columns.split(", ")], rows)


def _drop_work_tables(store: Store) -> None:
    for name in _WORK_TABLES:
        store.con.execute(f"DROP TABLE IF EXISTS {name}")


def _relink_actors(store: Store, articles: list[str]) -> int:
    """Give every actor of a form in ``_link_forms`` (linked already, or of ``articles``) its id there;
    the rows whose id changed or is new go to ``_link_changed`` (article_id, key, old_id, new_id)."""
    new_id = (f"CASE WHEN suffix(f.cid, '{PER_ARTICLE}') THEN substr(f.cid, 1, length(f.cid) - 1) "
              "|| substr(a.article_id, 1, 12) ELSE f.cid END")
    store.con.execute(
        "CREATE OR REPLACE TEMP TABLE _link_changed AS SELECT * FROM (SELECT a.article_id, a.key, "
        f"l.canonical_id AS old_id, {new_id} AS new_id FROM actors a JOIN _link_forms f ON {_FORM_MATCH} "
        "LEFT JOIN actor_links l ON l.article_id = a.article_id AND l.key = a.key "
        f"WHERE l.canonical_id IS NOT NULL OR a.{_IN_CHUNK}) WHERE old_id IS DISTINCT FROM new_id", [articles])
    store.con.execute("DELETE FROM actor_links WHERE EXISTS (SELECT 1 FROM _link_changed c "
                      "WHERE c.article_id = actor_links.article_id AND c.key = actor_links.key)")
    store.con.execute("INSERT INTO actor_links SELECT article_id, key, new_id FROM _link_changed")
    return int(store.query("SELECT count(*) AS n FROM _link_changed")[0]["n"])


def _relink_canonical(store: Store, ids: list[str], dictionary: ActorDictionary) -> list[CanonicalActor]:
    """Rewrite the canonical actors ``ids`` from the actors linked to them now (dropping those with none)."""
    actors = _canonical_from_store(store, ids, dictionary) if ids else []
    store.con.execute("DELETE FROM canonical_actors WHERE id IN (SELECT unnest(?))", [ids])
    store.insert_rows("canonical_actors", [f.name for f in fields(CanonicalActor)], [_actor_row(a) for a in actors])
    return actors


# the per-article actors linked to the canonical ids given, each with the order it has among them
_MEMBERS = ("WITH m AS (SELECT l.canonical_id AS cid, a.*, a.article_id || chr(0) || a.key AS place "
            "FROM actor_links l JOIN actors a ON a.article_id = l.article_id AND a.key = l.key "
            "WHERE l.canonical_id IN (SELECT unnest(?))) ")


def _canonical_from_store(store: Store, ids: list[str], dictionary: ActorDictionary) -> list[CanonicalActor]:
    """What :func:`_canonical` makes of each id's members, counted in SQL: a canonical actor named by
    thousands of articles costs a row per name form and alias here, not a row per article."""
    forms: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.query(f"{_MEMBERS} SELECT cid, name, type, country, count(*) AS n, min(place) AS first "
                           "FROM m GROUP BY ALL ORDER BY cid, first, name", [ids]):
        forms[row["cid"]].append(row)
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in store.query(
            f"{_MEMBERS}, listed AS (SELECT cid, place, from_json(aliases, '[\"VARCHAR\"]') AS forms FROM m), "
            "names AS (SELECT cid, place || chr(0) || '000000' AS spot, name AS alias FROM m UNION ALL "
            "SELECT cid, place || chr(0) || lpad(CAST(generate_subscripts(forms, 1) AS VARCHAR), 6, '0'), "
            "unnest(forms) FROM listed) "
            "SELECT cid, alias, min(spot) AS first FROM names GROUP BY ALL ORDER BY cid, first", [ids]):
        aliases[row["cid"]].append(row["alias"])
    sums = {r["cid"]: r for r in store.query(
        f"{_MEMBERS} SELECT cid, count(DISTINCT article_id) AS articles, coalesce(sum((SELECT count(*) FROM mentions x "
        "WHERE x.article_id = m.article_id AND x.actor = m.key)), 0) AS mentions FROM m GROUP BY cid", [ids])}
    sectors: dict[str, Counter[str]] = defaultdict(Counter)
    for row in store.query(f"{_MEMBERS} SELECT cid, sector, count(*) AS n FROM m WHERE sector IS NOT NULL "
                           "AND sector <> '' GROUP BY ALL", [ids]):
        sectors[row["cid"]][row["sector"]] = row["n"]
    return [_canonical_of_forms(cid, forms[cid], aliases[cid], sums[cid], sectors[cid], dictionary)
            for cid in sorted(forms)]


def _canonical_of_forms(cid: str, forms: list[dict[str, Any]], aliases: list[str], sums: dict[str, Any],
                        sectors: Counter[str], dictionary: ActorDictionary) -> CanonicalActor:
    """One canonical actor from its members' name forms (in member order), aliases, counts and sectors."""
    names: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for form in forms:
        names[form["name"]] += form["n"]
        if form["country"]:
            countries[form["country"]] += form["n"]
    entry = next((e for e in (_entry_for(f, dictionary) for f in forms)
                  if e is not None and _entry_id(e, dictionary) == cid), None)
    name = min(names, key=lambda n: (-len(normalise(n).split()), -names[n], n))
    return CanonicalActor(
        id=cid, name=entry.name if entry else name, type=entry.type if entry else forms[0]["type"],
        country=(entry and entry.country) or _mode_of(countries), sector=(entry and entry.sector) or _mode_of(sectors),
        aliases=aliases, n_articles=sums["articles"], n_mentions=int(sums["mentions"]))


def _mode_of(counts: Counter[str]) -> str | None:
    """The most frequent value, the first in order on ties (as :func:`_mode`)."""
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


_MERGED_GROUP_SQL = _group_sql("m.cameo", "m.source", "m.target")  # of merged events: their reports' group


def _relink_events(store: Store, articles: list[str]) -> tuple[int, int]:
    """Recluster the event groups holding an unlinked event of ``articles`` or an event of a changed actor
    (``_link_changed``), in their group before or now, one group at a time; return (event links, merged events)."""
    touched = (f"(e.{_IN_CHUNK} AND {_UNLINKED_EVENT}) OR EXISTS (SELECT 1 FROM _link_changed k "
               "WHERE k.article_id = e.article_id AND k.key IN (e.source, e.target))")
    store.con.execute(
        f"CREATE OR REPLACE TEMP TABLE _link_redo AS WITH t AS (SELECT e.id, e.article_id, {GROUP_SQL} AS g "
        f"FROM {_EVENTS_LINKED} WHERE {touched}), "
        "groups AS (SELECT g FROM t WHERE g IS NOT NULL UNION SELECT "
        f"{_MERGED_GROUP_SQL} FROM merged_events m WHERE m.id IN (SELECT x.merged_id FROM event_links x "
        "JOIN t ON x.event_id = t.id AND x.article_id = t.article_id)) "
        "SELECT id, article_id, g FROM t WHERE g IS NULL UNION "
        f"SELECT e.id, e.article_id, {GROUP_SQL} AS g FROM {_EVENTS_LINKED} "
        f"WHERE {GROUP_SQL} IN (SELECT g FROM groups)",
        [articles])
    store.con.execute(
        "CREATE OR REPLACE TEMP TABLE _link_gone AS SELECT DISTINCT x.merged_id FROM event_links x "
        "JOIN _link_redo r ON r.id = x.event_id AND r.article_id = x.article_id")
    store.con.execute("DELETE FROM merged_events WHERE id IN (SELECT merged_id FROM _link_gone)")
    store.con.execute("DELETE FROM event_links WHERE merged_id IN (SELECT merged_id FROM _link_gone)")
    store.con.execute("DROP TABLE _link_gone")
    store.con.execute(  # pages of whole groups, about FLUSH_ROWS events each; events without a group apart
        "CREATE OR REPLACE TEMP TABLE _link_pages AS SELECT g, (sum(n) OVER (ORDER BY g ROWS UNBOUNDED PRECEDING) "
        f"- 1) // {FLUSH_ROWS} AS page FROM (SELECT g, count(*) AS n FROM _link_redo WHERE g IS NOT NULL GROUP BY g)")
    counts = [0, 0]
    singles = int(store.query("SELECT count(*) AS n FROM _link_redo WHERE g IS NULL")[0]["n"])
    for start in range(0, singles, FLUSH_ROWS):
        rows = _redo_rows(store, f"r.g IS NULL ORDER BY e.article_id, e.evidence_start, e.id "
                          f"LIMIT {FLUSH_ROWS} OFFSET {start}")
        _write_linked(store, link_events(rows, _actors_of(rows)), counts)
    for page in [r["page"] for r in store.query("SELECT DISTINCT page FROM _link_pages ORDER BY page")]:
        rows = _redo_rows(store, "r.g IN (SELECT g FROM _link_pages WHERE page = ?) "
                          "ORDER BY r.g, e.article_id, e.evidence_start, e.id", [page])
        _write_linked(store, link_events(rows, _actors_of(rows)), counts)  # it clusters group by group
    return counts[0], counts[1]


def _actors_of(rows: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(article id, key) -> canonical id of the linked sources and targets of these event rows."""
    return {(r["article_id"], r[side]): r[f"{side}_id"] for r in rows for side in ("source", "target")
            if r[f"{side}_id"] is not None}


def _redo_rows(store: Store, where: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Rows of ``_link_redo`` events with their articles' dates and actors' canonical ids."""
    return store.query(
        f"SELECT {EVENT_COLUMNS}, ls.canonical_id AS source_id, lt.canonical_id AS target_id, r.g FROM _link_redo r "
        f"JOIN {_EVENTS_LINKED} ON e.id = r.id AND e.article_id = r.article_id JOIN articles a ON a.id = e.article_id "
        f"WHERE {where}", params or [])


def _write_linked(store: Store, linked: Linked, counts: list[int]) -> None:
    """Write merged events and their links, adding to ``counts`` (event links, merged events)."""
    _insert_events(store, linked)
    counts[0] += len(linked.event_links)
    counts[1] += len(linked.events)


def _user_actors(store: Store, actors_file: str | Path | None, forget: bool) -> UserActors | None:
    """The user dictionary to link with: the file given, else the one remembered (None: the bundled only)."""
    if actors_file is not None:
        path = Path(actors_file)
        return UserActors(str(path.resolve()), read_text(path))
    if forget:
        return None
    return remembered_actors(store)


def remembered_actors(store: Store) -> UserActors | None:
    """The user dictionary the store links with, read afresh from its file, or as last read if it is gone."""
    settings = {r["key"]: r["value"] for r in store.query(
        "SELECT key, value FROM settings WHERE key IN (?, ?)", [ACTORS_PATH, ACTORS_TEXT])}
    if ACTORS_PATH not in settings:
        return None
    path = settings[ACTORS_PATH]
    try:
        return UserActors(path, Path(path).read_text(encoding="utf-8").removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("cannot read the actor dictionary %s (%s); linking with the copy read on its last use. "
                    "Run `newsgraph link --actors FILE` to replace it or --forget-actors to stop using it", path, exc)
        return UserActors(path, settings.get(ACTORS_TEXT, ""))


def _remember(store: Store, user: UserActors | None) -> None:
    """Record (or, for None, forget) the user dictionary that later rebuilds link with."""
    store.con.execute("DELETE FROM settings WHERE key IN (?, ?)", [ACTORS_PATH, ACTORS_TEXT])
    if user is not None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        store.insert_rows("settings", ("key", "value", "updated_at"),
                          [(ACTORS_PATH, user.path, now), (ACTORS_TEXT, user.text, now)])


def _actor_row(actor: CanonicalActor) -> tuple[Any, ...]:
    return (*astuple(actor)[:5], json.dumps(actor.aliases, ensure_ascii=False), actor.n_articles, actor.n_mentions)


def _insert_events(store: Store, linked: Linked) -> None:
    store.insert_rows("merged_events", [f.name for f in fields(MergedEvent)], [astuple(e) for e in linked.events])
    store.insert_rows("event_links", ("event_id", "article_id", "merged_id"),
                      [(e, a, m) for (e, a), m in linked.event_links.items()])


__all__ = [
    "ACTORS_PATH",
    "ACTORS_TEXT",
    "FINGERPRINT",
    "LINK_CHUNK",
    "WINDOW_DAYS",
    "CanonicalActor",
    "LinkReport",
    "Linked",
    "MergedEvent",
    "UserActors",
    "actor_ids",
    "compatible",
    "country_named",
    "family",
    "fingerprint",
    "form_ids",
    "form_of",
    "group_key",
    "last_day",
    "link_actors",
    "link_events",
    "link_store",
    "normalise",
    "per_article",
    "remembered_actors",
    "tokens",
]
