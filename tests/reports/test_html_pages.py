"""Fact-check web pages, loaded from disk in headless Chromium with the network off."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import load, parse

from db.vocab import VERDICTS
from desktop.cli import main
from desktop.reports.claimreview import claim_reviews
from desktop.reports.data import gather_report_data
from desktop.reports.html_page import json_ld, page_name
from desktop.reports.ratings import rating, reader_wording

BREAKOUT = "Troops </script><script>alert(1)</script> & <b>bold</b> on 12 October"
ARABIC = "قال الوزير إن القوات جاهزة للانتشار في غزة"
TURKISH = "Dışişleri Bakanı: Türkiye asker göndermeye hazır"
RATIONALE = "The <img src=x onerror=alert(1)> \"readout\" says otherwise & more."
TEMPLATE = "https://desk.example/checks/claim-{id}.html"
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "script", "body", "header", "main",
                "article", "p", "h1", "h2", "section", "figure", "blockquote", "figcaption",
                "mark", "strong", "span", "cite", "a", "time", "ul", "ol", "li", "q", "footer",
                "br"}


@pytest.fixture
def site(report_ws, tmp_path: Path, capsys):
    from db.queries.claim_edits import add_claim
    from db.queries.settings import set_setting

    ws, _ = report_ws
    with ws.session() as s:
        for text in (BREAKOUT, f"{ARABIC} — {TURKISH}"):
            add_claim(s, text=text, actor="tester", speaker="Hakan Fidan", status="false",
                      rationale=RATIONALE, settled_without_evidence=True)
        set_setting(s, "review_url_template", TEMPLATE)
    out = tmp_path / "site"
    assert main(["--db", ws.url, "export", "html", "--out", str(out)]) == 0
    assert "6 pages" in capsys.readouterr().out
    with ws.session() as s:
        data = gather_report_data(s, status=list(VERDICTS))
    return data, out, tmp_path / "browser"


def test_every_page_loads_offline_with_its_text_claimreview_and_safe_links(site) -> None:
    data, out, work = site
    reviews = {r["url"]: r for r in claim_reviews(data)}
    pages = sorted(out.glob("*.html"))
    assert {p.name for p in pages} == {"index.html"} | {f"claim-{c.id}.html"
                                                        for c in data.claims}
    for claim in data.claims:
        page = out / page_name(data.settings, claim.id)
        loaded = load(page, work)
        assert loaded.requests == [], page.name
        dom = parse(loaded.dom)
        tags = {t for t, _ in dom.tags}
        assert tags <= ALLOWED_TAGS, (page.name, tags - ALLOWED_TAGS)
        # One script element only: the JSON-LD, parsed back to the claim's ClaimReview.
        assert [a.get("type") for a, _ in dom.scripts] == ["application/ld+json"], page.name
        parsed = json.loads(dom.scripts[0][1])
        assert parsed == reviews[TEMPLATE.format(id=claim.id)]
        assert parsed["claimReviewed"] == claim.text
        visible = dom.visible
        assert " ".join(claim.text.split()) in visible
        r = rating(claim.status)
        assert r.label in visible and reader_wording(claim.status) in visible
        assert " ".join(claim.rationale.split()) in visible
        for tag, attrs in dom.tags:
            href = attrs.get("href")
            if tag == "a":
                assert href and (href.startswith(("https://", "http://"))
                                 or re.fullmatch(r"(index|claim-\d+)\.html|#source-\d+", href)), \
                    href
        h1 = next(attrs for tag, attrs in dom.tags if tag == "h1")
        assert h1.get("dir") == "auto"
    index = parse(load(out / "index.html", work).dom)
    links = [a["href"] for t, a in index.tags if t == "a"]
    assert sorted(links) == sorted(f"claim-{c.id}.html" for c in data.claims)
    assert index.scripts == []


def test_hostile_text_stays_text_in_the_browser(site) -> None:
    data, out, work = site
    hostile = next(c for c in data.claims if c.text == BREAKOUT)
    dom = parse(load(out / f"claim-{hostile.id}.html", work).dom)
    assert BREAKOUT in dom.visible and RATIONALE in dom.visible
    assert not any(t in ("img", "b") for t, _ in dom.tags)
    assert len(dom.scripts) == 1
    arabic = next(c for c in data.claims if c.text.startswith(ARABIC))
    dom = parse(load(out / f"claim-{arabic.id}.html", work).dom)
    assert f"{ARABIC} — {TURKISH}" in dom.visible
    # The suspicious source's javascript: address is never a link on any page.
    for page in out.glob("*.html"):
        assert "javascript:" not in page.read_text(encoding="utf-8").split("</style>")[1] \
            .replace("tries javascript in", "")


def test_the_request_check_does_see_a_remote_resource(tmp_path: Path) -> None:
    page = tmp_path / "remote.html"
    page.write_text('<!DOCTYPE html><html><body><p>x</p>'
                    '<img src="https://example.com/pixel.png"></body></html>')
    assert load(page, tmp_path).requests == ["https://example.com/pixel.png"]


def test_json_ld_cannot_be_closed_by_user_text() -> None:
    block = json_ld({"claimReviewed": "</script><!-- & \u2028"})
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block) == {"claimReviewed": "</script><!-- & \u2028"}


def test_page_names_follow_the_review_url_template() -> None:
    assert page_name({"review_url_template": TEMPLATE}, 7) == "claim-7.html"
    assert page_name({"review_url_template": "https://x.example/c/{id}"}, 7) == "claim-7.html"
    assert page_name({"review_url_template": "https://x.example/fc-{id}.htm"}, 7) == "fc-7.htm"
    assert page_name({}, 7) == "claim-7.html"


def test_export_html_command_refusals_and_warning(report_ws, tmp_path: Path, capsys) -> None:
    ws, _ = report_ws
    db = ["--db", ws.url, "export", "html"]
    out = tmp_path / "pages"
    assert main([*db, "--out", str(out), "--claims", "1,5"]) == 0
    captured = capsys.readouterr()
    assert "review_url_template is not set" in captured.err  # the template is unset here
    assert sorted(p.name for p in out.iterdir()) == ["claim-1.html", "claim-5.html",
                                                     "index.html"]
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    assert main([*db, "--out", str(afile)]) == 1
    assert "is not a folder" in capsys.readouterr().err
    assert main([*db, "--out", str(tmp_path / "no" / "pages")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main([*db, "--out", str(tmp_path / "p2"), "--claims", "6"]) == 1
    assert "nothing to export" in capsys.readouterr().err


def test_a_claim_still_in_review_gets_a_page_without_claimreview(report_ws, tmp_path: Path,
                                                                 capsys) -> None:
    ws, _ = report_ws
    out = tmp_path / "pages"
    # Claim 6 is in review: its page says so, and carries no ClaimReview for search engines.
    assert main(["--db", ws.url, "export", "html", "--out", str(out), "--status",
                 "in-review"]) == 0
    page = (out / "claim-6.html").read_text(encoding="utf-8")
    assert "application/ld+json" not in page
    assert "Not yet settled: this claim is still being checked." in page
