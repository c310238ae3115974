"""Evidence: passages linked to claims, typed by stance, with a note; corrected or removed.

History rows name the source of the passage ("supports: “UN OCHA update” (Reuters)") rather
than its id, so a claim's history reads on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db.errors import AlreadyLinked, ConflictError, InvalidValue, NotFound
from db.models import Claim, Document, Evidence, EvidenceBase, Passage
from db.queries.chunks import CHUNK
from db.queries.history import record
from db.records import EvidenceRecord
from db.vocab import STANCES, EvidenceOrigin

MAX_ID = 2**63 - 1  # larger ids name no row, and PostgreSQL would refuse them with a traceback


def check_stance(stance: str) -> None:
    if stance not in STANCES:
        raise InvalidValue(f"unknown stance {stance!r}; use one of " + ", ".join(STANCES))


def source_label(doc: Document | None) -> str:
    """How history names the source of a passage: title and outlet, else its address."""
    if doc is None:
        return "a removed source"
    title = " ".join(doc.title.split())
    outlet = " ".join(doc.outlet.split())
    if title and outlet:
        return f"“{title}” ({outlet})"
    if title or outlet:
        return f"“{title or outlet}”"
    return doc.url or f"document {doc.id}"


def _label(session: Session, passage: Passage | None) -> str:
    return source_label(session.get(Document, passage.document_id) if passage else None)


def add_evidence(session: Session, *, claim_id: int, passage_id: int, stance: str, actor: str,
                 origin: str = EvidenceOrigin.MANUAL.value, score: float | None = None,
                 excerpt_start: int | None = None, excerpt_end: int | None = None,
                 note: str = "") -> EvidenceRecord:
    check_stance(stance)
    claim = session.get(Claim, claim_id) if 0 < claim_id <= MAX_ID else None
    if claim is None or claim.deleted:
        raise NotFound(f"no claim with id {claim_id}")
    passage = session.get(Passage, passage_id) if 0 < passage_id <= MAX_ID else None
    if passage is None:
        raise NotFound(f"no passage with id {passage_id}")
    if (excerpt_start is None) != (excerpt_end is None):
        raise InvalidValue("an excerpt needs both its start and its end")
    if excerpt_start is not None and excerpt_end is not None:
        if not 0 <= excerpt_start < excerpt_end <= len(passage.text):
            raise InvalidValue("the excerpt lies outside the passage")
        if (excerpt_start, excerpt_end) == (0, len(passage.text)):
            excerpt_start = excerpt_end = None
    existing = linked_evidence(session, claim_id, passage_id)
    if existing is not None:
        raise _already(claim_id, passage_id, existing.id, existing.stance)
    ev = Evidence(claim_id=claim_id, passage_id=passage_id, stance=stance, origin=origin,
                  score=score, excerpt_start=excerpt_start, excerpt_end=excerpt_end, note=note,
                  created_by=actor)
    session.add(ev)
    try:
        session.flush()
    except IntegrityError as exc:
        # Another writer linked the same pair between our check and our insert; the unique
        # index keeps one link, and this unit of work is rolled back whole.
        raise _already(claim_id, passage_id, None, "") from exc
    assert ev.id is not None
    record(session, entity="claim", entity_id=claim_id, field="evidence",
           old=None, new=f"{stance}: {_label(session, passage)}", actor=actor, rationale=note)
    return get_evidence(session, ev.id)


def linked_evidence(session: Session, claim_id: int, passage_id: int) -> Evidence | None:
    return session.exec(select(Evidence).where(Evidence.claim_id == claim_id,
                                               Evidence.passage_id == passage_id)).first()


def _already(claim_id: int, passage_id: int, evidence_id: int | None,
             stance: str) -> AlreadyLinked:
    if evidence_id is None:
        return AlreadyLinked(f"passage {passage_id} was linked to claim {claim_id} meanwhile; "
                             "change that link's stance instead")
    return AlreadyLinked(
        f"passage {passage_id} is already linked to claim {claim_id} as {stance} "
        f"(evidence {evidence_id}); change its stance instead", evidence_id=evidence_id)


def get_evidence(session: Session, evidence_id: int) -> EvidenceRecord:
    """One link with its passage and source details."""
    ev = _row(session, evidence_id)
    return evidence_for_claim(session, ev.claim_id, only=[evidence_id])[0]


def _row(session: Session, evidence_id: int) -> Evidence:
    ev = session.get(Evidence, evidence_id) if 0 < evidence_id <= MAX_ID else None
    if ev is None:
        raise NotFound(f"no evidence with id {evidence_id}")
    claim = session.get(Claim, ev.claim_id)
    if claim is None or claim.deleted:
        raise NotFound(f"no evidence with id {evidence_id} (its claim was deleted)")
    return ev


def _load(session: Session, evidence_id: int, expected_version: int | None) -> Evidence:
    ev = _row(session, evidence_id)
    if expected_version is not None and ev.version != expected_version:
        raise ConflictError(
            f"evidence {evidence_id} was changed meanwhile (version {ev.version}, you edited "
            f"{expected_version})", entity="evidence", entity_id=evidence_id,
            current=get_evidence(session, evidence_id))
    return ev


def set_stance(session: Session, evidence_id: int, stance: str, *, actor: str,
               expected_version: int | None = None) -> EvidenceRecord:
    """Re-type a link (supports / contradicts / context); unchanged stance writes nothing."""
    check_stance(stance)
    ev = _load(session, evidence_id, expected_version)
    if ev.stance != stance:
        label = _label(session, session.get(Passage, ev.passage_id))
        record(session, entity="claim", entity_id=ev.claim_id, field="evidence stance",
               old=f"{ev.stance}: {label}", new=f"{stance}: {label}", actor=actor)
        ev.stance = stance
        session.flush()
    return get_evidence(session, evidence_id)


def set_note(session: Session, evidence_id: int, note: str, *, actor: str,
             expected_version: int | None = None) -> EvidenceRecord:
    """Set (or, with an empty note, clear) the note on a link."""
    note = note.strip()
    ev = _load(session, evidence_id, expected_version)
    if ev.note != note:
        label = _label(session, session.get(Passage, ev.passage_id))
        record(session, entity="claim", entity_id=ev.claim_id, field="evidence note",
               old=f"{label}: {ev.note}" if ev.note else None,
               new=f"{label}: {note}" if note else None, actor=actor)
        ev.note = note
        session.flush()
    return get_evidence(session, evidence_id)


def remove_evidence(session: Session, evidence_id: int, *, actor: str,
                    expected_version: int | None = None) -> EvidenceRecord:
    """Unlink; returns the link as it was, so a caller can say what went."""
    ev = _load(session, evidence_id, expected_version)
    gone = get_evidence(session, evidence_id)
    record(session, entity="claim", entity_id=ev.claim_id, field="evidence",
           old=f"{ev.stance}: {_label(session, session.get(Passage, ev.passage_id))}", new=None,
           actor=actor, rationale=ev.note)
    session.delete(ev)
    session.flush()
    return gone


def evidence_for_claim(session: Session, claim_id: int,
                       only: Sequence[int] | None = None) -> list[EvidenceRecord]:
    return evidence_for_claims(session, [claim_id], only=only).get(claim_id, [])


# Every stored field of a link, as declared once on the model (`db.models.EvidenceBase`).
EVIDENCE_FIELDS: tuple[str, ...] = tuple(EvidenceBase.model_fields)


def evidence_for_claims(session: Session, claim_ids: Sequence[int],
                        only: Sequence[int] | None = None) -> dict[int, list[EvidenceRecord]]:
    """Evidence with its passage and source details, grouped by claim, oldest first."""
    out: dict[int, list[EvidenceRecord]] = {}
    ids = list(claim_ids)
    for i in range(0, len(ids), CHUNK):
        stmt = (select(Evidence, Passage, Document)
                .join(Passage, col(Passage.id) == Evidence.passage_id)
                .join(Document, col(Document.id) == Passage.document_id)
                .where(col(Evidence.claim_id).in_(ids[i:i + CHUNK]))
                .order_by(col(Evidence.claim_id), col(Evidence.id)))
        if only is not None:
            stmt = stmt.where(col(Evidence.id).in_(list(only)))
        for ev, p, doc in session.exec(stmt).all():
            out.setdefault(ev.claim_id, []).append(EvidenceRecord(
                id=ev.id, **{name: getattr(ev, name) for name in EVIDENCE_FIELDS},
                passage_text=p.text,
                document_id=doc.id, source_title=doc.title, source_outlet=doc.outlet,
                source_url=doc.url, source_published=doc.published))
    return out
