"""The HTTP API: a thin FastAPI skin over :class:`newsgraph.graph.Newsgraph`, plus the web page's files.

``create_app(db, token=...)`` serves one store, the one it is given; no request
names a file. Each endpoint parses its query, calls one library method and
returns JSON.

How the store is held: DuckDB allows one writing process, and one connection
must not run two statements at once. The app opens the store once, read-only
when no token is set (reads only; other processes may read the file too) and
read-write when one is (so POST can ingest; the file is then locked to other
processes). Reads run side by side, each worker thread through its own cursor on
the store; a POST ingest waits for the reads under way, holds the store alone
until it is committed, and reads that arrive meanwhile wait for it.

Lists come as ``{"items", "total", "limit", "offset"}``; errors always as
``{"error": {"code", "message"}}`` with the matching status. /docs is a page
of our own, rendered on the server from /openapi.json: Swagger UI would need a
CDN (or a package we do not depend on) and an inline script the page's
Content-Security-Policy forbids.
"""

from __future__ import annotations

import hmac
import html
import json
import logging
import re
import shutil
import tempfile
import threading
import uuid
import zipfile
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.types import Message

import newsgraph
from newsgraph.errors import NewsgraphError, NotFoundError, StoreError, UsageError
from newsgraph.graph import Newsgraph
from newsgraph.records import IngestReport

log = logging.getLogger("newsgraph")

T = TypeVar("T")

WEB_DIR = Path(__file__).parent / "web"
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
MAX_UPLOAD_FILES = 20
ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 413: "too_large",
               415: "unsupported_media_type", 422: "unprocessable", 500: "internal"}
# The page may load only what this server serves: no CDN, no inline script, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                               "form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
EXPORT_TYPES = {"json": ("application/json", "newsgraph.json"),
                "graphml": ("application/xml", "newsgraph.graphml"),
                "gexf": ("application/xml", "newsgraph.gexf"),
                "gdelt": ("text/tab-separated-values", "newsgraph-gdelt.tsv")}
ExportFormat = Literal["json", "graphml", "gexf", "gdelt", "csv", "parquet"]
Status = Literal["occurred", "planned", "possible", "negated"]
Since = Annotated[str | None, Query(description="On or after this date: YYYY-MM-DD, YYYY-MM or YYYY.")]
Until = Annotated[str | None, Query(description="On or before this date: YYYY-MM-DD, YYYY-MM or YYYY.")]
ActorFilter = Annotated[str | None, Query(description="Source or target name (or alias) contains this.")]
CountryFilter = Annotated[str | None, Query(description="ISO 3166-1 alpha-3 country code, e.g. PRK.")]
ArticleFilter = Annotated[str | None, Query(description="Only this article (internal or external id).")]
StoryFilter = Annotated[int | None, Query(description="Only what articles of this story report.")]
StatusFilter = Annotated[Status | None, Query(description="Whether the event occurred, is planned, possible "
                                                          "or negated.")]


# -- the store the app serves ---------------------------------------------------------------------

class ReadWriteGate:
    """Many readers or one writer; a waiting writer goes before readers that arrive after it."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            self._cond.wait_for(lambda: not self._writing and not self._readers)
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


@dataclass
class Served:
    """The one store an app serves, the gate its requests pass and the app's settings.

    Reads run side by side, each thread through its own connection to the store (a DuckDB
    cursor); an ingest waits for the reads under way and holds the store alone until it is
    committed."""

    graph: Newsgraph
    token: str | None
    max_upload_bytes: int
    gate: ReadWriteGate = field(default_factory=ReadWriteGate)
    _local: threading.local = field(default_factory=threading.local)
    _views: list[Newsgraph] = field(default_factory=list)
    _views_lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, read: Callable[[Newsgraph], T]) -> T:
        """Run one reading library call on the store, beside other reads."""
        with self.gate.reading():
            return read(self._view())

    def write(self, change: Callable[[Newsgraph], T]) -> T:
        """Run one library call that writes to the store, alone."""
        with self.gate.writing():
            return change(self.graph)

    def close(self) -> None:
        """Close every thread's connection and the store, once no call is under way."""
        with self.gate.writing(), self._views_lock:
            for view in self._views:
                view.close()
            self._views.clear()
            self.graph.close()

    def _view(self) -> Newsgraph:
        view: Newsgraph | None = getattr(self._local, "graph", None)
        if view is None:
            view = Newsgraph(self.graph.store.view())
            self._local.graph = view
            with self._views_lock:
                self._views.append(view)
        return view


def open_served(db: str | Path, token: str | None, max_upload_bytes: int) -> Served:
    """Open the store at ``db`` for serving; StoreError when there is none (serving never creates one)."""
    path = Path(db)
    if not path.is_file():
        raise StoreError(f"no database at {path}; create one with `newsgraph ingest PATH --db {path}` "
                         "or give --db an existing file")
    if max_upload_bytes < 1:
        raise UsageError(f"the upload limit must be at least 1 byte, not {max_upload_bytes}")
    graph = newsgraph.open(path, read_only=not token)
    return Served(graph, token or None, max_upload_bytes)


def served(request: Request) -> Served:
    """The store of the app handling ``request``."""
    held: Served = request.app.state.served
    return held


# -- lists ------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Page:
    """Which slice of a list a request wants."""

    limit: int
    offset: int


def page(limit: Annotated[int, Query(ge=0, le=MAX_LIMIT, description="At most this many items.")] = DEFAULT_LIMIT,
         offset: Annotated[int, Query(ge=0, description="Skip this many items first.")] = 0) -> Page:
    """The pagination query parameters of a list endpoint."""
    return Page(limit, offset)


PageQuery = Annotated[Page, Depends(page)]


def paginated(rows: Sequence[dict[str, Any]], wanted: Page) -> dict[str, Any]:
    """One page of ``rows`` with the total they came from."""
    return {"items": list(rows[wanted.offset:wanted.offset + wanted.limit]), "total": len(rows),
            "limit": wanted.limit, "offset": wanted.offset}


def page_of(items: list[dict[str, Any]], total: int, wanted: Page) -> dict[str, Any]:
    """A page the library already cut (the lists that can hold millions of rows are paged in the database)."""
    return {"items": items, "total": total, "limit": wanted.limit, "offset": wanted.offset}


# -- errors -----------------------------------------------------------------------------------------

def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error shape: {"error": {"code", "message"}} with ``status``."""
    code = ERROR_CODES.get(status, "bad_request" if status < 500 else "internal")
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


async def on_library_error(request: Request, exc: Exception) -> JSONResponse:
    """Library errors: unknown ids 404, bad arguments 400, anything else about the store 500."""
    # Messages name the database file; clients learn its name, not where it lives on the server.
    path = served(request).graph.path
    message = str(exc).replace(str(path), path.name)
    if isinstance(exc, NotFoundError):
        return error_response(404, message)
    if isinstance(exc, UsageError):
        return error_response(400, message)
    log.error("%s %s: %s", request.method, request.url.path, exc)
    return error_response(500, message)


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    """Errors the app or Starlette raise as HTTPException (401, 403, 404 route, 405, 413, 415)."""
    assert isinstance(exc, HTTPException)
    message = str(exc.detail)
    if exc.status_code in (404, 405) and message in ("Not Found", "Method Not Allowed"):
        message = f"no endpoint {request.method} {request.url.path}; /docs lists them"
    return error_response(exc.status_code, message, dict(exc.headers or {}))


async def on_invalid(request: Request, exc: Exception) -> JSONResponse:
    """Query or body values that fail validation: 422 naming each one."""
    assert isinstance(exc, RequestValidationError | ValidationError)
    return error_response(422, describe_invalid(exc.errors()))


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    """A bug: 500 without internals (the traceback goes to the server log)."""
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal error; the server log has the details")


def describe_invalid(errors: Sequence[Any]) -> str:
    """One line per invalid value: where it is and what is wrong with it."""
    lines = []
    for error in errors:
        where = " → ".join(str(part) for part in error.get("loc", ()))
        lines.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(lines) or "invalid request"


def add_error_handlers(app: FastAPI) -> None:
    """Every error leaves the app in the one JSON shape."""
    app.add_exception_handler(NewsgraphError, on_library_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_invalid)
    app.add_exception_handler(ValidationError, on_invalid)
    app.add_exception_handler(Exception, on_unexpected)


# -- the app ----------------------------------------------------------------------------------------

def create_app(db: str | Path, *, token: str | None = None, max_upload_bytes: int = 10_000_000) -> FastAPI:
    """A FastAPI app serving the store at ``db`` (which must exist); POST needs ``token`` as a bearer token."""
    held = open_served(db, token, max_upload_bytes)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        held.close()

    app = FastAPI(title="newsgraph", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="News articles as structured, sourced event data. Reads are open; POST "
                              "/api/articles needs `Authorization: Bearer <token>`.")
    app.state.served = held
    add_error_handlers(app)
    app.middleware("http")(add_security_headers)
    app.include_router(router)
    app.include_router(pages)
    app.mount("/static", StaticFiles(directory=WEB_DIR, check_dir=False), name="static")
    return app


async def add_security_headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
    """Set the CSP and the other security headers on every response."""
    response: Response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsgraph")
    except PackageNotFoundError:
        return "unknown"


class ErrorDetail(BaseModel):
    """What went wrong: a code from ERROR_CODES and a message naming the input and what to do."""

    code: str
    message: str


class ErrorBody(BaseModel):
    """The one shape of every error response."""

    error: ErrorDetail


ERROR_DOCS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description} for status, description in (
        (400, "A value the library refuses (a bad date, an unknown status)"),
        (404, "No article, actor or story with this id"),
        (422, "A parameter of the wrong type or out of range"),
        (500, "The store failed, or a bug"))}
router = APIRouter(prefix="/api", responses=ERROR_DOCS)
pages = APIRouter(include_in_schema=False)


# -- reads ------------------------------------------------------------------------------------------

@router.get("/health", summary="Whether the server is up, and whether it accepts ingests")
def health(request: Request) -> dict[str, Any]:
    """{"status": "ok", "writable": bool}."""
    return {"status": "ok", "version": _version(), "writable": served(request).token is not None}


@router.get("/stats", summary="Counts of what the store holds")
def stats(request: Request) -> dict[str, Any]:
    """Newsgraph.stats."""
    return served(request).call(lambda g: g.stats())


@router.get("/articles", summary="Stored articles, oldest first")
def articles(request: Request, wanted: PageQuery, since: Since = None, until: Until = None,
             source: Annotated[str | None, Query(description="Source name contains this.")] = None,
             contains: Annotated[str | None, Query(description="Title or text contains this.")] = None,
             language: Annotated[str | None, Query(description="ISO 639-1 code, e.g. en.")] = None,
             ) -> dict[str, Any]:
    """Newsgraph.articles, filtered by publication date, source, text or language."""
    filters = dict(since=since, until=until, source=source, contains=contains, language=language)
    return served(request).call(lambda g: page_of(g.articles(**filters, limit=wanted.limit, offset=wanted.offset),
                                                  g.count_articles(**filters), wanted))


@router.get("/articles/{key}", summary="One article with its sentences, events and quotes (with offsets)")
def article(request: Request, key: str) -> dict[str, Any]:
    """The article (by internal or external id) with offsets into its text for sentences, evidence and quotes."""
    return served(request).call(lambda g: article_detail(g, key))


def article_detail(graph: Newsgraph, key: str) -> dict[str, Any]:
    """Newsgraph.article plus the article's events and quotes; sentences as {index, paragraph, start, end}."""
    row = graph.article(key)
    row["sentences"] = [{"index": s["idx"], "paragraph": s["paragraph"], "start": s["start_char"],
                         "end": s["end_char"]} for s in row["sentences"]]
    row["events"] = graph.events(article=row["id"])
    row["quotes"] = [{**q, "start": q["start_char"], "end": q["end_char"]} for q in graph.quotes(article=row["id"])]
    return row


@router.get("/actors", summary="Actors linked across articles, most reported first")
def actors(request: Request, wanted: PageQuery,
           name: Annotated[str | None, Query(description="Name or alias contains this.")] = None,
           country: CountryFilter = None,
           type: Literal["person", "organization", "country"] | None = None) -> dict[str, Any]:
    """Newsgraph.canonical_actors, by name or alias, country (ISO alpha-3) and type."""
    rows = served(request).call(lambda g: g.canonical_actors(name=name, country=country, type=type))
    return paginated(rows, wanted)


@router.get("/actors/{key}", summary="One actor's profile (canonical id or name)")
def actor(request: Request, key: str) -> dict[str, Any]:
    """Newsgraph.actor_profile of the canonical actor with id ``key``, else of the best name match."""
    return served(request).call(lambda g: g.actor_profile(_actor_name(g, key)))


def _actor_name(graph: Newsgraph, key: str) -> str:
    """The name of the canonical actor whose id is ``key``; ``key`` itself when no id matches."""
    rows = graph.store.query("SELECT name FROM canonical_actors WHERE id = ?", [key])
    return str(rows[0]["name"]) if rows else key


@router.get("/events", summary="Extracted events, per article, in the order they happened")
def events(request: Request, wanted: PageQuery, actor: ActorFilter = None, country: CountryFilter = None,
           cameo: Annotated[str | None, Query(description="CAMEO code or prefix, e.g. 04 or 043.")] = None,
           plover: Annotated[str | None, Query(description="PLOVER category, e.g. CONSULT.")] = None,
           status: StatusFilter = None, since: Since = None, until: Until = None,
           article: ArticleFilter = None, story: StoryFilter = None) -> dict[str, Any]:
    """Newsgraph.events with the CLI's filters (and a story); each event has its evidence, offsets and place."""
    filters = {"actor": actor, "country": country, "cameo": cameo, "plover": plover, "status": status,
               "since": since, "until": until, "article": article}
    return served(request).call(lambda g: page_of(
        g.events(**filters, story=story, limit=wanted.limit, offset=wanted.offset),
        g.count_events(**filters, story=story), wanted))


@router.get("/merged-events", summary="Events merged across articles, with their mentions")
def merged_events(request: Request, wanted: PageQuery, actor: ActorFilter = None, status: StatusFilter = None,
                  since: Since = None, until: Until = None, story: StoryFilter = None) -> dict[str, Any]:
    """Newsgraph.merged_events."""
    def page(g: Newsgraph) -> dict[str, Any]:
        rows = g.merged_events(actor=actor, status=status, since=since, until=until, story=story,
                               limit=wanted.limit, offset=wanted.offset)
        return page_of(rows, g.count_merged_events(actor=actor, status=status, since=since, until=until,
                                                   story=story), wanted)

    return served(request).call(page)


@router.get("/quotes", summary="Direct quotes with their speakers")
def quotes(request: Request, wanted: PageQuery,
           speaker: Annotated[str | None, Query(description="Speaker name contains this.")] = None,
           article: ArticleFilter = None,
           about: Annotated[str | None, Query(description="Quotes that mention this actor.")] = None,
           story: StoryFilter = None) -> dict[str, Any]:
    """Newsgraph.quotes, by speaker, article, story or an actor quoted about."""
    return served(request).call(lambda g: page_of(
        g.quotes(speaker=speaker, article=article, about=about, story=story, limit=wanted.limit,
                 offset=wanted.offset), g.count_quotes(speaker=speaker, article=article, about=about, story=story),
        wanted))


@router.get("/relations", summary="Standing relations the articles state")
def relations(request: Request, wanted: PageQuery,
              actor: Annotated[str | None, Query(description="Either side's name contains this.")] = None,
              kind: Annotated[str | None, Query(description="ally, trading_partner, rival, member_of, leader_of, "
                                                            "claims or host_of.")] = None,
              article: ArticleFilter = None) -> dict[str, Any]:
    """Newsgraph.relations, by actor, kind or article."""
    filters = dict(actor=actor, kind=kind, article=article)
    return served(request).call(lambda g: page_of(g.relations(**filters, limit=wanted.limit, offset=wanted.offset),
                                                  g.count_relations(**filters), wanted))


@router.get("/stories", summary="Stories, biggest first")
def stories(request: Request, wanted: PageQuery) -> dict[str, Any]:
    """Newsgraph.stories."""
    return paginated(served(request).call(lambda g: g.stories()), wanted)


@router.get("/stories/{story}", summary="One story")
def story(request: Request, story: int) -> dict[str, Any]:
    """One row of Newsgraph.stories; 404 when there is none with this id."""
    for row in served(request).call(lambda g: g.stories()):
        if row["id"] == story:
            return row
    raise NotFoundError(f"no story {story}; GET /api/stories lists them")


@router.get("/timeline", summary="Merged events in the order they happened")
def timeline(request: Request, wanted: PageQuery, story: StoryFilter = None, actor: ActorFilter = None,
             since: Since = None, until: Until = None, status: StatusFilter = None) -> dict[str, Any]:
    """Newsgraph.timeline."""
    def page(g: Newsgraph) -> dict[str, Any]:
        rows = g.timeline(actor=actor, since=since, until=until, status=status, story=story, limit=wanted.limit,
                          offset=wanted.offset)
        return page_of(rows, g.count_merged_events(actor=actor, since=since, until=until, status=status,
                                                   story=story), wanted)

    return served(request).call(page)


@router.get("/network", summary="The actor network of merged events")
def network(request: Request, story: StoryFilter = None) -> dict[str, Any]:
    """Newsgraph.network; edges as {source, target, quad_class, count, goldstein, first, last}."""
    found = served(request).call(lambda g: g.network(story=story))
    renamed = {"goldstein_mean": "goldstein", "first_date": "first", "last_date": "last"}
    edges = [{renamed.get(k, k): v for k, v in edge.items()} for edge in found["edges"]]
    return {"nodes": found["nodes"], "edges": edges}


@router.get("/summary", summary="A sourced summary of a story, an actor or the whole store")
def summary(request: Request, story: Annotated[int | None, Query(description="Summarize this story.")] = None,
            actor: Annotated[str | None, Query(description="Summarize what this actor did and said.")] = None,
            sentences: Annotated[int, Query(ge=1, le=50, description="Sentences in the summary.")] = 5,
            ) -> dict[str, Any]:
    """Newsgraph.summary."""
    return served(request).call(lambda g: g.summary(story=story, actor=actor, sentences=sentences))


@router.get("/export", summary="The store as a download", response_class=FileResponse)
def export(request: Request, format: ExportFormat = "json") -> FileResponse:
    """json, graphml, gexf or gdelt as one file; csv or parquet as a zip of every table."""
    folder = Path(tempfile.mkdtemp(prefix="newsgraph-export-"))
    try:
        path, media, name = served(request).call(lambda g: write_export(g, format, folder))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(path, media_type=media, filename=name,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))


def write_export(graph: Newsgraph, fmt: str, folder: Path) -> tuple[Path, str, str]:
    """Write the export into ``folder``; return (file, media type, download name)."""
    if fmt in EXPORT_TYPES:
        media, name = EXPORT_TYPES[fmt]
        graph.export(folder / name, fmt)
        return folder / name, media, name
    (folder / "tables").mkdir()
    written = graph.export_tables(folder / "tables", fmt)
    archive = folder / f"newsgraph-{fmt}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in written:
            zipped.write(path, path.name)
    return archive, "application/zip", archive.name


# -- ingest -----------------------------------------------------------------------------------------

class ArticleIn(BaseModel):
    """One article to ingest, as POST /api/articles takes it in a JSON body."""

    model_config = ConfigDict(extra="forbid")

    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    id: str | None = None


POSTED = TypeAdapter(ArticleIn | list[ArticleIn])
POST_BODY_DOC: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"oneOf": [
        {"$ref": "#/components/schemas/ArticleIn"},
        {"type": "array", "items": {"$ref": "#/components/schemas/ArticleIn"}}]}},
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}}}


def require_token(request: Request) -> None:
    """Let a request through only with the server's bearer token (403 when the server has none)."""
    expected = served(request).token
    if expected is None:
        raise HTTPException(403, "this server accepts no ingests: start it with NEWSGRAPH_TOKEN set")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(401, "missing or wrong token: send `Authorization: Bearer <token>`",
                            headers={"WWW-Authenticate": "Bearer"})


@router.post("/articles", summary="Ingest articles (JSON body or file upload); needs the bearer token",
             dependencies=[Depends(require_token)], openapi_extra=POST_BODY_DOC)
async def post_articles(request: Request) -> dict[str, Any]:
    """Ingest a JSON article (or list of them) or uploaded files in any format ingest reads; the ingest report."""
    held = served(request)
    body = await read_limited(request, held.max_upload_bytes)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    with staging() as folder:
        if kind == "multipart/form-data":
            names = await stage_uploads(replayed(request, body), folder)
        elif kind in ("application/json", ""):
            names = stage_json(body, folder)
        else:
            raise HTTPException(415, f"content type {kind!r} is not accepted; send application/json or "
                                     "multipart/form-data")
        report = await run_in_threadpool(held.write, lambda g: ingest_staged(g, names))
    return report_json(report, names)


def ingest_staged(graph: Newsgraph, names: dict[str, str]) -> IngestReport:
    """Ingest the staged files; stored articles name their origin as the client did, not by a server path."""
    report = graph.ingest(list(names))
    if report.stored:
        graph.rename_origins(names)
    return report


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it is longer than ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the upload is {int(declared):,} bytes, over this server's limit of {limit:,}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the upload is over this server's limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def replayed(request: Request, body: bytes) -> Request:
    """A request whose body is ``body``, already read (and size-checked) from ``request``."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)


@contextmanager
def staging() -> Iterator[Path]:
    """A private temporary folder for the files of one POST, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="newsgraph-post-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def stage_json(body: bytes, folder: Path) -> dict[str, str]:
    """Write the posted JSON articles as one .json file; map its path to the name problems report."""
    try:
        posted = POSTED.validate_json(body or b"null")
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from exc
    records = posted if isinstance(posted, list) else [posted]
    if not records:
        raise UsageError("the JSON body is an empty list; send an article object or a list of them")
    # The file stem becomes the external id of articles posted without one, so make it unique.
    path = folder / f"api-{uuid.uuid4().hex[:8]}.json"
    path.write_text(json.dumps([r.model_dump(exclude_none=True) for r in records], ensure_ascii=False),
                    encoding="utf-8")
    return {str(path): "body"}


async def stage_uploads(request: Request, folder: Path) -> dict[str, str]:
    """Write each uploaded file under a safe name; map its path to the name the client gave."""
    form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=MAX_UPLOAD_FILES)
    uploads = [value for _, value in form.multi_items() if isinstance(value, UploadFile)]
    if not uploads:
        raise UsageError("the multipart form has no file; send one or more as the field `file`")
    names: dict[str, str] = {}
    for number, upload in enumerate(uploads, 1):
        given = upload.filename or f"upload-{number}"
        path = folder / f"{number:02d}" / safe_name(given)
        path.parent.mkdir()
        path.write_bytes(await upload.read())
        names[str(path)] = given
    await form.close()
    return names


def safe_name(given: str) -> str:
    """A file name without folders or odd characters, keeping the extension ingest reads the format from."""
    base = re.split(r"[\\/]", given)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip(".-")
    return cleaned[:120] or "upload.txt"


def report_json(report: IngestReport, names: dict[str, str]) -> dict[str, Any]:
    """The ingest report as JSON, naming inputs as the client sent them, never by server paths."""
    def client_name(where: str) -> str:
        for path, name in names.items():
            if where.startswith(path):
                return name + where[len(path):]
        return where

    return {"stored": report.stored, "duplicates": report.duplicates, "skipped": report.skipped,
            "read": report.read, "not_english": report.not_english, "stored_ids": report.stored_ids,
            "problems": [{"input": client_name(p.where), "reason": p.reason, "severity": p.severity}
                         for p in report.problems]}


# -- the page and the docs --------------------------------------------------------------------------

@pages.get("/")
def index() -> FileResponse:
    """The web page."""
    page_file = WEB_DIR / "index.html"
    if not page_file.is_file():
        raise HTTPException(404, "the web page is not installed; the API is under /api (see /docs)")
    return FileResponse(page_file, media_type="text/html")


@pages.get("/static/vendor/worldmap.svg")
def world_map() -> Response:
    """The world map (countries as <g class="xx country">) shipped by the pygal_maps_world package."""
    svg = resources.files("pygal_maps_world").joinpath("worldmap.svg").read_bytes()
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


@pages.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """The API reference, rendered here from the OpenAPI schema (no script, no CDN)."""
    return HTMLResponse(render_docs(request.app.openapi()))


def render_docs(schema: dict[str, Any]) -> str:
    """The OpenAPI schema as one HTML page: each operation with its parameters; every value escaped."""
    info = schema.get("info", {})
    parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{_e(info.get('title'))} API"
             f"</title></head><body><h1>{_e(info.get('title'))} {_e(info.get('version'))} API</h1>"
             f"<p>{_e(info.get('description'))}</p><p>Machine-readable: <a href=\"/openapi.json\">/openapi.json"
             "</a>. Lists take <code>limit</code> and <code>offset</code> and return <code>{items, total, limit, "
             "offset}</code>; errors are <code>{\"error\": {\"code\", \"message\"}}</code>.</p>"]
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            parts.append(_operation_html(method, path, operation))
    parts.append("</body></html>")
    return "".join(parts)


def _operation_html(method: str, path: str, operation: dict[str, Any]) -> str:
    """One operation as a heading, its description and a table of its parameters."""
    rows = "".join(
        f"<tr><td><code>{_e(p.get('name'))}</code></td><td>{_e(p.get('in'))}</td>"
        f"<td>{_e(_type_of(p.get('schema', {})))}</td><td>{'yes' if p.get('required') else ''}</td>"
        f"<td>{_e(p.get('description') or p.get('schema', {}).get('description'))}</td></tr>"
        for p in operation.get("parameters", []))
    table = ("<table><tr><th>parameter</th><th>in</th><th>type</th><th>required</th><th>about</th></tr>"
             f"{rows}</table>") if rows else ""
    body = " Body: " + ", ".join(_e(k) for k in operation["requestBody"]["content"]) if (
        "requestBody" in operation) else ""
    return (f"<section><h2><code>{_e(method.upper())} {_e(path)}</code></h2><p>{_e(operation.get('summary'))}. "
            f"{_e(operation.get('description'))}{body}</p>{table}</section>")


def _type_of(schema: dict[str, Any]) -> str:
    """A short type name from a JSON schema (enums listed, unions joined)."""
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        return " | ".join(_type_of(s) for s in schema["anyOf"] if s.get("type") != "null")
    return str(schema.get("type", "any"))


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


__all__ = ["create_app"]
