"""Present: timelines, actor profiles, actor networks (GraphML, GEXF) and markdown output (issue 5).

The seeds are ingested once through the Python API; the invented articles are
written for these tests (no real events).
"""

from __future__ import annotations

import io
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsgraph
from newsgraph.cli import app
from newsgraph.errors import NotFoundError
from newsgraph.output import render
from newsgraph.present import GEXF_NS, GRAPHML_NS, monthly_goldstein

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS_JSONL = SHARED / "tools" / "seeds_jsonl.py"
runner = CliRunner()

# Reported in 2019, a meeting recalled from 2018; and an older report of a 2019 meeting.
RECALL = ('{"id": "recall", "published": "2019-03-20", "title": "Leaders recall their first meeting", '
          '"text": "Officials said on Wednesday that Jan Brandt met Rosa Ferreira in Lisbon in June 2017."}\n'
          '{"id": "fresh", "published": "2019-03-02", "title": "Brandt meets Ferreira", '
          '"text": "Jan Brandt met Rosa Ferreira in Madrid on Friday."}\n')


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEEDS_JSONL.is_file():
        pytest.skip("../shared/tools/seeds_jsonl.py is not here")
    folder = tmp_path_factory.mktemp("present-seeds")
    lines = subprocess.run([sys.executable, str(SEEDS_JSONL)], capture_output=True, text=True, check=True).stdout
    (folder / "seeds.jsonl").write_text(lines, encoding="utf-8")
    path = folder / "seeds.duckdb"
    with newsgraph.open(path) as graph:
        assert graph.ingest(folder / "seeds.jsonl").stored == 2
    return path


@pytest.fixture(scope="module")
def recalled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("present-recall")
    (folder / "recall.jsonl").write_text(RECALL, encoding="utf-8")
    path = folder / "recall.duckdb"
    with newsgraph.open(path) as graph:
        assert graph.ingest(folder / "recall.jsonl").stored == 2
    return path


def rank(date: str | None) -> str:
    return (date or "9999").ljust(10, "-")


# -- timeline ----------------------------------------------------------------------------------

def test_a_recalled_older_event_comes_before_a_newer_one_reported_earlier(recalled: Path) -> None:
    with newsgraph.open(recalled, read_only=True) as graph:
        rows = graph.timeline(actor="Brandt")
    dated = [r for r in rows if r["date"]]
    assert [r["sources"] for r in dated][:2] == ["recall", "fresh"], rows
    assert dated[0]["date"].startswith("2017") and dated[1]["date"].startswith("2019-03")


def test_timeline_is_in_event_date_order_with_undated_last(seeds: Path) -> None:
    with newsgraph.open(seeds, read_only=True) as graph:
        rows = graph.timeline()
        merged = graph.merged_events()
    assert len(rows) == len(merged)
    assert [rank(r["date"]) for r in rows] == sorted(rank(r["date"]) for r in rows)
    assert rows[0]["date"].startswith("2018") and rows[-1]["date"] is None
    assert {"cameo_name", "num_sources", "num_mentions", "sources", "date_precision"} <= set(rows[0])
    assert rows[0]["cameo_name"] and rows[0]["sources"].startswith("00")


def test_planned_events_are_marked_in_table_and_markdown(seeds: Path) -> None:
    for fmt in ("table", "markdown"):
        result = runner.invoke(app, ["timeline", "--db", str(seeds), "--status", "planned", "--format", fmt])
        assert result.exit_code == 0, result.output
        assert "PLANNED" in result.stdout
    plain = runner.invoke(app, ["timeline", "--db", str(seeds), "--status", "planned", "--format", "jsonl"])
    assert "PLANNED" not in plain.stdout and '"planned"' in plain.stdout


# -- actor profile -----------------------------------------------------------------------------

def test_profile_of_kim_jong_un(seeds: Path) -> None:
    with newsgraph.open(seeds, read_only=True) as graph:
        profile = graph.actor_profile("Kim Jong-un")
    assert profile["actor"]["name"] == "Kim Jong-un" and profile["actor"]["country"] == "PRK"
    met = {m["name"]: m for m in profile["met"]}
    assert met["Xi Jinping"]["n_events"] >= 1
    assert isinstance(profile["said"], list)
    assert {"source": "Kim Jong-un", "kind": "leader_of", "target": "North Korea"} in [
        {k: r[k] for k in ("source", "kind", "target")} for r in profile["relations"]]
    months = profile["goldstein_by_month"]
    assert months and [m["month"] for m in months] == sorted(m["month"] for m in months)
    assert all(m["goldstein_mean"] == pytest.approx(m["goldstein_sum"] / m["n_events"], abs=0.01) for m in months)
    assert profile["as_source"] and profile["as_target"]


def test_several_matches_pick_the_most_mentioned_and_list_the_others(seeds: Path) -> None:
    with newsgraph.open(seeds, read_only=True) as graph:
        profile = graph.actor_profile("Kim")
    assert profile["actor"]["name"] == "Kim Jong-un"
    assert "Kim Yong-chol" in [a["name"] for a in profile["other_matches"]]


def test_unknown_actor_is_not_found(seeds: Path) -> None:
    with newsgraph.open(seeds, read_only=True) as graph, pytest.raises(NotFoundError, match="Nobody Atall"):
        graph.actor_profile("Nobody Atall")
    result = runner.invoke(app, ["actor", "Nobody Atall", "--db", str(seeds)])
    assert result.exit_code == 2 and "newsgraph actors" in result.stderr


def test_actor_command_prints_sections(seeds: Path) -> None:
    result = runner.invoke(app, ["actor", "Kim Jong-un", "--db", str(seeds)])
    assert result.exit_code == 0, result.output
    for section in ("events as source", "met", "said", "relations", "Goldstein"):
        assert section in result.stdout
    as_json = runner.invoke(app, ["actor", "Kim Jong-un", "--db", str(seeds), "--format", "json"])
    assert '"goldstein_by_month"' in as_json.stdout


def test_monthly_goldstein_skips_negated_and_year_only_events() -> None:
    events = [{"date": "2019-01-08", "status": "occurred", "goldstein": 2.0},
              {"date": "2019-01", "status": "planned", "goldstein": 4.0},
              {"date": "2019-01-09", "status": "negated", "goldstein": -10.0},
              {"date": "2019", "status": "occurred", "goldstein": 7.0},
              {"date": None, "status": "occurred", "goldstein": 7.0}]
    assert monthly_goldstein(events) == [{"month": "2019-01", "n_events": 2, "goldstein_sum": 6.0,
                                          "goldstein_mean": 3.0}]


# -- network -----------------------------------------------------------------------------------

def test_network_counts_agree_with_merged_events(seeds: Path) -> None:
    with newsgraph.open(seeds, read_only=True) as graph:
        network = graph.network()
        merged = graph.merged_events()
    ids = {e[side] for e in merged for side in ("source_id", "target_id")} - {None}
    assert {n["id"] for n in network["nodes"]} == ids
    dyadic = [e for e in merged if e["source_id"] and e["target_id"]]
    assert sum(edge["count"] for edge in network["edges"]) == len(dyadic)
    assert len(network["edges"]) == len({(e["source_id"], e["target_id"], e["quad_class"]) for e in dyadic})


@pytest.fixture(scope="module")
def exported(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("present-export")
    files = {}
    for fmt in ("graphml", "gexf"):
        files[fmt] = folder / f"network.{fmt}"
        result = runner.invoke(app, ["export", "--db", str(seeds), "--format", fmt, "-o", str(files[fmt])])
        assert result.exit_code == 0, result.output
    return files


def test_network_files_parse_as_xml(seeds: Path, exported: dict[str, Path]) -> None:
    with newsgraph.open(seeds, read_only=True) as graph:
        network = graph.network()
    graphml = ET.parse(exported["graphml"]).getroot()
    assert len(graphml.findall(f".//{{{GRAPHML_NS}}}node")) == len(network["nodes"])
    assert len(graphml.findall(f".//{{{GRAPHML_NS}}}edge")) == len(network["edges"])
    gexf = ET.parse(exported["gexf"]).getroot()
    assert len(gexf.findall(f".//{{{GEXF_NS}}}node")) == len(network["nodes"])
    assert len(gexf.findall(f".//{{{GEXF_NS}}}edge")) == len(network["edges"])


def test_networkx_reads_both_files(seeds: Path, exported: dict[str, Path]) -> None:
    nx = pytest.importorskip("networkx")
    with newsgraph.open(seeds, read_only=True) as graph:
        network = graph.network()
    for read in (nx.read_graphml(exported["graphml"]), nx.read_gexf(exported["gexf"])):
        assert read.is_directed()
        assert read.number_of_nodes() == len(network["nodes"])
        assert read.number_of_edges() == len(network["edges"])


def test_json_export_stays_the_default(seeds: Path) -> None:
    result = runner.invoke(app, ["export", "--db", str(seeds)])
    assert result.exit_code == 0 and result.stdout.lstrip().startswith("{")


# -- markdown ----------------------------------------------------------------------------------

def test_markdown_renders_a_table_with_a_header_row() -> None:
    out = io.StringIO()
    render([{"name": "Kim | Xi", "n": 2}, {"name": "line\nbreak", "n": None}], "markdown", out=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "| name | n |"
    assert lines[1] == "| --- | --- |"
    assert lines[2] == "| Kim \\| Xi | 2 |"
    assert lines[3] == "| line<br>break |  |"


def test_every_listing_command_speaks_markdown(seeds: Path) -> None:
    for command in ("articles", "events", "quotes", "relations", "actors", "timeline", "stats"):
        result = runner.invoke(app, [command, "--db", str(seeds), "--format", "markdown"])
        assert result.exit_code == 0, (command, result.output)
        assert "| --- |" in result.stdout, command
