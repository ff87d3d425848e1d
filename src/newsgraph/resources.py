"""Resources: the data files bundled with newsgraph, located and read with errors naming the file."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError


def bundled(name: str) -> Traversable:
    """A file of the package's ``data`` folder."""
    return resources.files("newsgraph") / "data" / name


def read_text(source: Path | Traversable) -> str:
    """A file's UTF-8 text (without a byte-order mark), or an InputError naming it."""
    try:
        return source.read_text(encoding="utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(source), f"cannot read the file ({exc})") from exc


def read_yaml(source: Path | Traversable) -> Any:
    """A YAML file's data, or an InputError naming the file and the line of a syntax error."""
    import yaml

    try:
        return yaml.safe_load(read_text(source))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else str(source)
        raise InputError(where, f"not valid YAML ({getattr(exc, 'problem', None) or exc})") from exc
