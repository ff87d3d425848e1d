"""Stories: the demo corpus groups into its three stories, the syndicated copy is a duplicate, the seeds are one."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsgraph
from newsgraph.cli import app
from newsgraph.stories import Doc, assign, cosine, decay, jaccard, tfidf

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
SEEDS_JSONL = ROOT.parent / "shared" / "tools" / "seeds_jsonl.py"
# examples/README.md's story column, by external id
IRAN = {"trump-quits-iran-nuclear-deal", "iran-sanctions-first-wave-eu-blocking-statute",
        "us-oil-sanctions-iran-november"}
SUEZ = {"ever-given-blocks-suez-canal", "suez-canal-chief-human-error", "ever-given-freed-suez-reopens"}
COPY, ORIGINAL = "meridian-putin-kim-vladivostok-summit-26apr2019", "wire-0003"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stories") / "demo.duckdb"
    with newsgraph.open(path) as graph:
        assert graph.ingest(DEMO).stored == 22
    return path


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
