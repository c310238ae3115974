"""Suggestions: passages the matcher proposes as evidence, and the decisions taken on them.

A pair (claim, passage) is suggested at most once: a rejected suggestion stays rejected, and an
accepted one stays linked, however often matching runs again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, insert, update
from sqlmodel import Session, col, select

from db.errors import AlreadyDecided, NotFound
from db.models import Claim, Document, Evidence, Passage, Suggestion, SuggestionBase, utcnow
from db.queries.chunks import CHUNK
from db.queries.evidence import add_evidence, check_stance
from db.queries.history import record
from db.records import EvidenceRecord, SuggestionRecord
from db.vocab import VERDICTS, EvidenceOrigin, SuggestionState


@dataclass(frozen=True, slots=True)
class NewSuggestion:
    claim_id: int
    passage_id: int
    score: float
    strong: bool
    spans: tuple[tuple[int, int], ...]


_UNSETTLED = col(Claim.status).not_in(VERDICTS)  # no verdict yet: still to match


def open_claim_texts(session: Session, claim_ids: Sequence[int] | None = None,
                     *, include_settled: bool = False) -> list[tuple[int, str]]:
    """(id, text) of the claims to match: not deleted and, unless asked, without a verdict."""
    stmt = select(Claim.id, Claim.text).where(col(Claim.deleted).is_(False))
    if claim_ids is not None:
        stmt = stmt.where(col(Claim.id).in_(list(claim_ids)))
    elif not include_settled:
        stmt = stmt.where(_UNSETTLED)
    return [(int(i), t) for i, t in session.exec(stmt.order_by(col(Claim.id))).all()]


def count_open_claims(session: Session) -> int:
    """How many claims ``open_claim_texts`` would return (not deleted, no verdict)."""
    stmt = select(func.count(col(Claim.id))).where(col(Claim.deleted).is_(False), _UNSETTLED)
    return int(session.exec(stmt).one())


def known_pairs(session: Session, claim_ids: Iterable[int]) -> set[tuple[int, int]]:
    """Pairs already suggested (in any state) or already linked as evidence."""
    ids = list(claim_ids)
    pairs: set[tuple[int, int]] = set()
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        for model in (Suggestion, Evidence):
            rows = session.exec(select(model.claim_id, model.passage_id)
                                .where(col(model.claim_id).in_(chunk))).all()
            pairs.update((int(c), int(p)) for c, p in rows)
    return pairs


def store_suggestions(session: Session, found: Sequence[NewSuggestion]) -> list[int]:
    """Store the pairs not seen before; returns the new suggestions' ids."""
    if not found:
        return []
    known = known_pairs(session, {f.claim_id for f in found})
    now = utcnow()
    rows = [{"claim_id": f.claim_id, "passage_id": f.passage_id, "score": round(f.score, 4),
             "strong": f.strong, "spans": json.dumps([list(s) for s in f.spans]),
             "state": SuggestionState.PENDING.value, "created_at": now, "decided_by": "",
             "decided_at": None}
            for f in found if (f.claim_id, f.passage_id) not in known]
    ids: list[int] = []
    # RETURNING in a batched insert: SQLite (3.35+) and PostgreSQL both hand the ids back.
    stmt = insert(Suggestion).returning(col(Suggestion.id))
    for i in range(0, len(rows), 5000):
        ids.extend(int(v) for v in session.execute(stmt, rows[i:i + 5000]).scalars())
    return ids


def list_suggestions(session: Session, *, claim_id: int | None = None,
                     state: str | None = SuggestionState.PENDING.value,
                     since: datetime | None = None, limit: int | None = None
                     ) -> list[SuggestionRecord]:
    """Suggestions with their passage and source, best first (per claim when one is given).

    Only the source's metadata columns are read, never its text: a join row per suggestion
    would otherwise copy the whole document once per suggested passage.
    """
    stmt = (select(Suggestion, Passage.text, Document.id, Document.title, Document.outlet,
                   Document.published, Claim.text)
            .join(Passage, col(Passage.id) == Suggestion.passage_id)
            .join(Document, col(Document.id) == Passage.document_id)
            .join(Claim, col(Claim.id) == Suggestion.claim_id)
            .where(col(Claim.deleted).is_(False)))
    if claim_id is not None:
        stmt = stmt.where(Suggestion.claim_id == claim_id)
    if state:
        stmt = stmt.where(Suggestion.state == state)
    if since is not None:
        stmt = stmt.where(col(Suggestion.created_at) > since)
    stmt = stmt.order_by(col(Suggestion.score).desc(), col(Suggestion.id))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_record(row[0], *row[1:]) for row in session.exec(stmt).all()]


def count_pending(session: Session, since: datetime | None = None) -> int:
    stmt = (select(func.count(col(Suggestion.id)))
            .join(Claim, col(Claim.id) == Suggestion.claim_id)
            .where(Suggestion.state == SuggestionState.PENDING.value,
                   col(Claim.deleted).is_(False)))
    if since is not None:
        stmt = stmt.where(col(Suggestion.created_at) > since)
    return int(session.exec(stmt).one())


def _decide(session: Session, suggestion_id: int, state: str, actor: str) -> Suggestion:
    """Move a pending suggestion to `state` with one conditional UPDATE.

    `... WHERE state = 'pending'` is the whole race guard: of several writers deciding the same
    suggestion at once (two windows, parallel scripts), the database lets exactly one UPDATE
    match; the others see no row changed and are told it was already decided. It is issued
    before anything else reads the row, so on SQLite it takes the write lock first and waits
    its turn rather than deciding on a stale read.
    """
    if not 0 < suggestion_id <= 2**63 - 1:
        raise NotFound(f"no suggestion with id {suggestion_id}")
    changed = session.execute(
        update(Suggestion)
        .where(col(Suggestion.id) == suggestion_id,
               col(Suggestion.state) == SuggestionState.PENDING.value)
        .values(state=state, decided_by=actor, decided_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    row = session.get(Suggestion, suggestion_id, populate_existing=True)
    if row is None:
        raise NotFound(f"no suggestion with id {suggestion_id}")
    if changed != 1:
        who = f" by {row.decided_by}" if row.decided_by else ""
        raise AlreadyDecided(f"suggestion {suggestion_id} was already decided "
                             f"({row.state}{who})")
    return row


def accept_suggestion(session: Session, suggestion_id: int, stance: str, *, actor: str,
                      note: str = "") -> EvidenceRecord:
    """Link the suggested passage as matched evidence with the given stance."""
    check_stance(stance)  # refuse a bad stance before deciding anything
    row = _decide(session, suggestion_id, SuggestionState.ACCEPTED.value, actor)
    return add_evidence(session, claim_id=row.claim_id, passage_id=row.passage_id,
                        stance=stance, actor=actor, origin=EvidenceOrigin.MATCHED.value,
                        score=row.score, note=note)


def reject_suggestion(session: Session, suggestion_id: int, *, actor: str) -> None:
    _decide(session, suggestion_id, SuggestionState.REJECTED.value, actor)
    record(session, entity="suggestion", entity_id=suggestion_id, field="state",
           old=SuggestionState.PENDING.value, new=SuggestionState.REJECTED.value, actor=actor)
    session.flush()


def reopen_suggestion(session: Session, suggestion_id: int, *, actor: str) -> None:
    """Undo a rejection (the GUI's undo); an accepted one is undone by removing its evidence."""
    row = session.get(Suggestion, suggestion_id)
    if row is None:
        raise NotFound(f"no suggestion with id {suggestion_id}")
    if row.state == SuggestionState.REJECTED:
        row.state, row.decided_by, row.decided_at = SuggestionState.PENDING.value, "", None
        record(session, entity="suggestion", entity_id=suggestion_id, field="state",
               old=SuggestionState.REJECTED.value, new=SuggestionState.PENDING.value,
               actor=actor)
        session.flush()


# The stored fields of a suggestion, as declared once (`db.models.SuggestionBase`).
SUGGESTION_FIELDS: tuple[str, ...] = tuple(SuggestionBase.model_fields)


def _record(s: Suggestion, passage_text: str, document_id: int, title: str, outlet: str,
            published: date | None, claim_text: str) -> SuggestionRecord:
    assert s.id is not None
    spans = tuple((int(a), int(b)) for a, b in json.loads(s.spans or "[]"))
    stored = {name: getattr(s, name) for name in SUGGESTION_FIELDS}
    return SuggestionRecord(
        id=s.id, **(stored | {"spans": spans}), passage_text=passage_text,
        document_id=int(document_id),
        source_title=title, source_outlet=outlet, source_published=published,
        claim_text=claim_text)
