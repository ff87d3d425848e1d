"""Benchmark: newsgraph ingest against bare spaCy ``nlp.pipe`` on the same texts, in one run.

Usage:
    python bench/ingest.py [--copies 1 10] [--voa PATH] [--workers 1]

For each corpus it prints articles/s and tokens/s of bare ``nlp.pipe`` and of
``newsgraph ingest`` (read + parse + store in DuckDB), their ratio, and the
peak RSS of each run. Every measurement runs in its own subprocess so peak
RSS is that run's alone; the model load is outside the timed part of both.
Corpora: the demo corpus at 1x and 10x (copies varied so that none is a
duplicate of another) and, when present, the VOA stories in ../shared.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
VOA = ROOT.parent / "shared" / "corpora" / "voa_stories.jsonl"


def demo_records() -> list[dict[str, str]]:
    """The demo corpus as records, read with newsgraph's own readers."""
    from newsgraph.ingest import read_inputs
    from newsgraph.records import Article

    records = []
    for item in read_inputs([str(DEMO)]):
        if isinstance(item, Article):
            published = item.published.iso if item.published else None
            records.append({"id": item.external_id, "title": item.title, "text": item.text,
                            "published": published})
    return records


def varied_copies(records: list[dict[str, str]], copies: int, seed: int = 7) -> list[dict[str, str]]:
    """``copies`` versions of each record; copy k > 0 has its paragraphs reordered and a marker line."""
    rng = random.Random(seed)
    out = []
    for k in range(copies):
        for record in records:
            paragraphs = record["text"].split("\n\n")
            if k:
                head, rest = paragraphs[:1], paragraphs[1:]
                rng.shuffle(rest)
                paragraphs = [*head, *rest, f"Reprinted as copy {k} of this report."]
            out.append({**record, "id": f"{record['id']}-{k}", "text": "\n\n".join(paragraphs)})
    return out


def write_jsonl(records: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def child(mode: str, corpus: Path, workers: int) -> None:
    """Run one measurement and print it as JSON (this runs in a subprocess)."""
    from newsgraph.annotate import load_pipeline

    nlp = load_pipeline()
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    started = time.perf_counter()
    if mode == "spacy":
        tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=workers, batch_size=32))
    else:
        import newsgraph

        with tempfile.TemporaryDirectory() as tmp, newsgraph.open(Path(tmp) / "bench.duckdb") as graph:
            report = graph.ingest([corpus], workers=workers)
            tokens = int(graph.stats()["tokens"])
            assert report.stored == len(texts), report.summary()
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"articles": len(texts), "tokens": tokens, "seconds": elapsed, "peak_mb": peak_mb}))


def measure(mode: str, corpus: Path, workers: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(corpus), "--workers", str(workers)],
                         check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--voa", type=Path, default=VOA)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "CORPUS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.workers)
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpora = {f"demo x{n}": write_jsonl(varied_copies(demo_records(), n), Path(tmp) / f"demo{n}.jsonl")
                   for n in args.copies}
        if args.voa.exists():
            corpora["voa"] = args.voa
        report(corpora, args.workers)


def report(corpora: dict[str, Path], workers: int) -> None:
    print(f"{'corpus':10} {'articles':>8} {'tokens':>8} | {'spaCy art/s':>11} {'tok/s':>7} {'RSS MB':>7} | "
          f"{'newsgraph art/s':>15} {'tok/s':>7} {'RSS MB':>7} | {'ratio':>5}")
    peaks = {}
    for name, path in corpora.items():
        bare, ours = measure("spacy", path, workers), measure("newsgraph", path, workers)
        ratio = (ours["articles"] / ours["seconds"]) / (bare["articles"] / bare["seconds"])
        peaks[name] = ours["peak_mb"]
        print(f"{name:10} {bare['articles']:8.0f} {bare['tokens']:8.0f} | "
              f"{bare['articles'] / bare['seconds']:11.1f} {bare['tokens'] / bare['seconds']:7.0f} "
              f"{bare['peak_mb']:7.0f} | {ours['articles'] / ours['seconds']:15.1f} "
              f"{ours['tokens'] / ours['seconds']:7.0f} {ours['peak_mb']:7.0f} | {ratio:5.2f}")
    names = [n for n in peaks if n.startswith("demo x")]
    if len(names) >= 2:
        print(f"peak RSS {names[-1]} / {names[0]}: {peaks[names[-1]] / peaks[names[0]]:.2f}")


if __name__ == "__main__":
    main()
