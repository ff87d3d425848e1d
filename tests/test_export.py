"""Export: the store as one JSON document, in the layout ../shared/tools/score.py reads."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import newsgraph
from newsgraph.cli import app
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
