"""ClaimReview against the schema.org vocabulary and Google's required fields; CSL-JSON against
the CSL-JSON schema; claimant kinds and name splitting."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from schemaorg_check import DATA, google_errors, vocabulary_errors
from test_report_scale import _claim, _source

from desktop.cli import main
from desktop.reports.claimant import claimant_kind, split_person
from desktop.reports.claimreview import claim_reviews
from desktop.reports.data import ReportData, gather_report_data
from desktop.reports.tabular import csl_items

SETTINGS = {"organisation": "Desk", "organisation_url": "https://desk.example",
            "review_url_template": "https://desk.example/checks/claim-{id}.html"}


def _article(**kw):
    return replace(_source(), id=7, kind="article", title="Minister interview",
                   outlet="Daily Bugle", url="https://bugle.example/interview",
                   published=date(2025, 10, 3), **kw)


def test_every_claimreview_fits_the_vocabulary_and_googles_rules(report_ws) -> None:
    ws, _ = report_ws
    with ws.session() as s:
        items = claim_reviews(gather_report_data(s))
    assert len(items) == 4
    for item in items:
        assert vocabulary_errors(item) == [], item["claimReviewed"]
        assert google_errors(item) == [], item["claimReviewed"]


def test_the_checks_catch_what_is_wrong() -> None:
    bad = {"@type": "ClaimReview", "claimReviewed": "x", "url": "ftp://x",
           "author": {"@type": "Person", "headline": 3},
           "reviewRating": {"@type": "Rating", "ratingValue": 9, "bestRating": 5,
                            "worstRating": 1},
           "itemReviewed": {"@type": "Claim", "claimReviewed": "y", "appearance": "text"}}
    errors = "\n".join(vocabulary_errors(bad))
    for expected in ("$.url[0]: 'ftp://x' fits none of ['URL']",
                     "$.author[0].headline: not a property of Person",
                     "$.itemReviewed[0].claimReviewed: not a property of Claim",
                     "$.itemReviewed[0].appearance[0]: 'text' fits none of ['CreativeWork']"):
        assert expected in errors, expected
    google = google_errors(bad)
    assert "reviewRating needs alternateName (the textual rating)" in google
    assert "ratingValue outside worstRating..bestRating" in google
    assert "author needs a name" in google


def test_appearance_and_dates_come_from_the_article_where_the_claim_was_made() -> None:
    article = _article()
    said = replace(_claim(1), article_id=7, status="false", rationale="No.", claim_date=None,
                   speaker="Jane Roe")
    dated = replace(said, id=2, claim_date=date(2025, 9, 30), speaker="Reuters")
    data = ReportData(claims=[said, dated], articles={7: article}, sources=[_source()],
                      settings=SETTINGS)
    first, second = claim_reviews(data)
    work = {"@type": "CreativeWork", "url": "https://bugle.example/interview",
            "headline": "Minister interview", "datePublished": "2025-10-03",
            "publisher": {"@type": "Organization", "name": "Daily Bugle"}}
    assert first["itemReviewed"]["firstAppearance"] == work
    assert first["itemReviewed"]["appearance"] == [work]
    assert first["itemReviewed"]["datePublished"] == "2025-10-03"  # the article's date
    assert second["itemReviewed"]["datePublished"] == "2025-09-30"  # the claim's own date
    assert first["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Roe"}
    assert second["itemReviewed"]["author"] == {"@type": "Organization", "name": "Reuters"}
    assert first["url"] == "https://desk.example/checks/claim-1.html"
    for item in (first, second):
        assert vocabulary_errors(item) == [] and google_errors(item) == []


@pytest.mark.parametrize(("speaker", "recorded", "outlet", "kind"), [
    ("Hakan Fidan", "", "", "person"),
    ("Anadolu Ajansi (report)", "", "", "organization"),
    ("Anadolu Ajansi", "", "Anadolu Ajansi", "organization"),
    ("Israeli Ministry of Foreign Affairs", "", "", "organization"),
    ("CENTCOM", "", "", "organization"),
    ("Dışişleri Bakanlığı", "", "", "organization"),
    ("Hakan Fidan", "organization", "", "organization"),
    ("The Daily Show", "person", "", "person"),
])
def test_claimant_kind(speaker: str, recorded: str, outlet: str, kind: str) -> None:
    assert claimant_kind(speaker, recorded, outlet) == kind


@pytest.mark.parametrize(("name", "parts"), [
    ("Jane Roe", {"family": "Roe", "given": "Jane"}),
    ("Roe, Jane", {"family": "Roe", "given": "Jane"}),
    ("Ayşe Nur Yılmaz", {"family": "Yılmaz", "given": "Ayşe Nur"}),
    ("Ludwig van Beethoven", {"family": "van Beethoven", "given": "Ludwig"}),
    ("Bashar al-Assad", {"family": "al-Assad", "given": "Bashar"}),
    ("Madonna", None),
    ("the desk", None),
])
def test_person_names_split(name: str, parts: dict | None) -> None:
    assert split_person(name) == parts


def test_csl_json_fits_the_schema_and_names_sort(report_ws, tmp_path: Path) -> None:
    ws, _ = report_ws
    schema = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    out = tmp_path / "sources.json"
    assert main(["--db", ws.url, "export", "sources", "--out", str(out)]) == 0
    items = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(items, schema)
    docs = [replace(_source(), author="Jane Roe; Anadolu Ajansi; Madonna", outlet="Wire")]
    made = csl_items(docs)
    jsonschema.validate(made, schema)
    assert made[0]["author"] == [{"family": "Roe", "given": "Jane"},
                                 {"literal": "Anadolu Ajansi"}, {"literal": "Madonna"}]
    with pytest.raises(jsonschema.ValidationError):  # the schema does refuse a bad item
        jsonschema.validate([{**made[0], "author": [{"name": "Roe"}]}], schema)


def test_speaker_kind_is_recorded_from_the_command_line(report_ws, tmp_path: Path,
                                                        capsys) -> None:
    ws, _ = report_ws
    db = ["--db", ws.url]
    assert main([*db, "claims", "add", "Gaza talks resume Monday.", "--speaker", "Hakan Fidan",
                 "--speaker-kind", "organization", "--no-match"]) == 0
    claim_id = int(capsys.readouterr().out.strip())
    assert main([*db, "claims", "set-status", str(claim_id), "false", "--rationale",
                 "No talks scheduled.", "--without-evidence"]) == 0
    out = tmp_path / "cr.json"
    assert main([*db, "export", "claimreview", "--claims", str(claim_id), "--out",
                 str(out)]) == 0
    (item,) = json.loads(out.read_text(encoding="utf-8"))
    assert item["itemReviewed"]["author"] == {"@type": "Organization", "name": "Hakan Fidan"}
