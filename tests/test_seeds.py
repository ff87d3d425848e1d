"""The shared seed articles and the VOA corpus ingest as their contents say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsgraph
from newsgraph.cli import app

SHARED = Path(__file__).parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
VOA = SHARED / "corpora" / "voa_stories.jsonl"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not here")
def test_seeds_through_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "seeds.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(SEEDS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "2 articles stored"
    with newsgraph.open(db, read_only=True) as graph:
        rows = {row["external_id"]: row for row in graph.articles()}
        assert set(rows) == {"000_be1492698f019d6f", "003_1037126989e954dc"}
        first, second = rows["000_be1492698f019d6f"], rows["003_1037126989e954dc"]
        assert first["title"] == "Kim Jong-un, Xi Jinping talk strategy ahead of potential summit with Donald Trump"
        assert (first["published"], first["published_precision"]) == ("2019-01-08", "day")
        assert second["title"] == "North Korea talks designed to give Xi Jinping and Kim Jong-un new leverage over US"
        assert (second["published"], second["published_precision"]) == (None, "unknown")
        for row in (first, second):
            assert (row["language"], row["n_sentences"] > 0, row["n_entities"] > 0) == ("en", True, True)
            record = graph.article(row["id"])
            assert "Xi Jinping" in {e["text"] for e in record["entities"] if e["label"] == "PERSON"}
            assert not record["text"].startswith(row["title"])  # the headline is not part of the text


@pytest.mark.slow
@pytest.mark.skipif(not VOA.is_file(), reason="../shared/corpora/voa_stories.jsonl is not here")
def test_voa_corpus(graph: newsgraph.Newsgraph) -> None:
    records = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines()]
    report = graph.ingest([VOA])
    assert [p for p in report.problems if p.severity == "error"] == []
    assert (report.read, report.stored, report.skipped, report.not_english) == (89, 89, 0, 0)
    rows = {row["external_id"]: row for row in graph.store.query(
        "SELECT external_id, title, url, published, published_precision, parsed, n_tokens, meta FROM articles")}
    assert len(rows) == len(records) == 89
    for record in records:
        row = rows[record["id"]]
        assert row["title"] == record["title"]
        assert row["url"] == record["url"]
        assert (row["published"], row["published_precision"]) == (record["published"][:10], "day")
        assert row["parsed"] and row["n_tokens"] > 0
        assert json.loads(row["meta"])["section"] == record["section"]
    # Extraction ran on real text: every fact carries evidence that is the article's own text.
    texts = {r["id"]: r["text"] for r in graph.store.query("SELECT id, text FROM articles")}
    events = graph.store.query("SELECT article_id, evidence, evidence_start, evidence_end, source, date FROM events")
    assert len(events) > 100
    for event in events:
        assert texts[event["article_id"]][event["evidence_start"]:event["evidence_end"]] == event["evidence"]
        assert event["source"] is not None
    quotes = graph.store.query("SELECT article_id, text, start_char, end_char FROM quotes")
    assert len(quotes) > 300
    for quote in quotes:
        quoted = texts[quote["article_id"]][quote["start_char"]:quote["end_char"]]
        assert " ".join(quoted.split()) == " ".join(quote["text"].split())
    published = {r["id"]: r["published"] for r in graph.store.query("SELECT id, published FROM articles")}
    # never the GDELT mistake of dating every event by its report
    same_day = sum(1 for e in events if e["date"] == published[e["article_id"]])
    assert same_day < len(events) / 2
