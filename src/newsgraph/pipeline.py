"""Pipeline: run read → deduplicate → parse → store over a stream of inputs.

Articles are committed in batches, each in one transaction: a crash loses at
most the batch in flight, and a re-run skips what is stored (by content hash).
One bad input or one article spaCy cannot parse never stops the others.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.annotate import MODEL, load_pipeline, model_name, to_parse
from newsgraph.ingest import DEFAULT_MAX_BYTES, ReadOptions, discover, read_path, read_stdin
from newsgraph.records import Article, IngestReport, Parse, PartialDate, Problem

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from newsgraph.extract import Extraction, Extractor
    from newsgraph.store import Store

log = logging.getLogger("newsgraph")

PARSED_LANGUAGES = frozenset({"en", "und"})  # "und": too little text to tell; parse it anyway

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

    def read_options(self) -> ReadOptions:
        """The subset of options the readers use."""
        return ReadOptions(published=self.published, source=self.source, max_bytes=self.max_bytes)


@dataclass
class _Run:
    """State shared by the stages of one run."""

    store: Store
    options: IngestOptions
    on_problem: ProblemHook
    on_progress: ProgressHook
    report: IngestReport = field(default_factory=IngestReport)
    seen: dict[str, str] = field(default_factory=dict)  # content id -> where it was first read
    unparsed: list[Article] = field(default_factory=list)  # non-English articles awaiting a commit
    inputs_done: int = 0
    inputs_total: int = 0
    _extractor: Extractor | None = None

    def problem(self, problem: Problem) -> None:
        self.report.problems.append(problem)
        if problem.severity == "error":
            self.report.skipped += 1
        self.on_problem(problem)
        self.progress()

    def progress(self) -> None:
        self.on_progress(self.report, self.inputs_done, self.inputs_total)

    def extractor(self) -> Extractor | None:
        if self.options.extract and self._extractor is None:
            from newsgraph.extract import Extractor

            self._extractor = Extractor.from_options(self.options.actors_file)
        return self._extractor


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
    run = _Run(store, options, on_problem or _log_problem, on_progress or (lambda *_: None))
    nlp = load_pipeline(options.model)
    run_id = store.start_run(inputs)
    articles = _new_articles(run, _read_all(run, inputs))
    _store_parsed(run, nlp, articles)
    report = run.report
    if report.stored:
        from newsgraph.link import link_store

        link_store(store)  # a full rebuild: cheap at this size, and always consistent
    store.finish_run(run_id, report.stored, report.duplicates, report.skipped)
    return report


def _log_problem(problem: Problem) -> None:
    level = logging.ERROR if problem.severity == "error" else logging.WARNING
    log.log(level, "%s", problem)


def _read_all(run: _Run, inputs: Sequence[str]) -> Iterator[Article]:
    """Articles from every input; problems go to the run as they are met."""
    found = list(discover(inputs))
    run.inputs_total = len(found)
    read_options = run.options.read_options()
    for item in found:
        if isinstance(item, Problem):
            items: Iterable[Article | Problem] = [item]
        elif item == "-":
            items = read_stdin(read_options)
        else:
            items = read_path(Path(item), read_options)
        for got in items:
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


def _parseable(run: _Run, nlp: Language, articles: Iterator[Article]) -> Iterator[tuple[str, Article]]:
    """(text, article) pairs for the parser; other articles are set aside or reported."""
    for article in articles:
        if article.language not in PARSED_LANGUAGES:
            run.problem(Problem(article.origin, f"language looks like {article.language!r}, not English; "
                                                "stored, not parsed", "warning"))
            run.unparsed.append(article)
            if len(run.unparsed) >= run.options.batch_size:
                _commit(run, [], {}, [])
        elif len(article.text) > nlp.max_length:
            run.problem(Problem(article.origin, f"text is {len(article.text):,} characters, over the parser's "
                                                f"limit of {nlp.max_length:,}; split it into articles"))
        else:
            yield article.text, article


def _store_parsed(run: _Run, nlp: Language, articles: Iterator[Article]) -> None:
    """Parse articles in one stream and commit them (and set-aside ones) in batches."""
    size = run.options.batch_size
    batch: list[Article] = []
    parses: dict[str, Parse] = {}
    extractions: list[Extraction] = []
    name = model_name(nlp)
    extractor = run.extractor()
    for doc, article in _parsed(run, nlp, _parseable(run, nlp, articles)):
        batch.append(article)
        parses[article.id] = to_parse(doc, article.id, name)
        if extractor is not None:
            extractions.append(extractor(doc, article.id, article.published))
        if len(batch) + len(run.unparsed) >= size:
            _commit(run, batch, parses, extractions)
            batch, parses, extractions = [], {}, []
    _commit(run, batch, parses, extractions)


def _parsed(run: _Run, nlp: Language, pairs: Iterator[tuple[str, Article]]) -> Iterator[tuple[Doc, Article]]:
    """Docs in input order from one ``nlp.pipe`` stream that survives a failing article.

    When the stream raises, the articles it had taken but not returned are parsed
    one by one (the one that fails is reported), and a new stream takes the rest.
    """
    pending: deque[tuple[str, Article]] = deque()

    def feed() -> Iterator[tuple[str, Article]]:
        for pair in pairs:
            pending.append(pair)
            yield pair

    while True:
        stream = nlp.pipe(feed(), as_tuples=True, n_process=run.options.workers,
                          batch_size=min(run.options.batch_size, 32))
        try:
            for doc, article in stream:
                pending.popleft()
                yield doc, article
            return
        except Exception as exc:
            log.warning("the parser failed on a batch (%s); parsing its articles one by one", exc)
            while pending:
                text, article = pending.popleft()
                alone = _parse_alone(run, nlp, text, article)
                if alone is not None:
                    yield alone, article


def _parse_alone(run: _Run, nlp: Language, text: str, article: Article) -> Doc | None:
    """One article parsed on its own; None (and a problem) if the parser fails on it."""
    try:
        return nlp(text)
    except Exception as exc:
        run.problem(Problem(article.origin, f"the parser failed on this article ({type(exc).__name__}: {exc})"))
        return None


def _commit(run: _Run, batch: list[Article], parses: dict[str, Parse], extractions: list[Extraction]) -> None:
    """Write a batch (and any set-aside articles) in one transaction."""
    articles = batch + run.unparsed
    if not articles:
        return
    run.store.write_batch(articles, parses, extractions)
    run.report.stored += len(articles)
    run.report.not_english += len(run.unparsed)
    run.report.stored_ids.extend(a.id for a in articles)
    run.unparsed.clear()
    log.info("committed a batch of %d articles (%d stored so far)", len(articles), run.report.stored)
    run.progress()
