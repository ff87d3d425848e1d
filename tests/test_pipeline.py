"""The ingest pipeline through the Python API: read → deduplicate → parse → store, in batches."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

import newsgraph
from conftest import Story, write_stories
from newsgraph.annotate import load_pipeline
from newsgraph.errors import UsageError
from newsgraph.pipeline import IngestOptions
from newsgraph.records import Problem
from newsgraph.store import Store

MARKER = "Zanzibar"  # the test parser component fails on any article that names it

if not Language.has_factory("newsgraph_test_explode"):

    @Language.component("newsgraph_test_explode")
    def _explode(doc: Any) -> Any:
        if MARKER in doc.text:
            raise ValueError(f"cannot parse an article about {MARKER}")
        return doc


ZANZIBAR = Story(
    "zanzibar-ferry", "New ferry links Zanzibar and Dar es Salaam", "June 2, 2021",
    ("A new ferry operated by Azam Marine began sailing between Zanzibar and Dar es Salaam on Wednesday. "
     "Captain Halima Said said the crossing now takes under two hours.",),
    "2021-06-02",
)


def stored_rows(graph: newsgraph.Newsgraph) -> dict[str, dict[str, Any]]:
    rows = graph.store.query("SELECT * FROM articles")
    return {row["external_id"]: row for row in rows}


def table_counts(graph: newsgraph.Newsgraph, table: str) -> dict[str, int]:
    rows = graph.store.query(f"SELECT article_id, count(*) AS n FROM {table} GROUP BY article_id")
    return {row["article_id"]: row["n"] for row in rows}


def test_ingest_a_folder_stores_each_article_parsed(graph: newsgraph.Newsgraph, tmp_path: Path,
                                                     english: tuple[Story, ...]) -> None:
    write_stories(tmp_path / "news", english)
    report = graph.ingest([tmp_path / "news"])
    assert (report.read, report.stored, report.duplicates, report.skipped, report.not_english) == (5, 5, 0, 0, 0)
    assert report.problems == []
    assert report.ok
    assert report.summary() == "5 articles stored"

    rows = stored_rows(graph)
    assert set(rows) == {story.stem for story in english}
    assert sorted(report.stored_ids) == sorted(row["id"] for row in rows.values())
    tokens, sentences, entities = (table_counts(graph, t) for t in ("tokens", "sentences", "entities"))
    for story in english:
        row = rows[story.stem]
        assert row["title"] == story.title
        assert row["text"] == story.text
        assert row["origin"] == str(tmp_path / "news" / f"{story.stem}.txt")
        assert (row["parsed"], row["language"]) == (True, "en")
        assert row["model"].startswith("en_core_web_sm")
        assert row["n_sentences"] > 0 and row["n_tokens"] > 0 and row["n_entities"] > 0
        assert (tokens[row["id"]], sentences[row["id"]], entities[row["id"]]) == (
            row["n_tokens"], row["n_sentences"], row["n_entities"])
        assert row["published"] == story.published
        assert row["published_precision"] == ("day" if story.published else "unknown")
        assert (str(row["published_date"]) if row["published_date"] else None) == story.published


def test_reingest_stores_nothing(graph: newsgraph.Newsgraph, tmp_path: Path, english: tuple[Story, ...]) -> None:
    write_stories(tmp_path / "news", english)
    graph.ingest([tmp_path / "news"])
    before = graph.stats()
    report = graph.ingest([tmp_path / "news"])
    assert (report.read, report.stored, report.duplicates, report.skipped) == (5, 0, 5, 0)
    assert report.summary() == "0 articles stored, 5 already stored (nothing added)"
    assert "already stored" in report.summary()
    after = graph.stats()
    assert after["ingest_runs"] == before["ingest_runs"] + 1
    assert {k: v for k, v in after.items() if k != "ingest_runs"} == {
        k: v for k, v in before.items() if k != "ingest_runs"}


def test_same_text_in_two_files_is_stored_once(graph: newsgraph.Newsgraph, tmp_path: Path,
                                                english: tuple[Story, ...]) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a-first.txt").write_text(english[1].as_txt(), encoding="utf-8")
    # Same body under another headline, with different case and spacing: still the same article.
    copy = english[1].as_txt().replace("Mayor Lena Brandt opens", "MAYOR  LENA BRANDT OPENS", 1)
    (folder / "b-copy.txt").write_text(copy, encoding="utf-8")
    report = graph.ingest([folder])
    assert (report.read, report.stored, report.duplicates) == (2, 1, 1)
    assert list(stored_rows(graph)) == ["a-first"]


def test_a_bad_input_is_skipped_and_the_others_stored(graph: newsgraph.Newsgraph, tmp_path: Path,
                                                      english: tuple[Story, ...]) -> None:
    folder = tmp_path / "news"
    write_stories(folder, english[:2])
    (folder / "broken.txt").write_bytes(b"")
    seen: list[Problem] = []
    report = graph.ingest([folder], on_problem=seen.append)
    assert (report.stored, report.skipped) == (2, 1)
    assert not report.ok
    assert report.summary() == "2 articles stored, 1 skipped"
    assert seen == report.problems
    [problem] = report.problems
    assert (problem.where, problem.severity) == (str(folder / "broken.txt"), "error")
    assert set(stored_rows(graph)) == {english[0].stem, english[1].stem}


def test_a_missing_input_is_a_problem(graph: newsgraph.Newsgraph, tmp_path: Path, english: tuple[Story, ...]) -> None:
    [path] = write_stories(tmp_path / "news", english[:1])
    report = graph.ingest([path, tmp_path / "nowhere.txt"])
    assert (report.stored, report.skipped) == (1, 1)
    assert report.problems[0].where == str(tmp_path / "nowhere.txt")


def test_non_english_is_stored_unparsed_with_a_warning(graph: newsgraph.Newsgraph, tmp_path: Path,
                                                      english: tuple[Story, ...], french: Story) -> None:
    folder = tmp_path / "news"
    write_stories(folder, [english[0], french])
    report = graph.ingest([folder])
    assert (report.stored, report.not_english, report.skipped) == (2, 1, 0)
    assert report.ok
    assert report.summary() == "2 articles stored, 1 not English (stored, not parsed), 1 warning"
    [problem] = report.problems
    assert (problem.where, problem.severity) == (str(folder / f"{french.stem}.txt"), "warning")
    assert "not English" in problem.reason
    row = stored_rows(graph)[french.stem]
    assert (row["parsed"], row["language"], row["model"]) == (False, "fr", None)
    assert (row["n_sentences"], row["n_tokens"], row["n_entities"]) == (0, 0, 0)
    assert row["text"] == french.text
    assert table_counts(graph, "tokens").get(row["id"]) is None


def test_only_non_english_articles(graph: newsgraph.Newsgraph, tmp_path: Path, french: Story) -> None:
    write_stories(tmp_path / "news", [french])
    report = graph.ingest([tmp_path / "news"])
    assert (report.stored, report.not_english) == (1, 1)
    assert stored_rows(graph)[french.stem]["parsed"] is False


def test_published_default_applies_only_to_undated_inputs(graph: newsgraph.Newsgraph, tmp_path: Path,
                                                          english: tuple[Story, ...]) -> None:
    write_stories(tmp_path / "news", english)
    graph.ingest([tmp_path / "news"], published="2018-11", source="Test Desk")
    rows = stored_rows(graph)
    for story in english:
        row = rows[story.stem]
        if story.published:
            assert (row["published"], row["published_precision"]) == (story.published, "day")
        else:
            assert (row["published"], row["published_precision"]) == ("2018-11", "month")
            assert str(row["published_date"]) == "2018-11-01"
        assert row["source"] == "Test Desk"  # .txt files state no source


def test_source_and_published_defaults_with_jsonl(graph: newsgraph.Newsgraph, tmp_path: Path,
                                                  english: tuple[Story, ...]) -> None:
    write_stories(tmp_path / "news", english, fmt="jsonl")
    report = graph.ingest([tmp_path / "news"], published="2017-01-02", source="Fallback")
    assert report.stored == 5
    rows = stored_rows(graph)
    for story in english:
        assert rows[story.stem]["source"] == (story.source or "Fallback")
        assert rows[story.stem]["published"] == (story.published or "2017-01-02")


def test_batches_are_committed_separately(graph: newsgraph.Newsgraph, tmp_path: Path, english: tuple[Story, ...],
                                          monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    sizes: list[int] = []
    original = Store.write_batch

    def spy(self: Store, articles: Any, *args: Any, **kwargs: Any) -> None:
        sizes.append(len(articles))
        original(self, articles, *args, **kwargs)

    monkeypatch.setattr(Store, "write_batch", spy)
    caplog.set_level(logging.INFO, logger="newsgraph")
    write_stories(tmp_path / "news", english)
    report = graph.ingest([tmp_path / "news"], batch_size=2)
    assert report.stored == 5
    assert sizes == [2, 2, 1]
    committed = [r.getMessage() for r in caplog.records if "committed a batch" in r.getMessage()]
    assert committed == [
        "committed a batch of 2 articles (2 stored so far)",
        "committed a batch of 2 articles (4 stored so far)",
        "committed a batch of 1 articles (5 stored so far)",
    ]


def test_ingest_leaves_the_garbage_collector_as_it_found_it(graph: newsgraph.Newsgraph, tmp_path: Path,
                                                          english: tuple[Story, ...]) -> None:
    # The run freezes what exists when it starts (the model, the caller's objects) so the collector's
    # full passes skip them; the caller's process must get its collector back unchanged.
    import gc

    frozen_during: list[int] = []
    write_stories(tmp_path / "news", english[:2])
    before = gc.get_freeze_count()
    graph.ingest([tmp_path / "news"], on_progress=lambda *_: frozen_during.append(gc.get_freeze_count()))
    assert frozen_during and min(frozen_during) > before
    assert gc.get_freeze_count() == before

    gc.freeze()  # a caller that froze its own objects (a pre-fork server) finds them still frozen
    try:
        graph.ingest([tmp_path / "news"])
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_failed_commit_stops_the_ingest_and_keeps_the_batches_before_it(
        graph: newsgraph.Newsgraph, tmp_path: Path, english: tuple[Story, ...],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Batches are committed on a writer thread while the next is parsed: its error must still reach
    # the caller, and what was committed before it must stay, whole.
    original = Store.write_batch
    calls: list[int] = []

    def fail_second(self: Store, articles: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(len(articles))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        original(self, articles, *args, **kwargs)

    monkeypatch.setattr(Store, "write_batch", fail_second)
    write_stories(tmp_path / "news", english)
    with pytest.raises(RuntimeError, match="disk full"):
        graph.ingest([tmp_path / "news"], batch_size=2)
    assert len(stored_rows(graph)) == 2
    tokens = table_counts(graph, "tokens")
    assert len(tokens) == 2 and all(tokens.values())


def test_non_english_articles_count_towards_a_batch(graph: newsgraph.Newsgraph, tmp_path: Path,
                                                   english: tuple[Story, ...], french: Story,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    original = Store.write_batch

    def spy(self: Store, articles: Any, *args: Any, **kwargs: Any) -> None:
        sizes.append(len(articles))
        original(self, articles, *args, **kwargs)

    monkeypatch.setattr(Store, "write_batch", spy)
    french_copies = [Story(f"fr-{n}", french.title, None, (f"{french.paragraphs[0]} Numéro {n}.",), None)
                     for n in range(4)]
    write_stories(tmp_path / "news", [*french_copies, *english[:2]])
    report = graph.ingest([tmp_path / "news"], batch_size=2)
    assert (report.stored, report.not_english) == (6, 4)
    assert max(sizes) <= 2, sizes


@pytest.fixture
def exploding_parser() -> Any:
    """The pipeline the ingest uses, with a last component that fails on articles naming MARKER."""
    nlp = load_pipeline(IngestOptions().model)
    nlp.add_pipe("newsgraph_test_explode", last=True)
    try:
        yield nlp
    finally:
        nlp.remove_pipe("newsgraph_test_explode")


@pytest.mark.usefixtures("exploding_parser")
@pytest.mark.parametrize("workers", [1, 2])
def test_a_parser_failure_loses_only_that_article(graph: newsgraph.Newsgraph, tmp_path: Path,
                                                  english: tuple[Story, ...], workers: int) -> None:
    folder = tmp_path / "news"
    write_stories(folder, [*english[:2], ZANZIBAR, *english[2:]])
    report = graph.ingest([folder], batch_size=2, workers=workers)
    assert (report.read, report.stored, report.skipped) == (6, 5, 1)
    [problem] = report.problems
    assert (problem.where, problem.severity) == (str(folder / "zanzibar-ferry.txt"), "error")
    assert "the parser failed" in problem.reason and MARKER in problem.reason
    assert set(stored_rows(graph)) == {story.stem for story in english}
    assert all(row["n_tokens"] > 0 for row in stored_rows(graph).values())


def test_an_article_over_the_parser_limit_is_skipped(graph: newsgraph.Newsgraph, tmp_path: Path,
                                                    english: tuple[Story, ...],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    short = Story("short", "Rain in Bergen", None, ("It rained in Bergen on Monday, said Ingrid Larsen.",), None)
    monkeypatch.setattr(load_pipeline(IngestOptions().model), "max_length", 100)
    folder = tmp_path / "news"
    write_stories(folder, [short, english[0]])
    report = graph.ingest([folder])
    assert (report.stored, report.skipped) == (1, 1)
    [problem] = report.problems
    assert problem.where == str(folder / "kenya-rate.txt")
    assert "over the parser's limit of 100" in problem.reason
    assert list(stored_rows(graph)) == ["short"]


def test_progress_hook_sees_every_input(graph: newsgraph.Newsgraph, tmp_path: Path,
                                        english: tuple[Story, ...]) -> None:
    write_stories(tmp_path / "news", english[:3])
    calls: list[tuple[int, int, int]] = []
    graph.ingest([tmp_path / "news"], on_progress=lambda report, done, total: calls.append(
        (report.stored, done, total)))
    assert calls[-1] == (3, 3, 3)
    assert [done for _, done, _ in calls] == sorted(done for _, done, _ in calls)


def memory_limit(graph: newsgraph.Newsgraph) -> str:
    return str(graph.store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0])


def test_duckdb_memory_is_capped_while_ingesting_and_restored_after(graph: newsgraph.Newsgraph, tmp_path: Path,
                                                                      english: tuple[Story, ...]) -> None:
    write_stories(tmp_path / "news", english[:2])
    default = memory_limit(graph)
    seen: set[str] = set()
    graph.ingest([tmp_path / "news"], on_progress=lambda *_: seen.add(memory_limit(graph)))
    assert seen == {"122.0 MiB"}  # 128MB, as DuckDB states it
    assert memory_limit(graph) == default
    seen.clear()
    write_stories(tmp_path / "more", english[2:3])
    graph.ingest([tmp_path / "more"], db_memory="1GB", on_progress=lambda *_: seen.add(memory_limit(graph)))
    assert seen == {"953.6 MiB"}


@pytest.mark.parametrize("size", ["lots", "12", "-5MB", "1 GBs"])
def test_a_memory_cap_that_is_not_a_size_is_refused_naming_it(graph: newsgraph.Newsgraph, tmp_path: Path,
                                                              english: tuple[Story, ...], size: str) -> None:
    write_stories(tmp_path / "news", english[:1])
    with pytest.raises(UsageError, match=f"like 512MB or 2GB, not {re.escape(repr(size))}"):
        graph.ingest([tmp_path / "news"], db_memory=size)
    assert graph.stats()["articles"] == 0


@pytest.mark.slow
def test_two_workers_store_the_same_parses(tmp_path: Path, english: tuple[Story, ...], french: Story) -> None:
    write_stories(tmp_path / "news", [*english, french])
    stored = {}
    for workers in (1, 2):
        with newsgraph.open(tmp_path / f"workers{workers}.duckdb") as graph:
            report = graph.ingest([tmp_path / "news"], workers=workers, batch_size=2)
            assert (report.stored, report.not_english, report.skipped) == (6, 1, 0)
            rows = graph.store.query("SELECT * EXCLUDE (ingested_at, extracted_at) FROM articles ORDER BY id")
            stored[workers] = (rows, [graph.parse(row["id"]) for row in rows])
    assert stored[1] == stored[2]
