"""GDELT 2.0 event export: 61 tab-separated columns per merged event, dated by the event."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import newsgraph
from newsgraph import geography
from newsgraph.cli import app
from newsgraph.gdelt import (
    GDELT_COLUMNS,
    GdeltActor,
    GdeltEvent,
    GdeltGeo,
    actor_columns,
    country_geo,
    event_code,
    event_day,
    fips,
    fraction_date,
    global_event_id,
    place_geo,
    to_tsv,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
COL = {name: i for i, name in enumerate(GDELT_COLUMNS)}


def rows_of(text: str) -> list[list[str]]:
    """Tab-separated lines as lists of cells (the file must end in a newline)."""
    assert text.endswith("\n")
    return [line.split("\t") for line in text[:-1].split("\n")] if text else []


@pytest.fixture(scope="module")
def demo_rows(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> list[list[str]]:
    target = tmp_path_factory.mktemp("gdelt-out") / "events.tsv"
    with newsgraph.open(demo_db, read_only=True) as graph:
        graph.export(target, "gdelt")
    return rows_of(target.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (SHARED / "tools" / "seeds_jsonl.py").exists():
        pytest.skip("../shared is not there")
    folder = tmp_path_factory.mktemp("seeds")
    listing = subprocess.run([sys.executable, str(SHARED / "tools" / "seeds_jsonl.py")], capture_output=True,
                             text=True, check=True)
    (folder / "seeds.jsonl").write_text(listing.stdout, encoding="utf-8")
    with newsgraph.open(folder / "seeds.duckdb") as graph:
        assert graph.ingest(folder / "seeds.jsonl").stored == 2
    return folder / "seeds.duckdb"


@pytest.fixture
def seeds(seeds_db: Path) -> Iterator[newsgraph.Newsgraph]:
    with newsgraph.open(seeds_db, read_only=True) as graph:
        yield graph


# -- the demo corpus -------------------------------------------------------------------------------


def test_one_row_of_61_columns_per_merged_event(demo_db: Path, demo_rows: list[list[str]]) -> None:
    assert len(GDELT_COLUMNS) == 61 == len(set(GDELT_COLUMNS))
    with newsgraph.open(demo_db, read_only=True) as graph:
        merged = graph.store.query("SELECT id FROM merged_events")
    assert len(demo_rows) == len(merged) > 50
    assert {len(row) for row in demo_rows} == {61}
    assert demo_rows[0][0].isdigit()  # no header row, as in GDELT's files
    assert len({row[COL["GLOBALEVENTID"]] for row in demo_rows}) == len(demo_rows)


def test_dates_and_numbers_parse(demo_rows: list[list[str]]) -> None:
    for row in demo_rows:
        cell = dict(zip(GDELT_COLUMNS, row, strict=True))
        day = dt.datetime.strptime(cell["SQLDATE"], "%Y%m%d").date()
        assert len(cell["SQLDATE"]) == 8 and cell["MonthYear"] == cell["SQLDATE"][:6]
        assert cell["Year"] == cell["SQLDATE"][:4]
        assert day.year <= float(cell["FractionDate"]) < day.year + 1
        assert -10 <= float(cell["GoldsteinScale"]) <= 10
        assert cell["QuadClass"] in {"1", "2", "3", "4"}
        assert cell["EventCode"].isdigit() and len(cell["EventCode"]) in (3, 4)
        assert cell["EventBaseCode"] == cell["EventCode"][:3] and cell["EventRootCode"] == cell["EventCode"][:2]
        assert int(cell["NumMentions"]) >= int(cell["NumArticles"]) >= int(cell["NumSources"]) >= 1
        assert cell["IsRootEvent"] in {"0", "1"} and cell["AvgTone"] == ""
        dt.datetime.strptime(cell["DATEADDED"], "%Y%m%d%H%M%S")
        assert 0 < int(cell["GLOBALEVENTID"]) < 2**63  # fits a signed 64-bit integer
        assert cell["SOURCEURL"]


def test_geography_columns_parse(demo_rows: list[list[str]]) -> None:
    types = set()
    for row in demo_rows:
        for who in ("Actor1", "Actor2", "Action"):
            geo = {part: row[COL[f"{who}Geo_{part}"]] for part in ("Type", "CountryCode", "Lat", "Long")}
            types.add(int(geo["Type"]))
            if geo["Type"] != "0":
                assert len(geo["CountryCode"]) == 2 and geo["CountryCode"].isupper()
            if geo["Lat"]:
                assert -90 <= float(geo["Lat"]) <= 90 and -180 <= float(geo["Long"]) <= 180
    assert {0, 1, 4} <= types <= {0, 1, 2, 3, 4, 5}


def test_event_date_is_the_event_not_the_report(demo_db: Path, demo_rows: list[list[str]]) -> None:
    with newsgraph.open(demo_db, read_only=True) as graph:
        merged = graph.store.query("SELECT id, date, date_precision, first_reported FROM merged_events")
    by_id = {global_event_id(m["id"]): m for m in merged}
    checked = {"day": 0, "month": 0, "unknown": 0}
    for row in demo_rows:
        event = by_id[int(row[COL["GLOBALEVENTID"]])]
        if event["date_precision"] == "day":
            assert row[COL["SQLDATE"]] == event["date"].replace("-", "")
        elif event["date_precision"] == "month":
            assert row[COL["SQLDATE"]] == event["date"].replace("-", "") + "01"
        elif event["date"] is None and event["first_reported"] is not None:
            assert row[COL["SQLDATE"]] == event["first_reported"].strftime("%Y%m%d")
        checked[event["date_precision"]] = checked.get(event["date_precision"], 0) + 1
    assert all(checked[k] for k in ("day", "month", "unknown")), checked
    # Some events happened long before they were reported: the row must carry the event's date.
    earlier = [m for m in merged if m["date"] and m["first_reported"]
               and m["date"][:4] < str(m["first_reported"].year)]
    assert earlier


# -- the seed articles -----------------------------------------------------------------------------


def test_seed_beijing_meeting_row(seeds: newsgraph.Newsgraph) -> None:
    rows = seeds.export(fmt="gdelt")["rows"]
    hosted = [r for r in rows if r[COL["EventCode"]] == "043" and r[COL["Actor1Name"]] == "XI JINPING"]
    assert len(hosted) == 1
    cell = dict(zip(GDELT_COLUMNS, hosted[0], strict=True))
    assert (cell["SQLDATE"], cell["MonthYear"], cell["Year"], cell["FractionDate"]) == (
        "20190108", "201901", "2019", "2019.0192")
    assert (cell["Actor1Code"], cell["Actor1CountryCode"], cell["Actor1Type1Code"]) == ("CHNGOV", "CHN", "GOV")
    assert (cell["Actor2Code"], cell["Actor2Name"]) == ("PRKGOV", "KIM JONG-UN")
    assert (cell["NumSources"], cell["NumArticles"]) == ("2", "2")
    assert int(cell["NumMentions"]) >= 2
    assert (cell["EventBaseCode"], cell["EventRootCode"], cell["QuadClass"]) == ("043", "04", "1")
    assert cell["IsRootEvent"] == "1"  # "Chinese President Xi Jinping hosted ..." is the lead
    assert (cell["ActionGeo_Type"], cell["ActionGeo_FullName"], cell["ActionGeo_CountryCode"],
            cell["ActionGeo_ADM1Code"]) == ("4", "Beijing", "CH", "CH22")
    assert abs(float(cell["ActionGeo_Lat"]) - 39.9) < 0.1 and abs(float(cell["ActionGeo_Long"]) - 116.4) < 0.1
    assert (cell["Actor1Geo_Type"], cell["Actor1Geo_CountryCode"], cell["Actor2Geo_CountryCode"]) == ("1", "CH", "KN")
    assert cell["SOURCEURL"] == "000_be1492698f019d6f"  # no url: the first report's external id


def test_undated_seed_events_take_the_first_report_date(seeds: newsgraph.Newsgraph) -> None:
    undated = {global_event_id(m["id"]): m["first_reported"] for m in seeds.store.query(
        "SELECT id, first_reported FROM merged_events WHERE date IS NULL AND first_reported IS NOT NULL")}
    assert undated
    for row in seeds.export(fmt="gdelt")["rows"]:
        if int(row[0]) in undated:
            assert row[COL["SQLDATE"]] == undated[int(row[0])].strftime("%Y%m%d")


def test_cli_gdelt_stdout_file_and_header(seeds_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(app, ["export", "--format", "gdelt", "--db", str(seeds_db)])
    assert printed.exit_code == 0, printed.output
    target = tmp_path / "events.tsv"
    written = runner.invoke(app, ["export", "-f", "gdelt", "-o", str(target), "--db", str(seeds_db)])
    assert written.exit_code == 0 and written.stdout == ""
    assert f"GDELT events to {target}" in written.stderr
    assert target.read_text(encoding="utf-8") == printed.stdout
    headed = runner.invoke(app, ["export", "-f", "gdelt", "--header", "--db", str(seeds_db)])
    lines = headed.stdout.split("\n")
    assert lines[0].split("\t") == list(GDELT_COLUMNS)
    assert "\n".join(lines[1:]) == printed.stdout


def test_cli_gdelt_refuses_a_directory_as_file(seeds_db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "-f", "gdelt", "-o", str(tmp_path), "--db", str(seeds_db)])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


# -- the mapping, one piece at a time ----------------------------------------------------------------


def test_event_codes_are_zero_padded_strings() -> None:
    assert [event_code(c) for c in ("04", "043", "0841", "190", "4")] == ["040", "043", "0841", "190", "040"]
    assert global_event_id("ffffffffffffffff") == 2**60 - 1 < 2**63  # signed 64-bit in any loader
    assert global_event_id("0123456789abcdef") == 0x0123456789ABCDE


def test_event_day_precisions_and_fallbacks() -> None:
    stored = dt.datetime(2021, 3, 30, 10, 5, 0)
    assert event_day("2019-01-08", dt.date(2019, 6, 17), stored) == dt.date(2019, 1, 8)
    assert event_day("2019-05", None, stored) == dt.date(2019, 5, 1)
    assert event_day("2018", None, stored) == dt.date(2018, 1, 1)
    assert event_day(None, dt.date(2019, 6, 17), stored) == dt.date(2019, 6, 17)
    assert event_day(None, None, stored) == dt.date(2021, 3, 30)


def test_fraction_date() -> None:
    assert fraction_date(dt.date(2019, 1, 1)) == 2019.0
    assert fraction_date(dt.date(2019, 7, 2)) == round(2019 + 182 / 365, 4)
    assert fraction_date(dt.date(2020, 12, 31)) == round(2020 + 365 / 366, 4) < 2021


def test_actor_codes() -> None:
    assert actor_columns({"name": "Xi Jinping", "type": "person", "country": "CHN", "sector": "GOV"}) == \
        GdeltActor("CHNGOV", "XI JINPING", "CHN", "GOV")
    assert actor_columns({"name": "North Korea", "type": "country", "country": "PRK", "sector": None}) == \
        GdeltActor("PRK", "NORTH KOREA", "PRK", "")
    assert actor_columns({"name": "United Nations", "type": "organization", "country": None,
                          "sector": "IGO"}).code == "IGO"
    party = actor_columns({"name": "Workers' Party", "type": "organization", "country": "PRK", "sector": "PTY"})
    assert (party.code, party.type1) == ("PRK", "")  # PTY is no CAMEO type
    assert actor_columns(None).cells() == [""] * 10


def test_every_country_has_a_fips_code() -> None:
    missing = [c.iso3 for c in geography.countries() if not fips(c.iso3)]
    assert missing == []
    assert (fips("PRK"), fips("KOR"), fips("CHN"), fips("USA"), fips("XKX"), fips("DEU")) == (
        "KN", "KS", "CH", "US", "KV", "GM")
    assert fips(None) == fips("ZZZ") == ""


def test_place_types() -> None:
    assert country_geo("PRK").cells()[:4] == ["1", "North Korea", "KN", "KN"]
    washington = place_geo("Washington", "USA", 38.895, -77.036)
    assert (washington.type, washington.adm1) == (3, "USDC")
    texas = place_geo("Texas", "USA", None, None)
    assert (texas.type, texas.country, texas.adm1) == (2, "US", "USTX")
    siberia = place_geo("Siberia", "RUS", 60.0, 100.0)
    assert (siberia.type, siberia.country, siberia.adm1) == (5, "RS", "RS")
    across = place_geo("Korean Peninsula", None, 38.0, 127.5)
    assert across.cells() == ["0", "Korean Peninsula", "", "", "", "38.0000", "127.5000", ""]
    assert place_geo(None, None, None, None) == GdeltGeo()


# -- any text in any cell still gives one line of 61 cells -------------------------------------------

ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=200, deadline=None)
@given(names=st.lists(ANY_TEXT, min_size=3, max_size=3), url=ANY_TEXT,
       day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       goldstein=st.floats(-10, 10), header=st.booleans())
def test_rows_are_always_one_line_of_61_cells(names: list[str], url: str, day: dt.date, goldstein: float,
                                              header: bool) -> None:
    event = GdeltEvent(
        global_event_id=global_event_id("0123456789abcdef"), day=day, event_code="043", quad_class=1,
        goldstein=goldstein, num_mentions=2, num_sources=1, num_articles=2, is_root=True,
        date_added=dt.datetime(2024, 2, 29, 23, 59, 1), source_url=url,
        actor1=GdeltActor("CHNGOV", names[0], "CHN", "GOV"), actor2=GdeltActor(name=names[1]),
        action_geo=GdeltGeo(4, names[2], "CH", "CH22", 39.9, 116.4, "1816670"))
    cells = event.cells()
    text = to_tsv([cells, cells], header=header)
    rows = rows_of(text)
    assert len(text.splitlines()) == len(rows) == 2 + header
    assert all(len(row) == 61 for row in rows)
    assert rows[-1] == cells
    assert cells[COL["SQLDATE"]] == day.strftime("%Y%m%d") and float(cells[COL["GoldsteinScale"]]) == goldstein
    breaks = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    assert cells[COL["Actor1Name"]] == "".join(" " if c in breaks else c for c in names[0])
