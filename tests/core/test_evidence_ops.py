"""Correcting linked evidence through the Qt-free operations, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from db.errors import ConflictError, InvalidValue, NotFound
from db.queries.claim_edits import add_claim, delete_claim
from db.queries.claims import claim_history, get_claim
from db.queries.documents import store_document
from db.queries.evidence import add_evidence
from desktop.core import evidence_ops as ops

SOURCE = "Aid trucks fell to 80 a day in October. The UN said the pledge was 600 trucks."


def _linked(ws) -> tuple[int, int, int]:
    """A claim with one link to a titled source; returns (claim, evidence, passage) ids."""
    with ws.session() as s:
        claim = add_claim(s, text="Aid is far below the pledge", actor="ana")
        doc = store_document(s, text=SOURCE, kind="source", actor="ana",
                             spans=[(0, 39), (40, len(SOURCE))], title="Gaza aid update",
                             outlet="UN OCHA").document
        from db.queries.documents import passages_for

        passage = passages_for(s, doc.id)[1]
        ev = add_evidence(s, claim_id=claim.id, passage_id=passage.id, stance="supports",
                          actor="ana")
    return claim.id, ev.id, passage.id


def _history(ws, claim_id: int) -> list[tuple[str, str | None, str | None]]:
    with ws.session() as s:
        return [(h.field, h.old, h.new) for h in claim_history(s, claim_id)]


def test_list_set_stance_note_remove_recorded_by_source_name(ws) -> None:
    cid, eid, pid = _linked(ws)
    listed = ops.list_evidence(ws, cid)
    assert [(e.id, e.stance, e.source_title) for e in listed] == [(eid, "supports",
                                                                   "Gaza aid update")]
    changed = ops.set_stance(ws, eid, "contradicts", actor="ben",
                             expected_version=listed[0].version)
    assert changed.stance == "contradicts" and changed.version == listed[0].version + 1
    noted = ops.set_note(ws, eid, "  figures from the UN daily log ", actor="ben")
    assert noted.note == "figures from the UN daily log"
    assert ops.clear_note(ws, eid, actor="ben").note == ""
    with ws.session() as s:
        assert get_claim(s, cid).contradicts == 1 and get_claim(s, cid).supports == 0
    gone = ops.remove(ws, eid, actor="ben")
    assert gone.id == eid and gone.stance == "contradicts"
    assert ops.list_evidence(ws, cid) == []
    history = _history(ws, cid)
    label = "“Gaza aid update” (UN OCHA)"
    assert ("evidence", None, f"supports: {label}") in history
    assert ("evidence stance", f"supports: {label}", f"contradicts: {label}") in history
    assert ("evidence note", None, f"{label}: figures from the UN daily log") in history
    assert ("evidence note", f"{label}: figures from the UN daily log", None) in history
    assert ("evidence", f"contradicts: {label}", None) in history
    assert not any(f"passage {pid}" in (old or "") + (new or "") for _, old, new in history)


def test_unchanged_stance_or_note_writes_nothing(ws) -> None:
    cid, eid, _ = _linked(ws)
    before = _history(ws, cid)
    same = ops.set_stance(ws, eid, "supports", actor="ben")
    assert ops.set_note(ws, eid, "", actor="ben").version == same.version == 1
    assert _history(ws, cid) == before


def test_stale_version_is_a_conflict_and_writes_nothing(ws) -> None:
    cid, eid, _ = _linked(ws)
    ops.set_note(ws, eid, "Ben's note", actor="ben", expected_version=1)
    before = _history(ws, cid)
    with pytest.raises(ConflictError) as caught:
        ops.set_stance(ws, eid, "context", actor="ana", expected_version=1)
    assert caught.value.current.note == "Ben's note" and caught.value.current.version == 2
    with pytest.raises(ConflictError):
        ops.remove(ws, eid, actor="ana", expected_version=1)
    assert ops.get_evidence(ws, eid).stance == "supports"
    assert _history(ws, cid) == before


def test_refusals_leave_everything_as_it_was(ws) -> None:
    cid, eid, _ = _linked(ws)
    before = (_history(ws, cid), ops.list_evidence(ws, cid))
    with pytest.raises(InvalidValue, match="unknown stance 'agrees'"):
        ops.set_stance(ws, eid, "agrees", actor="ben")
    with pytest.raises(NotFound, match="no evidence with id 999"):
        ops.set_note(ws, 999, "x", actor="ben")
    with pytest.raises(NotFound, match="no evidence with id"):
        ops.remove(ws, 99999999999999999999, actor="ben")
    with pytest.raises(NotFound, match="no claim with id 999"):
        ops.list_evidence(ws, 999)
    assert (_history(ws, cid), ops.list_evidence(ws, cid)) == before


def test_evidence_of_a_deleted_claim_is_not_editable(ws) -> None:
    cid, eid, _ = _linked(ws)
    with ws.session() as s:
        delete_claim(s, cid, actor="ana")
    with pytest.raises(NotFound):
        ops.set_stance(ws, eid, "context", actor="ben")
    with pytest.raises(NotFound):
        ops.list_evidence(ws, cid)


def test_untitled_source_is_named_by_its_address(ws) -> None:
    with ws.session() as s:
        claim = add_claim(s, text="c", actor="a")
        doc = store_document(s, text="One sentence here.", kind="source", actor="a",
                             spans=[(0, 18)], url="https://example.org/r").document
        from db.queries.documents import passages_for

        ev = add_evidence(s, claim_id=claim.id, passage_id=passages_for(s, doc.id)[0].id,
                          stance="context", actor="a")
    ops.remove(ws, ev.id, actor="a")
    assert ("evidence", "context: https://example.org/r", None) in _history(ws, claim.id)
