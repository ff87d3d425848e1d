"""The actor dictionary and the role → sector table.

Two data files ship in ``newsgraph/data``:

* ``actors.yaml`` — canonical actors (people, organisations) with their other
  spellings, country (ISO 3166-1 alpha-3), CAMEO-style sector and the offices they
  held with dates, so that "the North Korean leader" in a 2019 article resolves to
  Kim Jong-un;
* ``roles.tsv`` — role nouns and adjectives ("professor", "state-run", "foreign
  minister") and the sector they give a name they modify or are apposed to.

Users extend or override the dictionary with their own YAML or CSV file
(:func:`load_dictionary`), and replace the role table (:func:`load_roles`). Both
are checked at load; an error is an :class:`~newsgraph.errors.InputError` whose
``where`` is ``file:line``.

Names match whatever their case, spacing, hyphens, apostrophes, full stops,
accents and a leading "the": "Kim Jong Un" is "kim jong-un", "the White House" is
"White House", "Erdoğan" is "Erdogan". An alias written in capitals ("WHO",
"UN") does not match an all-lower-case text ("who", "un").

The same file tells linking across articles (:mod:`newsgraph.link`) which actors
are one and which are not:

* **merge** — every name and alias of an entry is one actor, whatever its country
  in the articles: ``aliases: [Kim Jong-eun]`` joins a transliteration the name
  rules keep apart;
* **split by name** — ``distinct: [Prince Hussein]`` lists names that are *not*
  this actor although the name rules would join them (a title dropped, a bare
  surname);
* **split by country** — two entries may share a name when each has its own
  ``country``; an article's actor of that name is the entry of its country, and
  stays apart from both when the article gives none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from newsgraph.errors import InputError
from newsgraph.resources import bundled, read_text

__all__ = [
    "ACTOR_TYPES",
    "LEADER_TIERS",
    "ROLE_KINDS",
    "SAME_OFFICE",
    "SECTORS",
    "ActorDictionary",
    "ActorEntry",
    "Role",
    "RoleWord",
    "default_dictionary",
    "load_dictionary",
    "load_roles",
    "name_key",
    "office_key",
    "parse_dictionary",
    "role_key",
    "role_word",
]

SECTORS = frozenset({
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL",
    "LAB", "LEG", "HLH", "REF", "MOD", "RAD", "IGO", "NGO", "ELI", "AGR", "REL", "ENV", "INS",
})
ACTOR_TYPES = frozenset({"person", "organization", "country"})
ROLE_KINDS = frozenset({"person", "organization", "any"})

#: Office titles that news uses for the same office, mapped to the one spelling used for matching.
SAME_OFFICE: Mapping[str, str] = MappingProxyType({
    "premier": "prime minister",
    "pm": "prime minister",
    "defence minister": "defense minister",
    "defense secretary": "defense minister",
    "defence secretary": "defense minister",
    "secretary of defense": "defense minister",
    "minister of defense": "defense minister",
    "minister of defence": "defense minister",
    "foreign secretary": "foreign minister",
    "minister of foreign affairs": "foreign minister",
    "external affairs minister": "foreign minister",
    "treasury secretary": "finance minister",
    "secretary of the treasury": "finance minister",
    "chancellor of the exchequer": "finance minister",
    "national security advisor": "national security adviser",
    "dictator": "leader",
    "strongman": "leader",
    "ruler": "leader",
})

#: The offices "leader" stands for, tried tier by tier: the first tier anyone held on the date decides
#: (its one holder, or nobody if several). "leader" roles in the data name the top leader where the
#: head of state is not it (Germany's chancellor, India's prime minister).
LEADER_TIERS: tuple[frozenset[str], ...] = (
    frozenset({"leader", "supreme leader"}),
    frozenset({"general secretary", "first secretary"}),
    frozenset({"president"}),
    frozenset({"chancellor", "prime minister"}),
    frozenset({"king", "queen", "emir", "sultan", "emperor"}),
)

ENTRY_FIELDS = ("name", "type", "country", "sector", "aliases", "roles", "distinct")
ROLE_FIELDS = ("title", "country", "since", "until")
CSV_REQUIRED = ("name", "type", "country", "sector")
ROLE_COLUMNS = ("word", "sector", "kind", "country_role")
_YES_NO = {"yes": True, "true": True, "no": False, "false": False}

_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ISO3 = re.compile(r"[A-Z]{3}")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9.&-]{1,7}")
_DROPPED = re.compile(r"[.,'’‘`ʼ\"“”]")
_SPACES = re.compile(r"[\s\-‐‑‒–—_/]+")
_FOLDED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th"})


# -- records ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Role:
    """An office held in a country (None: no country, as for UN posts) from ``since`` to ``until`` (ISO dates).

    ``since`` None means "not known", ``until`` None "still held"; both are inclusive at their precision.
    """

    title: str
    country: str | None
    since: str | None = None
    until: str | None = None

    def during(self, first: str, last: str) -> bool:
        """Whether the office was held at some time between two ``YYYY-MM-DD`` days, inclusive."""
        return (self.since is None or _first_day(self.since) <= last) and (
            self.until is None or _last_day(self.until) >= first
        )


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One known actor: canonical name, type, country (ISO3 or None), sector (or None), aliases, offices.

    ``distinct`` lists names that are another actor, never this one, when linking across articles.
    """

    name: str
    type: str
    country: str | None
    sector: str | None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    distinct: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class RoleWord:
    """A role word and what it says: sector, the kind of actor it describes, and whether a country has one."""

    word: str
    sector: str
    kind: str
    country_role: bool


# -- keys -------------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """The form names are matched in: case, accents, hyphens, apostrophes, stops and a leading "the" removed."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_FOLDED))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _SPACES.sub(" ", _DROPPED.sub("", text)).strip()
    return text[4:] if text.startswith("the ") else text


def role_key(text: str) -> str:
    """The form role words and titles are matched in: lower case, hyphens as spaces, single spaces."""
    return _SPACES.sub(" ", text.casefold()).strip()


def office_key(title: str) -> str:
    """The one spelling of an office used for matching ("Premier" → "prime minister")."""
    key = role_key(title)
    return SAME_OFFICE.get(key, key)


def _is_acronym(name: str) -> bool:
    return bool(_ACRONYM.fullmatch(name))


# -- dates ------------------------------------------------------------------------------------


def _is_iso_date(text: str) -> bool:
    """Whether ``text`` is a real calendar date at year, month or day precision."""
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _first_day(iso: str) -> str:
    """A string that sorts at the start of the period ``iso`` names (``2019`` → ``2019-00-00``)."""
    return (iso + "-00-00")[:10]


def _last_day(iso: str) -> str:
    """A string that sorts at the end of the period ``iso`` names (``2019-06`` → ``2019-06-99``)."""
    return (iso + "-99-99")[:10]


def _period(on: str | None) -> tuple[str, str]:
    """The first and last day of the date ``on`` (whole time when None); ValueError if it is no ISO date."""
    if on is None:
        return "0000-00-00", "9999-99-99"
    day = on[:10] if len(on) > 10 and on[10] == "T" else on
    if not _is_iso_date(day):
        raise ValueError(f"{on!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return _first_day(day), _last_day(day)


# -- the dictionary ---------------------------------------------------------------------------


class ActorDictionary:
    """Known actors, found by any spelling of their names and by the offices they held.

    ``places`` names each entry in error messages (``file:line``; default ``entry N``). Two entries
    that share a name or alias raise :class:`~newsgraph.errors.InputError`, unless each has a country
    of its own: namesakes of different countries, which :meth:`lookup` leaves to the caller.
    """

    def __init__(self, entries: Iterable[ActorEntry] = (), *, places: Sequence[str] | None = None) -> None:
        self._entries = tuple(entries)
        self._places = tuple(places) if places is not None else tuple(
            f"entry {number}" for number in range(1, len(self._entries) + 1)
        )
        if len(self._places) != len(self._entries):
            raise ValueError("places must name every entry")
        self._index, self._acronyms = _name_index(self._entries, self._places)
        self._offices = _office_index(self._entries)

    @property
    def entries(self) -> tuple[ActorEntry, ...]:
        """All entries, in file order."""
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self._entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.lookup(name) is not None

    def __repr__(self) -> str:
        return f"ActorDictionary({len(self)} entries)"

    def lookup(self, name: str) -> ActorEntry | None:
        """The one entry one of whose names is ``name`` (see :func:`name_key`); None if none or namesakes."""
        found = self.candidates(name)
        return found[0] if len(found) == 1 else None

    def candidates(self, name: str) -> tuple[ActorEntry, ...]:
        """Every entry one of whose names is ``name``: one, none, or namesakes of different countries."""
        key = name_key(name)
        numbers = self._index.get(key, ())
        if key in self._acronyms and name.islower():
            return ()
        return tuple(self._entries[number] for number in numbers)

    def holders(self, title: str, country: str | None, on: str | None = None) -> tuple[ActorEntry, ...]:
        """Everyone who held ``title`` in ``country`` at some time within ``on`` (any ISO precision; None: ever)."""
        return self._holding(frozenset({office_key(title)}), country, on)

    def holder(self, title: str, country: str | None, on: str | None = None) -> ActorEntry | None:
        """Who held ``title`` in ``country`` on ``on``; "leader" is the top office; None if nobody or several."""
        office = office_key(title)
        tiers = LEADER_TIERS if office == "leader" else (frozenset({office}),)
        for tier in tiers:
            found = self._holding(tier, country, on)
            if found:
                return found[0] if len(found) == 1 else None
        return None

    def _holding(self, offices: frozenset[str], country: str | None, on: str | None) -> tuple[ActorEntry, ...]:
        first, last = _period(on)
        found: dict[int, None] = {}
        for office in sorted(offices):
            for number, role in self._offices.get((office, country), ()):
                if role.during(first, last):
                    found[number] = None
        return tuple(self._entries[number] for number in found)

    def merge(self, other: ActorDictionary) -> ActorDictionary:
        """A new dictionary with ``other``'s entries added, replacing ours that share any name with one of them."""
        taken = other._index.keys()
        kept = [
            (entry, place) for entry, place in zip(self._entries, self._places, strict=True)
            if not any(name_key(name) in taken for name in entry.names)
        ]
        entries = [entry for entry, _ in kept] + list(other._entries)
        places = [place for _, place in kept] + list(other._places)
        return ActorDictionary(entries, places=places)


def _name_index(entries: Sequence[ActorEntry],
                places: Sequence[str]) -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
    """Entry numbers by name key, and the keys only capitalised acronyms produce; InputError on a clash."""
    index: dict[str, tuple[int, ...]] = {}
    acronyms: set[str] = set()
    plain: set[str] = set()
    for number, entry in enumerate(entries):
        for key in dict.fromkeys(name_key(name) for name in entry.names):
            for owner in index.get(key, ()):
                _check_namesakes(entries, places, owner, number, key)
            index[key] = (*index.get(key, ()), number)
        for name in entry.names:
            (acronyms if _is_acronym(name) else plain).add(name_key(name))
    return index, frozenset(acronyms - plain)


def _check_namesakes(entries: Sequence[ActorEntry], places: Sequence[str], owner: int, number: int,
                     key: str) -> None:
    """Two entries may share a name only as namesakes of two different, stated countries."""
    entry, other = entries[number], entries[owner]
    if entry.country and other.country and entry.country != other.country:
        return
    name = next(name for name in entry.names if name_key(name) == key)
    raise InputError(places[number], f"{name!r} already names {other.name!r} ({places[owner]}); to keep two "
                                     "actors of one name apart give each its own country")


def _office_index(entries: Sequence[ActorEntry]) -> dict[tuple[str, str | None], list[tuple[int, Role]]]:
    """Roles by (office key, country), with the number of the entry holding each."""
    offices: dict[tuple[str, str | None], list[tuple[int, Role]]] = {}
    for number, entry in enumerate(entries):
        for role in entry.roles:
            offices.setdefault((office_key(role.title), role.country), []).append((number, role))
    return offices


# -- loading the dictionary -------------------------------------------------------------------


def load_dictionary(path: Path | str | None = None, *, include_bundled: bool = True) -> ActorDictionary:
    """The bundled dictionary overridden by the entries of ``path`` (.yaml, .yml or .csv) when one is given."""
    if path is None:
        return default_dictionary() if include_bundled else ActorDictionary()
    user = _read_dictionary(Path(path))
    return default_dictionary().merge(user) if include_bundled else user


@cache
def default_dictionary() -> ActorDictionary:
    """The bundled dictionary (``newsgraph/data/actors.yaml``), read once per process."""
    source = bundled("actors.yaml")
    return _parse_yaml(read_text(source), str(source))


def _read_dictionary(path: Path) -> ActorDictionary:
    _check_format(str(path))
    return parse_dictionary(read_text(path), str(path))


def parse_dictionary(text: str, source: str) -> ActorDictionary:
    """User entries from ``text`` in the format of ``source``'s suffix (.yaml, .yml, .csv), named after it."""
    if _check_format(source) == ".csv":
        return _parse_csv(text, source)
    return _parse_yaml(text, source)


def _check_format(source: str) -> str:
    """The lower-case suffix of a dictionary file; InputError naming it when it is no format we read."""
    suffix = Path(source).suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise InputError(source, f"unknown dictionary format {suffix or '(no extension)'!r}: use .yaml, .yml or .csv")
    return suffix


def _parse_yaml(text: str, where: str) -> ActorDictionary:
    """Entries from a YAML list, each named ``file:line`` of its first line."""
    node, data = _load_yaml(text, where)
    if data is None:
        return ActorDictionary()
    if not isinstance(data, list):
        raise InputError(f"{where}:1", "expected a list of actor entries (lines starting with '- name:')")
    places = [f"{where}:{item.start_mark.line + 1}" for item in node.value]
    entries = [_entry(raw, place) for raw, place in zip(data, places, strict=True)]
    return ActorDictionary(entries, places=places)


def _load_yaml(text: str, where: str) -> tuple[Any, Any]:
    """The document's node tree (for line numbers) and its data; InputError naming the line on bad syntax."""
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{where}{line}", f"not valid YAML: {problem}") from exc
    finally:
        loader.dispose()


@cache
def _loader_class() -> Any:
    """A safe YAML loader (libyaml's where installed) that leaves dates as text, for our own checks."""
    loader: Any = type("DatelessLoader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {})
    loader.add_constructor("tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node))
    return loader


def _parse_csv(text: str, where: str) -> ActorDictionary:
    """Entries from CSV rows (aliases and roles ``|``-separated), each named ``file:line``."""
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    _check_csv_header(columns, f"{where}:1")
    entries: list[ActorEntry] = []
    places: list[str] = []
    for row in reader:
        place = f"{where}:{reader.line_num}"
        if None in row:
            raise InputError(place, f"more fields than the {len(columns)} columns of the header")
        entries.append(_entry(_csv_fields(row, place), place))
        places.append(place)
    return ActorDictionary(entries, places=places)


def _check_csv_header(columns: Sequence[str], where: str) -> None:
    missing = [column for column in CSV_REQUIRED if column not in columns]
    if missing:
        raise InputError(where, f"missing column(s) {', '.join(missing)}; the header must have "
                                f"{', '.join(CSV_REQUIRED)} and may have aliases, roles, distinct")
    unknown = [column for column in columns if column not in ENTRY_FIELDS]
    if unknown:
        raise InputError(where, f"unknown column(s) {', '.join(unknown)}; expected {', '.join(ENTRY_FIELDS)}")


def _csv_fields(row: Mapping[str | None, str | None], where: str) -> dict[str, Any]:
    """A CSV row as the fields of a YAML entry: empty cells are None, lists split at ``|``."""
    fields: dict[str, Any] = {key: (value or "").strip() or None for key, value in row.items() if key}
    fields["aliases"] = _split_bar(fields.get("aliases"))
    fields["distinct"] = _split_bar(fields.get("distinct"))
    fields["roles"] = [_role_spec(spec, where) for spec in _split_bar(fields.get("roles"))]
    return fields


def _split_bar(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _role_spec(spec: str, where: str) -> dict[str, Any]:
    """``title[@ISO3][:since[:until]]`` as a role mapping (no ``@``: the entry's country)."""
    head, *dates = spec.split(":")
    if len(dates) > 2:
        raise InputError(where, f"role {spec!r} is not title@ISO3:since:until")
    role: dict[str, Any] = {"title": head}
    if "@" in head:
        role["title"], country = head.rsplit("@", 1)
        role["country"] = country.strip() or None
    for field, value in zip(("since", "until"), dates, strict=False):
        role[field] = value.strip() or None
    return role


# -- checking entries -------------------------------------------------------------------------


def _entry(raw: object, where: str) -> ActorEntry:
    """One checked entry from a mapping of fields; InputError at ``where`` says what is wrong."""
    if not isinstance(raw, dict):
        raise InputError(where, "an entry must be a mapping of fields (name, type, country, sector, aliases, "
                                "roles, distinct)")
    _check_fields(raw, ENTRY_FIELDS, where, "entry")
    name = _text(raw.get("name"))
    if not name:
        raise InputError(where, "missing name")
    kind = _text(raw.get("type"))
    if kind not in ACTOR_TYPES:
        found = f"unknown type {kind!r}" if kind else "missing type"
        raise InputError(where, f"{name}: {found}; expected one of {', '.join(sorted(ACTOR_TYPES))}")
    country = _country(raw.get("country"), where, name)
    sector = _sector(raw.get("sector"), where, name)
    aliases = _aliases(raw.get("aliases"), where, name)
    roles = tuple(_role(item, country, where, f"{name}: role {n}") for n, item in enumerate(_items(raw, where), 1))
    distinct = _distinct(raw.get("distinct"), (name, *aliases), where)
    return ActorEntry(name, kind, country, sector, aliases, roles, distinct)


def _check_fields(raw: Mapping[Any, Any], allowed: Sequence[str], where: str, what: str) -> None:
    unknown = sorted(str(key) for key in raw if key not in allowed)
    if unknown:
        raise InputError(where, f"unknown {what} field(s) {', '.join(unknown)}; expected {', '.join(allowed)}")


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _country(value: object, where: str, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _ISO3.fullmatch(value):
        raise InputError(where, f"{name}: country {value!r} is not an ISO 3166-1 alpha-3 code (three capitals: KOR)")
    return value


def _sector(value: object, where: str, name: str) -> str | None:
    if value is None or value == "":
        return None
    if value not in SECTORS:
        raise InputError(where, f"{name}: unknown sector {value!r}; expected one of {', '.join(sorted(SECTORS))}")
    return str(value)


def _aliases(value: object, where: str, name: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value if value is not None else []
    if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
        raise InputError(where, f"{name}: aliases must be a list of names")
    aliases = dict.fromkeys(item.strip() for item in items if item.strip() != name)
    return tuple(aliases)


def _distinct(value: object, names: tuple[str, ...], where: str) -> tuple[str, ...]:
    """The names an entry is not; one that is also its name or alias is a contradiction."""
    items = [value] if isinstance(value, str) else value if value is not None else []
    if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
        raise InputError(where, f"{names[0]}: distinct must be a list of names of other actors")
    own = {name_key(name): name for name in names}
    for item in items:
        if name_key(item) in own:
            raise InputError(where, f"{names[0]}: {item.strip()!r} is listed under distinct but also names this "
                                    f"entry ({own[name_key(item)]!r}); remove it from one of the two")
    return tuple(dict.fromkeys(item.strip() for item in items))


def _items(raw: Mapping[str, Any], where: str) -> list[Any]:
    roles = raw.get("roles")
    if roles is None:
        return []
    if not isinstance(roles, list):
        raise InputError(where, f"{raw['name']}: roles must be a list of {{title, country, since, until}}")
    return roles


def _role(raw: object, country: str | None, where: str, what: str) -> Role:
    """One checked role; a missing country is the entry's, an explicit null none."""
    if isinstance(raw, str):
        raw = {"title": raw}
    if not isinstance(raw, dict):
        raise InputError(where, f"{what} must be a mapping with title, country, since, until")
    _check_fields(raw, ROLE_FIELDS, where, "role")
    title = role_key(_text(raw.get("title")))
    if not title:
        raise InputError(where, f"{what} has no title")
    role_country = _country(raw["country"], where, what) if "country" in raw else country
    since = _date(raw.get("since"), where, f"{what} ({title}) since")
    until = _date(raw.get("until"), where, f"{what} ({title}) until")
    if since and until and _first_day(since) > _last_day(until):
        raise InputError(where, f"{what} ({title}) starts ({since}) after it ends ({until})")
    return Role(title, role_country, since, until)


def _date(value: object, where: str, what: str) -> str | None:
    """An ISO date at any precision from a YAML date, year number or string; None for null or empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    if isinstance(value, bool) or not _is_iso_date(text):
        raise InputError(where, f"{what} {value!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return text


# -- role words -------------------------------------------------------------------------------


def load_roles(path: Path | str | None = None) -> dict[str, RoleWord]:
    """Role words by :func:`role_key`, from ``path`` or the bundled ``roles.tsv``; InputError names file:line."""
    if path is None:
        return dict(_bundled_roles())
    return _parse_roles(read_text(Path(path)), str(path))


def role_word(text: str, roles: Mapping[str, RoleWord] | None = None) -> RoleWord | None:
    """The role word ``text`` is (case, hyphens and spacing aside), from ``roles`` or the bundled table."""
    table = _bundled_roles() if roles is None else roles
    return table.get(role_key(text))


@cache
def _bundled_roles() -> Mapping[str, RoleWord]:
    source = bundled("roles.tsv")
    return MappingProxyType(_parse_roles(read_text(source), str(source)))


def _parse_roles(text: str, where: str) -> dict[str, RoleWord]:
    """The rows of a role table: a tab-separated header, then one word a line; ``#`` lines are comments."""
    roles: dict[str, RoleWord] = {}
    lines: dict[str, int] = {}
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        place = f"{where}:{number}"
        if header is None:
            header = _roles_header(cells, place)
            continue
        role = _role_row(header, cells, place)
        key = role_key(role.word)
        if key in roles:
            raise InputError(place, f"{role.word!r} is listed twice (first at line {lines[key]})")
        roles[key], lines[key] = role, number
    if header is None:
        raise InputError(where, f"no header line; expected {chr(9).join(ROLE_COLUMNS)!r}")
    return roles


def _roles_header(cells: list[str], where: str) -> list[str]:
    if sorted(cells) != sorted(ROLE_COLUMNS):
        expected = ", ".join(ROLE_COLUMNS)
        raise InputError(where, f"expected the tab-separated header {expected}, found {', '.join(cells)}")
    return cells


def _role_row(header: list[str], cells: list[str], where: str) -> RoleWord:
    if len(cells) != len(header):
        raise InputError(where, f"expected {len(header)} tab-separated cells ({', '.join(header)}), found {len(cells)}")
    row = dict(zip(header, cells, strict=True))
    word = row["word"]
    if not word:
        raise InputError(where, "empty word")
    if row["sector"] not in SECTORS:
        known = ", ".join(sorted(SECTORS))
        raise InputError(where, f"{word}: unknown sector {row['sector']!r}; expected one of {known}")
    if row["kind"] not in ROLE_KINDS:
        raise InputError(where, f"{word}: kind {row['kind']!r} is not person, organization or any")
    country_role = _YES_NO.get(row["country_role"].lower())
    if country_role is None:
        raise InputError(where, f"{word}: country_role {row['country_role']!r} is not yes or no")
    return RoleWord(word, row["sector"], row["kind"], country_role)
