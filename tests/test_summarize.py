"""The sourced extractive summary (issue 5): the pure algorithm on hand-built records, then on the demo corpus.

The hand-built sentences are invented for these tests; the store tests ingest
examples/demo once into a temporary database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import newsgraph
from newsgraph.cli import app
from newsgraph.errors import NotFoundError, UsageError
from newsgraph.summarize import (
    KeyEvent,
    Report,
    Scope,
    Sentence,
    choose,
    cite,
    date_key,
    sentence_row,
    summarize,
    summary_text,
)

runner = CliRunner()


def sentence(doc: str, index: int, text: str, *, paragraph: int = 1, published: str | None = "2020-05-01") -> Sentence:
    """A candidate sentence of article ``doc`` (its external id is the same), offsets 100 characters apart."""
    return Sentence(doc, doc, index, paragraph, index * 100, index * 100 + len(text), text, published)


def texts(picks: list[Any]) -> list[str]:
    return [p.sentence.text for p in picks]


# -- the algorithm on hand-built records ---------------------------------------------------------

LONG = ("The weather in the harbour town stayed mild and grey for most of the week, and the cafés along the quay "
        "filled up with walkers, fishermen and tourists who had come for the autumn market and its music.")
SHORT = "Lena Ortiz signed the water treaty with Tomas Berg."


def test_coverage_beats_length() -> None:
    scope = Scope([sentence("port", 0, LONG), sentence("port", 1, SHORT, paragraph=2)],
                  events={"treaty": KeyEvent("treaty", 1.0, "2020-04-30")},
                  event_reports=[Report("port", 1, "treaty")])
    assert texts(choose(scope, 1)) == [SHORT]


def test_a_more_reported_event_wins() -> None:
    scope = Scope([sentence("a", 0, "Rosa Ferreira visited the dam site near Ourense on Monday."),
                   sentence("a", 1, "Jan Brandt announced new rail funding for the northern valleys.")],
                  events={"visit": KeyEvent("visit", 1.0), "funding": KeyEvent("funding", 4.0)},
                  event_reports=[Report("a", 0, "visit"), Report("a", 1, "funding")])
    assert texts(choose(scope, 1)) == ["Jan Brandt announced new rail funding for the northern valleys."]


def test_novelty_drops_a_syndicated_duplicate() -> None:
    wire = "Officials in Valdora closed the border crossing at Santa Inés after the floods washed out the bridge."
    other = "Farmers upstream said the river had risen two metres overnight and their fields were under water."
    # The linker did not merge the two copies' events, so only the text shows they are one report.
    scope = Scope([sentence("wire", 0, wire), sentence("reprint", 0, wire, published="2020-05-02"),
                   sentence("local", 3, other, paragraph=4)],
                  events={"close-1": KeyEvent("close-1", 2.0), "close-2": KeyEvent("close-2", 2.0),
                          "rise": KeyEvent("rise", 1.0)},
                  event_reports=[Report("wire", 0, "close-1"), Report("reprint", 0, "close-2"),
                                 Report("local", 3, "rise")])
    picks = choose(scope, 3)
    assert texts(picks) == [wire, other]
    assert [p.sentence.article for p in picks] == ["wire", "local"]


def test_two_reports_of_one_merged_event_are_not_both_picked() -> None:
    first = "Mayor Ines Roth opened the new tram line in Kessling on Saturday morning."
    second = "Crowds cheered as Kessling's first trams left the depot, with Mayor Roth aboard the opening run."
    third = "The council will vote next month on extending the line to the airport."
    scope = Scope([sentence("a", 0, first), sentence("b", 2, second, paragraph=2), sentence("a", 4, third)],
                  events={"open": KeyEvent("open", 2.0, "2020-04-25"), "vote": KeyEvent("vote", 1.0, "2020-06")},
                  event_reports=[Report("a", 0, "open"), Report("b", 2, "open"), Report("a", 4, "vote")])
    picks = choose(scope, 5)
    assert len(picks) == 2
    assert first in texts(picks) and third in texts(picks)


def test_a_direct_report_beats_a_recap_of_the_same_event() -> None:
    recap = "Months after the dam deal was signed in Ourense, engineers from both firms are still arguing."
    direct = "Two construction firms signed the Ourense dam deal on Friday after a year of talks."
    scope = Scope([sentence("later", 0, recap, published="2020-09-01"), sentence("first", 1, direct, paragraph=2)],
                  events={"deal": KeyEvent("deal", 2.0, "2020-04-24")},
                  event_reports=[Report("later", 0, "deal", 0.6), Report("first", 1, "deal", 1.0)])
    assert texts(choose(scope, 1)) == [direct]


def test_key_actors_count_when_no_event_is_reported() -> None:
    named = "Governor Amara Diallo told reporters that the port would reopen soon."
    nobody = "It had been a long and difficult season for everyone on the waterfront."
    scope = Scope([sentence("a", 0, nobody), sentence("a", 1, named, paragraph=2)],
                  actors={"person:amara diallo": 5.0}, actor_reports=[Report("a", 1, "person:amara diallo")])
    assert texts(choose(scope, 1)) == [named]


def test_a_sentence_leaning_on_a_pronoun_loses_a_tie() -> None:
    dangling = "He then ordered the coastguard to escort the grain convoy through the strait."
    standalone = "Admiral Sofia Lind ordered the coastguard to escort the grain convoy through the strait."
    scope = Scope([sentence("a", 0, dangling), sentence("b", 0, standalone)],
                  events={"escort-a": KeyEvent("escort-a", 1.0), "escort-b": KeyEvent("escort-b", 1.0)},
                  event_reports=[Report("a", 0, "escort-a"), Report("b", 0, "escort-b")])
    assert texts(choose(scope, 1)) == [standalone]


def test_sentences_are_ordered_by_the_date_of_what_they_report() -> None:
    late = "The two ministers met again in Porto in March to sign the fisheries accord."
    early = "Their first meeting, in Vigo in January 2019, ended without a statement."
    undated = "Fishing crews on both sides of the border say quotas remain too low."
    scope = Scope([sentence("news", 0, late, published="2019-03-20"),
                   sentence("news", 1, early, published="2019-03-20"),
                   sentence("feature", 0, undated, published="2019-02-10")],
                  events={"sign": KeyEvent("sign", 1.0, "2019-03"), "meet": KeyEvent("meet", 1.0, "2019-01-14")},
                  event_reports=[Report("news", 0, "sign"), Report("news", 1, "meet")])
    picks = summarize(scope, 3)
    assert texts(picks) == [early, undated, late]  # the undated one sits at its article's publication date
    assert [p.date for p in picks] == ["2019-01-14", None, "2019-03"]


def test_partial_dates_sort_at_their_first_day_and_undated_last() -> None:
    dates = ["2019-02-03", None, "2019", "2019-02", "2018-12-31"]
    assert sorted(dates, key=date_key) == ["2018-12-31", "2019", "2019-02", "2019-02-03", None]


def test_citations_and_rows() -> None:
    text = "The harbour authority suspended night crossings until further notice."
    picked = choose(Scope([Sentence("doc-id", "harbour-notice", 7, 3, 412, 412 + len(text), text, "2021-01-05")]), 1)
    assert cite(picked[0].sentence) == "[harbour-notice, ¶3]"
    assert sentence_row(picked[0]) == {"text": text, "article": "harbour-notice", "paragraph": 3, "date": None,
                                       "start": 412, "end": 412 + len(text), "citation": "[harbour-notice, ¶3]"}


def test_n_is_respected_and_datelines_are_not_candidates() -> None:
    lines = ["Snow closed the mountain pass above Kessling for the third time this winter.",
             "Bakers in the old town started delivering bread by sledge to elderly residents.",
             "The regional council promised two extra ploughs before the end of January.",
             "Schools stayed open, although many pupils from outlying farms could not attend.",
             "Power lines along the valley road held up better than engineers had feared.",
             "Forecasters expect a thaw to begin on Thursday, bringing a risk of floods."]
    scope = Scope([sentence("d", 0, "KESSLING —"), *(sentence("d", i + 1, line, paragraph=i + 2)
                                                    for i, line in enumerate(lines))])
    assert len(choose(scope, 2)) == 2
    assert "KESSLING —" not in texts(choose(scope, 50))
    with pytest.raises(UsageError, match="at least 1"):
        choose(scope, 0)


def test_an_empty_scope_gives_no_sentences_and_a_readable_brief() -> None:
    assert summarize(Scope([]), 5) == []
    result = {"scope": {"story": 4, "actor": None, "articles": 1},
              "digest": {"key_actors": [], "key_events": [], "planned": [], "quotes": []}, "sentences": []}
    text = summary_text(result)
    assert text.startswith("Summary of story 4 (1 articles)")
    assert "(no sentence of these articles is long enough to quote)" in text


def test_an_empty_store_says_to_ingest(tmp_path: Path) -> None:
    with newsgraph.open(tmp_path / "empty.duckdb") as graph, pytest.raises(NotFoundError, match="newsgraph ingest"):
        graph.summary()


# -- on the demo corpus --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(demo_db: Path) -> Path:
    return demo_db  # the session's demo store (conftest), read-only here


@pytest.fixture(scope="module")
def korea(demo: Path) -> int:
    """The id of the story about Kim Jong-un."""
    with newsgraph.open(demo, read_only=True) as graph:
        return next(s["id"] for s in graph.stories() if "Kim Jong-un" in s["key_actors"])


def test_every_cited_sentence_is_verbatim_at_its_offsets(demo: Path) -> None:
    with newsgraph.open(demo, read_only=True) as graph:
        results = [graph.summary(story=s["id"], sentences=8) for s in graph.stories()]
        results.append(graph.summary(actor="Xi Jinping", sentences=4))
        texts_by_article = {a["external_id"]: graph.article(a["external_id"]) for a in graph.articles()}
    cited = [s for result in results for s in result["sentences"]]
    assert len(cited) >= 15
    for row in cited:
        article = texts_by_article[row["article"]]
        assert article["text"][row["start"]:row["end"]] == row["text"]
        stored = [s for s in article["sentences"] if (s["start_char"], s["end_char"]) == (row["start"], row["end"])]
        assert len(stored) == 1 and stored[0]["paragraph"] + 1 == row["paragraph"]
        assert row["citation"] == f"[{row['article']}, ¶{row['paragraph']}]"


def test_the_korea_story_summary_covers_the_hanoi_summit(demo: Path, korea: int) -> None:
    with newsgraph.open(demo, read_only=True) as graph:
        result = graph.summary(story=korea, sentences=5)
        published = {a["external_id"]: a["published"] for a in graph.articles()}
        members = next(s["articles"] for s in graph.stories() if s["id"] == korea)
        hanoi = [e for e in graph.merged_events(story=korea) if e["location"] == "Hanoi" and e["date"] == "2019-02-28"]
    assert set(result) == {"scope", "digest", "sentences"}
    assert result["scope"] == {"story": korea, "actor": None, "articles": len(members)}
    assert len(members) >= 10 and {s["article"] for s in result["sentences"]} <= {m["article"] for m in members}
    assert set(result["digest"]) == {"key_actors", "key_events", "planned", "quotes"}
    sentences = result["sentences"]
    assert len(sentences) == 5
    reports = {(m["article"], m["evidence_start"], m["evidence_end"]) for e in hanoi for m in e["mentions"]}
    assert any(s["start"] <= start and end <= s["end"] for s in sentences for article, start, end in reports
               if article == s["article"])  # a chosen sentence is the evidence of a report of the Hanoi summit
    assert any(e["location"] == "Hanoi" and e["date"] == "2019-02-28" for e in result["digest"]["key_events"])
    assert len({s["text"] for s in sentences}) == 5  # the syndicated copy in the Meridian feed is not repeated
    keys = [date_key(s["date"] or published[s["article"]]) for s in sentences]
    assert keys == sorted(keys)


def test_the_digest_is_ranked_and_in_event_order(demo: Path, korea: int) -> None:
    with newsgraph.open(demo, read_only=True) as graph:
        digest = graph.summary(story=korea)["digest"]
        timeline = graph.timeline(story=korea)
    names = [a["name"] for a in digest["key_actors"]]
    assert names[0] == "Kim Jong-un" and "Donald Trump" in names and "Kim Yong-chol" not in names[:2]
    assert [a["mentions"] for a in digest["key_actors"]] == sorted((a["mentions"] for a in digest["key_actors"]),
                                                                  reverse=True)
    assert 0 < len(digest["key_events"]) <= 8 and all(e["status"] == "occurred" for e in digest["key_events"])
    assert all(e in timeline for e in digest["key_events"] + digest["planned"])  # timeline rows, same shape
    positions = [timeline.index(e) for e in digest["key_events"]]
    assert positions == sorted(positions)
    assert digest["planned"] and {e["status"] for e in digest["planned"]} <= {"planned", "possible"}
    speakers = [q["speaker"] for q in digest["quotes"]]
    assert 0 < len(speakers) <= 4 and len(set(speakers)) == len(speakers)


def test_an_actor_summary_keeps_to_the_actor(demo: Path) -> None:
    with newsgraph.open(demo, read_only=True) as graph:
        result = graph.summary(actor="Kim Yong-chol", sentences=3)
    assert result["scope"]["actor"] == "Kim Yong-chol"
    assert len(result["sentences"]) == 3
    assert any("Kim Yong-chol" in s["text"] for s in result["sentences"])
    assert {e["source"] for e in result["digest"]["key_events"]} | {
        e["target"] for e in result["digest"]["key_events"]} >= {"Kim Yong-chol"}
    assert result["digest"]["quotes"][0]["speaker"] == "Marcus Ellery"  # the quote about him comes first


def test_the_whole_store_is_the_default_scope(demo: Path) -> None:
    with newsgraph.open(demo, read_only=True) as graph:
        result = graph.summary(sentences=6)
    assert result["scope"] == {"story": None, "actor": None, "articles": 22}
    assert len(result["sentences"]) == 6
    assert len({s["article"] for s in result["sentences"]}) >= 3  # not one article's lead paragraphs


def test_unknown_scope_and_bad_options_raise(demo: Path) -> None:
    with newsgraph.open(demo, read_only=True) as graph:
        with pytest.raises(NotFoundError, match="no story 99"):
            graph.summary(story=99)
        with pytest.raises(NotFoundError, match="Nobody Atall"):
            graph.summary(actor="Nobody Atall")
        with pytest.raises(UsageError, match="not both"):
            graph.summary(story=1, actor="Kim")
        with pytest.raises(UsageError, match="at least 1"):
            graph.summary(story=1, sentences=0)


def test_cli_markdown_brief_and_json(demo: Path, korea: int) -> None:
    result = runner.invoke(app, ["summary", "--story", str(korea), "-n", "4", "--db", str(demo), "-f", "markdown"])
    assert result.exit_code == 0, result.output
    brief = result.stdout
    for heading in ("# Summary of story", "## Key actors", "## Key events", "## Planned or expected",
                    "## Who said what", "## Summary"):
        assert heading in brief
    numbered = [line for line in brief.splitlines() if line[:3] in ("1. ", "2. ", "3. ", "4. ")]
    assert len(numbered) == 4 and all(line.endswith("]") and ", ¶" in line for line in numbered)
    as_json = runner.invoke(app, ["summary", "--story", str(korea), "-n", "4", "--db", str(demo), "-f", "json"])
    assert as_json.exit_code == 0, as_json.output
    with newsgraph.open(demo, read_only=True) as graph:
        assert json.loads(as_json.stdout) == json.loads(json.dumps(graph.summary(story=korea, sentences=4)))


@pytest.mark.parametrize(("args", "message"), [
    (["--story", "99"], "no story 99"),                    # not found: exit 2, as `actor` and `show` do
    (["--actor", "Nobody Atall"], "no actor named"),
    (["--story", "1", "--actor", "Kim"], "not both"),
    (["--format", "yaml"], "unknown format"),
])
def test_cli_errors_exit_2(demo: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["summary", *args, "--db", str(demo)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_cli_missing_database_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["summary", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 3
    assert "newsgraph ingest" in result.stderr
