"""Readers of newsgraph.ingest: every format, every bad input, stdin, ids and text cleaning.

Fixture files live in tests/fixtures/ingest/ (all invented text); inputs that are
only interesting for being broken are built in tmp_path. No spaCy model is needed.
"""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsgraph.ingest import (
    ReadOptions,
    binary_kind,
    clean_text,
    content_id,
    decode,
    discover,
    html_to_text,
    read_inputs,
    read_path,
    read_stdin,
    record_article,
    sniff_format,
)
from newsgraph.records import Article, PartialDate, Precision, Problem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD = FIXTURES / "undated_note.txt"  # read alongside every bad input: one bad input must not stop a batch
GOOD_TITLE = "Library extends opening hours for exam season"


def day(iso: str) -> PartialDate:
    return PartialDate(iso, Precision.DAY)


def read_all(*inputs: Path | str, **options: object) -> tuple[list[Article], list[Problem]]:
    """Articles and problems from read_inputs over the inputs, in order."""
    items = list(read_inputs([str(item) for item in inputs], ReadOptions(**options)))  # type: ignore[arg-type]
    articles = [item for item in items if isinstance(item, Article)]
    problems = [item for item in items if isinstance(item, Problem)]
    assert len(articles) + len(problems) == len(items)
    return articles, problems


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def only_problem(problems: list[Problem], where: Path | str, *words: str, severity: str = "error") -> Problem:
    """The one problem, checked to name ``where`` and to say each of ``words`` (case-insensitive)."""
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.where == str(where)
    assert problem.severity == severity
    for word in words:
        assert word.lower() in problem.reason.lower(), (word, problem.reason)
    return problem


def assert_good_still_read(articles: list[Article]) -> None:
    assert [article.title for article in articles] == [GOOD_TITLE]
    assert articles[0].origin == str(GOOD)


SHORT_ARTICLE = (
    "Volunteers planted four hundred oak saplings along the river meadow on Sunday, "
    "and the parks department said it would water them through the summer."
)


# -- 1. each reader on a realistic input ------------------------------------------------------------


def test_text_file_headline_and_published_line() -> None:
    path = FIXTURES / "harbour_reopens.txt"
    articles, problems = read_all(path)
    assert problems == []
    [article] = articles
    assert article.title == "Harbour at Lindqvist Bay reopens after winter storms"
    assert article.published == day("2021-03-03")
    assert article.published.precision is Precision.DAY
    assert article.external_id == "harbour_reopens"
    assert article.origin == str(path)
    assert article.id == content_id(article.text)
    assert not article.text.startswith("Harbour at Lindqvist Bay")  # the headline is not body text
    assert article.text.endswith("the fish market would resume trading on Friday.")
    assert "\n\nHarbourmaster Ilse Varga" in article.text
    assert article.language == "en"
    assert article.notes == []


def test_text_file_wire_dateline() -> None:
    [article], problems = read_all(FIXTURES / "geneva_talks.txt")
    assert problems == []
    assert article.title == "Water-sharing talks resume between upstream and downstream states"
    assert article.published == day("2021-03-04")
    assert article.text.startswith("GENEVA, March 4, 2021 — Delegations from four river states")
    assert article.external_id == "geneva_talks"


def test_text_file_without_date_has_no_published() -> None:
    [article], problems = read_all(GOOD)
    assert problems == []
    assert article.published is None
    assert article.source is None
    assert article.title == GOOD_TITLE
    assert article.external_id == "undated_note"


def test_one_line_text_file_is_all_text(tmp_path: Path) -> None:
    path = write(tmp_path, "oneliner.txt", SHORT_ARTICLE + "\n")
    [article], problems = read_all(path)
    assert problems == []
    assert article.text == SHORT_ARTICLE
    assert article.title == SHORT_ARTICLE


def test_html_page_article_found_in_boilerplate() -> None:
    path = FIXTURES / "council_vote.html"
    [article], problems = read_all(path)
    assert problems == []
    text = article.text
    assert text.startswith("The Marrowick city council voted on Thursday evening")  # no <h1>, no byline
    assert "\nTwenty-nine councillors backed the plan and fourteen opposed it." in text
    assert text.rstrip().endswith("the council's transport office said.")
    for boilerplate in ("cookie", "Accept all", "Subscribe", "Weather", "Related stories", "Bus fares to rise",
                        "Comments", "GreenCommuter42", "waste of money", "Copyright", "Privacy policy",
                        "Terms of use"):
        assert boilerplate not in text, boilerplate
    assert article.title == "Council approves new tram line to the eastern districts"
    assert article.author == "Petra Oyelaran"
    assert article.source == "The Marrowick Courier"
    assert article.published == day("2021-03-05")
    assert article.url == "https://courier.example.org/city/2021/03/05/tram-line-approved"
    assert article.external_id == "council_vote"
    assert article.language == "en"


def test_html_reader_emits_no_warnings() -> None:
    # Warnings fail the test run (pyproject filterwarnings); a deprecated trafilatura argument must not warn.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        items = list(read_path(FIXTURES / "council_vote.html", ReadOptions()))
    assert [type(item).__name__ for item in items] == ["Article"], items


def test_rss_feed_one_article_per_entry() -> None:
    path = FIXTURES / "regional_wire.rss"
    articles, problems = read_all(path)
    assert problems == []
    assert [a.external_id for a in articles] == ["ncw-2021-0311", "ncw-2021-0312"]
    assert [a.origin for a in articles] == [f"{path}#1", f"{path}#2"]
    assert [a.published for a in articles] == [day("2021-03-11"), day("2021-03-12")]
    assert {a.source for a in articles} == {"Northcoast Regional Wire"}
    assert [a.title for a in articles] == ["Ferry operator adds winter sailings to the islands",
                                           "Wind farm application withdrawn"]
    assert [a.author for a in articles] == ["Jonas Abernathy", None]
    assert articles[0].url == "https://wire.example.net/2021/03/ferry-winter-sailings"
    # content:encoded wins over the one-line description; tags go, paragraphs stay apart.
    assert articles[0].text == (
        "The ferry operator serving the Skerrow islands will add two extra sailings a week during the "
        "winter months, the company announced on Thursday.\n\n"
        "Island residents had complained for years that a single weekly crossing left them without fresh "
        "food when storms cancelled it."
    )
    assert "<" not in articles[1].text and ">" not in articles[1].text
    assert "citing objections from the regional planning board.\n\nThe company said" in articles[1].text


def test_atom_feed() -> None:
    path = FIXTURES / "science_desk.atom"
    [article], problems = read_all(path)
    assert problems == []
    assert article.external_id == "urn:uuid:glacier-survey-2021"
    assert article.origin == f"{path}#1"
    assert article.published == day("2021-04-01")  # <published>, not <updated>
    assert article.source == "Science Desk"
    assert article.author == "Mirela Santangelo"
    assert article.url == "https://science.example.com/glacier-survey"
    assert article.text == (
        "A three-year survey of the Veldt glacier found that its northern slopes lost ice twice as fast as "
        "its southern slopes.\n\nThe researchers said shifting wind patterns were the likeliest cause."
    )


def test_jsonl_records_with_extra_column_in_meta() -> None:
    path = FIXTURES / "articles.jsonl"
    articles, problems = read_all(path)
    assert problems == []
    first, second = articles
    assert first.external_id == "wire-001"
    assert first.title == "Bridge inspection finds corroded cables"
    assert first.text.startswith("Engineers inspecting the Westhaven suspension bridge")
    assert first.url == "https://news.example.com/bridge-cables"
    assert first.published == day("2021-05-06")
    assert first.source == "Westhaven Post"
    assert first.author == "Karin Delacroix"
    assert first.meta == {"section": "Transport"}
    assert first.origin == f"{path}:1"
    assert second.origin == f"{path}:2"
    assert second.published == PartialDate("2021-05", Precision.MONTH)
    assert second.meta == {"section": "Education"}


def test_json_array() -> None:
    path = FIXTURES / "articles.json"
    articles, problems = read_all(path)
    assert problems == []
    assert [a.external_id for a in articles] == ["arc-1", "arc-2"]
    assert [a.origin for a in articles] == [f"{path}#1", f"{path}#2"]
    assert [a.published for a in articles] == [day("2020-11-20"), day("2020-11-21")]
    assert articles[1].title == "Orchestra names new conductor"
    assert articles[1].source == "Arts Weekly"


def test_json_file_holding_json_lines_is_read_as_lines(tmp_path: Path) -> None:
    lines = [{"id": "a", "text": SHORT_ARTICLE}, {"id": "b", "text": SHORT_ARTICLE + " More."}]
    path = write(tmp_path, "export.json", "\n".join(json.dumps(line) for line in lines) + "\n")
    articles, problems = read_all(path)
    assert problems == []
    assert [(a.external_id, a.origin) for a in articles] == [("a", f"{path}:1"), ("b", f"{path}:2")]


def test_json_single_object(tmp_path: Path) -> None:
    path = write(tmp_path, "one.json", json.dumps({"title": "Oaks planted", "text": SHORT_ARTICLE}))
    [article], problems = read_all(path)
    assert problems == []
    assert article.external_id == "one-1"
    assert article.title == "Oaks planted"


@pytest.mark.parametrize("name", ["articles.csv", "articles.tsv"])
def test_delimited_text_with_commas_quotes_and_newlines(name: str) -> None:
    path = FIXTURES / name
    articles, problems = read_all(path)
    assert problems == []
    first, second = articles
    prefix = path.suffix[1:]
    assert [first.external_id, second.external_id] == [f"{prefix}-1", f"{prefix}-2"]
    assert first.title == 'Farmers protest "unfair" milk prices'
    assert first.text == ('Dairy farmers blocked the ring road on Tuesday, saying the price they are paid for milk '
                          'is "unfair".\n\nThe protest lasted, by police estimates, four hours.')
    assert first.published == day("2021-06-08")
    assert first.source == "Valley Gazette"
    assert first.origin == f"{path}:2"
    assert second.text == "Train drivers called off a planned strike after the operator improved its pay offer."
    assert second.meta == {}


def test_parquet(tmp_path: Path) -> None:
    import datetime as dt

    table = pa.table({
        "id": ["pq-1", "pq-2"],
        "title": ["Oaks planted by the river", "Night buses return"],
        "text": [SHORT_ARTICLE, "Night buses will run again on weekends from July, the transport office said."],
        "published": pa.array([dt.date(2021, 7, 1), None], type=pa.date32()),
        "source": ["Riverside News", None],
        "word_count": [25, 14],
    })
    path = tmp_path / "batch.parquet"
    pq.write_table(table, path)
    articles, problems = read_all(path)
    assert problems == []
    first, second = articles
    assert [first.external_id, second.external_id] == ["pq-1", "pq-2"]
    assert [first.origin, second.origin] == [f"{path}#1", f"{path}#2"]
    assert first.published == day("2021-07-01")
    assert second.published is None
    assert first.source == "Riverside News"
    assert first.meta == {"word_count": 25}
    assert second.title == "Night buses return"


def test_parquet_timestamp_column(tmp_path: Path) -> None:
    import datetime as dt

    table = pa.table({"body": [SHORT_ARTICLE], "date": [dt.datetime(2022, 1, 9, 18, 45)]})
    path = tmp_path / "stamped.parquet"
    pq.write_table(table, path)
    [article], problems = read_all(path)
    assert problems == []
    assert article.published == day("2022-01-09")
    assert article.external_id == "stamped-1"


ALIASED = {"headline": "Oaks planted", "body": SHORT_ARTICLE, "date": "2021-04-18",
           "link": "https://example.org/oaks", "publisher": "Riverside News", "byline": "Aino Mbeki",
           "Desk": "Environment"}


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_column_aliases(tmp_path: Path, suffix: str) -> None:
    if suffix == ".jsonl":
        content = json.dumps(ALIASED) + "\n"
    else:
        content = ",".join(ALIASED) + "\n" + ",".join(f'"{value}"' for value in ALIASED.values()) + "\n"
    path = write(tmp_path, "aliased" + suffix, content)
    [article], problems = read_all(path)
    assert problems == []
    assert article.title == "Oaks planted"
    assert article.text == SHORT_ARTICLE
    assert article.published == day("2021-04-18")
    assert article.url == "https://example.org/oaks"
    assert article.source == "Riverside News"
    assert article.author == "Aino Mbeki"
    assert article.meta == {"desk": "Environment"}  # column names are matched case-insensitively


def test_record_without_title_gets_first_words() -> None:
    article = record_article({"text": SHORT_ARTICLE}, "x.jsonl:1", "x-1", ReadOptions())
    assert isinstance(article, Article)
    assert article.title == "Volunteers planted four hundred oak saplings along the river meadow on Sunday, …"
    assert article.external_id == "x-1"


def test_record_with_date_not_understood_keeps_a_note() -> None:
    article = record_article({"text": SHORT_ARTICLE, "published": "the other day"}, "x.jsonl:1", "x-1",
                             ReadOptions())
    assert isinstance(article, Article)
    assert article.published is None
    assert article.notes == ["publication date 'the other day' not understood"]


# -- 2. bad inputs: one problem naming the input, the rest of the batch still read ---------------------


@pytest.mark.parametrize(("content", "words"), [
    pytest.param(b"", ("empty",), id="empty"),
    pytest.param(b"  \n\t\r\n  \n", ("empty",), id="whitespace-only"),
    pytest.param(b"Headline\x00\x01\x02 body\x00 text" * 20, ("binary", "NUL"), id="nul-bytes"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", ("binary", "PDF"), id="pdf"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), ("binary", "PNG"), id="png"),
])
def test_unreadable_text_file(tmp_path: Path, content: bytes, words: tuple[str, ...]) -> None:
    bad = write(tmp_path, "bad.txt", content)
    articles, problems = read_all(bad, GOOD)
    only_problem(problems, bad, *words)
    assert_good_still_read(articles)


def test_cp1252_text_is_decoded_with_a_warning(tmp_path: Path) -> None:
    body = "The minister called the report \x93a turning point\x94 for the region\x92s farmers, and said so twice."
    bad = write(tmp_path, "windows.txt", ("Minister praises report\n" + body + "\n").encode("latin-1"))
    articles, problems = read_all(bad, GOOD)
    warning = only_problem(problems, bad, "UTF-8", "cp1252", severity="warning")
    assert "0x93" in warning.reason
    article = articles[0]
    assert article.text == ("The minister called the report “a turning point” for the region’s farmers, "
                            "and said so twice.")
    assert article.notes == [warning.reason]
    assert_good_still_read(articles[1:])


def test_cp1252_csv_is_decoded_with_a_warning(tmp_path: Path) -> None:
    content = f'id,text\nw-1,"\x93{SHORT_ARTICLE}\x94"\n'.encode("latin-1")
    bad = write(tmp_path, "windows.csv", content)
    articles, problems = read_all(bad, GOOD)
    only_problem(problems, bad, "cp1252", severity="warning")
    assert articles[0].text == f"“{SHORT_ARTICLE}”"
    assert_good_still_read(articles[1:])


def test_cp1252_jsonl_line_is_decoded_with_a_warning(tmp_path: Path) -> None:
    line = json.dumps({"id": "w-1", "text": "@" + SHORT_ARTICLE + "@"}, ensure_ascii=False)
    content = line.replace("@", "\x93", 1).replace("@", "\x94", 1).encode("latin-1") + b"\n"
    bad = write(tmp_path, "windows.jsonl", content)
    articles, problems = read_all(bad, GOOD)
    assert articles[0].text == f"“{SHORT_ARTICLE}”"
    only_problem(problems, f"{bad}:1", "cp1252", severity="warning")  # the fallback must not pass silently
    assert_good_still_read(articles[1:])


def test_html_without_article(tmp_path: Path) -> None:
    bad = FIXTURES / "menu_only.html"
    articles, problems = read_all(bad, GOOD)
    only_problem(problems, bad, "no article text found in the HTML")
    assert_good_still_read(articles)


def test_file_over_size_limit(tmp_path: Path) -> None:
    bad = write(tmp_path, "long.txt", "Long read\n" + "word " * 300)
    articles, problems = read_all(bad, GOOD, max_bytes=1000)
    only_problem(problems, bad, "limit", "--max-bytes")
    assert_good_still_read(articles)


@pytest.mark.parametrize("limit", [1000, 250_000])
def test_size_limit_message_states_the_limit(tmp_path: Path, limit: int) -> None:
    bad = write(tmp_path, "long.txt", "Long read\n" + "word " * (limit // 4))
    _, problems = read_all(bad, max_bytes=limit)
    reason = only_problem(problems, bad, "--max-bytes").reason
    # A limit under 50 kB must not be shown as "0.0 MB": the reader cannot tell what limit was hit.
    assert "0.0 MB" not in reason


def test_jsonl_record_text_over_size_limit(tmp_path: Path) -> None:
    lines = [{"id": "big", "text": "word " * 300}, {"id": "small", "text": SHORT_ARTICLE}]
    bad = write(tmp_path, "mixed.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    articles, problems = read_all(bad, GOOD, max_bytes=1000)
    only_problem(problems, f"{bad}:1", "limit", "--max-bytes")
    assert [a.external_id for a in articles] == ["small", "undated_note"]


@pytest.mark.parametrize("content", [
    pytest.param(b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Broken wire</title><desc', id="truncated"),
    pytest.param(b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title></chan', id="truncated-channel"),
])
def test_malformed_feed(tmp_path: Path, content: bytes) -> None:
    bad = write(tmp_path, "broken.rss", content)
    articles, problems = read_all(bad, GOOD)
    only_problem(problems, bad, "malformed feed")
    assert_good_still_read(articles)


def test_well_formed_feed_without_entries(tmp_path: Path) -> None:
    bad = write(tmp_path, "quiet.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title>'
                                       "</channel></rss>")
    articles, problems = read_all(bad, GOOD)
    only_problem(problems, bad, "no entries")
    assert_good_still_read(articles)


def test_feed_entry_without_text(tmp_path: Path) -> None:
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            "<item><title>Empty</title><guid>e-1</guid></item>"
            f"<item><title>Full</title><guid>e-2</guid><description>{SHORT_ARTICLE}</description></item>"
            "</channel></rss>")
    bad = write(tmp_path, "partial.rss", feed)
    articles, problems = read_all(bad)
    only_problem(problems, f"{bad}#1", "no article text")
    assert [(a.external_id, a.text) for a in articles] == [("e-2", SHORT_ARTICLE)]


def test_feed_content_is_parsed_not_opened_as_a_path(tmp_path: Path) -> None:
    # A feed file whose bytes happen to be the path of another file must not read that other file.
    other = FIXTURES / "regional_wire.rss"
    bad = write(tmp_path, "pointer.rss", str(other.resolve()).encode())
    articles, problems = read_all(bad)
    assert articles == []
    assert len(problems) == 1 and problems[0].where == str(bad)


def test_malformed_jsonl_line_among_good_lines(tmp_path: Path) -> None:
    content = (json.dumps({"id": "one", "text": SHORT_ARTICLE}) + "\n"
               + '{"id": "two", "text": "unterminated\n'
               + "\n"
               + json.dumps({"id": "three", "text": SHORT_ARTICLE + " Again."}) + "\n")
    bad = write(tmp_path, "feed.jsonl", content)
    articles, problems = read_all(bad, GOOD)
    only_problem(problems, f"{bad}:2", "malformed JSON")
    assert [a.external_id for a in articles] == ["one", "three", "undated_note"]
    assert articles[1].origin == f"{bad}:4"  # line numbers count blank lines too


@pytest.mark.parametrize("bad_line", [
    pytest.param('{"id": "deep", "text": ' + "[" * 100_000, id="nested-too-deep"),
    pytest.param('{"id": ' + "7" * 5000 + ', "text": "x"}', id="integer-too-long"),
])
def test_jsonl_line_json_cannot_decode_does_not_end_the_file(tmp_path: Path, bad_line: str) -> None:
    content = (json.dumps({"id": "one", "text": SHORT_ARTICLE}) + "\n" + bad_line + "\n"
               + json.dumps({"id": "three", "text": SHORT_ARTICLE + " Again."}) + "\n")
    bad = write(tmp_path, "hostile.jsonl", content)
    articles, problems = read_all(bad, GOOD)
    assert [a.external_id for a in articles] == ["one", "three", "undated_note"]
    assert [p.where for p in problems] == [f"{bad}:2"]


@pytest.mark.parametrize(("line", "kind"), [("[1, 2, 3]", "list"), ("42", "int"), ('"just a string"', "str"),
                                             ("null", "NoneType")])
def test_jsonl_line_that_is_not_an_object(tmp_path: Path, line: str, kind: str) -> None:
    content = line + "\n" + json.dumps({"id": "ok", "text": SHORT_ARTICLE}) + "\n"
    bad = write(tmp_path, "odd.jsonl", content)
    articles, problems = read_all(bad, GOOD)
    only_problem(problems, f"{bad}:1", "expected an object", kind)
    assert [a.external_id for a in articles] == ["ok", "undated_note"]


@pytest.mark.parametrize("text", ["", "   \n\t  ", None, "\u200b\u00a0"])
def test_record_with_empty_text(tmp_path: Path, text: str | None) -> None:
    content = json.dumps({"id": "e", "title": "Nothing here", "text": text}) + "\n"
    bad = write(tmp_path, "empty_text.jsonl", content)
    articles, problems = read_all(bad, GOOD)
    only_problem(problems, f"{bad}:1", "no article text")
    assert_good_still_read(articles)


def test_csv_row_with_empty_text(tmp_path: Path) -> None:
    bad = write(tmp_path, "rows.csv", f"id,text\nr-1,\nr-2,{SHORT_ARTICLE.replace(',', '')}\n")
    articles, problems = read_all(bad)
    only_problem(problems, f"{bad}:2", "no article text")
    assert [a.external_id for a in articles] == ["r-2"]


def test_csv_locator_is_the_line_a_row_starts_on(tmp_path: Path) -> None:
    # Row r-1 spans lines 2-4; the empty row r-2 starts on line 5 of the file.
    bad = write(tmp_path, "multi.csv", f'id,text\nr-1,"{SHORT_ARTICLE}\n\nSecond paragraph."\nr-2,\n')
    articles, problems = read_all(bad)
    assert [a.external_id for a in articles] == ["r-1"]
    only_problem(problems, f"{bad}:5", "no article text")


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".parquet"])
def test_table_without_text_column(tmp_path: Path, suffix: str) -> None:
    columns = {"id": ["n-1"], "Title": ["Oaks planted"], "summary": [SHORT_ARTICLE]}
    bad = tmp_path / f"no_text{suffix}"
    if suffix == ".parquet":
        pq.write_table(pa.table(columns), bad)
    else:
        sep = "\t" if suffix == ".tsv" else ","
        bad.write_text(sep.join(columns) + "\n" + sep.join(v[0].replace(",", "") for v in columns.values()) + "\n",
                       encoding="utf-8")
    articles, problems = read_all(bad, GOOD)
    problem = only_problem(problems, bad, "no text column")
    assert "found id, summary, title" in problem.reason
    assert_good_still_read(articles)


@pytest.mark.parametrize(("name", "content"), [
    pytest.param("empty.json", "[]", id="json-empty-array"),
    pytest.param("header_only.csv", "id,title,text\n", id="csv-header-only"),
])
def test_input_with_no_records_is_reported(tmp_path: Path, name: str, content: str) -> None:
    # Like an empty .jsonl ("empty input (no lines)"), an input that yields nothing must say so.
    bad = write(tmp_path, name, content)
    articles, problems = read_all(bad, GOOD)
    assert len(problems) == 1 and problems[0].where == str(bad), problems
    assert_good_still_read(articles)


def test_empty_jsonl(tmp_path: Path) -> None:
    bad = write(tmp_path, "nothing.jsonl", "\n  \n")
    articles, problems = read_all(bad, GOOD)
    only_problem(problems, bad, "empty")
    assert_good_still_read(articles)


def test_record_id_zero_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "numbered.jsonl", json.dumps({"id": 0, "text": SHORT_ARTICLE}) + "\n")
    [article], problems = read_all(path)
    assert problems == []
    assert article.external_id == "0"


def test_broken_symlink(tmp_path: Path) -> None:
    bad = tmp_path / "gone.txt"
    bad.symlink_to(tmp_path / "deleted-target.txt")
    articles, problems = read_all(bad, GOOD)
    only_problem(problems, bad, "cannot read", "no such file")
    assert_good_still_read(articles)


def test_nonexistent_path(tmp_path: Path) -> None:
    bad = tmp_path / "missing" / "story.txt"
    articles, problems = read_all(bad, GOOD)
    only_problem(problems, bad, "no such file or folder")
    assert_good_still_read(articles)


def test_glob_matching_nothing(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.jsonl")
    articles, problems = read_all(pattern, GOOD)
    only_problem(problems, pattern, "no file matches")
    assert_good_still_read(articles)


@pytest.mark.parametrize("name", ["report.pdf", "notes.md", "README"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    bad = write(tmp_path, name, "Plain words that would read fine as text, in a file of the wrong kind.\n")
    articles, problems = read_all(bad, GOOD)
    suffix = bad.suffix or "(none)"
    problem = only_problem(problems, bad, "unsupported file extension", repr(suffix))
    assert ".txt" in problem.reason and ".jsonl" in problem.reason  # it says what would work
    assert_good_still_read(articles)


def test_unparseable_parquet(tmp_path: Path) -> None:
    bad = write(tmp_path, "fake.parquet", b"this is not parquet at all\n")
    articles, problems = read_all(bad, GOOD)
    only_problem(problems, bad, "Parquet")
    assert_good_still_read(articles)


def test_folder_is_walked_recursively_skipping_hidden(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root, "a.txt", "Oaks planted\n" + SHORT_ARTICLE)
    write(root, ".draft.txt", "Hidden draft\nThis should never be read because the file is hidden.")
    write(root, ".cache/stale.txt", "Hidden folder\nThis should never be read because the folder is hidden.")
    write(root, "2021/march/b.jsonl", json.dumps({"id": "nested", "text": SHORT_ARTICLE + " Later."}) + "\n")
    assert list(discover([str(root)])) == [root / "2021/march/b.jsonl", root / "a.txt"]
    articles, problems = read_all(root)
    assert problems == []
    assert [a.external_id for a in articles] == ["nested", "a"]


def test_glob_patterns_expand(tmp_path: Path) -> None:
    write(tmp_path, "x1.txt", "First\n" + SHORT_ARTICLE)
    write(tmp_path, "x2.txt", "Second\n" + SHORT_ARTICLE + " Two.")
    write(tmp_path, "y.txt", "Third\n" + SHORT_ARTICLE + " Three.")
    write(tmp_path, "deep/er/x3.txt", "Fourth\n" + SHORT_ARTICLE + " Four.")
    articles, problems = read_all(tmp_path / "x*.txt")
    assert problems == []
    assert [a.external_id for a in articles] == ["x1", "x2"]
    found = list(discover([str(tmp_path / "**" / "x*.txt")]))
    assert sorted(found) == sorted([tmp_path / "x1.txt", tmp_path / "x2.txt", tmp_path / "deep/er/x3.txt"])


def test_read_path_never_raises_on_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "looks_like.txt"
    folder.mkdir()
    items = list(read_path(folder, ReadOptions()))
    assert len(items) == 1 and isinstance(items[0], Problem)
    assert items[0].where == str(folder)


# -- 3. stdin ------------------------------------------------------------------------------------------


def stdin_items(data: bytes, **options: object) -> list[Article | Problem]:
    return list(read_stdin(ReadOptions(**options), io.BytesIO(data)))  # type: ignore[arg-type]


def test_stdin_text() -> None:
    [article] = stdin_items(("Oaks planted\n" + SHORT_ARTICLE + "\n").encode())
    assert isinstance(article, Article)
    assert (article.title, article.text) == ("Oaks planted", SHORT_ARTICLE)
    assert (article.origin, article.external_id) == ("<stdin>", "stdin")


def test_stdin_jsonl() -> None:
    data = (json.dumps({"id": "s1", "text": SHORT_ARTICLE}) + "\n{broken\n").encode()
    first, second = stdin_items(data)
    assert isinstance(first, Article) and (first.external_id, first.origin) == ("s1", "<stdin>:1")
    assert isinstance(second, Problem) and second.where == "<stdin>:2"
    assert "malformed JSON" in second.reason


def test_stdin_html() -> None:
    [article] = stdin_items((FIXTURES / "council_vote.html").read_bytes())
    assert isinstance(article, Article)
    assert article.title == "Council approves new tram line to the eastern districts"
    assert article.origin == "<stdin>"
    assert "GreenCommuter42" not in article.text


def test_stdin_rss() -> None:
    items = stdin_items((FIXTURES / "regional_wire.rss").read_bytes())
    assert [(i.external_id, i.origin) for i in items if isinstance(i, Article)] == [
        ("ncw-2021-0311", "<stdin>#1"), ("ncw-2021-0312", "<stdin>#2")]
    assert len(items) == 2


def test_stdin_over_limit() -> None:
    [problem] = stdin_items(b"Long read\n" + b"word " * 400, max_bytes=1000)
    assert isinstance(problem, Problem)
    assert problem.where == "<stdin>"
    assert "--max-bytes" in problem.reason and "limit" in problem.reason


def test_stdin_problems_never_raise() -> None:
    # read_path turns any reader failure into a Problem; stdin must too.
    items = stdin_items(b"[" * 100_000)
    assert len(items) == 1 and isinstance(items[0], Problem), items
    assert items[0].where == "<stdin>"


def test_stdin_empty() -> None:
    [problem] = stdin_items(b"")
    assert isinstance(problem, Problem) and problem.where == "<stdin>"
    assert "empty" in problem.reason


def test_stdin_text_starting_with_a_bracket_is_text() -> None:
    # "[Updated]" and "{Corrected}" headlines are common; plain text must not be taken for JSON.
    data = ("[Updated] Oaks planted by the river\n" + SHORT_ARTICLE + "\n").encode()
    items = stdin_items(data)
    assert [type(item).__name__ for item in items] == ["Article"], items
    assert items[0].title == "[Updated] Oaks planted by the river"  # type: ignore[union-attr]


@pytest.mark.parametrize(("data", "kind"), [
    (b"Headline\nBody text.", "text"),
    (b'\xef\xbb\xbf  {"text": "x"}\n{"text": "y"}', "jsonl"),
    (b'[{"text": "x"}]', "json"),
    (b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
    (b'<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>', "feed"),
    (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
    (b"\n\n<RSS version='0.91'>", "feed"),
])
def test_sniff_format(data: bytes, kind: str) -> None:
    assert sniff_format(data) == kind


# -- bytes to text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "expected"), [
    (b"Plain text with a tab\tand newlines\r\n", None),
    ("Unicode text — “quoted” café".encode(), None),
    (b"%PDF-1.4 rest", "a PDF document"),
    (b"PK\x03\x04rest", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b\x08rest", "gzip-compressed data"),
    (b"text\x00with nul", "binary data (it contains NUL bytes)"),
    (bytes(range(1, 9)) * 10 + b"some letters", "binary data (too many control characters)"),
])
def test_binary_kind(data: bytes, expected: str | None) -> None:
    assert binary_kind(data) == expected


def test_decode_utf8_with_bom_needs_no_warning() -> None:
    assert decode("\ufeffcafé".encode(), "x") == ("café", None)


def test_decode_falls_back_to_latin1_when_cp1252_cannot() -> None:
    text, warning = decode(b"caf\xe9 \x81", "x.txt")  # 0x81 is undefined in cp1252
    assert text == "café \x81"
    assert warning == Problem("x.txt", "not valid UTF-8 (byte 0xe9 at offset 3); decoded as latin-1", "warning")


# -- 4. ids --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", [
    "Ferry sails at dawn.",
    "FERRY SAILS AT DAWN.",
    "  ferry\tsails\n\nat   dawn.  ",
    "Ｆｅｒｒｙ ｓａｉｌｓ ａｔ ｄａｗｎ．",  # full-width forms
    "Ferry\u00a0sails at dawn.",
])
def test_content_id_ignores_case_space_and_width(variant: str) -> None:
    assert content_id(variant) == content_id("ferry sails at dawn.")


def test_content_id_differs_for_different_text() -> None:
    ids = {content_id(text) for text in ("Ferry sails at dawn.", "Ferry sails at dusk.", "Ferry sails at dawn",
                                         "Ferry sailsat dawn.")}
    assert len(ids) == 4
    assert all(len(i) == 16 and int(i, 16) >= 0 for i in ids)


def test_same_text_in_two_files_same_id_different_external_ids(tmp_path: Path) -> None:
    content = (FIXTURES / "harbour_reopens.txt").read_bytes()
    first = write(tmp_path, "copy_one.txt", content)
    second = write(tmp_path, "copy_two.txt", content.replace(b"\n", b"\r\n"))
    (a, b), problems = read_all(first, second)
    assert problems == []
    assert a.id == b.id
    assert (a.external_id, b.external_id) == ("copy_one", "copy_two")


# -- 5. clean_text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "clean"), [
    ("one\r\ntwo\rthree", "one\ntwo\nthree"),
    ("non\u00a0breaking space", "non breaking space"),
    ("zero\u200bwidth\u200c joiner\u200d word\u2060 mark\ufeff", "zerowidth joiner word mark"),
    ("para one\n\n\n\n\npara two", "para one\n\npara two"),
    ("para one\r\n\r\n\r\n\r\npara two", "para one\n\npara two"),
    ("trailing   \nspaces\t\nhere", "trailing\nspaces\nhere"),
    ("para one\n   \n \t \npara two", "para one\n\npara two"),
    ("  \n\n padded \n\n ", "padded"),
    ("cafe\u0301", "café"),  # NFC
])
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_text_is_idempotent() -> None:
    raw = "A\r\n\r\n\r\nB\u00a0C\u200b D   \n\n\n\nE"
    assert clean_text(clean_text(raw)) == clean_text(raw)


def test_html_to_text_keeps_paragraphs() -> None:
    assert html_to_text("<p>One <em>two</em>.</p><ul><li>Three</li><li>Four</li></ul>") == "One two.\n\nThree\n\nFour"
    assert html_to_text("no markup at all") == "no markup at all"


def test_html_to_text_ignores_source_indentation() -> None:
    # Feeds often pretty-print their HTML; the layout whitespace of the source is not text.
    fragment = """
        <p>First paragraph here.</p>
        <p>Second paragraph
           continues.</p>
    """
    assert html_to_text(fragment) == "First paragraph here.\n\nSecond paragraph continues."


# -- 6. --published / --source defaults ---------------------------------------------------------------


DEFAULTS = {"published": day("2020-01-15"), "source": "Desk upload"}


def test_defaults_fill_only_what_text_files_leave_out() -> None:
    (undated, dated), problems = read_all(GOOD, FIXTURES / "harbour_reopens.txt", **DEFAULTS)
    assert problems == []
    assert (undated.published, undated.source) == (day("2020-01-15"), "Desk upload")
    assert (dated.published, dated.source) == (day("2021-03-03"), "Desk upload")


def test_defaults_fill_only_what_records_leave_out(tmp_path: Path) -> None:
    lines = [{"id": "own", "text": SHORT_ARTICLE, "published": "2019-12-24", "source": "Own Paper"},
             {"id": "bare", "text": SHORT_ARTICLE + " Bare."}]
    path = write(tmp_path, "mixed.jsonl", "\n".join(json.dumps(line) for line in lines))
    (own, bare), problems = read_all(path, **DEFAULTS)
    assert problems == []
    assert (own.published, own.source) == (day("2019-12-24"), "Own Paper")
    assert (bare.published, bare.source) == (day("2020-01-15"), "Desk upload")


def test_defaults_fill_what_feeds_leave_out(tmp_path: Path) -> None:
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel>'
            f"<item><guid>u-1</guid><description>{SHORT_ARTICLE}</description></item>"
            "</channel></rss>")
    path = write(tmp_path, "untitled.rss", feed)
    [article], problems = read_all(path, **DEFAULTS)
    assert problems == []
    assert (article.published, article.source) == (day("2020-01-15"), "Desk upload")
    own, _ = read_all(FIXTURES / "regional_wire.rss", **DEFAULTS)[0]
    assert (own.published, own.source) == (day("2021-03-11"), "Northcoast Regional Wire")


def test_feed_date_is_the_date_the_feed_states(tmp_path: Path) -> None:
    # 23:30 on 4 March in New York is already 5 March in UTC; the article was published on the 4th,
    # as the same page's article:published_time would say.
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Late desk</title>'
            "<item><guid>late-1</guid><pubDate>Thu, 04 Mar 2021 23:30:00 -0500</pubDate>"
            f"<description>{SHORT_ARTICLE}</description></item></channel></rss>")
    path = write(tmp_path, "late.rss", feed)
    [article], problems = read_all(path)
    assert problems == []
    assert article.published == day("2021-03-04")


# -- 7. language ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "language"), [("marche_couvert.txt", "fr"), ("harbour_reopens.txt", "en"),
                                                ("geneva_talks.txt", "en")])
def test_language_is_detected(name: str, language: str) -> None:
    [article], problems = read_all(FIXTURES / name)
    assert problems == []
    assert article.language == language


def test_french_article_keeps_its_accents() -> None:
    [article], _ = read_all(FIXTURES / "marche_couvert.txt")
    assert article.title == "Le marché couvert de Villeneuve rouvre ses portes"
    assert "après dix-huit mois de travaux de rénovation" in article.text


# -- 8. inputs at scale: WARC, Parquet row groups, lazy folders, streamed CSV ------------------------------

BRIDGE_PAGE = """<html><head><title>Harbour bridge reopens after repairs</title></head><body>
<nav>Home | World | Sport | Weather</nav><article><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Monday after eight months of repairs to its steel cables,
the city's transport department said in a statement.</p>
<p>Engineers replaced more than two hundred cable anchors, and cyclists will get a separate lane from
next spring, officials added. Tolls stay at {price} for cars.</p>
</article><footer>Contact us | Privacy</footer></body></html>"""


def warc_response(writer: object, uri: str, status: str, content_type: str, body: bytes) -> None:
    """Append one HTTP response record, crawled on 5 March 2024, to a warcio writer."""
    from warcio.statusandheaders import StatusAndHeaders

    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(  # type: ignore[attr-defined]
        uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,  # length: no temp file
        warc_headers_dict={"WARC-Date": "2024-03-05T10:00:00Z"})
    writer.write_record(record)  # type: ignore[attr-defined]


def write_warc(path: Path, gzip: bool = True) -> Path:
    """A small crawl: warcinfo, a good page, a 404, an image, a request record and a second good page."""
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsgraph tests"}))
        warc_response(writer, "https://news.example/bridge", "200 OK", "text/html; charset=utf-8",
                      BRIDGE_PAGE.format(price="2 euros").encode())
        warc_response(writer, "https://news.example/gone", "404 Not Found", "text/html", b"<html>Not here</html>")
        warc_response(writer, "https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n....")
        request = b"GET /bridge HTTP/1.1\r\nHost: news.example\r\n\r\n"
        writer.write_record(writer.create_warc_record("https://news.example/bridge", "request",
                                                      payload=io.BytesIO(request), length=len(request)))
        warc_response(writer, "https://news.example/bridge-tolls", "200 OK", "text/html",
                      BRIDGE_PAGE.format(price="3 euros").encode())
    return path


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_articles_and_the_rest_is_reported(tmp_path: Path, name: str) -> None:
    path = write_warc(tmp_path / name, gzip=name.endswith(".gz"))
    articles, problems = read_all(path, GOOD)
    bridge, tolls, good = articles
    assert [bridge.url, tolls.url] == ["https://news.example/bridge", "https://news.example/bridge-tolls"]
    assert bridge.external_id == "https://news.example/bridge"
    assert bridge.origin == f"{path}#https://news.example/bridge"
    assert bridge.title == "Harbour bridge reopens after repairs"
    assert "two hundred cable anchors" in bridge.text and "Privacy" not in bridge.text
    assert bridge.meta["warc_date"] == "2024-03-05T10:00:00Z"
    assert bridge.published is None  # the crawl date is not the publication date
    assert bridge.source == "news.example"
    assert "3 euros" in tolls.text
    assert good.origin == str(GOOD)
    gone, logo = problems
    assert gone.where == f"{path}#https://news.example/gone" and "404" in gone.reason
    assert logo.where == f"{path}#https://news.example/logo.png" and "image/png" in logo.reason


def test_truncated_warc_gz_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz").read_bytes()
    cut = write(tmp_path, "cut.warc.gz", whole[: len(whole) - 150])  # inside the last record's gzip member
    articles, problems = read_all(cut, GOOD)
    assert [a.url for a in articles[:-1]] == ["https://news.example/bridge"]
    assert_good_still_read(articles[-1:])
    last = problems[-1]
    assert last.where.startswith(str(cut)) and "truncated" in last.reason, problems
    assert [p.where.rsplit("#", 1)[1] for p in problems[:2]] == ["https://news.example/gone",
                                                                 "https://news.example/logo.png"]


@pytest.mark.parametrize("keep", [40, 400, 700])
def test_warc_cut_anywhere_never_raises(tmp_path: Path, keep: int) -> None:
    whole = write_warc(tmp_path / "whole.warc").read_bytes()
    cut = write(tmp_path, "cut.warc", whole[:keep])
    items = list(read_path(cut, ReadOptions()))  # read_path turns every failure into a Problem
    assert items and all(isinstance(i, Problem) for i in items)
    assert all(i.where.startswith(str(cut)) for i in items if isinstance(i, Problem))


def test_warc_without_responses_is_reported(tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "info_only.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsgraph tests"}))
    articles, problems = read_all(path, GOOD)
    only_problem(problems, path, "no response records")
    assert_good_still_read(articles)


def test_warc_page_in_the_charset_its_header_names(tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "latin9.warc"
    with path.open("wb") as handle:  # in ISO-8859-15 the euro sign is byte 0xA4 (a "¤" in cp1252)
        warc_response(WARCWriter(handle, gzip=False), "https://news.example/euro", "200 OK",
                      "text/html; charset=ISO-8859-15", BRIDGE_PAGE.format(price="2 €").encode("iso-8859-15"))
    [article], problems = read_all(path)
    assert problems == []
    assert "Tolls stay at 2 € for cars." in article.text


def test_warc_in_a_folder_is_found_by_its_double_extension(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    write_warc(tmp_path / "crawl" / "CC-NEWS-20240305.warc.gz")
    articles, _ = read_all(tmp_path / "crawl")
    assert [a.url for a in articles] == ["https://news.example/bridge", "https://news.example/bridge-tolls"]


def parquet_in_groups(path: Path, rows: int, group: int) -> Path:
    texts = [f"Report {n}: the council approved a cycle lane on Elm Street after a long public debate "
             f"that ran for {n + 2} evenings." for n in range(rows)]
    pq.write_table(pa.table({"id": [f"row-{n + 1}" for n in range(rows)], "text": texts}), path,
                   row_group_size=group)
    return path


def test_parquet_with_several_row_groups_is_numbered_across_them(tmp_path: Path) -> None:
    path = parquet_in_groups(tmp_path / "groups.parquet", rows=7, group=3)
    assert pq.ParquetFile(path).num_row_groups == 3
    articles, problems = read_all(path)
    assert problems == []
    assert [a.external_id for a in articles] == [f"row-{n}" for n in range(1, 8)]
    assert articles[6].origin == f"{path}#7"


def test_parquet_unreadable_row_group_loses_only_its_rows(tmp_path: Path) -> None:
    path = parquet_in_groups(tmp_path / "groups.parquet", rows=6, group=2)
    column = pq.ParquetFile(path).metadata.row_group(1).column(1)  # the text column of the second group
    start = column.dictionary_page_offset or column.data_page_offset
    data = bytearray(path.read_bytes())
    data[start:start + column.total_compressed_size] = b"\xff" * column.total_compressed_size
    path.write_bytes(bytes(data))
    articles, problems = read_all(path, GOOD)
    assert [a.external_id for a in articles[:-1]] == ["row-1", "row-2", "row-5", "row-6"]
    assert_good_still_read(articles[-1:])
    problem = only_problem(problems, f"{path}#3", "row group 2 of 3", "rows 3-4")
    assert "\n" not in problem.reason


def test_folder_walk_is_lazy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for folder in ("a", "b", "c"):
        write(tmp_path / folder, "story.txt", "Oaks planted\n" + SHORT_ARTICLE)
    listed: list[str] = []
    real_scandir = os.scandir

    def counting_scandir(path: str | Path) -> object:
        listed.append(Path(path).name)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", counting_scandir)
    found = discover([str(tmp_path)])
    assert next(found) == tmp_path / "a" / "story.txt"
    assert listed == [tmp_path.name, "a"]  # b and c are not listed until they are reached


def test_folder_walk_order_is_name_order_at_every_level(tmp_path: Path) -> None:
    names = ["a.txt", "a/z.txt", "a-b.txt", "B/one.txt", "a/b/c.txt", "ab.txt", "0.txt", "a/a.txt"]
    for name in names:
        write(tmp_path, name, "Oaks planted\n" + SHORT_ARTICLE)
    assert list(discover([str(tmp_path)])) == sorted(tmp_path / name for name in names)


def test_folder_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root, "news/story.txt", "Oaks planted\n" + SHORT_ARTICLE)
    (root / "news" / "again").symlink_to(root, target_is_directory=True)
    loop, story = discover([str(root)])  # "again" sorts before "story.txt"
    assert story == root / "news" / "story.txt"
    assert isinstance(loop, Problem) and loop.where == str(root / "news" / "again")
    assert "already walked" in loop.reason and loop.severity == "warning"  # nothing is lost


def test_csv_with_a_cp1252_byte_after_the_first_chunk(tmp_path: Path) -> None:
    from newsgraph.ingest import file_encoding

    rows = "".join(f"r{n},Row {n},{SHORT_ARTICLE}\n" for n in range(300))
    data = ("id,title,text\n" + rows).encode() + b"r-last,Caf\xe9 opens,The caf\xe9 opened on Sunday by the river.\n"
    path = write(tmp_path, "late_byte.csv", data)
    encoding, warning = file_encoding(path, chunk=4096)
    assert encoding == "cp1252" and warning is not None
    first_bad = data.index(b"\xe9")  # far past the first 4096-byte chunk
    assert f"byte 0xe9 at offset {first_bad}" in warning.reason
    articles, problems = read_all(path)
    assert len(articles) == 301 and articles[-1].title == "Café opens"
    only_problem(problems, path, "not valid UTF-8", "cp1252", severity="warning")


def test_utf8_character_split_across_chunks_is_still_utf8(tmp_path: Path) -> None:
    from newsgraph.ingest import file_encoding

    path = write(tmp_path, "split.csv", "id,text\n1," + "x" * 4089 + "é and the rest of the row\n")
    edge = path.read_bytes().index("é".encode()) + 1  # a chunk that ends between the two bytes of "é"
    assert file_encoding(path, chunk=edge) == ("utf-8-sig", None)
    bad = write(tmp_path, "bad.csv", b"id,text\n1," + b"x" * 4089 + b"\xc3(\n")
    _, warning = file_encoding(bad, chunk=edge)
    assert warning is not None and f"byte 0xc3 at offset {edge - 1}" in warning.reason


def test_a_warc_page_that_breaks_the_extractor_costs_only_itself(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import newsgraph.ingest as ingest

    path = write_warc(tmp_path / "crawl.warc.gz")
    real = ingest.html_fields

    def fragile(data: bytes, where: str, stem: str) -> tuple[dict[str, object], object]:
        if b"2 euros" in data:
            raise RecursionError("maximum recursion depth exceeded")  # what a pathological page can do to lxml
        return real(data, where, stem)

    monkeypatch.setattr(ingest, "html_fields", fragile)
    articles, problems = read_all(path)
    assert [a.url for a in articles] == ["https://news.example/bridge-tolls"]  # the page after it is still read
    broken = problems[0]
    assert broken.where == f"{path}#https://news.example/bridge" and "RecursionError" in broken.reason
