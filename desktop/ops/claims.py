"""Operations on claims: create, edit, set status, delete, restore, link evidence."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from db.queries import claim_edits as q
from db.queries.evidence import add_evidence
from db.records import ClaimRecord, EvidenceRecord
from desktop.core.config import current_user
from desktop.ops.changes import Changes

if TYPE_CHECKING:
    from db.engine import Workspace


def create_claim(ws: Workspace, *, text: str, actor: str | None = None, quote: str = "",
                 article_id: int | None = None, speaker: str = "", speaker_kind: str = "",
                 claim_date: date | None = None, tags: str = "", review_by: date | None = None,
                 **more: Any) -> tuple[ClaimRecord, Changes]:
    """Log a new claim (`more`: any other field `add_claim` takes, e.g. a status)."""
    with ws.session() as s:
        rec = q.add_claim(s, text=text, actor=actor or current_user(), quote=quote,
                          article_id=article_id, speaker=speaker, speaker_kind=speaker_kind,
                          claim_date=claim_date, tags=tags, review_by=review_by, **more)
    return rec, Changes(claims=frozenset({rec.id}), claims_reset=True, claim_records=(rec,))


def edit_claim(ws: Workspace, claim_id: int, changes: Mapping[str, Any], *,
               actor: str | None = None, expected_version: int | None = None,
               rationale: str = "") -> tuple[ClaimRecord, Changes]:
    """Change fields of a claim over the version the user edited (`ConflictError` if newer)."""
    with ws.session() as s:
        rec = q.update_claim(s, claim_id, changes, actor=actor or current_user(),
                             expected_version=expected_version, rationale=rationale)
    return rec, Changes.of_claim(rec)


def set_status(ws: Workspace, claim_id: int, status: str, *, rationale: str | None = None,
               without_evidence: bool = False, actor: str | None = None,
               expected_version: int | None = None) -> tuple[ClaimRecord, Changes]:
    """Move a claim along the scale; a verdict needs a rationale and evidence (or
    `without_evidence`)."""
    with ws.session() as s:
        rec = q.set_status(s, claim_id, status, actor=actor or current_user(),
                           rationale=rationale, expected_version=expected_version,
                           without_evidence=without_evidence)
    return rec, Changes.of_claim(rec)


def delete_claim(ws: Workspace, claim_id: int, *, actor: str | None = None,
                 expected_version: int | None = None) -> tuple[None, Changes]:
    with ws.session() as s:
        q.delete_claim(s, claim_id, actor=actor or current_user(),
                       expected_version=expected_version)
    return None, Changes(claims=frozenset({claim_id}), claims_reset=True)


def restore_claim(ws: Workspace, claim_id: int, *,
                  actor: str | None = None) -> tuple[ClaimRecord, Changes]:
    with ws.session() as s:
        rec = q.restore_claim(s, claim_id, actor=actor or current_user())
    return rec, Changes(claims=frozenset({claim_id}), claims_reset=True, claim_records=(rec,))


def link_evidence(ws: Workspace, claim_id: int, passage_id: int, stance: str, *,
                  note: str = "", excerpt_start: int | None = None,
                  excerpt_end: int | None = None,
                  actor: str | None = None) -> tuple[EvidenceRecord, Changes]:
    """Link a passage to a claim by hand (`AlreadyLinked` if it is linked already)."""
    with ws.session() as s:
        ev = add_evidence(s, claim_id=claim_id, passage_id=passage_id, stance=stance,
                          actor=actor or current_user(), note=note,
                          excerpt_start=excerpt_start, excerpt_end=excerpt_end)
    # The claim's evidence counts changed too, so its row is fetched again (no record here).
    return ev, Changes(claims=frozenset({claim_id}), evidence=frozenset({ev.id}))
