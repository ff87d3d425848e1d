"""Shards: processed batches as Parquet files of store rows, loaded into the store in one transaction.

The Ray engine's results pass through here. The parent process writes each batch
it receives as one Parquet file per table — so its memory stays bounded by the
batch, whatever the corpus — and loads them all at the end in one transaction:
DuckDB has a single writer, and a run lands whole or not at all. The rows are
exactly those :meth:`Store.write_batch` inserts, so both engines store the same.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import astuple
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from newsgraph.errors import StoreError
from newsgraph.store import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    PARSE_TABLES,
    QUOTE_COLUMNS,
    RELATION_COLUMNS,
    _actor_row,
    _article_row,
)

if TYPE_CHECKING:
    from newsgraph.engine import Processed
    from newsgraph.extract import Extraction
    from newsgraph.store import Store

log = logging.getLogger("newsgraph")

Rows = list[tuple[Any, ...]]

# Every table a batch writes, with its columns, in the order they are loaded.
TABLES: dict[str, tuple[str, ...]] = {
    "articles": (*ARTICLE_COLUMNS, "extracted_at", "n_events"),
    **{table: ("article_id", *columns) for table, (_, columns) in PARSE_TABLES.items()},
    "actors": ACTOR_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "events": EVENT_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "relations": RELATION_COLUMNS,
}


def batch_rows(processed: Sequence[Processed]) -> dict[str, Rows]:
    """The rows, table by table, that storing these results adds (as ``Store.write_batch`` would)."""
    kept = [p for p in processed if p.stored]
    extractions = [p.extraction for p in kept if p.extraction is not None]
    extracted = {x.article_id: len(x.events) for x in extractions}
    now = datetime.now(UTC).replace(tzinfo=None)
    rows: dict[str, Rows] = {"articles": [
        (*_article_row(p.article, p.parse), now if p.article.id in extracted else None, extracted.get(p.article.id, 0))
        for p in kept]}
    for table in PARSE_TABLES:
        rows[table] = [(p.parse.article_id, *astuple(r)) for p in kept if p.parse for r in getattr(p.parse, table)]
    rows.update(_extraction_rows(extractions))
    return rows


def _extraction_rows(extractions: Sequence[Extraction]) -> dict[str, Rows]:
    return {
        "actors": [_actor_row(x.article_id, a) for x in extractions for a in x.actors],
        "mentions": [(x.article_id, *astuple(m)) for x in extractions for m in x.mentions],
        "events": [astuple(e) for x in extractions for e in x.events],
        "quotes": [astuple(q) for x in extractions for q in x.quotes],
        "relations": [astuple(r) for x in extractions for r in x.relations],
    }


class ShardWriter:
    """Parquet shards of store rows in a folder: one file per table per batch, loaded in one go."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.batches = 0
        self.files = 0

    def add(self, processed: Sequence[Processed]) -> None:
        """Write one batch of results as shards (tables it adds no rows to get no file)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for table, rows in batch_rows(processed).items():
            if rows:
                columns = TABLES[table]
                data = pa.table({name: [row[i] for row in rows] for i, name in enumerate(columns)})
                pq.write_table(data, self.folder / f"{table}-{self.batches:06d}.parquet")
                self.files += 1
        self.batches += 1

    def load(self, store: Store) -> None:
        """Insert every shard into the store, in batch order, in one transaction."""
        try:
            with store.transaction() as con:
                for table, columns in TABLES.items():
                    quoted = ", ".join(f'"{name}"' for name in columns)
                    # One file at a time: a column all NULL in one batch has no type in its file,
                    # and the insert casts each file to the table's types on its own.
                    for path in sorted(self.folder.glob(f"{table}-*.parquet")):
                        con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM read_parquet(?)",
                                    [str(path)])
        except duckdb.Error as exc:
            raise StoreError(f"cannot load the shards in {self.folder} into {store.path} ({exc}); nothing of "
                             "this run was stored: run the ingest again") from exc
        log.info("loaded %d shards of %d batches into %s in one transaction", self.files, self.batches, store.path)


__all__ = ["TABLES", "ShardWriter", "batch_rows"]
