"""The synthetic corpus generator of bench/corpus.py: deterministic, varied, with controlled duplicates."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def load_corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_corpus", BENCH / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


corpus = load_corpus_module()

HARBOUR = """Dockers end strike at Port Averly after pay deal
Published: 2016-02-29

PORT AVERLY — Dock workers at Port Averly returned to work on Monday after a nine-day strike, when their union
accepted a pay offer from the port authority, union leader Marta Quell said.

The strike, the longest since 2009, left more than forty container ships waiting at anchor. After the talks
resumed on Friday, negotiators for both sides met for eleven hours, officials said.

Ms. Quell told reporters that the deal raised wages by six percent over two years. The authority's director,
Oskar Brandt, said the port would clear the backlog within a week.

Shipping lines had warned that they would divert cargo to other ports. Mr. Brandt announced that night shifts
would run until the end of March.

Some workers remained unhappy, Ms. Quell added. A vote on the agreement is planned for 2017, when the current
contract ends."""

ORCHARD = """Frost damages apple harvest in the Selby valley
Published: 2019-05-14

SELBY — A late frost destroyed nearly a third of the apple blossom in the Selby valley last week, the regional
farmers' association said on Tuesday.

Growers lit fires between the rows overnight to keep the trees warm, but temperatures fell to minus four
degrees, association chair Tomas Reyes said. The last frost this severe in May was recorded in 1997.

Mr. Reyes told the council that some family orchards could lose their whole crop. The agriculture minister,
Irene Vale, announced an aid fund for growers on Wednesday.

While the damage is still being counted, insurers expect claims to rise sharply, analysts said. Ms. Vale
warned that prices for local apples would go up in the autumn.

Cider makers said they would buy fruit from other regions this year."""


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> list[object]:
    folder = tmp_path_factory.mktemp("source")
    (folder / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (folder / "orchard.txt").write_text(ORCHARD, encoding="utf-8")
    return list(corpus.load_stories(folder))


def sentences(text: str) -> set[str]:
    return {s for p in text.split("\n\n") for s in corpus.split_sentences(p)}


def test_same_seed_same_corpus_and_article_i_does_not_depend_on_n(stories: list[object]) -> None:
    fifty = list(corpus.generate(stories, 50, seed=3))
    assert fifty == list(corpus.generate(stories, 50, seed=3))
    assert list(corpus.generate(stories, 20, seed=3)) == fifty[:20]
    other = list(corpus.generate(stories, 50, seed=4))
    assert sum(a.text != b.text for a, b in zip(fifty, other, strict=True)) > 40


def test_articles_are_varied_not_copies_of_their_story(stories: list[object]) -> None:
    articles = [a for a in corpus.generate(stories, 60, seed=1, share=0) if a.derived_from == "harbour"]
    assert len(articles) >= 10  # the checks below must have something to check
    assert len({a.text for a in articles}) == len(articles)
    reworded = [a for a in articles if "Port Averly" in a.text and sentences(a.text) - sentences(HARBOUR)]
    assert not any("Published" in a.text for a in articles)  # the source's date line is not body text
    assert len(reworded) == len(articles)  # every one has sentences its source does not


def test_duplicates_share_is_exact_and_split_between_exact_and_near(stories: list[object]) -> None:
    articles = list(corpus.generate(stories, 400, seed=2, share=0.1))
    by_id = {a.id: a for a in articles}
    copies = [a for a in articles if a.kind != "original"]
    assert len(copies) == 40
    exact = [a for a in copies if a.kind == "exact_duplicate"]
    assert len(exact) == 20
    for copy in copies:
        first = by_id[copy.duplicate_of]
        assert first.kind == "original" and articles.index(first) < articles.index(copy)
        if copy.kind == "exact_duplicate":
            assert copy.text == first.text and copy.id != first.id
        else:
            assert copy.text != first.text
            assert len(sentences(copy.text) & sentences(first.text)) >= len(sentences(first.text)) - 3


def test_no_duplicates_when_share_is_zero(stories: list[object]) -> None:
    articles = list(corpus.generate(stories, 200, seed=2, share=0))
    assert {a.kind for a in articles} == {"original"}
    assert len({a.text for a in articles}) == 200


def test_dates_are_shifted_by_whole_years_in_text_and_publication(stories: list[object]) -> None:
    for synthetic in corpus.generate(stories, 40, seed=5, share=0):
        shift = synthetic.year_shift
        assert shift != 0
        source = HARBOUR if synthetic.derived_from == "harbour" else ORCHARD
        published = "2016-02-29" if source is HARBOUR else "2019-05-14"
        expected = corpus.shift_date(published, shift)
        assert synthetic.published == expected and synthetic.published != published
        source_years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", source)}
        for year in re.findall(r"\b(?:19|20)\d\d\b", synthetic.text):
            assert int(year) - shift in source_years | {2009, 2017, 1997}, (year, shift)


def test_leap_day_shift() -> None:
    assert corpus.shift_date("2016-02-29", 1) == "2017-02-28"
    assert corpus.shift_date("2016-02-29", -4) == "2012-02-28"
    assert corpus.shift_date("2019-05", 2) == "2021-05"
    assert corpus.shift_date(None, 2) is None


def test_no_empty_article_and_unique_ids(stories: list[object]) -> None:
    articles = list(corpus.generate(stories, 300, seed=7, share=0.05))
    assert len({a.id for a in articles}) == 300
    for synthetic in articles:
        assert synthetic.title.strip() and len(synthetic.text.split()) >= 40
        assert all(p.strip() for p in synthetic.text.split("\n\n"))


@pytest.mark.parametrize(("sentence", "reordered"), [
    ("The ferry left an hour late, harbour officials said.", "Harbour officials said the ferry left an hour late."),
    ("Talks on the budget stalled again, Ms. Quell added.", "Ms. Quell added talks on the budget stalled again."),
    ("After the storm passed, crews cleared the roads.", "Crews cleared the roads after the storm passed."),
    ('"We will not sign," she said.', '"We will not sign," she said.'),
])
def test_clause_reordering(sentence: str, reordered: str) -> None:
    assert corpus.reorder_clauses(sentence) == reordered


def test_names_swap_whole_words_and_titled_surnames() -> None:
    text = "Marta Quell met Oskar Brandt. Ms. Quell spoke first; Mr. Brandt replied. Quellsen was absent."
    swapped = corpus.swap_names(text, "Marta Quell", "Oskar Brandt")
    assert swapped.startswith("Oskar Brandt met Marta Quell.")
    titled = corpus.swap_titled(swapped, {"Marta Quell": "Quell", "Oskar Brandt": "Brandt"},
                                "Marta Quell", "Oskar Brandt")
    assert "Ms. Brandt spoke first; Mr. Quell replied. Quellsen was absent." in titled


def test_sentences_split_after_abbreviations_only_at_real_ends() -> None:
    assert corpus.split_sentences("Mr. Brandt met U.S. buyers. They said \"No.\" Then talks ended.") == [
        "Mr. Brandt met U.S. buyers.", 'They said "No."', "Then talks ended."]


def test_cli_writes_jsonl_shards_that_newsgraph_reads(tmp_path: Path, stories: list[object]) -> None:
    from newsgraph.ingest import read_inputs
    from newsgraph.records import Article

    source = tmp_path / "source"
    source.mkdir()
    (source / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    corpus.main(["--articles", "25", "--out", str(tmp_path / "out"), "--shard-size", "10",
                 "--source", str(source), "--duplicates", "0.2"])
    shards = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in shards] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    lines = [json.loads(line) for p in shards for line in p.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 25 and sum(r["kind"] != "original" for r in lines) == 5
    read = [item for item in read_inputs([str(tmp_path / "out")]) if isinstance(item, Article)]
    assert len(read) == 25 and read[0].meta["kind"] == "original"
    assert len({a.id for a in read}) == 25 - 3  # the exact copies share a content id with their original


def test_txt_format_round_trips_through_the_text_reader(tmp_path: Path) -> None:
    from newsgraph.ingest import read_inputs
    from newsgraph.records import Article

    source = tmp_path / "source"
    source.mkdir()
    (source / "orchard.txt").write_text(ORCHARD, encoding="utf-8")
    corpus.main(["--articles", "6", "--out", str(tmp_path / "txt"), "--format", "txt", "--shard-size", "4",
                 "--source", str(source), "--duplicates", "0"])
    read = [item for item in read_inputs([str(tmp_path / "txt")]) if isinstance(item, Article)]
    assert len(read) == 6
    assert all(a.published is not None and a.published.iso != "2019-05-14" for a in read)
    assert read[0].title.startswith("Frost damages apple harvest")


def test_stages_bench_times_every_stage_of_old_and_new_code() -> None:
    import subprocess

    done = subprocess.run([sys.executable, str(BENCH / "stages.py"), "--articles", "3", "--old", "HEAD"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()[2:-1]}
    assert list(rows) == ["to_parse", "actors", "events", "quotes", "relations", "extract"]
    assert all(float(old) >= 0 and float(new) >= 0 for old, new, _ in rows.values())
    assert re.fullmatch(r"records identical: (yes|NO)", done.stdout.splitlines()[-1])
