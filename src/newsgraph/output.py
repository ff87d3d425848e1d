"""Output formats shared by every listing command: table, csv, tsv, json, jsonl, markdown."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TextIO

from newsgraph.errors import UsageError

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown")
# The formats for people to read, where commands show fewer columns and mark statuses.
READABLE_FORMATS = ("table", "markdown")


def render(rows: Sequence[dict[str, Any]], fmt: str = "table", *, columns: Sequence[str] | None = None,
           title: str | None = None, out: TextIO | None = None) -> None:
    """Write rows to ``out`` (stdout) in one of FORMATS; ``columns`` picks and orders them."""
    out = out or sys.stdout
    names = list(columns) if columns is not None else _columns(rows)
    picked = [{name: row.get(name) for name in names} for row in rows]
    if fmt == "table":
        _table(picked, names, title, out)
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows([_cell(row[name]) for name in names] for row in picked)
    elif fmt == "json":
        out.write(json.dumps(picked, ensure_ascii=False, indent=2, default=_json_default) + "\n")
    elif fmt == "jsonl":
        for row in picked:
            out.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
    elif fmt == "markdown":
        _markdown(picked, names, title, out)
    else:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render_record(record: dict[str, Any], fmt: str = "table", out: TextIO | None = None) -> None:
    """Write one record: as field/value rows for table, csv and tsv; as an object for json(l)."""
    out = out or sys.stdout
    if fmt in ("json", "jsonl"):
        indent = 2 if fmt == "json" else None
        out.write(json.dumps(record, ensure_ascii=False, indent=indent, default=_json_default) + "\n")
        return
    render([{"field": k, "value": v} for k, v in record.items()], fmt, out=out)


def _columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    return list(names)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _table(rows: list[dict[str, Any]], names: list[str], title: str | None, out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=None if out.isatty() else 200, soft_wrap=False)
    table = Table(title=title, show_lines=False, header_style="bold")
    for name in names:
        table.add_column(name, overflow="fold", max_width=60 if name in ("title", "text", "value") else None)
    for row in rows:
        table.add_row(*(_cell(row[name]) for name in names))
    console.print(table)


def _markdown(rows: list[dict[str, Any]], names: list[str], title: str | None, out: TextIO) -> None:
    """A GitHub-flavoured Markdown table, with the title as a caption line above it."""
    if title:
        out.write(f"**{_markdown_cell(title)}**\n\n")
    out.write("| " + " | ".join(_markdown_cell(name) for name in names) + " |\n")
    out.write("|" + "|".join(" --- " for _ in names) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(_markdown_cell(_cell(row[name])) for name in names) + " |\n")


def _markdown_cell(text: str) -> str:
    """Text that stays in its cell: pipes escaped, line breaks as <br>."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")
