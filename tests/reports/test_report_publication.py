"""The publication layout: nothing internal, gapless numbering, excerpts inside their sentence."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_pdfcheck import all_text, link_actions, squash
from test_report_scale import NOW, _claim, _evidence, _source

from db.vocab import VERDICTS
from desktop.cli import main
from desktop.reports.data import ReportData, gather_report_data
from desktop.reports.pdf import build_pdf
from desktop.reports.publication import NO_EVIDENCE

SENTENCE = ("Egypt, Qatar and Türkiye signed the declaration on 13 October, as guarantors of "
            "the truce, in Sharm el-Sheikh.")
FRAGMENT = "as guarantors of the truce"


@pytest.fixture
def published(report_ws, tmp_path: Path):
    ws, _ = report_ws
    with ws.session() as s:
        data = gather_report_data(s, status=list(VERDICTS))
        everything = gather_report_data(s)
    out = tmp_path / "pub.pdf"
    result = build_pdf(data, out, author="", layout="publication")
    return data, everything, out, result


def test_publication_has_no_hash_user_name_or_database_id(published) -> None:
    data, everything, out, _ = published
    text = all_text(out)
    flat = squash(text)
    assert [c.id for c in data.claims] == [1, 2, 3, 5]  # verdicts only, in report order
    assert "sha256" not in text and not re.search(r"[0-9a-f]{40,}", flat)
    assert "tester" not in text.lower()  # every change was made by "tester"
    assert "ClaimReview" not in text and "History" not in text and "rating5of5" not in flat
    assert not re.search(r"#\s?\d", text)  # no "#5" claim or source ids
    # Claim 5 is the fourth claim of the report: "Claim 4", never "Claim 5".
    headings = [int(n) for n in re.findall(r"^Claim (\d+)$", text, re.M)]
    assert headings == [1, 2, 3, 4]
    # The organisation is named as who checked; the unverified/in-review claims are left out.
    assert "Factdesk Test Desk" in text
    for c in everything.claims:
        assert (squash(c.text) in flat) == (c.status in VERDICTS), c.id
    # Readers get words, not a 1..5 scale.
    assert "Partly accurate: part of the claim is supported" in " ".join(text.split())


def test_publication_numbers_sources_without_gaps_and_cites_them(published) -> None:
    _, _, out, _ = published
    reader = PdfReader(out)
    last = reader.pages[-1].extract_text()
    assert "Sources" in last
    listing = last[last.index("Sources"):last.index("Fact-check:")]
    numbers = [int(n) for n in re.findall(r"^\s*(\d+)\s*$", listing, re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 3
    body = all_text(out)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert cited == set(numbers)
    # Evidence names title, outlet and date as a reader would say it.
    assert squash("“Israel & Türkiye: <i>troops</i> row”, Reuters, 20 October 2025 [2]") \
        in squash(body)
    # The javascript: address of the suspicious source is neither a link nor printed.
    assert "javascript:" not in body
    uris = [a["uri"] for a in link_actions(out) if a["uri"]]
    assert uris == ["https://www.reuters.com/world/gaza?a=1&b=2"]


def test_a_verdict_without_evidence_says_so(published) -> None:
    _, _, out, _ = published
    text = " ".join(all_text(out).split())
    # Claims 2 and 3 have a verdict and no linked evidence.
    assert text.count(NO_EVIDENCE) == 2


def test_excerpt_is_shown_inside_its_sentence(tmp_path: Path) -> None:
    start = SENTENCE.index(FRAGMENT)
    ev = replace(_evidence(1, 0), passage_text=SENTENCE, excerpt_start=start,
                 excerpt_end=start + len(FRAGMENT))
    claim = replace(_claim(1), status="supported", rationale="Signed.")
    out = tmp_path / "sentence.pdf"
    build_pdf(ReportData(claims=[claim], evidence={1: [ev]}, sources=[_source()],
                         generated_at=NOW), out, author="", layout="publication")
    assert squash(SENTENCE) in squash(all_text(out))


def test_a_one_megabyte_claim_is_shortened_with_a_note(tmp_path: Path) -> None:
    huge = "word " * 210_000
    claim = replace(_claim(1, huge), status="false", rationale="x " * 100_000)
    out = tmp_path / "huge.pdf"
    for layout in ("publication", "audit"):
        result = build_pdf(ReportData(claims=[claim]), out, author="", layout=layout)
        text = " ".join(all_text(out).split())
        assert "the full text is 1,050,000 characters long" in text, layout
        assert result.pages < 30, layout


def test_report_command_layouts_and_statuses(report_ws, tmp_path: Path, capsys) -> None:
    ws, _ = report_ws
    db = ["--db", ws.url, "report"]
    out = tmp_path / "r.pdf"
    assert main([*db, "--out", str(out)]) == 0
    assert "4 claims" in capsys.readouterr().out  # publication, verdicts only
    assert main([*db, "--out", str(out), "--status", "verdicts,in-review"]) == 0
    assert "5 claims" in capsys.readouterr().out
    assert main([*db, "--out", str(out), "--status", "false", "--status", "supported"]) == 0
    assert "2 claims" in capsys.readouterr().out
    assert main([*db, "--out", str(out), "--layout", "audit"]) == 0
    assert "12 claims" in capsys.readouterr().out
    assert "tester" in all_text(out)  # the audit keeps its history tables
    assert main([*db, "--out", str(out), "--status", "nonsense"]) == 1
    assert "unknown status 'nonsense'" in capsys.readouterr().err
    assert main([*db, "--out", str(out), "--claims", "6"]) == 1
    assert "verdicts only" in capsys.readouterr().err
