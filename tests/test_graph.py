"""The Python API over a stored corpus: articles(), article(), parse(), doc(), stats(), info()."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from spacy.tokens import Doc

import newsgraph
from conftest import ENGLISH, FRENCH, write_stories
from newsgraph.errors import NotFoundError, StoreError, UsageError
from newsgraph.graph import ARTICLE_LIST_COLUMNS
from newsgraph.store import SCHEMA_VERSION

# Sources for the stored corpus, by stem (.txt inputs state none, so they come from ingest(source=...)).
DATED = sorted((s for s in ENGLISH if s.published), key=lambda s: s.published or "")
UNDATED = sorted([*(s for s in ENGLISH if not s.published), FRENCH], key=lambda s: s.stem)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the invented corpus: 4 dated English, 1 undated English, 1 French article."""
    folder = tmp_path_factory.mktemp("corpus")
    write_stories(folder / "wire", [s for s in ENGLISH if s.source == "Harbour Wire"])
    write_stories(folder / "other", [s for s in ENGLISH if s.source != "Harbour Wire"] + [FRENCH])
    path = folder / "graph.duckdb"
    with newsgraph.open(path) as graph:
        assert graph.ingest([folder / "wire"], source="Harbour Wire").stored == 2
        assert graph.ingest([folder / "other"]).stored == 4
    return path


@pytest.fixture
def stored(db: Path) -> Iterator[newsgraph.Newsgraph]:
    with newsgraph.open(db, read_only=True) as graph:
        yield graph


def stems(rows: list[dict[str, Any]]) -> list[str]:
    return [row["external_id"] for row in rows]


def test_articles_lists_oldest_first_undated_last(stored: newsgraph.Newsgraph) -> None:
    rows = stored.articles()
    assert stems(rows) == [s.stem for s in DATED] + [s.stem for s in UNDATED]
    assert all(tuple(row) == ARTICLE_LIST_COLUMNS for row in rows)
    assert [row["published"] for row in rows] == [s.published for s in DATED] + [None, None]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"since": "2020-05-12"}, ["rostock-bridge", "lagos-port", "andes-rail"]),
    ({"since": "2020-06"}, ["lagos-port", "andes-rail"]),
    ({"since": "2021"}, ["lagos-port", "andes-rail"]),
    ({"until": "2020-05-12"}, ["kenya-rate", "rostock-bridge"]),
    ({"since": "2020", "until": "2021-12-31"}, ["rostock-bridge", "lagos-port"]),
    ({"source": "harbour wire"}, ["kenya-rate", "lagos-port"]),
    ({"source": "Wire"}, ["kenya-rate", "lagos-port"]),
    ({"source": "Baltic"}, []),  # .txt files state no source; only the ingest option sets one
    ({"contains": "rostock"}, ["rostock-bridge"]),  # title or text, any case
    ({"contains": "Sapporo"}, ["hokkaido-quake"]),
    ({"contains": "Governor Daniel"}, ["kenya-rate"]),
    ({"language": "fr"}, ["lyon-tram"]),
    ({"language": "en", "limit": 2}, ["kenya-rate", "rostock-bridge"]),
    ({"limit": 0}, []),
    ({"contains": "Castillo", "since": "2023"}, []),
])
def test_articles_filters(stored: newsgraph.Newsgraph, filters: dict[str, Any], expected: list[str]) -> None:
    assert stems(stored.articles(**filters)) == expected


def test_articles_refuses_a_negative_limit(stored: newsgraph.Newsgraph) -> None:
    with pytest.raises(UsageError, match="limit"):  # not a raw duckdb.BinderException
        stored.articles(limit=-1)


@pytest.mark.parametrize("option", ["since", "until"])
def test_articles_refuses_a_bad_date(stored: newsgraph.Newsgraph, option: str) -> None:
    with pytest.raises(UsageError, match=option):
        stored.articles(**{option: "last spring"})


def test_article_by_external_id_has_entities_and_sentences(stored: newsgraph.Newsgraph) -> None:
    story = ENGLISH[1]
    record = stored.article(story.stem)
    assert (record["title"], record["text"], record["published"]) == (story.title, story.text, story.published)
    assert record["n_entities"] == len(record["entities"]) > 0
    assert record["n_sentences"] == len(record["sentences"]) > 0
    assert [e["idx"] for e in record["entities"]] == list(range(len(record["entities"])))
    for entity in record["entities"]:
        assert story.text[entity["start_char"]:entity["end_char"]] == entity["text"]
    assert ("Lena Brandt", "PERSON") in {(e["text"], e["label"]) for e in record["entities"]}
    assert {"Rostock", "Berlin"} <= {e["text"] for e in record["entities"] if e["label"] == "GPE"}
    assert record["sentences"][0] == {"idx": 0, "paragraph": 0, "start_char": 0,
                                      "end_char": len(story.dateline or "")}


def test_article_by_internal_id_and_prefix(stored: newsgraph.Newsgraph) -> None:
    internal = stored.article("andes-rail")["id"]
    assert stored.article(internal)["external_id"] == "andes-rail"
    assert stored.article(internal[:8])["external_id"] == "andes-rail"


def test_unknown_article(stored: newsgraph.Newsgraph) -> None:
    with pytest.raises(NotFoundError, match="no-such-story"):
        stored.article("no-such-story")
    with pytest.raises(UsageError):
        stored.doc("no-such-story")


def test_doc_rebuilds_the_stored_parse(stored: newsgraph.Newsgraph) -> None:
    record = stored.article("lagos-port")
    doc = stored.doc("lagos-port")
    assert isinstance(doc, Doc)
    assert doc.text == record["text"]
    assert len(doc) == record["n_tokens"]
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
        (e["start_char"], e["end_char"], e["label"]) for e in record["entities"]]
    assert next(iter(doc.sents)).start_char == 0
    assert len(list(doc.sents)) == record["n_sentences"]
    assert doc.has_annotation("DEP") and doc.has_annotation("LEMMA")


def test_doc_of_an_unparsed_article_is_empty(stored: newsgraph.Newsgraph) -> None:
    assert len(stored.doc("lyon-tram")) == 0
    assert stored.parse("lyon-tram").tokens == []


FOUNDATION_STATS = ("articles", "parsed", "not_parsed", "sentences", "tokens", "entities", "sources",
                    "first_published", "last_published", "undated", "languages", "entity_labels", "ingest_runs")


def test_stats(stored: newsgraph.Newsgraph) -> None:
    stats = stored.stats()
    totals = stored.store.query("SELECT sum(n_tokens) AS t, sum(n_sentences) AS s, sum(n_entities) AS e "
                                "FROM articles")[0]
    labels = stored.store.query("SELECT label, count(*) AS n FROM entities GROUP BY label")
    assert {key: stats[key] for key in FOUNDATION_STATS} == {
        "articles": 6, "parsed": 5, "not_parsed": 1,
        "sentences": totals["s"], "tokens": totals["t"], "entities": totals["e"],
        "sources": 1, "first_published": "2019-03-09", "last_published": "2022-02-17", "undated": 2,
        "languages": {"en": 5, "fr": 1},
        "entity_labels": {row["label"]: row["n"] for row in labels},
        "ingest_runs": 2,
    }
    assert list(stats["entity_labels"].values()) == sorted(stats["entity_labels"].values(), reverse=True)
    assert stats["tokens"] > stats["sentences"] > 0


def test_stats_of_an_empty_database(graph: newsgraph.Newsgraph) -> None:
    stats = graph.stats()
    assert (stats["articles"], stats["tokens"], stats["first_published"], stats["languages"]) == (0, 0, None, {})


def test_info(stored: newsgraph.Newsgraph, db: Path) -> None:
    info = stored.info()
    assert info["newsgraph"] == version("newsgraph") == newsgraph.__version__
    assert info["spacy"] == version("spacy")
    assert info["duckdb"] == version("duckdb")
    assert info["database"] == str(db.resolve())
    assert info["schema_version"] == info["schema_version_supported"] == SCHEMA_VERSION


@pytest.mark.parametrize("published", ["next tuesday", "2019-13-45", ""])
def test_ingest_refuses_a_bad_published_date(graph: newsgraph.Newsgraph, tmp_path: Path, published: str) -> None:
    write_stories(tmp_path / "news", ENGLISH[:1])
    with pytest.raises(UsageError, match="published"):
        graph.ingest([tmp_path / "news"], published=published)
    assert graph.stats()["articles"] == 0


@pytest.mark.parametrize("options", [{"workers": 0}, {"batch_size": 0}, {"max_bytes": 0}])
def test_ingest_refuses_bad_numbers(graph: newsgraph.Newsgraph, tmp_path: Path, options: dict[str, int]) -> None:
    with pytest.raises(UsageError):
        graph.ingest([tmp_path], **options)


def test_open_read_only_needs_an_existing_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="newsgraph ingest"):
        newsgraph.open(tmp_path / "absent.duckdb", read_only=True)


def test_open_uses_the_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_DB", str(tmp_path / "from-env.duckdb"))
    with newsgraph.open() as graph:
        assert graph.path == tmp_path / "from-env.duckdb"
    assert (tmp_path / "from-env.duckdb").exists()


def test_ingest_from_a_path_object_and_a_glob(graph: newsgraph.Newsgraph, tmp_path: Path) -> None:
    write_stories(tmp_path / "news", ENGLISH)
    report = graph.ingest([str(tmp_path / "news" / "*-rail.txt"), tmp_path / "news" / "lagos-port.txt"])
    assert report.stored == 2
    assert sorted(stems(graph.articles())) == ["andes-rail", "lagos-port"]



@pytest.mark.parametrize("single", [str, Path])
def test_ingest_accepts_a_single_path(graph: newsgraph.Newsgraph, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch, single: type) -> None:
    # A relative path, so that the current code (which iterates over the characters of a str) stays harmless.
    write_stories(tmp_path / "news", ENGLISH)
    monkeypatch.chdir(tmp_path)
    report = graph.ingest(single("news"))
    assert (report.stored, report.skipped) == (5, 0)
