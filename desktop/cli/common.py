"""Helpers shared by the sub-commands: opening the workspace, printing rows."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from argparse import Namespace
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from db.errors import InvalidValue

if TYPE_CHECKING:
    from db.engine import Workspace

FORMATS = ("table", "json", "csv")


def open_ws(args: Namespace, *, create: bool = False) -> Workspace:
    """The workspace named by --db / FACTDESK_DB / the default, upgraded as needed.

    Only `init` (and `demo`) pass `create=True`; every other command refuses a missing file or
    an empty database instead of giving it a schema. Notes from opening (a recovered upgrade, a
    read-only or damaged file) go to stderr, one line each.
    """
    from db.engine import resolve_url
    from db.migrate import open_workspace

    ws = open_workspace(resolve_url(getattr(args, "db", None)), create=create)
    _OPENED.append(ws)
    for notice in ws.notices:
        print(f"factdesk: note: {notice}", file=sys.stderr)
    return ws


_OPENED: list[Workspace] = []


def close_opened(*, succeeded: bool) -> None:
    """Close the workspaces this command opened. Only a command that ended normally lets a
    sound file's state be recorded (db.verified_state); after anything else the next open
    checks it again."""
    while _OPENED:
        ws = _OPENED.pop()
        if not succeeded:
            ws.verified = False
        ws.dispose()


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


def print_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str],
               out: TextIO | None = None) -> None:
    """Print rows as an aligned table, a JSON list of objects, or CSV with a header."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump(list(rows), out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif fmt == "csv":
        stream(rows, "csv", columns, out)
    else:
        _table(rows, columns, out)


def stream(rows: Iterable[dict[str, Any]], fmt: str, columns: Sequence[str],
           out: TextIO | None = None) -> int:
    """Write rows one at a time as a JSON list (one object per line) or as defused CSV.

    Nothing is held but the row being written, so 100,000 rows cost what one does.
    """
    out = out or sys.stdout
    n = 0
    if fmt == "json":
        out.write("[")
        for row in rows:
            out.write(",\n" if n else "\n")
            out.write(json.dumps(row, ensure_ascii=False, default=str))
            n += 1
        out.write("\n]\n" if n else "]\n")
        return n
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([defuse_cell(row.get(c)) for c in columns])
        n += 1
    return n


# What a spreadsheet may read as the start of a formula, also in fullwidth forms (＝＋－＠),
# which some spreadsheets fold to ASCII; leading blanks of any kind are looked past.
_FORMULA_START = frozenset("=+-@") | frozenset("\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\u2212")
_CONTROL_START = ("\t", "\r", "\n")


def defuse_cell(value: Any) -> Any:
    """A CSV cell that cannot run as a formula: risky text gets a leading apostrophe."""
    if type(value) is not str or not value or value[0].isalnum():
        return value  # the common case, decided by the first character
    if value.startswith(_CONTROL_START):
        return "'" + value
    head = value.lstrip()
    if head and (head[0] in _FORMULA_START
                 or unicodedata.normalize("NFKC", head[0]) in _FORMULA_START):
        return "'" + value
    return value


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
