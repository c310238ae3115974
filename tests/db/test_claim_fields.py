"""Fields declared once: a claim's (a document's, a link's) table, record and queries share
them, and claim input is checked in one place (text, types, dates, lengths, status) before
anything is written."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel

from db.claim_input import EDITABLE
from db.errors import InvalidValue
from db.models import (
    NAME_MAX,
    TAGS_MAX,
    Claim,
    ClaimBase,
    ClaimStored,
    Document,
    DocumentBase,
    Evidence,
    EvidenceBase,
    History,
)
from db.queries.claim_edits import add_claim, bulk_add_claims, update_claim
from db.queries.claims import get_claim
from db.records import ClaimRecord, DocumentRecord, EvidenceRecord
from desktop.core.claim_import import parse_claims_csv
from desktop.ingest.base import ExtractedDocument
from desktop.ingest.pipeline import ClaimDraft, import_document


def _counts(ws) -> tuple[int, int]:
    with ws.session() as s:
        return (s.execute(select(func.count()).select_from(Claim)).scalar_one(),
                s.execute(select(func.count()).select_from(History)).scalar_one())


def test_table_record_and_edits_take_the_fields_from_the_model() -> None:
    stored = list(ClaimStored.model_fields)
    assert set(Claim.__table__.columns.keys()) == {"id", *stored}  # type: ignore[attr-defined]
    record = [f.name for f in dataclasses.fields(ClaimRecord)]
    assert record == ["id", *stored, "article_title", "supports", "contradicts", "context"]
    assert tuple(ClaimBase.model_fields) == EDITABLE
    assert {"created_by", "updated_at", "deleted", "version"}.isdisjoint(EDITABLE)


def test_documents_and_evidence_share_their_fields_with_their_records() -> None:
    assert [f.name for f in dataclasses.fields(DocumentRecord)] == [
        "id", *DocumentBase.model_fields, "text", "passage_count"]
    assert set(Document.__table__.columns.keys()) == {  # type: ignore[attr-defined]
        "id", *DocumentBase.model_fields, "text", "matched_at"}
    names = [f.name for f in dataclasses.fields(EvidenceRecord)]
    assert names[:len(EvidenceBase.model_fields) + 1] == ["id", *EvidenceBase.model_fields]
    assert set(Evidence.__table__.columns.keys()) == {  # type: ignore[attr-defined]
        "id", *EvidenceBase.model_fields}


def test_the_record_is_plain_frozen_data(ws) -> None:
    with ws.session() as s:
        rec = add_claim(s, text="Aid fell", actor="t", speaker="Fidan", tags="aid")
    assert not isinstance(rec, SQLModel)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.text = "changed"  # type: ignore[misc]
    assert dataclasses.replace(rec, text="x").text == "x"
    assert (rec.speaker, rec.tags, rec.status, rec.version) == ("Fidan", "aid", "unverified", 1)


@pytest.mark.parametrize(("fields", "message"), [
    ({"text": "   "}, "a claim needs its text"),
    ({"text": "x", "speaker": "S" * (NAME_MAX + 1)}, "the speaker is too long"),
    ({"text": "x", "tags": "t" * (TAGS_MAX + 1)}, "the tags are too long"),
    ({"text": "x", "status": "maybe"}, "unknown status 'maybe'"),
    ({"text": "x", "claim_date": "2025-10-01"}, "the claim date must be a date"),
    ({"text": "x", "review_by": datetime(2025, 10, 1, tzinfo=UTC)},
     "the review-by date must be a date"),
    ({"text": "x", "speaker_kind": "robot"}, "unknown claimant kind 'robot'"),
    ({"text": "x", "article_id": "7"}, "the article id must be a whole number"),
    ({"text": "x", "colour": "red"}, "cannot edit colour"),
])
def test_bad_claim_input_is_refused_in_one_line_and_writes_nothing(ws, fields, message) -> None:
    before = _counts(ws)
    with pytest.raises(InvalidValue) as info, ws.session() as s:
        add_claim(s, actor="t", **fields)
    assert str(info.value).startswith(message) and "\n" not in str(info.value)
    assert _counts(ws) == before


def test_edits_and_bulk_rows_are_checked_by_the_same_rules(ws) -> None:
    with ws.session() as s:
        claim_id = add_claim(s, text="Aid fell", actor="t").id
    before = _counts(ws)
    with pytest.raises(InvalidValue, match="the speaker is too long"), ws.session() as s:
        update_claim(s, claim_id, {"speaker": "S" * (NAME_MAX + 1)}, actor="t")
    with pytest.raises(InvalidValue, match="the claim date must be a date"), ws.session() as s:
        bulk_add_claims(s, [{"text": "ok"}, {"text": "y", "claim_date": "soon"}], actor="t")
    assert _counts(ws) == before
    with ws.session() as s:
        rec = update_claim(s, claim_id, {"speaker": " " + "S" * NAME_MAX + " ",
                                         "tags": ["b", "a", "B"], "review_by": date(2026, 1, 2)},
                           actor="t")
        assert bulk_add_claims(s, [{"text": " Trucks waited ", "tags": "x, x"}], actor="t") == 1
    assert (rec.speaker, rec.tags, rec.review_by) == ("S" * NAME_MAX, "b, a", date(2026, 1, 2))
    with ws.session() as s:
        bulk = get_claim(s, claim_id + 1)
    assert (bulk.text, bulk.tags, bulk.quote, bulk.status) == ("Trucks waited", "x", "",
                                                               "unverified")


def test_a_spreadsheet_row_beyond_a_length_is_refused_with_its_number() -> None:
    text = "text,speaker\nAid fell,Fidan\nTrucks waited," + "S" * (NAME_MAX + 1) + "\n"
    with pytest.raises(InvalidValue, match=r"^row 3: the speaker is too long"):
        parse_claims_csv(text)


def test_a_speaker_found_in_an_article_is_cut_to_its_declared_length(ws) -> None:
    body = "Aid fell by half, the minister said."
    long_name = "N" * (NAME_MAX + 50)
    draft = ClaimDraft(text="Aid fell by half", quote=body[:16], quote_start=0, quote_end=16,
                       speaker=long_name)
    doc = ExtractedDocument(text=body, title="Interview", language="en")
    with ws.session() as s:
        result = import_document(s, doc, kind="article", actor="t", claims=[draft])
    assert result.claims[0].speaker == "N" * NAME_MAX
