"""Evidence: passages linked to claims, typed by stance."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from db.errors import ConflictError, InvalidValue, NotFound
from db.models import Claim, Document, Evidence, Passage
from db.queries.history import record
from db.records import EvidenceRecord
from db.vocab import STANCES, EvidenceOrigin


def check_stance(stance: str) -> None:
    if stance not in STANCES:
        raise InvalidValue(f"unknown stance {stance!r}; use one of " + ", ".join(STANCES))


def add_evidence(session: Session, *, claim_id: int, passage_id: int, stance: str, actor: str,
                 origin: str = EvidenceOrigin.MANUAL.value, score: float | None = None,
                 excerpt_start: int | None = None, excerpt_end: int | None = None,
                 note: str = "") -> EvidenceRecord:
    check_stance(stance)
    claim = session.get(Claim, claim_id)
    if claim is None or claim.deleted:
        raise NotFound(f"no claim with id {claim_id}")
    passage = session.get(Passage, passage_id)
    if passage is None:
        raise NotFound(f"no passage with id {passage_id}")
    if (excerpt_start is None) != (excerpt_end is None):
        raise InvalidValue("an excerpt needs both its start and its end")
    if excerpt_start is not None and excerpt_end is not None:
        if not 0 <= excerpt_start < excerpt_end <= len(passage.text):
            raise InvalidValue("the excerpt lies outside the passage")
        if (excerpt_start, excerpt_end) == (0, len(passage.text)):
            excerpt_start = excerpt_end = None
    ev = Evidence(claim_id=claim_id, passage_id=passage_id, stance=stance, origin=origin,
                  score=score, excerpt_start=excerpt_start, excerpt_end=excerpt_end, note=note,
                  created_by=actor)
    session.add(ev)
    session.flush()
    assert ev.id is not None
    record(session, entity="claim", entity_id=claim_id, field="evidence",
           old=None, new=f"{stance}: passage {passage_id}", actor=actor, rationale=note)
    return evidence_for_claim(session, claim_id, only=[ev.id])[0]


def _load(session: Session, evidence_id: int, expected_version: int | None) -> Evidence:
    ev = session.get(Evidence, evidence_id)
    if ev is None:
        raise NotFound(f"no evidence with id {evidence_id}")
    if expected_version is not None and ev.version != expected_version:
        raise ConflictError(f"evidence {evidence_id} was changed meanwhile; reload it",
                            entity="evidence", entity_id=evidence_id)
    return ev


def remove_evidence(session: Session, evidence_id: int, *, actor: str,
                    expected_version: int | None = None) -> None:
    ev = _load(session, evidence_id, expected_version)
    record(session, entity="claim", entity_id=ev.claim_id, field="evidence",
           old=f"{ev.stance}: passage {ev.passage_id}", new=None, actor=actor)
    session.delete(ev)
    session.flush()


def evidence_for_claim(session: Session, claim_id: int,
                       only: Sequence[int] | None = None) -> list[EvidenceRecord]:
    return evidence_for_claims(session, [claim_id], only=only).get(claim_id, [])


def evidence_for_claims(session: Session, claim_ids: Sequence[int],
                        only: Sequence[int] | None = None) -> dict[int, list[EvidenceRecord]]:
    """Evidence with its passage and source details, grouped by claim, oldest first."""
    out: dict[int, list[EvidenceRecord]] = {}
    ids = list(claim_ids)
    for i in range(0, len(ids), 900):
        stmt = (select(Evidence, Passage, Document)
                .join(Passage, col(Passage.id) == Evidence.passage_id)
                .join(Document, col(Document.id) == Passage.document_id)
                .where(col(Evidence.claim_id).in_(ids[i:i + 900]))
                .order_by(col(Evidence.claim_id), col(Evidence.id)))
        if only is not None:
            stmt = stmt.where(col(Evidence.id).in_(list(only)))
        for ev, p, doc in session.exec(stmt).all():
            out.setdefault(ev.claim_id, []).append(EvidenceRecord(
                id=ev.id, claim_id=ev.claim_id, passage_id=ev.passage_id, stance=ev.stance,
                origin=ev.origin, score=ev.score, excerpt_start=ev.excerpt_start,
                excerpt_end=ev.excerpt_end, note=ev.note, created_by=ev.created_by,
                created_at=ev.created_at, version=ev.version, passage_text=p.text,
                document_id=doc.id, source_title=doc.title, source_outlet=doc.outlet,
                source_url=doc.url, source_published=doc.published))
    return out
