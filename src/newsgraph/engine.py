"""Engine: where batches of read articles are parsed and extracted — here, in local processes, or on Ray.

The unit of work is a batch of articles in, one :class:`Processed` per article
out: plain records (the article, its parse and extraction, or the problem that
stopped it), never spaCy objects, so a batch can cross process and machine
boundaries. Every engine runs the same :class:`BatchWorker`, which is why they
store the same results; they differ only in where it runs:

* ``local`` with one worker: in this process;
* ``local`` with N workers: N forked processes, results returned in input order;
* ``ray``: Ray Data ``map_batches`` over a pool of N actors (a local cluster, or
  the one at ``address``).

Engines yield results batch by batch and take input lazily, so memory is bounded
by the batch size (and the number of batches in flight), not by the corpus.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from newsgraph.annotate import MODEL, load_pipeline, model_name, to_parse
from newsgraph.errors import UsageError
from newsgraph.records import Article, Parse, Problem

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsgraph.extract import Extraction, Extractor

log = logging.getLogger("newsgraph")

ENGINES = ("local", "ray")
PARSED_LANGUAGES = frozenset({"en", "und"})  # "und": too little text to tell; parse it anyway
IN_FLIGHT_PER_WORKER = 2  # batches queued per local worker: enough to keep it busy, few enough to bound memory
RAY_WINDOW_BATCHES = 16  # batches per worker in one Ray Data run; each run starts its actors afresh
RAY_INSTALL = "pip install 'newsgraph[ray]'"


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    """What a worker needs to build its parser and extractor."""

    model: str = MODEL
    extract: bool = True
    actors_file: str | None = None
    # Texts the parser holds at once: its working memory grows with them. Measured on 400 synthetic
    # articles: 16 parses 3-4% faster than 8 for 68 MB more peak RSS; 32, 5% for 210 MB.
    pipe_batch: int = 16


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """Where work runs: ``local`` or ``ray``, with how many workers, and which Ray cluster."""

    engine: str = "local"
    workers: int = 1
    batch_size: int = 64
    address: str | None = None  # a Ray cluster to join; None starts a local one for the run
    worker: WorkerOptions = field(default_factory=WorkerOptions)


@dataclass(slots=True)
class Processed:
    """What became of one article: records to store, or the problem that stopped it.

    A warning problem (not English) still stores the article; an error problem
    (parser failure, text too long) means nothing of it is stored.
    """

    article: Article
    parse: Parse | None = None
    extraction: Extraction | None = None
    problem: Problem | None = None

    @property
    def stored(self) -> bool:
        """True when the article is to be stored."""
        return self.problem is None or self.problem.severity != "error"

    @property
    def not_english(self) -> bool:
        """True when the article is stored without a parse because of its language."""
        return self.article.language not in PARSED_LANGUAGES


class BatchWorker:
    """Parses and extracts batches of articles; spaCy and the extractor are loaded once per worker."""

    def __init__(self, options: WorkerOptions) -> None:
        self.options = options
        self.nlp = load_pipeline(options.model)
        self.model = model_name(self.nlp)
        self.extractor: Extractor | None = None
        if options.extract:
            from newsgraph.extract import Extractor

            self.extractor = Extractor.from_options(options.actors_file)

    def __call__(self, articles: Sequence[Article]) -> list[Processed]:
        """One Processed per article, in input order; a failure costs only its own article."""
        # Strings and lexemes spaCy adds for this batch are freed when it ends: without this
        # the vocabulary (and RSS) grows with every new word of the corpus.
        with self._memory_zone():
            results = [self._screen(article) for article in articles]
            for result, doc in self._docs([r for r in results if r.problem is None]):
                if isinstance(doc, Problem):
                    result.problem = doc
                else:
                    self._records(result, doc)
            return results

    def _memory_zone(self) -> AbstractContextManager[Any]:
        zone = getattr(self.nlp, "memory_zone", None)  # spaCy >= 3.8
        return zone() if zone is not None else nullcontext()

    def _screen(self, article: Article) -> Processed:
        """The article as work to do, or already settled: not English, or too long to parse."""
        if article.language not in PARSED_LANGUAGES:
            return Processed(article, problem=Problem(
                article.origin, f"language looks like {article.language!r}, not English; stored, not parsed",
                "warning"))
        if len(article.text) > self.nlp.max_length:
            return Processed(article, problem=Problem(
                article.origin, f"text is {len(article.text):,} characters, over the parser's limit of "
                                f"{self.nlp.max_length:,}; split it into articles"))
        return Processed(article)

    def _docs(self, todo: list[Processed]) -> Iterator[tuple[Processed, Doc | Problem]]:
        """Each article with its Doc, in order, or with a Problem where the parser fails on it.

        Docs stream out of ``nlp.pipe`` a few at a time (the parser's working memory
        grows with the texts it holds); when it raises, the articles it had not yet
        returned are parsed one by one.
        """
        done = 0
        try:
            for doc in self.nlp.pipe([r.article.text for r in todo], batch_size=self.options.pipe_batch):
                yield todo[done], doc
                done += 1
        except Exception as exc:
            log.warning("the parser failed on a batch (%s); parsing its articles one by one", exc)
            for result in todo[done:]:
                yield result, self._parse_alone(result.article)

    def _parse_alone(self, article: Article) -> Doc | Problem:
        try:
            return self.nlp(article.text)
        except Exception as exc:
            return Problem(article.origin, f"the parser failed on this article ({type(exc).__name__}: {exc})")

    def _records(self, result: Processed, doc: Doc) -> None:
        """Turn a Doc into the records that leave the worker (while its strings are still alive)."""
        article = result.article
        result.parse = to_parse(doc, article.id, self.model)
        if self.extractor is None:
            return
        try:
            result.extraction = self.extractor(doc, article.id, article.published)
        except Exception as exc:  # a bug in one rule must not cost the article its parse
            log.info("extraction failed on %s", article.origin, exc_info=True)
            result.problem = Problem(article.origin, f"extraction failed ({type(exc).__name__}: {exc}); stored "
                                                     "parsed but without events: run `newsgraph extract` later",
                                     "warning")


def check(options: EngineOptions) -> None:
    """Refuse an engine that cannot run, before any work is done."""
    if options.engine not in ENGINES:
        raise UsageError(f"unknown engine {options.engine!r}; choose one of {', '.join(ENGINES)}")
    if options.workers < 1 or options.batch_size < 1:
        raise UsageError("workers and batch size must be at least 1")
    if options.address is not None and options.engine != "ray":
        raise UsageError("--address names a Ray cluster; use it with --engine ray")
    if options.engine == "ray":
        _import_ray()


def run(options: EngineOptions, batches: Iterator[list[Article]]) -> Iterator[list[Processed]]:
    """Process batches on the chosen engine; results come back batch by batch, in input order."""
    check(options)
    if options.engine == "ray":
        return _run_ray(options, batches)
    if options.workers == 1:
        return _run_here(options, batches)
    return _run_forked(options, batches)


def _run_here(options: EngineOptions, batches: Iterator[list[Article]]) -> Iterator[list[Processed]]:
    worker = BatchWorker(options.worker)
    for batch in batches:
        yield worker(batch)


# -- local processes ----------------------------------------------------------------------------

_worker: BatchWorker | None = None  # the worker of a forked process


def _adopt(worker: BatchWorker) -> None:
    global _worker
    _worker = worker


def _work(batch: list[Article]) -> list[Processed]:
    assert _worker is not None, "a forked worker runs only after _adopt"
    return _worker(batch)


def _run_forked(options: EngineOptions, batches: Iterator[list[Article]]) -> Iterator[list[Processed]]:
    """Batches on forked processes, at most a few in flight per process, results in input order."""
    # Built here and inherited by fork: the model loads once, its pages are shared, and a
    # missing model fails here, in the parent, with a clear error.
    worker = BatchWorker(options.worker)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(options.workers, mp_context=context, initializer=_adopt,
                             initargs=(worker,)) as pool:
        pending: deque[Future[list[Processed]]] = deque()
        for batch in batches:
            pending.append(pool.submit(_work, batch))
            if len(pending) >= IN_FLIGHT_PER_WORKER * options.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


# -- Ray ---------------------------------------------------------------------------------------

def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise UsageError(f"the ray engine needs Ray, which is not installed ({exc}); install it with "
                         f"`{RAY_INSTALL}`, or use --engine local") from exc
    return ray


class RayBatchWorker:
    """The Ray Data callable: a BatchWorker per actor, pickled articles in, pickled Processed records out.

    Pickles travel as bytes because Ray Data would otherwise try (and, for an
    article's free-form ``meta``, fail) to turn each record into Arrow columns.
    """

    def __init__(self, options: WorkerOptions) -> None:
        self.worker = BatchWorker(options)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        articles = [pickle.loads(data) for data in batch["article"]]
        processed = [pickle.dumps(result) for result in self.worker(articles)]
        return {"processed": processed}


def _run_ray(options: EngineOptions, batches: Iterator[list[Article]]) -> Iterator[list[Processed]]:
    """Batches through Ray Data, a window of batches per run, results in input order."""
    window = RAY_WINDOW_BATCHES * options.workers
    chunk = list(islice(batches, window))
    if not chunk:
        return  # nothing new to parse: no cluster to start
    ray = _import_ray()
    started = _connect(ray, options)
    quiet = logging.getLogger("ray.data")
    level = quiet.level
    quiet.setLevel(max(level, logging.WARNING))  # Ray Data logs each run at INFO; our log says what matters
    try:
        while chunk:
            yield from _ray_window(ray, options, chunk)
            chunk = list(islice(batches, window))
    finally:
        quiet.setLevel(level)
        if started:
            ray.shutdown()


def _connect(ray: Any, options: EngineOptions) -> bool:
    """Join the cluster at the address, or start a local one; True when this run must shut it down."""
    if ray.is_initialized():
        if options.address is not None:  # Ray's own message would be about ray.init, not our option
            raise UsageError(f"Ray is already running in this process, so it cannot join {options.address}; "
                             "leave out --address to use the running Ray, or call ray.shutdown() first")
        return False  # the caller started Ray (a test, a notebook): use it and leave it running
    try:
        if options.address is None:
            ray.init(num_cpus=options.workers, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.WARNING)
        else:
            ray.init(address=options.address, log_to_driver=False, logging_level=logging.WARNING)
    except ConnectionError as exc:
        raise UsageError(f"cannot reach the Ray cluster at {options.address} ({exc}); check the address "
                         "(`ray status` on the head node prints it)") from exc
    return True


def _ray_window(ray: Any, options: EngineOptions, batches: list[list[Article]]) -> Iterator[list[Processed]]:
    """One Ray Data run over some batches: map_batches on an actor pool, streamed back in order."""
    items = [{"article": pickle.dumps(article)} for batch in batches for article in batch]
    dataset = ray.data.from_items(items).map_batches(
        RayBatchWorker, fn_constructor_args=(options.worker,), batch_size=options.batch_size, batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=options.workers), num_cpus=1)
    del items  # the object store holds them now
    dataset.context.execution_options.preserve_order = True  # the same write order as the local engine
    for batch in dataset.iter_batches(batch_size=options.batch_size, batch_format="numpy"):
        yield [pickle.loads(data) for data in batch["processed"]]


__all__ = ["ENGINES", "BatchWorker", "EngineOptions", "Processed", "WorkerOptions", "check", "run"]
