"""Extraction: the Extractor over a parsed text, the registered spaCy factories, re-extraction from the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from typer.testing import CliRunner

import newsgraph
from newsgraph import extract
from newsgraph.cli import app
from newsgraph.records import PartialDate, Precision

PUBLISHED = PartialDate("2019-01-08", Precision.DAY)  # a Tuesday
TEXT = (
    "Chinese President Xi Jinping hosted North Korean leader Kim Jong-un in Beijing on Tuesday.\n\n"
    "Mr. Kim thanked Mr. Xi for the dinner. The White House said it welcomed the talks.\n\n"
    "Mr. Xi's visit to Osaka later this month will follow. A planned visit to Sydney was cancelled.\n\n"
    "Tomas Novak met Ana Silva in Prague on Monday."
)


@pytest.fixture(scope="module")
def extraction(nlp: Any) -> extract.Extraction:
    return extract.Extractor()(nlp(TEXT), "article-1", PUBLISHED)


def test_extractor_returns_records_of_the_article(extraction: extract.Extraction) -> None:
    assert extraction.article_id == "article-1"
    assert [(e.source, e.cameo, e.target, e.status, e.date, e.location) for e in extraction.events] == [
        ("person:xi jinping", "043", "person:kim jong-un", "occurred", "2019-01-08", "Beijing"),
        ("person:xi jinping", "042", "country:JPN", "planned", "2019-01", "Osaka"),
        ("person:tomas novak", "040", "person:ana silva", "occurred", "2019-01-07", "Prague"),
    ]
    assert {e.article_id for e in extraction.events} == {"article-1"}
    assert [(m.text, m.actor) for m in extraction.mentions] == [
        ("Xi Jinping", "person:xi jinping"), ("Kim Jong-un", "person:kim jong-un"), ("Beijing", "country:CHN"),
        ("Mr. Kim", "person:kim jong-un"), ("Mr. Xi", "person:xi jinping"),
        ("The White House", "organization:white house"), ("it", "organization:white house"),
        ("Mr. Xi", "person:xi jinping"), ("Tomas Novak", "person:tomas novak"), ("Ana Silva", "person:ana silva"),
        ("Prague", "country:CZE"),
    ]
    for mention in extraction.mentions:
        assert TEXT[mention.start:mention.end] == mention.text


def test_actors_are_those_mentioned_or_in_events(extraction: extract.Extraction) -> None:
    used = ({m.actor for m in extraction.mentions} | {k for e in extraction.events for k in (e.source, e.target) if k}
            | {q.speaker for q in extraction.quotes if q.speaker}
            | {k for r in extraction.relations for k in (r.source, r.target)})
    keys = [a.key for a in extraction.actors]
    assert len(keys) == len(set(keys))
    assert set(keys) == used
    # Japan comes only from the visit to Osaka; Australia only from a visit nobody made: not an actor
    assert "country:JPN" in keys and "country:JPN" not in {m.actor for m in extraction.mentions}
    assert "country:AUS" not in keys


@pytest.fixture(scope="module")
def pipeline() -> Language:
    """A fresh copy of the model with newsgraph's extraction components added (the shared one stays as it is)."""
    import spacy

    from newsgraph.annotate import MODEL

    extract.register_factories()
    extract.register_factories()  # idempotent
    nlp = spacy.load(MODEL)
    nlp.add_pipe("newsgraph_actors")
    nlp.add_pipe("newsgraph_events")
    return nlp


def test_factories_run_in_a_spacy_pipeline(pipeline: Language, extraction: extract.Extraction) -> None:
    assert pipeline.pipe_names[-2:] == ["newsgraph_actors", "newsgraph_events"]
    doc = pipeline(TEXT)
    result = doc._.ng_actors
    assert [(m.text, m.actor) for m in result.mentions] == [(m.text, m.actor) for m in extraction.mentions]
    assert [(s.text, s.label_, s.kb_id_) for s in doc.spans["ng_actors"]] == [
        (m.text, m.kind, m.actor) for m in extraction.mentions]
    # without a publication date: the same events, dated only where the text says so
    assert [(e.source, e.cameo, e.target, e.article_id) for e in doc._.ng_events] == [
        (e.source, e.cameo, e.target, "") for e in extraction.events]


def test_actors_factory_takes_a_dictionary_file(tmp_path: Path) -> None:
    import spacy

    path = tmp_path / "people.yaml"
    path.write_text("- {name: Tomas Novak, type: person, country: CZE, sector: GOV}\n", encoding="utf-8")
    extract.register_factories()
    nlp = spacy.blank("en")
    finder = nlp.add_pipe("newsgraph_actors", config={"actors_file": str(path)})
    entry = finder.dictionary.lookup("Tomas Novak")
    assert entry is not None and (entry.country, entry.sector) == ("CZE", "GOV")
    assert finder.dictionary.lookup("Kim Jong-un") is not None  # the bundled entries stay


# -- re-extraction from the store -----------------------------------------------------------------------------


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A database holding TEXT as one ingested article."""
    source = tmp_path / "news.jsonl"
    record = {"id": "summit", "title": "Xi hosts Kim", "text": TEXT, "published": "2019-01-08"}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    path = tmp_path / "x.duckdb"
    with newsgraph.open(path) as graph:
        assert graph.ingest(source).stored == 1
    return path


def rows(graph: newsgraph.Newsgraph) -> dict[str, list[dict[str, Any]]]:
    return {
        "events": graph.store.query("SELECT * FROM events ORDER BY id"),
        "actors": graph.store.query("SELECT * FROM actors ORDER BY key"),
        "mentions": graph.store.query("SELECT * FROM mentions ORDER BY idx"),
    }


@pytest.fixture
def no_parser(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any call of a spaCy pipeline fails the test."""
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the parser ran")

    monkeypatch.setattr(Language, "__call__", refuse)
    monkeypatch.setattr(Language, "pipe", refuse)
    yield


def test_extract_reruns_on_stored_parses_and_replaces_rows(stored: Path, no_parser: None) -> None:
    with newsgraph.open(stored) as graph:
        before = rows(graph)
        assert len(before["events"]) == 3 and len(before["mentions"]) == 11
        graph.store.con.execute("DELETE FROM events")
        progress: list[tuple[int, int]] = []
        assert graph.extract(on_progress=lambda done, total: progress.append((done, total))) == 1
        assert progress == [(1, 1)]
        assert rows(graph) == before
        assert graph.extract("summit") == 1
        assert rows(graph) == before  # replaced, not added
        assert graph.articles()[0]["n_events"] == 3


def test_cli_extract_with_user_dictionary_changes_an_actors_country(stored: Path, tmp_path: Path) -> None:
    def novak() -> dict[str, Any]:
        with newsgraph.open(stored, read_only=True) as graph:
            [row] = graph.store.query("SELECT name, country, sector FROM actors WHERE key = 'person:tomas novak'")
            return row

    assert novak() == {"name": "Tomas Novak", "country": None, "sector": None}
    people = tmp_path / "people.yaml"
    people.write_text("- name: Tomas Novak\n  type: person\n  country: CZE\n  sector: GOV\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--actors", str(people), "--db", str(stored)])
    assert result.exit_code == 0, result.output
    assert "extracted 1 article" in result.output
    assert novak() == {"name": "Tomas Novak", "country": "CZE", "sector": "GOV"}
