"""Operations deciding suggested evidence: accept (link it) or reject."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.queries import suggestions as q
from db.records import EvidenceRecord
from desktop.core.config import current_user
from desktop.ops.changes import Changes

if TYPE_CHECKING:
    from db.engine import Workspace


def accept(ws: Workspace, suggestion_id: int, stance: str, *, note: str = "",
           actor: str | None = None) -> tuple[EvidenceRecord, Changes]:
    """Link the suggested passage as evidence (`AlreadyDecided` if someone was first)."""
    with ws.session() as s:
        ev = q.accept_suggestion(s, suggestion_id, stance, actor=actor or current_user(),
                                 note=note)
    return ev, Changes(claims=frozenset({ev.claim_id}), evidence=frozenset({ev.id}),
                       suggestions=frozenset({suggestion_id}))


def reject(ws: Workspace, suggestion_id: int, *,
           actor: str | None = None) -> tuple[None, Changes]:
    """Reject a suggestion; it will not be suggested again."""
    with ws.session() as s:
        q.reject_suggestion(s, suggestion_id, actor=actor or current_user())
    return None, Changes(suggestions=frozenset({suggestion_id}))


def reopen(ws: Workspace, suggestion_id: int, *,
           actor: str | None = None) -> tuple[None, Changes]:
    """Undo a rejection: the suggestion is pending again."""
    with ws.session() as s:
        q.reopen_suggestion(s, suggestion_id, actor=actor or current_user())
    return None, Changes(suggestions=frozenset({suggestion_id}))


def unaccept(ws: Workspace, suggestion_id: int, *, evidence_id: int | None = None,
             actor: str | None = None) -> tuple[None, Changes]:
    """Undo an acceptance: remove the evidence it linked, the suggestion is pending again."""
    from db.queries.suggestion_undo import unaccept_suggestion

    with ws.session() as s:
        claim_id = unaccept_suggestion(s, suggestion_id, actor=actor or current_user(),
                                       evidence_id=evidence_id)
    return None, Changes(claims=frozenset({claim_id}), suggestions=frozenset({suggestion_id}),
                         evidence=frozenset({evidence_id} if evidence_id else set()))
