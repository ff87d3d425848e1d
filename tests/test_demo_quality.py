"""The demo corpus against its hand annotation: whole articles, scored by ../shared/tools/score.py.

``tests/gold/demo.json`` annotates the 22 articles of ``examples/demo`` in the layout of
``../shared/gold/seeds.json`` (see "The demo corpus gold" in ``tests/gold/README.md``);
``tests/gold/demo_floors.json`` holds the lowest strict event F1, status accuracy and date
accuracy the pipeline may reach on it, and the SHA-256 of the gold file. The gate ingests the
demo into a fresh database, exports it, and runs the shared scorer on the export as a
subprocess, so the figures are the ones ``score.py`` prints for anyone else.

Run ``pytest tests/test_demo_quality.py -s`` to see the scorer's report (missed required
events, unmatched predictions, then the figures). Floors only go up: after an improvement,
set each to the new figure rounded down to two decimals; after a deliberate gold change,
update ``gold_sha256`` and re-measure (explain why in the commit message).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import newsgraph

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"
GOLD = ROOT / "tests" / "gold" / "demo.json"
FLOORS = ROOT / "tests" / "gold" / "demo_floors.json"
SCORER = ROOT.parent / "shared" / "tools" / "score.py"

# floor key -> (section, figure) in the scorer's --json output
FIGURES = {
    "demo_events_f1": ("strict", "f1"),
    "demo_status_accuracy": ("strict", "status_acc"),
    "demo_date_accuracy": ("strict", "date_acc"),
}
STATUSES = {"occurred", "planned", "possible", "negated"}


def _floors() -> dict[str, Any]:
    floors: dict[str, Any] = json.loads(FLOORS.read_text(encoding="utf-8"))
    return floors


def _score(gold: Path, pred: Path, *flags: str) -> str:
    result = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred), *flags],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    """The demo ingested into a fresh database, exported and scored: (figures, verbose report)."""
    if not SCORER.is_file():
        pytest.skip("../shared/tools/score.py is not here")
    work = tmp_path_factory.mktemp("demo-quality")
    with newsgraph.open(work / "demo.duckdb") as graph:
        report = graph.ingest([DEMO])
        assert [p for p in report.problems if p.severity == "error"] == []
        exported = graph.export()
    pred = work / "pred.json"
    pred.write_text(json.dumps(exported, default=str), encoding="utf-8")
    gold = work / "gold.json"
    gold.write_bytes(GOLD.read_bytes())
    figures = json.loads(_score(gold, pred, "--json"))
    return figures, _score(gold, pred, "--verbose")


def test_demo_quality_floors(scored: tuple[dict[str, Any], str]) -> None:
    figures, report = scored
    print("\n" + report)
    floors = _floors()
    measured = {key: figures[section][name] for key, (section, name) in FIGURES.items()}
    below = {key: (measured[key], floors[key]) for key in FIGURES if measured[key] < floors[key]}
    assert not below, f"below the floor (measured, floor): {below}\n{report}"


def test_demo_gold_is_pinned() -> None:
    digest = hashlib.sha256(GOLD.read_bytes()).hexdigest()
    assert digest == _floors()["gold_sha256"], (
        "tests/gold/demo.json changed without updating gold_sha256 in tests/gold/demo_floors.json; "
        "see tests/gold/README.md")


def test_demo_gold_is_well_formed() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert set(gold) >= {"about", "actors", "documents"}
    names = {actor["name"] for actor in gold["actors"]}
    assert len(names) == len(gold["actors"]), "duplicate actor"
    ids = [doc["id"] for doc in gold["documents"]]
    assert len(set(ids)) == len(ids) == 22
    inputs = {path.stem for path in DEMO.iterdir() if path.suffix in (".txt", ".html")}
    assert inputs <= set(ids), f"articles without gold: {sorted(inputs - set(ids))}"
    event_ids = [event["id"] for doc in gold["documents"] for event in doc["events"]]
    assert len(set(event_ids)) == len(event_ids), "duplicate event id"
    for doc in gold["documents"]:
        for event in doc["events"]:
            where = f"{doc['id']} {event['id']}"
            assert event["status"] in STATUSES, where
            assert re.fullmatch(r"\d{2,4}", event["cameo"]), where
            assert event["source"] in names and event["target"] in names | {None}, where
            assert event["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", event["date"]), where
            assert isinstance(event["required"], bool) and event["evidence"], where
        for quote in doc["quotes"]:
            assert quote["speaker"] in names and len(quote["text"].split()) >= 4, doc["id"]
        for mention in doc["mentions"]:
            assert mention["actor"] in names, doc["id"]
    linked = {i for group in gold.get("cross_document", {}).get("same_event", []) for i in group}
    assert linked <= set(event_ids), f"unknown ids in cross_document: {sorted(linked - set(event_ids))}"
