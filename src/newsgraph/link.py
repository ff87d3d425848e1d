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

The tables are rebuilt as a whole in one transaction (a full rebuild takes well
under a second at thousands of articles; incremental linking is left for later).
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
from functools import cache
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
    entries = {_row_key(r): _entry_for(r, known) for r in rows}
    ids = {_row_key(r): _id_of(r, entries[_row_key(r)], known) for r in rows}
    free = [r for r in rows if entries[_row_key(r)] is None]
    _split_namesakes(free, ids)
    barred = _barred(entries, ids)
    _link_surnames(rows, free, ids, barred)
    _keep_apart(free, ids, barred)
    linked = Linked(actor_links=ids)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[ids[_row_key(row)]].append(row)
    by_id = {ids[k]: e for k, e in entries.items() if e is not None}
    linked.actors = [_canonical(cid, members, mention_counts, by_id.get(cid))
                     for cid, members in sorted(groups.items())]
    return linked


def _id_of(row: dict[str, Any], entry: ActorEntry | None, dictionary: ActorDictionary) -> str:
    return _entry_id(entry, dictionary) if entry is not None else _base_id(row)


def _entry_for(row: dict[str, Any], dictionary: ActorDictionary) -> ActorEntry | None:
    """The entry an actor is: by its name (or the name without titles); among namesakes, its country's."""
    if row["type"] == "country" or not row["name"]:
        return None
    found = dictionary.candidates(row["name"]) or dictionary.candidates(_untitled(row["name"]))
    found = tuple(e for e in found if not _is_barred(row["name"], _distinct_keys(e)))
    if len(found) > 1:
        found = tuple(e for e in found if e.country == row["country"])
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


def _barred(entries: dict[tuple[str, str], ActorEntry | None],
            ids: dict[tuple[str, str], str]) -> dict[str, frozenset[str]]:
    """Canonical id -> the name keys its dictionary entry says are someone else."""
    return {ids[k]: _distinct_keys(e) for k, e in entries.items() if e is not None and e.distinct}


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


def link_events(rows: Iterable[dict[str, Any]], actor_ids: dict[tuple[str, str], str]) -> Linked:
    """Merged events for per-article event rows (with the article's ``published_date``)."""
    groups: dict[tuple[Any, ...], list[_Report]] = defaultdict(list)
    singles: list[list[_Report]] = []
    for row in rows:
        report = _Report(row, actor_ids.get((row["article_id"], row["source"])) if row["source"] else None,
                         actor_ids.get((row["article_id"], row["target"])) if row["target"] else None,
                         row["published_date"])
        if report.source is None or report.target is None:
            singles.append([report])
            continue
        kind = family(row["cameo"])
        pair = (report.source, report.target)
        groups[(kind, *(sorted(pair) if kind == SYMMETRIC_FAMILY else pair))].append(report)
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


def link_store(store: Store, actors_file: str | Path | None = None, *, forget_actors: bool = False) -> Linked:
    """Rebuild canonical actors, merged events and their links from the whole store, in one transaction.

    ``actors_file`` (YAML or CSV, see :mod:`newsgraph.dictionary`) extends the bundled dictionary and is
    remembered: later rebuilds (the one at the end of every ingest) use it until ``forget_actors``.
    """
    user = _user_actors(store, actors_file, forget_actors)
    dictionary = default_dictionary().merge(user.parse()) if user else default_dictionary()
    actors = store.query("SELECT article_id, key, name, type, country, sector, aliases FROM actors "
                         "ORDER BY article_id, key")
    counts = {(r["article_id"], r["actor"]): r["n"] for r in store.query(
        "SELECT article_id, actor, count(*) AS n FROM mentions GROUP BY article_id, actor")}
    linked = link_actors(actors, counts, dictionary)
    events = store.query(
        "SELECT e.id, e.article_id, e.source, e.target, e.cameo, e.plover, e.goldstein, e.quad_class, e.status, "
        "e.date, e.date_precision, e.location, e.location_country, e.evidence_start, e.confidence, "
        "a.published_date FROM events e JOIN articles a ON a.id = e.article_id "
        "ORDER BY e.article_id, e.evidence_start, e.id")
    merged = link_events(events, linked.actor_links)
    linked.events, linked.event_links = merged.events, merged.event_links
    _write(store, linked, user, remember=actors_file is not None or forget_actors)
    from newsgraph.stories import assign_store

    assign_store(store, linked.actor_links)  # stories use the canonical actors just written
    log.info("linked %d actors into %d canonical actors and %d events into %d merged events",
             len(actors), len(linked.actors), len(events), len(linked.events))
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


def _write(store: Store, linked: Linked, user: UserActors | None, *, remember: bool) -> None:
    """Replace the linked tables; with ``remember``, ``user`` becomes the remembered dictionary."""
    with store.transaction():
        if remember:
            _remember(store, user)
        for table in ("canonical_actors", "actor_links", "merged_events", "event_links"):
            store.con.execute(f"DELETE FROM {table}")
        actor_rows = [(*astuple(a)[:5], json.dumps(a.aliases, ensure_ascii=False), a.n_articles, a.n_mentions)
                      for a in linked.actors]
        store.insert_rows("canonical_actors", [f.name for f in fields(CanonicalActor)], actor_rows)
        store.insert_rows("actor_links", ("article_id", "key", "canonical_id"),
                      [(a, k, c) for (a, k), c in linked.actor_links.items()])
        store.insert_rows("merged_events", [f.name for f in fields(MergedEvent)], [astuple(e) for e in linked.events])
        store.insert_rows("event_links", ("event_id", "article_id", "merged_id"),
                      [(e, a, m) for (e, a), m in linked.event_links.items()])


__all__ = [
    "ACTORS_PATH",
    "ACTORS_TEXT",
    "WINDOW_DAYS",
    "CanonicalActor",
    "Linked",
    "MergedEvent",
    "UserActors",
    "compatible",
    "country_named",
    "family",
    "last_day",
    "link_actors",
    "link_events",
    "link_store",
    "normalise",
    "remembered_actors",
]
