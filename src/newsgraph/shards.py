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
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from newsgraph.errors import StoreError
from newsgraph.store import BATCH_TABLES as TABLES
from newsgraph.store import Rows
from newsgraph.store import batch_rows as store_rows

if TYPE_CHECKING:
    from newsgraph.engine import Processed
    from newsgraph.store import Store

log = logging.getLogger("newsgraph")


def batch_rows(processed: Sequence[Processed]) -> dict[str, Rows]:
    """The rows, table by table, that storing these results adds (exactly as ``Store.write_batch`` would)."""
    kept = [p for p in processed if p.stored]
    parses = {p.article.id: p.parse for p in kept if p.parse is not None}
    extractions = [p.extraction for p in kept if p.extraction is not None]
    return store_rows([p.article for p in kept], parses, extractions)


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
