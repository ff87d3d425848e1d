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

Linking is incremental. The per-article actors of a new article can change the
canonical id only of the actors that share a token with them (``actor_tokens``: the
name id, and for people the first and last word of the name), so those are linked
again and compared with their stored links; the canonical actors that gain or lose
members are recounted in SQL. The merged events are rewritten only for the (CAMEO
family, actor pair) groups holding a new event or an event of an actor whose id
changed, before or after the change: clustering is per group, so the result equals
a full rebuild (tested on the demo in two halves and article by article). A full
rebuild runs for ``newsgraph link`` (and extract), when the dictionary's fingerprint
differs from the one the links were made with (a remembered actors file edited since
counts), and when links point at actors or events no longer stored. A group is
reclustered whole: a pair reported every day (the US and China) costs its whole
history at each ingest that adds to it.
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
EVENT_SELECT = (
    "SELECT e.id, e.article_id, e.source, e.target, e.cameo, e.plover, e.goldstein, e.quad_class, e.status, "
    "e.date, e.date_precision, e.location, e.location_country, e.evidence_start, e.confidence, "
    "a.published_date FROM events e JOIN articles a ON a.id = e.article_id")
EVENT_ORDER = "ORDER BY e.article_id, e.evidence_start, e.id"
_FAMILY_SQL = "CASE WHEN e.cameo LIKE '036%' THEN '04' ELSE substr(e.cameo, 1, 2) END"
# group_key() in SQL: an event's (family, source, target), joined by \x1f; NULL without both actors
GROUP_SQL = (
    "(CASE WHEN ls.canonical_id IS NULL OR lt.canonical_id IS NULL THEN NULL "
    f"WHEN {_FAMILY_SQL} = '04' THEN '04' || chr(31) || least(ls.canonical_id, lt.canonical_id) || chr(31) "
    "|| greatest(ls.canonical_id, lt.canonical_id) "
    f"ELSE {_FAMILY_SQL} || chr(31) || ls.canonical_id || chr(31) || lt.canonical_id END)")
# events with their canonical actors and the merged event they are linked to now
_LINKED_COLUMNS = ", ls.canonical_id AS source_id, lt.canonical_id AS target_id, x.merged_id FROM events"
LINKED_EVENTS = (
    f"{EVENT_SELECT.replace(' FROM events', _LINKED_COLUMNS)} "
    "LEFT JOIN actor_links ls ON ls.article_id = e.article_id AND ls.key = e.source "
    "LEFT JOIN actor_links lt ON lt.article_id = e.article_id AND lt.key = e.target "
    "LEFT JOIN event_links x ON x.event_id = e.id AND x.article_id = e.article_id")


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


def actor_ids(rows: list[dict[str, Any]], dictionary: ActorDictionary) -> dict[tuple[str, str], str]:
    """(article id, key) -> canonical id for actor rows; exact for a row when ``rows`` holds every row
    that shares a token with it (see :func:`tokens`)."""
    entries = {_row_key(r): _entry_for(r, dictionary) for r in rows}
    ids = {_row_key(r): _id_of(r, entries[_row_key(r)], dictionary) for r in rows}
    free = [r for r in rows if entries[_row_key(r)] is None]
    _split_namesakes(free, ids)
    barred = _barred(dictionary)
    _link_surnames(rows, free, ids, barred)
    _keep_apart(free, ids, barred)
    return ids


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
            ids[_row_key(row)] = f"person:{name}@{row['article_id'][:12]}"


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


def _cluster(reports: list[_Report]) -> list[list[_Report]]:
    """Greedy clusters, most precise dates first: a report joins the first cluster it fits every member of."""
    order = sorted(reports, key=lambda r: (PRECISION_RANK.get(r.row["date_precision"], 3),
                                           r.published or date.max, r.row["article_id"], r.row["evidence_start"]))
    clusters: list[list[_Report]] = []
    for report in order:
        for cluster in clusters:
            if all(compatible(report, other) for other in cluster):
                cluster.append(report)
                break
        else:
            clusters.append([report])
    return clusters


def compatible(a: _Report, b: _Report) -> bool:
    """Whether two reports (of the same actors and code family) may be of one event."""
    return _dates_fit(a, b) and _places_fit(a.row, b.row) and _tenses_fit(a, b) and _tenses_fit(b, a)


def _dates_fit(a: _Report, b: _Report) -> bool:
    first, second = a.row["date"], b.row["date"]
    if first and second:
        return bool(first.startswith(second) or second.startswith(first))
    if a.row["article_id"] == b.row["article_id"]:
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


def link_store(store: Store, actors_file: str | Path | None = None, *, forget_actors: bool = False,
               rebuild: bool = False) -> Linked:
    """Link what the store's new articles change, in one transaction; return what was (re)written.

    Only the actors sharing a name or surname with a new article's actors, and the merged events of
    the (actor pair, CAMEO family) groups touched, are linked again: the result equals a full rebuild.
    A full rebuild runs with ``rebuild``, when the dictionary differs from the one the links were made
    with, or when articles or extractions were removed or replaced since. ``actors_file`` (YAML or
    CSV, see :mod:`newsgraph.dictionary`) extends the bundled dictionary and is remembered: later
    links (the one at the end of every ingest) use it until ``forget_actors``.
    """
    user = _user_actors(store, actors_file, forget_actors)
    dictionary = default_dictionary().merge(user.parse()) if user else default_dictionary()
    remember = actors_file is not None or forget_actors
    stamp = fingerprint(dictionary)
    full = rebuild or _needs_rebuild(store, stamp)
    if full:
        linked = _rebuild(store, dictionary)
        _write(store, linked, user, remember=remember, stamp=stamp, tokens_of=_token_rows(store, dictionary))
    else:
        with store.transaction():
            if remember:
                _remember(store, user)
            linked = _update(store, dictionary)
    from newsgraph.stories import assign_store

    assign_store(store)  # stories use the canonical actors just written
    log.info("linked into %d canonical actors and %d merged events (%s)", len(linked.actors), len(linked.events),
             "full rebuild" if full else "what the new articles change")
    return linked


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


def _rebuild(store: Store, dictionary: ActorDictionary) -> Linked:
    """Canonical actors, merged events and their links from the whole store."""
    actors = store.query(f"{ACTOR_SELECT} ORDER BY a.article_id, a.key")
    counts = {(r["article_id"], r["actor"]): r["n"] for r in store.query(
        "SELECT article_id, actor, count(*) AS n FROM mentions GROUP BY article_id, actor")}
    linked = link_actors(actors, counts, dictionary)
    del actors, counts  # the rows are large; the events need the memory
    merged = link_events(store.query(f"{EVENT_SELECT} {EVENT_ORDER}"), linked.actor_links)
    linked.events, linked.event_links = merged.events, merged.event_links
    return linked


def _token_rows(store: Store, dictionary: ActorDictionary, where: str = "") -> list[tuple[str, str, str]]:
    """(article id, key, token) for the actor rows ``where`` selects (default: all)."""
    return [(r["article_id"], r["key"], t) for r in store.query(f"{ACTOR_SELECT} {where}")
            for t in sorted(tokens(r, dictionary))]


# -- incremental linking -----------------------------------------------------------------------

def _update(store: Store, dictionary: ActorDictionary) -> Linked:
    """Link the actors and events that are not linked yet, and relink what they change (in the caller's
    transaction); return the canonical actors, links and merged events rewritten."""
    unlinked = ("WHERE NOT EXISTS (SELECT 1 FROM actor_links l WHERE l.article_id = a.article_id "
                "AND l.key = a.key)")
    new_tokens = _token_rows(store, dictionary, unlinked)
    rows = _neighbourhood(store, store.query(f"{ACTOR_SELECT} {unlinked}"), dictionary)
    ids = actor_ids(rows, dictionary)
    old = _old_links(store, list(ids))
    changed = {k: c for k, c in ids.items() if old.get(k) != c}
    store.insert_rows("actor_tokens", ("article_id", "key", "token"), new_tokens)
    _delete_pairs(store, "actor_links", list(changed))
    store.insert_rows("actor_links", ("article_id", "key", "canonical_id"), [(*k, c) for k, c in changed.items()])
    touched = sorted({old[k] for k in changed if k in old} | set(changed.values()))
    linked = Linked(actors=_relink_canonical(store, touched, dictionary), actor_links=changed)
    merged = _relink_events(store, list(changed))
    linked.events, linked.event_links = merged.events, merged.event_links
    log.info("relinked %d actors (%d changed, %d canonical actors) and %d events (%d merged events)",
             len(ids), len(changed), len(touched), len(merged.event_links), len(merged.events))
    return linked


def _neighbourhood(store: Store, new: list[dict[str, Any]], dictionary: ActorDictionary) -> list[dict[str, Any]]:
    """The new actor rows and the stored ones sharing a token with them: every row whose canonical id the
    new rows can change, with all that decides it (rows of one name share all their tokens)."""
    seeds = sorted(set().union(*(tokens(r, dictionary) for r in new)))
    near = store.query(f"{ACTOR_SELECT} WHERE EXISTS (SELECT 1 FROM actor_tokens t WHERE t.article_id = a.article_id "
                       "AND t.key = a.key AND t.token IN (SELECT unnest(?)))", [seeds])
    rows = {_row_key(r): r for r in [*near, *new]}
    return [rows[k] for k in sorted(rows)]


_PAIRS = "(SELECT unnest(?) AS article_id, unnest(?) AS key)"  # a relation of (article id, key) pairs


def _pair_params(keys: list[tuple[str, str]]) -> list[list[str]]:
    return [[k[0] for k in keys], [k[1] for k in keys]]


def _old_links(store: Store, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The stored canonical id of each of these (article id, key) actors that has one."""
    return {(r["article_id"], r["key"]): r["canonical_id"] for r in store.query(
        f"SELECT l.article_id, l.key, l.canonical_id FROM actor_links l JOIN {_PAIRS} k "
        "ON k.article_id = l.article_id AND k.key = l.key", _pair_params(keys))} if keys else {}


def _delete_pairs(store: Store, table: str, keys: list[tuple[str, str]]) -> None:
    if keys:
        store.con.execute(f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM {_PAIRS} k "
                          f"WHERE k.article_id = {table}.article_id AND k.key = {table}.key)", _pair_params(keys))


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


def _relink_events(store: Store, changed: list[tuple[str, str]]) -> Linked:
    """Recluster the event groups holding an unlinked event or one of a ``changed`` actor, before or now."""
    touched = store.query(f"{LINKED_EVENTS} WHERE x.merged_id IS NULL OR EXISTS (SELECT 1 FROM {_PAIRS} k "
                          "WHERE k.article_id = e.article_id AND k.key IN (e.source, e.target))",
                          _pair_params(changed or [("", "")]))
    before = store.query("SELECT cameo, source, target FROM merged_events WHERE id IN (SELECT unnest(?))",
                         [sorted({r["merged_id"] for r in touched if r["merged_id"]})])
    groups = {group_key(r["cameo"], r["source_id"], r["target_id"]) for r in touched}
    groups |= {group_key(r["cameo"], r["source"], r["target"]) for r in before}
    wanted = sorted("\x1f".join(g) for g in groups if g is not None)
    rows = {(r["id"], r["article_id"]): r for r in [*touched, *store.query(
        f"{LINKED_EVENTS} WHERE {GROUP_SQL} IN (SELECT unnest(?))", [wanted])]}
    ordered = [rows[k] for k in sorted(rows, key=lambda k: (k[1], rows[k]["evidence_start"], k[0]))]
    actor_of = {(r["article_id"], r[side]): r[f"{side}_id"] for r in ordered for side in ("source", "target")
                if r[f"{side}_id"] is not None}
    linked = link_events(ordered, actor_of)
    gone = sorted({r["merged_id"] for r in ordered if r["merged_id"]})
    store.con.execute("DELETE FROM merged_events WHERE id IN (SELECT unnest(?))", [gone])
    store.con.execute("DELETE FROM event_links WHERE merged_id IN (SELECT unnest(?))", [gone])
    _insert_events(store, linked)
    return linked


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


def _write(store: Store, linked: Linked, user: UserActors | None, *, remember: bool, stamp: str,
           tokens_of: list[tuple[str, str, str]]) -> None:
    """Replace the linked tables; with ``remember``, ``user`` becomes the remembered dictionary."""
    with store.transaction():
        if remember:
            _remember(store, user)
        for table in ("canonical_actors", "actor_links", "merged_events", "event_links", "actor_tokens"):
            store.con.execute(f"DELETE FROM {table}")
        store.insert_rows("canonical_actors", [f.name for f in fields(CanonicalActor)],
                          [_actor_row(a) for a in linked.actors])
        store.insert_rows("actor_links", ("article_id", "key", "canonical_id"),
                          [(a, k, c) for (a, k), c in linked.actor_links.items()])
        _insert_events(store, linked)
        store.insert_rows("actor_tokens", ("article_id", "key", "token"), tokens_of)
        store.con.execute("DELETE FROM settings WHERE key = ?", [FINGERPRINT])
        store.insert_rows("settings", ("key", "value", "updated_at"),
                          [(FINGERPRINT, stamp, dt.datetime.now(dt.UTC).replace(tzinfo=None))])


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
    "WINDOW_DAYS",
    "CanonicalActor",
    "Linked",
    "MergedEvent",
    "UserActors",
    "actor_ids",
    "compatible",
    "country_named",
    "family",
    "fingerprint",
    "group_key",
    "last_day",
    "link_actors",
    "link_events",
    "link_store",
    "normalise",
    "remembered_actors",
    "tokens",
]
