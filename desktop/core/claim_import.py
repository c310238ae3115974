"""Reading a spreadsheet of claims: decode it and validate every row first, so a bad row
anywhere means nothing is written (`desktop.ops.imports` then inserts all rows at once)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from db.claim_input import check_fields, check_status
from db.errors import InvalidValue, UserError
from db.vocab import ClaimStatus
from desktop.core.spreadsheet_text import DecodedText, decode_spreadsheet

COLUMNS = ("text", "speaker", "quote", "status", "rationale", "date", "tags", "review_by")
MAX_BYTES = 512 * 1024 * 1024


def read_csv_text(path: Path) -> str:
    """The file as text: UTF-8 (with or without BOM), else the most plausible code page."""
    return read_csv(path).text


def read_csv(path: Path, encoding: str | None = None) -> DecodedText:
    """The file decoded, saying which encoding was used and whether it was a guess."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UserError(f"{path.name} is larger than {MAX_BYTES // 2**20} MB")
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(f"no such file: {path}") from exc
    except IsADirectoryError as exc:
        raise UserError(f"{path} is a folder, not a CSV file") from exc
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from exc
    return decode_spreadsheet(raw, path.name, encoding)


def first_row_preview(rows: list[dict[str, Any]], width: int = 120) -> str:
    """The first claim as read, to show back when the encoding was guessed."""
    if not rows:
        return ""
    first = rows[0]
    text = " | ".join(v for v in (first["text"], first["speaker"]) if v)
    return text if len(text) <= width else text[:width - 1] + "…"


def _date(value: str, row: int, column: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidValue(f"row {row}: {column} {value!r} is not a date like 2025-10-17") \
            from exc


def parse_claims_csv(text: str) -> list[dict[str, Any]]:
    """Validated rows ready for `bulk_add_claims`; the first bad row raises with its number."""
    nul = text.find("\x00")
    if nul >= 0:  # PostgreSQL cannot store it, and no spreadsheet means it
        raise InvalidValue(f"line {text.count(chr(10), 0, nul) + 1}: contains a NUL character "
                           "(is this a text CSV file?)")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise UserError(f"not a readable CSV file: {exc}") from exc
    if "text" not in header:
        raise UserError("the CSV needs a header row with a 'text' column")
    seen: set[str] = set()
    for name in header:
        if name and name in seen:  # DictReader would silently keep the last such column
            raise UserError(f"the header names the column {name!r} twice (letter case does "
                            "not count); keep one")
        seen.add(name)
    reader.fieldnames = header
    rows: list[dict[str, Any]] = []
    try:
        for line_no, raw in enumerate(reader, start=2):
            cells = {k: (v or "").strip() for k, v in raw.items() if isinstance(k, str)}
            get = cells.get
            if not any(cells.values()):
                continue  # blank line
            text_ = get("text", "")
            if not text_:
                raise InvalidValue(f"row {line_no}: the 'text' cell is empty")
            status = get("status", "").lower() or ClaimStatus.UNVERIFIED.value
            rationale = get("rationale", "")
            row = {"text": text_, "speaker": get("speaker", ""), "quote": get("quote", ""),
                   "status": status, "rationale": rationale, "tags": get("tags", ""),
                   "claim_date": _date(get("date", ""), line_no, "date"),
                   "review_by": _date(get("review_by", ""), line_no, "review_by")}
            try:
                row = check_fields(row)  # the same rules as a claim logged by hand
                check_status(status, rationale)
            except InvalidValue as exc:
                raise InvalidValue(f"row {line_no}: {exc}") from exc
            rows.append(row)
    except csv.Error as exc:
        raise UserError(f"not a readable CSV file: {exc}") from exc
    if not rows:
        raise UserError("the CSV holds no claims")
    return rows
