"""Pipeline: run read → deduplicate → parse and extract → store over a stream of inputs.

Articles flow in batches: read and deduplicated here, parsed and extracted by an
engine (:mod:`newsgraph.engine`: this process, local processes, or Ray), stored
by this process alone, as DuckDB has a single writer. With the local engine each
batch is committed in its own transaction: a crash loses at most the batches in
flight, and a re-run skips what is stored (by content hash). With Ray, results
go to Parquet shards that are loaded in one transaction at the end of the run.
One bad input or one article spaCy cannot parse never stops the others.
"""

from __future__ import annotations

import gc
import logging
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph import engine
from newsgraph.annotate import MODEL
from newsgraph.engine import EngineOptions, Processed, WorkerOptions
from newsgraph.ingest import DEFAULT_MAX_BYTES, ReadOptions, discover, read_found
from newsgraph.records import Article, IngestReport, PartialDate, Problem

if TYPE_CHECKING:
    from newsgraph.store import Store

log = logging.getLogger("newsgraph")

# DuckDB's memory cap while ingesting. DuckDB caches what it reads and writes up to most of the
# machine's memory; ingest needs little of it, and a cap keeps memory from growing with the store.
# Measured (bench/scale.py, docs/performance.md): linking a 10,000-article store runs as fast at
# 128MB as without a cap; at 64MB one of its joins runs out of memory.
DB_MEMORY = "128MB"

ProblemHook = Callable[[Problem], None]
ProgressHook = Callable[[IngestReport, int, int], None]  # report, inputs read, inputs in all


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Options of one ingest run; ``published`` and ``source`` fill in what inputs do not state."""

    published: PartialDate | None = None
    source: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    workers: int = 1
    batch_size: int = 64
    model: str = MODEL
    extract: bool = True  # run actor and event extraction on each parsed article
    actors_file: str | None = None  # a user actor dictionary extending the bundled one
    engine: str = "local"  # "local" (this machine's processes) or "ray"
    address: str | None = None  # the Ray cluster to join; None starts a local one for the run
    db_memory: str | None = DB_MEMORY  # DuckDB's memory cap for the run (None: DuckDB's default)

    def read_options(self) -> ReadOptions:
        """The subset of options the readers use."""
        return ReadOptions(published=self.published, source=self.source, max_bytes=self.max_bytes)

    def engine_options(self) -> EngineOptions:
        """The subset of options the engines use."""
        return EngineOptions(self.engine, self.workers, self.batch_size, self.address,
                             WorkerOptions(self.model, self.extract, self.actors_file))


@dataclass
class _Run:
    """State shared by the stages of one run."""

    store: Store
    options: IngestOptions
    on_problem: ProblemHook
    on_progress: ProgressHook
    report: IngestReport = field(default_factory=IngestReport)
    seen: dict[str, str] = field(default_factory=dict)  # content id -> where it was first read
    inputs_done: int = 0
    inputs_total: int = 0

    def problem(self, problem: Problem) -> None:
        self.report.problems.append(problem)
        if problem.severity == "error":
            self.report.skipped += 1
        self.on_problem(problem)
        self.progress()

    def progress(self) -> None:
        self.on_progress(self.report, self.inputs_done, self.inputs_total)


def ingest(
    store: Store,
    inputs: Sequence[str],
    options: IngestOptions | None = None,
    *,
    on_problem: ProblemHook | None = None,
    on_progress: ProgressHook | None = None,
) -> IngestReport:
    """Ingest every input into ``store`` and report what happened."""
    options = options or IngestOptions()
    engine.check(options.engine_options())  # refuse a bad engine (or a missing Ray) before recording a run
    run = _Run(store, options, on_problem or _log_problem, on_progress or (lambda *_: None))
    store.limit_memory(options.db_memory)
    # What exists now (the spaCy model, the extraction tables, the caller's objects) lives through the run:
    # frozen, the cyclic collector's full passes skip it (1.2 s of 80 per 1,000 articles, measured) and
    # forked workers do not copy its pages by touching them. A caller that froze objects itself keeps them so.
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        return _ingest(run, inputs)
    finally:
        if freeze:
            gc.unfreeze()
        store.limit_memory(None)


def _ingest(run: _Run, inputs: Sequence[str]) -> IngestReport:
    store, options = run.store, run.options
    engine_options = options.engine_options()
    run_id = store.start_run(inputs)
    batches = _batches(_new_articles(run, _read_all(run, inputs)), options.batch_size)
    results = engine.run(engine_options, batches)
    if options.engine == "ray":
        _store_via_shards(run, results)
    elif options.workers == 1:
        _commit_beside(run, results)
    else:  # the parent only waits on forked parsers, and threads do not mix well with fork
        for processed in results:
            _commit(run, processed)
    report = run.report
    if report.stored:
        from newsgraph.link import link_store

        link_store(store, options.actors_file)  # the user dictionary is remembered for later re-links
    store.finish_run(run_id, report.stored, report.duplicates, report.skipped)
    return report


def _log_problem(problem: Problem) -> None:
    level = logging.ERROR if problem.severity == "error" else logging.WARNING
    log.log(level, "%s", problem)


def _read_all(run: _Run, inputs: Sequence[str]) -> Iterator[Article]:
    """Articles from every input; problems go to the run as they are met."""
    # Walk the inputs twice rather than keep them: a folder of millions of files is
    # counted for the progress bar without holding every path in memory.
    run.inputs_total = sum(1 for _ in discover(inputs))
    read_options = run.options.read_options()
    for item in discover(inputs):
        for got in read_found(item, read_options):
            if isinstance(got, Problem):
                run.problem(got)
            else:
                run.report.read += 1
                yield got
        run.inputs_done += 1
        run.progress()


def _new_articles(run: _Run, articles: Iterator[Article], chunk: int = 256) -> Iterator[Article]:
    """Articles not yet stored nor seen earlier in this run, looked up a chunk at a time."""
    while batch := list(islice(articles, chunk)):
        stored = run.store.existing_ids(a.id for a in batch)
        for article in batch:
            if article.id in stored or article.id in run.seen:
                first = run.seen.get(article.id, "the database")
                log.info("%s: same text as %s; nothing added", article.origin, first)
                run.report.duplicates += 1
                continue
            run.seen[article.id] = article.origin
            yield article


def _batches(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    """Articles in lists of ``size``, taken from the stream only as they are needed."""
    while batch := list(islice(articles, size)):
        yield batch


def _report(run: _Run, processed: Sequence[Processed]) -> list[Processed]:
    """Report the batch's problems, in order; return the results to store."""
    for result in processed:
        if result.problem is not None:
            run.problem(result.problem)
    return [result for result in processed if result.stored]


def _commit(run: _Run, processed: Sequence[Processed]) -> None:
    """Write a batch's results in one transaction."""
    kept = _report(run, processed)
    if not kept:
        return
    _write(run.store, kept)
    _committed(run, kept)


def _commit_beside(run: _Run, results: Iterator[list[Processed]]) -> None:
    """Commit each batch in its own transaction on a writer thread while this one parses the next batch.

    DuckDB releases the GIL while it inserts and commits, so with one parser in this
    process the store's work overlaps the parse instead of following it. The writer has a
    connection of its own; counts, logs and progress stay on this thread, in batch order.
    """
    writer = run.store.view()
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="newsgraph-writer") as pool:
            pending: tuple[Future[None], list[Processed]] | None = None
            for processed in results:
                kept = _report(run, processed)
                _wait(run, pending)
                pending = (pool.submit(_write, writer, kept), kept) if kept else None
            _wait(run, pending)
    finally:
        writer.close()


def _wait(run: _Run, pending: tuple[Future[None], list[Processed]] | None) -> None:
    """Wait for the writer's batch, raising what it raised, then count it."""
    if pending is not None:
        pending[0].result()
        _committed(run, pending[1])


def _write(store: Store, kept: Sequence[Processed]) -> None:
    parses = {r.article.id: r.parse for r in kept if r.parse is not None}
    extractions = [r.extraction for r in kept if r.extraction is not None]
    store.write_batch([r.article for r in kept], parses, extractions)


def _committed(run: _Run, kept: Sequence[Processed]) -> None:
    """Count, log and report a batch whose commit is through."""
    _count_stored(run, [r.article.id for r in kept], sum(1 for r in kept if r.not_english))
    log.info("committed a batch of %d articles (%d stored so far)", len(kept), run.report.stored)
    run.progress()


def _count_stored(run: _Run, ids: list[str], not_english: int) -> None:
    run.report.stored += len(ids)
    run.report.not_english += not_english
    run.report.stored_ids.extend(ids)


def _store_via_shards(run: _Run, results: Iterator[list[Processed]]) -> None:
    """Write every batch's results to Parquet shards, then load them all in one transaction."""
    from newsgraph.shards import ShardWriter

    ids: list[str] = []
    not_english = 0
    with tempfile.TemporaryDirectory(prefix="newsgraph-shards-") as folder:
        shards = ShardWriter(Path(folder))
        for processed in results:
            kept = _report(run, processed)
            shards.add(kept)
            ids.extend(r.article.id for r in kept)
            not_english += sum(1 for r in kept if r.not_english)
        shards.load(run.store)
    _count_stored(run, ids, not_english)
    log.info("stored %d articles from %d batches", len(ids), shards.batches)
    run.progress()
