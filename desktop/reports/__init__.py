"""Reports and exports, free of Qt: the PDF report (publication or audit layout), fact-check
web pages, ClaimReview JSON-LD, CSV and CSL-JSON.

Gather once on the database side, then build anywhere, with no session open:

    with ws.session() as s:
        data = gather_report_data(s, claim_ids=None, status=VERDICTS)
    build_pdf(data, "report.pdf", author="", layout="publication", progress=callback)
    write_site(data, "site/")  # desktop.reports.html_page

reportlab is imported only when a PDF is built, so importing this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.reports.claimreview import claim_reviews
from desktop.reports.data import ReportData, gather_report_data
from desktop.reports.tabular import csl_items, write_claims_csv

if TYPE_CHECKING:
    from desktop.reports.pdf import ReportCancelled, ReportResult, build_pdf

__all__ = ["ReportCancelled", "ReportData", "ReportResult", "build_pdf", "claim_reviews",
           "csl_items", "gather_report_data", "write_claims_csv"]


def __getattr__(name: str) -> Any:
    if name in ("build_pdf", "ReportCancelled", "ReportResult"):
        from desktop.reports import pdf

        return getattr(pdf, name)
    raise AttributeError(name)
