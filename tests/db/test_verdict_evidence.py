"""A verdict needs linked evidence or an explicit "settled without linked evidence"."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db.errors import InvalidValue
from db.migrate import downgrade, upgrade
from db.queries.claim_edits import add_claim, bulk_add_claims, set_status, update_claim
from db.queries.claims import claim_history, get_claim
from db.queries.documents import passages_for, store_document
from db.queries.evidence import add_evidence


def _claim(ws) -> int:
    with ws.session() as s:
        return add_claim(s, text="Aid is below the pledge", actor="a").id


def test_verdict_without_evidence_is_refused_unless_said(ws) -> None:
    cid = _claim(ws)
    with pytest.raises(InvalidValue, match="needs linked evidence"), ws.session() as s:
        set_status(s, cid, "false", actor="a", rationale="The ministry denied it")
    with pytest.raises(InvalidValue, match="needs linked evidence"), ws.session() as s:
        update_claim(s, cid, {"status": "supported", "rationale": "r"}, actor="a")
    with ws.session() as s:
        claim = get_claim(s, cid)
        assert (claim.status, claim.version, claim.settled_without_evidence) == (
            "unverified", 1, False)
        set_status(s, cid, "in-review", actor="a")  # not a verdict: nothing needed
    with ws.session() as s:
        claim = set_status(s, cid, "false", actor="a", rationale="The ministry denied it",
                           without_evidence=True)
    assert claim.settled_without_evidence and claim.as_dict()["settled_without_evidence"]
    with ws.session() as s:
        fields = [(h.field, h.new, h.rationale) for h in claim_history(s, cid)]
        assert ("settled_without_evidence", "True", "The ministry denied it") in fields
        # Back to review: the statement no longer applies.
        assert not set_status(s, cid, "in-review", actor="a").settled_without_evidence


def test_verdict_with_evidence_needs_no_statement_and_drops_it(ws) -> None:
    cid = _claim(ws)
    with ws.session() as s:
        doc = store_document(s, text="Trucks fell to 80 a day.", kind="source", actor="a",
                             spans=[(0, 24)], title="Aid update").document
        add_evidence(s, claim_id=cid, passage_id=passages_for(s, doc.id)[0].id,
                     stance="supports", actor="a")
        claim = set_status(s, cid, "supported", actor="a", rationale="r",
                           without_evidence=True)
    assert claim.status == "supported" and not claim.settled_without_evidence


def test_new_and_imported_verdicts(ws) -> None:
    with pytest.raises(InvalidValue, match="needs linked evidence"), ws.session() as s:
        add_claim(s, text="x", actor="a", status="false", rationale="r")
    with ws.session() as s:
        made = add_claim(s, text="x", actor="a", status="false", rationale="r",
                         settled_without_evidence=True)
        bulk_add_claims(s, [{"text": "y", "status": "misleading", "rationale": "elsewhere"},
                            {"text": "z"}], actor="a")
        imported = {c: get_claim(s, c) for c in (made.id + 1, made.id + 2)}
    assert made.settled_without_evidence
    assert [c.settled_without_evidence for c in imported.values()] == [True, False]


def test_upgrade_marks_earlier_verdicts_without_evidence(ws) -> None:
    cid = _claim(ws)
    other = _claim(ws)
    with ws.session() as s:
        doc = store_document(s, text="Trucks fell to 80 a day.", kind="source", actor="a",
                             spans=[(0, 24)]).document
        add_evidence(s, claim_id=other, passage_id=passages_for(s, doc.id)[0].id,
                     stance="supports", actor="a")
    downgrade(ws, "0003")
    with ws.engine.begin() as conn:
        conn.execute(text("UPDATE claims SET status = 'false', rationale = 'r'"))
    upgrade(ws)
    with ws.session() as s:
        assert get_claim(s, cid).settled_without_evidence
        assert not get_claim(s, other).settled_without_evidence
