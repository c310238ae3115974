"""Operations correcting linked evidence: re-stance, annotate, remove (see core/evidence_ops)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.records import EvidenceRecord
from desktop.core import evidence_ops
from desktop.ops.changes import Changes

if TYPE_CHECKING:
    from db.engine import Workspace


def _changed(ev: EvidenceRecord) -> Changes:
    return Changes(claims=frozenset({ev.claim_id}), evidence=frozenset({ev.id}))


def set_stance(ws: Workspace, evidence_id: int, stance: str, *, actor: str | None = None,
               expected_version: int | None = None) -> tuple[EvidenceRecord, Changes]:
    ev = evidence_ops.set_stance(ws, evidence_id, stance, actor=actor,
                                 expected_version=expected_version)
    return ev, _changed(ev)


def set_note(ws: Workspace, evidence_id: int, note: str, *, actor: str | None = None,
             expected_version: int | None = None) -> tuple[EvidenceRecord, Changes]:
    """Set the note on a link; an empty or blank note clears it."""
    ev = evidence_ops.set_note(ws, evidence_id, note, actor=actor,
                               expected_version=expected_version)
    return ev, _changed(ev)


def remove(ws: Workspace, evidence_id: int, *, actor: str | None = None,
           expected_version: int | None = None) -> tuple[EvidenceRecord, Changes]:
    """Unlink; the result is the link as it was (for an undo or a message)."""
    ev = evidence_ops.remove(ws, evidence_id, actor=actor, expected_version=expected_version)
    return ev, _changed(ev)
