"""The web page, end to end in headless Chromium (Debian's /usr/bin/chromium, driven by playwright).

The app is served by uvicorn on 127.0.0.1 over a store built from examples/demo plus one hostile
article (markup and an onerror handler in its title, text and a quote). Every expected figure is
read from the library over the same store, so the tests check that the page shows what is stored.
Screenshots land in tests/artifacts/; NEWSGRAPH_UPDATE_SCREENSHOT=1 also rewrites docs/screenshot.png.
"""

from __future__ import annotations

import csv
import json
import os
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import newsgraph
from newsgraph.graph import Newsgraph

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "src" / "newsgraph" / "web"
DEMO = ROOT / "examples" / "demo"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# The closed network refuses Chromium's background connections; these flags keep it from trying.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KOREA_ARTICLE = "kim-jong-un-secret-beijing-visit"
HOSTILE_ID = "hostile-harbour-note"
HOSTILE = {
    "id": HOSTILE_ID,
    "title": "<script>window.__pwned = 'title'</script>Estonia hosts Latvian ferry talks",
    "published": "2024-05-14",
    "source": "Test <b>Wire</b>",
    "text": ("TALLINN — Estonian Prime Minister Kaja Kallas hosted Latvian Prime Minister Evika Silina in Tallinn "
             "on Monday to discuss a new ferry line. <img src=x onerror=\"window.__pwned='img'\"> The two leaders "
             "signed an agreement on the route, officials said.\n\n\"We will not let <script>window.__pwned='quote'"
             "</script> slow us down,\" Kallas told reporters after the meeting."),
}


def countries() -> dict[str, dict[str, str]]:
    """The page's ISO alpha-3 → {iso2, name} table."""
    table: dict[str, dict[str, str]] = json.loads((WEB / "countries.json").read_text(encoding="utf-8"))
    return table


# -- static checks (no browser) ---------------------------------------------------------------------

def test_country_table_matches_the_gazetteer_and_iso() -> None:
    pycountry = pytest.importorskip("pycountry")
    with (ROOT / "src" / "newsgraph" / "data" / "countries.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    table = countries()
    assert set(table) == {row["iso3"] for row in rows}
    for row in rows:
        known = pycountry.countries.get(alpha_3=row["iso3"])
        assert table[row["iso3"]]["iso2"] == (known.alpha_2.lower() if known else "xk"), row["iso3"]
        assert table[row["iso3"]]["name"] == row["name"]


def test_scripts_never_parse_data_as_markup() -> None:
    sources = {path.name: path.read_text(encoding="utf-8") for path in WEB.glob("*.js")}
    assert sources
    for name, text in sources.items():
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in text, f"{name} uses {sink}"


def test_page_loads_nothing_from_elsewhere() -> None:
    page = (WEB / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "inline script (the CSP forbids it)"
    for path in WEB.iterdir():
        if path.suffix in {".html", ".js", ".css"}:
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"(?:src|href)=\"(?:https?:)?//", text), path.name
            assert not re.search(r"\bfetch\(\s*[\"'`]https?:", text), path.name
    for name in re.findall(r"from \"\./([\w.]+)\"", "".join(p.read_text(encoding="utf-8") for p in WEB.glob("*.js"))):
        assert (WEB / name).is_file(), f"a module imports missing {name}"


# -- the served page in a browser -------------------------------------------------------------------

browser_only = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                  "(apt-get install chromium; .ci/run installs it)")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the demo corpus plus the hostile article."""
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    path = folder / "demo.duckdb"
    with newsgraph.open(path) as graph:
        report = graph.ingest([DEMO, hostile])
    assert report.stored >= 20 and not report.skipped
    return path


@pytest.fixture(scope="module")
def graph(store: Path) -> Iterator[Newsgraph]:
    """The library over the served store (read-only, next to the server's handle)."""
    with newsgraph.open(store, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def base_url(store: Path) -> Iterator[str]:
    """The app on 127.0.0.1 on a free port, served by uvicorn in a thread; stopped afterwards."""
    import uvicorn

    from newsgraph.api import create_app

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))  # port 0: the OS picks a free one, and we keep the socket (no race)
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium (never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page and what it did: requests, console errors, script errors and dialogs."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def ready(self) -> None:
        """Wait until the page has drawn everything it was asked to."""
        self.page.wait_for_selector("body[data-state=ready]", timeout=20_000)


@pytest.fixture()
def web(browser: Any, base_url: str) -> Iterator[Watched]:
    """The page at / loaded and drawn."""
    context = browser.new_context(viewport={"width": 1440, "height": 1100})
    watched = Watched(context.new_page())
    watched.page.goto(base_url + "/")
    watched.ready()
    yield watched
    context.close()


def shot(web: Watched, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    web.page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def dated(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["date"] and re.fullmatch(r"\d{4}(-\d{2}){0,2}", e["date"])]


@browser_only
def test_page_draws_timeline_network_map_and_table(web: Watched, graph: Newsgraph, base_url: str) -> None:
    page = web.page
    merged = graph.merged_events()
    placed = dated(merged)
    assert page.locator("#timeline svg.timeline g.event").count() == len(placed)
    for status, count in Counter(e["status"] for e in placed).items():
        assert page.locator(f"#timeline svg.timeline g.event.st-{status}").count() == count, status
    assert page.locator("#timeline svg.timeline g.event.st-negated line.strike").count() == sum(
        e["status"] == "negated" for e in placed)

    network = graph.network()
    involved = {e[k] for e in merged for k in ("source_id", "target_id")} - {None}
    nodes = [n for n in network["nodes"] if n["id"] in involved]
    assert page.locator("#network g.actor").count() == len(nodes)
    biggest = max(nodes, key=lambda n: n["mentions"])
    smallest = min(nodes, key=lambda n: n["mentions"])
    radius = {n["id"]: float(page.locator(f'#network g.actor[data-id="{n["id"]}"] circle').get_attribute("r") or 0)
              for n in (biggest, smallest)}
    assert radius[biggest["id"]] > radius[smallest["id"]]
    edges = [e for e in network["edges"] if e["source"] != e["target"]]
    assert page.locator("#network path.edge.coop").count() == sum(e["quad_class"] in (1, 2) for e in edges)
    assert page.locator("#network path.edge.conflict").count() == sum(e["quad_class"] in (3, 4) for e in edges)

    events = graph.events()
    where = Counter(e["location_country"] for e in events if e["location_country"])
    shaded = set(page.eval_on_selector_all(".worldmap g.country.shaded", "gs => gs.map(g => g.classList[0])"))
    table = countries()
    on_map = {iso3 for iso3 in where if page.locator(f".worldmap g.country.{table[iso3]['iso2']}").count()}
    assert on_map and shaded == {table[iso3]["iso2"] for iso3 in on_map}
    top, count = where.most_common(1)[0]
    marker = page.locator(f'.worldmap circle.marker[data-country="{top}"] title')
    assert marker.text_content() == f"{table[top]['name']}: {count} events"

    rows = page.locator("#events tbody tr")
    assert rows.count() == len(events)
    assert rows.first.locator("td.evidence").text_content() == events[0]["evidence"]
    assert page.locator("#quotes li").count() == len(graph.quotes())
    assert not web.errors and not web.dialogs
    assert all(url.startswith(base_url + "/") for url in web.requests), "the page fetched from elsewhere"
    assert any(url.endswith("/static/vendor/worldmap.svg") for url in web.requests)
    shot(web, "web-overview.png")

    web.page.set_viewport_size({"width": 800, "height": 900})  # charts follow the window's width
    web.page.wait_for_function("() => document.querySelector('svg.timeline').getAttribute('width') < 800")
    assert web.page.locator("#timeline svg.timeline g.event").count() == len(placed)


@browser_only
def test_clicking_an_event_row_highlights_its_evidence(web: Watched, graph: Newsgraph) -> None:
    event = next(e for e in graph.events(article=KOREA_ARTICLE) if e["evidence"])
    web.page.locator(f'#events tbody tr[data-id="{event["id"]}"]').click()
    mark = web.page.locator("#article mark")
    mark.wait_for()
    assert mark.text_content() == event["evidence"]
    assert web.page.locator("#article-title").text_content() == graph.article(KOREA_ARTICLE)["title"]
    assert mark.is_visible() and mark.bounding_box() is not None
    shot(web, "web-evidence.png")
    web.page.locator("#article button.close").click()
    assert web.page.locator("#article").is_hidden()


@browser_only
def test_timeline_marker_and_quote_open_their_article(web: Watched, graph: Newsgraph) -> None:
    merged = next(e for e in dated(graph.merged_events()) if e["mentions"] and e["status"] == "planned")
    web.page.locator(f'#timeline svg.timeline g.event[data-id="{merged["id"]}"]').click()
    first = merged["mentions"][0]
    web.page.wait_for_function("id => document.querySelector('#article-text mark') && "
                               "document.querySelector('#article .meta').textContent.includes(id)",
                               arg=first["article"])
    assert web.page.locator("#article mark").text_content() == first["evidence"]

    quote = graph.quotes(article=KOREA_ARTICLE)[0]
    web.page.locator(f'#quotes li[data-id="{quote["id"]}"]').click()
    web.page.wait_for_function("text => document.querySelector('#article mark').textContent === text",
                               arg=quote["text"])
    assert quote["text"] in web.page.locator("#article-text").text_content()


@browser_only
def test_table_filters_query_the_events(web: Watched, graph: Newsgraph) -> None:
    page = web.page
    expected = graph.events(actor="Kim", status="planned")
    assert expected
    page.fill("#filters input[name=actor]", "Kim")
    page.select_option("#filters select[name=status]", "planned")
    page.click("#filters button[type=submit]")
    page.wait_for_function("n => document.querySelectorAll('#events tbody tr').length === n", arg=len(expected))
    web.ready()
    assert page.eval_on_selector_all("#events tbody tr", "rs => rs.map(r => r.dataset.id)") == [
        e["id"] for e in expected]
    page.click("#filters button[type=reset]")
    total = len(graph.events())
    page.wait_for_function("n => document.querySelectorAll('#events tbody tr').length === n", arg=total)

    since = graph.events(since="2019-02", cameo="04")
    page.fill("#filters input[name=since]", "2019-02")
    page.fill("#filters input[name=cameo]", "04")
    page.press("#filters input[name=cameo]", "Enter")
    page.wait_for_function("n => document.querySelectorAll('#events tbody tr').length === n", arg=len(since))
    assert set(page.eval_on_selector_all("#events tbody tr td:nth-child(4)", "ts => ts.map(t => t.textContent)")) \
        <= {f"{e['cameo']} {e['plover'] or ''}" for e in since}
    assert not web.errors


@browser_only
def test_a_refused_filter_shows_the_apis_message(web: Watched) -> None:
    rows = web.page.locator("#events tbody tr").count()
    web.page.fill("#filters input[name=since]", "soon")
    web.page.click("#filters button[type=submit]")
    web.page.wait_for_selector("body[data-state=error]")
    assert "'soon' is not a date" in (web.page.locator("#status").text_content() or "")
    assert web.page.locator("#events tbody tr").count() == rows  # the last good table stays
    web.page.fill("#filters input[name=since]", "2019")
    web.page.click("#filters button[type=submit]")
    web.ready()
    assert web.page.locator("#status").text_content() == ""


@browser_only
def test_map_marker_lists_the_events_located_there(web: Watched, graph: Newsgraph) -> None:
    located = Counter(e["location_country"] for e in graph.events() if e["location_country"])
    iso3, count = located.most_common(1)[0]
    web.page.locator(f'.worldmap circle.marker[data-country="{iso3}"]').dispatch_event("click")
    web.page.wait_for_function("n => document.querySelectorAll('#events tbody tr').length === n", arg=count)
    assert sorted(web.page.eval_on_selector_all("#events tbody tr", "rs => rs.map(r => r.dataset.id)")) == sorted(
        e["id"] for e in graph.events() if e["location_country"] == iso3)
    assert countries()[iso3]["name"] in (web.page.locator("#place .chip").text_content() or "")
    assert web.page.locator(f'.worldmap circle.marker.selected[data-country="{iso3}"]').count() == 1
    web.page.locator("#place .chip button").click()
    web.page.wait_for_function("n => document.querySelectorAll('#events tbody tr').length === n",
                               arg=len(graph.events()))


@browser_only
def test_story_picker_filters_every_view(web: Watched, graph: Newsgraph) -> None:
    story = next(s for s in graph.stories() if KOREA_ARTICLE in {a["article"] for a in s["articles"]})
    members = {a["article"] for a in story["articles"]}
    web.page.select_option("#story", str(story["id"]))
    merged = graph.merged_events(story=story["id"])
    web.page.wait_for_function("n => document.querySelectorAll('#timeline svg.timeline g.event').length === n",
                               arg=len(dated(merged)))
    web.ready()
    articles = web.page.eval_on_selector_all("#events tbody tr", "rs => rs.map(r => r.dataset.article)")
    assert sorted(articles) == sorted(e["article"] for e in graph.events() if e["article"] in members)
    quoted = web.page.eval_on_selector_all("#quotes li", "ls => ls.map(l => l.dataset.article)")
    assert quoted and set(quoted) <= members
    involved = {e[k] for e in merged for k in ("source_id", "target_id")} - {None}
    assert set(web.page.eval_on_selector_all("#network g.actor", "gs => gs.map(g => g.dataset.id)")) == involved
    assert HOSTILE_ID not in articles
    assert web.page.url.endswith(f"#story={story['id']}")  # a link to this view
    web.page.reload()
    web.ready()
    assert web.page.input_value("#story") == str(story["id"])
    assert web.page.locator("#timeline svg.timeline g.event").count() == len(dated(merged))
    web.page.locator("#events").evaluate("node => node.scrollTop = 0")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    web.page.screenshot(path=str(ARTIFACTS / "web-story.png"))
    if os.environ.get("NEWSGRAPH_UPDATE_SCREENSHOT") == "1":
        web.page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))


@browser_only
def test_hostile_article_shows_as_text(web: Watched, graph: Newsgraph) -> None:
    page = web.page
    event = graph.events(article=HOSTILE_ID)[0]
    page.locator(f'#events tbody tr[data-id="{event["id"]}"]').click()
    page.locator("#article mark").wait_for()
    assert page.locator("#article-title").text_content() == HOSTILE["title"]
    text = page.locator("#article-text").text_content() or ""
    assert "<img src=x onerror=\"window.__pwned='img'\">" in text
    quote = graph.quotes(article=HOSTILE_ID)[0]
    assert "<script>" in quote["text"]
    page.locator(f'#quotes li[data-id="{quote["id"]}"] blockquote').wait_for()
    assert quote["text"] in (page.locator(f'#quotes li[data-id="{quote["id"]}"] blockquote').text_content() or "")
    assert page.evaluate("document.querySelectorAll('img, body script, #article b').length") == 0
    assert page.evaluate("window.__pwned === undefined")
    assert not web.dialogs and not web.errors
    shot(web, "web-hostile.png")
