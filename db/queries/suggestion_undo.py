"""Taking back a decision on a suggestion: the GUI's undo of "accept".

Undoing a rejection is `suggestions.reopen_suggestion`; undoing an acceptance also has to
remove the evidence it created, in the same unit of work, so both live here together.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from db.errors import InvalidValue, NotFound
from db.models import Evidence, Suggestion
from db.queries.evidence import remove_evidence
from db.queries.history import record
from db.vocab import EvidenceOrigin, SuggestionState


def unaccept_suggestion(session: Session, suggestion_id: int, *, actor: str,
                        evidence_id: int | None = None) -> int:
    """Remove the matched evidence an acceptance created and make the suggestion pending;
    returns the claim it belongs to.

    `evidence_id` names the evidence to remove; without it (or when it is gone) the matched
    evidence linking the same claim and passage is looked up. Evidence someone removed
    meanwhile is not an error: the suggestion is reopened all the same.
    """
    row = session.get(Suggestion, suggestion_id)
    if row is None:
        raise NotFound(f"no suggestion with id {suggestion_id}")
    if row.state != SuggestionState.ACCEPTED:
        raise InvalidValue(f"suggestion {suggestion_id} is {row.state}, not accepted")
    ev = session.get(Evidence, evidence_id) if evidence_id is not None else None
    if ev is None or (ev.claim_id, ev.passage_id) != (row.claim_id, row.passage_id):
        ev = session.exec(select(Evidence).where(
            Evidence.claim_id == row.claim_id, Evidence.passage_id == row.passage_id,
            Evidence.origin == EvidenceOrigin.MATCHED.value).order_by(col(Evidence.id))).first()
    if ev is not None and ev.id is not None:
        remove_evidence(session, ev.id, actor=actor)
    row.state, row.decided_by, row.decided_at = SuggestionState.PENDING.value, "", None
    record(session, entity="suggestion", entity_id=suggestion_id, field="state",
           old=SuggestionState.ACCEPTED.value, new=SuggestionState.PENDING.value, actor=actor)
    session.flush()
    return row.claim_id
