"""The event ontology: CAMEO codes and PLOVER categories, read from data files.

``data/cameo.tsv`` lists the CAMEO codes (2-digit roots, 3- and 4-digit sub-codes) with a short
name, the Goldstein weight, GDELT's quad class and the PLOVER category; ``data/plover.tsv`` lists
the 16 PLOVER categories and the quad each falls in. Both are tab-separated with a header line,
and ``#`` lines are comments. Users may pass their own files to :func:`load_ontology`; every file
is checked at load, and a bad line raises :class:`~newsgraph.errors.InputError` naming ``file:line``.

A code's PLOVER category must lie on the same side (cooperation or conflict) as its quad class,
but may differ on verbal versus material: GDELT puts all of root 08 (yield) in material
cooperation while PLOVER files 081-083 under CONCEDE, a verbal category.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path

from newsgraph.errors import InputError, UsageError
from newsgraph.resources import bundled

QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
}
PLOVER_QUADS: dict[str, int] = {
    "verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3, "material_conflict": 4,
}
CAMEO_COLUMNS: tuple[str, ...] = ("code", "name", "goldstein", "quad_class", "plover")
PLOVER_COLUMNS: tuple[str, ...] = ("category", "quad", "description")
# GDELT's quad class by root: the last root of each class.
_LAST_ROOT_OF_QUAD: tuple[tuple[int, int], ...] = ((1, 5), (2, 8), (3, 13), (4, 20))
_CODE = re.compile(r"[0-9]{2,4}")


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO code with its Goldstein weight, quad class (1-4) and PLOVER category (None if it has none)."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None

    @property
    def root(self) -> str:
        """The 2-digit root code."""
        return self.code[:2]

    @property
    def quad_name(self) -> str:
        """The quad class in words: "verbal cooperation", ..., "material conflict"."""
        return QUAD_NAMES[self.quad_class]


@dataclass(frozen=True)
class PloverCategory:
    """One PLOVER category; ``quad`` is one of the keys of :data:`PLOVER_QUADS`."""

    name: str
    quad: str
    description: str

    @property
    def quad_class(self) -> int:
        """The quad as GDELT's number (1-4)."""
        return PLOVER_QUADS[self.quad]


def parent_code(code: str) -> str | None:
    """The code one level up (``0841`` → ``084`` → ``08``); None for a root."""
    return code[:-1] if len(code) > 2 else None


def root_quad_class(root: str) -> int | None:
    """GDELT's quad class of a CAMEO root ``01``-``20``; None for anything else."""
    number = int(root) if root.isdigit() and len(root) == 2 else 0
    return next((quad for quad, last in _LAST_ROOT_OF_QUAD if 1 <= number <= last), None)


class Ontology:
    """The CAMEO codes and PLOVER categories, looked up by code or name."""

    def __init__(self, codes: Iterable[CameoCode], categories: Iterable[PloverCategory]) -> None:
        self._codes = {entry.code: entry for entry in codes}
        self._categories = {category.name: category for category in categories}

    def cameo(self, code: str) -> CameoCode:
        """The entry for ``code``; UsageError naming the code when it is not in the ontology."""
        entry = self._codes.get(code)
        if entry is None:
            raise UsageError(
                f"{code!r} is not a CAMEO code in the ontology: use a listed code of 2 to 4 digits, "
                "such as '04', '043' or '0841'"
            )
        return entry

    def get(self, code: str) -> CameoCode | None:
        """The entry for ``code``, or None."""
        return self._codes.get(code)

    def is_valid(self, code: str) -> bool:
        """Whether ``code`` is in the ontology."""
        return code in self._codes

    def plover(self, code: str) -> str | None:
        """The PLOVER category of a known code (None where PLOVER has none)."""
        return self.cameo(code).plover

    def goldstein(self, code: str) -> float:
        """The Goldstein weight of a known code."""
        return self.cameo(code).goldstein

    def quad_class(self, code: str) -> int:
        """The quad class (1-4) of a known code."""
        return self.cameo(code).quad_class

    def parent(self, code: str) -> CameoCode | None:
        """The entry one level above a known code; None for a root."""
        parent = parent_code(self.cameo(code).code)
        return None if parent is None else self._codes[parent]

    def ancestors(self, code: str) -> tuple[CameoCode, ...]:
        """The entries above a known code, nearest first (``0841`` → ``084``, ``08``)."""
        chain: list[CameoCode] = []
        entry = self.parent(code)
        while entry is not None:
            chain.append(entry)
            entry = self.parent(entry.code)
        return tuple(chain)

    def codes_under(self, root: str) -> tuple[CameoCode, ...]:
        """The entries below a known code (a root or a 3-digit code), in file order, without it."""
        self.cameo(root)
        return tuple(entry for code, entry in self._codes.items() if code != root and code.startswith(root))

    def category(self, name: str) -> PloverCategory:
        """The PLOVER category called ``name``; UsageError naming it when there is none."""
        category = self._categories.get(name)
        if category is None:
            known = ", ".join(self._categories)
            raise UsageError(f"{name!r} is not a PLOVER category: use one of {known}")
        return category

    @property
    def categories(self) -> tuple[PloverCategory, ...]:
        """All PLOVER categories, in file order."""
        return tuple(self._categories.values())

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())


def load_ontology(cameo_path: Path | None = None, plover_path: Path | None = None) -> Ontology:
    """Read and check both tables, the bundled files where no path is given; InputError names file:line."""
    plover_source = plover_path or bundled("plover.tsv")
    categories = _read_plover(plover_source)
    codes = _read_cameo(cameo_path or bundled("cameo.tsv"), categories, plover_source.name)
    return Ontology(codes, categories.values())


@cache
def default_ontology() -> Ontology:
    """The bundled ontology, read once per process."""
    return load_ontology()


def _rows(source: Traversable, columns: tuple[str, ...]) -> Iterator[tuple[str, list[str]]]:
    """The data rows of a table as (``file:line``, stripped fields), after checking header and column count."""
    header = "\t".join(columns)
    seen_header = False
    for number, line in enumerate(_read_text(source).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{source}:{number}"
        if not seen_header:
            if line.rstrip() != header:
                raise InputError(where, f"expected the header line {header!r}, found {line!r}")
            seen_header = True
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) != len(columns):
            raise InputError(
                where, f"expected {len(columns)} tab-separated columns ({', '.join(columns)}), found {len(fields)}"
            )
        yield where, fields
    if not seen_header:
        raise InputError(str(source), f"no header line; expected {header!r}")


def _read_text(source: Traversable) -> str:
    try:
        return source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(source), f"cannot read the ontology file ({exc})") from exc


def _read_plover(source: Traversable) -> dict[str, PloverCategory]:
    """The PLOVER categories of a plover.tsv file, by name."""
    categories: dict[str, PloverCategory] = {}
    for where, (name, quad, description) in _rows(source, PLOVER_COLUMNS):
        if not name:
            raise InputError(where, "empty category name")
        if quad not in PLOVER_QUADS:
            raise InputError(where, f"quad {quad!r} of {name} is not one of {', '.join(PLOVER_QUADS)}")
        if name in categories:
            raise InputError(where, f"duplicate category {name}")
        categories[name] = PloverCategory(name, quad, description)
    return categories


def _read_cameo(source: Traversable, categories: dict[str, PloverCategory], plover_file: str) -> list[CameoCode]:
    """The codes of a cameo.tsv file, each checked alone and then for a listed parent."""
    codes: dict[str, tuple[str, CameoCode]] = {}
    for where, fields in _rows(source, CAMEO_COLUMNS):
        entry = _parse_code(fields, where, categories, plover_file)
        if entry.code in codes:
            raise InputError(where, f"duplicate code {entry.code} (first at {codes[entry.code][0]})")
        codes[entry.code] = (where, entry)
    for code, (where, _) in codes.items():
        parent = parent_code(code)
        if parent is not None and parent not in codes:
            raise InputError(where, f"code {code} has no parent: {parent} is not listed")
    return [entry for _, entry in codes.values()]


def _parse_code(fields: list[str], where: str, categories: dict[str, PloverCategory], plover_file: str) -> CameoCode:
    code, name, goldstein, quad_class, plover = fields
    if not _CODE.fullmatch(code):
        raise InputError(where, f"code {code!r} is not 2 to 4 digits")
    if not name:
        raise InputError(where, f"code {code} has no name")
    quad = _parse_quad_class(code, quad_class, where)
    category = _parse_plover(code, plover, quad, where, categories, plover_file)
    return CameoCode(code, name, _parse_goldstein(code, goldstein, where), quad, category)


def _parse_goldstein(code: str, text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(where, f"goldstein {text!r} of code {code} is not a number") from None
    if not -10.0 <= value <= 10.0:  # also rejects nan
        raise InputError(where, f"goldstein {text} of code {code} is outside -10..10")
    return value


def _parse_quad_class(code: str, text: str, where: str) -> int:
    expected = root_quad_class(code[:2])
    if expected is None:
        raise InputError(where, f"code {code} does not start with a CAMEO root (01 to 20)")
    if text not in {"1", "2", "3", "4"}:
        raise InputError(where, f"quad_class {text!r} of code {code} is not 1, 2, 3 or 4")
    if int(text) != expected:
        raise InputError(
            where, f"code {code} has quad_class {text}, but its root {code[:2]} is {expected} ({QUAD_NAMES[expected]})"
        )
    return expected


def _parse_plover(
    code: str, name: str, quad: int, where: str, categories: dict[str, PloverCategory], plover_file: str
) -> str | None:
    if not name:
        return None
    category = categories.get(name)
    if category is None:
        raise InputError(where, f"PLOVER category {name!r} of code {code} is not listed in {plover_file}")
    if _is_conflict(category.quad_class) != _is_conflict(quad):
        raise InputError(
            where, f"code {code} is {QUAD_NAMES[quad]} but its PLOVER category {name} is {category.quad}"
        )
    return name


def _is_conflict(quad: int) -> bool:
    return quad >= 3
