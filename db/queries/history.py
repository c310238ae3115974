"""The append-only change log."""

from __future__ import annotations

from sqlmodel import Session, select

from db.models import History, HistoryBase
from db.records import HistoryRecord


def _text(value: object) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    return str(value)


def record(session: Session, *, entity: str, entity_id: int, field: str, old: object,
           new: object, actor: str, rationale: str = "") -> None:
    """Add one history row to the current unit of work (same transaction as the change)."""
    session.add(History(entity=entity, entity_id=entity_id, field=field, old=_text(old),
                        new=_text(new), actor=actor, rationale=rationale or ""))


def history_for(session: Session, entity: str, entity_id: int) -> list[HistoryRecord]:
    rows = session.exec(
        select(History)
        .where(History.entity == entity, History.entity_id == entity_id)
        .order_by(History.at, History.id)
    ).all()
    return [to_record(h) for h in rows]


# The fields of a history entry, as declared once (`db.models.HistoryBase`).
HISTORY_FIELDS: tuple[str, ...] = tuple(HistoryBase.model_fields)


def to_record(h: History) -> HistoryRecord:
    assert h.id is not None
    return HistoryRecord(id=h.id, **{name: getattr(h, name) for name in HISTORY_FIELDS})
