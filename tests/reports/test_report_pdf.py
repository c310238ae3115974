"""The PDF report read back with pypdf: literal text, fonts, links, outline, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from report_pdfcheck import (
    FORBIDDEN,
    all_text,
    embedded,
    fonts,
    link_actions,
    names_used,
    squash,
)
from report_strings import HOSTILE, HOSTILE_CLAIM

from desktop.reports.data import gather_report_data
from desktop.reports.pdf import ReportCancelled, build_pdf


@pytest.fixture
def built(report_ws, tmp_path: Path):
    ws, seeded = report_ws
    with ws.session() as s:
        data = gather_report_data(s)
    out = tmp_path / "report.pdf"
    result = build_pdf(data, out, author="Ayşe Yılmaz")
    return data, seeded, out, result


def test_every_claim_text_is_in_the_pdf_literally(built) -> None:
    data, seeded, out, result = built
    text = squash(all_text(out))
    assert len(data.claims) == len(seeded.claim_ids) == 12
    for claim in data.claims:
        assert squash(claim.text) in text, claim.id
    # The markup arrived as characters, not as formatting or an image.
    assert squash(HOSTILE) in text
    assert squash(HOSTILE_CLAIM) in text
    assert b"/Subtype /Image" not in out.read_bytes()
    assert result.claims == 12 and result.pages == len(PdfReader(out).pages)


def test_turkish_cyrillic_greek_round_trip(built) -> None:
    _, _, out, _ = built
    text = all_text(out)
    for word in ("ğşİıĞŞ", "Кириллица", "Ελληνικά", "AyşeYılmaz", "Türkiye"):
        assert word in squash(text), word


def test_fonts_are_embedded_truetype(built) -> None:
    _, _, out, _ = built
    found = fonts(out)
    assert found, "no fonts found"
    assert all(embedded(f) for f in found), [str(f.get("/BaseFont")) for f in found]
    assert any("DejaVuSans" in str(f.get("/BaseFont")) for f in found)


def test_links_are_http_only_and_no_active_content(built) -> None:
    _, _, out, _ = built
    links = link_actions(out)
    uris = [a["uri"] for a in links if a["uri"] is not None]
    assert "https://www.reuters.com/world/gaza?a=1&b=2" in uris
    for a in links:
        assert a["action"] == "/URI", a
        assert a["uri"].startswith(("http://", "https://")), a
    used = names_used(out)
    assert "/Outlines" in used and "/FontFile2" in used  # the walk does see the whole file
    assert used & FORBIDDEN == {"/URI"}  # only the http(s) link actions checked above
    # The javascript: URL of the suspicious source is shown as text, never as a link.
    assert "javascript:alert('x')" in all_text(out)
    assert not any("javascript" in (a["uri"] or "").lower() for a in links)


def test_outline_metadata_and_page_numbers(built) -> None:
    data, _, out, result = built
    reader = PdfReader(out)
    meta = reader.metadata
    assert meta.title.startswith("Verification report")
    assert meta.author == "Ayşe Yılmaz"
    assert "verification report" in meta.subject.lower()
    top = [o for o in reader.outline if not isinstance(o, list)]
    assert [o.title for o in top] == ["Summary", "Claims", "Sources"]
    nested = next(o for o in reader.outline if isinstance(o, list))
    assert [t.title.split(" ")[0] for t in nested] == [f"#{c.id}" for c in data.claims]
    # Each claim's bookmark lands on the page that shows its heading.
    for item in nested[:3]:
        page = reader.get_destination_page_number(item)
        claim_id = item.title.split(" ")[0][1:]
        assert f"Claim #{claim_id}" in reader.pages[page].extract_text()
    n = result.pages
    assert f"Page 1 of {n}" in " ".join(reader.pages[0].extract_text().split())
    assert f"Page {n} of {n}" in " ".join(reader.pages[-1].extract_text().split())


def test_quote_shown_in_its_sentence(built) -> None:
    data, _, out, _ = built
    text = squash(all_text(out))
    # Claim 1's quote sits mid-sentence: the words before it are printed too.
    assert squash("Hakan Fidan has said that Turkiye is prepared to assume responsibility") in text
    rationale = next(c for c in data.claims if c.id == 1).rationale
    assert squash(rationale) in text


def test_progress_reaches_total_and_cancel_leaves_no_file(report_ws, tmp_path: Path) -> None:
    ws, _ = report_ws
    with ws.session() as s:
        data = gather_report_data(s)
    seen: list[tuple[int, int]] = []
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "ok.pdf"
    build_pdf(data, out, author="t", progress=lambda d, t, _w: seen.append((d, t)) is None)
    dones = [d for d, _ in seen]
    assert dones == sorted(dones) and dones[0] == 0 and dones[-1] == seen[-1][1]
    stop = folder / "stopped.pdf"
    with pytest.raises(ReportCancelled):
        build_pdf(data, stop, author="t", progress=lambda d, t, _w: d < seen[-1][1] - 3)
    assert list(folder.iterdir()) == [out]


def test_selection_by_ids_and_status(report_ws, tmp_path: Path) -> None:
    ws, _ = report_ws
    with ws.session() as s:
        chosen = gather_report_data(s, claim_ids=[5, 1])
        verdict = gather_report_data(s, status="supported")
    assert [c.id for c in chosen.claims] == [5, 1]
    assert [c.id for c in verdict.claims] == [5]
    assert {d.title for d in chosen.sources} == {"Israel & Türkiye: <i>troops</i> row",
                                                 "Suspicious page"}
    out = tmp_path / "two.pdf"
    build_pdf(chosen, out, author="t")
    text = squash(all_text(out))
    assert squash(chosen.claims[0].text) in text
    assert "Claim#2" not in text
