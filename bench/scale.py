"""Benchmark at scale: bare spaCy against newsgraph's local and Ray engines, and peak RSS against corpus size.

Usage:
    python bench/scale.py [--articles 1000] [--rss 1000 10000] [--runs spacy local ray1 ray2] [--seed 1]

One run generates a synthetic corpus with bench/corpus.py (JSONL shards of 1,000
articles, no duplicates so that every engine does the same work) and prints, each
measured in a fresh subprocess:

- articles/s and tokens/s of bare spaCy ``nlp.pipe`` (one process, batches of 32)
  over the texts, of ``Newsgraph.ingest(..., engine="local")`` (read, parse,
  extract, store, link, stories) and of ``engine="ray"`` with 1 and 2 workers,
  their ratios to spaCy and the Ray scaling ratio (2 workers / 1 worker);
- the peak RSS of the local engine at each ``--rss`` size, and their ratio.

Model loading is outside the timed part for spaCy and the local engine (both load
it before the clock starts); a Ray run's time includes starting Ray and loading
the model in each worker, as a user's run would. Peak RSS is the measuring
process's own (``ru_maxrss``); Ray workers are separate processes, not counted.
A run whose engine is missing or fails prints "not available" with the reason.
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py, next to this file)

SHARD = 1000


@dataclass(frozen=True, slots=True)
class Run:
    """One measurement, as a child process prints it."""

    mode: str
    articles: int = 0
    tokens: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0
    error: str | None = None
    before_link_mb: float = 0.0  # peak RSS before the cross-article rebuild began (ingest runs)
    link_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def token_rate(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0


# -- the measuring child --------------------------------------------------------------------------------


def texts(folder: Path) -> list[str]:
    """The texts of a generated corpus, in shard order."""
    return [json.loads(line)["text"] for shard in sorted(folder.glob("*.jsonl"))
            for line in shard.open(encoding="utf-8")]


def child(mode: str, folder: Path) -> dict[str, Any]:
    """Run one measurement in this process and return it (``mode``: spacy, local, ray1, ray2)."""
    from newsgraph.annotate import load_pipeline

    nlp = load_pipeline()
    if mode == "spacy":
        docs = texts(folder)
        started = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(docs, batch_size=32))
        return {"articles": len(docs), "tokens": tokens, "seconds": time.perf_counter() - started}
    return ingest_run(mode, folder)


def ingest_run(mode: str, folder: Path) -> dict[str, Any]:
    """Ingest the corpus with the engine ``mode`` names into a new store; what it took."""
    import newsgraph
    from newsgraph import geography
    from newsgraph.extract import Extractor
    from newsgraph.graph import Newsgraph

    engine, workers = ("local", 1) if mode == "local" else ("ray", int(mode.removeprefix("ray")))
    if "engine" not in inspect.signature(Newsgraph.ingest).parameters:
        if engine == "ray":
            return {"error": "not available: Newsgraph.ingest has no engine= parameter yet"}
        options: dict[str, Any] = {}  # before engines: the one pipeline is the local engine
    else:
        options = {"engine": engine, "workers": workers}
    Extractor()
    geography.resolve_place("Geneva")  # load the extraction tables outside the timed part, as the model is
    marks: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, newsgraph.open(Path(tmp) / "scale.duckdb") as graph, \
            marking_link(marks):
        started = time.perf_counter()
        report = graph.ingest([folder], **options)
        seconds = time.perf_counter() - started
        stats = graph.stats()
    return {"articles": report.stored, "tokens": int(stats["tokens"]), "seconds": seconds,
            "skipped": report.skipped, **marks}


@contextmanager
def marking_link(marks: dict[str, float]) -> Iterator[None]:
    """Record the peak RSS reached before the cross-article rebuild (link_store) starts, and its duration."""
    from newsgraph import link

    real = link.link_store

    def marked(*args: Any, **kwargs: Any) -> Any:
        marks["before_link_mb"] = peak_mb()
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            marks["link_seconds"] = time.perf_counter() - started

    link.link_store = marked  # the pipeline imports it from the module at call time
    try:
        yield
    finally:
        link.link_store = real


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_main(mode: str, folder: Path) -> None:
    """Print the measurement as one JSON line; an engine's failure is a result, not a crash."""
    try:
        result = child(mode, folder)
    except Exception as exc:  # the bench reports what failed and goes on with the other rows
        result = {"error": f"not available: {type(exc).__name__}: {exc}"}
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


# -- the parent -----------------------------------------------------------------------------------------------


def measure(mode: str, folder: Path) -> Run:
    """One measurement in a fresh subprocess (so its peak RSS is its own)."""
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(folder)],
                          capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Run(mode, error=f"not available: exit code {done.returncode}: {tail}")
    result = json.loads(lines[-1])
    return Run(mode, result.get("articles", 0), result.get("tokens", 0), result.get("seconds", 0.0),
               result.get("peak_mb", 0.0), result.get("error"), result.get("before_link_mb", 0.0),
               result.get("link_seconds", 0.0))


def make_corpus(root: Path, articles: int, seed: int) -> Path:
    """A generated corpus of ``articles`` under ``root`` (reused when already there)."""
    folder = root / f"corpus-{articles}-{seed}"
    if not folder.exists():
        stories = corpus.load_stories()
        corpus.write_jsonl(corpus.generate(stories, articles, seed, 0.0), folder, SHARD)
    return folder


def print_engines(runs: list[Run]) -> None:
    """The engines table: rates, ratio to spaCy, peak RSS; then the Ray scaling ratio."""
    base = next((r for r in runs if r.mode == "spacy" and not r.error), None)
    print(f"{'run':8} {'articles':>8} {'tokens':>10} {'seconds':>8} {'art/s':>7} {'tok/s':>8} "
          f"{'/spaCy':>6} {'RSS MB':>7}")
    for run in runs:
        if run.error:
            print(f"{run.mode:8} {run.error}")
            continue
        ratio = f"{run.rate / base.rate:6.2f}" if base and base.rate else f"{'-':>6}"
        print(f"{run.mode:8} {run.articles:8,} {run.tokens:10,} {run.seconds:8.1f} {run.rate:7.1f} "
              f"{run.token_rate:8.0f} {ratio} {run.peak_mb:7.0f}")
    ray = {r.mode: r for r in runs if r.mode.startswith("ray") and not r.error}
    if "ray1" in ray and "ray2" in ray:
        print(f"ray scaling, 2 workers / 1 worker: {ray['ray2'].rate / ray['ray1'].rate:.2f}")


def print_rss(runs: dict[int, Run]) -> None:
    """Peak RSS of the local engine per corpus size, and the largest over the smallest."""
    for size, run in sorted(runs.items()):
        text = run.error or (f"peak RSS {run.peak_mb:7.0f} MB, {run.before_link_mb:7.0f} MB before linking  "
                             f"({run.seconds:.0f} s, {run.rate:.1f} art/s; linking {run.link_seconds:.0f} s)")
        print(f"local engine, {size:>7,} articles: {text}")
    good = {size: run for size, run in runs.items() if not run.error}
    if len(good) >= 2:
        small, large = good[min(good)], good[max(good)]
        print(f"peak RSS {max(good):,} / {min(good):,} articles: {large.peak_mb / small.peak_mb:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="corpus size for the engines table")
    parser.add_argument("--runs", nargs="*", default=["spacy", "local", "ray1", "ray2"],
                        choices=["spacy", "local", "ray1", "ray2"])
    parser.add_argument("--rss", type=int, nargs="*", default=[1000, 10000],
                        help="corpus sizes for the local engine's peak RSS (none to skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="keep generated corpora here (default: a temporary folder)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "CORPUS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args.child[0], Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        run_all(args, args.work or Path(tmp))


def run_all(args: argparse.Namespace, work: Path) -> None:
    """Measure the engines on one corpus, then the local engine's RSS per size (reusing equal runs)."""
    folder = make_corpus(work, args.articles, args.seed)
    print(f"corpus: {args.articles:,} synthetic articles (seed {args.seed}) in {folder}", flush=True)
    runs = [measure(mode, folder) for mode in args.runs]
    print_engines(runs)
    rss: dict[int, Run] = {}
    for size in args.rss:
        local = next((r for r in runs if r.mode == "local"), None)
        same = size == args.articles and local is not None
        rss[size] = local if same and local else measure("local", make_corpus(work, size, args.seed))
    if rss:
        print_rss(rss)


if __name__ == "__main__":
    main()
