"""Link: canonical actors and merged events across articles (issue 5).

Rule tests run on hand-built rows (no model); the corpus tests ingest the seeds
and small invented articles, written for these tests, through the Python API.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import astuple
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import newsgraph
from newsgraph.cli import app
from newsgraph.dictionary import ActorDictionary, ActorEntry
from newsgraph.errors import InputError
from newsgraph.link import (
    ACTOR_SELECT,
    EVENT_SELECT,
    _actor_row,
    _user_actors,
    default_dictionary,
    family,
    form_ids,
    form_of,
    last_day,
    link_actors,
    link_events,
    link_store,
    normalise,
    per_article,
)

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
          ident: str | None = None, location_country: str | None = None) -> dict[str, Any]:
    precision = {4: "year", 7: "month", 10: "day"}.get(len(when or ""), "unknown")
    return {"id": ident or f"{article}-{cameo}-{when}-{status}", "article_id": article, "source": source,
            "target": target, "cameo": cameo, "plover": "CONSULT", "goldstein": 1.0, "quad_class": 1,
            "status": status, "date": when, "date_precision": precision, "location": location,
            "location_country": location_country, "evidence_start": 0, "confidence": 0.9,
            "published_date": published or date(2019, 1, 8)}


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


def test_a_user_alias_merges_a_transliteration_whatever_country_the_article_gave() -> None:
    rows = [actor("a", "Kim Jong-eun", country="PRK"), actor("b", "Kim Jong Un", country="KOR"),
            actor("c", "Kim Jong-un", country="PRK")]
    assert len({*link_actors(rows, {}).actor_links.values()}) == 3  # the name rules alone keep them apart
    user = ActorDictionary([ActorEntry("Kim Jong-un", "person", "PRK", "GOV", aliases=("Kim Jong-eun",))])
    linked = link_actors(rows, {}, user)
    assert set(linked.actor_links.values()) == {"person:kim jong un"}
    (kim,) = linked.actors
    assert (kim.name, kim.country, kim.sector, kim.n_articles) == ("Kim Jong-un", "PRK", "GOV", 3)
    assert {"Kim Jong-eun", "Kim Jong Un", "Kim Jong-un"} <= set(kim.aliases)


def test_distinct_names_stay_apart_where_the_name_rules_would_join_them() -> None:
    rows = [actor("a", "Salman bin Hamad", country="BHR"), actor("b", "Prince Salman"), actor("c", "Salman")]
    plain = link_actors(rows, {}).actor_links
    assert plain[("b", "person:prince salman")] == plain[("c", "person:salman")] == "person:salman bin hamad"
    user = ActorDictionary([ActorEntry("Salman bin Hamad", "person", "BHR", None, distinct=("Prince Salman",))])
    links = link_actors(rows, {}, user).actor_links
    assert links[("b", "person:prince salman")] != "person:salman bin hamad"
    assert links[("c", "person:salman")] == "person:salman bin hamad"  # only the names listed are barred
    # a distinct name whose title-less form is the entry's own id gets an id of its own
    short = ActorDictionary([ActorEntry("Salman", "person", "BHR", None, distinct=("Prince Salman",))])
    links = link_actors([actor("a", "Salman"), actor("b", "Prince Salman")], {}, short).actor_links
    assert links[("a", "person:salman")] == "person:salman"
    assert links[("b", "person:prince salman")] == "person:prince salman"


def test_namesakes_of_different_countries_stay_apart() -> None:
    rows = [actor("a", "John Smith", country="GBR"), actor("b", "John Smith", country="USA"),
            actor("c", "John Smith"), actor("d", "Smith", country="GBR"), actor("e", "Lee Min-ho", country="KOR"),
            actor("f", "Lee Min-ho")]
    links = link_actors(rows, {}).actor_links
    assert links[("a", "person:john smith")] == "person:john smith@GBR"
    assert links[("b", "person:john smith")] == "person:john smith@USA"
    assert links[("c", "person:john smith")] == "person:john smith"  # no country: neither of them
    assert links[("d", "person:smith")] == "person:john smith@GBR"
    assert links[("e", "person:lee min-ho")] == links[("f", "person:lee min-ho")] == "person:lee min ho"


def test_namesake_entries_split_by_country_and_a_single_entry_merges() -> None:
    rows = [actor("a", "John Smith", country="GBR"), actor("b", "John Smith", country="USA"),
            actor("c", "John Smith")]
    split = ActorDictionary([ActorEntry("John Smith", "person", "GBR", "LEG"),
                             ActorEntry("John Smith", "person", "USA", "BUS")])
    linked = link_actors(rows, {}, split)
    assert [(a.id, a.sector) for a in linked.actors] == [
        ("person:john smith", None), ("person:john smith@GBR", "LEG"), ("person:john smith@USA", "BUS")]
    one = ActorDictionary([ActorEntry("John Smith", "person", "USA", None)])
    assert set(link_actors(rows, {}, one).actor_links.values()) == {"person:john smith"}


def test_canonical_ids_do_not_depend_on_row_order() -> None:
    rows = [actor("a", "John Smith", country="GBR"), actor("b", "Smith", country="GBR"),
            actor("c", "John Smith", country="USA"), actor("d", "Kim Jong-eun"), actor("e", "Kim Jong-un")]
    user = ActorDictionary([ActorEntry("Kim Jong-un", "person", "PRK", None, aliases=("Kim Jong-eun",))])
    forward = link_actors(rows, {}, user)
    backward = link_actors(list(reversed(rows)), {}, user)
    assert forward.actor_links == backward.actor_links
    assert [a.id for a in forward.actors] == [a.id for a in backward.actors]


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


def test_a_city_and_its_country_are_one_place_and_the_city_is_kept() -> None:
    links = {(a, k): k.upper() for a in "abcd" for k in "xy"}
    rows = [event("a", "x", "y", "042", when="2019-06-20", location="North Korea", location_country="PRK"),
            event("b", "x", "y", "042", when="2019-06-20", location="Pyongyang", location_country="PRK"),
            event("c", "x", "y", "042", when="2019-06-20", location="China", location_country="CHN")]
    merged = link_events(rows, links).events
    assert sorted((e.location, e.n_articles) for e in merged) == [("China", 1), ("Pyongyang", 2)]
    # two cities of one country are two places; the country fits either, and joins the first
    rows = [event("a", "x", "y", when="2023-03-20", location="Beijing", location_country="CHN"),
            event("b", "x", "y", when="2023-03-20", location="Shanghai", location_country="CHN"),
            event("d", "x", "y", when="2023-03-20", location="China")]
    merged = link_events(rows, links).events
    assert sorted((e.location, e.n_articles) for e in merged) == [("Beijing", 2), ("Shanghai", 1)]


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


# -- the user's actor dictionary, through the command line -------------------------------------

# Invented articles: one envoy under two transliterations; a lawyer known only as "Pak"; two John
# Smiths of two countries; one summit placed in Moscow by one report and in Russia by the other.
NAMESAKES = {
    "pak-a": ("Envoy meets Lavrov", "May 4, 2021",
              "MOSCOW — North Korean envoy Pak Jong-chon met Russian Foreign Minister Sergei Lavrov in Moscow on "
              "Monday."),
    "pak-b": ("Envoy in Russia", "May 20, 2021",
              "North Korean official Pak Jong Chun met Russian Foreign Minister Sergei Lavrov in Moscow on May 3. "
              "Mr. Pak then flew home."),
    "pak-c": ("Lawyer sues ministry", "June 2, 2021",
              "A lawyer named Pak filed a lawsuit against the labour ministry on Tuesday. Pak said the ministry had "
              "ignored the workers."),
    "smith-uk": ("Smith visits Lagos", "March 3, 2021",
                 "LAGOS — British lawmaker John Smith met Nigerian President Muhammadu Buhari in Lagos on Tuesday. "
                 "Mr. Smith said the talks were useful."),
    "smith-us": ("Senator in Kyiv", "March 10, 2021",
                 "KYIV — American senator John Smith met Ukrainian President Volodymyr Zelensky in Kyiv on Monday. "
                 "Mr. Smith praised the government."),
    "moscow": ("Putin hosts Xi", "March 22, 2023",
               "MOSCOW — Russian President Vladimir Putin hosted Chinese President Xi Jinping in Moscow on Monday."),
    "russia": ("Xi ends Russia trip", "March 24, 2023",
               "Chinese President Xi Jinping met Russian President Vladimir Putin in Russia on March 20, state "
               "media said."),
}
LATE = ("Envoy returns", "May 28, 2021",
        "PYONGYANG — Pak Jong Chun returned to Pyongyang on Friday after talks with Sergei Lavrov in Moscow.")
USER_ACTORS = """\
- name: Pak Jong-chon
  type: person
  country: PRK
  sector: GOV
  aliases: [Pak Jong Chun]
  distinct: [Pak]   # a bare "Pak" in an article that never names him in full is someone else
- name: John Smith
  type: person
  country: GBR
  sector: LEG
- name: John Smith
  type: person
  country: USA
  sector: LEG
"""


def write_article(folder: Path, stem: str, title: str, dateline: str, body: str) -> Path:
    path = folder / f"{stem}.txt"
    path.write_text(f"{title}\n\n{dateline}\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def namesakes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("link-namesakes")
    for stem, parts in NAMESAKES.items():
        write_article(folder, stem, *parts)
    path = folder.parent / f"{folder.name}.duckdb"
    with newsgraph.open(path) as graph:
        assert graph.ingest(folder).stored == len(NAMESAKES)
    return path


@pytest.fixture()
def store_copy(namesakes: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store.duckdb"
    copy.write_bytes(namesakes.read_bytes())
    return copy


def link_cli(db: Path, *options: str) -> Any:
    return CliRunner().invoke(app, ["link", "--db", str(db), "--format", "json", *options])


def canonical_of(graph: newsgraph.Newsgraph, external_id: str, key: str) -> str:
    rows = graph.store.query("SELECT l.canonical_id FROM actor_links l JOIN articles a ON a.id = l.article_id "
                             "WHERE a.external_id = ? AND l.key = ?", [external_id, key])
    return str(rows[0]["canonical_id"])


def test_without_a_dictionary_transliterations_stay_apart_and_namesakes_split_by_country(namesakes: Path) -> None:
    with newsgraph.open(namesakes, read_only=True) as graph:
        assert canonical_of(graph, "pak-a", "person:pak jong-chon") != canonical_of(graph, "pak-b",
                                                                                      "person:pak jong chun")
        smiths = graph.canonical_actors(name="John Smith")
    assert sorted((s["id"], s["country"]) for s in smiths) == [
        ("person:john smith@GBR", "GBR"), ("person:john smith@USA", "USA")]


def test_a_summit_placed_in_a_city_and_in_its_country_is_one_event(namesakes: Path) -> None:
    with newsgraph.open(namesakes, read_only=True) as graph:
        summits = meetings_of(graph, "Vladimir Putin", "Xi Jinping")
    assert [(s["date"], s["location"], s["num_sources"]) for s in summits] == [("2023-03-20", "Moscow", 2)]


def test_link_actors_merges_splits_and_is_remembered_by_later_ingests(store_copy: Path, tmp_path: Path) -> None:
    user = tmp_path / "actors.yaml"
    user.write_text(USER_ACTORS, encoding="utf-8")
    result = link_cli(store_copy, "--actors", str(user))
    assert result.exit_code == 0, result.output
    with newsgraph.open(store_copy) as graph:
        (pak,) = graph.canonical_actors(name="Pak Jong")
        assert (pak["name"], pak["n_articles"], pak["sector"]) == ("Pak Jong-chon", 2, "GOV")
        assert {"Pak Jong-chon", "Pak Jong Chun", "Mr. Pak"} <= set(pak["aliases"])
        assert canonical_of(graph, "pak-c", "person:pak") != pak["id"]  # distinct: the lawyer
        talks = meetings_of(graph, "Pak Jong-chon", "Sergei Lavrov")
        assert [(t["date"], t["num_sources"]) for t in talks] == [("2021-05-03", 2)]
        smiths = graph.canonical_actors(name="John Smith")
        assert sorted((s["id"], s["sector"]) for s in smiths) == [
            ("person:john smith@GBR", "LEG"), ("person:john smith@USA", "LEG")]
        later = tmp_path / "later"
        later.mkdir()
        write_article(later, "pak-d", *LATE)
        assert graph.ingest(later).stored == 1  # ingest re-links with the remembered dictionary
        assert graph.canonical_actors(name="Pak Jong")[0]["n_articles"] == 3
    user.unlink()  # the file is gone: the copy the store kept still links
    with newsgraph.open(store_copy) as graph:
        graph.link()
        assert [p["n_articles"] for p in graph.canonical_actors(name="Pak Jong")] == [3]
    assert link_cli(store_copy, "--forget-actors").exit_code == 0
    with newsgraph.open(store_copy, read_only=True) as graph:
        assert sorted(p["n_articles"] for p in graph.canonical_actors(name="Pak Jong")) == [1, 2]


def test_without_distinct_the_bare_surname_joins_the_merged_envoy(store_copy: Path, tmp_path: Path) -> None:
    user = tmp_path / "actors.yaml"
    user.write_text(USER_ACTORS.replace("  distinct: [Pak]", ""), encoding="utf-8")
    assert link_cli(store_copy, "--actors", str(user)).exit_code == 0
    with newsgraph.open(store_copy, read_only=True) as graph:
        assert canonical_of(graph, "pak-c", "person:pak") == "person:pak jong chon"


def test_a_bad_dictionary_names_file_and_entry_and_changes_nothing(store_copy: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(USER_ACTORS.replace("distinct: [Pak]", "distinct: [Pak Jong Chun]"), encoding="utf-8")
    with newsgraph.open(store_copy, read_only=True) as graph:
        before = graph.store.query("SELECT * FROM actor_links ORDER BY ALL")
    result = link_cli(store_copy, "--actors", str(bad))
    assert result.exit_code == 3
    assert f"{bad.resolve()}:1: Pak Jong-chon: 'Pak Jong Chun' is listed under distinct" in result.stderr
    assert link_cli(store_copy, "--actors", str(tmp_path / "absent.yaml")).exit_code == 3
    with newsgraph.open(store_copy, read_only=True) as graph:
        assert graph.store.query("SELECT * FROM actor_links ORDER BY ALL") == before
        assert graph.store.query("SELECT * FROM settings WHERE key LIKE 'link.actors%'") == []
    with pytest.raises(InputError, match="cannot read the file"), newsgraph.open(store_copy) as graph:
        graph.link(tmp_path / "absent.yaml")


def test_an_ingest_with_a_user_dictionary_links_with_it_and_remembers_it(tmp_path: Path) -> None:
    from newsgraph.link import remembered_actors

    mine = tmp_path / "mine.yaml"
    mine.write_text("- name: Teodora Valquist\n  type: person\n  country: SWE\n  aliases: [Teo Valquist]\n")
    first = tmp_path / "first.txt"
    first.write_text("Valquist in Oslo\n\nTeodora Valquist met Norwegian officials in Oslo on Monday.\n")
    second = tmp_path / "second.txt"
    second.write_text("Valquist again\n\nTeo Valquist travelled to Helsinki on Tuesday for talks.\n")
    with newsgraph.open(tmp_path / "store.duckdb") as graph:
        graph.ingest(first, actors_file=mine, published="2024-03-04")
        remembered = remembered_actors(graph.store)
        assert remembered is not None and remembered.path == str(mine.resolve())
        graph.ingest(second, published="2024-03-05")  # no --actors: the remembered file still merges
        people = graph.canonical_actors(name="Valquist")
    assert [p["name"] for p in people] == ["Teodora Valquist"]


# -- incremental linking (issue 7) ---------------------------------------------------------------

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
LINKED_TABLES = ("canonical_actors", "actor_links", "merged_events", "event_links")


def linked_tables(graph: newsgraph.Newsgraph) -> dict[str, list[dict[str, Any]]]:
    return {table: graph.store.query(f"SELECT * FROM {table} ORDER BY ALL") for table in LINKED_TABLES}


def in_memory_tables(graph: newsgraph.Newsgraph) -> dict[str, list[dict[str, Any]]]:
    """The linked tables as link_actors and link_events make them from every row at once: the reference
    that the store's chunked, incremental linking must equal."""
    store = graph.store
    user = _user_actors(store, None, False)
    dictionary = default_dictionary().merge(user.parse()) if user else default_dictionary()
    counts = {(r["article_id"], r["actor"]): r["n"] for r in store.query(
        "SELECT article_id, actor, count(*) AS n FROM mentions GROUP BY ALL")}
    linked = link_actors(store.query(f"{ACTOR_SELECT} ORDER BY a.article_id, a.key"), counts, dictionary)
    merged = link_events(store.query(f"{EVENT_SELECT} ORDER BY e.article_id, e.evidence_start, e.id"),
                         linked.actor_links)
    columns = {table: [d[0] for d in store.con.execute(f"SELECT * FROM {table} LIMIT 0").description]
               for table in LINKED_TABLES}
    rows = {"canonical_actors": [_actor_row(a) for a in linked.actors],
            "actor_links": [(*k, c) for k, c in linked.actor_links.items()],
            "merged_events": [astuple(e) for e in merged.events],
            "event_links": [(*k, m) for k, m in merged.event_links.items()]}
    return {table: sorted((dict(zip(columns[table], row, strict=True)) for row in rows[table]),
                          key=lambda r: [(v is None, str(v)) for v in r.values()]) for table in LINKED_TABLES}


def sorted_tables(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    return {t: sorted(rows, key=lambda r: [(v is None, str(v)) for v in r.values()]) for t, rows in tables.items()}


def test_forms_give_every_row_of_a_name_one_id_and_an_ambiguous_surname_its_article() -> None:
    rows = [actor("a", "Kim Jong Un", country="PRK"), actor("b", "Kim Yong-chol", country="PRK"),
            actor("c", "Kim", country="PRK"), actor("d", "Kim", country="PRK"), actor("e", "North Korea", "country",
                                                                                    "PRK")]
    rows[-1]["country"] = None  # a country row without its code: the key gives it
    ids = form_ids({form_of(r) for r in rows}, ActorDictionary())
    assert form_of(rows[-1]) == ("country", "North Korea", "PRK")
    assert ids[("person", "Kim", "PRK")].endswith("\x1e")  # two Kims in full: the bare one is per article
    assert per_article(ids[("person", "Kim", "PRK")], "c" * 40) == "person:kim@" + "c" * 12
    assert per_article("person:kim jong un", "c" * 40) == "person:kim jong un"


@pytest.mark.parametrize("chunk", [1, 3, 1000])
def test_linking_in_chunks_equals_linking_every_row_at_once(tmp_path: Path, chunk: int) -> None:
    # the demo, then the invented articles with their namesakes, surnames and a user dictionary
    user = tmp_path / "actors.yaml"
    user.write_text(USER_ACTORS, encoding="utf-8")
    extra = tmp_path / "extra"
    extra.mkdir()
    for stem, parts in [*NAMESAKES.items(), *TRICKY.items(), ("pak-d", LATE)]:
        write_article(extra, stem, *parts)
    with newsgraph.open(tmp_path / "store.duckdb") as graph:
        graph.ingest(DEMO)
        graph.ingest(extra, actors_file=user)
        report = link_store(graph.store, rebuild=True, chunk=chunk)
        assert report.full and report.chunks == -(-graph.stats()["articles"] // chunk)
        assert sorted_tables(linked_tables(graph)) == in_memory_tables(graph)


def test_the_demo_in_two_halves_links_as_in_one_go_and_as_a_full_rebuild(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    halves = [tmp_path / "first", tmp_path / "second"]
    for folder in halves:
        folder.mkdir()
    for number, path in enumerate(sorted(DEMO.iterdir())):
        (halves[number % 2] / path.name).write_bytes(path.read_bytes())
    with newsgraph.open(tmp_path / "halves.duckdb") as graph:
        graph.ingest(halves[0])
        caplog.clear()
        with caplog.at_level("INFO", logger="newsgraph"):
            graph.ingest(halves[1])
        assert "what the new articles change" in caplog.text  # the second half was linked incrementally
        incremental = linked_tables(graph)
        assert sorted_tables(incremental) == in_memory_tables(graph)
        graph.link()  # a full rebuild
        assert linked_tables(graph) == incremental
    with newsgraph.open(tmp_path / "one.duckdb") as graph:
        graph.ingest(DEMO)
        assert linked_tables(graph) == incremental
    assert len(incremental["merged_events"]) < len(incremental["event_links"])  # reports were merged


@pytest.mark.parametrize("with_dictionary", [False, True])
def test_articles_one_at_a_time_link_as_a_full_rebuild(tmp_path: Path, with_dictionary: bool) -> None:
    # namesakes split only when the second John Smith arrives; surnames join whoever is in the store by then
    user = tmp_path / "actors.yaml"
    user.write_text(USER_ACTORS, encoding="utf-8")
    articles = [*NAMESAKES.items(), *TRICKY.items(), ("pak-d", LATE)]
    with newsgraph.open(tmp_path / "store.duckdb") as graph:
        for number, (stem, parts) in enumerate(articles):
            folder = tmp_path / stem
            folder.mkdir()
            write_article(folder, stem, *parts)
            graph.ingest(folder, actors_file=user if with_dictionary and number == 0 else None)
        incremental = linked_tables(graph)
        assert sorted_tables(incremental) == in_memory_tables(graph)
        smiths = sorted(a["id"] for a in graph.canonical_actors(name="John Smith"))
        graph.link()
        assert linked_tables(graph) == incremental
    assert smiths == ["person:john smith@GBR", "person:john smith@USA"]


def test_a_changed_dictionary_file_makes_the_next_ingest_a_full_rebuild(
        store_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    user = tmp_path / "actors.yaml"
    user.write_text(USER_ACTORS, encoding="utf-8")
    assert link_cli(store_copy, "--actors", str(user)).exit_code == 0
    user.write_text(USER_ACTORS.replace("  distinct: [Pak]", ""), encoding="utf-8")  # the remembered file changes
    later = tmp_path / "later"
    later.mkdir()
    write_article(later, "pak-d", *LATE)
    with newsgraph.open(store_copy) as graph, caplog.at_level("INFO", logger="newsgraph"):
        assert graph.ingest(later).stored == 1
        # the old article's bare "Pak", which no new article names, now joins the envoy
        assert canonical_of(graph, "pak-c", "person:pak") == "person:pak jong chon"
    assert "full rebuild" in caplog.text


def test_a_namesake_split_relinks_the_events_it_leaves_behind(tmp_path: Path) -> None:
    # the event of an article that states no country stays with the plain name when the British and the
    # American John Smith split apart; its merged event, shared with the British report, must be rewritten
    plain = ("Smith in Lagos", "March 4, 2021",
             "LAGOS — John Smith met Nigerian President Muhammadu Buhari in Lagos on Tuesday.")
    order = [("smith-plain", plain), ("smith-uk", NAMESAKES["smith-uk"]), ("smith-us", NAMESAKES["smith-us"])]
    with newsgraph.open(tmp_path / "store.duckdb") as graph:
        for stem, parts in order:
            folder = tmp_path / stem
            folder.mkdir()
            write_article(folder, stem, *parts)
            graph.ingest(folder)
        assert canonical_of(graph, "smith-uk", "person:john smith") == "person:john smith@GBR"
        assert canonical_of(graph, "smith-plain", "person:john smith") == "person:john smith"
        incremental = linked_tables(graph)
        assert sorted_tables(incremental) == in_memory_tables(graph)
        graph.link()
        assert linked_tables(graph) == incremental


def test_links_to_events_no_longer_stored_make_the_next_ingest_a_full_rebuild(
        store_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    later = tmp_path / "later"
    later.mkdir()
    write_article(later, "pak-d", *LATE)
    with newsgraph.open(store_copy) as graph, caplog.at_level("INFO", logger="newsgraph"):
        graph.store.con.execute("DELETE FROM events WHERE article_id IN "
                                "(SELECT id FROM articles WHERE external_id = 'moscow')")  # as a re-extraction may
        assert graph.ingest(later).stored == 1
        dangling = graph.store.query("SELECT * FROM event_links WHERE event_id NOT IN (SELECT id FROM events)")
        assert dangling == []
        assert [s["num_sources"] for s in meetings_of(graph, "Vladimir Putin", "Xi Jinping")] == [1]
    assert "full rebuild" in caplog.text


def test_a_rebuild_cut_short_is_done_again_in_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph import link

    with newsgraph.open(tmp_path / "store.duckdb") as graph:
        graph.ingest(DEMO)
        real, calls = link._link_chunk, []

        def failing(*args: Any) -> None:
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("power cut")
            real(*args)

        monkeypatch.setattr(link, "_link_chunk", failing)
        with pytest.raises(RuntimeError, match="power cut"):
            link_store(graph.store, rebuild=True, chunk=5)
        monkeypatch.setattr(link, "_link_chunk", real)
        assert graph.store.query("SELECT count(*) AS n FROM actor_links")[0]["n"] > 0  # the first chunk stayed
        report = link_store(graph.store, chunk=5)  # no stamp: the next link starts over
        assert report.full
        assert sorted_tables(linked_tables(graph)) == in_memory_tables(graph)


def naive_clusters(reports: list[Any]) -> list[list[Any]]:
    """_cluster as first written: a report joins the first cluster every member of which it is compatible with."""
    from newsgraph.link import PRECISION_RANK, compatible

    order = sorted(reports, key=lambda r: (PRECISION_RANK.get(r.row["date_precision"], 3),
                                           r.published or date.max, r.row["article_id"], r.row["evidence_start"]))
    clusters: list[list[Any]] = []
    for report in order:
        home = next((c for c in clusters if all(compatible(report, other) for other in c)), None)
        if home is None:
            clusters.append([report])
        else:
            home.append(report)
    return clusters


def test_clustering_by_signature_finds_what_comparing_every_member_finds() -> None:
    import random

    from newsgraph.link import _cluster, _Report

    rng = random.Random(7)
    days = [date(2019, 2, 27), date(2019, 2, 28), date(2019, 3, 1), date(2019, 6, 13)]
    for _ in range(300):
        published = {article: rng.choice(days) for article in "abcde"}  # one date per article, few in all
        reports = []
        for number in range(rng.randint(1, 30)):
            article = rng.choice("abcde")
            row = event(article, "x", "y", status=rng.choice(["occurred", "occurred", "planned"]),
                        when=rng.choice([None, "2019", "2019-02", "2019-02-27", "2019-02-28"]),
                        location=rng.choice([None, "Hanoi", "Vietnam", "Ho Chi Minh City", "Singapore"]),
                        published=published[article], ident=f"e{number}")
            row["evidence_start"] = number
            reports.append(_Report(row, "x", "y", row["published_date"]))
        assert [[r.key for r in c] for c in _cluster(reports)] == \
            [[r.key for r in c] for c in naive_clusters(reports)]

