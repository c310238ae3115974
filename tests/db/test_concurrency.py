"""Optimistic concurrency: a stale write raises a conflict instead of overwriting."""

from __future__ import annotations

import pytest

from db.errors import ConflictError
from db.queries.claim_edits import add_claim, set_status, update_claim
from db.queries.claims import get_claim


def test_expected_version_mismatch_is_a_conflict_with_current_record(ws) -> None:
    with ws.session() as s:
        claim = add_claim(s, text="Aid is below the pledge", actor="ana")
    with ws.session() as s:
        update_claim(s, claim.id, {"text": "Ben's wording"}, actor="ben",
                     expected_version=claim.version)
    with pytest.raises(ConflictError) as caught, ws.session() as s:
        update_claim(s, claim.id, {"text": "Ana's wording"}, actor="ana",
                     expected_version=claim.version)
    assert caught.value.current.text == "Ben's wording"
    assert caught.value.current.version == claim.version + 1
    with ws.session() as s:
        assert get_claim(s, claim.id).text == "Ben's wording"


def test_race_between_read_and_flush_is_caught_by_version_column(ws) -> None:
    """Two sessions load the same row; the second flush finds the version moved on."""
    from db.models import Claim

    with ws.session() as s:
        cid = add_claim(s, text="t", actor="a").id
    with pytest.raises(ConflictError), ws.session() as first:
        row = first.get(Claim, cid)
        with ws.session() as second:
            set_status(second, cid, "in-review", actor="b")
        row.text = "overwrite"
    with ws.session() as s:
        current = get_claim(s, cid)
    assert current.text == "t" and current.status == "in-review"
