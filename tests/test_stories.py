"""Stories: the demo corpus groups into its three stories, the syndicated copy is a duplicate, the seeds are one."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsgraph
from newsgraph import stories
from newsgraph.cli import app
from newsgraph.stories import Doc, Story, assign, cosine, decay, horizon, jaccard, nearest, tfidf

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
SEEDS_JSONL = ROOT.parent / "shared" / "tools" / "seeds_jsonl.py"
# examples/README.md's story column, by external id
IRAN = {"trump-quits-iran-nuclear-deal", "iran-sanctions-first-wave-eu-blocking-statute",
        "us-oil-sanctions-iran-november"}
SUEZ = {"ever-given-blocks-suez-canal", "suez-canal-chief-human-error", "ever-given-freed-suez-reopens"}
COPY, ORIGINAL = "meridian-putin-kim-vladivostok-summit-26apr2019", "wire-0003"
GOLD = ROOT / "tests" / "gold" / "stories.json"
VOA = ROOT.parent / "shared" / "corpora" / "voa_stories.jsonl"
# VOA articles that share words or actors with a gold story but are not in it
HARD_NEGATIVES = {"8011115", "8010476", "8009771", "8007739", "8009004", "8009027", "8008619", "8008079", "8005869"}
# the quality gate on that VOA subset: measured 0.800 and 0.895 (TF-IDF + actors, threshold 0.14); only raise
FLOOR_PAIRS_F1, FLOOR_BCUBED_F1 = 0.78, 0.87


@pytest.fixture(scope="module")
def demo(demo_db: Path) -> Path:
    return demo_db  # the session's demo store (conftest): read-only here, copied where a test writes


def test_demo_groups_into_the_three_readme_stories(demo: Path) -> None:
    with newsgraph.open(demo, read_only=True) as graph:
        stories = graph.stories()
    groups = {frozenset(a["article"] for a in s["articles"]) for s in stories}
    korea = {a["external_id"] for a in graph_articles(demo)} - IRAN - SUEZ
    assert len(korea) == 16
    assert groups == {frozenset(korea), frozenset(IRAN), frozenset(SUEZ)}


def graph_articles(path: Path) -> list[dict[str, object]]:
    with newsgraph.open(path, read_only=True) as graph:
        return graph.articles()


def test_syndicated_copy_is_a_duplicate_of_the_original(demo: Path) -> None:
    with newsgraph.open(demo, read_only=True) as graph:
        articles = {a["article"]: a for s in graph.stories() for a in s["articles"]}
    assert articles[COPY]["duplicate_of"] == ORIGINAL
    assert [a for a, row in articles.items() if row["duplicate_of"]] == [COPY]


def test_korea_story_is_labelled_by_kim_jong_un(demo: Path) -> None:
    with newsgraph.open(demo, read_only=True) as graph:
        korea = graph.stories()[0]
        assert korea["n_articles"] == 16 and "Kim Jong-un" in korea["key_actors"]
        assert "Kim Jong-un" in korea["label"] and len(korea["key_terms"]) == 5
        assert graph.timeline(story=korea["id"])


def test_stories_command_lists_them_as_json(demo: Path) -> None:
    result = CliRunner().invoke(app, ["stories", "--db", str(demo), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert sorted(r["n_articles"] for r in rows) == [3, 3, 16]
    assert {"id", "label", "key_actors", "key_terms", "articles"} <= set(rows[0])


def test_export_has_stories(demo: Path) -> None:
    with newsgraph.open(demo, read_only=True) as graph:
        exported = graph.export()
    assert sorted(s["n_articles"] for s in exported["stories"]) == [3, 3, 16]
    assert sum(len(s["docs"]) for s in exported["stories"]) == len(exported["documents"])


def test_seeds_are_one_story(tmp_path: Path) -> None:
    if not SEEDS_JSONL.is_file():
        pytest.skip("../shared/tools/seeds_jsonl.py is not here")
    lines = subprocess.run([sys.executable, str(SEEDS_JSONL)], capture_output=True, text=True, check=True).stdout
    (tmp_path / "seeds.jsonl").write_text(lines, encoding="utf-8")
    with newsgraph.open(tmp_path / "seeds.duckdb") as graph:
        assert graph.ingest(tmp_path / "seeds.jsonl").stored == 2
        stories = graph.stories()
    assert len(stories) == 1 and stories[0]["n_articles"] == 2


# -- the pieces, without a model -------------------------------------------------------------

def test_similarity_pieces() -> None:
    vectors = tfidf({"a": {"summit": 2, "kim": 1}, "b": {"summit": 1, "kim": 1}, "c": {"canal": 3}})  # type: ignore[dict-item]
    assert cosine(vectors["a"], vectors["b"]) > 0.9 and cosine(vectors["a"], vectors["c"]) == 0
    assert jaccard(frozenset("ab"), frozenset("bc")) == pytest.approx(1 / 3)
    assert decay(date(2019, 1, 1), date(2019, 6, 30)) == pytest.approx(0.5)
    assert decay(None, date(2019, 1, 1)) == 1


def test_assignment_is_order_dependent_single_pass() -> None:
    def doc(ident: str, terms: dict[str, float], actors: str, day: date | None) -> Doc:
        return Doc(ident, ident, day, terms, frozenset(actors))

    docs = [doc("a", {"summit": 1.0}, "KT", date(2019, 1, 1)), doc("b", {"canal": 1.0}, "E", date(2019, 1, 2)),
            doc("c", {"summit": 0.8, "talks": 0.6}, "K", date(2019, 1, 3)),
            doc("d", {"canal": 1.0}, "E", None)]
    stories = assign(docs)
    assert [[m[0] for m in s.members] for s in stories] == [["a", "c"], ["b", "d"]]
    assert stories[1].members[1][2] == "b"  # identical text: a duplicate


def test_incremental_pieces() -> None:
    """A pass over stored stories keeps their ids, numbers new stories after them and measures gaps to spans."""
    old = Story(7, first=date(2019, 1, 1), last=date(2019, 6, 1))
    old.add(Doc("a", "a", date(2019, 1, 1), {"summit": 1.0}, frozenset("K")), 1.0, None)
    old.stored = 1
    new = [Doc("b", "b", date(2018, 12, 1), {"summit": 1.0}, frozenset("K")),
           Doc("c", "c", date(2019, 2, 1), {"canal": 1.0}, frozenset("E"))]
    result = assign(new, [old], earlier=[], next_id=9)
    assert [(s.id, [m[0] for m in s.new_members]) for s in result] == [(7, ["b"]), (9, ["c"])]
    assert nearest(old, date(2019, 3, 1)) == date(2019, 3, 1) and nearest(old, date(2020, 1, 1)) == date(2019, 6, 1)
    assert stories.score(Doc("x", "x", date(2016, 1, 1), {"summit": 1.0}, frozenset("K")), old) < \
        stories.THRESHOLD < stories.score(Doc("y", "y", date(2019, 3, 1), {"summit": 1.0}, frozenset("K")), old)
    assert decay(date(2019, 1, 1) + timedelta(days=horizon()), date(2019, 1, 1)) <= stories.THRESHOLD


@pytest.fixture(scope="module")
def halves(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, set[str]]]:
    """The demo ingested in two halves (plain text first, then HTML, RSS and JSON Lines): the store and the
    stories after the first half."""
    path = tmp_path_factory.mktemp("halves") / "demo.duckdb"
    first = sorted(DEMO.glob("*.txt"))
    with newsgraph.open(path) as graph:
        assert graph.ingest(first).stored == 10
        before = {s["id"]: {a["article"] for a in s["articles"]} for s in graph.stories()}
        assert graph.ingest(sorted(set(DEMO.iterdir()) - set(first))).stored == 12
    return path, before


def test_ingesting_in_halves_keeps_old_stories_and_their_ids(halves: tuple[Path, dict[int, set[str]]]) -> None:
    path, before = halves
    with newsgraph.open(path, read_only=True) as graph:
        after = {s["id"]: {a["article"] for a in s["articles"]} for s in graph.stories()}
    assert sorted(len(m) for m in before.values()) == [2, 3, 5]  # Iran, Suez, Korea from the plain-text files
    assert all(members <= after[story] for story, members in before.items())  # nobody moved, no id changed


def test_halves_and_all_at_once_agree_on_the_three_stories(halves: tuple[Path, dict[int, set[str]]],
                                                           demo: Path) -> None:
    def groups(path: Path) -> set[frozenset[str]]:
        with newsgraph.open(path, read_only=True) as graph:
            return {frozenset(a["article"] for a in s["articles"]) for s in graph.stories()}

    assert groups(halves[0]) == groups(demo) and len(groups(demo)) == 3
    with newsgraph.open(halves[0], read_only=True) as graph:
        copy = [a for s in graph.stories() for a in s["articles"] if a["article"] == COPY]
    assert copy[0]["duplicate_of"] == ORIGINAL


def test_a_later_ingest_places_only_new_articles(demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.duckdb"
    path.write_bytes(demo.read_bytes())
    with newsgraph.open(path) as graph:
        before = graph.store.query("SELECT * FROM story_articles ORDER BY article_id")
        assert graph.link()["stories"] == 3
        assert graph.store.query("SELECT * FROM story_articles ORDER BY article_id") == before
        assert stories.assign_store(graph.store) == 0  # nothing new: nothing touched


def test_rebuild_stories_regroups_in_publication_order(halves: tuple[Path, dict[int, set[str]]],
                                                       tmp_path: Path) -> None:
    path = tmp_path / "halves.duckdb"
    path.write_bytes(halves[0].read_bytes())
    result = CliRunner().invoke(app, ["link", "--db", str(path), "--rebuild-stories", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stories"] == 3
    with newsgraph.open(path, read_only=True) as graph:
        firsts = {s["id"]: s["first_published"] for s in graph.stories()}
    assert firsts == {1: "2018-03-28", 2: "2018-05-09", 3: "2021-03-24"}  # Korea, Iran, Suez


@pytest.mark.parametrize("chunk", [1, 4])
def test_placing_in_chunks_groups_as_placing_all_at_once(demo: Path, tmp_path: Path, chunk: int) -> None:
    path = tmp_path / "demo.duckdb"
    path.write_bytes(demo.read_bytes())
    tables = "SELECT * FROM {} ORDER BY ALL"
    with newsgraph.open(path) as graph:
        assert stories.assign_store(graph.store, rebuild=True) == 3
        once = {t: graph.store.query(tables.format(t)) for t in ("stories", "story_articles")}
        assert stories.assign_store(graph.store, rebuild=True, chunk=chunk) == 3
        assert {t: graph.store.query(tables.format(t)) for t in ("stories", "story_articles")} == once
        with pytest.raises(ValueError, match="chunk"):
            stories.assign_store(graph.store, chunk=0)


# -- quality against tests/gold/stories.json --------------------------------------------------

def pairs(groups: dict[str, int]) -> set[frozenset[str]]:
    """Every pair of articles that ``groups`` (article -> story) puts together."""
    ids = sorted(groups)
    return {frozenset((a, b)) for i, a in enumerate(ids) for b in ids[i + 1:] if groups[a] == groups[b]}


def pairwise_f1(found: dict[str, int], gold: dict[str, int]) -> float:
    both, got, want = len(pairs(found) & pairs(gold)), len(pairs(found)), len(pairs(gold))
    p, r = both / got if got else 1.0, both / want if want else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed_f1(found: dict[str, int], gold: dict[str, int]) -> float:
    def mean(of: dict[str, int], against: dict[str, int]) -> float:
        total = 0.0
        for a in of:
            mine = {b for b in of if of[b] == of[a]}
            total += len({b for b in mine if against[b] == against[a]}) / len(mine)
        return total / len(of)

    p, r = mean(found, gold), mean(gold, found)
    return 2 * p * r / (p + r)


def gold_groups(corpus: str) -> dict[str, int]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["corpora"][corpus]
    return {a: i for i, s in enumerate(gold["stories"]) for a in s["articles"]}


def test_gold_covers_both_corpora_once() -> None:
    demo, voa = gold_groups("demo"), gold_groups("voa")
    assert len(demo) == 22 and len(voa) == 89
    assert sum(1 for n in Counter(voa.values()).values() if n > 1) == 8


def test_demo_matches_the_gold(demo: Path) -> None:
    with newsgraph.open(demo, read_only=True) as graph:
        found = {a["article"]: s["id"] for s in graph.stories() for a in s["articles"]}
    assert pairwise_f1(found, gold_groups("demo")) == 1.0


def test_voa_grouping_meets_the_quality_floor(tmp_path: Path) -> None:
    if not VOA.is_file():
        pytest.skip("../shared/corpora/voa_stories.jsonl is not here")
    gold = gold_groups("voa")
    grouped = {a for a, story in gold.items() if Counter(gold.values())[story] > 1}
    lines = [line for line in VOA.read_text(encoding="utf-8").splitlines()
             if json.loads(line)["id"] in grouped | HARD_NEGATIVES]
    (tmp_path / "voa.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with newsgraph.open(tmp_path / "voa.duckdb") as graph:
        assert graph.ingest(tmp_path / "voa.jsonl").stored == len(lines) == 32
        found = {a["article"]: s["id"] for s in graph.stories() for a in s["articles"]}
    subset = {a: gold[a] for a in found}
    assert pairwise_f1(found, subset) >= FLOOR_PAIRS_F1
    assert bcubed_f1(found, subset) >= FLOOR_BCUBED_F1


def test_the_duplicate_index_finds_what_comparing_every_pair_finds() -> None:
    import random

    from newsgraph.stories import DUPLICATE_COSINE, Seen, prefix_terms

    rng = random.Random(7)
    words = [f"w{i}" for i in range(60)]
    docs: list[Doc] = []
    for number in range(300):
        if docs and rng.random() < 0.4:  # a near-copy of an earlier article: a few weights nudged
            base = rng.choice(docs).vector
            raw = {t: w * rng.uniform(0.7, 1.3) for t, w in base.items()}
        else:
            raw = {t: rng.uniform(0.1, 3.0) for t in rng.sample(words, rng.randint(3, 25))}
        norm = sum(w * w for w in raw.values()) ** 0.5
        docs.append(Doc(f"a{number}", None, None, {t: w / norm for t, w in raw.items()}, frozenset()))
    seen, found = Seen(), 0
    for number, doc in enumerate(docs):
        earlier = docs[:number]
        best = max(earlier, key=lambda other: cosine(doc.vector, other.vector), default=None)
        expected = best if best is not None and cosine(doc.vector, best.vector) >= DUPLICATE_COSINE else None
        assert seen.duplicate_of(doc) is expected
        found += expected is not None
        seen.add(doc)
    assert 50 < found < 300  # both kinds occur
    vector = docs[0].vector
    rest = [t for t in vector if t not in prefix_terms(vector)]
    assert sum(vector[t] ** 2 for t in rest) ** 0.5 < DUPLICATE_COSINE  # what the index relies on


def test_a_copy_is_a_duplicate_only_within_the_days_of_syndication() -> None:
    from datetime import date, timedelta

    from newsgraph.stories import DUPLICATE_DAYS, Seen

    vector = {"harbour": 0.8, "strike": 0.6}
    original = Doc("a", None, date(2024, 5, 1), vector, frozenset())
    seen = Seen()
    seen.add(original)
    soon = Doc("b", None, date(2024, 5, 1) + timedelta(days=DUPLICATE_DAYS), dict(vector), frozenset())
    late = Doc("c", None, date(2024, 5, 1) + timedelta(days=DUPLICATE_DAYS + 1), dict(vector), frozenset())
    undated = Doc("d", None, None, dict(vector), frozenset())
    assert seen.duplicate_of(soon) is original
    assert seen.duplicate_of(late) is None  # a republished piece months later is news again, not a copy
    assert seen.duplicate_of(undated) is original
