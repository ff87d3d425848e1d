"""Benchmark: newsgraph ingest against bare spaCy ``nlp.pipe`` on the same texts, in one run.

Usage:
    python bench/ingest.py [--copies 1 10] [--voa PATH] [--workers 1]

For each corpus it prints articles/s and tokens/s of bare ``nlp.pipe``, of
``newsgraph ingest --no-extract`` (read + parse + store in DuckDB) and of the full
``newsgraph ingest`` (with actor and event extraction), their ratios to spaCy, the
extraction overhead (full time / no-extract time) and the peak RSS of each run.
Every measurement runs in its own subprocess so peak RSS is that run's alone;
loading the model and the extraction tables is outside the timed part.
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

        if mode == "full":  # load the extraction tables outside the timed part, as the model is
            from newsgraph import geography
            from newsgraph.extract import Extractor

            Extractor()
            geography.resolve_place("Geneva")  # builds the gazetteer's indexes
            started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp, newsgraph.open(Path(tmp) / "bench.duckdb") as graph:
            report = graph.ingest([corpus], workers=workers, extract=mode == "full")
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
    print(f"{'corpus':10} {'articles':>8} {'tokens':>8} | {'spaCy art/s':>11} {'RSS MB':>6} | "
          f"{'no-extract art/s':>16} {'RSS MB':>6} {'ratio':>5} | {'full art/s':>10} {'RSS MB':>6} {'ratio':>5} | "
          f"{'extract cost':>12}")
    peaks = {}
    for name, path in corpora.items():
        bare, parse, full = (measure(mode, path, workers) for mode in ("spacy", "parse", "full"))
        rate = {key: run["articles"] / run["seconds"] for key, run in (("bare", bare), ("parse", parse),
                                                                        ("full", full))}
        peaks[name] = full["peak_mb"]
        print(f"{name:10} {bare['articles']:8.0f} {bare['tokens']:8.0f} | {rate['bare']:11.1f} "
              f"{bare['peak_mb']:6.0f} | {rate['parse']:16.1f} {parse['peak_mb']:6.0f} "
              f"{rate['parse'] / rate['bare']:5.2f} | {rate['full']:10.1f} {full['peak_mb']:6.0f} "
              f"{rate['full'] / rate['bare']:5.2f} | {full['seconds'] / parse['seconds'] - 1:+11.0%}")
    names = [n for n in peaks if n.startswith("demo x")]
    if len(names) >= 2:
        print(f"peak RSS {names[-1]} / {names[0]}: {peaks[names[-1]] / peaks[names[0]]:.2f}")


if __name__ == "__main__":
    main()
