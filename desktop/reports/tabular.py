"""Spreadsheet and reference-manager exports: claims as CSV, sources as CSL-JSON."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from typing import Any, TextIO

from db.records import DocumentRecord
from desktop.reports.claimant import PERSON, claimant_kind, display_name, split_person
from desktop.reports.data import ReportData, as_utc, stamp
from desktop.reports.ratings import label
from desktop.reports.text import clean, defuse_cell, safe_url

CSV_COLUMNS = ("id", "status", "status_label", "text", "quote", "speaker", "claim_date",
               "article", "tags", "rationale", "supports", "contradicts", "context",
               "evidence_total", "review_by", "updated_by", "updated_at")


def claim_rows(data: ReportData) -> list[dict[str, Any]]:
    rows = []
    for c in data.claims:
        rows.append({
            "id": c.id, "status": c.status, "status_label": label(c.status), "text": c.text,
            "quote": c.quote, "speaker": c.speaker,
            "claim_date": c.claim_date.isoformat() if c.claim_date else "",
            "article": c.article_title, "tags": c.tags, "rationale": c.rationale,
            "supports": c.supports, "contradicts": c.contradicts, "context": c.context,
            "evidence_total": c.supports + c.contradicts + c.context,
            "review_by": c.review_by.isoformat() if c.review_by else "",
            "updated_by": c.updated_by, "updated_at": stamp(c.updated_at),
        })
    return rows


def write_claims_csv(data: ReportData, out: TextIO) -> int:
    """Write the claims as CSV (header first); every text cell is defused. Returns rows written.

    Open `out` with newline="" so the csv module controls line endings.
    """
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    rows = claim_rows(data)
    for row in rows:
        writer.writerow([defuse_cell(clean(v) if isinstance(v, str) else v)
                         for v in (row[k] for k in CSV_COLUMNS)])
    return len(rows)


def _date_parts(value: date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[value.year, value.month, value.day]]}


def _names(author: str, outlet: str = "") -> list[dict[str, str]]:
    """CSL names, split into family and given so reference managers sort them: "Roe, Jane" and
    "Jane Roe" both give family Roe, given Jane. An outlet, agency or desk, or a name that
    cannot be split safely, stays a literal. Several authors are separated by semicolons.
    """
    out: list[dict[str, str]] = []
    for name in (n.strip() for n in clean(author).split(";")):
        if not name:
            continue
        parts = None
        if claimant_kind(name, outlet=outlet) == PERSON:
            parts = split_person(name)
        out.append(parts or {"literal": display_name(name) or name})
    return out


def csl_item(doc: DocumentRecord) -> dict[str, Any]:
    """One CSL-JSON item, with the fields Zotero's importer reads."""
    url = safe_url(doc.url)
    item: dict[str, Any] = {
        "id": f"factdesk-{doc.id}",
        "type": "article-newspaper" if doc.outlet else ("webpage" if url else "document"),
        "title": clean(doc.title) or url or f"Document {doc.id}",
    }
    if doc.outlet:
        item["container-title"] = clean(doc.outlet)
    authors = _names(doc.author, doc.outlet)
    if authors:
        item["author"] = authors
    if url:
        item["URL"] = url
    if doc.published:
        item["issued"] = _date_parts(doc.published)
    item["accessed"] = _date_parts(as_utc(doc.retrieved_at).date())
    if doc.language:
        item["language"] = doc.language
    item["note"] = f"sha256: {doc.sha256}"
    return item


def csl_items(documents: Iterable[DocumentRecord]) -> list[dict[str, Any]]:
    return [csl_item(d) for d in documents]
