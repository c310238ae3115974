"""Correcting linked evidence: list, re-stance, annotate, remove.

Each operation takes the workspace and plain values, runs as one unit of work (committed when
it returns, nothing written when it refuses) and returns plain records, so the window can call
it from its database worker and the command line can call it directly. Every change is recorded
in the claim's history naming the source of the passage. `expected_version` is the version of
the link the user was looking at; if someone changed it since, `ConflictError` is raised and
nothing is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.queries import evidence as q
from db.queries.claims import get_claim
from db.records import EvidenceRecord
from desktop.core.config import current_user

if TYPE_CHECKING:
    from db.engine import Workspace


def list_evidence(ws: Workspace, claim_id: int) -> list[EvidenceRecord]:
    """The links of a claim, oldest first (refused for an unknown or deleted claim)."""
    with ws.session() as s:
        get_claim(s, claim_id)
        return q.evidence_for_claim(s, claim_id)


def get_evidence(ws: Workspace, evidence_id: int) -> EvidenceRecord:
    with ws.session() as s:
        return q.get_evidence(s, evidence_id)


def set_stance(ws: Workspace, evidence_id: int, stance: str, *, actor: str | None = None,
               expected_version: int | None = None) -> EvidenceRecord:
    """Change a link's stance (supports / contradicts / context)."""
    with ws.session() as s:
        return q.set_stance(s, evidence_id, stance, actor=actor or current_user(),
                            expected_version=expected_version)


def set_note(ws: Workspace, evidence_id: int, note: str, *, actor: str | None = None,
             expected_version: int | None = None) -> EvidenceRecord:
    """Set the note on a link; an empty or blank note clears it."""
    with ws.session() as s:
        return q.set_note(s, evidence_id, note, actor=actor or current_user(),
                          expected_version=expected_version)


def clear_note(ws: Workspace, evidence_id: int, *, actor: str | None = None,
               expected_version: int | None = None) -> EvidenceRecord:
    return set_note(ws, evidence_id, "", actor=actor, expected_version=expected_version)


def remove(ws: Workspace, evidence_id: int, *, actor: str | None = None,
           expected_version: int | None = None) -> EvidenceRecord:
    """Unlink; returns the link as it was (for an undo or a message)."""
    with ws.session() as s:
        return q.remove_evidence(s, evidence_id, actor=actor or current_user(),
                                 expected_version=expected_version)
