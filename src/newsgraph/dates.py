"""Absolute publication dates: read date strings, find dates and datelines in text.

Only dates written out with a year are read here; relative expressions ("last
Tuesday", "in June") are resolved later by the ``time`` stage against the date
found here. English month and weekday names only.

Numeric day/month forms are ambiguous (``03/04/2019`` is 3 April in London and
March 4 in New York), so they are read only when the order cannot matter: one of
the two numbers is over 12, or both are the same. Weekday names are accepted and
ignored, never checked against the date: sites get them wrong more often than
they get the date wrong. Two-digit years are 2000-2049 below 50, 1950-1999 from 50.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from itertools import islice

from newsgraph.records import PartialDate, Precision

_ODD_FOLDS = str.maketrans({"ſ": "s", "ı": "i"})


def word_key(word: str) -> str:
    """A word matched case-insensitively, as the month and weekday tables key it ("Auguſt" -> "august").

    Unicode case-insensitive matching also reads "İ", "ı", "ſ" and the Kelvin sign as the
    ASCII letters i, i, s and k; ``str.lower`` alone leaves three of them as they are.
    """
    return word.lower().replace("i\u0307", "i").translate(_ODD_FOLDS)


MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS: tuple[str, ...] = (
    "monday", "mon", "tuesday", "tues", "tue", "wednesday", "wed", "thursday", "thurs", "thur", "thu",
    "friday", "fri", "saturday", "sat", "sunday", "sun",
)
# Time-zone names seen after dates on news sites; offsets ("+0000", "-05:00") are read separately.
ZONES: tuple[str, ...] = (
    "utc", "gmt", "z", "et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt",
    "bst", "cet", "cest", "eet", "eest", "msk", "ist", "kst", "jst", "hkt", "sgt", "aest", "aedt",
)
FIRST_YEAR, LAST_YEAR = 1900, 2100

Builder = Callable[[re.Match[str]], PartialDate | None]


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so that "sept" is tried before "sep" and "june" before "jun".
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH = rf"\b(?P<month>{_alternation(MONTHS)})(?![a-z])\.?"
_WEEKDAY = rf"(?:\b(?:{_alternation(WEEKDAYS)})(?![a-z])\.?,?\s+)?"
_DAY = r"(?<!\d)(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<year>\d{4}|['’]\d{2})(?!\d)"
# A bare two-digit year only where the whole string is a date ("Thu, 20 Jun 19 08:30 GMT"):
# in running text "June 8, 19 people" is not a date. Never followed by ":" (that is a clock).
_LOOSE_YEAR = r"(?P<year>\d{4}|['’]?\d{2})(?![\d:])"
_ZONE = rf"(?:[+-]\d{{2}}:?\d{{2}}|(?:{_alternation(ZONES)})(?:\s*[+-]\d{{1,2}}(?::?\d{{2}})?)?)(?![a-z])"
_CLOCK = r"(?:\d{1,2}(?:[:.]\d{2}){1,2}(?:\s*[ap]\.?\s?m(?![a-z])\.?)?|\d{1,2}\s*[ap]\.?\s?m(?![a-z])\.?)"
_SEPARATOR = r"\s*[,|·•]?\s*"
_LEAD = rf"(?:{_CLOCK}(?:\s*{_ZONE})?{_SEPARATOR})?"  # "5:39 AM ET, Tue January 8, 2019"
_TAIL = rf"(?:{_SEPARATOR}(?:at\s+)?{_CLOCK})?(?:\s*\(?{_ZONE}\)?)?[\s.]*"

_LABEL = re.compile(
    r"^(?:last\s+)?(?:first\s+)?(?:published|updated|modified|posted|dated|date)(?![a-z])"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_ISO = re.compile(
    r"(?P<year>\d{4})(?:(?P<sep>[-/])(?P<month>\d{1,2})(?:(?P=sep)(?P<day>\d{1,2})"
    r"(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?)?",
    re.IGNORECASE,
)
_ISO_IN_TEXT = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])")
_NUMERIC = re.compile(
    rf"(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<year>\d{{4}}|\d{{2}}){_TAIL}", re.IGNORECASE
)


def _named_forms(year: str) -> list[str]:
    return [
        rf"{_WEEKDAY}{_MONTH}\s*{_DAY},?\s+{year}",  # (Tuesday,) January 8(th), 2019
        rf"{_WEEKDAY}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{year}",  # (Tue) 8 Jan 2019, the 8th of May 2019
        rf"{_MONTH},?\s+{_YEAR}",  # January 2019; never a bare two-digit year: "June 19" is a day
    ]


def _make(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    """The PartialDate for a year (and month, and day), or None if it is no real calendar date."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    if month is None:
        return PartialDate(f"{year:04d}", Precision.YEAR)
    if not 1 <= month <= 12:
        return None
    if day is None:
        return PartialDate(f"{year:04d}-{month:02d}", Precision.MONTH)
    try:
        return PartialDate(date(year, month, day).isoformat(), Precision.DAY)
    except ValueError:  # 30 February and friends
        return None


def _year(text: str) -> int:
    digits = text.lstrip("'’")
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year < 50 else 1900
    return year


def _from_iso(match: re.Match[str]) -> PartialDate | None:
    month, day = match["month"], match["day"]
    return _make(int(match["year"]), int(month) if month else None, int(day) if day else None)


def _from_named(match: re.Match[str]) -> PartialDate | None:
    day = match.groupdict().get("day")
    return _make(_year(match["year"]), MONTHS[word_key(match["month"])], int(day) if day else None)


def _from_numeric(match: re.Match[str]) -> PartialDate | None:
    a, b = int(match["a"]), int(match["b"])
    if a != b and a <= 12 and b <= 12:
        return None  # 03/04/2019: day-first or month-first cannot be told apart
    day, month = (a, b) if a > 12 else (b, a)
    return _make(_year(match["year"]), month, day)


_WHOLE_FORMS: list[tuple[re.Pattern[str], Builder]] = [
    (_ISO, _from_iso),
    (_NUMERIC, _from_numeric),
    *((re.compile(f"{_LEAD}{form}{_TAIL}", re.IGNORECASE), _from_named)
      for form in _named_forms(_LOOSE_YEAR)),
]
# What every month name holds (under IGNORECASE, as the forms read them).
_MONTH_CUE = re.compile("|".join(sorted({name[:3] for name in MONTHS})), re.IGNORECASE)
_TWO_DIGITS = re.compile(r"\d\d")
_ISO_CUE = re.compile(r"\d{4}-\d{2}-\d{2}")  # _ISO_IN_TEXT without the context it checks
_TEXT_FORMS: list[tuple[re.Pattern[str], Builder]] = [
    *((re.compile(form, re.IGNORECASE), _from_named) for form in _named_forms(_YEAR)),
    (_ISO_IN_TEXT, _from_iso),
]


def parse_date(value: str) -> PartialDate | None:
    """The date a string states, at day, month or year precision; None if the string is not one date."""
    text = _LABEL.sub("", value.strip(), count=1).strip()
    for form, build in _WHOLE_FORMS:
        match = form.fullmatch(text)
        found = build(match) if match else None
        if found is not None:
            return found
    return None


def may_hold_date(text: str) -> bool:
    """Whether text may hold a date :func:`find_date` finds: False means it finds none in text or any part of it."""
    # Every written date has a year of two or four digits, and a month name or the ISO form;
    # the digits first, as the month test is the slower (IGNORECASE, twelve alternatives).
    return _TWO_DIGITS.search(text) is not None and (
        _ISO_CUE.search(text) is not None or _MONTH_CUE.search(text) is not None)


def find_date(text: str) -> tuple[PartialDate, int, int] | None:
    """The first written-out date with a year (day or month precision) in text, with its [start, end) span."""
    # cheap tests first: every named form holds a year of two or four digits and a month
    named = _TWO_DIGITS.search(text) is not None and _MONTH_CUE.search(text) is not None
    candidates = [found for form, build in _TEXT_FORMS
                  if (named or form is _ISO_IN_TEXT) and (found := _first_match(form, build, text))]
    if not candidates:
        return None
    # The earliest; of two starting together the longer ("8 June 2019" over "June 2019" inside it).
    return min(candidates, key=lambda found: (found[1], -found[2]))


def _first_match(form: re.Pattern[str], build: Builder, text: str) -> tuple[PartialDate, int, int] | None:
    for match in form.finditer(text):
        month = match.groupdict().get("month")
        if month and month[0].islower():
            continue  # "may 2019" in running text is a verb, not a month
        found = build(match)
        if found is not None:
            return found, match.start(), match.end()
    return None


# -- datelines ---------------------------------------------------------------------------

_BYLINE = re.compile(r"^(?:by|BY|By)\s+\S")
_PART_SEPARATOR = re.compile(r"\s+[|·•]\s+")
# A wire dateline: an upper-case place (optionally ", Country"), an optional agency in
# parentheses, a comma or dash, the date, then a dash or the line's end:
# "PANMUNJOM, South Korea, April 27, 2018 —", "SEOUL (Reuters) - April 27, 2018 - ".
_PLACE = r"[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+)*(?:,\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3})?"
_AGENCY = r"\([^()]{1,30}\)"
_WIRE = re.compile(
    rf"(?P<place>{_PLACE})\s*(?:{_AGENCY})?\s*(?:,|[—–]|--?)\s*"
    rf"(?P<date>[^—–\-()]{{4,40}}?)\s*(?:{_AGENCY}\s*)?(?:[—–]|--?|$)"
)


def find_dateline(lines: list[str], max_lines: int = 6) -> PartialDate | None:
    """The publication date (day or month) stated in the first ``max_lines`` non-empty lines, or None.

    ``lines`` are an article's lines after its headline. A line counts when it is only
    a date (optionally labelled, with a time, or one of several parts split by "|") or
    starts with a wire dateline ("SEOUL, April 27, 2018 —"). Bylines are skipped; dates
    inside ordinary sentences are never taken, nor a bare year.
    """
    leading = (line.strip() for line in lines if line.strip())
    for line in islice(leading, max_lines):
        if _BYLINE.match(line):
            continue
        found = _date_line(line) or _wire_dateline(line)
        if found is not None and found.precision is not Precision.YEAR:
            return found
    return None


def _date_line(line: str) -> PartialDate | None:
    """The date of a line that is only a date, or of its first part that is one ("Published: x | Updated: y")."""
    for part in _PART_SEPARATOR.split(line):
        found = parse_date(part)
        if found is not None:
            return found
    return None


def _wire_dateline(line: str) -> PartialDate | None:
    match = _WIRE.match(line)
    if match is None:
        return None
    return parse_date(match["date"])
