"""Benchmark the per-article work after spaCy: Doc to records and each extraction stage, old code against new.

Usage:
    python bench/stages.py [--articles 300] [--old REV] [--seed 1]

The synthetic corpus (bench/corpus.py, no duplicates) is read with newsgraph's
readers and parsed once with spaCy, here; the Docs go to a DocBin file. Then one
fresh subprocess per side loads them and times, in CPU seconds (``process_time``,
best of 3 passes over every Doc):

- ``to_parse``: a Doc to the token, sentence and entity records that are stored;
- ``actors``, ``events``, ``quotes``, ``relations``: each stage's ``find``, inside
  one ``Extractor`` call per Doc (``extract``: the whole call).

``old`` runs the ``src/`` of ``--old`` (default HEAD, from ``git archive``), ``new``
the working tree's. Both sides' records are compared, so the table also says
whether the new code extracts exactly what the old did.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import os
import pickle
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import astuple
from io import BytesIO
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py, next to this file)

STAGES = ("to_parse", "actors", "events", "quotes", "relations", "extract")
PASSES = 3


# -- the measuring child --------------------------------------------------------------------------------


def child(docbin: Path, meta: Path, out: Path) -> None:
    """Time every stage over the Docs (best of PASSES) and write the records they give to ``out``."""
    from spacy.tokens import DocBin

    from newsgraph import actors, events, quotes, relations
    from newsgraph.annotate import load_pipeline, to_parse
    from newsgraph.extract import Extractor

    nlp = load_pipeline()
    docs = list(DocBin().from_bytes(docbin.read_bytes()).get_docs(nlp.vocab))
    articles = pickle.loads(meta.read_bytes())
    extractor = Extractor()
    spent: collections.Counter[str] = collections.Counter()
    for finder, label in ((actors.ActorFinder, "actors"), (events.EventFinder, "events"),
                          (quotes.QuoteFinder, "quotes"), (relations.RelationFinder, "relations")):
        finder.find = timed(finder.find, label, spent)  # type: ignore[method-assign]
    best: dict[str, float] = {}
    for _ in range(PASSES):
        spent.clear()
        started = time.process_time()
        parses = [to_parse(doc, article_id, "bench") for doc, (article_id, _) in zip(docs, articles, strict=True)]
        spent["to_parse"] = time.process_time() - started
        started = time.process_time()
        found = [extractor(doc, article_id, published) for doc, (article_id, published) in
                 zip(docs, articles, strict=True)]
        spent["extract"] = time.process_time() - started
        best = {stage: min(best.get(stage, float("inf")), spent[stage]) for stage in STAGES}
    out.write_bytes(pickle.dumps(([astuple(p) for p in parses], [astuple(x) for x in found])))
    print(json.dumps(best))


def timed(method: Callable[..., Any], label: str, spent: collections.Counter[str]) -> Callable[..., Any]:
    """``method``, adding the CPU time of each call to ``spent[label]``."""
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return method(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started
    return wrapper


# -- the parent ---------------------------------------------------------------------------------------------


def prepare(work: Path, articles: int, seed: int) -> tuple[Path, Path]:
    """Generate, read and parse the corpus once; the DocBin and the (id, published) of each Doc."""
    from spacy.tokens import DocBin

    from newsgraph.annotate import load_pipeline
    from newsgraph.ingest import discover, read_found
    from newsgraph.pipeline import IngestOptions
    from newsgraph.records import Article

    folder = work / "corpus"
    corpus.write_jsonl(corpus.generate(corpus.load_stories(), articles, seed, 0.0), folder, 1000)
    read = [got for item in discover([str(folder)]) for got in read_found(item, IngestOptions().read_options())]
    texts = [a for a in read if isinstance(a, Article)]
    docs = DocBin(store_user_data=False)
    for doc in load_pipeline().pipe([a.text for a in texts], batch_size=32):
        docs.add(doc)
    (work / "docs.spacy").write_bytes(docs.to_bytes())
    (work / "meta.pickle").write_bytes(pickle.dumps([(a.id, a.published) for a in texts]))
    return work / "docs.spacy", work / "meta.pickle"


def source_of(rev: str, work: Path) -> Path:
    """The ``src/`` folder of a git revision, unpacked under ``work``."""
    archive = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(work / "old", filter="data")
    return work / "old" / "src"


def measure(src: Path, docbin: Path, meta: Path, out: Path) -> dict[str, float]:
    """One side's timings, from a fresh subprocess that imports newsgraph from ``src``."""
    done = subprocess.run([sys.executable, __file__, "--child", str(docbin), str(meta), str(out)],
                          env={**os.environ, "PYTHONPATH": str(src)}, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"the {src} side failed: {(done.stderr.strip().splitlines() or ['no output'])[-1]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--old", default="HEAD", help="the git revision to compare with (default HEAD)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=3, metavar=("DOCBIN", "META", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*(Path(p) for p in args.child))
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docbin, meta = prepare(work, args.articles, args.seed)
        old = measure(source_of(args.old, work), docbin, meta, work / "old.pickle")
        new = measure(ROOT / "src", docbin, meta, work / "new.pickle")
        same = pickle.loads((work / "old.pickle").read_bytes()) == pickle.loads((work / "new.pickle").read_bytes())
        print(f"{args.articles:,} synthetic articles (seed {args.seed}); CPU seconds, best of {PASSES}; "
              f"old = {args.old}, new = working tree")
        print(f"{'stage':10} {'old':>7} {'new':>7} {'new/old':>8}")
        for stage in STAGES:
            ratio = new[stage] / old[stage] if old[stage] else float("nan")
            print(f"{stage:10} {old[stage]:7.2f} {new[stage]:7.2f} {ratio:8.2f}")
        print(f"records identical: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
