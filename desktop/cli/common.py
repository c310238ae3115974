"""Helpers shared by the sub-commands: opening the workspace, printing rows."""

from __future__ import annotations

import csv
import json
import sys
from argparse import Namespace
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from db.errors import InvalidValue

if TYPE_CHECKING:
    from db.engine import Workspace

FORMATS = ("table", "json", "csv")


def open_ws(args: Namespace) -> Workspace:
    """The workspace named by --db / FACTDESK_DB / the default, created or upgraded as needed."""
    from db.engine import resolve_url
    from db.migrate import open_workspace

    return open_workspace(resolve_url(getattr(args, "db", None)))


MAX_ID = 2**63 - 1  # the largest id either database can hold


def record_id(value: str) -> int:
    """argparse type for ids: a positive whole number that fits a database integer."""
    import argparse

    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an id (a whole number)") from None
    if not 0 < number <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{value} is not an id (ids run from 1 to {MAX_ID})")
    return number


def add_format(parser: Any, default: str = "table") -> None:
    parser.add_argument("--format", choices=FORMATS, default=default,
                        help=f"output format (default: {default})")


def parse_date(value: str | None, what: str = "date") -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidValue(f"{what} {value!r} is not a date like 2025-10-17") from exc


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str],
         out: TextIO | None = None) -> None:
    """Print rows as an aligned table, a JSON list of objects, or CSV with a header."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump(list(rows), out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        _table(rows, columns, out)


def _cell(value: Any, width: int = 60) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    out.write("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()
              + "\n")
    for row in cells:
        out.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")
