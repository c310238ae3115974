"""One evidence link per (claim, passage); deciding a suggestion has exactly one winner."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from db.errors import AlreadyDecided, AlreadyLinked, NotFound
from db.migrate import downgrade, upgrade
from db.queries.claim_edits import add_claim
from db.queries.claims import claim_history, get_claim
from db.queries.documents import passages_for, store_document
from db.queries.evidence import add_evidence, evidence_for_claim
from db.queries.suggestions import (
    NewSuggestion,
    accept_suggestion,
    list_suggestions,
    reject_suggestion,
    store_suggestions,
)

TEXT = "Trucks fell to 80 a day. The pledge was 600 trucks a day."


def _claim_and_passages(ws) -> tuple[int, list[int]]:
    with ws.session() as s:
        claim = add_claim(s, text="Aid is below the pledge", actor="a")
        doc = store_document(s, text=TEXT, kind="source", actor="a",
                             spans=[(0, 24), (25, len(TEXT))], title="Aid update").document
        return claim.id, [p.id for p in passages_for(s, doc.id)]


def test_second_link_of_the_same_passage_is_refused(ws) -> None:
    cid, (pid, _) = _claim_and_passages(ws)
    with ws.session() as s:
        first = add_evidence(s, claim_id=cid, passage_id=pid, stance="supports", actor="a")
    for stance in ("supports", "contradicts"):
        with pytest.raises(AlreadyLinked, match=f"already linked to claim {cid} as supports") \
                as caught, ws.session() as s:
            add_evidence(s, claim_id=cid, passage_id=pid, stance=stance, actor="a")
        assert caught.value.evidence_id == first.id
    with ws.session() as s:
        assert [e.id for e in evidence_for_claim(s, cid)] == [first.id]
        assert (get_claim(s, cid).supports, get_claim(s, cid).contradicts) == (1, 0)


def test_unique_index_holds_even_past_the_check(ws) -> None:
    cid, (pid, _) = _claim_and_passages(ws)
    with ws.session() as s:
        add_evidence(s, claim_id=cid, passage_id=pid, stance="supports", actor="a")
    with pytest.raises(IntegrityError), ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO evidence (claim_id, passage_id, stance, origin, note, "
                          "created_by, created_at, version) VALUES "
                          f"({cid}, {pid}, 'context', 'manual', '', 'x', '2026-01-01', 1)"))


def _suggest(ws, cid: int, pid: int) -> int:
    with ws.session() as s:
        store_suggestions(s, [NewSuggestion(cid, pid, 0.8, True, ((0, 6),))])
        return list_suggestions(s, claim_id=cid)[0].id


def test_a_decided_suggestion_says_already_decided_and_changes_nothing(ws) -> None:
    cid, (pid, _) = _claim_and_passages(ws)
    sid = _suggest(ws, cid, pid)
    with ws.session() as s:
        accept_suggestion(s, sid, "contradicts", actor="ana")
    for decide in (lambda s: accept_suggestion(s, sid, "supports", actor="ben"),
                   lambda s: reject_suggestion(s, sid, actor="ben")):
        with pytest.raises(AlreadyDecided, match=r"already decided \(accepted by ana\)"), \
                ws.session() as s:
            decide(s)
    with ws.session() as s:
        assert [(e.stance, e.origin) for e in evidence_for_claim(s, cid)] == [
            ("contradicts", "matched")]
        assert [h.field for h in claim_history(s, cid)].count("evidence") == 1
        assert list_suggestions(s, claim_id=cid, state="accepted")[0].decided_by == "ana"
    with pytest.raises(NotFound), ws.session() as s:
        reject_suggestion(s, 4242, actor="ben")


def test_accepting_a_suggestion_for_a_hand_linked_passage_is_refused_whole(ws) -> None:
    cid, (pid, _) = _claim_and_passages(ws)
    sid = _suggest(ws, cid, pid)
    with ws.session() as s:
        add_evidence(s, claim_id=cid, passage_id=pid, stance="context", actor="a")
    with pytest.raises(AlreadyLinked), ws.session() as s:
        accept_suggestion(s, sid, "supports", actor="a")
    with ws.session() as s:
        assert list_suggestions(s, claim_id=cid)[0].state == "pending"


def test_upgrade_merges_existing_duplicate_links(ws) -> None:
    cid, (pid, other) = _claim_and_passages(ws)
    with ws.session() as s:
        add_evidence(s, claim_id=cid, passage_id=other, stance="context", actor="a")
    downgrade(ws, "0003")
    with ws.engine.begin() as conn:
        for stance, note in (("supports", "UN log"), ("supports", ""),
                             ("contradicts", "UN log"), ("contradicts", "WFP")):
            conn.execute(text(
                "INSERT INTO evidence (claim_id, passage_id, stance, origin, note, created_by, "
                "created_at, version) VALUES (:c, :p, :s, 'manual', :n, 'x', :t, 1)"),
                {"c": cid, "p": pid, "s": stance, "n": note, "t": "2026-01-01T00:00:00+00:00"})
    upgrade(ws)
    with ws.session() as s:
        links = {e.passage_id: e for e in evidence_for_claim(s, cid)}
        assert set(links) == {pid, other}
        assert (links[pid].stance, links[pid].note) == ("contradicts", "UN log; WFP")
        assert links[other].stance == "context"
        merged = [h for h in claim_history(s, cid) if h.field == "evidence merged"]
        assert [(h.old, h.new) for h in merged] == [
            ("supports, supports, contradicts, contradicts", "contradicts")]
