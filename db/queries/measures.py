"""A claim's measure and its observations; every write leaves a history row on the claim.

Units are checked by the caller (desktop.measures.service) before these are called: storage
keeps what it is given, within the fixed vocabularies checked here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, select

from db.errors import InvalidValue, NotFound
from db.models import Claim, Document, Evidence, Passage, Suggestion, utcnow
from db.models_measures import (
    COMPARISONS,
    REFERENCE_KINDS,
    Measure,
    Observation,
    ObservationBase,
)
from db.queries.chunks import CHUNK
from db.queries.evidence import add_evidence
from db.queries.history import record
from db.records_measures import FigurePassage, MeasureRecord, ObservationRecord
from db.vocab import Stance, SuggestionState


def _live_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None or claim.deleted:
        raise NotFound(f"no claim with id {claim_id}")
    return claim


def _measure_record(m: Measure) -> MeasureRecord:
    assert m.id is not None
    return MeasureRecord(id=m.id, claim_id=m.claim_id, what=m.what, unit=m.unit, rate=m.rate,
                         reference=m.reference, reference_kind=m.reference_kind,
                         comparison=m.comparison, period_start=m.period_start,
                         period_end=m.period_end, updated_by=m.updated_by,
                         updated_at=m.updated_at)


def get_measure(session: Session, claim_id: int) -> MeasureRecord | None:
    m = session.exec(select(Measure).where(Measure.claim_id == claim_id)).first()
    return _measure_record(m) if m is not None else None


def measures_for_claims(session: Session, claim_ids: Sequence[int]) -> dict[int, MeasureRecord]:
    out: dict[int, MeasureRecord] = {}
    ids = list(claim_ids)
    for i in range(0, len(ids), CHUNK):
        for m in session.exec(select(Measure).where(col(Measure.claim_id).in_(ids[i:i + CHUNK]))):
            out[m.claim_id] = _measure_record(m)
    return out


def set_measure(session: Session, *, claim_id: int, what: str, unit: str, rate: str,
                reference: float, reference_kind: str, comparison: str, actor: str,
                period_start: date | None = None, period_end: date | None = None
                ) -> MeasureRecord:
    """Create or replace the claim's measure."""
    _live_claim(session, claim_id)
    if reference_kind not in REFERENCE_KINDS:
        raise InvalidValue(f"unknown reference kind {reference_kind!r}; use one of "
                           + ", ".join(REFERENCE_KINDS))
    if comparison not in COMPARISONS:
        raise InvalidValue(f"unknown comparison {comparison!r}; use one of "
                           + ", ".join(COMPARISONS))
    if not what.strip():
        raise InvalidValue("say what is measured (e.g. aid trucks entering Gaza)")
    if reference != reference or reference in (float("inf"), float("-inf")):
        raise InvalidValue("the reference value must be a number")
    if period_start and period_end and period_end < period_start:
        raise InvalidValue("the period ends before it starts")
    m = session.exec(select(Measure).where(Measure.claim_id == claim_id)).first()
    old = _measure_record(m).describe() if m is not None else None
    if m is None:
        m = Measure(claim_id=claim_id, reference=reference, created_by=actor)
    m.what, m.unit, m.rate, m.reference = what.strip(), unit, rate, float(reference)
    m.reference_kind, m.comparison = reference_kind, comparison
    m.period_start, m.period_end = period_start, period_end
    m.updated_by, m.updated_at = actor, utcnow()
    session.add(m)
    session.flush()
    rec = _measure_record(m)
    if old != rec.describe():
        record(session, entity="claim", entity_id=claim_id, field="measure", old=old,
               new=rec.describe(), actor=actor)
    return rec


def clear_measure(session: Session, claim_id: int, *, actor: str) -> None:
    _live_claim(session, claim_id)
    m = session.exec(select(Measure).where(Measure.claim_id == claim_id)).first()
    if m is None:
        raise NotFound(f"claim {claim_id} has no measure")
    record(session, entity="claim", entity_id=claim_id, field="measure",
           old=_measure_record(m).describe(), new=None, actor=actor)
    session.delete(m)
    session.flush()


def add_observation(session: Session, *, claim_id: int, value: float, unit: str,
                    date_from: date, actor: str, date_to: date | None = None,
                    reporter: str = "", passage_id: int | None = None,
                    span_start: int | None = None, span_end: int | None = None,
                    note: str = "", stance: str = Stance.CONTEXT.value) -> ObservationRecord:
    """Store a figure; with a passage, link it through the claim's evidence for that passage
    (made as `stance` evidence if the passage is not linked yet)."""
    _live_claim(session, claim_id)
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidValue("the value must be a number")
    if date_to is not None and date_to < date_from:
        raise InvalidValue("the period ends before it starts")
    if date_to == date_from:
        date_to = None
    evidence_id = None
    if passage_id is not None:
        passage = session.get(Passage, passage_id)
        if passage is None:
            raise NotFound(f"no passage with id {passage_id}")
        if (span_start is None) != (span_end is None):
            raise InvalidValue("a figure's span needs both its start and its end")
        if span_start is not None and span_end is not None \
                and not 0 <= span_start < span_end <= len(passage.text):
            raise InvalidValue("the figure's span lies outside the passage")
        ev = session.exec(select(Evidence).where(Evidence.claim_id == claim_id,
                                                 Evidence.passage_id == passage_id)
                          .order_by(col(Evidence.id))).first()
        evidence_id = ev.id if ev is not None else add_evidence(
            session, claim_id=claim_id, passage_id=passage_id, stance=stance, actor=actor,
            note="figure for the claim's measure").id
    elif span_start is not None or span_end is not None:
        raise InvalidValue("a figure's span needs its passage")
    obs = Observation(claim_id=claim_id, value=float(value), unit=unit, date_from=date_from,
                      date_to=date_to, reporter=reporter.strip(), evidence_id=evidence_id,
                      span_start=span_start, span_end=span_end, note=note, created_by=actor)
    session.add(obs)
    session.flush()
    assert obs.id is not None
    rec = observations_for(session, claim_id, only=[obs.id])[0]
    record(session, entity="claim", entity_id=claim_id, field="observation", old=None,
           new=rec.describe(), actor=actor)
    return rec


def remove_observation(session: Session, observation_id: int, *, actor: str) -> int:
    """Remove an observation (recorded in its claim's history); returns the claim's id."""
    obs = session.get(Observation, observation_id)
    if obs is None:
        raise NotFound(f"no observation with id {observation_id}")
    rec = observations_for(session, obs.claim_id, only=[observation_id])[0]
    record(session, entity="claim", entity_id=obs.claim_id, field="observation",
           old=rec.describe(), new=None, actor=actor)
    claim_id = obs.claim_id
    session.delete(obs)
    session.flush()
    return claim_id


# The stored fields of an observation, as declared once (`db.models_measures.ObservationBase`).
OBSERVATION_FIELDS: tuple[str, ...] = tuple(ObservationBase.model_fields)


def observations_for(session: Session, claim_id: int,
                     only: Sequence[int] | None = None) -> list[ObservationRecord]:
    return observations_for_claims(session, [claim_id], only=only).get(claim_id, [])


def observations_for_claims(session: Session, claim_ids: Sequence[int],
                            only: Sequence[int] | None = None
                            ) -> dict[int, list[ObservationRecord]]:
    """Observations with their passage and source, grouped by claim, oldest figure first."""
    out: dict[int, list[ObservationRecord]] = {}
    ids = list(claim_ids)
    for i in range(0, len(ids), CHUNK):
        stmt = (select(Observation, Evidence, Passage, Document)
                .outerjoin(Evidence, col(Evidence.id) == Observation.evidence_id)
                .outerjoin(Passage, col(Passage.id) == Evidence.passage_id)
                .outerjoin(Document, col(Document.id) == Passage.document_id)
                .where(col(Observation.claim_id).in_(ids[i:i + CHUNK]))
                .order_by(col(Observation.claim_id), col(Observation.date_from),
                          col(Observation.id)))
        if only is not None:
            stmt = stmt.where(col(Observation.id).in_(list(only)))
        for o, _ev, p, doc in session.exec(stmt).all():
            out.setdefault(o.claim_id, []).append(ObservationRecord(
                id=o.id, **{name: getattr(o, name) for name in OBSERVATION_FIELDS},
                passage_id=p.id if p is not None else None,
                passage_text=p.text if p is not None else "",
                document_id=doc.id if doc is not None else None,
                source_title=doc.title if doc is not None else "",
                source_url=doc.url if doc is not None else "",
                source_published=doc.published if doc is not None else None))
    return out


def figure_passages(session: Session, claim_id: int) -> list[FigurePassage]:
    """Passages linked to the claim as evidence or suggested for it (not rejected)."""
    _live_claim(session, claim_id)
    linked = {ev.passage_id: ev.id for ev in session.exec(
        select(Evidence).where(Evidence.claim_id == claim_id).order_by(col(Evidence.id)))}
    suggested = session.exec(select(Suggestion.passage_id).where(
        Suggestion.claim_id == claim_id,
        Suggestion.state != SuggestionState.REJECTED.value)).all()
    wanted = sorted(set(linked) | set(suggested))
    out: list[FigurePassage] = []
    for i in range(0, len(wanted), CHUNK):
        rows = session.exec(select(Passage, Document)
                            .join(Document, col(Document.id) == Passage.document_id)
                            .where(col(Passage.id).in_(wanted[i:i + CHUNK]))
                            .order_by(col(Passage.id))).all()
        for p, doc in rows:
            assert p.id is not None and doc.id is not None
            out.append(FigurePassage(passage_id=p.id, text=p.text, document_id=doc.id,
                                     source_title=doc.title, source_outlet=doc.outlet,
                                     source_published=doc.published,
                                     evidence_id=linked.get(p.id)))
    return out


def figure_passage(session: Session, passage_id: int) -> FigurePassage:
    """One passage with its source's date and outlet, for reading a selected figure."""
    row = session.exec(select(Passage, Document)
                       .join(Document, col(Document.id) == Passage.document_id)
                       .where(Passage.id == passage_id)).first()
    if row is None:
        raise NotFound(f"no passage with id {passage_id}")
    p, doc = row
    assert p.id is not None and doc.id is not None
    return FigurePassage(passage_id=p.id, text=p.text, document_id=doc.id,
                         source_title=doc.title, source_outlet=doc.outlet,
                         source_published=doc.published, evidence_id=None)
