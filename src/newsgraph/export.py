"""Export: the store as one JSON document in the layout ``../shared/tools/score.py`` reads.

Documents and events are named by the articles' external ids. Each event also names
its canonical actors and the merged event it belongs to; ``merged_events`` lists the
events linked across articles with every report of them; ``stories`` the
articles grouped into stories, with their key actors and terms. Each event's
actors are given by name with their country, type and sector; the evidence
sentence, its offsets, the rule and the confidence travel with it.

Two more exports live here: :func:`write_gdelt`, the merged events as GDELT 2.0 rows
(see :mod:`newsgraph.gdelt`), and :func:`export_tables`, every store table as one CSV
or Parquet file written by DuckDB's ``COPY``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from newsgraph.errors import UsageError

if TYPE_CHECKING:
    from newsgraph.store import Store

EXPORT_VERSION = 1
TABLE_FORMATS = ("csv", "parquet")
# Bookkeeping, not data: which migrations ran. Every other table of the schema is exported.
SKIPPED_TABLES = frozenset({"schema_migrations"})


def export_json(store: Store) -> dict[str, Any]:
    """Documents, actors, events, quotes and mentions as plain JSON-ready data."""
    actors = _actors(store)
    return {
        "version": EXPORT_VERSION,
        "documents": store.query(
            "SELECT external_id AS id, id AS internal_id, title, published, published_precision, source, url, "
            "language, n_events FROM articles ORDER BY published_date NULLS LAST, external_id"),
        "actors": [dict(a) for a in actors.values()],
        "events": [_event(row, actors) for row in store.query(
            "SELECT a.external_id AS doc, e.*, cs.canonical_id AS canonical_source, "
            "ct.canonical_id AS canonical_target, l.merged_id FROM events e JOIN articles a ON a.id = e.article_id "
            "LEFT JOIN actor_links cs ON cs.article_id = e.article_id AND cs.key = e.source "
            "LEFT JOIN actor_links ct ON ct.article_id = e.article_id AND ct.key = e.target "
            "LEFT JOIN event_links l ON l.article_id = e.article_id AND l.event_id = e.id "
            "ORDER BY a.external_id, e.evidence_start, e.trigger_start")],
        "quotes": store.query(
            "SELECT a.external_id AS doc, q.id, x.name AS speaker, q.text, q.verb, q.channel, q.speaker_text, "
            "q.start_char AS start, q.end_char AS end, q.paragraph, q.confidence FROM quotes q "
            "JOIN articles a ON a.id = q.article_id "
            "LEFT JOIN actors x ON x.article_id = q.article_id AND x.key = q.speaker "
            "ORDER BY a.external_id, q.start_char"),
        "relations": store.query(
            "SELECT a.external_id AS doc, r.id, r.kind, s.name AS source, t.name AS target, r.evidence, "
            "r.evidence_start, r.evidence_end, r.rule, r.confidence FROM relations r "
            "JOIN articles a ON a.id = r.article_id "
            "JOIN actors s ON s.article_id = r.article_id AND s.key = r.source "
            "JOIN actors t ON t.article_id = r.article_id AND t.key = r.target "
            "ORDER BY a.external_id, r.evidence_start, r.kind"),
        "mentions": store.query(
            "SELECT a.external_id AS doc, m.text, x.name AS actor, m.kind, m.start_char AS start, "
            "m.end_char AS end, m.confidence FROM mentions m JOIN articles a ON a.id = m.article_id "
            "JOIN actors x ON x.article_id = m.article_id AND x.key = m.actor ORDER BY a.external_id, m.idx"),
        "merged_events": _merged_events(store),
        "stories": _stories(store),
    }


def _actors(store: Store) -> dict[tuple[str, str], dict[str, Any]]:
    """Actors by (article id, key), as exported."""
    found = {}
    for row in store.query("SELECT a.external_id AS doc, x.* FROM actors x JOIN articles a ON a.id = x.article_id "
                           "ORDER BY a.external_id, x.name"):
        found[(row["article_id"], row["key"])] = {
            "doc": row["doc"], "name": row["name"], "type": row["type"], "country": row["country"],
            "sector": row["sector"], "aliases": json.loads(row["aliases"] or "[]"),
        }
    return found


def _event(row: dict[str, Any], actors: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
    def actor(key: str | None) -> dict[str, Any] | None:
        found = actors.get((row["article_id"], key)) if key else None
        return {k: found[k] for k in ("name", "country", "type", "sector")} if found else None

    return {
        "id": row["id"], "doc": row["doc"], "source": actor(row["source"]), "target": actor(row["target"]),
        "cameo": row["cameo"], "plover": row["plover"], "goldstein": row["goldstein"],
        "quad_class": row["quad_class"], "status": row["status"], "status_cue": row["status_cue"],
        "date": row["date"], "date_precision": row["date_precision"], "date_text": row["date_text"],
        "location": row["location"], "location_country": row["location_country"], "lat": row["lat"],
        "lon": row["lon"], "trigger": row["trigger"], "evidence": row["evidence"],
        "evidence_start": row["evidence_start"], "evidence_end": row["evidence_end"], "rule": row["rule"],
        "confidence": row["confidence"], "canonical_source": row["canonical_source"],
        "canonical_target": row["canonical_target"], "merged_id": row["merged_id"],
    }


def _merged_events(store: Store) -> list[dict[str, Any]]:
    """Events merged across articles, each with the documents and evidence spans that report it."""
    canonical = {row["id"]: {"id": row["id"], "name": row["name"], "country": row["country"], "type": row["type"],
                             "sector": row["sector"]}
                 for row in store.query("SELECT id, name, country, type, sector FROM canonical_actors")}
    mentions: dict[str, list[dict[str, Any]]] = {}
    for row in store.query(
            "SELECT l.merged_id, a.external_id AS doc, e.id AS event, e.sent, e.evidence_start, e.evidence_end "
            "FROM event_links l JOIN events e ON e.id = l.event_id AND e.article_id = l.article_id "
            "JOIN articles a ON a.id = l.article_id ORDER BY a.published_date NULLS LAST, a.external_id, "
            "e.evidence_start"):
        mentions.setdefault(row.pop("merged_id"), []).append(row)
    merged = []
    for row in store.query("SELECT * FROM merged_events ORDER BY rpad(date, 10, '-01') NULLS LAST, id"):
        found = mentions.get(row["id"], [])
        merged.append({
            "id": row["id"], "source": canonical.get(row["source"]), "target": canonical.get(row["target"]),
            "cameo": row["cameo"], "plover": row["plover"], "goldstein": row["goldstein"],
            "quad_class": row["quad_class"], "status": row["status"], "date": row["date"],
            "date_precision": row["date_precision"], "location": row["location"],
            "docs": list(dict.fromkeys(m["doc"] for m in found)), "mentions": found,
            "num_sources": row["n_articles"], "num_mentions": row["n_mentions"],
        })
    return merged


def _stories(store: Store) -> list[dict[str, Any]]:
    """Stories with their key actors and terms and their documents (similarity, duplicate of)."""
    docs: dict[int, list[dict[str, Any]]] = {}
    for row in store.query(
            "SELECT sa.story_id, a.external_id AS doc, sa.similarity, d.external_id AS duplicate_of "
            "FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "LEFT JOIN articles d ON d.id = sa.duplicate_of ORDER BY a.published_date NULLS LAST, a.external_id"):
        docs.setdefault(row.pop("story_id"), []).append(row)
    return [{"id": row["id"], "label": row["label"], "key_actors": json.loads(row["key_actors"] or "[]"),
             "key_terms": json.loads(row["key_terms"] or "[]"), "n_articles": row["n_articles"],
             "first_published": row["first_published"], "last_published": row["last_published"],
             "docs": docs.get(row["id"], [])}
            for row in store.query("SELECT * FROM stories ORDER BY id")]


def write_gdelt(store: Store, path: str | Path | None = None, *, header: bool = False) -> dict[str, Any]:
    """The merged events as GDELT 2.0 rows ``{"columns", "rows"}``, written as tab-separated lines to ``path``."""
    from newsgraph.gdelt import GDELT_COLUMNS, gdelt_events, to_tsv

    rows = [event.cells() for event in gdelt_events(store)]
    if path is not None:
        try:
            Path(path).write_text(to_tsv(rows, header=header), encoding="utf-8", newline="\n")
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}; give a file path you can write to") from exc
    return {"columns": list(GDELT_COLUMNS), "rows": rows}


def exported_tables(store: Store) -> list[str]:
    """The store's tables that :func:`export_tables` writes, by name."""
    rows = store.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                       "AND table_type = 'BASE TABLE' ORDER BY table_name")
    return [row["table_name"] for row in rows if row["table_name"] not in SKIPPED_TABLES]


def export_tables(store: Store, directory: Path, fmt: str = "csv", *, overwrite: bool = False) -> list[Path]:
    """Write each exported table as ``directory/<table>.<fmt>`` (csv with a header row, or parquet); return them.

    The directory is created if needed; one that holds files already is refused unless ``overwrite``
    (which replaces the files of the same names and leaves the others alone).
    """
    if fmt not in TABLE_FORMATS:
        raise UsageError(f"unknown table format {fmt!r}; choose csv or parquet")
    _check_directory(directory, overwrite)
    written = []
    for table in exported_tables(store):
        target = directory / f"{table}.{fmt}"
        _copy(store, table, target, fmt)
        written.append(target)
    return written


def _check_directory(directory: Path, overwrite: bool) -> None:
    """Create ``directory``, or refuse a file there or (without ``overwrite``) a directory that is not empty."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file; the csv and parquet exports write one file per table into "
                         "a directory: give a directory path")
    if directory.is_dir() and any(directory.iterdir()) and not overwrite:
        raise UsageError(f"{directory} is not empty; choose an empty or new directory, or overwrite "
                         "(--overwrite) to replace the table files in it")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the export directory {directory}: {exc.strerror or exc}") from exc


def _copy(store: Store, table: str, target: Path, fmt: str) -> None:
    """One table to one file with DuckDB's COPY (the path is a SQL string literal, so quotes are doubled)."""
    options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
    literal = str(target).replace("'", "''")
    try:
        target.unlink(missing_ok=True)  # parquet COPY will not replace a file
        store.con.execute(f'COPY "{table}" TO \'{literal}\' ({options})')
    except (OSError, duckdb.Error) as exc:
        raise UsageError(f"cannot write {target}: {exc}; choose a directory you can write to") from exc
