"""Output formats: every format parses back to the rows it was given."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.errors import UsageError
from newsgraph.output import FORMATS, render, render_record

ROWS: list[dict[str, Any]] = [
    {"id": "a1b2", "title": 'Kim, Xi talk "strategy"', "n_tokens": 412, "published": date(2019, 1, 8),
     "source": None, "meta": {"section": "Asia", "tags": ["nk", "cn"]}},
    {"id": "c3d4", "title": "Pyongyang’s\ttab and\nnewline", "n_tokens": 0, "published": None,
     "source": "Wire", "meta": None},
]
# What each row becomes as text (csv, tsv, table) and as JSON.
AS_TEXT = [
    {"id": "a1b2", "title": 'Kim, Xi talk "strategy"', "n_tokens": "412", "published": "2019-01-08",
     "source": "", "meta": '{"section": "Asia", "tags": ["nk", "cn"]}'},
    {"id": "c3d4", "title": "Pyongyang’s\ttab and\nnewline", "n_tokens": "0", "published": "",
     "source": "Wire", "meta": ""},
]
AS_JSON = [
    {"id": "a1b2", "title": 'Kim, Xi talk "strategy"', "n_tokens": 412, "published": "2019-01-08",
     "source": None, "meta": {"section": "Asia", "tags": ["nk", "cn"]}},
    {"id": "c3d4", "title": "Pyongyang’s\ttab and\nnewline", "n_tokens": 0, "published": None,
     "source": "Wire", "meta": None},
]


def rendered(rows: list[dict[str, Any]], fmt: str, **options: Any) -> str:
    out = io.StringIO()
    render(rows, fmt, out=out, **options)
    return out.getvalue()


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_delimited_formats_parse_back(fmt: str, delimiter: str) -> None:
    text = rendered(ROWS, fmt)
    assert text.splitlines()[0] == delimiter.join(ROWS[0])
    assert list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)) == AS_TEXT


def test_json_parses_back() -> None:
    assert json.loads(rendered(ROWS, "json")) == AS_JSON


def test_jsonl_parses_back_one_row_a_line() -> None:
    lines = rendered(ROWS, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == AS_JSON


def test_json_keeps_unicode_readable() -> None:
    assert "Pyongyang’s" in rendered(ROWS, "json")
    assert "Pyongyang’s" in rendered(ROWS, "jsonl")


def test_table_contains_the_values_and_title() -> None:
    text = rendered(ROWS, "table", title="2 articles")
    assert "2 articles" in text
    for name in ROWS[0]:
        assert name in text
    for value in ("a1b2", "c3d4", "412", "2019-01-08", "Wire", "Asia"):
        assert value in text
    assert "\x1b[" not in text  # no terminal colour codes when writing to a file


def test_columns_pick_and_order() -> None:
    text = rendered(ROWS, "csv", columns=["source", "id", "missing"])
    assert text == "source,id,missing\n,a1b2,\nWire,c3d4,\n"
    assert json.loads(rendered(ROWS, "json", columns=["id"])) == [{"id": "a1b2"}, {"id": "c3d4"}]


def test_columns_are_the_union_of_row_keys_in_first_seen_order() -> None:
    text = rendered([{"a": 1}, {"b": 2, "a": 3}], "csv")
    assert text == "a,b\n1,\n3,2\n"


@pytest.mark.parametrize(("fmt", "expected"), [("json", "[]\n"), ("jsonl", ""), ("csv", "id,title\n")])
def test_no_rows(fmt: str, expected: str) -> None:
    assert rendered([], fmt, columns=["id", "title"]) == expected


def test_timestamps_render_as_iso() -> None:
    row = {"at": datetime(2020, 5, 12, 9, 30, 5)}
    assert rendered([row], "csv") == "at\n2020-05-12T09:30:05\n"
    assert json.loads(rendered([row], "jsonl")) == {"at": "2020-05-12T09:30:05"}


@pytest.mark.parametrize("fmt", ["xml", "CSV", "", "parquet-ish"])
def test_unknown_format(fmt: str) -> None:
    with pytest.raises(UsageError) as caught:
        rendered(ROWS, fmt)
    assert repr(fmt) in str(caught.value)
    for known in FORMATS:
        assert known in str(caught.value)


def test_render_writes_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    render(ROWS, "jsonl")
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == AS_JSON


RECORD = {"articles": 3, "first_published": date(2019, 1, 8), "languages": {"en": 2, "fr": 1}, "none": None}


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_render_record_as_an_object(fmt: str) -> None:
    out = io.StringIO()
    render_record(RECORD, fmt, out=out)
    assert json.loads(out.getvalue()) == {"articles": 3, "first_published": "2019-01-08",
                                          "languages": {"en": 2, "fr": 1}, "none": None}
    assert len(out.getvalue().splitlines()) == (1 if fmt == "jsonl" else 9)


def test_render_record_as_field_value_rows() -> None:
    out = io.StringIO()
    render_record(RECORD, "csv", out=out)
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["field", "value"], ["articles", "3"], ["first_published", "2019-01-08"],
        ["languages", '{"en": 2, "fr": 1}'], ["none", ""]]
    table = io.StringIO()
    render_record(RECORD, "table", out=table)
    assert "first_published" in table.getvalue() and "2019-01-08" in table.getvalue()


def test_render_record_unknown_format() -> None:
    with pytest.raises(UsageError):
        render_record(RECORD, "yaml", out=io.StringIO())


cells = st.one_of(st.none(), st.integers(-10**12, 10**12), st.booleans(),
                  st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r"), max_size=20))


@settings(max_examples=50, deadline=None, database=None)
@given(rows=st.lists(st.fixed_dictionaries({"id": cells, "title": cells, "n": cells}), max_size=5))
def test_csv_and_jsonl_round_trip(rows: list[dict[str, Any]]) -> None:
    def as_text(value: Any) -> str:
        return "" if value is None else str(value)

    back = list(csv.DictReader(io.StringIO(rendered(rows, "csv", columns=["id", "title", "n"]), newline="")))
    assert back == [{k: as_text(v) for k, v in row.items()} for row in rows]
    assert [json.loads(line) for line in rendered(rows, "jsonl").split("\n")[:-1]] == rows
