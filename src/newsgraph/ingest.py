"""Readers: turn files, folders, globs and stdin into :class:`Article` records.

Every reader yields ``Article`` or ``Problem`` records; nothing here raises for
a bad input: the input is named in a ``Problem`` and the next one is read.
Formats: plain text, HTML (trafilatura), RSS/Atom (feedparser), JSON Lines,
JSON, CSV/TSV, Parquet and WARC (warcio, as in Common Crawl's CC-NEWS).

Inputs are streamed so memory is bounded by a record, not by the corpus: folders
are walked lazily one directory at a time, JSON Lines a line at a time, CSV a
row at a time, Parquet a row group at a time and WARC a record at a time.
"""

from __future__ import annotations

import codecs
import csv
import glob
import hashlib
import io
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from newsgraph.dates import find_dateline, parse_date
from newsgraph.errors import InputError
from newsgraph.language import detect_language
from newsgraph.records import Article, PartialDate, Precision, Problem

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

FORMATS: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "tsv",
    ".parquet": "parquet",
    ".warc": "warc", ".warc.gz": "warc",
}

# Column names accepted for each article field in tabular inputs, in order of preference.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "guid"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article"),
    "url": ("url", "link"),
    "published": ("published", "date", "pubdate", "published_at", "publication_date"),
    "source": ("source", "site", "publisher", "outlet"),
    "author": ("author", "byline", "authors"),
}

BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read.

    ``published`` and ``source`` are defaults for inputs that state none;
    ``max_bytes`` limits each article file and each record's text.
    """

    published: PartialDate | None = None
    source: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


Item = Article | Problem


# -- discovery -----------------------------------------------------------------


def discover(inputs: Sequence[str]) -> Iterator[Path | str | Problem]:
    """Expand inputs into files (``"-"`` stays as stdin), folders recursively, globs."""
    for raw in inputs:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw).expanduser()
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(str(path), recursive=True))
            if not matches:
                yield Problem(raw, "no file matches this pattern")
            for match in matches:
                yield from discover([match])
        else:
            yield Problem(raw, "no such file or folder")


def _walk(folder: Path, visited: set[tuple[int, int]] | None = None) -> Iterator[Path | Problem]:
    """Files under ``folder``, depth first in name order, skipping hidden files and folders.

    Lazy: only one directory's names are held at a time (sorted, so runs are
    repeatable), never the list of every file of a corpus.
    """
    visited = set() if visited is None else visited
    try:
        stat = folder.stat()
        if (stat.st_dev, stat.st_ino) in visited:  # a link back up the tree would walk for ever
            yield Problem(str(folder), "folder already walked (a symbolic link leads back to it); skipped",
                          "warning")
            return
        visited.add((stat.st_dev, stat.st_ino))
        with os.scandir(folder) as scan:
            entries = sorted((entry.name, _is_folder(entry)) for entry in scan if not entry.name.startswith("."))
    except OSError as exc:
        yield Problem(str(folder), f"cannot list the folder ({exc.strerror or exc})")
        return
    for name, is_folder in entries:
        path = folder / name
        if is_folder:
            yield from _walk(path, visited)
        else:
            yield path  # a broken link is reported by its reader


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # unreadable entry: let its reader name the problem
        return False


def format_of(path: Path) -> str | None:
    """The reader name for a path's extension (``.warc.gz`` included), or None when unsupported."""
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return FORMATS.get(path.suffix.lower())


# -- reading ---------------------------------------------------------------------


def read_inputs(inputs: Sequence[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Read every input, yielding articles and problems in input order."""
    options = options or ReadOptions()
    for found in discover(inputs):
        yield from read_found(found, options)


def read_found(found: Path | str | Problem, options: ReadOptions) -> Iterator[Item]:
    """Read one input :func:`discover` found: a file, ``"-"`` (stdin), or the problem it met."""
    if isinstance(found, Problem):
        yield found
    elif found == "-":
        yield from read_stdin(options)
    else:
        yield from read_path(Path(found), options)


def read_path(path: Path, options: ReadOptions) -> Iterator[Item]:
    """Read one file with the reader its extension names; problems never raise."""
    where = str(path)
    kind = format_of(path)
    if kind is None:
        supported = ", ".join(sorted(FORMATS))
        yield Problem(where, f"unsupported file extension {path.suffix or '(none)'!r}; supported: {supported}")
        return
    try:
        if kind in STREAMING_READERS:
            yield from STREAMING_READERS[kind](path, options)
        else:
            data = _read_limited(path, options.max_bytes)
            yield from WHOLE_READERS[kind](data, where, path.stem, options)
    except InputError as exc:
        yield Problem(exc.where, exc.reason)
    except Exception as exc:
        yield Problem(where, f"could not be read ({type(exc).__name__}: {exc})")


def read_stdin(options: ReadOptions, stream: BinaryIO | None = None) -> Iterator[Item]:
    """Read standard input, guessing its format from its first bytes."""
    stream = stream or sys.stdin.buffer
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield Problem("<stdin>", _too_big(len(data), options.max_bytes, at_least=True))
        return
    kind = sniff_format(data)
    try:
        if kind == "jsonl":
            yield from read_jsonl_lines(io.BytesIO(data), "<stdin>", "stdin", options)
        else:
            yield from WHOLE_READERS[kind](data, "<stdin>", "stdin", options)
    except InputError as exc:
        yield Problem(exc.where, exc.reason)
    except Exception as exc:  # a reader's failure is reported, never raised
        yield Problem("<stdin>", f"could not be read ({type(exc).__name__}: {exc})")


def sniff_format(data: bytes) -> str:
    """Guess the format of unnamed input: jsonl, feed, html or text."""
    body = data.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
    head = body[:2048].lower()
    if head.startswith(b"{") and _parses_as_json(body.split(b"\n", 1)[0]):
        return "jsonl"
    if head.startswith(b"[") and _parses_as_json(body):
        return "json"
    if head.startswith(b"<"):
        return "feed" if re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head) else "html"
    return "text"


def _parses_as_json(data: bytes) -> bool:
    try:
        json.loads(data.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError):
        return False
    return True


def _read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or an InputError when unreadable or over the size limit."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(str(path), _too_big(size, max_bytes))
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc


def _too_big(size: int, limit: int, at_least: bool = False) -> str:
    more = "over " if at_least else ""
    return (f"{more}{_bytes(size)}, over the limit of {_bytes(limit)} for one article "
            "(raise it with --max-bytes)")


def _bytes(size: int) -> str:
    """A byte count for people: 812 bytes, 4.2 kB, 52.4 MB."""
    if size < 1000:
        return f"{size:,} bytes"
    return f"{size / 1e3:,.1f} kB" if size < 1_000_000 else f"{size / 1e6:,.1f} MB"


# -- bytes to text -------------------------------------------------------------------


def binary_kind(data: bytes) -> str | None:
    """Say what binary data looks like, or None when it looks like text."""
    for signature, name in BINARY_SIGNATURES:
        if data.startswith(signature):
            return name
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary data (it contains NUL bytes)"
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    if sample and controls / len(sample) > 0.05:
        return "binary data (too many control characters)"
    return None


def decode(data: bytes, where: str) -> tuple[str, Problem | None]:
    """Decode bytes as UTF-8, falling back to cp1252 then latin-1 with a warning."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        first_bad = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, Problem(where, f"not valid UTF-8 ({first_bad}); decoded as {encoding}", "warning")
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def text_of(data: bytes, where: str) -> tuple[str, Problem | None]:
    """Decoded text of an input, or an InputError when it is empty or binary."""
    if not data.strip():
        raise InputError(where, "empty input (no text)")
    kind = binary_kind(data)
    if kind:
        raise InputError(where, f"binary file, not text: looks like {kind}")
    return decode(data, where)


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def clean_text(text: str) -> str:
    """The text as stored: NFC, Unix newlines, no zero-width marks, at most one blank line."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_ZERO_WIDTH).replace("\u00a0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def content_id(text: str) -> str:
    """Stable internal id: a hash of the text with case, width and spacing normalised."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    normal = " ".join(normal.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


# -- building articles ----------------------------------------------------------------


def make_article(fields: Mapping[str, Any], where: str, options: ReadOptions) -> Item:
    """An Article from reader fields (text, title, external_id, ...), or a Problem."""
    text = clean_text(str(fields.get("text") or ""))
    if not text:
        return Problem(where, "no article text")
    if not any(char.isalpha() for char in text[:10000]):
        return Problem(where, "no words in the text (no letters at all)")
    size = len(text.encode("utf-8"))
    if size > options.max_bytes:
        return Problem(where, _too_big(size, options.max_bytes))
    title = " ".join(str(fields.get("title") or "").split())
    published = fields.get("published") or options.published
    language, _ = detect_language(text)
    return Article(
        id=content_id(text),
        external_id=str(fields["external_id"]) if fields.get("external_id") is not None else content_id(text),
        title=title or _first_words(text),
        text=text,
        published=published,
        url=_optional(fields.get("url")),
        source=_optional(fields.get("source")) or options.source or _host(fields.get("url")),
        author=_optional(fields.get("author")),
        origin=where,
        language=language,
        meta=dict(fields.get("meta") or {}),
    )


def _first_words(text: str, limit: int = 12) -> str:
    words = text.split()
    return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


def _host(url: Any) -> str | None:
    """The site of a URL without ``www.``, as the source of last resort."""
    from urllib.parse import urlsplit

    host = urlsplit(str(url)).hostname if url else None
    return host.removeprefix("www.") if host else None


def _optional(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _with_warning(item: Item, warning: Problem | None) -> Iterator[Item]:
    if warning is not None:
        yield warning
        if isinstance(item, Article):
            item.notes.append(warning.reason)
    yield item


# -- whole-file readers ----------------------------------------------------------------


def read_text(data: bytes, where: str, stem: str, options: ReadOptions) -> Iterator[Item]:
    """Plain text: the first line is the headline; a date line near the top is the date."""
    text, warning = text_of(data, where)
    lines = clean_text(text).split("\n")
    title, body = lines[0].strip(), lines[1:]
    fields = {"title": title, "text": "\n".join(body), "external_id": stem, "published": find_dateline(body)}
    if not "\n".join(body).strip():
        fields["text"] = title  # a one-line file is all text, no headline
    yield from _with_warning(make_article(fields, where, options), warning)


def read_html(data: bytes, where: str, stem: str, options: ReadOptions) -> Iterator[Item]:
    """An HTML page: trafilatura finds the article and its metadata in the boilerplate."""
    fields, warning = html_fields(data, where, stem)
    yield from _with_warning(make_article(fields, where, options), warning)


def html_fields(data: bytes, where: str, stem: str) -> tuple[dict[str, Any], Problem | None]:
    """Article fields of an HTML page (and a decoding warning); InputError when it holds no article."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    html, warning = text_of(data, where)
    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    document: dict[str, Any] = dict(found) if isinstance(found, dict) else found.as_dict() if found else {}
    text = _without_headline(document.get("text") or "", document.get("title") or "")
    if len(text.split()) < 20:
        raise InputError(where, "no article text found in the HTML (only navigation or boilerplate)")
    published = parse_date(str(document["date"])) if document.get("date") else None
    fields = {
        "title": document.get("title"), "text": text, "external_id": stem, "published": published,
        "url": document.get("url"), "source": document.get("sitename"), "author": document.get("author"),
    }
    return fields, warning


def _without_headline(text: str, title: str) -> str:
    """The text without a first line that repeats the headline (trafilatura keeps the <h1>)."""
    first, _, rest = text.partition("\n")
    if title and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return text


def read_feed(data: bytes, where: str, stem: str, options: ReadOptions) -> Iterator[Item]:
    """An RSS or Atom feed: one article per entry, from its content or summary."""
    import feedparser

    _, warning = text_of(data, where)
    feed = feedparser.parse(io.BytesIO(data))  # bytes alone may be taken for a path or URL
    if not feed.entries:
        reason = f"malformed feed ({feed.bozo_exception})" if feed.bozo else "feed has no entries"
        raise InputError(where, reason)
    if feed.bozo:
        yield Problem(where, f"feed is not well-formed ({feed.bozo_exception}); read what could be recovered",
                      "warning")
    elif warning:
        yield warning
    source = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, 1):
        yield make_article(_feed_fields(entry, stem, number, source), f"{where}#{number}", options)


def _feed_fields(entry: Any, stem: str, number: int, source: str | None) -> dict[str, Any]:
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    # The date as the feed writes it, in its own time zone; feedparser's *_parsed are in UTC.
    stated = entry.get("published") or entry.get("updated")
    published = _parse_optional_date(stated) or _parse_optional_date(
        entry.get("published_parsed") or entry.get("updated_parsed"))
    return {
        "title": entry.get("title"), "text": html_to_text(html),
        "external_id": entry.get("id") or entry.get("link") or f"{stem}#{number}",
        "url": entry.get("link"), "published": published, "author": entry.get("author"), "source": source,
    }


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment, one paragraph per block element."""
    if "<" not in fragment:
        return fragment
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(f"<div>{fragment}</div>")
    except (ValueError, lxml_html.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", fragment)
    for element in root.iter("script", "style"):
        element.drop_tree()
    for node in root.iter():
        node.text = _one_line(node.text)
        node.tail = _one_line(node.tail)
    for element in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"):
        element.tail = "\n\n" + (element.tail or "")
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    paragraphs = (" ".join(p.split()) for p in str(root.text_content()).split("\n\n"))
    return clean_text("\n\n".join(p for p in paragraphs if p))


def _one_line(text: str | None) -> str | None:
    """Source layout whitespace (newlines, indentation) as single spaces."""
    return re.sub(r"\s+", " ", text) if text else text


def read_json(data: bytes, where: str, stem: str, options: ReadOptions) -> Iterator[Item]:
    """A .json file: an array of article objects, one object, or JSON Lines."""
    text, warning = text_of(data, where)
    if warning:
        yield warning
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        yield from read_jsonl_lines(io.BytesIO(data), where, stem, options)
        return
    records = value if isinstance(value, list) else [value]
    if not records:
        raise InputError(where, "no records (an empty JSON array)")
    for number, record in enumerate(records, 1):
        yield record_article(record, f"{where}#{number}", f"{stem}-{number}", options)


# -- streaming readers ---------------------------------------------------------------------


def read_jsonl(path: Path, options: ReadOptions) -> Iterator[Item]:
    """JSON Lines, one article object a line; a bad line is reported and skipped."""
    try:
        with path.open("rb") as handle:
            yield from read_jsonl_lines(handle, str(path), path.stem, options)
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc


def read_jsonl_lines(handle: BinaryIO, where: str, stem: str, options: ReadOptions) -> Iterator[Item]:
    """Articles from the lines of an open JSON Lines stream."""
    seen_any = False
    for number, raw in enumerate(handle, 1):
        if not raw.strip():
            continue
        seen_any = True
        at = f"{where}:{number}"
        line, warning = decode(raw, at)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(at, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        except (ValueError, RecursionError) as exc:
            yield Problem(at, f"malformed JSON ({type(exc).__name__}: {exc})")
            continue
        yield from _with_warning(record_article(record, at, f"{stem}-{number}", options), warning)
    if not seen_any:
        raise InputError(where, "empty input (no lines)")


def read_delimited(path: Path, options: ReadOptions) -> Iterator[Item]:
    """CSV or TSV with a header row naming the columns, streamed a row at a time."""
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    csv.field_size_limit(max(options.max_bytes, 131072))
    try:
        encoding, warning = file_encoding(path)
        handle = path.open(encoding=encoding, newline="")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    if warning:
        yield warning
    with handle:
        yield from _delimited_rows(csv.DictReader(handle, delimiter=delimiter), path, options)


def _delimited_rows(reader: csv.DictReader[str], path: Path, options: ReadOptions) -> Iterator[Item]:
    """Articles from the rows of a CSV reader; a malformed row ends the file with a problem."""
    _require_text_column(reader.fieldnames or [], str(path))
    rows = 0
    try:
        line = reader.line_num + 1
        for row in reader:
            rows += 1
            yield record_article(row, f"{path}:{line}", f"{path.stem}-{line}", options)
            line = reader.line_num + 1
    except csv.Error as exc:
        yield Problem(f"{path}:{reader.line_num}", f"malformed CSV ({exc}); the rest of the file is skipped")
        return
    if not rows:
        raise InputError(str(path), "no records (only a header row)")


def file_encoding(path: Path, chunk: int = 1 << 20) -> tuple[str, Problem | None]:
    """The encoding a whole file decodes with (UTF-8, else cp1252, else latin-1) and a warning for a fallback.

    Checked a chunk at a time so a large file can then be streamed; InputError when
    the file is empty or binary.
    """
    where = str(path)
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head.strip() and path.stat().st_size <= len(head):
        raise InputError(where, "empty input (no text)")
    kind = binary_kind(head)
    if kind:
        raise InputError(where, f"binary file, not text: looks like {kind}")
    bad = _first_undecodable(path, "utf-8-sig", chunk)
    if bad is None:
        return "utf-8-sig", None
    first_bad = f"byte 0x{bad[1]:02x} at offset {bad[0]}"
    encoding = "cp1252" if _first_undecodable(path, "cp1252", chunk) is None else "latin-1"
    return encoding, Problem(where, f"not valid UTF-8 ({first_bad}); decoded as {encoding}", "warning")


def _first_undecodable(path: Path, encoding: str, chunk: int) -> tuple[int, int] | None:
    """(offset, byte) of the first byte ``encoding`` cannot decode in the file, or None."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as handle:
        while True:
            data = handle.read(chunk)
            held = bytes(decoder.getstate()[0])  # an incomplete character carried over from the last chunk
            try:
                decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                whole = held + data  # the error's offsets count from the carried bytes
                return offset - len(held) + exc.start, whole[exc.start]
            if not data:
                return None
            offset += len(data)


def read_parquet(path: Path, options: ReadOptions) -> Iterator[Item]:
    """Parquet, read a row group at a time (in batches) so memory stays bounded.

    A row group that cannot be read is reported; the other groups are still read.
    """
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"not a readable Parquet file ({exc})") from exc
    with table:  # closes the file even when the reader is abandoned half way
        _require_text_column(table.schema_arrow.names, str(path))
        start = 0
        for group in range(table.num_row_groups):
            yield from _parquet_group(table, group, start, path, options)
            start += table.metadata.row_group(group).num_rows


def _parquet_group(table: Any, group: int, start: int, path: Path, options: ReadOptions) -> Iterator[Item]:
    """Articles of one row group, numbered from ``start`` + 1; a problem for the rows it cannot read."""
    row = start
    try:
        for batch in table.iter_batches(batch_size=512, row_groups=[group]):
            for record in batch.to_pylist():
                row += 1
                yield record_article(record, f"{path}#{row}", f"{path.stem}-{row}", options)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError, its IO errors OSErrors
        end = start + table.metadata.row_group(group).num_rows
        cause = " ".join(str(exc).split())
        yield Problem(f"{path}#{row + 1}", f"row group {group + 1} of {table.num_row_groups} cannot be read "
                                           f"({type(exc).__name__}: {cause}); its rows {row + 1}-{end} are "
                                           "skipped, the other row groups are read")


def read_warc(path: Path, options: ReadOptions) -> Iterator[Item]:
    """WARC or WARC.gz (as Common Crawl's CC-NEWS): one article per HTML response record with status 200.

    Other response records (errors, redirects, non-HTML) are reported and skipped;
    request, metadata and warcinfo records are not articles and are passed over.
    A truncated or corrupt archive keeps every record read before the break.
    """
    from warcio.archiveiterator import ArchiveIterator

    where = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(where, f"cannot read the file ({exc.strerror or exc})") from exc
    with handle:
        number, responses = 0, 0
        try:
            for number, record in enumerate(ArchiveIterator(handle), 1):
                if record.rec_type == "response":
                    responses += 1
                    yield from _warc_response(record, where, number, options)
        except Exception as exc:  # warcio raises many kinds on a broken archive (zlib, EOF, parse errors)
            yield Problem(f"{where}#{number + 1}", f"the archive is broken after record {number}: it ends "
                                                   "mid-record or holds bytes that are not WARC "
                                                   f"({type(exc).__name__}); the records before it were read")
            return
    if not responses:
        raise InputError(where, f"no response records among its {number} WARC records (nothing to read)")


def _warc_response(record: Any, where: str, number: int, options: ReadOptions) -> Iterator[Item]:
    """The article of one WARC response record, or a problem naming the file and the record's URI."""
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"record {number}"
    at = f"{where}#{uri}"
    http = record.http_headers
    if http is None or not http.protocol:
        yield Problem(at, "the record has no HTTP headers (it is truncated, or not an HTTP response); skipped")
        return
    status, content_type = http.get_statuscode(), http.get_header("Content-Type") or ""
    if status != "200":
        stated = f"HTTP status {status}, not 200 (no article)" if status else "no HTTP status (a truncated record?)"
        yield Problem(at, f"{stated}; skipped")
        return
    if "html" not in content_type.lower():
        yield Problem(at, f"content type {content_type or 'not stated'!r} is not HTML; skipped")
        return
    try:
        data = record.content_stream().read(options.max_bytes + 1)
    except Exception as exc:  # a truncated record, a bad chunked or gzip body
        yield Problem(at, f"the record's page cannot be read ({type(exc).__name__}: {exc}); skipped")
        return
    if len(data) > options.max_bytes:
        yield Problem(at, _too_big(len(data), options.max_bytes, at_least=True))
        return
    missing = getattr(record.raw_stream, "limit", 0)  # bytes the record's length promised but the file lacks
    if missing:
        yield Problem(at, f"the record is truncated ({missing:,} bytes of it are missing); skipped")
        return
    try:
        fields, warning = html_fields(_as_utf8(data, content_type), at, uri)
    except InputError as exc:
        yield Problem(exc.where, exc.reason)
        return
    except Exception as exc:  # one page that breaks the HTML extractor must not end the rest of the archive
        yield Problem(at, f"the page could not be extracted ({type(exc).__name__}: {exc}); skipped")
        return
    yield from _with_warning(make_article(_warc_fields(fields, record, uri), at, options), warning)


def _warc_fields(fields: dict[str, Any], record: Any, uri: str) -> dict[str, Any]:
    """Article fields of a WARC page: the fetched URI is its url and id; the crawl date goes to meta."""
    meta = {"warc_date": record.rec_headers.get_header("WARC-Date"),
            "warc_record_id": record.rec_headers.get_header("WARC-Record-ID")}
    if fields.get("url") and fields["url"] != uri:
        meta["canonical_url"] = fields["url"]
    # The crawl date is not the publication date (pages are fetched days or years later): kept, not used.
    return {**fields, "url": uri, "external_id": uri, "meta": {k: v for k, v in meta.items() if v}}


def _as_utf8(data: bytes, content_type: str) -> bytes:
    """The page as UTF-8 when its HTTP header names another charset that decodes it; else unchanged."""
    found = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    if not found:
        return data
    try:
        if codecs.lookup(found.group(1)).name == "utf-8":
            return data
        return data.decode(found.group(1)).encode("utf-8")
    except (LookupError, UnicodeDecodeError):  # a wrong or unknown header: let the decoder guess
        return data


def _require_text_column(columns: Iterable[str], where: str) -> None:
    names = {str(name).strip().lower() for name in columns}
    if not names & set(COLUMNS["text"]):
        listed = ", ".join(sorted(names)) or "none"
        raise InputError(where, f"no text column (looked for {', '.join(COLUMNS['text'])}; found {listed})")


def record_article(record: Any, where: str, fallback_id: str, options: ReadOptions) -> Item:
    """An Article from one JSON/CSV/Parquet record with the columns in COLUMNS."""
    if not isinstance(record, dict):
        return Problem(where, f"expected an object with a text field, got {type(record).__name__}")
    lowered = {str(key).strip().lower(): value for key, value in record.items() if key is not None}
    picked = {name: _pick(lowered, aliases) for name, aliases in COLUMNS.items()}
    used = {alias for aliases in COLUMNS.values() for alias in aliases}
    meta = {key: _jsonable(value) for key, value in lowered.items() if key not in used and value not in (None, "")}
    published = picked["published"]
    external_id = picked["id"] if picked["id"] is not None else fallback_id
    fields = {**picked, "external_id": external_id, "meta": meta,
              "published": _parse_optional_date(published)}
    article = make_article(fields, where, options)
    if published and fields["published"] is None and isinstance(article, Article):
        article.notes.append(f"publication date {published!r} not understood")
    return article


def _pick(record: Mapping[str, Any], aliases: tuple[str, ...]) -> Any:
    for alias in aliases:
        value = record.get(alias)
        if value not in (None, ""):
            return value
    return None


def _parse_optional_date(value: Any) -> PartialDate | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return PartialDate(value.isoformat()[:10], Precision.DAY)
    if isinstance(value, time.struct_time):
        return PartialDate(date(*value[:3]).isoformat(), Precision.DAY)
    return parse_date(str(value))


def _jsonable(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return str(value)


WholeReader = Callable[[bytes, str, str, ReadOptions], Iterator[Item]]
StreamReader = Callable[[Path, ReadOptions], Iterator[Item]]

WHOLE_READERS: dict[str, WholeReader] = {
    "text": read_text, "html": read_html, "feed": read_feed, "json": read_json,
}
STREAMING_READERS: dict[str, StreamReader] = {
    "jsonl": read_jsonl, "csv": read_delimited, "tsv": read_delimited, "parquet": read_parquet,
    "warc": read_warc,
}
