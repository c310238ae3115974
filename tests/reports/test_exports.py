"""ClaimReview JSON-LD, CSV and CSL-JSON, through the API and the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from report_strings import FORMULA_SPEAKER, HOSTILE_CLAIM

from db.errors import UserError
from db.vocab import VERDICTS
from desktop.cli import main
from desktop.reports.claimreview import claim_reviews
from desktop.reports.data import gather_report_data
from desktop.reports.ratings import RATINGS
from desktop.reports.tabular import CSV_COLUMNS, write_claims_csv


def test_claimreview_items_have_required_fields(report_ws) -> None:
    ws, _ = report_ws
    with ws.session() as s:
        data = gather_report_data(s)
    items = claim_reviews(data)
    verdict_ids = [c.id for c in data.claims if c.status in VERDICTS]
    assert len(items) == len(verdict_ids) == 4
    for item in items:
        assert item["@context"] == "https://schema.org" and item["@type"] == "ClaimReview"
        for key in ("claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished",
                    "url"):
            assert item[key], key
        assert item["url"].startswith("https://factdesk.example")
        assert item["author"] == {"@type": "Organization", "name": "Factdesk Test Desk",
                                  "url": "https://factdesk.example"}
        rating = item["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"]
        claim = item["itemReviewed"]
        speaker = next(c.speaker for c in data.claims if c.text == item["claimReviewed"])
        # The seed's agency claims are recorded as "Anadolu Ajansi (report)": an organisation.
        expected = ({"@type": "Organization", "name": "Anadolu Ajansi"}
                    if speaker == "Anadolu Ajansi (report)"
                    else {"@type": "Person", "name": speaker})
        assert claim["@type"] == "Claim" and claim["author"] == expected
        assert claim["appearance"][0]["headline"].startswith("Fidan:")
        # Where the claim was made: the article, never a later evidence source.
        assert claim["firstAppearance"] == claim["appearance"][0]
    by_text = {i["claimReviewed"]: i for i in items}
    false = by_text[next(c.text for c in data.claims if c.id == 2)]["reviewRating"]
    assert (false["ratingValue"], false["worstRating"], false["bestRating"]) == (1, 1, 5)
    unverifiable = by_text[next(c.text for c in data.claims if c.id == 3)]["reviewRating"]
    assert unverifiable["alternateName"] == "Unverifiable" and "ratingValue" not in unverifiable
    # Claim 1 cites a source published 2025-10-01 before the undated article: still the article.
    first = by_text[next(c.text for c in data.claims if c.id == 1)]
    assert first["itemReviewed"]["firstAppearance"]["headline"].startswith("Fidan:")
    assert {i["itemReviewed"]["author"]["@type"] for i in items} == {"Person", "Organization"}


def test_claimreview_refuses_without_organisation(demo_ws, tmp_path: Path, capsys) -> None:
    with demo_ws.session() as s:
        data = gather_report_data(s)
    with pytest.raises(UserError, match="organisation"):
        claim_reviews(data)
    out = tmp_path / "cr.json"
    assert main(["--db", demo_ws.url, "export", "claimreview", "--out", str(out)]) == 1
    assert "organisation" in capsys.readouterr().err and not out.exists()


def test_status_mapping_is_documented() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "statuses.md").read_text(encoding="utf-8")
    for status, r in RATINGS.items():
        row = next(line for line in doc.splitlines() if line.startswith(f"| `{status}`"))
        assert r.label in row
        assert (str(r.value) if r.value is not None else "—") in row


def test_csv_defuses_formulas_and_keeps_unicode(report_ws, tmp_path: Path) -> None:
    ws, seeded = report_ws
    out = tmp_path / "claims.csv"
    assert main(["--db", ws.url, "export", "csv", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == len(seeded.claim_ids)
    hostile = next(r for r in rows if r["id"] == str(seeded.hostile_claim_id))
    assert hostile["text"] == HOSTILE_CLAIM
    assert hostile["speaker"] == "'" + FORMULA_SPEAKER
    assert hostile["tags"] == "'-tag, @mention"
    false = next(r for r in rows if r["id"] == "2")
    assert false["rationale"] == "'=1+1 no Ukraine in readout"
    one = next(r for r in rows if r["id"] == "1")
    assert (one["supports"], one["contradicts"], one["context"], one["evidence_total"]) == \
        ("1", "1", "1", "3")
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_csv_with_bom_and_selection(report_ws) -> None:
    ws, _ = report_ws
    with ws.session() as s:
        data = gather_report_data(s, status="supported")
    buf = io.StringIO(newline="")
    assert write_claims_csv(data, buf) == 1
    assert buf.getvalue().splitlines()[1].startswith("5,supported,Supported,")


def test_csl_json_has_the_fields_zotero_reads(report_ws, tmp_path: Path) -> None:
    ws, seeded = report_ws
    out = tmp_path / "sources.json"
    assert main(["--db", ws.url, "export", "sources", "--format", "csl-json",
                 "--out", str(out)]) == 0
    items = json.loads(out.read_text(encoding="utf-8"))
    assert len(items) == 3  # the seed article and two sources
    by_id = {i["id"]: i for i in items}
    src = by_id[f"factdesk-{seeded.source_id}"]
    assert src["type"] == "article-newspaper"
    assert src["title"] == "Israel & Türkiye: <i>troops</i> row"
    assert src["container-title"] == "Reuters"
    assert src["author"] == [{"family": "Doe", "given": "Jane"}]
    assert src["URL"] == "https://www.reuters.com/world/gaza?a=1&b=2"
    assert src["issued"] == {"date-parts": [[2025, 10, 20]]}
    assert len(src["accessed"]["date-parts"][0]) == 3
    assert src["note"].startswith("sha256: ") and len(src["note"]) == len("sha256: ") + 64
    bad = by_id[f"factdesk-{seeded.bad_link_source_id}"]
    assert "URL" not in bad and bad["type"] == "document"
    only = tmp_path / "articles.json"
    assert main(["--db", ws.url, "export", "sources", "--kind", "article",
                 "--out", str(only)]) == 0
    assert [i["type"] for i in json.loads(only.read_text())] == ["article-newspaper"]


def test_report_command_writes_pdf_and_refuses_bad_input(report_ws, tmp_path: Path,
                                                         capsys) -> None:
    ws, _ = report_ws
    out = tmp_path / "r.pdf"
    assert main(["--db", ws.url, "report", "--out", str(out), "--claims", "1,5"]) == 0
    assert out.read_bytes().startswith(b"%PDF") and "2 claims" in capsys.readouterr().out
    for argv, message in ((["--claims", "1,999"], "no claim with id 999"),
                          (["--claims", "x"], "--claims"),
                          (["--status", "misleading"], "no claims match")):
        bad = tmp_path / "bad.pdf"
        assert main(["--db", ws.url, "report", "--out", str(bad), *argv]) == 1
        assert message in capsys.readouterr().err and not bad.exists()
    assert main(["--db", ws.url, "report", "--out", str(tmp_path / "no" / "r.pdf")]) == 1


def test_settings_command(demo_ws, capsys) -> None:
    db = ["--db", demo_ws.url]
    assert main([*db, "settings", "set", "organisation", "Desk & Co"]) == 0
    assert main([*db, "settings", "set", "organisation_url", "file:///etc"]) == 1
    assert main([*db, "settings", "set", "review_url_template", "https://x.example/c"]) == 1
    assert main([*db, "settings", "set", "review_url_template",
                 "https://x.example/checks/{id}"]) == 0
    capsys.readouterr()
    assert main([*db, "settings", "get", "organisation"]) == 0
    assert capsys.readouterr().out.strip() == "Desk & Co"
    assert main([*db, "settings", "list", "--format", "json"]) == 0
    listed = {r["key"]: r["value"] for r in json.loads(capsys.readouterr().out)}
    assert listed["organisation"] == "Desk & Co" and listed["organisation_url"] == ""
    assert listed["review_url_template"] == "https://x.example/checks/{id}"
