"""Store: the embedded DuckDB database, its versioned schema and its queries.

Writes happen in one transaction per batch, so a crash loses at most the batch
in flight, and a re-run adds only what is missing (articles are keyed by their
content hash). DuckDB allows one writing process at a time.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from importlib import resources
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from newsgraph.errors import NotFoundError, SchemaError, StoreError, UsageError
from newsgraph.records import Article, DocActor, Entity, Event, Parse, Precision, Relation, Sentence, Token

if TYPE_CHECKING:
    from newsgraph.extract import Extraction

log = logging.getLogger("newsgraph")

DEFAULT_DB = "newsgraph.duckdb"
ENV_DB = "NEWSGRAPH_DB"

ARTICLE_COLUMNS = (
    "id", "external_id", "title", "text", "published", "published_precision", "published_date", "url",
    "source", "author", "origin", "language", "parsed", "model", "n_sentences", "n_tokens", "n_entities",
    "meta", "notes", "ingested_at",
)
# Record fields and the columns they are stored in (offsets are start_char/end_char in SQL).
PARSE_TABLES: dict[str, tuple[type, tuple[str, ...]]] = {
    "sentences": (Sentence, ("idx", "paragraph", "start_char", "end_char")),
    "tokens": (Token, ("idx", "sent", "start_char", "end_char", "text", "ws", "lemma", "pos", "tag", "dep",
                       "head", "ent_iob", "ent_type", "morph")),
    "entities": (Entity, ("idx", "sent", "start_char", "end_char", "start_token", "end_token", "label", "text")),
}


ACTOR_COLUMNS = ("article_id", "key", "name", "type", "country", "sector", "aliases", "roles", "gender", "origin")
MENTION_COLUMNS = ("article_id", "idx", "sent", "start_char", "end_char", "start_token", "end_token", "head", "text",
                   "actor", "kind", "confidence")
EVENT_COLUMNS = tuple(f.name for f in fields(Event))
RELATION_COLUMNS = tuple(f.name for f in fields(Relation))
QUOTE_COLUMNS = ("id", "article_id", "text", "start_char", "end_char", "speaker", "speaker_text", "speaker_start",
                 "speaker_end", "verb", "channel", "paragraph", "confidence")
# Every table a batch of articles writes, with its columns, in the order they are loaded.
BATCH_TABLES: dict[str, tuple[str, ...]] = {
    "articles": (*ARTICLE_COLUMNS, "extracted_at", "n_events"),
    **{table: ("article_id", *columns) for table, (_, columns) in PARSE_TABLES.items()},
    "actors": ACTOR_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "events": EVENT_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "relations": RELATION_COLUMNS,
}


def default_path() -> Path:
    """The database path: $NEWSGRAPH_DB, else ./newsgraph.duckdb."""
    return Path(os.environ.get(ENV_DB) or DEFAULT_DB)


def migrations() -> list[tuple[int, str, str]]:
    """The bundled schema migrations as (version, name, sql), in order."""
    folder = resources.files("newsgraph") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


SCHEMA_VERSION = max(version for version, _, _ in migrations())


class Store:
    """A newsgraph database file; opening it applies pending migrations."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no database at {self.path}; run `newsgraph ingest PATH --db {self.path}` first")
        self.con = self._connect()
        self._check_schema()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        if not self.read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return duckdb.connect(str(self.path), read_only=self.read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreError(f"{self.path} is in use by another process (one writer at a time); "
                                 "wait for it to finish and try again") from exc
            raise StoreError(f"cannot open the database {self.path}: {exc}") from exc
        except duckdb.Error as exc:
            raise StoreError(f"{self.path} is not a newsgraph (DuckDB) database: {exc}") from exc

    def _check_schema(self) -> None:
        try:
            version = self.schema_version()
            if version == 0 and self._has_foreign_tables():
                raise StoreError(f"{self.path} is a DuckDB database of another program (it has tables but no "
                                 "newsgraph schema); use another --db file")
            self._upgrade(version)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path} is not a usable newsgraph database: {exc}") from exc

    def _has_foreign_tables(self) -> bool:
        row = self.con.execute("SELECT count(*) FROM information_schema.tables").fetchone()
        return bool(row and row[0])

    def _upgrade(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise SchemaError(f"{self.path} has schema version {version}, newer than this newsgraph "
                              f"understands ({SCHEMA_VERSION}); upgrade newsgraph")
        if version < SCHEMA_VERSION:
            if self.read_only:
                self.con.close()
                self.read_only = False
                self.con = self._connect()
                self.migrate()
                self.con.close()
                self.read_only = True
                self.con = self._connect()
            else:
                self.migrate()

    def schema_version(self) -> int:
        """The highest migration applied to this database (0 for a new file)."""
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> list[str]:
        """Apply pending migrations, each in its own transaction; return their names."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
            "applied_at TIMESTAMP)"
        )
        current = self.schema_version()
        applied = []
        for version, name, sql in migrations():
            if version <= current:
                continue
            with self.transaction():
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, _now()])
            log.info("applied migration %s to %s", name, self.path)
            applied.append(name)
        return applied

    def limit_memory(self, limit: str | None) -> None:
        """Cap DuckDB's memory (its cache of the database included) at ``limit`` ("128MB", "2GB");
        None restores DuckDB's default (most of the machine's memory). Beyond the cap DuckDB evicts
        cached blocks and spills large joins and sorts to a folder beside the database."""
        try:
            if limit is None:
                self.con.execute("RESET memory_limit")
            else:
                self.con.execute(f"SET memory_limit = '{memory_size(limit)}'")
        except duckdb.Error as exc:
            raise UsageError(f"cannot limit the database's memory to {limit!r}: {exc}") from exc

    def transaction(self) -> _Transaction:
        """A context manager: commit on success, roll back on any exception."""
        return _Transaction(self.con)

    def view(self) -> Store:
        """This store through a connection of its own to the same database (DuckDB's cursor): one thread
        can read through it while another reads through this one; both see what is committed."""
        view = copy.copy(self)
        view.con = self.con.cursor()
        return view

    def close(self) -> None:
        """Close the connection (DuckDB checkpoints the write-ahead log)."""
        self.con.close()

    # -- writes ------------------------------------------------------------------------------

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of article ids already stored."""
        wanted = list(set(ids))
        if not wanted:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [wanted]).fetchall()
        return {row[0] for row in rows}

    def write_batch(self, articles: Sequence[Article], parses: dict[str, Parse],
                    extractions: Sequence[Extraction] = ()) -> None:
        """Store articles, their parses and extractions in one transaction: all of them or none."""
        if not articles:
            return
        with self.transaction():
            for table, rows in batch_rows(articles, parses, extractions).items():
                self.insert_rows(table, BATCH_TABLES[table], rows)

    def write_extractions(self, extractions: Sequence[Extraction]) -> None:
        """Replace the extraction rows of these articles, in one transaction."""
        if not extractions:
            return
        ids = [x.article_id for x in extractions]
        with self.transaction():
            for table in ("actors", "mentions", "events", "quotes", "relations"):
                self.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
            self._insert_extractions(extractions)
            self.con.execute(
                "UPDATE articles SET extracted_at = ?, n_events = v.n FROM "
                "(SELECT unnest(?) AS id, unnest(?) AS n) AS v WHERE articles.id = v.id",
                [_now(), ids, [len(x.events) for x in extractions]])

    def _insert_extractions(self, extractions: Sequence[Extraction]) -> None:
        for table, rows in extraction_rows(extractions).items():
            self.insert_rows(table, BATCH_TABLES[table], rows)

    def insert_rows(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Append rows to a table in bulk (through Arrow); the caller holds the transaction."""
        if not rows:
            return
        import pyarrow as pa

        data = pa.table({name: [row[i] for row in rows] for i, name in enumerate(columns)})
        view = f"_new_{table}"
        self.con.register(view, data)
        try:
            quoted = ", ".join(f'"{name}"' for name in columns)
            self.con.execute(f'INSERT INTO {table} ({quoted}) SELECT {quoted} FROM "{view}"')
        finally:
            self.con.unregister(view)

    def start_run(self, inputs: Sequence[str]) -> int:
        """Record the start of an ingest run; return its id."""
        row = self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM ingest_runs").fetchone()
        run_id = int(row[0]) if row else 1
        self.con.execute("INSERT INTO ingest_runs (id, started_at, inputs) VALUES (?, ?, ?)",
                         [run_id, _now(), json.dumps(list(inputs))])
        return run_id

    def finish_run(self, run_id: int, stored: int, duplicates: int, skipped: int) -> None:
        """Record how an ingest run ended."""
        self.con.execute("UPDATE ingest_runs SET finished_at = ?, stored = ?, duplicates = ?, skipped = ? "
                         "WHERE id = ?", [_now(), stored, duplicates, skipped, run_id])

    # -- reads --------------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run a read query; rows come back as dicts."""
        cursor = self.con.execute(sql, list(params))
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def resolve_article(self, key: str) -> str:
        """The internal id for an internal id, external id or unique id prefix."""
        rows = self.con.execute(
            "SELECT id FROM articles WHERE id = ? OR external_id = ? ORDER BY id = ? DESC LIMIT 2",
            [key, key, key]).fetchall()
        if not rows and len(key) >= 4:
            rows = self.con.execute("SELECT id FROM articles WHERE starts_with(id, ?) OR starts_with(external_id, ?) "
                                    "LIMIT 2", [key, key]).fetchall()
        if not rows:
            raise NotFoundError(f"no article with id or external id {key!r} in {self.path}")
        if len(rows) > 1 and rows[0][0] != key:
            raise NotFoundError(f"{key!r} matches several articles in {self.path}; give the full internal id")
        return str(rows[0][0])

    def load_parse(self, article_id: str) -> Parse:
        """The stored parse of one article as records (no re-parsing)."""
        loaded: dict[str, list[Any]] = {}
        for table, (record, columns) in PARSE_TABLES.items():
            names = ", ".join(f'"{c}"' for c in columns)
            rows = self.con.execute(f"SELECT {names} FROM {table} WHERE article_id = ? ORDER BY idx",
                                    [article_id]).fetchall()
            loaded[table] = [record(*row) for row in rows]
        model = self.con.execute("SELECT model FROM articles WHERE id = ?", [article_id]).fetchone()
        return Parse(article_id, loaded["sentences"], loaded["tokens"], loaded["entities"],
                     (model[0] or "") if model else "")


def memory_size(limit: str) -> str:
    """A memory size as DuckDB reads it ("512MB", "2 GB"), refused with a clear message otherwise."""
    text = limit.strip()
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", text, re.IGNORECASE):
        raise UsageError(f"a memory size is a number and a unit, like 512MB or 2GB, not {limit!r}")
    return text


class _Transaction:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        self.con.execute("BEGIN TRANSACTION")
        return self.con

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.con.execute("ROLLBACK" if kind else "COMMIT")


Rows = list[tuple[Any, ...]]


def batch_rows(articles: Sequence[Article], parses: Mapping[str, Parse],
               extractions: Sequence[Extraction] = ()) -> dict[str, Rows]:
    """The rows, table by table (columns in BATCH_TABLES), that storing this batch adds: the one
    definition both ``Store.write_batch`` and the Ray engine's Parquet shards use."""
    extracted = {x.article_id: len(x.events) for x in extractions}
    now = _now()
    rows: dict[str, Rows] = {"articles": [
        (*_article_row(a, parses.get(a.id)), now if a.id in extracted else None, extracted.get(a.id, 0))
        for a in articles]}
    for table in PARSE_TABLES:
        rows[table] = [(p.article_id, *_values(r)) for p in parses.values() for r in getattr(p, table)]
    rows.update(extraction_rows(extractions))
    return rows


def extraction_rows(extractions: Sequence[Extraction]) -> dict[str, Rows]:
    """The extraction tables' rows of these articles."""
    return {
        "actors": [_actor_row(x.article_id, a) for x in extractions for a in x.actors],
        "mentions": [(x.article_id, *_values(m)) for x in extractions for m in x.mentions],
        "events": [_values(e) for x in extractions for e in x.events],
        "quotes": [_values(q) for x in extractions for q in x.quotes],
        "relations": [_values(r) for x in extractions for r in x.relations],
    }


_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _values(record: Any) -> tuple[Any, ...]:
    """A flat record's field values in order: what ``dataclasses.astuple`` gives for records of plain values,
    without its deep copy (it took most of the time of storing a batch's half a million token rows)."""
    get = _GETTERS.get(type(record))
    if get is None:
        names = [f.name for f in fields(record)]
        many = attrgetter(*names)
        get = _GETTERS[type(record)] = many if len(names) > 1 else lambda one: (many(one),)
    return get(record)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _actor_row(article_id: str, actor: DocActor) -> tuple[Any, ...]:
    return (article_id, actor.key, actor.name, actor.type, actor.country, actor.sector,
            json.dumps(actor.aliases, ensure_ascii=False), json.dumps(actor.roles, ensure_ascii=False),
            actor.gender, actor.source)


def _article_row(article: Article, parse: Parse | None) -> tuple[Any, ...]:
    published = article.published
    return (
        article.id, article.external_id, article.title, article.text,
        published.iso if published else None,
        published.precision.value if published else Precision.UNKNOWN.value,
        published.start if published else None,
        article.url, article.source, article.author, article.origin, article.language,
        parse is not None, parse.model if parse else None,
        len(parse.sentences) if parse else 0, len(parse.tokens) if parse else 0,
        len(parse.entities) if parse else 0,
        json.dumps(article.meta, ensure_ascii=False) if article.meta else None,
        json.dumps(article.notes, ensure_ascii=False) if article.notes else None,
        _now(),
    )


__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "Store", "default_path", "memory_size"]
