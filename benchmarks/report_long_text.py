"""Time and memory of a report on one enormous claim: claim text, rationale, quote and evidence
sentence of SIZE each (1 MB by default), in both PDF layouts and as a web page.

Reports show such text in part with a note giving its full length, so the layout stays a few
pages whatever the size. Records are built in memory (no database), so only rendering is timed.

    .venv/bin/python benchmarks/report_long_text.py [--size 1000000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path


def data(size: int):
    from db.records import ClaimRecord, DocumentRecord, EvidenceRecord
    from desktop.reports.data import ReportData

    now = datetime(2025, 10, 20, tzinfo=UTC)
    words = "ceasefire troops Gaza stabilisation force commission Türkiye envoy aid corridor "
    body = (words * (size // len(words) + 1))[:size]
    article = DocumentRecord(id=1, kind="article", title="Article", outlet="Outlet", author="",
                             url="https://example.org/a", published=date(2025, 10, 1),
                             retrieved_at=now, language="en", sha256="0" * 64,
                             previous_id=None, feed_id=None, created_by="b", created_at=now,
                             text="Intro. " + body + " End.")
    claim = ClaimRecord(id=1, text=body, quote=body, article_id=1, quote_start=7,
                        quote_end=7 + size, speaker="Speaker", claim_date=None, tags="",
                        status="false", rationale=body, review_by=None, created_by="b",
                        created_at=now, updated_by="b", updated_at=now, deleted=False,
                        version=1)
    ev = EvidenceRecord(id=1, claim_id=1, passage_id=1, stance="contradicts", origin="manual",
                        score=None, excerpt_start=size // 2, excerpt_end=size // 2 + 5000,
                        note="", created_by="b", created_at=now, version=1, passage_text=body,
                        document_id=2, source_title="Source", source_outlet="Wire",
                        source_url="https://example.org/s", source_published=date(2025, 10, 2))
    source = DocumentRecord(id=2, kind="source", title="Source", outlet="Wire", author="",
                            url="https://example.org/s", published=date(2025, 10, 2),
                            retrieved_at=now, language="en", sha256="1" * 64, previous_id=None,
                            feed_id=None, created_by="b", created_at=now)
    return ReportData(claims=[claim], evidence={1: [ev]}, articles={1: article},
                      sources=[source], settings={"organisation": "Bench Desk",
                                                  "organisation_url": "https://bench.example"})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="characters of each long text")
    args = ap.parse_args()
    from desktop.reports.html_page import write_site
    from desktop.reports.pdf import build_pdf

    records = data(args.size)
    with tempfile.TemporaryDirectory() as tmp:
        for layout in ("publication", "audit", "html"):
            t = time.perf_counter()
            if layout == "html":
                write_site(records, Path(tmp) / "site")
                what = "1 page"
            else:
                result = build_pdf(records, Path(tmp) / f"{layout}.pdf", author="Bench",
                                   layout=layout)
                what = f"{result.pages} pages"
            print(f"{layout}: {time.perf_counter() - t:.2f} s, {what}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"texts of {args.size:,} characters; peak RSS of the whole run {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
