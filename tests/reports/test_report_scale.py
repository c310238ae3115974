"""Big reports from plain records (no database needed): page splitting and Arabic text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from pypdf import PdfReader
from report_pdfcheck import all_text, squash

from db.records import ClaimRecord, DocumentRecord, EvidenceRecord, HistoryRecord
from desktop.reports.data import ReportData
from desktop.reports.pdf import build_pdf

NOW = datetime(2025, 10, 20, 12, 0, tzinfo=UTC)
WORDS = ("ceasefire", "troops", "Gaza", "stabilisation", "force", "commission", "Türkiye",
         "Egypt", "Qatar", "envoy", "aid", "corridor", "declaration", "guarantor", "observers",
         "monitoring")


def _claim(i: int, text: str | None = None) -> ClaimRecord:
    return ClaimRecord(
        id=i, text=text or f"Claim number {i}: " + " ".join(WORDS[(i + k) % len(WORDS)]
                                                            for k in range(25)),
        quote="", article_id=None, quote_start=None, quote_end=None, speaker="Speaker",
        claim_date=date(2025, 10, 1), tags="", status="misleading", rationale="Because. " * 20,
        review_by=None, created_by="t", created_at=NOW, updated_by="t", updated_at=NOW,
        deleted=False, version=1, supports=5)


def _evidence(claim_id: int, k: int, length: int = 600) -> EvidenceRecord:
    body = " ".join(WORDS[(claim_id * 7 + j) % len(WORDS)] for j in range(length // 8))
    return EvidenceRecord(
        id=claim_id * 10 + k, claim_id=claim_id, passage_id=k, stance="supports",
        origin="manual", score=None, excerpt_start=None, excerpt_end=None, note="", created_by="t",
        created_at=NOW, version=1, passage_text=body, document_id=1, source_title="Source",
        source_outlet="Outlet", source_url="https://example.org/a", source_published=None)


def _source() -> DocumentRecord:
    return DocumentRecord(id=1, kind="source", title="Source", outlet="Outlet", author="",
                          url="https://example.org/a", published=None, retrieved_at=NOW,
                          language="en", sha256="0" * 64, previous_id=None, feed_id=None,
                          created_by="t", created_at=NOW)


def test_a_200_page_report_builds_with_tables_split_across_pages(tmp_path: Path) -> None:
    claims = [_claim(i) for i in range(1, 161)]
    evidence = {c.id: [_evidence(c.id, k) for k in range(5)] for c in claims}
    history = {c.id: [HistoryRecord(id=c.id, entity="claim", entity_id=c.id, field="status",
                                    old="unverified", new="misleading", actor="t", at=NOW,
                                    rationale="r")] for c in claims}
    data = ReportData(claims=claims, evidence=evidence, history=history, sources=[_source()])
    out = tmp_path / "big.pdf"
    result = build_pdf(data, out, author="t")
    reader = PdfReader(out)
    assert result.pages == len(reader.pages) >= 200
    text = squash(all_text(out))
    assert squash(claims[-1].text) in text and squash(claims[0].text) in text
    # The summary table runs over several pages and repeats its header on each.
    summary_pages = [p.extract_text() for p in reader.pages[1:8]]
    assert sum("Claimant" in t and "S/C/X" in squash(t) for t in summary_pages) >= 3


def test_a_huge_excerpt_and_claim_still_lay_out(tmp_path: Path) -> None:
    claim = _claim(1, "Long " * 4000)
    data = ReportData(claims=[claim], evidence={1: [_evidence(1, 0, length=20000)]},
                      sources=[_source()])
    result = build_pdf(data, tmp_path / "long.pdf", author="t")
    assert result.pages > 3


def test_arabic_text_builds_and_latin_around_it_survives(tmp_path: Path) -> None:
    claim = _claim(1, "Statement: مرحبا بالعالم — quoted in Arabic, then English words.")
    out = tmp_path / "ar.pdf"
    build_pdf(ReportData(claims=[claim]), out, author="t")
    text = all_text(out)
    assert "quoted in Arabic, then English words." in " ".join(text.split())


def test_the_story_is_made_as_it_is_laid_out(tmp_path: Path) -> None:
    """Flowables are pulled from the generator only a few ahead of the layout, so memory is
    bounded by one section rather than by the whole report."""
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from desktop.reports.pdf import _LazyStory
    from desktop.reports.styles import styles

    counts = {"pulled": 0, "drawn": 0, "ahead": 0}

    class Doc(SimpleDocTemplate):
        def afterFlowable(self, flowable) -> None:
            counts["drawn"] += isinstance(flowable, Paragraph)

    def story():
        for i in range(2000):
            counts["ahead"] = max(counts["ahead"], counts["pulled"] - counts["drawn"])
            counts["pulled"] += 1
            yield Paragraph(f"Paragraph {i}", styles()["body"])

    Doc(str(tmp_path / "lazy.pdf")).build(_LazyStory(story()))
    assert counts["pulled"] == counts["drawn"] == 2000
    assert counts["ahead"] <= 45
