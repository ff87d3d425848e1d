"""Killing an ingest (kill -9) loses only the batch in flight; running it again completes the job."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

import newsgraph
from conftest import many_stories, write_stories

STORIES = 40
BATCH = 4


def command(source: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "newsgraph.cli", "ingest", str(source), "--db", str(db),
            "--batch-size", str(BATCH), "-v"]


def kill_after_first_commit(source: Path, db: Path) -> tuple[int, list[str]]:
    """Start an ingest, SIGKILL it as soon as it logs a committed batch; return its exit status and stderr."""
    process = subprocess.Popen(command(source, db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    try:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if "committed a batch" in line:
                process.send_signal(signal.SIGKILL)
                break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()
    return process.returncode, lines


def check_consistent(db: Path) -> list[dict[str, object]]:
    """Every stored article has all its parse rows, and no parse row lacks its article."""
    with newsgraph.open(db, read_only=True) as graph:
        query = graph.store.query
        articles = query("SELECT id, external_id, n_sentences, n_tokens, n_entities FROM articles")
        for table, column in (("sentences", "n_sentences"), ("tokens", "n_tokens"), ("entities", "n_entities")):
            counts = {r["article_id"]: r["n"] for r in query(
                f"SELECT article_id, count(*) AS n FROM {table} GROUP BY article_id")}
            for article in articles:
                assert counts.get(article["id"], 0) == article[column], (table, article)
            orphans = query(f"SELECT count(*) AS n FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)")
            assert orphans == [{"n": 0}], table
            duplicates = query(f"SELECT count(*) AS n FROM (SELECT article_id, idx FROM {table} "
                               "GROUP BY article_id, idx HAVING count(*) > 1)")
            assert duplicates == [{"n": 0}], table
    return articles


@pytest.mark.slow
def test_kill_during_ingest_then_resume(tmp_path: Path) -> None:
    stories = many_stories(STORIES)
    [source] = write_stories(tmp_path / "in", stories, fmt="jsonl", name="water")
    db = tmp_path / "crash.duckdb"

    status, lines = kill_after_first_commit(source, db)
    assert status == -signal.SIGKILL, "".join(lines)  # killed mid-run, not finished
    stored = check_consistent(db)
    assert len(stored) % BATCH == 0
    assert BATCH <= len(stored) < STORIES

    finished = subprocess.run(command(source, db), capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    summary = finished.stderr.strip().splitlines()[-1]
    assert summary == (f"{STORIES - len(stored)} articles stored, "
                       f"{len(stored)} already stored (nothing added)")
    stored = check_consistent(db)
    assert sorted(a["external_id"] for a in stored) == [s.stem for s in stories]
    assert len({a["id"] for a in stored}) == STORIES
    assert all(a["n_tokens"] > 0 and a["n_entities"] > 0 for a in stored)
