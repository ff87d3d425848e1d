"""Link: canonical actors and merged events across articles (issue 5).

Rule tests run on hand-built rows (no model); the corpus tests ingest the seeds
and small invented articles, written for these tests, through the Python API.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import newsgraph
from newsgraph.cli import app
from newsgraph.link import family, last_day, link_actors, link_events, normalise

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS_JSONL = SHARED / "tools" / "seeds_jsonl.py"

# Invented articles: two Kims; two summits of the same leaders eight months apart; a
# syndicated near-copy of the second; a visit announced, then reported done.
TRICKY = {
    "kims": ("Kim Yong-chol meets Mike Pompeo in New York", "May 31, 2018",
             "NEW YORK — North Korean official Kim Yong-chol met US Secretary of State Mike Pompeo in New York "
             "on Thursday. Mr. Kim carried a letter from Kim Jong-un."),
    "singapore": ("Trump meets Kim Jong-un in Singapore", "June 12, 2018",
                  "SINGAPORE — US President Donald Trump met North Korean leader Kim Jong-un in Singapore on "
                  "Tuesday. Mr. Trump praised Mr. Kim after the talks."),
    "hanoi": ("Trump and Kim meet again in Hanoi", "February 27, 2019",
              "HANOI — US President Donald Trump met North Korean leader Kim Jong Un in Hanoi on Wednesday, eight "
              "months after their first summit. Mr. Trump said the talks were productive."),
    "hanoi-wire": ("Trump, Kim hold second summit in Vietnam", "February 28, 2019",
                   "HANOI (Wire) — President Donald Trump met Kim Jong-un, the North Korean leader, in Hanoi on "
                   "Wednesday, eight months after their first summit. Mr. Trump told reporters the talks had been "
                   "productive."),
    "tokyo-plan": ("Moon to visit Tokyo next month", "March 2, 2020",
                   "SEOUL — South Korean President Moon Jae-in will visit Japanese Prime Minister Shinzo Abe in "
                   "Tokyo on March 20, officials said on Monday."),
    "tokyo-done": ("Moon visits Abe in Tokyo", "March 21, 2020",
                   "TOKYO — South Korean President Moon Jae-in visited Japanese Prime Minister Shinzo Abe in Tokyo "
                   "on Friday. The two leaders discussed trade."),
}


# -- rules on hand-built rows ----------------------------------------------------------------

def actor(article: str, name: str, type: str = "person", country: str | None = None,
          aliases: tuple[str, ...] = ()) -> dict[str, Any]:
    key = f"country:{country}" if type == "country" else f"{type}:{name.lower()}"
    return {"article_id": article, "key": key, "name": name, "type": type, "country": country, "sector": None,
            "aliases": json.dumps([name, *aliases])}


def event(article: str, source: str | None, target: str | None, cameo: str = "040", status: str = "occurred",
          when: str | None = None, location: str | None = None, published: date | None = None,
          ident: str | None = None) -> dict[str, Any]:
    precision = {4: "year", 7: "month", 10: "day"}.get(len(when or ""), "unknown")
    return {"id": ident or f"{article}-{cameo}-{when}-{status}", "article_id": article, "source": source,
            "target": target, "cameo": cameo, "plover": "CONSULT", "goldstein": 1.0, "quad_class": 1,
            "status": status, "date": when, "date_precision": precision, "location": location,
            "evidence_start": 0, "confidence": 0.9, "published_date": published or date(2019, 1, 8)}


def test_normalise_ignores_case_hyphens_accents_and_titles() -> None:
    assert normalise("Kim Jong Un") == normalise("Kim Jong-un") == normalise("KIM JONG-UN") == "kim jong un"
    assert normalise("José Martí") == normalise("Jose Marti")
    assert normalise("Mr. Kim") == "kim"
    assert normalise("President") == "president"  # a title alone stays


def test_name_forms_link_and_namesakes_stay_apart() -> None:
    rows = [actor("a", "Kim Jong-un", country="PRK", aliases=("Mr. Kim",)),
            actor("b", "Kim Jong Un", country="PRK", aliases=("Mr Kim", "Chairman Kim")),
            actor("b", "Kim Yong-chol", country="PRK"),
            actor("a", "North Korea", "country", "PRK"), actor("b", "DPRK", "country", "PRK")]
    linked = link_actors(rows, {("a", "person:kim jong-un"): 3, ("b", "person:kim jong un"): 2})
    kim = next(a for a in linked.actors if a.id == "person:kim jong un")
    assert {"Kim Jong-un", "Kim Jong Un", "Mr. Kim", "Mr Kim", "Chairman Kim"} <= set(kim.aliases)
    assert (kim.n_articles, kim.n_mentions) == (2, 5)
    assert linked.actor_links[("b", "person:kim yong-chol")] == "person:kim yong chol"
    assert linked.actor_links[("b", "country:PRK")] == linked.actor_links[("a", "country:PRK")] == "country:PRK"


def test_a_bare_surname_links_only_when_one_person_has_it() -> None:
    rows = [actor("a", "Trump"), actor("b", "Donald Trump", country="USA"),
            actor("a", "Kim"), actor("b", "Kim Jong-un", country="PRK"), actor("b", "Kim Yong-chol", country="PRK"),
            actor("c", "Smith", country="GBR"), actor("d", "John Smith", country="USA")]
    links = link_actors(rows, {}).actor_links
    assert links[("a", "person:trump")] == "person:donald trump"
    assert links[("a", "person:kim")] not in ("person:kim jong un", "person:kim yong chol")
    assert links[("c", "person:smith")] == "person:smith"  # another country: not the same Smith


def test_code_families() -> None:
    assert family("043") == family("040") == family("036") == family("04") == "04"
    assert family("051") == "05" and family("030") == "03"
    assert last_day("2019-02") == date(2019, 2, 28) and last_day("2019") == date(2019, 12, 31)


def test_events_merge_only_when_dates_places_and_tenses_fit() -> None:
    links = {("a", "x"): "X", ("a", "y"): "Y", ("b", "x"): "X", ("b", "y"): "Y"}
    rows = [
        event("a", "x", "y", "043", when="2019-01-08", location="Beijing", published=date(2019, 1, 8)),
        event("b", "y", "x", "040", when="2019-01", published=date(2019, 6, 17)),  # same meeting, recalled
        event("b", "x", "y", "040", when="2019-06", published=date(2019, 6, 17)),  # another meeting
        event("b", "x", "y", "040", when="2019-01-08", location="Pyongyang", published=date(2019, 6, 17)),
        event("b", "x", "y", "051", when="2019-01-08", published=date(2019, 6, 17)),  # another code family
    ]
    merged = link_events(rows, links)
    sizes = sorted(e.n_mentions for e in merged.events)
    assert sizes == [1, 1, 1, 2]
    first = next(e for e in merged.events if e.n_mentions == 2)
    assert (first.cameo, first.date, first.location, first.n_articles) == ("043", "2019-01-08", "Beijing", 2)


def test_a_plan_does_not_join_a_meeting_held_before_it_was_announced() -> None:
    links = {("a", "x"): "X", ("a", "y"): "Y"}
    held = event("a", "x", "y", "040", when="2018-06", published=date(2019, 1, 8))
    plan = event("a", "x", "y", "036", status="possible", published=date(2019, 1, 8))
    later = event("a", "x", "y", "036", status="planned", when="2019-02", published=date(2019, 1, 8))
    assert len(link_events([held, plan], links).events) == 2
    assert len(link_events([later, plan], links).events) == 1


def test_undated_reports_join_only_within_the_window() -> None:
    links = {(a, k): k.upper() for a in "abc" for k in "xy"}
    rows = [event("a", "x", "y", published=date(2019, 1, 1)), event("b", "x", "y", published=date(2019, 1, 30)),
            event("c", "x", "y", published=date(2019, 6, 1))]
    assert sorted(e.n_articles for e in link_events(rows, links).events) == [1, 2]


def test_events_without_both_actors_are_not_merged() -> None:
    rows = [event("a", "x", None, "010", ident="1"), event("a", "x", None, "010", ident="2")]
    assert len(link_events(rows, {("a", "x"): "X"}).events) == 2


# -- the seeds ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEEDS_JSONL.is_file():
        pytest.skip("../shared/tools/seeds_jsonl.py is not here")
    folder = tmp_path_factory.mktemp("link-seeds")
    lines = subprocess.run([sys.executable, str(SEEDS_JSONL)], capture_output=True, text=True, check=True).stdout
    (folder / "seeds.jsonl").write_text(lines, encoding="utf-8")
    path = folder / "seeds.duckdb"
    with newsgraph.open(path) as graph:
        assert graph.ingest(folder / "seeds.jsonl").stored == 2
    return path


def test_seed_leaders_are_one_actor_each(seeds: Path) -> None:
    with newsgraph.open(seeds, read_only=True) as graph:
        people = {a["name"]: a for a in graph.canonical_actors(type="person")}
    kim = people["Kim Jong-un"]
    assert kim["n_articles"] == 2 and {"Mr. Kim", "Mr Kim"} <= set(kim["aliases"])
    assert people["Xi Jinping"]["n_articles"] == 2
    assert people["Donald Trump"]["n_articles"] == 2 and "Trump" in people["Donald Trump"]["aliases"]
    assert people["Kim Yong-chol"]["n_articles"] == 1
    assert people["Kim Yong-chol"]["id"] != kim["id"]


def test_the_january_meeting_is_one_event_with_two_sources(seeds: Path) -> None:
    with newsgraph.open(seeds, read_only=True) as graph:
        meetings = [e for e in graph.merged_events(actor="Kim Jong-un", cameo="04", since="2019-01", until="2019-01-31")
                    if {e["source"], e["target"]} == {"Xi Jinping", "Kim Jong-un"}]
    assert len(meetings) == 1
    meeting = meetings[0]
    assert meeting["num_sources"] == 2 and meeting["num_mentions"] >= 2
    assert meeting["date"] == "2019-01-08" and meeting["location"] == "Beijing"
    assert meeting["docs"] == ["000_be1492698f019d6f", "003_1037126989e954dc"]


def test_export_names_canonical_actors_and_merged_events(seeds: Path) -> None:
    with newsgraph.open(seeds, read_only=True) as graph:
        exported = graph.export()
    merged = {m["id"]: m for m in exported["merged_events"]}
    for item in exported["events"]:
        assert item["merged_id"] in merged
        assert item["doc"] in merged[item["merged_id"]]["docs"]
    hosted = next(e for e in exported["events"] if e["cameo"] == "043" and e["date"] == "2019-01-08")
    assert hosted["canonical_source"] == "person:xi jinping" and hosted["canonical_target"] == "person:kim jong un"
    meeting = merged[hosted["merged_id"]]
    assert meeting["num_sources"] == 2 and len(meeting["mentions"]) == meeting["num_mentions"]
    assert set(meeting["mentions"][0]) >= {"doc", "evidence_start", "evidence_end"}
    assert sum(m["num_mentions"] for m in merged.values()) == len(exported["events"])


# -- tricky pairs --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("link-tricky")
    for stem, (title, dateline, body) in TRICKY.items():
        (folder / f"{stem}.txt").write_text(f"{title}\n\n{dateline}\n\n{body}\n", encoding="utf-8")
    path = folder.parent / f"{folder.name}.duckdb"
    with newsgraph.open(path) as graph:
        assert graph.ingest(folder).stored == len(TRICKY)
    return path


def meetings_of(graph: newsgraph.Newsgraph, name: str, other: str) -> list[dict[str, Any]]:
    return [e for e in graph.merged_events(actor=name, cameo="04") if {e["source"], e["target"]} == {name, other}]


def test_two_kims_stay_two(tricky: Path) -> None:
    with newsgraph.open(tricky, read_only=True) as graph:
        kims = graph.canonical_actors(name="Kim", type="person")
    assert {k["name"] for k in kims} == {"Kim Jong-un", "Kim Yong-chol"}
    jong_un = next(k for k in kims if k["name"] == "Kim Jong-un")
    assert "Kim Jong Un" in jong_un["aliases"] and jong_un["n_articles"] == 4


def test_two_summits_months_apart_stay_two_and_a_near_copy_merges(tricky: Path) -> None:
    with newsgraph.open(tricky, read_only=True) as graph:
        summits = meetings_of(graph, "Donald Trump", "Kim Jong-un")
    assert [(s["date"], s["location"], s["num_sources"]) for s in summits] == [
        ("2018-06-12", "Singapore", 1), ("2019-02-27", "Hanoi", 2)]
    assert summits[1]["docs"] == ["hanoi", "hanoi-wire"]


def test_a_visit_planned_then_held_is_one_occurred_event(tricky: Path) -> None:
    with newsgraph.open(tricky, read_only=True) as graph:
        visits = meetings_of(graph, "Moon Jae-in", "Shinzo Abe")
    assert len(visits) == 1
    visit = visits[0]
    assert (visit["status"], visit["date"], visit["num_sources"], visit["num_mentions"]) == (
        "occurred", "2020-03-20", 2, 2)
    assert {m["status"] for m in visit["mentions"]} == {"planned", "occurred"}


def test_link_is_idempotent_and_has_a_command(tricky: Path) -> None:
    with newsgraph.open(tricky) as graph:
        before = graph.store.query("SELECT * FROM merged_events ORDER BY id")
        counts = graph.link()
        assert graph.store.query("SELECT * FROM merged_events ORDER BY id") == before
    assert counts["canonical_actors"] < counts["actors"] and counts["merged_events"] < counts["events"]
    result = CliRunner().invoke(app, ["link", "--db", str(tricky), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == counts
