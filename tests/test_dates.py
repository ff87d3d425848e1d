"""Absolute dates: whole date strings, dates in running text, datelines under a headline."""

from __future__ import annotations

import pytest

from newsgraph.dates import find_date, find_dateline, parse_date
from newsgraph.records import PartialDate, Precision

DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR


# -- parse_date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        # ISO 8601 dates and datetimes, with and without a zone
        ("2019-01-08", "2019-01-08"),
        ("2019-01-08T09:00:00+00:00", "2019-01-08"),
        ("2025-03-14 10:22:01Z", "2025-03-14"),
        ("2018-11-30T23:15:00.250-05:00", "2018-11-30"),
        ("2017-07-04T06:00", "2017-07-04"),
        ("2019/01/08", "2019-01-08"),
        # RFC 822 / 2822, as in feeds and mail headers
        ("Thu, 20 Jun 2019 08:30:00 +0000", "2019-06-20"),
        ("Mon, 07 Jan 2019 23:59:59 -0500", "2019-01-07"),
        ("Sat, 2 Mar 2019 14:00:00 GMT", "2019-03-02"),
        ("Thu, 20 Jun 19 08:30:00 GMT", "2019-06-20"),
        ("20 Jun 2019", "2019-06-20"),
        # month first
        ("January 8, 2019", "2019-01-08"),
        ("Jan. 8, 2019", "2019-01-08"),
        ("Jan 8 2019", "2019-01-08"),
        ("JANUARY 8, 2019", "2019-01-08"),
        ("Tuesday, January 8, 2019", "2019-01-08"),
        ("Tues. Jan. 8, 2019", "2019-01-08"),
        ("January 8, 2019 GMT", "2019-01-08"),
        ("January 8, 2019 10:30 AM EST", "2019-01-08"),
        ("January 8, 2019, 10:30", "2019-01-08"),
        ("November 3, 2020 at 9 p.m. PT", "2020-11-03"),
        ("June 30th, 2019", "2019-06-30"),
        ("March 1st 2019", "2019-03-01"),
        ("Sept. 4, 2019", "2019-09-04"),
        ("Sep 4, 2019", "2019-09-04"),
        ("Jan 8, '19", "2019-01-08"),
        ("Dec. 31, '99", "1999-12-31"),
        ("5:39 AM ET, Tue January 8, 2019", "2019-01-08"),
        # day first
        ("8 January 2019", "2019-01-08"),
        ("Tuesday 8 January 2019", "2019-01-08"),
        ("Tue 8 Jan 2019 12.00 GMT", "2019-01-08"),
        ("22nd of February, 2019", "2019-02-22"),
        ("the 1st of March 2019", "2019-03-01"),
        # labels in front
        ("Published: 12 June 2018", "2018-06-12"),
        ("Updated Jan. 8, 2019 5:00 p.m. ET", "2019-01-08"),
        ("Posted on June 30th, 2019", "2019-06-30"),
        ("Date: 2019-01-08", "2019-01-08"),
        ("Last modified on Tue 8 Jan 2019 12.00 GMT", "2019-01-08"),
        ("First published on Wed 9 Jan 2019 03.00 GMT", "2019-01-09"),
        ("  updated — 4 July 2018  ", "2018-07-04"),
        # numeric forms only when the order cannot matter
        ("25/12/2018", "2018-12-25"),
        ("12/25/2018", "2018-12-25"),
        ("25.12.2018", "2018-12-25"),
        ("31-01-2019", "2019-01-31"),
        ("05/05/2019", "2019-05-05"),
        ("13/01/19", "2019-01-13"),
        # leap years
        ("2020-02-29", "2020-02-29"),
        ("February 29, 2000", "2000-02-29"),
    ],
)
def test_parse_date_reads_a_day(value: str, iso: str) -> None:
    assert parse_date(value) == PartialDate(iso, DAY)


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2019-01", "2019-01"),
        ("June 2019", "2019-06"),
        ("Feb. 2019", "2019-02"),
        ("June, 2019", "2019-06"),
        ("SEPT 2018", "2018-09"),
        ("June '19", "2019-06"),
        ("Updated: March 2020", "2020-03"),
    ],
)
def test_parse_date_reads_a_month(value: str, iso: str) -> None:
    assert parse_date(value) == PartialDate(iso, MONTH)


@pytest.mark.parametrize("value", ["2019", "1900", "2100", " 2019 "])
def test_parse_date_reads_a_year(value: str) -> None:
    assert parse_date(value) == PartialDate(value.strip(), YEAR)


@pytest.mark.parametrize(
    "value",
    [
        "February 30, 2019",
        "2019-02-29",
        "April 31, 2018",
        "32 January 2019",
        "0 January 2019",
        "2019-13",
        "2019-00",
        "2019-06-00",
        "13/13/2019",
    ],
)
def test_parse_date_rejects_dates_not_on_the_calendar(value: str) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize("value", ["1850", "1899-12-31", "2101", "June 2150", "8 January 1776"])
def test_parse_date_rejects_years_out_of_range(value: str) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize("value", ["12/06/2018", "03/04/19", "1.2.2019", "06-07-2020", "11/12/2013 10:00"])
def test_parse_date_refuses_ambiguous_numeric_dates(value: str) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "yesterday",
        "June 19",  # a day without a year, not June 2019
        "12 June",
        "Spring 2019",
        "January 8, 2019 and the talks went on",
        "Kim arrived on January 8, 2019",
        "Published:",
        "Marchers 2019",
    ],
)
def test_parse_date_returns_none_for_what_is_not_one_date(value: str) -> None:
    assert parse_date(value) is None


def test_parse_date_start_pads_partial_dates() -> None:
    month = parse_date("June 2019")
    assert month is not None
    assert month.start == "2019-06-01"


# -- find_date ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "precision", "span_text"),
    [
        ("The summit took place on June 12, 2018, in Singapore.", "2018-06-12", DAY, "June 12, 2018"),
        ("Talks began in February 2019 and stalled.", "2019-02", MONTH, "February 2019"),
        ("Officials met on Tuesday, 8 January 2019, in Beijing.", "2019-01-08", DAY, "Tuesday, 8 January 2019"),
        ("A filing dated 2019-03-04 showed the loans.", "2019-03-04", DAY, "2019-03-04"),
        ("It fell apart on Feb. 28th, 2019, in Hanoi.", "2019-02-28", DAY, "Feb. 28th, 2019"),
        ("The deal (signed Sept 19 '18) lapsed.", "2018-09-19", DAY, "Sept 19 '18"),
        ("In March 2019 and again on 8 June 2019 they spoke.", "2019-03", MONTH, "March 2019"),
        ("They spoke on 8 June 2019.", "2019-06-08", DAY, "8 June 2019"),
        ("February 30, 2019 is no date, but March 1, 2019 is.", "2019-03-01", DAY, "March 1, 2019"),
        ("THE TALKS OF APRIL 27, 2018 WERE HISTORIC", "2018-04-27", DAY, "APRIL 27, 2018"),
    ],
)
def test_find_date_finds_the_first_date_and_its_span(
    text: str, iso: str, precision: Precision, span_text: str
) -> None:
    found = find_date(text)
    assert found is not None
    date, start, end = found
    assert date == PartialDate(iso, precision)
    assert text[start:end] == span_text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Nothing was agreed on Tuesday.",
        "They met on 8 June and again on 12 June.",
        "On June 8, 19 people were hurt.",  # no bare two-digit year in running text
        "Turnout in 2019 was low.",  # a year alone is not a date here
        "the plan may 2019 be revived",  # lower-case "may" is a verb
        "Traffic on 12/06/2018 was heavy.",  # numeric forms are not looked for in text
    ],
)
def test_find_date_returns_none_without_a_dated_expression(text: str) -> None:
    assert find_date(text) is None


# -- find_dateline ------------------------------------------------------------------------

BODY = "The two leaders shook hands before the cameras and walked into the talks together."


@pytest.mark.parametrize(
    ("lines", "iso"),
    [
        (["Published: 12 June 2018", BODY], "2018-06-12"),
        (["", "January 8, 2019 GMT", "", BODY], "2019-01-08"),
        (["Updated Jan. 8, 2019 5:00 p.m. ET", BODY], "2019-01-08"),
        (["Tuesday 8 January 2019", BODY], "2019-01-08"),
        (["Published: 12 June 2018 | Updated: 13 June 2018", BODY], "2018-06-12"),
        (["Staff reporter · 3 March 2019", BODY], "2019-03-03"),
        (["By Jane Doe", "March 3, 2019", BODY], "2019-03-03"),
        (["BY JOHN ROE AND JANE DOE", "", "Thu, 20 Jun 2019 08:30:00 +0000", BODY], "2019-06-20"),
        (["SEOUL, April 27, 2018 — South Korean President Moon Jae-in crossed the line."], "2018-04-27"),
        (["PANMUNJOM, South Korea, April 27, 2018 — The two leaders met at the border."], "2018-04-27"),
        (["HANOI, Vietnam, Feb. 28, 2019 -- The summit ended early."], "2019-02-28"),
        (["WASHINGTON, June 12, 2018 (Reuters) - The White House said on Tuesday..."], "2018-06-12"),
        (["SEOUL (Reuters) - April 27, 2018 - North Korea's leader walked across."], "2018-04-27"),
        (["BEIJING, Jan. 8 2019 – Chinese state media reported the visit."], "2019-01-08"),
        (["NEW YORK, 4 July 2018 — Fireworks lit the river."], "2018-07-04"),
        (["By Jane Doe", "SINGAPORE, June 12, 2018 — The handshake lasted 12 seconds."], "2018-06-12"),
    ],
)
def test_find_dateline_finds_a_date_line_or_a_wire_dateline(lines: list[str], iso: str) -> None:
    assert find_dateline(lines) == PartialDate(iso, DAY)


def test_find_dateline_keeps_month_precision() -> None:
    assert find_dateline(["June 2019", BODY]) == PartialDate("2019-06", MONTH)


@pytest.mark.parametrize(
    "lines",
    [
        [],
        ["", "   "],
        [BODY],
        ["On June 12, 2018, the two leaders met in Singapore."],
        ["The meeting, held June 12, 2018, was the first of its kind."],
        ["By Jane Doe, June 12, 2018"],  # a byline is skipped, dates and all
        ["By Jane Doe | June 12, 2018"],
        ["WASHINGTON (AP) — The president said on June 12, 2018 that talks would go on."],
        ["SEOUL, which hosted the talks on April 27, 2018 — said little."],
        ["Seoul, April 27, 2018 — the place is not in capitals."],
        ["SEOUL, 2018 — a year is not a dateline."],
        ["2019", BODY],  # a bare year is not a publication date
        ["SEOUL, April 27 (Reuters) - North Korea's leader crossed the border."],  # no year
        ["12/06/2018", BODY],  # ambiguous
    ],
)
def test_find_dateline_returns_none_without_a_dateline(lines: list[str]) -> None:
    assert find_dateline(lines) is None


def test_find_dateline_reads_only_the_first_non_empty_lines() -> None:
    lines = ["", "By Jane Doe", "", *[BODY] * 5, "June 12, 2018"]
    assert find_dateline(lines) is None
    assert find_dateline(lines, max_lines=7) == PartialDate("2018-06-12", DAY)


def test_find_dateline_does_not_count_blank_lines() -> None:
    lines = ["", "", "", BODY, "", "", BODY, "", "June 12, 2018"]
    assert find_dateline(lines, max_lines=3) == PartialDate("2018-06-12", DAY)


def test_find_dateline_takes_the_first_date_line() -> None:
    lines = ["SEOUL, April 27, 2018 — The leaders met.", "Updated April 28, 2018"]
    assert find_dateline(lines) == PartialDate("2018-04-27", DAY)


@pytest.mark.parametrize("text", [
    "The accord was signed on June 12, 2018, in Singapore.",
    "Talks began in January 2019 and ended on 8 Feb 2020.",
    "The report (2019-03-14) was filed late.",
    "sanctions since Sept. '18",
    "no date here at all",
    "Some 2,000 troops and 45 tanks crossed the border.",
    "They may meet in May, though not before 2019.",
    "Mar-a-Lago hosted 12 guests.",
    "Release 2019-3-14 is not an ISO date.",
    "Dec 25",
])
def test_may_hold_date_is_false_only_where_find_date_finds_nothing(text: str) -> None:
    from newsgraph.dates import may_hold_date

    found = find_date(text)
    assert may_hold_date(text) or found is None
    for start in range(len(text)):  # and in every part of it, as timex asks clause by clause
        assert may_hold_date(text) or find_date(text[start:]) is None
    if found is not None:
        assert may_hold_date(text)


def test_may_hold_date_rules_out_text_without_year_digits_or_month() -> None:
    from newsgraph.dates import may_hold_date

    assert may_hold_date("on June 12, 2018") and may_hold_date("on 2018-06-12")
    assert not may_hold_date("on June 1") and not may_hold_date("2,000 troops")
