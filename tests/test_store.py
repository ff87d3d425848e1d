"""The store: schema and migrations, opening errors, atomic batches, id lookup, parse round-trips."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import uuid
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.errors import NotFoundError, SchemaError, StoreError
from newsgraph.records import Article, Entity, Parse, PartialDate, Precision, Sentence, Token
from newsgraph.store import SCHEMA_VERSION, Store, migrations

FOUNDATION_TABLES = {"articles", "sentences", "tokens", "entities", "ingest_runs", "schema_migrations"}


def article(article_id: str, external_id: str = "ext", text: str = "Some text.") -> Article:
    return Article(id=article_id, external_id=external_id, title="A title", text=text,
                   published=PartialDate("2020-05", Precision.MONTH), origin="test.txt", language="en")


def small_parse(article_id: str) -> Parse:
    tokens = [
        Token(0, 0, 0, 4, "Some", True, "some", "DET", "DT", "det", 1, "O", ""),
        Token(1, 0, 5, 9, "text", False, "text", "NOUN", "NN", "ROOT", 1, "O", "", "Number=Sing"),
        Token(2, 0, 9, 10, ".", False, ".", "PUNCT", ".", "punct", 1, "O", ""),
    ]
    return Parse(article_id, [Sentence(0, 0, 0, 10)], tokens, [], "en_core_web_sm-3.8.0")


@pytest.fixture
def store(tmp_path: Path):
    opened = Store(tmp_path / "s.duckdb")
    yield opened
    opened.close()


def count(store: Store, table: str) -> int:
    return store.query(f"SELECT count(*) AS n FROM {table}")[0]["n"]


# -- schema ---------------------------------------------------------------------------------


def test_new_file_gets_the_current_schema(store: Store) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    tables = {r["table_name"] for r in store.query("SELECT table_name FROM information_schema.tables")}
    created = {name for _, _, sql in migrations() for name in re.findall(r"CREATE TABLE (\w+)", sql)}
    assert tables == created | {"schema_migrations"}
    assert tables >= FOUNDATION_TABLES
    applied = store.query("SELECT version, name FROM schema_migrations ORDER BY version")
    assert [(r["version"], r["name"]) for r in applied] == [(v, n) for v, n, _ in migrations()]


def test_reopening_does_not_reapply_migrations(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    caplog.set_level(logging.INFO, logger="newsgraph")
    caplog.clear()
    reopened = Store(path)
    try:
        assert reopened.migrate() == []
        assert count(reopened, "schema_migrations") == len(migrations())
        assert reopened.schema_version() == SCHEMA_VERSION
    finally:
        reopened.close()
    assert not [r for r in caplog.records if "applied migration" in r.getMessage()]


@pytest.mark.parametrize("read_only", [False, True])
def test_newer_schema_is_refused_naming_the_file(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "future.duckdb"
    store = Store(path)
    store.con.execute("INSERT INTO schema_migrations VALUES (?, 'future.sql', now())", [SCHEMA_VERSION + 1])
    store.close()
    with pytest.raises(SchemaError) as caught:
        Store(path, read_only=read_only)
    assert str(path) in str(caught.value)
    assert str(SCHEMA_VERSION + 1) in str(caught.value)


def test_read_only_on_a_missing_file_says_to_run_ingest(tmp_path: Path) -> None:
    path = tmp_path / "missing.duckdb"
    with pytest.raises(StoreError) as caught:
        Store(path, read_only=True)
    assert str(path) in str(caught.value)
    assert "newsgraph ingest" in str(caught.value)
    assert not path.exists()


def test_a_file_that_is_not_a_database_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.duckdb"
    path.write_bytes(b"this is not a database, just some bytes\x00\x01\x02" * 200)
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(path) in str(caught.value)


def test_a_database_in_use_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    Store(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('held', flush=True); "
                               "time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        for read_only in (False, True):
            with pytest.raises(StoreError) as caught:
                Store(path, read_only=read_only)
            assert str(caught.value).startswith(f"{path} is in use by another process")
    finally:
        holder.kill()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()


def test_a_duckdb_file_with_clashing_tables_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE articles (x INTEGER)")
    con.close()
    with pytest.raises(StoreError) as caught:  # a store error naming the file, not a raw duckdb.CatalogException
        Store(path)
    assert str(path) in str(caught.value)


def test_read_only_does_not_write_into_a_foreign_duckdb_file(tmp_path: Path) -> None:
    path = tmp_path / "analytics.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    with pytest.raises(StoreError) as caught:
        Store(path, read_only=True)
    assert str(path) in str(caught.value)
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("SELECT table_name FROM information_schema.tables").fetchall() == [("sales",)]
    finally:
        con.close()


# -- writes ---------------------------------------------------------------------------------


def test_write_batch_is_atomic(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    original = Store.insert_rows

    def failing_insert(self: Store, table: str, columns, rows) -> None:
        if table == "tokens":
            raise RuntimeError("disk full (simulated)")
        original(self, table, columns, rows)

    monkeypatch.setattr(Store, "insert_rows", failing_insert)
    with pytest.raises(RuntimeError, match="simulated"):
        store.write_batch([article("a1")], {"a1": small_parse("a1")})
    for table in ("articles", "sentences", "tokens", "entities"):
        assert count(store, table) == 0, table
    assert store.existing_ids(["a1"]) == set()

    monkeypatch.setattr(Store, "insert_rows", original)
    store.write_batch([article("a1")], {"a1": small_parse("a1")})  # the store is still usable
    assert (count(store, "articles"), count(store, "sentences"), count(store, "tokens")) == (1, 1, 3)


def test_write_batch_stores_counts_and_unparsed_articles(store: Store) -> None:
    store.write_batch([article("a1"), article("a2", "other")], {"a1": small_parse("a1")})
    rows = store.query("SELECT id, parsed, model, n_sentences, n_tokens, n_entities, published, "
                       "published_precision, CAST(published_date AS VARCHAR) AS d FROM articles ORDER BY id")
    assert rows == [
        {"id": "a1", "parsed": True, "model": "en_core_web_sm-3.8.0", "n_sentences": 1, "n_tokens": 3,
         "n_entities": 0, "published": "2020-05", "published_precision": "month", "d": "2020-05-01"},
        {"id": "a2", "parsed": False, "model": None, "n_sentences": 0, "n_tokens": 0, "n_entities": 0,
         "published": "2020-05", "published_precision": "month", "d": "2020-05-01"},
    ]


def test_existing_ids(store: Store) -> None:
    store.write_batch([article("a1"), article("a2", "b")], {})
    assert store.existing_ids(["a1", "a2", "a3", "a1"]) == {"a1", "a2"}
    assert store.existing_ids(iter(["zz"])) == set()
    assert store.existing_ids([]) == set()


# -- lookups --------------------------------------------------------------------------------


@pytest.fixture
def two_articles(store: Store) -> Store:
    store.write_batch([article("abcd1111aaaa0000", "first-story"), article("abcd2222bbbb0000", "second-story")], {})
    return store


@pytest.mark.parametrize(("key", "expected"), [
    ("abcd1111aaaa0000", "abcd1111aaaa0000"),  # internal id
    ("second-story", "abcd2222bbbb0000"),  # external id
    ("abcd11", "abcd1111aaaa0000"),  # unique prefix of an internal id
    ("first-", "abcd1111aaaa0000"),  # unique prefix of an external id
])
def test_resolve_article(two_articles: Store, key: str, expected: str) -> None:
    assert two_articles.resolve_article(key) == expected


@pytest.mark.parametrize("key", ["nope", "abcd", "ab", ""])  # unknown, ambiguous prefix, too short, empty
def test_resolve_article_not_found(two_articles: Store, key: str) -> None:
    with pytest.raises(NotFoundError) as caught:
        two_articles.resolve_article(key)
    assert repr(key) in str(caught.value)


def test_internal_id_wins_over_another_articles_external_id(store: Store) -> None:
    store.write_batch([article("x1", "y2"), article("y2", "x9")], {})
    assert store.resolve_article("y2") == "y2"


# -- round trip -----------------------------------------------------------------------------

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", "'", '"', "''", "\\", "Kim Jong-un", "Pyongyang’s", "東京", "naïve", "a\nb", " ", "NULL"])
small = st.integers(min_value=0, max_value=2**31 - 1)


@st.composite
def parses(draw: st.DrawFn) -> Parse:
    sentences = [Sentence(i, draw(small), draw(small), draw(small))
                 for i in range(draw(st.integers(0, 4)))]
    tokens = [Token(i, draw(small), draw(small), draw(small), draw(texts), draw(st.booleans()), draw(texts),
                    draw(texts), draw(texts), draw(texts), draw(small), draw(st.sampled_from("BIO")), draw(texts),
                    draw(texts))
              for i in range(draw(st.integers(0, 8)))]
    entities = [Entity(i, draw(small), draw(small), draw(small), draw(small), draw(small), draw(texts), draw(texts))
                for i in range(draw(st.integers(0, 4)))]
    return Parse(uuid.uuid4().hex, sentences, tokens, entities, draw(texts))


def test_parse_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path / "roundtrip.duckdb")

    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(parse=parses(), title=texts, text=texts)
    def check(parse: Parse, title: str, text: str) -> None:
        stored = Article(id=parse.article_id, external_id=title, title=title, text=text, origin=text)
        store.write_batch([stored], {parse.article_id: parse})
        assert store.load_parse(parse.article_id) == parse
        row = store.query("SELECT title, text, n_tokens FROM articles WHERE id = ?", [parse.article_id])
        assert row == [{"title": title, "text": text, "n_tokens": len(parse.tokens)}]

    try:
        check()
    finally:
        store.close()


def test_load_parse_of_an_unknown_article_is_empty(store: Store) -> None:
    assert store.load_parse("nothing") == Parse("nothing", [], [], [], "")
