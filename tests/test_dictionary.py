"""The actor dictionary and role table: bundled facts, name matching, offices on dates, user files, load errors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsgraph.dictionary import (
    SECTORS,
    ActorDictionary,
    ActorEntry,
    Role,
    RoleWord,
    default_dictionary,
    load_dictionary,
    load_roles,
    office_key,
    parse_dictionary,
    role_word,
)
from newsgraph.errors import InputError

# -- the bundled files ------------------------------------------------------------------------


def test_the_bundled_dictionary_loads_people_and_organisations() -> None:
    dictionary = default_dictionary()
    types = Counter(entry.type for entry in dictionary)
    assert types["person"] > 300
    assert types["organization"] > 150
    assert len(dictionary) == len(dictionary.entries) == len(list(dictionary))
    assert load_dictionary() is dictionary


def test_every_bundled_entry_is_well_formed() -> None:
    for entry in default_dictionary():
        assert entry.sector is None or entry.sector in SECTORS, entry
        assert entry.name == entry.name.strip() and entry.name, entry
        for role in entry.roles:
            assert role.title == role.title.lower(), entry


def test_bundled_offices_of_one_holder_overlap_only_at_a_handover() -> None:
    """Two people holding a one-per-country office may share the handover month, never more: catches typos."""
    roles = load_roles()
    single = {office_key(word) for word, role in roles.items() if role.country_role}
    holders: dict[tuple[str, str | None], list[tuple[str, Role]]] = {}
    for entry in default_dictionary():
        for role in entry.roles:
            if office_key(role.title) in single:
                holders.setdefault((office_key(role.title), role.country), []).append((entry.name, role))
    for office, held in holders.items():
        for i, (name, role) in enumerate(held):
            for other_name, other in held[i + 1:]:
                if other_name == name:
                    continue
                first = max((role.since or "0000") + "-00-00", (other.since or "0000") + "-00-00")[:10]
                last = min((role.until or "9999") + "-99-99", (other.until or "9999") + "-99-99")[:10]
                assert first > last or first[:7] == last[:7], (office, name, other_name)


def test_the_bundled_role_table_loads() -> None:
    roles = load_roles()
    assert len(roles) > 200
    assert all(role.sector in SECTORS for role in roles.values())
    assert load_roles() == roles and load_roles() is not load_roles()  # a fresh copy each time


# -- facts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "type_", "country", "sector"), [
    ("Kim Jong-un", "person", "PRK", "GOV"),
    ("Xi Jinping", "person", "CHN", "GOV"),
    ("Donald Trump", "person", "USA", "GOV"),
    ("Moon Jae-in", "person", "KOR", "GOV"),
    ("Kim Yong-chol", "person", "PRK", "GOV"),
    ("Ri Yong-ho", "person", "PRK", "GOV"),
    ("No Kwang-chol", "person", "PRK", "MIL"),
    ("White House", "organization", "USA", "GOV"),
    ("Pentagon", "organization", "USA", "MIL"),
    ("CCTV", "organization", "CHN", "MED"),
    ("Yonhap News Agency", "organization", "KOR", "MED"),
    ("Reuters", "organization", None, "MED"),
    ("KCNA", "organization", "PRK", "MED"),
    ("United Nations", "organization", None, "IGO"),
    ("World Food Programme", "organization", None, "IGO"),
    ("Korean People's Army", "organization", "PRK", "MIL"),
    ("Korea University", "organization", "KOR", "EDU"),
])
def test_spot_facts(name: str, type_: str, country: str | None, sector: str) -> None:
    entry = default_dictionary().lookup(name)
    assert entry is not None, name
    assert (entry.name, entry.type, entry.country, entry.sector) == (name, type_, country, sector)


@pytest.mark.parametrize(("title", "country", "on", "expected"), [
    ("president", "KOR", "2019-06-30", "Moon Jae-in"),
    ("president", "KOR", "2023", "Yoon Suk Yeol"),
    ("president", "USA", "2019-02", "Donald Trump"),
    ("president", "USA", "2022", "Joe Biden"),
    ("president", "USA", "2021-01-25", "Joe Biden"),
    ("president", "USA", "2025-06", "Donald Trump"),
    ("President", "USA", "2019-02-01T12:00:00", "Donald Trump"),
    ("leader", "PRK", "2019-01", "Kim Jong-un"),
    ("chairman", "PRK", "2019-01-08", "Kim Jong-un"),
    ("leader", "CHN", "2019-06", "Xi Jinping"),
    ("president", "CHN", "2019-06", "Xi Jinping"),
    ("leader", "USA", "2019", "Donald Trump"),
    ("leader", "RUS", "2019", "Vladimir Putin"),
    ("leader", "IRN", "2019", "Ali Khamenei"),
    ("leader", "DEU", "2019", "Angela Merkel"),
    ("leader", "IND", "2019", "Narendra Modi"),
    ("leader", "JPN", "2019-06", "Shinzo Abe"),
    ("leader", "GBR", "2018", "Theresa May"),
    ("premier", "CHN", "2019", "Li Keqiang"),
    ("prime minister", "CHN", "2019", "Li Keqiang"),
    ("secretary of state", "USA", "2018-07", "Mike Pompeo"),
    ("secretary of state", "USA", "2017-06", "Rex Tillerson"),
    ("foreign minister", "PRK", "2019-06", "Ri Yong-ho"),
    ("foreign minister", "CHN", "2019", "Wang Yi"),
    ("foreign minister", "CHN", "2023-03", "Qin Gang"),
    ("foreign minister", "RUS", "2019", "Sergei Lavrov"),
    ("foreign minister", "KOR", "2019", "Kang Kyung-wha"),
    ("foreign minister", "JPN", "2018", "Taro Kono"),
    ("foreign minister", "IRN", "2019", "Mohammad Javad Zarif"),
    ("defence secretary", "USA", "2018", "Jim Mattis"),
    ("national security adviser", "USA", "2019-02", "John Bolton"),
    ("national security advisor", "USA", "2019-02", "John Bolton"),
    ("un secretary-general", None, "2019", "António Guterres"),
])
def test_holder_on_a_date(title: str, country: str | None, on: str, expected: str) -> None:
    entry = default_dictionary().holder(title, country, on)
    assert entry is not None and entry.name == expected


@pytest.mark.parametrize(("title", "country", "on"), [
    ("president", "USA", None),          # several presidents, no date
    ("president", "USA", "2021"),        # Trump and Biden both held it in 2021
    ("president", "USA", "2021-01-20"),  # the handover day
    ("president", "USA", "1850"),        # nobody known
    ("archbishop", "USA", "2019"),       # not an office in the dictionary
    ("president", "ATA", "2019"),
])
def test_holder_is_none_when_unknown_or_ambiguous(title: str, country: str | None, on: str | None) -> None:
    assert default_dictionary().holder(title, country, on) is None


def test_holder_without_a_date_when_only_one_ever_held_it() -> None:
    entry = default_dictionary().holder("supreme leader", "IRN", None)
    assert entry is not None and entry.name == "Ali Khamenei"


def test_holders_lists_everyone_in_the_period() -> None:
    names = {entry.name for entry in default_dictionary().holders("president", "USA", "2021")}
    assert names == {"Donald Trump", "Joe Biden"}


def test_holder_rejects_a_date_that_is_not_iso() -> None:
    with pytest.raises(ValueError, match="not an ISO 8601 date"):
        default_dictionary().holder("president", "USA", "June 2019")


# -- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Kim Jong Un", "Kim Jong-un"),
    ("Kim Jong-un", "Kim Jong-un"),
    ("kim jong-un", "Kim Jong-un"),
    ("KIM JONG UN", "Kim Jong-un"),
    ("Kim  Jong–Un", "Kim Jong-un"),
    ("the White House", "White House"),
    ("The White House", "White House"),
    ("Yonhap", "Yonhap News Agency"),
    ("Korean Central News Agency", "KCNA"),
    ("Peoples Liberation Army", "People's Liberation Army"),
    ("Korean People’s Army", "Korean People's Army"),
    ("US Forces Korea", "U.S. Forces Korea"),
    ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
    ("Binali Yildirim", "Binali Yıldırım"),
    ("Nguyễn Phú Trọng", "Nguyen Phu Trong"),
    ("Nato", "NATO"),
    ("WHO", "World Health Organization"),
    ("Volodymyr Zelenskiy", "Volodymyr Zelensky"),
    ("Mike Pompeo", "Mike Pompeo"),
    ("Daily Telegraph", "The Telegraph"),
])
def test_lookup_tolerates_spelling(text: str, expected: str) -> None:
    entry = default_dictionary().lookup(text)
    assert entry is not None and entry.name == expected


@pytest.mark.parametrize("text", ["Kim", "Mr. Kim", "Kim Jong", "who", "un", "", "the"])
def test_lookup_does_not_guess(text: str) -> None:
    assert default_dictionary().lookup(text) is None


def test_similar_names_stay_apart() -> None:
    dictionary = default_dictionary()
    names = {dictionary.lookup(n).name for n in ("Kim Jong-un", "Kim Yong-chol", "Kim Jong-il", "Kim Yo-jong")}  # type: ignore[union-attr]
    assert len(names) == 4


def test_contains() -> None:
    assert "Kim Jong Un" in default_dictionary()
    assert "Nobody Atall" not in default_dictionary()


# -- merging and user files -------------------------------------------------------------------


def test_merge_overrides_same_named_entries_and_adds_new_ones() -> None:
    base = default_dictionary()
    user = ActorDictionary([
        ActorEntry("Kim Jong Un", "person", "PRK", "MIL"),
        ActorEntry("Ahn Yinhay", "person", "KOR", "EDU", aliases=("Yinhay Ahn",)),
    ])
    merged = base.merge(user)
    assert len(merged) == len(base) + 1
    kim = merged.lookup("Kim Jong-un")
    assert kim is not None and kim.sector == "MIL" and kim.roles == ()
    assert merged.lookup("Yinhay Ahn") == user.entries[1]
    assert base.lookup("Kim Jong-un").sector == "GOV"  # type: ignore[union-attr]


def test_merge_replaces_an_entry_matched_by_alias() -> None:
    merged = default_dictionary().merge(ActorDictionary([ActorEntry("Yonhap", "organization", "KOR", "BUS")]))
    entry = merged.lookup("Yonhap News Agency")
    assert entry is None  # the bundled entry is gone; its canonical name was not in the override
    assert merged.lookup("yonhap").sector == "BUS"  # type: ignore[union-attr]


def test_user_yaml_extends_the_bundled_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- name: Ahn Yinhay\n"
        "  type: person\n"
        "  country: KOR\n"
        "  sector: EDU\n"
        "- name: Kim Jong-un\n"
        "  type: person\n"
        "  country: PRK\n"
        "  sector: GOV\n"
        "  roles:\n"
        "    - {title: Marshal, since: 2012-07}\n"
        "    - {title: envoy, country: null, since: 2019, until: 2019-06-17}\n",
        encoding="utf-8",
    )
    merged = load_dictionary(path)
    assert merged.lookup("Ahn Yinhay") is not None
    assert merged.lookup("Reuters") is not None
    kim = merged.lookup("Kim Jong Un")
    assert kim is not None and kim.roles == (
        Role("marshal", "PRK", "2012-07", None), Role("envoy", None, "2019", "2019-06-17"),
    )
    alone = load_dictionary(path, include_bundled=False)
    assert len(alone) == 2 and alone.lookup("Reuters") is None


def test_user_csv(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,type,country,sector,aliases,roles\n"
        "Ahn Yinhay,person,KOR,EDU,Yinhay Ahn|Professor Ahn Yinhay,\n"
        "Ruritania News,organization,,MED,,\n"
        "Rudolf Rassendyll,person,DEU,GOV,,king@DEU:1890:1894|leader@DEU:1890-05:1894|regent@:1895\n",
        encoding="utf-8",
    )
    dictionary = load_dictionary(path, include_bundled=False)
    assert [entry.name for entry in dictionary] == ["Ahn Yinhay", "Ruritania News", "Rudolf Rassendyll"]
    ahn = dictionary.lookup("Professor Ahn Yinhay")
    assert ahn is not None and ahn.aliases == ("Yinhay Ahn", "Professor Ahn Yinhay")
    news = dictionary.lookup("Ruritania News")
    assert news is not None and news.country is None
    rudolf = dictionary.lookup("Rudolf Rassendyll")
    assert rudolf is not None and rudolf.roles == (
        Role("king", "DEU", "1890", "1894"), Role("leader", "DEU", "1890-05", "1894"), Role("regent", None, "1895"),
    )
    assert dictionary.holder("king", "DEU", "1892-03-01") == rudolf
    merged = load_dictionary(path)
    assert merged.holder("leader", "DEU", "1892") == rudolf
    assert merged.holder("leader", "DEU", "2019").name == "Angela Merkel"  # type: ignore[union-attr]


def test_distinct_names_and_namesakes_of_two_countries_load(tmp_path: Path) -> None:
    path = tmp_path / "link.yaml"
    path.write_text(
        "- name: Pak Jong-chon\n"
        "  type: person\n"
        "  country: PRK\n"
        "  aliases: [Pak Jong Chun]\n"
        "  distinct: [Pak, Mr. Pak]\n"
        "- name: John Smith\n"
        "  type: person\n"
        "  country: GBR\n"
        "  sector: LEG\n"
        "- name: John Smith\n"
        "  type: person\n"
        "  country: USA\n"
        "  sector: BUS\n",
        encoding="utf-8",
    )
    dictionary = load_dictionary(path)
    pak = dictionary.lookup("Pak Jong Chun")
    assert pak is not None and pak.distinct == ("Pak", "Mr. Pak")
    assert dictionary.lookup("John Smith") is None  # which one depends on the article: the caller decides
    assert [(e.country, e.sector) for e in dictionary.candidates("john smith")] == [("GBR", "LEG"), ("USA", "BUS")]
    assert dictionary.candidates("Nobody Atall") == ()


def test_csv_distinct_column_and_parsing_text_named_after_its_file() -> None:
    text = "name,type,country,sector,aliases,distinct\nPak Jong-chon,person,PRK,GOV,Pak Jong Chun,Pak|Mr Pak\n"
    dictionary = parse_dictionary(text, "/somewhere/mine.csv")
    assert dictionary.entries[0].distinct == ("Pak", "Mr Pak")
    with pytest.raises(InputError, match=r"^/somewhere/mine\.yaml:1: .*expected a list"):
        parse_dictionary("name: Pak\n", "/somewhere/mine.yaml")


def test_an_empty_yaml_file_is_an_empty_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "empty.yml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert len(load_dictionary(path, include_bundled=False)) == 0


def test_no_path_and_no_bundle_is_empty() -> None:
    assert len(load_dictionary(include_bundled=False)) == 0


# -- load errors name the file and the line ---------------------------------------------------

GOOD = "- name: Someone Real\n  type: person\n  country: KOR\n  sector: GOV\n"


@pytest.mark.parametrize(("text", "line", "reason"), [
    (GOOD + "- type: person\n  country: KOR\n", 5, "missing name"),
    (GOOD + "- name: X Y\n  type: persn\n", 5, "unknown type 'persn'"),
    (GOOD + "- name: X Y\n", 5, "missing type"),
    (GOOD + "- name: X Y\n  type: person\n  country: Kor\n", 5, "not an ISO 3166-1 alpha-3 code"),
    (GOOD + "- name: X Y\n  type: person\n  country: NO\n", 5, "not an ISO 3166-1 alpha-3 code"),
    (GOOD + "- name: X Y\n  type: person\n  sector: XYZ\n", 5, "unknown sector 'XYZ'"),
    (GOOD + "- name: X Y\n  type: person\n  roles: [{title: king, since: 2019-13}]\n", 5, "not an ISO 8601 date"),
    (GOOD + "- name: X Y\n  type: person\n  roles: [{title: king, since: June 2019}]\n", 5, "not an ISO 8601 date"),
    (GOOD + "- name: X Y\n  type: person\n  roles: [{title: king, since: 2019-02-30}]\n", 5, "not an ISO 8601 date"),
    (GOOD + "- name: X Y\n  type: person\n  roles: [{title: king, since: 2020, until: 2019-06}]\n", 5,
     "starts (2020) after it ends (2019-06)"),
    (GOOD + "- name: X Y\n  type: person\n  roles: [{since: 2020}]\n", 5, "has no title"),
    (GOOD + "- name: X Y\n  type: person\n  roles: [{title: king, from: 2020}]\n", 5, "unknown role field(s) from"),
    (GOOD + "- name: X Y\n  type: person\n  alias: [Z]\n", 5, "unknown entry field(s) alias"),
    (GOOD + "- name: Someone-Real\n  type: organization\n", 5, "already names 'Someone Real'"),
    (GOOD + "- name: Someone Real\n  type: person\n  country: KOR\n", 5, "give each its own country"),
    (GOOD + "- name: X Y\n  type: person\n  distinct: [Mr Y, x-y]\n", 5,
     "'x-y' is listed under distinct but also names this entry ('X Y')"),
    (GOOD + "- name: X Y\n  type: person\n  distinct: Z\n  aliases: [W]\n  other: 1\n", 5,
     "unknown entry field(s) other"),
    (GOOD + "- name: X Y\n  type: person\n  distinct: [3]\n", 5, "distinct must be a list of names"),
    (GOOD + "- name: X Y\n  type: person\n  aliases: [the someone real]\n", 5, "already names 'Someone Real'"),
    (GOOD + "- name: X Y\n  type: person\n  aliases: [ok, 3]\n", 5, "aliases must be a list of names"),
    (GOOD + "- just a string\n", 5, "must be a mapping"),
    (GOOD + "- name: [unclosed\n  type: person\n", 6, "not valid YAML"),
    (GOOD + "  bad: indentation\n - name: X\n", 6, "not valid YAML"),
    ("name: Someone\ntype: person\n", 1, "expected a list of actor entries"),
])
def test_yaml_errors_name_file_and_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_dictionary(path)
    assert caught.value.where == f"{path}:{line}"
    assert reason in caught.value.reason
    assert str(path) in str(caught.value)


def test_a_duplicate_names_both_places(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(GOOD + GOOD, encoding="utf-8")
    with pytest.raises(InputError, match=rf"{path.name}:5: .*already names 'Someone Real' \(.*{path.name}:1\)"):
        load_dictionary(path)


@pytest.mark.parametrize(("text", "line", "reason"), [
    ("name,type,country\nX,person,KOR\n", 1, "missing column(s) sector"),
    ("name,type,country,sector,notes\n", 1, "unknown column(s) notes"),
    ("name,type,country,sector\nA B,person,KOR,GOV\nC D,person,KOR,GOD\n", 3, "unknown sector 'GOD'"),
    ("name,type,country,sector\nA B,person,KOR,GOV,extra\n", 2, "more fields than"),
    ("name,type,country,sector,roles\nA B,person,KOR,GOV,king@KOR:2019:2020:2021\n", 2, "not title@ISO3:since:until"),
    ("name,type,country,sector,roles\nA B,person,KOR,GOV,king@Korea:2019\n", 2, "not an ISO 3166-1 alpha-3"),
    ("name,type,country,sector,roles\nA B,person,KOR,GOV,king@KOR:2019-1\n", 2, "not an ISO 8601 date"),
    ("name,type,country,sector\n,person,KOR,GOV\n", 2, "missing name"),
])
def test_csv_errors_name_file_and_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_dictionary(path, include_bundled=False)
    assert caught.value.where == f"{path}:{line}"
    assert reason in caught.value.reason


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown dictionary format '\.json'"):
        load_dictionary(tmp_path / "actors.json")
    with pytest.raises(InputError, match="cannot read the file") as caught:
        load_dictionary(tmp_path / "absent.yaml")
    assert caught.value.where == str(tmp_path / "absent.yaml")


def test_a_dictionary_built_in_code_names_entries_by_number() -> None:
    with pytest.raises(InputError, match=r"entry 2: 'A-B' already names 'A B' \(entry 1\)"):
        ActorDictionary([ActorEntry("A B", "person", None, None), ActorEntry("A-B", "person", None, None)])


# -- role words -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "sector", "kind", "country_role"), [
    ("president", "GOV", "person", True),
    ("President", "GOV", "person", True),
    ("secretary of state", "GOV", "person", True),
    ("Secretary  of State", "GOV", "person", True),
    ("prime minister", "GOV", "person", True),
    ("prime-minister", "GOV", "person", True),
    ("foreign minister", "GOV", "person", True),
    ("defense minister", "MIL", "person", True),
    ("leader", "GOV", "person", True),
    ("chairman", "GOV", "person", True),
    ("minister", "GOV", "person", False),
    ("spokesman", "GOV", "person", False),
    ("ambassador", "GOV", "person", False),
    ("lawmaker", "LEG", "person", False),
    ("general", "MIL", "person", False),
    ("troops", "MIL", "any", False),
    ("police", "COP", "any", False),
    ("prosecutor", "JUD", "person", False),
    ("professor", "EDU", "person", False),
    ("university", "EDU", "organization", False),
    ("journalist", "MED", "person", False),
    ("state-run", "MED", "any", False),
    ("state media", "MED", "any", False),
    ("news agency", "MED", "organization", False),
    ("analyst", "NGO", "person", False),
    ("think tank", "NGO", "organization", False),
    ("director of studies", "NGO", "person", False),
    ("activist", "NGO", "person", False),
    ("rebel", "REB", "person", False),
    ("opposition", "OPP", "any", False),
    ("party", "PTY", "organization", False),
    ("chief executive", "BUS", "person", False),
    ("CEO", "BUS", "person", False),
    ("imam", "REL", "person", False),
    ("hospital", "HLH", "organization", False),
    ("refugee", "REF", "person", False),
])
def test_role_word(text: str, sector: str, kind: str, country_role: bool) -> None:
    role = role_word(text)
    assert role is not None, text
    assert (role.sector, role.kind, role.country_role) == (sector, kind, country_role)


@pytest.mark.parametrize("text", ["officials", "the president", "presidents", "banana", ""])
def test_role_word_matches_whole_words_only(text: str) -> None:
    assert role_word(text) is None


def test_a_user_role_table(tmp_path: Path) -> None:
    path = tmp_path / "roles.tsv"
    path.write_text("# mine\nword\tsector\tkind\tcountry_role\n\nHetman\tGOV\tperson\tyes\nbard\tMED\tperson\tno\n",
                    encoding="utf-8")
    roles = load_roles(path)
    assert role_word("hetman", roles) == RoleWord("Hetman", "GOV", "person", True)
    assert role_word("president", roles) is None


@pytest.mark.parametrize(("text", "line", "reason"), [
    ("word\tsector\tkind\n", 1, "expected the tab-separated header"),
    ("word\tsector\tkind\tcountry_role\nbard\tBRD\tperson\tno\n", 2, "unknown sector 'BRD'"),
    ("word\tsector\tkind\tcountry_role\nbard\tMED\tpeople\tno\n", 2, "kind 'people'"),
    ("word\tsector\tkind\tcountry_role\nbard\tMED\tperson\tmaybe\n", 2, "country_role 'maybe'"),
    ("word\tsector\tkind\tcountry_role\nbard\tMED\tperson\n", 2, "expected 4 tab-separated cells"),
    ("word\tsector\tkind\tcountry_role\nbard\tMED\tperson\tno\n# c\nBard\tMED\tperson\tno\n", 4, "listed twice"),
    ("word\tsector\tkind\tcountry_role\n\tMED\tperson\tno\n", 2, "empty word"),
])
def test_role_table_errors_name_file_and_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = tmp_path / "roles.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_roles(path)
    assert caught.value.where == f"{path}:{line}"
    assert reason in caught.value.reason


def test_a_role_table_without_header(tmp_path: Path) -> None:
    path = tmp_path / "roles.tsv"
    path.write_text("# only comments\n", encoding="utf-8")
    with pytest.raises(InputError, match="no header line"):
        load_roles(path)
