"""The CAMEO/PLOVER ontology: the bundled tables hold known facts, and bad files are refused by file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import InputError, UsageError
from newsgraph.ontology import Ontology, default_ontology, load_ontology, parent_code, root_quad_class

ROOTS = [f"{n:02d}" for n in range(1, 21)]
# The 3-digit codes of CAMEO v1.1b3, as (root, last sub-code digit(s)): 010-019, 020-028, ...
THREE_DIGIT_RANGES = {
    "01": 9, "02": 8, "03": 9, "04": 6, "05": 7, "06": 4, "07": 5, "08": 7, "09": 4, "10": 8,
    "11": 6, "12": 9, "13": 9, "14": 5, "15": 5, "16": 6, "17": 5, "18": 6, "19": 6, "20": 4,
}
PLOVER = {
    "AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation", "SUPPORT": "verbal_cooperation",
    "CONCEDE": "verbal_cooperation", "COOPERATE": "material_cooperation", "AID": "material_cooperation",
    "RETREAT": "material_cooperation", "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict",
    "REJECT": "verbal_conflict", "THREATEN": "verbal_conflict", "PROTEST": "material_conflict",
    "SANCTION": "material_conflict", "MOBILIZE": "material_conflict", "COERCE": "material_conflict",
    "ASSAULT": "material_conflict",
}
ROOT_PLOVER = {
    "01": None, "02": None, "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID",
    "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST",
    "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}
GOLDSTEIN = {
    "01": 0.0, "010": 0.0, "020": 3.0, "036": 4.0, "040": 1.0, "042": 1.9, "043": 2.8, "051": 3.4, "057": 8.0,
    "061": 6.4, "070": 7.0, "111": -2.0, "120": -4.0, "130": -4.4, "138": -7.0, "163": -8.0, "173": -5.0,
    "190": -10.0, "195": -10.0, "200": -10.0,
}

PLOVER_HEADER = "category\tquad\tdescription\n"
CAMEO_HEADER = "code\tname\tgoldstein\tquad_class\tplover\n"
SMALL_PLOVER = PLOVER_HEADER + "CONSULT\tverbal_cooperation\tMeets\nAID\tmaterial_cooperation\tGives\n"
SMALL_CAMEO = CAMEO_HEADER + "# a comment\n04\tConsult\t1.0\t1\tCONSULT\n040\tConsult, other\t1.0\t1\tCONSULT\n"


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return default_ontology()


def test_bundled_tables_load_once(onto: Ontology) -> None:
    assert len(onto) > 300
    assert default_ontology() is onto
    assert len(load_ontology()) == len(onto)


def test_exactly_the_twenty_roots(onto: Ontology) -> None:
    assert [entry.code for entry in onto if len(entry.code) == 2] == ROOTS


def test_every_three_digit_code_of_cameo(onto: Ontology) -> None:
    expected = {f"{root}{digit}" for root, last in THREE_DIGIT_RANGES.items() for digit in range(last + 1)}
    assert {entry.code for entry in onto if len(entry.code) == 3} == expected


@pytest.mark.parametrize("root", ROOTS)
def test_root_quad_class(onto: Ontology, root: str) -> None:
    number = int(root)
    expected = 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4
    assert onto.quad_class(root) == expected == root_quad_class(root)
    assert all(entry.quad_class == expected for entry in onto.codes_under(root))


def test_quad_names(onto: Ontology) -> None:
    assert [onto.cameo(root).quad_name for root in ("04", "07", "12", "18")] == [
        "verbal cooperation", "material cooperation", "verbal conflict", "material conflict",
    ]


def test_the_sixteen_plover_categories(onto: Ontology) -> None:
    assert {category.name: category.quad for category in onto.categories} == PLOVER
    assert all(category.description for category in onto.categories)
    assert onto.category("CONCEDE").quad_class == 1
    used = {entry.plover for entry in onto}
    assert used == {*PLOVER, None}


@pytest.mark.parametrize("root", [root for root in ROOTS if root != "08"])
def test_plover_follows_the_root(onto: Ontology, root: str) -> None:
    expected = ROOT_PLOVER[root]
    entries = [onto.cameo(root), *onto.codes_under(root)]
    exceptions = {"036"}  # express intent to meet is CONSULT, not AGREE
    assert {entry.code for entry in entries if entry.plover != expected} <= exceptions


def test_yield_splits_into_concede_and_retreat(onto: Ontology) -> None:
    concede = ["08", "080", "081", "0811", "082", "083", "0834"]
    retreat = ["084", "0841", "085", "086", "0863", "087", "0874"]
    assert {onto.plover(code) for code in concede} == {"CONCEDE"}
    assert {onto.plover(code) for code in retreat} == {"RETREAT"}


@pytest.mark.parametrize(
    ("code", "word", "plover"),
    [
        ("042", "visit", "CONSULT"), ("043", "host", "CONSULT"), ("036", "meet", "CONSULT"),
        ("051", "praise", "SUPPORT"), ("07", "aid", "AID"), ("081", "ease", "CONCEDE"),
        ("084", "release", "RETREAT"), ("091", "investigate", "ACCUSE"), ("112", "accuse", "ACCUSE"),
        ("12", "reject", "REJECT"), ("134", "negotiations", "THREATEN"), ("13", "threaten", "THREATEN"),
        ("010", "statement", None), ("02", "appeal", None), ("0233", "humanitarian", None),
    ],
)
def test_known_codes(onto: Ontology, code: str, word: str, plover: str | None) -> None:
    assert word in onto.cameo(code).name.lower()
    assert onto.plover(code) == plover


@pytest.mark.parametrize(("code", "weight"), sorted(GOLDSTEIN.items()))
def test_goldstein_weights(onto: Ontology, code: str, weight: float) -> None:
    assert onto.goldstein(code) == weight


def test_goldstein_signs_of_roots(onto: Ontology) -> None:
    assert all(onto.goldstein(root) >= 0 for root in ROOTS[:8])
    assert all(onto.goldstein(root) < 0 for root in ROOTS[8:])
    assert all(-10 <= entry.goldstein <= 10 for entry in onto)


def test_parent_and_ancestors(onto: Ontology) -> None:
    assert parent_code("0841") == "084" and parent_code("084") == "08" and parent_code("08") is None
    assert [entry.code for entry in onto.ancestors("0841")] == ["084", "08"]
    assert [entry.code for entry in onto.ancestors("043")] == ["04"]
    assert onto.ancestors("04") == ()
    assert onto.parent("04") is None
    parent = onto.parent("1823")
    assert parent is not None and parent.code == "182"
    assert onto.cameo("1823").root == "18"


def test_codes_under(onto: Ontology) -> None:
    assert [entry.code for entry in onto.codes_under("04")] == ["040", "041", "042", "043", "044", "045", "046"]
    assert [entry.code for entry in onto.codes_under("084")] == ["0841", "0842"]
    assert onto.codes_under("042") == ()


def test_lookups_of_unknown_codes(onto: Ontology) -> None:
    assert onto.get("0431") is None and onto.get("04") is not None
    assert not onto.is_valid("0431") and onto.is_valid("043")
    assert "043" in onto and "0431" not in onto and 43 not in onto
    for lookup in (onto.cameo, onto.plover, onto.goldstein, onto.quad_class, onto.ancestors, onto.codes_under):
        with pytest.raises(UsageError, match="'0431'"):
            lookup("0431")
    with pytest.raises(UsageError, match="'HUG'"):
        onto.category("HUG")


# --- validation ---------------------------------------------------------------------------------


def _load(tmp_path: Path, cameo: str = SMALL_CAMEO, plover: str = SMALL_PLOVER) -> Ontology:
    cameo_path, plover_path = tmp_path / "cameo.tsv", tmp_path / "plover.tsv"
    cameo_path.write_text(cameo, encoding="utf-8")
    plover_path.write_text(plover, encoding="utf-8")
    return load_ontology(cameo_path, plover_path)


def test_a_small_file_loads(tmp_path: Path) -> None:
    onto = _load(tmp_path, SMALL_CAMEO + "\n0401\tConsult further\t1.5\t1\t\n")
    assert len(onto) == 3 and onto.plover("0401") is None and onto.goldstein("0401") == 1.5
    assert [category.name for category in onto.categories] == ["CONSULT", "AID"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("041\tTalk\t1.0\t1", "expected 5 tab-separated columns"),
        ("041\tTalk\t1.0\t1\tCONSULT\textra", "found 6"),
        ("4\tConsult\t1.0\t1\tCONSULT", "code '4' is not 2 to 4 digits"),
        ("04a\tConsult\t1.0\t1\tCONSULT", "code '04a' is not 2 to 4 digits"),
        ("04101\tTalk\t1.0\t1\tCONSULT", "code '04101' is not 2 to 4 digits"),
        ("21\tInvent\t1.0\t1\t", "does not start with a CAMEO root"),
        ("041\t\t1.0\t1\tCONSULT", "code 041 has no name"),
        ("040\tAgain\t1.0\t1\tCONSULT", "duplicate code 040 (first at "),
        ("041\tTalk\tmuch\t1\tCONSULT", "goldstein 'much' of code 041 is not a number"),
        ("041\tTalk\t10.5\t1\tCONSULT", "goldstein 10.5 of code 041 is outside -10..10"),
        ("041\tTalk\tnan\t1\tCONSULT", "outside -10..10"),
        ("041\tTalk\t1.0\t5\tCONSULT", "quad_class '5' of code 041 is not 1, 2, 3 or 4"),
        ("041\tTalk\t1.0\t2\tCONSULT", "code 041 has quad_class 2, but its root 04 is 1 (verbal cooperation)"),
        ("0431\tHost more\t1.0\t1\tCONSULT", "code 0431 has no parent: 043 is not listed"),
        ("041\tTalk\t1.0\t1\tHUG", "PLOVER category 'HUG' of code 041 is not listed in plover.tsv"),
        ("19\tFight\t-10.0\t4\tAID", "code 19 is material conflict but its PLOVER category AID is material_coop"),
    ],
)
def test_bad_cameo_line_names_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        _load(tmp_path, SMALL_CAMEO + line + "\n")
    assert caught.value.where == f"{tmp_path / 'cameo.tsv'}:5"
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{tmp_path / 'cameo.tsv'}:5: ")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("HUG\tverbal_cooperation", "expected 3 tab-separated columns"),
        ("HUG\tverbal cooperation\tHugs", "quad 'verbal cooperation' of HUG is not one of"),
        ("AID\tmaterial_cooperation\tAgain", "duplicate category AID"),
        ("\tverbal_conflict\tNameless", "empty category name"),
    ],
)
def test_bad_plover_line_names_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        _load(tmp_path, plover=SMALL_PLOVER + line + "\n")
    assert caught.value.where == f"{tmp_path / 'plover.tsv'}:4"
    assert reason in caught.value.reason


def test_header_is_checked(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cameo\.tsv:2: expected the header line"):
        _load(tmp_path, "# comment\ncode\tname\tweight\tquad_class\tplover\n")
    with pytest.raises(InputError, match=r"plover\.tsv: no header line"):
        _load(tmp_path, plover="# only a comment\n")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the ontology file"):
        load_ontology(tmp_path / "absent.tsv")
