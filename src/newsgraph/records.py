"""Plain typed records that travel between pipeline stages.

Nothing here knows about spaCy or DuckDB: stages hand these records to each
other (and across process boundaries), so they hold only built-in types.
Character offsets always index into the article's stored ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Precision(StrEnum):
    """How much of a date the source actually states."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known only to some precision.

    ``iso`` is ISO 8601 at that precision: ``2019-01-08``, ``2019-01`` or ``2019``.
    """

    iso: str
    precision: Precision

    @property
    def start(self) -> str:
        """The first day the date covers, as ``YYYY-MM-DD`` (for sorting and filters)."""
        parts = self.iso.split("-")
        while len(parts) < 3:
            parts.append("01")
        return "-".join(parts)


@dataclass(slots=True)
class Article:
    """One news article as read from a source, before parsing.

    ``id`` is the stable content hash of the normalised text (see
    :func:`newsgraph.ingest.content_id`); ``external_id`` is the id the source
    gave it (an ``id`` column, or the file's stem).
    """

    id: str
    external_id: str
    title: str
    text: str
    published: PartialDate | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    origin: str = ""  # the path, URL or "<stdin>" the article was read from, with a locator
    language: str = "und"
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # non-fatal remarks made while reading


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article: its index, paragraph and character span."""

    idx: int
    paragraph: int
    start: int
    end: int


@dataclass(slots=True)
class Token:
    """A token with what later stages need of the parse.

    ``head`` is the index of the head token within the article; ``ent_iob`` is
    ``B``, ``I`` or ``O``. Not frozen, unlike the other records: one is built for every token of every
    article, and a frozen dataclass takes six times as long to build. Treat it as read-only all the same.
    """

    idx: int
    sent: int
    start: int
    end: int
    text: str
    ws: bool
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_iob: str
    ent_type: str
    morph: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity span: token range [start_token, end_token) and char span."""

    idx: int
    sent: int
    start: int
    end: int
    start_token: int
    end_token: int
    label: str
    text: str


@dataclass(slots=True)
class Parse:
    """Everything stored of one article's spaCy parse, as plain records."""

    article_id: str
    sentences: list[Sentence]
    tokens: list[Token]
    entities: list[Entity]
    model: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """An input (or part of one) that could not be ingested, and why.

    ``where`` names the input: a path, optionally with ``:line`` or ``#entry``.
    ``severity`` is ``error`` (the input was skipped) or ``warning`` (it was
    ingested, but something is worth knowing).
    """

    where: str
    reason: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did: counts and every problem met, in order."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    not_english: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    stored_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no input was skipped."""
        return self.skipped == 0

    def summary(self) -> str:
        """One line for people: what was stored, what was already there, what failed."""
        parts = [f"{self.stored} article{'s' if self.stored != 1 else ''} stored"]
        if self.duplicates:
            parts.append(f"{self.duplicates} already stored (nothing added)")
        if self.not_english:
            parts.append(f"{self.not_english} not English (stored, not parsed)")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        warnings = sum(1 for p in self.problems if p.severity == "warning")
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        return ", ".join(parts)


@dataclass(slots=True)
class DocActor:
    """An actor of one document: a person, organisation or country.

    ``key`` is unique within the document (``person:kim jong-un``); ``roles``
    holds ``(title, country)`` pairs the text gives it ("Chinese President").
    """

    key: str
    name: str
    type: str  # person | organization | country
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[tuple[str, str | None]] = field(default_factory=list)
    gender: str | None = None  # "m" / "f" when the text says (Mr., she), else None
    source: str = "text"  # "text", "dictionary" or "text+dictionary"


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A span of text that refers to a document actor, and how it was resolved.

    ``kind``: name, short (Mr. Kim), title (the Chinese leader), pronoun,
    country, capital (Beijing for China's government), demonym, organization.
    ``head`` is the index of the span's syntactic head token.
    """

    idx: int
    sent: int
    start: int
    end: int
    start_token: int
    end_token: int
    head: int
    text: str
    actor: str  # DocActor.key
    kind: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, when and where, with the evidence and the rule that found it.

    ``source`` and ``target`` are :class:`DocActor` keys of the same document.
    ``date`` is when the event happened (ISO 8601 at ``date_precision``), never
    the publication date; ``status`` is occurred, planned, possible or negated.
    """

    id: str
    article_id: str
    sent: int
    trigger: str
    trigger_start: int
    trigger_end: int
    source: str | None
    target: str | None
    cameo: str
    plover: str | None
    goldstein: float
    quad_class: int
    status: str
    status_cue: str | None
    date: str | None
    date_precision: str
    date_text: str | None
    location: str | None
    location_country: str | None
    lat: float | None
    lon: float | None
    evidence: str
    evidence_start: int
    evidence_end: int
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation, who said it, how, and where it stands in the article.

    ``speaker`` is a :class:`DocActor` key of the same document, or None when the
    text does not say; ``channel`` is how it was said when stated ("an emailed
    statement to Reuters", "The Telegraph").
    """

    id: str
    article_id: str
    text: str
    start: int  # offsets of the quoted text, without its quotation marks
    end: int
    speaker: str | None
    speaker_text: str | None  # the words that name the speaker ("she", "Professor Ahn")
    speaker_start: int | None
    speaker_end: int | None
    verb: str | None  # said, told, added, according to ...
    channel: str | None
    paragraph: int
    confidence: float


@dataclass(frozen=True, slots=True)
class Relation:
    """A standing relation the text states between two actors, with its evidence.

    ``kind`` is one of ally, trading_partner, rival, member_of, leader_of,
    claims (territorial claim), host_of; ``source`` and ``target`` are
    :class:`DocActor` keys of the same document (``target`` may name a place
    actor for claims).
    """

    id: str
    article_id: str
    kind: str
    source: str
    target: str
    evidence: str
    evidence_start: int
    evidence_end: int
    rule: str
    confidence: float
