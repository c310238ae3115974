"""The Qt-free operations: one unit of work each, the record and what changed, on SQLite and
PostgreSQL; a refusal writes nothing."""

from __future__ import annotations

import pytest

from db.errors import AlreadyDecided, AlreadyLinked, ConflictError, InvalidValue, NotFound
from db.queries.claims import claim_history, claim_ids, get_claim
from db.queries.documents import passages_for, store_document
from db.queries.suggestions import NewSuggestion, list_suggestions, store_suggestions
from desktop.ops import claims, evidence, suggestions
from desktop.ops.changes import Changes

SOURCE = "Aid trucks fell to 80 a day in October. The UN said the pledge was 600 trucks."


def _passage(ws) -> int:
    with ws.session() as s:
        doc = store_document(s, text=SOURCE, kind="source", actor="ana",
                             spans=[(0, 39), (40, len(SOURCE))], title="Gaza aid update").document
        return passages_for(s, doc.id)[1].id


def _history(ws, cid: int) -> list[tuple[str, str | None, str | None]]:
    with ws.session() as s:
        return [(h.field, h.old, h.new) for h in claim_history(s, cid)]


def test_create_edit_set_status_delete_restore(ws) -> None:
    rec, ch = claims.create_claim(ws, text="  Aid is far below the pledge ", actor="ana",
                                  tags="aid, gaza")
    assert rec.text == "Aid is far below the pledge" and rec.created_by == "ana"
    assert ch.claims == {rec.id} and ch.claims_reset and ch.record_of(rec.id) == rec

    edited, ch = claims.edit_claim(ws, rec.id, {"speaker": "UN"}, actor="ben",
                                   expected_version=rec.version)
    assert edited.speaker == "UN" and edited.version == rec.version + 1
    assert ch == Changes(claims=frozenset({rec.id})) and not ch.claims_reset
    assert ch.record_of(rec.id) == edited

    settled, ch = claims.set_status(ws, rec.id, "false", rationale="UN figures",
                                    without_evidence=True, actor="ben",
                                    expected_version=edited.version)
    assert (settled.status, settled.rationale, settled.settled_without_evidence) == \
        ("false", "UN figures", True)
    assert ch.record_of(rec.id) == settled
    assert ("status", "unverified", "false") in _history(ws, rec.id)

    gone, ch = claims.delete_claim(ws, rec.id, actor="ben", expected_version=settled.version)
    assert gone is None and ch.claims_reset and ch.claims == {rec.id}
    with ws.session() as s:
        assert rec.id not in claim_ids(s)
    back, ch = claims.restore_claim(ws, rec.id, actor="ben")
    assert not back.deleted and ch.claims_reset and ch.record_of(rec.id) == back


def test_refused_operations_write_nothing(ws) -> None:
    rec, _ = claims.create_claim(ws, text="Aid is far below the pledge", actor="ana")
    before = _history(ws, rec.id)
    with pytest.raises(InvalidValue):
        claims.set_status(ws, rec.id, "false", actor="ben")  # a verdict needs a rationale
    with pytest.raises(ConflictError):
        claims.set_status(ws, rec.id, "in-review", actor="ben",
                          expected_version=rec.version + 5)
    with pytest.raises(NotFound):
        claims.edit_claim(ws, rec.id + 99, {"speaker": "x"}, actor="ben")
    with pytest.raises(InvalidValue):
        claims.create_claim(ws, text="   ", actor="ana")
    with ws.session() as s:
        assert get_claim(s, rec.id) == rec
        assert claim_ids(s) == [rec.id]
    assert _history(ws, rec.id) == before


def test_link_and_correct_evidence(ws) -> None:
    rec, _ = claims.create_claim(ws, text="Aid is far below the pledge", actor="ana")
    pid = _passage(ws)
    ev, ch = claims.link_evidence(ws, rec.id, pid, "supports", note="UN", actor="ana")
    assert (ev.claim_id, ev.passage_id, ev.stance, ev.note) == (rec.id, pid, "supports", "UN")
    assert ch.claims == {rec.id} and ch.evidence == {ev.id} and not ch.claim_records
    with pytest.raises(AlreadyLinked):
        claims.link_evidence(ws, rec.id, pid, "context", actor="ana")

    moved, ch = evidence.set_stance(ws, ev.id, "contradicts", actor="ben",
                                    expected_version=ev.version)
    assert moved.stance == "contradicts" and ch == Changes(claims=frozenset({rec.id}),
                                                           evidence=frozenset({ev.id}))
    noted, _ = evidence.set_note(ws, ev.id, "  ", actor="ben")
    assert noted.note == ""
    with pytest.raises(ConflictError):
        evidence.remove(ws, ev.id, actor="ben", expected_version=ev.version)
    removed, ch = evidence.remove(ws, ev.id, actor="ben")
    assert removed.id == ev.id and ch.evidence == {ev.id}
    with ws.session() as s:
        assert get_claim(s, rec.id).supports + get_claim(s, rec.id).contradicts == 0


def test_accept_and_reject_suggestions(ws) -> None:
    rec, _ = claims.create_claim(ws, text="Aid is far below the pledge", actor="ana")
    pid = _passage(ws)
    with ws.session() as s:
        store_suggestions(s, [NewSuggestion(rec.id, pid, 0.8, True, ((0, 3),)),
                              NewSuggestion(rec.id, pid - 1, 0.4, False, ((0, 3),))])
        pending = {x.passage_id: x.id for x in list_suggestions(s, claim_id=rec.id)}
    ev, ch = suggestions.accept(ws, pending[pid], "supports", actor="ben")
    assert (ev.claim_id, ev.passage_id, ev.origin) == (rec.id, pid, "matched")
    assert ch.suggestions == {pending[pid]} and ch.claims == {rec.id} and ch.evidence == {ev.id}
    with pytest.raises(AlreadyDecided):
        suggestions.accept(ws, pending[pid], "context", actor="cy")
    with pytest.raises(InvalidValue):
        suggestions.accept(ws, pending[pid - 1], "maybe", actor="cy")
    none, ch = suggestions.reject(ws, pending[pid - 1], actor="ben")
    assert none is None and ch == Changes(suggestions=frozenset({pending[pid - 1]}))
    with ws.session() as s:
        assert list_suggestions(s, claim_id=rec.id) == []  # nothing pending any more
        assert len(list_suggestions(s, claim_id=rec.id, state="rejected")) == 1

    # The undo steps: reopen a rejection, take back an acceptance with its evidence.
    _, ch = suggestions.reopen(ws, pending[pid - 1], actor="ben")
    assert ch == Changes(suggestions=frozenset({pending[pid - 1]}))
    _, ch = suggestions.unaccept(ws, pending[pid], evidence_id=ev.id, actor="ben")
    assert ch == Changes(claims=frozenset({rec.id}), evidence=frozenset({ev.id}),
                         suggestions=frozenset({pending[pid]}))
    with ws.session() as s:
        assert {x.id for x in list_suggestions(s, claim_id=rec.id)} == set(pending.values())
        assert get_claim(s, rec.id).supports == 0


def test_changes_combine() -> None:
    a = Changes(claims=frozenset({1}), suggestions=frozenset({4}))
    b = Changes(evidence=frozenset({2}), claims_reset=True)
    both = a | b
    assert both == Changes(claims=frozenset({1}), evidence=frozenset({2}),
                           suggestions=frozenset({4}), claims_reset=True)
    assert both and not Changes()
