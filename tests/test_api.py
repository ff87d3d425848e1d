"""The HTTP API: every endpoint over the demo corpus, its filters and pages, the error shape, the token,
uploads, the page's files and headers, and a real uvicorn server started by `newsgraph serve`."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol
from xml.etree import ElementTree

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import newsgraph
from newsgraph import api
from newsgraph.api import create_app
from newsgraph.cli import app as cli_app

TOKEN = "a-token-only-these-tests-know"
UPLOAD_LIMIT = 20_000
ERROR_CODES = {"not_found", "bad_request", "unauthorized", "forbidden", "too_large", "unsupported_media_type",
               "unprocessable", "internal"}


def plain(value: Any) -> Any:
    """``value`` as it reads after a trip through JSON (dates as strings, tuples as lists)."""
    return json.loads(json.dumps(value, default=str))


class Reply(Protocol):
    """What the tests read of a response (the test client's and httpx's alike)."""

    @property
    def status_code(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    def json(self) -> Any: ...


def assert_error(response: Reply, status: int, code: str, *words: str) -> None:
    """The response is the one JSON error shape with this status and code, and its message says ``words``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and code in ERROR_CODES
    for word in words:
        assert word in body["error"]["message"]


# -- fixtures ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph(demo_db: Path) -> Iterator[newsgraph.Newsgraph]:
    """The library over the demo database (read-only, beside the app's connection)."""
    with newsgraph.open(demo_db, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(demo_db: Path, graph: newsgraph.Newsgraph) -> Iterator[TestClient]:
    """The API over the demo database, with no token (reads only)."""
    with TestClient(create_app(demo_db)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The API over an empty database of its own, accepting ingests with TOKEN, uploads up to 20 kB."""
    path = tmp_path_factory.mktemp("api-write") / "posts.duckdb"
    newsgraph.open(path).close()
    app = create_app(path, token=TOKEN, max_upload_bytes=UPLOAD_LIMIT)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client


# -- lists: every endpoint and filter gives what the library gives --------------------------------

Library = Callable[[newsgraph.Newsgraph], list[dict[str, Any]]]
LISTS: list[tuple[str, dict[str, Any], Library]] = [
    ("articles", {}, lambda g: g.articles()),
    ("articles", {"since": "2019"}, lambda g: g.articles(since="2019")),
    ("articles", {"until": "2018-12"}, lambda g: g.articles(until="2018-12")),
    ("articles", {"source": "wire"}, lambda g: g.articles(source="wire")),
    ("articles", {"contains": "Pyongyang"}, lambda g: g.articles(contains="Pyongyang")),
    ("actors", {}, lambda g: g.canonical_actors()),
    ("actors", {"name": "kim"}, lambda g: g.canonical_actors(name="kim")),
    ("actors", {"country": "PRK"}, lambda g: g.canonical_actors(country="PRK")),
    ("actors", {"type": "person"}, lambda g: g.canonical_actors(type="person")),
    ("events", {}, lambda g: g.events()),
    ("events", {"actor": "Kim"}, lambda g: g.events(actor="Kim")),
    ("events", {"country": "CHN"}, lambda g: g.events(country="CHN")),
    ("events", {"cameo": "04"}, lambda g: g.events(cameo="04")),
    ("events", {"plover": "CONSULT"}, lambda g: g.events(plover="CONSULT")),
    ("events", {"status": "planned"}, lambda g: g.events(status="planned")),
    ("events", {"since": "2019", "until": "2019-06"}, lambda g: g.events(since="2019", until="2019-06")),
    ("events", {"article": "wire-0001"}, lambda g: g.events(article="wire-0001")),
    ("merged-events", {}, lambda g: g.merged_events()),
    ("merged-events", {"actor": "Kim", "status": "occurred"}, lambda g: g.merged_events(actor="Kim",
                                                                                       status="occurred")),
    ("merged-events", {"since": "2019-01", "until": "2019-06"}, lambda g: g.merged_events(since="2019-01",
                                                                                          until="2019-06")),
    ("merged-events", {"story": 1}, lambda g: g.merged_events(story=1)),
    ("quotes", {}, lambda g: g.quotes()),
    ("quotes", {"speaker": "Trump"}, lambda g: g.quotes(speaker="Trump")),
    ("quotes", {"article": "wire-0001"}, lambda g: g.quotes(article="wire-0001")),
    ("quotes", {"about": "Kim"}, lambda g: g.quotes(about="Kim")),
    ("relations", {}, lambda g: g.relations()),
    ("relations", {"actor": "China"}, lambda g: g.relations(actor="China")),
    ("relations", {"article": "trump-quits-iran-nuclear-deal"},
     lambda g: g.relations(article="trump-quits-iran-nuclear-deal")),
    ("stories", {}, lambda g: g.stories()),
    ("timeline", {}, lambda g: g.timeline()),
    ("timeline", {"story": 1}, lambda g: g.timeline(story=1)),
    ("timeline", {"actor": "Xi", "since": "2019"}, lambda g: g.timeline(actor="Xi", since="2019")),
    ("timeline", {"until": "2018-12", "status": "occurred"}, lambda g: g.timeline(until="2018-12",
                                                                                  status="occurred")),
]


@pytest.mark.parametrize(("endpoint", "query", "library"), LISTS,
                         ids=[f"{e}-{'-'.join(q) or 'all'}" for e, q, _ in LISTS])
def test_list_is_the_library_list_in_pages(client: TestClient, graph: newsgraph.Newsgraph, endpoint: str,
                                           query: dict[str, Any], library: Library) -> None:
    rows = plain(library(graph))
    body = client.get(f"/api/{endpoint}", params={**query, "limit": 1000}).json()
    assert body == {"items": rows, "total": len(rows), "limit": 1000, "offset": 0}
    assert rows, "each filter is chosen to match something in the demo corpus"
    if query:  # a filter narrows the list
        unfiltered = client.get(f"/api/{endpoint}", params={"limit": 0}).json()["total"]
        assert len(rows) < unfiltered


def test_relations_by_kind(client: TestClient, graph: newsgraph.Newsgraph) -> None:
    kinds = {r["kind"] for r in graph.relations()}
    for kind in (*kinds, "rival"):
        body = client.get("/api/relations", params={"kind": kind, "limit": 1000}).json()
        assert body["items"] == plain(graph.relations(kind=kind))
        assert {item["kind"] for item in body["items"]} == ({kind} if kind in kinds else set())


def test_lists_default_to_100_items(client: TestClient, graph: newsgraph.Newsgraph) -> None:
    body = client.get("/api/events").json()
    assert (body["limit"], body["offset"], body["total"]) == (100, 0, len(graph.events()))
    assert body["total"] > 100 and len(body["items"]) == 100


@pytest.mark.parametrize(("endpoint", "query", "library"), [
    ("events", {}, lambda g: g.events()),
    ("merged-events", {}, lambda g: g.merged_events()),
    ("timeline", {}, lambda g: g.timeline()),
    ("events", {"status": "planned"}, lambda g: g.events(status="planned")),
    ("timeline", {"actor": "Kim"}, lambda g: g.timeline(actor="Kim")),
    ("articles", {}, lambda g: g.articles()),
    ("articles", {"contains": "Kim"}, lambda g: g.articles(contains="Kim")),
    ("quotes", {}, lambda g: g.quotes()),
    ("quotes", {"speaker": "Trump"}, lambda g: g.quotes(speaker="Trump")),
    ("relations", {}, lambda g: g.relations()),
])
def test_pages_are_slices_of_the_whole(client: TestClient, graph: newsgraph.Newsgraph, endpoint: str,
                                       query: dict[str, str], library: Library) -> None:
    # these lists are paged in the database (LIMIT/OFFSET and a count), not cut from a full list
    everything = plain(library(graph))
    pages = [client.get(f"/api/{endpoint}", params={**query, "limit": 40, "offset": start}).json()
             for start in range(0, len(everything), 40)]
    assert [item for page in pages for item in page["items"]] == everything
    assert {page["total"] for page in pages} == {len(everything)}
    past = client.get(f"/api/{endpoint}", params={**query, "offset": len(everything) + 5}).json()
    assert past["items"] == [] and past["total"] == len(everything)
    assert client.get(f"/api/{endpoint}", params={**query, "limit": 0}).json()["items"] == []


@pytest.mark.parametrize("query", [{"limit": 1001}, {"limit": -1}, {"offset": -3}, {"limit": "ten"}])
def test_bad_page_parameters_are_unprocessable(client: TestClient, query: dict[str, Any]) -> None:
    name = next(iter(query))
    assert_error(client.get("/api/articles", params=query), 422, "unprocessable", name)


# -- single records ---------------------------------------------------------------------------------

def test_article_carries_offsets_into_its_text(client: TestClient, graph: newsgraph.Newsgraph) -> None:
    article = client.get("/api/articles/wire-0001").json()
    text = article["text"]
    assert article["external_id"] == "wire-0001" and article["title"].startswith("Trump greets")
    assert article["published"] == "2018-05-10"
    sentences = article["sentences"]
    assert len(sentences) == article["n_sentences"] > 5
    assert [s["index"] for s in sentences] == list(range(len(sentences)))
    assert all(set(s) == {"index", "paragraph", "start", "end"} and 0 <= s["start"] < s["end"] <= len(text)
               for s in sentences)
    assert article["events"] == plain(graph.events(article="wire-0001")) != []
    for event in article["events"]:
        assert text[event["evidence_start"]:event["evidence_end"]] == event["evidence"]
    assert len(article["quotes"]) == len(graph.quotes(article="wire-0001")) > 0
    for quote in article["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]


def test_article_by_internal_or_external_id(client: TestClient) -> None:
    by_external = client.get("/api/articles/panmunjom-summit-moon-kim").json()
    by_internal = client.get(f"/api/articles/{by_external['id']}").json()
    assert by_internal == by_external


def test_actor_profile_by_canonical_id_or_name(client: TestClient, graph: newsgraph.Newsgraph) -> None:
    kim = graph.canonical_actors(name="Kim Jong-un")[0]
    by_id = client.get(f"/api/actors/{kim['id']}").json()
    assert by_id == plain(graph.actor_profile("Kim Jong-un"))
    assert by_id["actor"]["id"] == kim["id"] and by_id["as_source"]
    assert client.get("/api/actors/Kim Jong-un").json() == by_id


def test_story_by_id(client: TestClient, graph: newsgraph.Newsgraph) -> None:
    first = graph.stories()[0]
    assert client.get(f"/api/stories/{first['id']}").json() == plain(first)


def test_network_in_the_contract_shape(client: TestClient, graph: newsgraph.Newsgraph) -> None:
    whole, story = client.get("/api/network").json(), client.get("/api/network", params={"story": 1}).json()
    assert len(whole["nodes"]) == len(graph.network()["nodes"])
    assert 0 < len(story["edges"]) < len(whole["edges"])
    for node in whole["nodes"]:
        assert {"id", "name", "country", "type", "mentions"} <= set(node)
    for edge in whole["edges"]:
        assert {"source", "target", "quad_class", "count", "goldstein", "first", "last"} <= set(edge)
    ids = {node["id"] for node in story["nodes"]}
    assert all(edge["source"] in ids and edge["target"] in ids for edge in story["edges"])


def test_health_and_stats(client: TestClient, graph: newsgraph.Newsgraph) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    assert client.get("/api/health").json()["writable"] is False
    assert client.get("/api/stats").json() == plain(graph.stats())


def test_summary(client: TestClient, graph: newsgraph.Newsgraph) -> None:
    response = client.get("/api/summary", params={"story": 1, "sentences": 3})
    assert response.status_code == 200 and response.json() == plain(graph.summary(story=1, sentences=3))
    assert_error(client.get("/api/summary", params={"story": 999}), 404, "not_found", "999")
    assert_error(client.get("/api/summary", params={"sentences": 0}), 422, "unprocessable", "sentences")


# -- exports ----------------------------------------------------------------------------------------

def test_export_json_is_a_download_of_the_export(client: TestClient, graph: newsgraph.Newsgraph) -> None:
    response = client.get("/api/export", params={"format": "json"})
    assert response.status_code == 200
    assert 'attachment; filename="newsgraph.json"' in response.headers["content-disposition"]
    document = response.json()
    assert [d["id"] for d in document["documents"]] == [d["id"] for d in graph.export()["documents"]]
    assert len(document["events"]) == len(graph.events())


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_network_xml(client: TestClient, graph: newsgraph.Newsgraph, fmt: str) -> None:
    response = client.get("/api/export", params={"format": fmt})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    nodes = [e for e in root.iter() if e.tag.endswith("}node")]
    assert len(nodes) == len(graph.network()["nodes"])


def test_export_gdelt_is_one_row_per_merged_event(client: TestClient, graph: newsgraph.Newsgraph) -> None:
    response = client.get("/api/export", params={"format": "gdelt"})
    assert response.status_code == 200 and "newsgraph-gdelt.tsv" in response.headers["content-disposition"]
    rows = response.text.splitlines()
    assert len(rows) == len(graph.merged_events()) and {len(row.split("\t")) for row in rows} == {61}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_tables_zip(client: TestClient, fmt: str) -> None:
    response = client.get("/api/export", params={"format": fmt})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert any(name.startswith("events") and name.endswith(f".{fmt}") for name in names)


def test_unknown_export_format_is_unprocessable(client: TestClient) -> None:
    assert_error(client.get("/api/export", params={"format": "xlsx"}), 422, "unprocessable", "format")


# -- errors -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "words"), [
    ("/api/articles/no-such-article", ("no-such-article",)),
    ("/api/actors/Nobody Atall", ("Nobody Atall",)),
    ("/api/stories/999", ("999",)),
    ("/api/timeline?story=999", ("999",)),
    ("/api/merged-events?story=999", ("999",)),
    ("/api/network?story=999", ("999",)),
    ("/api/nowhere", ("/api/nowhere",)),
])
def test_unknown_things_are_404(client: TestClient, url: str, words: tuple[str, ...]) -> None:
    assert_error(client.get(url), 404, "not_found", *words)


@pytest.mark.parametrize(("url", "words"), [
    ("/api/events?since=last-tuesday", ("since", "last-tuesday")),
    ("/api/articles?until=someday", ("until", "someday")),
    ("/api/timeline?since=soon", ("since",)),
])
def test_bad_values_the_library_refuses_are_400(client: TestClient, url: str, words: tuple[str, ...]) -> None:
    assert_error(client.get(url), 400, "bad_request", *words)


@pytest.mark.parametrize(("url", "word"), [
    ("/api/events?status=rumoured", "status"),
    ("/api/timeline?story=first", "story"),
    ("/api/actors?type=planet", "type"),
])
def test_values_of_the_wrong_type_are_422(client: TestClient, url: str, word: str) -> None:
    assert_error(client.get(url), 422, "unprocessable", word)


def test_errors_do_not_reveal_where_the_store_lives(client: TestClient, demo_db: Path) -> None:
    message = client.get("/api/articles/no-such-article").json()["error"]["message"]
    assert str(demo_db.parent) not in message and demo_db.name in message


# -- the page, the docs, the headers ----------------------------------------------------------------

def test_security_headers_on_every_response(client: TestClient) -> None:
    for url in ("/api/health", "/api/articles/nope", "/docs", "/static/vendor/worldmap.svg", "/openapi.json"):
        headers = client.get(url).headers
        assert headers["content-security-policy"].startswith("default-src 'self'"), url
        assert headers["x-content-type-options"] == "nosniff", url


def test_docs_page_lists_every_endpoint_without_scripts(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<script" not in page.text.lower() and "http" not in page.text.replace('href="/openapi.json"', "")
    for path in client.get("/openapi.json").json()["paths"]:
        assert f"{path}</code>" in page.text
    assert_error(client.get("/redoc"), 404, "not_found")


def test_world_map_comes_from_the_installed_package(client: TestClient) -> None:
    response = client.get("/static/vendor/worldmap.svg")
    assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
    assert 'class="kp country' in response.text and 'class="cn country' in response.text


def test_page_and_static_files_are_served_from_the_web_folder(
        tmp_path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    web = tmp_path / "web"
    web.mkdir()
    (web / "index.html").write_text("<!doctype html><title>a page written for this test</title>", encoding="utf-8")
    (web / "app.js").write_text("console.log('served');\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside the web folder", encoding="utf-8")
    monkeypatch.setattr(api, "WEB_DIR", web)
    with TestClient(create_app(demo_db)) as page_client:
        index = page_client.get("/")
        assert index.status_code == 200 and "written for this test" in index.text
        assert index.headers["content-security-policy"].startswith("default-src 'self'")
        assert page_client.get("/static/app.js").text == "console.log('served');\n"
        assert page_client.get("/static/../secret.txt").status_code == 404
        assert page_client.get("/static/%2e%2e/secret.txt").status_code == 404


# -- ingest over HTTP -------------------------------------------------------------------------------

HARBOUR = ("Port officials in Mombasa said on Tuesday that a new grain terminal will open in March. "
           "Minister Wanjiru Kamau told reporters that ships from Oman and India had already booked berths.")
SCRIPTED = ("Mayor Teodora Vlad <script>alert('pwned')</script> opened a ferry line across the Danube on "
            "Friday. She said <img src=x onerror=alert(1)> the crossing would take twenty minutes.")


def test_post_needs_a_configured_token(client: TestClient) -> None:
    response = client.post("/api/articles", json={"text": HARBOUR}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert_error(response, 403, "forbidden", "NEWSGRAPH_TOKEN")


@pytest.mark.parametrize("authorization", [None, "Bearer not-the-token", f"Basic {TOKEN}", "Bearer"])
def test_post_without_the_right_token_is_401(writer: TestClient, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    request = writer.build_request("POST", "/api/articles", json={"text": HARBOUR})
    request.headers.pop("Authorization")
    request.headers.update(headers)
    response = writer.send(request)
    assert_error(response, 401, "unauthorized", "Bearer")
    assert response.headers["www-authenticate"] == "Bearer"


def test_post_json_then_read_it_back_as_data(writer: TestClient) -> None:
    posted = {"text": SCRIPTED, "title": "Ferry <b>line</b> opens", "published": "2023-05-19",
              "source": "River Post", "id": "ferry-danube"}
    report = writer.post("/api/articles", json=posted).json()
    assert (report["stored"], report["duplicates"], report["skipped"]) == (1, 0, 0)
    article = writer.get(f"/api/articles/{report['stored_ids'][0]}")
    assert article.headers["content-type"] == "application/json"
    assert article.headers["content-security-policy"].startswith("default-src 'self'")
    stored = article.json()
    assert stored["external_id"] == "ferry-danube" and stored["published"] == "2023-05-19"
    assert "<script>alert('pwned')</script>" in stored["text"] and "onerror=alert(1)" in stored["text"]
    assert stored["title"] == "Ferry <b>line</b> opens" and stored["sentences"]
    assert stored["origin"] == "body#1"
    again = writer.post("/api/articles", json=posted).json()
    assert (again["stored"], again["duplicates"]) == (0, 1)


def test_post_a_list_of_articles(writer: TestClient) -> None:
    posted = [{"text": HARBOUR, "title": "Mombasa grain terminal"},
              {"text": "Engineers in Tromso finished testing a tidal turbine on Monday. The town council "
                       "expects it to power four hundred homes from next winter.", "published": "2022-11-07"}]
    report = writer.post("/api/articles", json=posted).json()
    assert report["stored"] == 2 and len(report["stored_ids"]) == 2
    titles = {writer.get(f"/api/articles/{i}").json()["title"] for i in report["stored_ids"]}
    assert "Mombasa grain terminal" in titles


@pytest.mark.parametrize(("body", "word"), [
    ({"title": "no text"}, "text"),
    ({"text": "fine", "colour": "blue"}, "colour"),
    ([{"text": 5}], "text"),
])
def test_post_json_that_is_not_articles_is_422(writer: TestClient, body: Any, word: str) -> None:
    assert_error(writer.post("/api/articles", json=body), 422, "unprocessable", word)


def test_post_malformed_or_empty_json(writer: TestClient) -> None:
    headers = {"Content-Type": "application/json"}
    assert_error(writer.post("/api/articles", content=b'{"text": "cut', headers=headers), 422, "unprocessable")
    assert_error(writer.post("/api/articles", json=[]), 400, "bad_request", "empty")


def test_post_other_content_types_is_refused(writer: TestClient) -> None:
    response = writer.post("/api/articles", content=HARBOUR.encode(), headers={"Content-Type": "text/plain"})
    assert_error(response, 415, "unsupported_media_type", "text/plain")


def test_upload_files_then_read_them_back(writer: TestClient) -> None:
    lines = "\n".join(json.dumps({"id": f"lake-{n}", "text": f"Divers in Lake Ohrid recovered {n} wooden "
                                  "canoes on Wednesday, the culture ministry in Skopje said."}) for n in (2, 3))
    files = [("file", ("glacier-report.txt", b"Glaciers retreat in Patagonia\n\nScientists in Punta Arenas "
                       b"measured a retreat of forty metres this summer, the university said on Monday.\n",
                       "text/plain")),
             ("file", ("lakes.jsonl", lines.encode(), "application/jsonl"))]
    report = writer.post("/api/articles", files=files).json()
    assert report["stored"] == 3 and report["problems"] == []
    glacier = writer.get("/api/articles/glacier-report").json()
    assert glacier["title"] == "Glaciers retreat in Patagonia" and "Punta Arenas" in glacier["text"]
    assert glacier["origin"] == "glacier-report.txt"
    assert writer.get("/api/articles/lake-3").json()["text"].startswith("Divers in Lake Ohrid recovered 3")


def test_upload_problems_name_the_clients_file_not_the_servers(writer: TestClient) -> None:
    files = [("file", ("../../etc/scan.pdf", b"%PDF-1.4 binary", "application/pdf"))]
    report = writer.post("/api/articles", files=files).json()
    assert report["stored"] == 0 and report["skipped"] == 1
    assert report["problems"][0]["input"] == "../../etc/scan.pdf"
    assert "newsgraph-post" not in json.dumps(report)


def test_upload_without_a_file_is_400(writer: TestClient) -> None:
    assert_error(writer.post("/api/articles", data={"note": "nothing attached"},
                             files=[("other", ("", b"", "text/plain"))]), 400, "bad_request", "file")


def test_too_large_uploads_are_413(writer: TestClient) -> None:
    before = writer.get("/api/stats").json()["articles"]
    big = "Rain fell on the capital again. " * 1000
    assert_error(writer.post("/api/articles", json={"text": big}), 413, "too_large", f"{UPLOAD_LIMIT:,}")
    files = [("file", ("rain.txt", big.encode(), "text/plain"))]
    assert_error(writer.post("/api/articles", files=files), 413, "too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server counts as it reads
        yield b'{"text": "'
        for _ in range(50):
            yield b"x" * 1000
        yield b'"}'

    streamed = writer.post("/api/articles", content=chunks(), headers={"Content-Type": "application/json"})
    assert_error(streamed, 413, "too_large")
    assert writer.get("/api/stats").json()["articles"] == before  # nothing refused was stored


# -- the command ------------------------------------------------------------------------------------

def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "missing.duckdb"
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(missing)])
    assert result.exit_code == 3
    assert f"no database at {missing}" in result.output and "newsgraph ingest" in result.output
    assert not missing.exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serve_runs_a_real_server(demo_db: Path, graph: newsgraph.Newsgraph) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_TOKEN"}
    server = subprocess.Popen([sys.executable, "-m", "newsgraph.cli", "serve", "--db", str(demo_db),
                               "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            try:
                health = httpx.get(f"{base}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.2)
        assert health.json() == {"status": "ok", "version": health.json()["version"], "writable": False}
        stories = httpx.get(f"{base}/api/stories", timeout=10).json()
        assert stories["total"] == len(graph.stories()) and stories["items"][0]["n_articles"] > 1
        refused = httpx.post(f"{base}/api/articles", json={"text": HARBOUR}, timeout=10)
        assert refused.status_code == 403
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout:
            server.stdout.close()


@pytest.mark.parametrize("endpoint", ["events", "quotes"])
def test_story_filter_keeps_what_the_story_articles_report(client: TestClient, graph: newsgraph.Newsgraph,
                                                           endpoint: str) -> None:
    story = graph.stories()[1]  # not the biggest: the filter must narrow
    members = {m["article"] for m in story["articles"]}
    everything = plain(getattr(graph, endpoint)())
    expected = [row for row in everything if row["article"] in members]
    body = client.get(f"/api/{endpoint}", params={"story": story["id"], "limit": 1000}).json()
    assert body["items"] == expected and body["total"] == len(expected)
    assert 0 < len(expected) < len(everything)
    assert_error(client.get(f"/api/{endpoint}", params={"story": 999}), 404, "not_found", "999")


# -- concurrency: reads side by side, an ingest alone ---------------------------------------------

def test_two_reads_run_side_by_side(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # each read waits for the other inside the library call: serialised reads would break the barrier
    import threading

    barrier = threading.Barrier(2, timeout=10)
    real = newsgraph.Newsgraph.stats

    def meeting(self: newsgraph.Newsgraph) -> dict[str, Any]:
        barrier.wait()
        return real(self)

    monkeypatch.setattr(newsgraph.Newsgraph, "stats", meeting)
    with TestClient(create_app(demo_db)) as test_client:
        replies: list[int] = []
        readers = [threading.Thread(target=lambda: replies.append(test_client.get("/api/stats").status_code))
                   for _ in range(2)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(timeout=30)
    assert replies == [200, 200]
    assert not barrier.broken


def test_a_writer_waits_for_reads_and_reads_wait_for_it() -> None:
    import threading

    from newsgraph.api import ReadWriteGate

    gate, log, started = ReadWriteGate(), [], threading.Event()

    def write() -> None:
        started.set()
        with gate.writing():
            log.append("write")

    with gate.reading():
        writer = threading.Thread(target=write)
        writer.start()
        started.wait(5)
        writer.join(0.2)
        assert writer.is_alive() and log == []  # the read under way holds the writer back
        log.append("read")
    writer.join(5)
    assert log == ["read", "write"]

    def read() -> None:
        with gate.reading():
            log.append("late read")

    with gate.writing():
        reader = threading.Thread(target=read)
        reader.start()
        reader.join(0.2)
        assert reader.is_alive() and log[-1] == "write"  # a read waits while the store is being written
        log.append("second write")
    reader.join(5)
    assert log[-2:] == ["second write", "late read"]

