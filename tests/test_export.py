"""Export: the store as one JSON document, in the layout ../shared/tools/score.py reads, and every table as
CSV or Parquet."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import newsgraph
from newsgraph.cli import app
from newsgraph.errors import UsageError
from newsgraph.export import EXPORT_VERSION, export_json

SHARED = Path(__file__).resolve().parents[2] / "shared"
ARTICLES = [
    {"id": "beijing-visit", "title": "Xi hosts Kim", "published": "2019-01-08",
     "text": "Chinese President Xi Jinping hosted North Korean leader Kim Jong-un in Beijing on Tuesday.\n\n"
             "Mr. Kim thanked Mr. Xi for the dinner. The White House said it welcomed the talks."},
    {"id": "osaka-plans", "title": "Xi to meet Trump", "published": "2019-06-17",
     "text": "Chinese President Xi Jinping will meet US President Donald Trump in Osaka.\n\n"
             "The United States imposed sanctions on North Korea."},
]
EVENT_KEYS = {"id", "doc", "source", "target", "cameo", "plover", "goldstein", "quad_class", "status", "status_cue",
              "date", "date_precision", "date_text", "location", "location_country", "lat", "lon", "trigger",
              "evidence", "evidence_start", "evidence_end", "rule", "confidence", "canonical_source",
              "canonical_target", "merged_id"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    source = folder / "news.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in reversed(ARTICLES)), encoding="utf-8")
    path = folder / "export.duckdb"
    with newsgraph.open(path) as graph:
        assert graph.ingest(source).stored == 2
    return path


@pytest.fixture
def graph(db: Path) -> Iterator[newsgraph.Newsgraph]:
    """The module's corpus, read-only (this overrides conftest's empty database)."""
    with newsgraph.open(db, read_only=True) as opened:
        yield opened


@pytest.fixture
def exported(graph: newsgraph.Newsgraph) -> dict[str, Any]:
    return graph.export()


def test_top_level_layout(exported: dict[str, Any]) -> None:
    assert list(exported) == ["version", "documents", "actors", "events", "quotes", "relations", "mentions",
                              "merged_events", "stories"]
    assert exported["version"] == EXPORT_VERSION
    assert exported["quotes"] == []


def test_documents_are_named_by_external_id(exported: dict[str, Any]) -> None:
    assert [(d["id"], d["title"], d["published"], d["n_events"]) for d in exported["documents"]] == [
        ("beijing-visit", "Xi hosts Kim", "2019-01-08", 1), ("osaka-plans", "Xi to meet Trump", "2019-06-17", 2)]


def test_events_carry_actors_codes_status_date_place(exported: dict[str, Any]) -> None:
    events = exported["events"]
    assert all(set(e) == EVENT_KEYS for e in events)
    summary = [(e["doc"], e["source"]["name"], e["source"]["country"], e["cameo"], e["plover"],
                e["target"]["name"], e["target"]["country"], e["status"], e["date"], e["location"]) for e in events]
    assert summary == [
        ("beijing-visit", "Xi Jinping", "CHN", "043", "CONSULT", "Kim Jong-un", "PRK", "occurred", "2019-01-08",
         "Beijing"),
        ("osaka-plans", "Xi Jinping", "CHN", "036", "CONSULT", "Donald Trump", "USA", "planned", None, "Osaka"),
        ("osaka-plans", "United States", "USA", "163", "SANCTION", "North Korea", "PRK", "occurred", None, None),
    ]
    assert events[0]["source"] == {"name": "Xi Jinping", "country": "CHN", "type": "person", "sector": "GOV"}
    assert [e["rule"] for e in events] == ["host.verb", "meet.verb", "impose-sanctions.noun"]


def test_offsets_index_the_article_text(graph: newsgraph.Newsgraph, exported: dict[str, Any]) -> None:
    texts = {a["id"]: graph.article(a["id"])["text"] for a in ARTICLES}
    assert texts == {a["id"]: a["text"] for a in ARTICLES}
    for event in exported["events"]:
        text = texts[event["doc"]]
        assert text[event["evidence_start"]:event["evidence_end"]] == event["evidence"]
    assert [e["evidence"] for e in exported["events"]] == [
        "Chinese President Xi Jinping hosted North Korean leader Kim Jong-un in Beijing on Tuesday.",
        "Chinese President Xi Jinping will meet US President Donald Trump in Osaka.",
        "The United States imposed sanctions on North Korea.",
    ]
    for mention in exported["mentions"]:
        assert texts[mention["doc"]][mention["start"]:mention["end"]] == mention["text"]


def test_mentions_carry_doc_text_and_actor_name(exported: dict[str, Any]) -> None:
    beijing = [(m["text"], m["actor"], m["kind"]) for m in exported["mentions"] if m["doc"] == "beijing-visit"]
    assert beijing == [
        ("Xi Jinping", "Xi Jinping", "name"), ("Kim Jong-un", "Kim Jong-un", "name"), ("Beijing", "China", "capital"),
        ("Mr. Kim", "Kim Jong-un", "short"), ("Mr. Xi", "Xi Jinping", "short"),
        ("The White House", "White House", "organization"), ("it", "White House", "pronoun"),
    ]
    assert {m["doc"] for m in exported["mentions"]} == {"beijing-visit", "osaka-plans"}


def test_actors_are_per_document(exported: dict[str, Any]) -> None:
    xi = [a for a in exported["actors"] if a["name"] == "Xi Jinping"]
    assert [(a["doc"], a["country"], a["type"], a["sector"]) for a in xi] == [
        ("beijing-visit", "CHN", "person", "GOV"), ("osaka-plans", "CHN", "person", "GOV")]
    assert "Mr. Xi" in xi[0]["aliases"]


def test_export_is_idempotent(graph: newsgraph.Newsgraph, tmp_path: Path) -> None:
    assert export_json(graph.store) == export_json(graph.store)
    graph.export(tmp_path / "one.json")
    graph.export(tmp_path / "two.json")
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_cli_export_to_file_and_stdout(db: Path, tmp_path: Path, exported: dict[str, Any]) -> None:
    expected = json.loads(json.dumps(exported, default=str))
    runner = CliRunner()
    output = tmp_path / "out.json"
    written = runner.invoke(app, ["export", "-o", str(output), "--db", str(db)])
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    assert json.loads(output.read_text(encoding="utf-8")) == expected
    printed = runner.invoke(app, ["export", "--db", str(db)])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.stdout) == expected


@pytest.mark.skipif(not (SHARED / "tools" / "score.py").exists(), reason="../shared is not there")
def test_export_scores_on_the_seed_gold(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds.jsonl"
    listing = subprocess.run([sys.executable, str(SHARED / "tools" / "seeds_jsonl.py")], capture_output=True,
                             text=True, check=True)
    seeds.write_text(listing.stdout, encoding="utf-8")
    prediction = tmp_path / "export.json"
    with newsgraph.open(tmp_path / "seeds.duckdb") as graph:
        assert graph.ingest(seeds).stored == 2
        graph.export(prediction)
    scored = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), "--gold",
                             str(SHARED / "gold" / "seeds.json"), "--pred", str(prediction)],
                            capture_output=True, text=True, check=True)
    headline = dict(item.split("=") for item in scored.stdout.splitlines()[-1].split())
    assert float(headline["events_f1"]) >= 0.75, scored.stdout


# -- every table as CSV or Parquet ---------------------------------------------------------------------


def store_counts(graph: newsgraph.Newsgraph) -> dict[str, int]:
    """Rows per table of the store, for every table but the migration bookkeeping."""
    names = [r["table_name"] for r in graph.store.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")]
    return {name: graph.store.query(f'SELECT count(*) AS n FROM "{name}"')[0]["n"]
            for name in names if name != "schema_migrations"}


def read_back(path: Path) -> duckdb.DuckDBPyRelation:
    """A CSV or Parquet file as read by a fresh DuckDB connection (no pandas involved)."""
    con = duckdb.connect()
    literal = str(path).replace("'", "''")
    # CSV carries no types: read every cell as text, as the store wrote it (a quote "0" stays a string).
    reader = f"read_parquet('{literal}')" if path.suffix == ".parquet" else f"read_csv('{literal}', all_varchar=true)"
    return con.sql(f"SELECT * FROM {reader}")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tables_round_trip(graph: newsgraph.Newsgraph, tmp_path: Path, fmt: str) -> None:
    written = graph.export_tables(tmp_path / "tables", fmt)
    counts = store_counts(graph)
    assert [p.name for p in written] == [f"{name}.{fmt}" for name in sorted(counts)]
    assert {"articles", "events", "merged_events", "canonical_actors", "tokens", "stories"} <= set(counts)
    for path in written:
        rows = pq.read_table(path).num_rows if fmt == "parquet" else len(read_back(path).fetchall())
        assert rows == counts[path.stem], path.name
    texts = dict(read_back(tmp_path / "tables" / f"articles.{fmt}").select("external_id, text").fetchall())
    assert texts == {a["id"]: a["text"] for a in ARTICLES}  # blank lines inside a CSV cell survive
    events = read_back(tmp_path / "tables" / f"events.{fmt}").select("cameo").fetchall()
    assert sorted(row[0] for row in events) == ["036", "043", "163"]  # codes stay zero-padded strings


def test_tables_refuse_a_directory_with_files(graph: newsgraph.Newsgraph, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="not empty"):
        graph.export_tables(tmp_path, "csv")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    written = graph.export_tables(tmp_path, "csv", overwrite=True)
    again = graph.export_tables(tmp_path, "csv", overwrite=True)
    assert written == again and (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert len(read_back(tmp_path / "articles.csv").fetchall()) == 2


def test_tables_refuse_a_file_and_unknown_formats(graph: newsgraph.Newsgraph, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("", encoding="utf-8")
    with pytest.raises(UsageError, match="is a file"):
        graph.export_tables(target, "csv")
    with pytest.raises(UsageError, match="unknown table format 'xlsx'"):
        graph.export_tables(tmp_path / "new", "xlsx")
    assert not (tmp_path / "new").exists()
    with pytest.raises(UsageError, match=r"unknown export format 'csv'.*one file per table"):
        graph.export(tmp_path / "x.csv", "csv")


def test_cli_table_export_exit_codes(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["export", "--format", "csv", "--db", str(db)])
    assert missing.exit_code == 2 and "-o DIR" in missing.stderr
    done = runner.invoke(app, ["export", "--format", "parquet", "-o", str(tmp_path / "t"), "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert done.stdout == "" and "tables as parquet" in done.stderr
    refused = runner.invoke(app, ["export", "--format", "parquet", "-o", str(tmp_path / "t"), "--db", str(db)])
    assert refused.exit_code == 2 and "--overwrite" in refused.stderr
    replaced = runner.invoke(app, ["export", "-f", "parquet", "-o", str(tmp_path / "t"), "--overwrite",
                                   "--db", str(db)])
    assert replaced.exit_code == 0
    unknown = runner.invoke(app, ["export", "--format", "xlsx", "--db", str(db)])
    assert unknown.exit_code == 2 and "unknown export format" in unknown.stderr


CELL_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"),
                    min_size=1, max_size=40)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[newsgraph.Newsgraph, Path]]:
    """An empty store and a folder for the property test (module-scoped: hypothesis reuses it)."""
    folder = tmp_path_factory.mktemp("scratch")
    with newsgraph.open(folder / "scratch.duckdb") as opened:
        yield opened, folder


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(CELL_TEXT, min_size=1, max_size=5))
def test_csv_and_parquet_keep_any_text(scratch: tuple[newsgraph.Newsgraph, Path], texts: list[str]) -> None:
    graph, folder = scratch
    graph.store.con.execute("DELETE FROM quotes")
    graph.store.insert_rows("quotes", ("id", "article_id", "text", "start_char", "end_char", "paragraph",
                                       "confidence"), [(f"q{i}", "a", t, 0, len(t), 0, 0.5)
                                                       for i, t in enumerate(texts)])
    for fmt in ("csv", "parquet"):
        graph.export_tables(folder / fmt, fmt, overwrite=True)
        back = read_back(folder / fmt / f"quotes.{fmt}").select("id, text").fetchall()
        assert sorted(back) == sorted((f"q{i}", t) for i, t in enumerate(texts)), fmt


@pytest.mark.parametrize("fmt", ["json", "graphml"])
def test_an_unwritable_export_path_is_a_usage_error(tmp_path: Path, fmt: str) -> None:
    from newsgraph.errors import UsageError

    with newsgraph.open(tmp_path / "empty.duckdb") as graph, pytest.raises(UsageError, match="cannot write"):
        graph.export(tmp_path / "no-such-folder" / f"out.{fmt}", fmt)
