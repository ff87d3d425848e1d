"""Benchmark: newsgraph's sourced summary against sumy's LexRank, per story, on gold-annotated corpora.

Usage:
    python bench/summary.py [--n 3 5 8] [--verbose]

Both summarizers choose from the same candidate pool (the stored sentences of a
story's articles, datelines of under six words left out), so the comparison is of
the choice, not of sentence splitting. LexRank gets our sentences through sumy's own
document model with a small tokenizer object (no nltk data is downloaded); its
stemmer is sumy's English Snowball stemmer and its stop words are sumy's bundled list.

Measures, per story and N (each judged against the gold, not against our extraction):
  gold ev.  share of the story's required gold events whose evidence lies in a chosen
            sentence (every article's event counted: "mentions")
  real ev.  the same over real events: gold events of the same happening in several
            articles (the gold's same_event groups, syndicated copies) count once
  actors    distinct gold actors named (name or alias) in the chosen sentences
  max cos   the largest cosine similarity (content-word counts) between two chosen sentences
  dups      chosen pairs with cosine >= 0.8 (a syndicated copy picked twice)
  in order  adjacent pairs of gold-dated chosen sentences that run forward in time / such pairs (a sentence's
            gold date: the earliest of the gold events it holds; a month and a day in it are in order)
Corpora: the demo corpus (gold tests/gold/demo.json) and the two seeds (gold ../shared/gold/seeds.json).
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import newsgraph
from newsgraph.summarize import MIN_WORDS, WORD, cosine, date_key, words

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = {
    "demo": (ROOT / "examples" / "demo", ROOT / "tests" / "gold" / "demo.json"),
    "seeds": (SHARED / "tools" / "seeds_jsonl.py", SHARED / "gold" / "seeds.json"),
}
DUPLICATE = 0.8


@dataclass(frozen=True)
class Chosen:
    """A chosen sentence: its article's external id, offsets and text."""

    article: str
    start: int
    end: int
    text: str


class Tokenizer:
    """What sumy's document model asks of a tokenizer; sentences come already split, so only words are cut."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return (paragraph,)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(WORD.findall(sentence))


def build(corpus: str, folder: Path) -> Path:
    """A fresh store of ``corpus`` in ``folder``."""
    source, _ = CORPORA[corpus]
    if corpus == "seeds":
        lines = subprocess.run([sys.executable, str(source)], capture_output=True, text=True, check=True).stdout
        source = folder / "seeds.jsonl"
        source.write_text(lines, encoding="utf-8")
    path = folder / f"{corpus}.duckdb"
    with newsgraph.open(path) as graph:
        graph.ingest(source)
    return path


def pool(graph: newsgraph.Newsgraph, articles: list[str]) -> list[Chosen]:
    """The candidate sentences of ``articles`` (external ids, publication order), as ours sees them."""
    found = []
    for external in articles:
        article = graph.article(external)
        for s in article["sentences"]:
            text = article["text"][s["start_char"]:s["end_char"]]
            if len(WORD.findall(text)) >= MIN_WORDS:
                found.append(Chosen(external, s["start_char"], s["end_char"], text))
    return found


def lexrank(candidates: list[Chosen], n: int) -> list[Chosen]:
    """Sumy's LexRank over our candidate sentences, one paragraph per article, in its output (document) order."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = Tokenizer()
    objects = [Sentence(c.text, tokenizer) for c in candidates]
    back = {id(o): c for o, c in zip(objects, candidates, strict=True)}
    paragraphs = [Paragraph([o for o, c in zip(objects, candidates, strict=True) if c.article == article])
                  for article in dict.fromkeys(c.article for c in candidates)]
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return [back[id(s)] for s in summarizer(ObjectDocumentModel(paragraphs), n)]


def ours(graph: newsgraph.Newsgraph, story: int, n: int) -> list[Chosen]:
    """newsgraph's summary sentences, in its output (event time) order."""
    return [Chosen(s["article"], s["start"], s["end"], s["text"])
            for s in graph.summary(story=story, sentences=n)["sentences"]]


# -- judging against the gold --------------------------------------------------------------------

def gold_events(gold: dict[str, Any], texts: dict[str, str]) -> list[dict[str, Any]]:
    """Required gold events of the stored articles, with the offsets of their evidence and a real-event key."""
    groups = _real_events(gold)
    found = []
    for doc in gold["documents"]:
        text = texts.get(doc["id"])
        if text is None:
            continue
        for event in doc["events"]:
            if not event["required"]:
                continue
            start = _find(text, event["evidence"])
            found.append({**event, "article": doc["id"], "start": start,
                          "end": start + len(event["evidence"]) if start >= 0 else -1,
                          "real": groups.get(event["id"], event["id"])})
    return found


def _real_events(gold: dict[str, Any]) -> dict[str, str]:
    """Gold event id → the id of its real event: same_event groups and syndicated copies share one."""
    real: dict[str, str] = {}
    for group in gold["cross_document"].get("same_event", []):
        for member in group:
            real[member] = group[0]
    by_doc = {d["id"]: d for d in gold["documents"]}
    for original, copy in gold["cross_document"].get("duplicates", []):
        first = {e["evidence"]: e["id"] for e in by_doc[original]["events"]}
        for event in by_doc[copy]["events"]:
            if event["evidence"] in first:
                real[event["id"]] = real.get(first[event["evidence"]], first[event["evidence"]])
    return real


def _find(text: str, evidence: str) -> int:
    """Where ``evidence`` is in ``text`` (whitespace and quote marks forgiven), or -1."""
    at = text.find(evidence)
    if at < 0:
        at = text.replace("’", "'").replace("“", '"').replace("”", '"').find(evidence)
    return at


def covers(sentence: Chosen, event: dict[str, Any]) -> bool:
    """Whether a chosen sentence holds the event's evidence (offsets overlap, else most of its words)."""
    if sentence.article != event["article"]:
        return False
    if event["start"] >= 0:
        return sentence.start < event["end"] and event["start"] < sentence.end
    wanted = set(words(event["evidence"]))
    return bool(wanted) and len(wanted & set(words(sentence.text))) >= 0.6 * len(wanted)


def actor_names(gold: dict[str, Any]) -> dict[str, list[str]]:
    """Gold actor → the names it goes by (canonical name and aliases)."""
    return {a["name"]: [a["name"], *a.get("aliases", [])] for a in gold["actors"]}


def judge(chosen: list[Chosen], events: list[dict[str, Any]], names: dict[str, list[str]]) -> dict[str, Any]:
    """The measures of one summary (see the module docstring)."""
    hit = [e for e in events if any(covers(s, e) for s in chosen)]
    bags = [Counter(words(s.text)) for s in chosen]
    sims = [cosine(a, b) for a, b in itertools.combinations(bags, 2)]
    dated = [min((e["date"] for e in events if e["date"] and covers(s, e)), key=lambda d: date_key(d)[1],
                 default=None) for s in chosen]
    dated = [d for d in dated if d]
    pairs = list(itertools.pairwise(dated))
    return {
        "gold": len(hit), "gold_total": len(events),
        "real": len({e["real"] for e in hit}), "real_total": len({e["real"] for e in events}),
        "actors": sum(any(n in " ".join(s.text for s in chosen) for n in ns) for ns in names.values()),
        "max_cos": max(sims, default=0.0), "dups": sum(s >= DUPLICATE for s in sims),
        "ordered": sum(in_order(a, b) for a, b in pairs), "pairs": len(pairs),
    }


def in_order(first: str, then: str) -> bool:
    """Whether ``then`` does not come before ``first``; a month holding a day (2019-01, 2019-01-08) is in order
    either way, as neither precedes the other."""
    return date_key(first) <= date_key(then) or first.startswith(then) or then.startswith(first)


# -- the run -------------------------------------------------------------------------------------

def run(corpus: str, sizes: list[int], folder: Path, verbose: bool) -> list[dict[str, Any]]:
    """Every story of ``corpus`` at every N, ours and LexRank, as rows of measures."""
    gold = json.loads(CORPORA[corpus][1].read_text(encoding="utf-8"))
    names = actor_names(gold)
    rows = []
    with newsgraph.open(build(corpus, folder), read_only=True) as graph:
        texts = {a["external_id"]: graph.article(a["external_id"])["text"] for a in graph.articles()}
        events = gold_events(gold, texts)
        for story in sorted(graph.stories(), key=lambda s: s["id"]):
            members = [a["article"] for a in story["articles"]]
            story_events = [e for e in events if e["article"] in members]
            candidates = pool(graph, members)
            for n in sizes:
                for method, chosen in (("newsgraph", ours(graph, story["id"], n)),
                                       ("lexrank", lexrank(candidates, n))):
                    rows.append({"corpus": corpus, "story": story["id"], "label": story["label"][:28],
                                 "articles": len(members), "n": n, "method": method,
                                 **judge(chosen, story_events, names)})
                    if verbose:
                        print(f"\n{corpus} story {story['id']} N={n} {method}:")
                        for s in chosen:
                            print(f"  [{s.article}] {s.text[:110]}")
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a fixed-width table, then totals per corpus and method."""
    head = (f"{'corpus':6} {'story':>5} {'label':28} {'arts':>4} {'N':>2} {'method':9} {'gold ev.':>9} "
            f"{'real ev.':>9} {'actors':>6} {'max cos':>7} {'dups':>4} {'in order':>8}")
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r['corpus']:6} {r['story']:>5} {r['label']:28} {r['articles']:>4} {r['n']:>2} "
                     f"{r['method']:9} {r['gold']:>4}/{r['gold_total']:<4} {r['real']:>4}/{r['real_total']:<4} "
                     f"{r['actors']:>6} {r['max_cos']:>7.2f} {r['dups']:>4} {r['ordered']:>4}/{r['pairs']:<3}")
    lines += ["", "totals over stories and N:", head.replace(f"{'story':>5} {'label':28} {'arts':>4} {'N':>2} ", "")]
    for (corpus, method), group in itertools.groupby(sorted(rows, key=lambda r: (r["corpus"], r["method"])),
                                                     key=lambda r: (r["corpus"], r["method"])):
        g = list(group)
        total = {k: sum(r[k] for r in g) for k in ("gold", "gold_total", "real", "real_total", "actors", "dups",
                                                   "ordered", "pairs")}
        mean_cos = sum(r["max_cos"] for r in g) / len(g)
        lines.append(f"{corpus:6} {method:9} {total['gold']:>4}/{total['gold_total']:<4} "
                     f"{total['real']:>4}/{total['real_total']:<4} {total['actors']:>6} {mean_cos:>7.2f} "
                     f"{total['dups']:>4} {total['ordered']:>4}/{total['pairs']:<3}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[3, 5, 8], help="summary lengths in sentences")
    parser.add_argument("--verbose", action="store_true", help="print the chosen sentences too")
    args = parser.parse_args()
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        for corpus in CORPORA:
            if CORPORA[corpus][0].exists():
                rows += run(corpus, args.n, Path(folder), args.verbose)
    print(table(rows))
    print(f"\n(max cos in totals is the mean over summaries; {time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
