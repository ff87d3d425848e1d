"""Engines: the batch worker, local processes, Ray, and Parquet shards — all storing the same thing."""

from __future__ import annotations

import builtins
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import newsgraph
from conftest import ENGLISH, FRENCH, many_stories, write_stories
from newsgraph import engine
from newsgraph.engine import BatchWorker, EngineOptions, WorkerOptions
from newsgraph.errors import StoreError, UsageError
from newsgraph.ingest import read_inputs
from newsgraph.records import Article
from newsgraph.shards import TABLES, ShardWriter
from newsgraph.store import Store

DEMO = Path(__file__).parents[1] / "examples" / "demo"
# Every table an ingest fills, with the columns that must match (run times excluded).
COMPARED = {"articles": "* EXCLUDE (ingested_at, extracted_at)", "sentences": "*", "tokens": "*",
            "entities": "*", "actors": "*", "mentions": "*", "events": "*", "quotes": "*", "relations": "*",
            "canonical_actors": "*", "actor_links": "*", "merged_events": "*", "event_links": "*",
            "stories": "*", "story_articles": "*"}


def read_articles(folder: Path) -> list[Article]:
    return [item for item in read_inputs([str(folder)]) if isinstance(item, Article)]


def contents(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every compared table's rows, in a stable order."""
    with newsgraph.open(path, read_only=True) as graph:
        con = graph.store.con
        return {table: sorted(con.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
                for table, columns in COMPARED.items()}


@pytest.fixture(scope="module")
def worker() -> BatchWorker:
    return BatchWorker(WorkerOptions())


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    folder = tmp_path_factory.mktemp("stories")
    write_stories(folder, [*ENGLISH, FRENCH])
    return read_articles(folder)


# -- the batch worker ------------------------------------------------------------------------------

def test_worker_returns_one_result_per_article_in_order(worker: BatchWorker, stories: list[Article]) -> None:
    results = worker(stories)
    assert [r.article.id for r in results] == [a.id for a in stories]
    for result in results:
        if result.article.language == "fr":
            assert (result.parse, result.extraction, result.stored, result.not_english) == (None, None, True, True)
            assert result.problem is not None and result.problem.severity == "warning"
        else:
            assert result.problem is None and result.stored
            assert result.parse is not None and result.parse.tokens and result.parse.article_id == result.article.id
            assert result.extraction is not None and result.extraction.actors


def test_worker_records_outlive_the_batch(worker: BatchWorker, stories: list[Article]) -> None:
    """Records made inside the batch's memory zone still read back whole after it closes."""
    [rostock] = [a for a in stories if a.external_id == "rostock-bridge"]
    [result] = worker([rostock])
    assert result.parse is not None and result.extraction is not None
    text = rostock.text
    assert [text[t.start:t.end] for t in result.parse.tokens] == [t.text for t in result.parse.tokens]
    names = {a.name for a in result.extraction.actors}
    assert "Lena Brandt" in names, names


def test_worker_vocabulary_does_not_grow_with_new_words(worker: BatchWorker) -> None:
    """Memory is bounded by the batch: words first met in a batch leave the vocabulary with it."""
    def batch(n: int) -> list[Article]:
        words = " ".join(f"Zorblat{n}x{k}" for k in range(200))
        return [Article(f"id-{n}", f"ext-{n}", "t", f"Officials met {words} in Lisbon on Monday.", language="en")]

    worker(batch(0))
    vocab = worker.nlp.vocab
    before = len(vocab.strings)
    for n in range(1, 4):
        [result] = worker(batch(n))
        assert result.parse is not None and f"Zorblat{n}x7" in {t.text for t in result.parse.tokens}
        assert f"Zorblat{n}x7" not in vocab.strings and f"Zorblat{n}x7" not in vocab  # no lexeme left behind
    assert len(vocab.strings) == before


def test_worker_skips_an_article_over_the_parser_limit(worker: BatchWorker, stories: list[Article],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker.nlp, "max_length", len(stories[0].text) - 1)
    short = replace(stories[1], text="Mayor Lena Brandt opened a bridge in Rostock.")
    long_result, short_result = worker([stories[0], short])
    assert not long_result.stored and long_result.problem is not None
    assert "over the parser's limit" in long_result.problem.reason
    assert short_result.stored and short_result.parse is not None


def test_extraction_failure_keeps_the_parse(worker: BatchWorker, stories: list[Article],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: Any) -> Any:
        raise RuntimeError("rule exploded")

    assert worker.extractor is not None
    monkeypatch.setattr(worker, "extractor", broken)
    [result] = worker([stories[0]])
    assert result.stored and result.parse is not None and result.extraction is None
    assert result.problem is not None and result.problem.severity == "warning"
    assert "extraction failed (RuntimeError: rule exploded)" in result.problem.reason


# -- local engine ----------------------------------------------------------------------------------

def counted(batches: list[list[Article]], taken: list[int]) -> Iterator[list[Article]]:
    for batch in batches:
        taken.append(len(batch))
        yield batch


@pytest.mark.parametrize("workers", [1, 2])
def test_local_engine_takes_input_lazily_and_keeps_order(workers: int) -> None:
    articles = [Article(s.stem, s.stem, s.title, s.text, language="en") for s in many_stories(12)]
    batches = [articles[i:i + 2] for i in range(0, len(articles), 2)]
    taken: list[int] = []
    results = engine.run(EngineOptions("local", workers, 2, worker=WorkerOptions(extract=False)),
                         counted(batches, taken))
    first = next(results)
    # Only the batches in flight have been read when the first result comes back.
    assert len(taken) <= (1 if workers == 1 else engine.IN_FLIGHT_PER_WORKER * workers)
    got = [first, *results]
    assert [[r.article.id for r in batch] for batch in got] == [[a.id for a in batch] for batch in batches]
    assert all(r.parse is not None and r.extraction is None for batch in got for r in batch)


# -- choosing an engine ----------------------------------------------------------------------------

@pytest.mark.parametrize(("options", "message"), [
    (EngineOptions("spark"), "unknown engine 'spark'; choose one of local, ray"),
    (EngineOptions("local", address="10.0.0.1:6379"), "--address names a Ray cluster; use it with --engine ray"),
    (EngineOptions("local", workers=0), "workers and batch size must be at least 1"),
])
def test_unusable_engine_options_are_refused(options: EngineOptions, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        engine.check(options)


def test_ray_missing_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_ray(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "ray" or name.startswith("ray."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    for name in [n for n in sys.modules if n == "ray" or n.startswith("ray.")]:
        monkeypatch.delitem(sys.modules, name)
    from typer.testing import CliRunner

    from newsgraph.cli import app

    db = tmp_path / "x.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(DEMO), "--engine", "ray", "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "pip install 'newsgraph[ray]'" in result.output
    assert not db.exists()  # refused before anything was created


class FakeRay:
    """Records how the engine starts and joins Ray clusters."""

    def __init__(self, running: bool = False, refuse: bool = False) -> None:
        self.running, self.refuse = running, refuse
        self.calls: list[dict[str, Any]] = []

    def is_initialized(self) -> bool:
        return self.running

    def init(self, **kwargs: Any) -> None:
        if self.refuse:
            raise ConnectionError("could not find any running Ray instance")
        self.calls.append(kwargs)


def test_ray_starts_a_local_cluster_sized_by_workers() -> None:
    ray = FakeRay()
    assert engine._connect(ray, EngineOptions("ray", workers=3)) is True  # this run must shut it down
    assert ray.calls[0]["num_cpus"] == 3


def test_ray_uses_a_running_cluster_and_leaves_it_running() -> None:
    ray = FakeRay(running=True)
    assert engine._connect(ray, EngineOptions("ray", workers=3)) is False
    assert ray.calls == []


def test_ray_joins_the_cluster_at_the_address() -> None:
    ray = FakeRay()
    assert engine._connect(ray, EngineOptions("ray", address="10.0.0.5:6379")) is True
    assert ray.calls[0]["address"] == "10.0.0.5:6379" and "num_cpus" not in ray.calls[0]


def test_an_address_while_ray_already_runs_here_says_what_to_do() -> None:
    ray = FakeRay(running=True)
    with pytest.raises(UsageError, match=r"already running in this process, so it cannot join 10\.0\.0\.5:6379; "
                                         "leave out --address"):
        engine._connect(ray, EngineOptions("ray", address="10.0.0.5:6379"))
    assert ray.calls == []


def test_an_unreachable_cluster_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"cannot reach the Ray cluster at 10\.0\.0\.5:6379"):
        engine._connect(FakeRay(refuse=True), EngineOptions("ray", address="10.0.0.5:6379"))


# -- shards ----------------------------------------------------------------------------------------

def test_shards_load_exactly_what_a_batch_commit_writes(worker: BatchWorker, stories: list[Article],
                                                        tmp_path: Path) -> None:
    results = worker(stories)
    halves = [results[:3], results[3:]]
    committed = Store(tmp_path / "committed.duckdb")
    for half in halves:
        kept = [r for r in half if r.stored]
        committed.write_batch([r.article for r in kept], {r.article.id: r.parse for r in kept if r.parse},
                              [r.extraction for r in kept if r.extraction])
    committed.close()
    sharded = Store(tmp_path / "sharded.duckdb")
    (tmp_path / "shards").mkdir()
    writer = ShardWriter(tmp_path / "shards")
    for half in halves:
        writer.add(half)
    writer.load(sharded)
    sharded.close()
    tables = [t for t in COMPARED if t in TABLES]
    assert {t: contents(tmp_path / "committed.duckdb")[t] for t in tables} == {
        t: contents(tmp_path / "sharded.duckdb")[t] for t in tables}
    assert contents(tmp_path / "sharded.duckdb")["events"]


def test_a_failed_load_stores_nothing(worker: BatchWorker, stories: list[Article], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "x.duckdb")
    writer = ShardWriter(tmp_path)
    writer.add(worker(stories[:2]))
    (tmp_path / "relations-999999.parquet").write_bytes(b"not parquet")  # a shard that cannot be read
    with pytest.raises(StoreError, match="nothing of this run was stored"):
        writer.load(store)
    assert store.query("SELECT count(*) AS n FROM articles") == [{"n": 0}]
    assert store.query("SELECT count(*) AS n FROM tokens") == [{"n": 0}]
    store.close()


# -- identical results ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def local_demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Any, ...]]]:
    """The demo corpus ingested in this process (one worker)."""
    path = tmp_path_factory.mktemp("local") / "one.duckdb"
    with newsgraph.open(path) as graph:
        report = graph.ingest([DEMO], batch_size=5)
        assert report.stored == 22 and report.ok
    return contents(path)


@pytest.mark.slow
def test_two_local_workers_store_what_one_does(local_demo: dict[str, Any], tmp_path: Path) -> None:
    with newsgraph.open(tmp_path / "two.duckdb") as graph:
        report = graph.ingest([DEMO], engine="local", workers=2, batch_size=5)
        assert report.stored == 22 and report.ok
    assert contents(tmp_path / "two.duckdb") == local_demo
    assert all(local_demo[table] for table in ("events", "quotes", "relations", "merged_events", "stories"))


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    """A local Ray cluster of two CPUs for this module, always shut down."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*")  # Ray Data warns about its own settings
def test_ray_stores_what_local_does(local_demo: dict[str, Any], ray_cluster: Any, tmp_path: Path) -> None:
    with newsgraph.open(tmp_path / "ray.duckdb") as graph:
        report = graph.ingest([DEMO], engine="ray", workers=2, batch_size=5)
        assert (report.read, report.stored, report.skipped) == (22, 22, 0)
        again = graph.ingest([DEMO], engine="ray", workers=2, batch_size=5)
        assert (again.stored, again.duplicates) == (0, 22)
    assert ray_cluster.is_initialized()  # the test's cluster is the test's to stop
    assert contents(tmp_path / "ray.duckdb") == local_demo
