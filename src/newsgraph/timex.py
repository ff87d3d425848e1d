"""Temporal expressions in news text, normalised against an anchor (the publication date).

:func:`find_times` finds absolute dates ("June 12, 2018", "in 2018"), relative ones
("last June", "on Thursday", "two weeks ago"), deictic ones ("yesterday") and past
durations ("over the past year"); :func:`resolve` gives one its date for an anchor and
a tense. Dates written out with a year are read by :mod:`newsgraph.dates`; this module
adds everything that needs an anchor. Standard library only, deterministic.

Conventions, each a general rule:

* No anchor, or one coarser than an expression needs (a weekday needs a day, "in June"
  a month, "last year" a year), leaves a relative expression unresolved: never guessed.
* Named days, months and seasons look back with tense ``past`` or ``None`` (the most
  recent one on or before the anchor, the anchor's own included) and forward with
  ``future`` (on or after). "last X" is the nearest strictly before, "next X" the
  nearest strictly after. "this X" is the X of the anchor's own week (weekdays, Monday
  to Sunday) or year (months; seasons: the one under way, else the one in that year).
* Month + day without a year ("June 12"): with a tense and a day anchor the day decides
  (in the past tense, "June 12" said on June 10 is last year's); without a tense it
  takes the year the bare month would, since a date in the anchor's month is as likely
  ahead as behind.
* A period resolves to the unit holding its midpoint. Weeks ("this week", "last week",
  "two weeks ago") are Monday to Sunday and resolve to the MONTH of their Thursday.
  Seasons are northern-hemisphere quarters (spring March-May, summer June-August,
  autumn/fall September-November, winter December-February) and resolve to the YEAR of
  their middle month (winter 2018-19 → 2019); a stated year ("spring 2019") is taken as
  written. A weekend ("over the weekend", "next weekend") follows the weekday rules for
  its Saturday and resolves to that Saturday's MONTH. "The past year" (the last 12
  months) resolves to the YEAR of the anchor month minus six months ("the past N years":
  minus 6N months); "the past N days, weeks, months" to the MONTH of the anchor minus
  half the period (a month is 30.44 days).
* Holidays are named days: New Year's Day and Eve, Christmas Day and Eve follow the rules
  for a month and day ("January 1"); Easter Sunday and Easter Monday are days of the
  Gregorian Easter of the year the named-day rules pick, and a bare "Easter" or "the Easter
  weekend" resolves, like a weekend, to the MONTH of its Saturday. A bare "Christmas" or
  "Easter" counts only after a preposition or last/next/this ("over Easter"), never
  before a capitalised word ("Easter Island", "Christmas Island").
* Vague counts ("the past few months", "a few days ago", "recent weeks", "recently") and
  expressions that need another anchor ("two days later", "the next day") are found but
  never resolved.
* "in N days/weeks/months/years" is a future offset: unresolved with tense ``past``, and
  no expression at all after a negation, an ordinal ("first", "fourth"), "only" or a
  superlative in the same clause ("the first visit in 14 years" is a duration).
* Month and weekday names count only when capitalised. "May" needs a date cue beside it
  (a day or year, or "in", "last", "next", "this", "early", "mid", "late", "of",
  "since", "until", "during", "through" before it); a bare month followed by a
  capitalised word is a person ("April Ryan"), and so is a weekday that also follows "the"
  or a quote mark ("the Sunday Times").
* Not date points, so never returned: durations ("for two days", "14 years"), decades
  and centuries, clock times, anniversaries, counts ("1,000 troops", "2000 troops",
  "G-20") and years outside 1900-2100.
* Spans leave out a leading preposition, kept in :attr:`TimeMention.prep`; modifiers
  ("early", "late", "mid-", "later", "the end of") are part of the span and do not
  change the value. Overlapping matches: the longest wins, then the leftmost.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from newsgraph.dates import FIRST_YEAR, LAST_YEAR, MONTHS, WEEKDAYS, ZONES, find_date, may_hold_date, word_key
from newsgraph.errors import UsageError
from newsgraph.records import PartialDate, Precision

__all__ = ["KINDS", "TENSES", "TimeMention", "TimeSpec", "find_times", "resolve"]

TENSES: tuple[str, ...] = ("past", "future")
KINDS: tuple[str, ...] = ("absolute", "relative", "deictic", "duration-past")


@dataclass(frozen=True, slots=True)
class TimeSpec:
    """What an expression states, before any anchor: enough to resolve it again.

    ``form`` picks the rule: ``absolute`` (``date`` is the value), ``weekday`` (``number``
    0 = Monday), ``month`` (``number`` 1-12), ``monthday`` (``number`` and ``day``),
    ``season`` (``number`` is its first month), ``period`` (``offset`` ``unit``s from the
    anchor's: yesterday is day -1, "in two years" year +2), ``past`` (the past ``number``
    ``unit``s) or ``vague`` (found, never resolved). ``shift`` is "", "last", "next" or
    "this" for named days, months and seasons; "year" on a month means the month of the
    year ``offset`` years from the anchor's ("March of last year"); "in" marks a future
    offset ("in two weeks").
    """

    form: str
    number: int = 0
    day: int = 0
    unit: str = ""
    offset: int = 0
    shift: str = ""
    date: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A temporal expression at ``text[start:end]``, with its value for the anchor and tense it was found with.

    ``kind`` is one of :data:`KINDS`; ``value`` is None when it cannot be resolved;
    ``spec`` lets :func:`resolve` resolve it again; ``prep`` is the preposition just
    before the span ("on", "in", "since"), lower case, or None.
    """

    start: int
    end: int
    text: str
    kind: str
    value: PartialDate | None
    spec: TimeSpec
    prep: str | None = None


@dataclass(frozen=True, slots=True)
class _Anchor:
    """The anchor split into numbers; ``month`` and ``day`` are 0 when not known."""

    year: int
    month: int
    day: int

    @property
    def rank(self) -> int:
        return 3 if self.day else 2 if self.month else 1

    @property
    def date(self) -> date:
        return date(self.year, self.month, self.day)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    kind: str
    spec: TimeSpec


Builder = Callable[[re.Match[str], str], tuple[str, TimeSpec] | None]

# -- public API --------------------------------------------------------------------------


def find_times(text: str, anchor: PartialDate | None = None, tense: str | None = None) -> list[TimeMention]:
    """Every temporal expression in text, in order and non-overlapping, resolved with anchor and tense."""
    _check_tense(tense)
    point = _anchor(anchor)
    return [
        TimeMention(
            c.start, c.end, text[c.start:c.end], c.kind, _value(c.spec, point, tense), c.spec, _prep(text, c.start)
        )
        for c in _select(_candidates(text))
    ]


def resolve(mention: TimeMention, anchor: PartialDate | None, tense: str | None = None) -> PartialDate | None:
    """The date a found mention stands for with this anchor and tense; None when it cannot be resolved."""
    _check_tense(tense)
    return _value(mention.spec, _anchor(anchor), tense)


def _check_tense(tense: str | None) -> None:
    if tense is not None and tense not in TENSES:
        raise UsageError(f"tense {tense!r} is not one of {', '.join(TENSES)} or None")


@lru_cache(maxsize=256)  # one anchor serves every mention of an article
def _anchor(anchor: PartialDate | None) -> _Anchor | None:
    """The anchor as numbers, or None when there is none or its precision is unknown."""
    if anchor is None or anchor.precision is Precision.UNKNOWN:
        return None
    size = {Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3}[anchor.precision]
    try:
        parts = [int(part) for part in anchor.iso.split("-")]
        if len(parts) != size or not FIRST_YEAR <= parts[0] <= LAST_YEAR:
            raise ValueError(anchor.iso)
        date(parts[0], *[*parts[1:], 1, 1][:2])  # checks month and day
    except ValueError:
        raise UsageError(
            f"anchor {anchor.iso!r} is not an ISO date at {anchor.precision} precision between "
            f"{FIRST_YEAR} and {LAST_YEAR}; pass e.g. PartialDate('2019-01-08', Precision.DAY)"
        ) from None
    parts += [0] * (3 - size)
    return _Anchor(parts[0], parts[1], parts[2])


# -- patterns ----------------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # longest first: "june" before "jun"


_FULL_MONTHS: dict[str, int] = {
    name: n for name, n in MONTHS.items() if len(name) > 4 or name in ("may", "june", "july")
}
_WEEKDAY_INDEX: dict[str, int] = {name: n for n, name in enumerate(w for w in WEEKDAYS if w.endswith("day"))}
_SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_DEICTIC_OFFSETS: dict[str, int] = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2,
}
# Holidays on a fixed day: (month, day). Easter moves (see _easter).
_FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas day": (12, 25), "christmas eve": (12, 24),
    "christmas": (12, 25),
}
_EASTER_DAYS: dict[str, int] = {"easter sunday": 0, "easter monday": 1, "easter weekend": -1, "easter": -1}
_UNIT_DAYS: dict[str, float] = {"day": 1.0, "week": 7.0, "month": 30.4375}
_SHIFTS: dict[str, str] = {"last": "last", "past": "last", "next": "next", "coming": "next", "this": "this"}

_WEEKDAY = rf"(?P<name>{_alternation(_WEEKDAY_INDEX)})\b"
_WEEKDAY_PREFIX = rf"(?:\b(?:{_alternation(_WEEKDAY_INDEX)}),?\s+)?"  # "Tuesday, January 8": read, not checked
_MONTH = rf"(?P<name>{_alternation(_FULL_MONTHS)})\b"
_ANY_MONTH = rf"(?P<name>{_alternation(MONTHS)})\b"
_SHIFT = r"(?:(?P<shift>last|next|this(?:\s+(?:past|coming))?|past|coming)\s+)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>19\d\d|20\d\d|2100)"
_UNIT = r"(?P<unit>day|week|month|year)(?P<plural>s)?\b"
_COUNT = (
    r"(?P<count>\d{1,3}|a\s+couple\s+of|couple\s+of|a\s+few|few|several|some|many|"
    rf"{_alternation(n for n in _NUMBER_WORDS if len(n) > 2)}|an?)"
)
_SPACE = r"\s+"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night)\b)?"
_I = re.IGNORECASE

# Context before or after a match; `search(text, pos, endpos)` with `$` reads what ends at a match's start.
_MAY_CUE = re.compile(
    r"(?:\b(?:in|last|next|this|early|mid|late|of|since|until|till|during|through)\s+|\bmid-)$", _I
)
_NAME_CUE = re.compile(
    r"(?:\b(?:in|on|by|since|until|till|during|through|from|last|next|this|early|mid|late|of|before|after)\s+"
    r"|\bmid-)$",
    _I,
)
# Written dates never run across these: line breaks, brackets, quotes, ";!?", a full stop before a capital.
_CLAUSE = re.compile(r"(?:[^\n;!?()\[\]\"“”.]|\.(?!\s+[A-Z\"“]))+")
_DIGIT = re.compile(r"\d")
_WORD_AFTER = re.compile(r"\s+\w")
_NAME_HYPHEN = re.compile(r"\b(?!mid-)[A-Za-z]+-$", _I)  # "G-2019" is a name; "mid-2018" a year
_THE = re.compile(r"\bthe\s+$", _I)
_TITLE_CUE = re.compile(r"(?:\bthe\s+|[“\"‘'])$", _I)
_FOLLOWED_BY_NAME = re.compile(r"\s+[A-Z][a-z]")
_MODIFIER = re.compile(
    r"(?:\b(?:early|earlier|mid|late|later)\s+|\bmid-|"
    r"\bthe\s+(?:end|beginning|start|middle|first\s+half|second\s+half|turn)\s+of\s+)$",
    _I,
)
_PREP = re.compile(
    r"\b(?P<prep>on|in|since|by|until|till|during|from|through|throughout|before|after|over|at|of|for|"
    r"as\s+of|around|within)\s+$",
    _I,
)
_DURATION_CUE = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|"
    r"only|ever|times?|not|never|no|\w+n['’]t|highest|lowest|biggest|largest|longest|worst|best|most|least|"
    r"fewest|strongest|weakest|deadliest|sharpest|steepest|fastest|slowest|greatest|smallest)\b",
    _I,
)
# Before these a four-digit number is a year whatever follows: "in 2018 talks", "from 2015 to 2017 exports".
_STRONG_YEAR_CUE = re.compile(
    r"(?:\b(?:in|since|during|until|till|the)\s+|\b(?:19|20)\d\d\s*(?:-|–|and|or|to|through|until)\s*)$", _I
)
_COUNTING_BEFORE = re.compile(
    r"(?:\b(?:about|some|nearly|almost|over|than|up\s+to|approximately|roughly|least|most|exactly|"
    r"only|just|another|additional|extra|at)\s+|[$€£#])$",
    _I,
)
# A year is a count when a plural noun or a unit follows it ("2000 troops", "1800 GMT"); verbs
# ending in s ("2018 was", "2019 marks") do not count.
_COUNTED_AFTER = re.compile(
    r"\s+(?:(?!(?:was|is|has|does|as|its|his|this|thus|plus|marks|sees|brings|begins|ends|remains|"
    r"seems|looks|promises|proves|gets|sets|comes|goes)\b)[a-z]+s\b|people|men|women|children|police|"
    rf"personnel|staff|km|kg|feet|foot|metres|meters|miles|tons|tonnes|hrs|(?i:{_alternation(ZONES)})\b)"
)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _before(pattern: re.Pattern[str], text: str, start: int) -> re.Match[str] | None:
    """The pattern's match that ends exactly at ``start`` (within the 60 characters before it)."""
    return pattern.search(text, max(0, start - 60), start)


def _shift(word: str | None) -> str:
    return _SHIFTS[word_key(word.split()[-1])] if word else ""


def _count(word: str) -> int | None:
    """The number a count word states; None for vague ones ("a few", "several")."""
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


# -- builders: a match to (kind, spec), or None when the match is no date ----------------


def _weekday(match: re.Match[str], text: str) -> tuple[str, TimeSpec] | None:
    name, shift = match["name"], _shift(match["shift"])
    if not _capitalised(name) or (not shift and _is_title(text, match)):
        return None
    return "relative", TimeSpec("weekday", number=_WEEKDAY_INDEX[word_key(name)], shift=shift)


def _is_title(text: str, match: re.Match[str]) -> bool:
    """A weekday is part of a title after "the" or a quote, before a capitalised word ("the Sunday Times")."""
    return bool(_FOLLOWED_BY_NAME.match(text, match.end())) and bool(_before(_TITLE_CUE, text, match.start()))


def _is_name(text: str, match: re.Match[str]) -> bool:
    """A bare month is part of a name when a capitalised word follows and no cue precedes ("April Ryan")."""
    return bool(_FOLLOWED_BY_NAME.match(text, match.end())) and not _before(_NAME_CUE, text, match.start())


def _month(match: re.Match[str], text: str) -> tuple[str, TimeSpec] | None:
    name, shift = match["name"], _shift(match["shift"])
    month = _FULL_MONTHS[word_key(name)]
    if not _capitalised(name):
        return None
    if match["year"]:
        return "absolute", TimeSpec("absolute", date=_month_value(int(match["year"]), month))
    if match["rel"]:
        return "relative", TimeSpec("month", number=month, shift="year", offset=_offset(match["rel"]))
    if not shift and (_is_name(text, match) or (month == 5 and not _before(_MAY_CUE, text, match.start()))):
        return None
    return "relative", TimeSpec("month", number=month, shift=shift)


def _offset(word: str) -> int:
    return {"last": -1, "this": 0, "next": 1}[word_key(word)]


def _monthday(match: re.Match[str], _text: str) -> tuple[str, TimeSpec] | None:
    name, day = match["name"], int(match["day"])
    month = MONTHS[word_key(name)]
    if not _capitalised(name) or _day_value(2000, month, day) is None:  # 2000: a leap year allows 29 February
        return None
    return "relative", TimeSpec("monthday", number=month, day=day, shift=_shift(match.groupdict().get("shift")))


def _deictic(match: re.Match[str], _text: str) -> tuple[str, TimeSpec] | None:
    offset = _DEICTIC_OFFSETS[" ".join(match["word"].lower().split())]
    return "deictic", TimeSpec("period", unit="day", offset=offset)


def _period(match: re.Match[str], text: str) -> tuple[str, TimeSpec] | None:
    if _before(_THE, text, match.start()):
        return None  # "the last year of his term"; "the last year" alone is a past duration
    offset = _offset(_shift(match["shift"]))
    return "relative", TimeSpec("period", unit=word_key(match["unit"]), offset=offset)


_PART_BEFORE = re.compile(r"\b(?:end|beginning|start|middle|rest|half)\s+of\s+$|\b(?:later|earlier)\s+in\s+$", _I)


def _part_of_the(match: re.Match[str], text: str) -> tuple[str, TimeSpec] | None:
    """ "at the end of the month", "later in the year": the current one; a bare "the month" is none."""
    if not _before(_PART_BEFORE, text, match.start()):
        return None
    return "relative", TimeSpec("period", unit=word_key(match["unit"]), offset=0)


def _ago(match: re.Match[str], _text: str) -> tuple[str, TimeSpec] | None:
    count, way = _count(" ".join(match["count"].split())), match["way"].lower()
    if count is None or way not in ("ago", "from now"):
        return "relative", TimeSpec("vague")  # "a few days ago"; "two days later" needs another anchor
    sign = -1 if way == "ago" else 1
    return "relative", TimeSpec("period", unit=word_key(match["unit"]), offset=sign * count)


def _in_offset(match: re.Match[str], text: str) -> tuple[str, TimeSpec] | None:
    clause = re.split(r"[.!?;:]\s", text[max(0, match.start() - 80):match.start()])[-1]
    if _DURATION_CUE.search(clause):
        return None  # "the first summit in 18 months", "has not met in two years": a duration
    count = _count(" ".join(match["count"].split()))
    if count is None:
        return "relative", TimeSpec("vague")
    return "relative", TimeSpec("period", unit=word_key(match["unit"]), offset=count, shift="in")


def _vague(_match: re.Match[str], _text: str) -> tuple[str, TimeSpec] | None:
    return "relative", TimeSpec("vague")


def _past(match: re.Match[str], _text: str) -> tuple[str, TimeSpec] | None:
    if match["count"] is None and match["plural"]:
        return None  # "the last days of the regime"
    count = 1 if match["count"] is None else _count(" ".join(match["count"].split()))
    if count is None:
        return "duration-past", TimeSpec("vague")
    return "duration-past", TimeSpec("past", number=count, unit=word_key(match["unit"]))


def _recent(_match: re.Match[str], _text: str) -> tuple[str, TimeSpec] | None:
    return "duration-past", TimeSpec("vague")


def _weekend(match: re.Match[str], text: str) -> tuple[str, TimeSpec] | None:
    shift = _shift(match["shift"])
    if not shift and not _before(_PREP, text, match.start()):
        return None  # only "the weekend" after a preposition ("over the weekend") is a date
    return "relative", TimeSpec("weekend", shift=shift)


def _holiday(match: re.Match[str], text: str) -> tuple[str, TimeSpec] | None:
    name, shift = " ".join(match["holiday"].lower().replace("’", "'").split()), _shift(match["shift"])
    if name in ("christmas", "easter") and (_FOLLOWED_BY_NAME.match(text, match.end()) or not (
            shift or _before(_PREP, text, match.start()))):
        return None  # "Christmas Island", "Easter eggs": only "over Easter", "last Christmas" name the day
    if name in _FIXED_HOLIDAYS:
        month, day = _FIXED_HOLIDAYS[name]
        return "relative", TimeSpec("monthday", number=month, day=day, shift=shift)
    weekend = _EASTER_DAYS[name] < 0
    return "relative", TimeSpec("easter", day=_EASTER_DAYS[name], unit="month" if weekend else "day", shift=shift)


def _year(match: re.Match[str], text: str) -> tuple[str, TimeSpec] | None:
    year, start, end = int(match["year"]), match.start(), match.end()
    if _before(_NAME_HYPHEN, text, start):
        return None  # "G-2019", "F-1950": a name, not a year
    if year % 10 == 0 and text.startswith(("'s", "’s"), end):
        return None  # "the 1990's": a decade
    if not _before(_STRONG_YEAR_CUE, text, start) and (
        _COUNTED_AFTER.match(text, end) or (_before(_COUNTING_BEFORE, text, start) and _WORD_AFTER.match(text, end))
    ):
        return None  # "2000 troops", "some 1900 were hurt", "at 1800 GMT"; but "up 14% over 2017."
    return "absolute", TimeSpec("absolute", date=_year_value(year))


def _season(match: re.Match[str], text: str) -> tuple[str, TimeSpec] | None:
    first = _SEASONS[word_key(match["season"])]
    if match["year"]:
        return "absolute", TimeSpec("absolute", date=_year_value(int(match["year"])))
    shift = _shift(match["shift"])
    if not shift and not (match["the"] and _before(_PREP, text, match.start())):
        return None  # "Arab Spring", "prices fall": only "the summer" after a preposition is bare
    if text.startswith(" of", match.end()):
        return None  # "the fall of Mosul"
    return "relative", TimeSpec("season", number=first, shift=shift)


@dataclass(frozen=True, slots=True)
class _Form:
    """One form of expression: its pattern, the builder that reads a match, whether modifiers ("early",
    "mid-") join its span, and what every match holds: one of ``keywords`` (lower case), a digit if ``digit``."""

    pattern: re.Pattern[str]
    build: Builder
    takes_modifiers: bool
    keywords: tuple[str, ...]
    digit: bool = False


_UNITS = ("day", "week", "month", "year")
# "(?=[...])": the first letters of the words a match may start with (a shift, weekday, month or count word),
# a cheap test at each position before the long alternations. It changes no match.
_FORMS: list[_Form] = [
    _Form(re.compile(rf"(?=[cflmnpstw])\b{_SHIFT}?{_WEEKDAY}{_PART_OF_DAY}", _I), _weekday, True, ("day",)),
    _Form(re.compile(
        rf"(?=[acdfjlmnopst])\b{_SHIFT}?{_MONTH}(?:\s+of\s+(?:{_YEAR}|(?P<rel>last|this|next)\s+year)\b)?", _I),
        _month, True, tuple(_FULL_MONTHS)),
    _Form(re.compile(rf"(?=[acdfjlmnopstw]){_WEEKDAY_PREFIX}\b{_SHIFT}?{_ANY_MONTH}\.?\s+{_DAY}", _I), _monthday, True,
          tuple(MONTHS), digit=True),
    _Form(re.compile(rf"(?=[fmstw\d]){_WEEKDAY_PREFIX}(?:\bthe\s+)?\b{_DAY}\s+(?:of\s+)?{_ANY_MONTH}", _I), _monthday,
          True, tuple(MONTHS), digit=True),
    _Form(re.compile(
        rf"\b(?P<word>{_alternation(_DEICTIC_OFFSETS).replace(' ', _SPACE)})\b{_PART_OF_DAY}", _I), _deictic, True,
        tuple(phrase.split()[-1] for phrase in _DEICTIC_OFFSETS)),
    _Form(re.compile(rf"\b{_SHIFT}(?P<unit>week|month|year)\b", _I), _period, True, _UNITS[1:]),
    _Form(re.compile(r"\bthe\s+(?P<unit>week|month|year)\b(?!\s+(?:of|before|after|that|when)\b)", _I),
          _part_of_the, True, _UNITS[1:]),
    _Form(re.compile(
        rf"(?=[acefmnost\d])\b{_COUNT}\s+{_UNIT}\s+(?P<way>ago|from\s+now|later|earlier|afterwards?)\b", _I), _ago,
        False, ("ago", "now", "later", "earlier", "afterward")),
    _Form(re.compile(rf"\bin\s+{_COUNT}\s+{_UNIT}(?:['’]\s+time)?", _I), _in_offset, False, _UNITS),
    _Form(re.compile(
        r"\bthe\s+(?:next|following|previous|preceding|prior|same)\s+"
        r"(?:day|week|month|year|morning|afternoon|evening|night|weekend)\b|"
        r"\bthe\s+day\s+(?:before|after)\b|\b(?:recently|lately)\b", _I), _vague, False,
        (*_UNITS, "morning", "afternoon", "evening", "night", "recently", "lately")),
    _Form(re.compile(rf"\bthe\s+(?:past|last)\s+(?:{_COUNT}\s+)?{_UNIT}(?!\s+of\b)", _I), _past, False,
          ("past", "last")),
    _Form(re.compile(r"\brecent\s+(?:days|weeks|months|years)\b", _I), _recent, False, ("recent",)),
    _Form(re.compile(rf"\b(?:{_SHIFT}|the\s+)weekend\b", _I), _weekend, True, ("weekend",)),
    _Form(re.compile(
        rf"\b{_SHIFT}?(?:the\s+)?(?P<holiday>new\s+year['’]s\s+(?:day|eve)|christmas(?:\s+(?:day|eve))?|"
        r"easter(?:\s+(?:sunday|monday|weekend))?)\b", _I), _holiday, True, ("year", "christmas", "easter")),
    _Form(re.compile(rf"(?<![\w,.$€£#/@]){_YEAR}(?![\w%])(?![.,:]\d)"), _year, True, ("19", "20", "2100")),
    _Form(re.compile(
        rf"\b(?:{_SHIFT}|(?P<the>the)\s+)?(?P<season>spring|summer|autumn|fall|winter)\b"
        rf"(?:\s+(?:of\s+)?{_YEAR}\b)?", _I), _season, True, tuple(_SEASONS)),
]
# The only characters besides ASCII letters that IGNORECASE matches to an ASCII letter (İ ı ſ K): in a text
# holding one, a keyword may match without appearing in text.lower(), so every pattern runs.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_KEYWORDS = frozenset(word for form in _FORMS for word in form.keywords)


# -- finding -----------------------------------------------------------------------------


def _candidates(text: str) -> list[_Candidate]:
    """Every match of every form, overlapping, with modifiers ("early", "mid-") taken into the span."""
    found = [
        _Candidate(_modified(text, start), end, "absolute", TimeSpec("absolute", date=value))
        for value, start, end in _written_dates(text)
    ]
    words = None if _FOLDS_TO_ASCII.search(text) else _keywords_in(text.lower())
    digit = _DIGIT.search(text) is not None
    for form in _FORMS:
        if words is not None and not _may_match(form, words, digit):
            continue
        for match in form.pattern.finditer(text):
            built = form.build(match, text)
            if built is not None:
                start = _modified(text, match.start()) if form.takes_modifiers else match.start()
                found.append(_Candidate(start, match.end(), *built))
    return found


def _keywords_in(lower: str) -> set[str]:
    """The forms' keywords that a lower-cased text holds."""
    return {word for word in _KEYWORDS if word in lower}


def _may_match(form: _Form, words: set[str], digit: bool) -> bool:
    """Whether a text (its keywords, whether it holds a digit) has what every match of the form holds."""
    # Running each pattern over each sentence was most of find_times' cost; most sentences lack the words.
    return (digit or not form.digit) and not words.isdisjoint(form.keywords)


def _written_dates(text: str) -> Iterator[tuple[PartialDate, int, int]]:
    """Dates written out with a year ("June 12, 2018", "January 2019"), as :mod:`newsgraph.dates` reads them."""
    # find_date gives the first date of a string; asking it clause by clause keeps long texts linear.
    if not may_hold_date(text):
        return  # a cheap test first: most sentences have no written date
    for clause in _CLAUSE.finditer(text):
        offset, stop = clause.span()
        while _DIGIT.search(text, offset, stop) and (found := find_date(text[offset:stop])) is not None:
            value, start, end = found
            yield value, offset + start, offset + end
            offset += end


def _modified(text: str, start: int) -> int:
    modifier = _before(_MODIFIER, text, start)
    return modifier.start() if modifier else start


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """The longest candidates that do not overlap (ties: leftmost first), in text order."""
    chosen: list[_Candidate] = []  # in text order, so only the neighbours of a newcomer can overlap it
    starts: list[int] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        i = bisect_left(starts, candidate.start)
        if (i and chosen[i - 1].end > candidate.start) or (i < len(chosen) and chosen[i].start < candidate.end):
            continue
        chosen.insert(i, candidate)
        starts.insert(i, candidate.start)
    return chosen


def _prep(text: str, start: int) -> str | None:
    match = _before(_PREP, text, start)
    return " ".join(match["prep"].lower().split()) if match else None


# -- resolving ---------------------------------------------------------------------------


def _value(spec: TimeSpec, anchor: _Anchor | None, tense: str | None) -> PartialDate | None:
    if spec.form == "absolute":
        return spec.date
    if spec.form == "vague" or anchor is None or anchor.rank < _needs(spec):
        return None
    return _RESOLVERS[spec.form](spec, anchor, tense)


def _needs(spec: TimeSpec) -> int:
    """The anchor precision (1 year, 2 month, 3 day) an expression needs to be resolved."""
    if spec.form == "past":
        return 2 if spec.unit == "year" else 3
    if spec.form == "period":
        return {"day": 3, "week": 3, "month": 2, "year": 1}[spec.unit]
    if spec.form == "month" and spec.shift == "year":
        return 1
    return 3 if spec.form in ("weekday", "weekend", "easter") else 2


def _direction(shift: str, tense: str | None) -> tuple[int, bool]:
    """Which way a named day, month or season lies (-1 back, +1 ahead), and whether the anchor's own counts."""
    if shift == "last":
        return -1, False
    if shift == "next":
        return 1, False
    return (1 if tense == "future" else -1), True


def _cycles(target: tuple[int, int], now: tuple[int, int], direction: int, inclusive: bool) -> int:
    """How many cycles (weeks, years) from the anchor's the wanted one lies: -1, 0 or +1.

    ``target`` and ``now`` are places within the cycle: (weekday, 0), (month, 0) or (month, day).
    """
    if target == now:
        return 0 if inclusive else direction
    ahead = target > now
    if direction > 0:
        return 0 if ahead else 1
    return -1 if ahead else 0


def _resolve_weekday(spec: TimeSpec, anchor: _Anchor, tense: str | None) -> PartialDate | None:
    today = anchor.date
    monday = today - timedelta(days=today.weekday())
    where = ((spec.number, 0), (today.weekday(), 0))
    weeks = 0 if spec.shift == "this" else _cycles(*where, *_direction(spec.shift, tense))
    return _date_value(monday + timedelta(weeks=weeks, days=spec.number))


def _resolve_weekend(spec: TimeSpec, anchor: _Anchor, tense: str | None) -> PartialDate | None:
    saturday = _resolve_weekday(TimeSpec("weekday", number=5, shift=spec.shift), anchor, tense)
    return PartialDate(saturday.iso[:7], Precision.MONTH) if saturday else None


def _easter(year: int) -> date:
    """Easter Sunday of a Gregorian year (the anonymous Gregorian computus)."""
    golden = year % 19
    century, rest = divmod(year, 100)
    leap_skips, leap_rest = divmod(century, 4)
    moon_fix = (century + 8) // 25
    epact_fix = (century - moon_fix + 1) // 3
    epact = (19 * golden + century - leap_skips - epact_fix + 15) % 30
    quarter, remainder = divmod(rest, 4)
    weekday = (32 + 2 * leap_rest + 2 * quarter - epact - remainder) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


def _resolve_easter(spec: TimeSpec, anchor: _Anchor, tense: str | None) -> PartialDate | None:
    today = anchor.date
    direction, inclusive = _direction(spec.shift, tense)
    days = [_easter(year) + timedelta(days=spec.day) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if direction < 0:
        chosen = [d for d in days if d < today or (inclusive and d == today)][-1]
    else:
        chosen = next(d for d in days if d > today or (inclusive and d == today))
    if spec.unit == "month":
        return _month_value(chosen.year, chosen.month)
    return _date_value(chosen)


def _resolve_month(spec: TimeSpec, anchor: _Anchor, tense: str | None) -> PartialDate | None:
    if spec.shift == "year":
        return _month_value(anchor.year + spec.offset, spec.number)
    where = ((spec.number, 0), (anchor.month, 0))
    years = 0 if spec.shift == "this" else _cycles(*where, *_direction(spec.shift, tense))
    return _month_value(anchor.year + years, spec.number)


def _resolve_monthday(spec: TimeSpec, anchor: _Anchor, tense: str | None) -> PartialDate | None:
    # With a tense and a day anchor the day decides; otherwise the month alone does (see the module docstring).
    exact = tense is not None and anchor.day > 0
    target, now = (spec.number, spec.day if exact else 0), (anchor.month, anchor.day if exact else 0)
    years = _cycles(target, now, *_direction(spec.shift, tense))
    return _day_value(anchor.year + years, spec.number, spec.day)


def _resolve_season(spec: TimeSpec, anchor: _Anchor, tense: str | None) -> PartialDate | None:
    now = anchor.year * 12 + anchor.month - 1  # months since year 0
    latest = now - (now - (spec.number - 1)) % 12  # the latest such season begun on or before the anchor month
    under_way = now - latest < 3
    if spec.shift == "this":
        begin = latest if under_way else anchor.year * 12 + spec.number - 1
    elif spec.shift == "last":
        begin = latest - 12 if under_way else latest
    elif spec.shift == "next" or (tense == "future" and not under_way):
        begin = latest + 12
    else:
        begin = latest
    return _year_value((begin + 1) // 12)  # the year of its middle month


def _resolve_period(spec: TimeSpec, anchor: _Anchor, tense: str | None) -> PartialDate | None:
    if spec.shift == "in" and tense == "past":
        return None  # "in two weeks" is ahead of the anchor; with a past verb it is a duration
    if spec.unit == "day":
        return _date_value(anchor.date + timedelta(days=spec.offset))
    if spec.unit == "week":
        thursday = anchor.date + timedelta(days=3 - anchor.date.weekday(), weeks=spec.offset)
        return _month_value(thursday.year, thursday.month)
    if spec.unit == "month":
        return _month_value(anchor.year, anchor.month + spec.offset)
    return _year_value(anchor.year + spec.offset)


def _resolve_past(spec: TimeSpec, anchor: _Anchor, _tense: str | None) -> PartialDate | None:
    if spec.unit == "year":
        midpoint_month = anchor.month - 6 * spec.number
        return _year_value(anchor.year + (midpoint_month - 1) // 12)
    midpoint = anchor.date - timedelta(days=spec.number * _UNIT_DAYS[spec.unit] / 2)
    return _month_value(midpoint.year, midpoint.month)


_RESOLVERS: dict[str, Callable[[TimeSpec, _Anchor, str | None], PartialDate | None]] = {
    "weekday": _resolve_weekday,
    "weekend": _resolve_weekend,
    "easter": _resolve_easter,
    "month": _resolve_month,
    "monthday": _resolve_monthday,
    "season": _resolve_season,
    "period": _resolve_period,
    "past": _resolve_past,
}


# -- values ------------------------------------------------------------------------------


def _year_value(year: int) -> PartialDate | None:
    return PartialDate(f"{year:04d}", Precision.YEAR) if FIRST_YEAR <= year <= LAST_YEAR else None


def _month_value(year: int, month: int) -> PartialDate | None:
    """The month, with a month number outside 1-12 carried into the year (month 0 is last December)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return PartialDate(f"{year:04d}-{month:02d}", Precision.MONTH) if FIRST_YEAR <= year <= LAST_YEAR else None


def _day_value(year: int, month: int, day: int) -> PartialDate | None:
    try:
        return _date_value(date(year, month, day))
    except ValueError:  # 29 February in a common year
        return None


def _date_value(day: date) -> PartialDate | None:
    return PartialDate(day.isoformat(), Precision.DAY) if FIRST_YEAR <= day.year <= LAST_YEAR else None
