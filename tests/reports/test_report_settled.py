"""The report states a verdict settled without linked evidence instead of "no evidence yet"."""

from __future__ import annotations

from pathlib import Path

from report_pdfcheck import all_text, squash

from desktop.reports.data import gather_report_data
from desktop.reports.pdf import build_pdf


def test_settled_without_evidence_is_stated(report_ws, tmp_path: Path) -> None:
    ws, _ = report_ws
    out = tmp_path / "report.pdf"
    with ws.session() as s:
        # Claims 2 and 3 hold verdicts settled without linked evidence; 4 is unverified.
        build_pdf(gather_report_data(s, claim_ids=[2, 3, 4]), out, author="t")
    text = squash(all_text(out))
    assert text.count(squash("Settled without linked evidence")) == 2
    assert text.count(squash("No evidence linked yet.")) == 1
