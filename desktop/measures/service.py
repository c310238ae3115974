"""Checked writes for measures and observations: units are read and converted before storing.

Each function works inside the caller's unit of work (`with ws.session() as s`), so a refusal
(an unknown unit, one that cannot convert, a bad date) raises before anything is written and the
session rolls back.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from db.errors import InvalidValue, NotFound
from db.queries import measures as q
from db.records_measures import MeasureRecord, ObservationRecord
from desktop.measures.units import CannotConvert, Unit, conversion_factor, parse_unit


def parse_day(value: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InvalidValue(f"{what} {value!r} is not a date like 2025-10-17") from None


def parse_period(value: str | None, what: str = "period") -> tuple[date | None, date | None]:
    """"2025-10-10..2025-10-20", "2025-10-10.." (open end), "..2025-10-20" or one day."""
    if not value or not value.strip():
        return None, None
    text = value.strip()
    if ".." not in text:
        day = parse_day(text, what)
        return day, day
    left, _, right = text.partition("..")
    start = parse_day(left, what) if left.strip() else None
    end = parse_day(right, what) if right.strip() else None
    if start and end and end < start:
        raise InvalidValue(f"{what} {value!r} ends before it starts")
    return start, end


def measure_unit(m: MeasureRecord) -> Unit:
    return parse_unit(m.unit, new_counted=True, rate=m.rate)


def set_measure(session: Any, *, claim_id: int, what: str, unit: str, reference: float,
                kind: str, compare: str, actor: str, rate: str = "",
                period: str | None = None) -> MeasureRecord:
    """Check the unit ("trucks", "tonnes", "trucks per day"; `rate` "day") and store it."""
    parsed = parse_unit(unit, new_counted=True, rate=rate)
    start, end = parse_period(period)
    base = unit.strip()
    if parsed.per and not rate:  # "trucks per day": keep the base words, rate apart
        base = _base_words(unit)
    if parsed.counted:
        base = Unit(parsed.base, True).label
    return q.set_measure(session, claim_id=claim_id, what=what, unit=base, rate=parsed.per,
                         reference=reference, reference_kind=kind, comparison=compare,
                         actor=actor, period_start=start, period_end=end)


def _base_words(unit: str) -> str:
    """"trucks per day" -> "trucks"."""
    from desktop.measures.units import PER_SPLIT

    return PER_SPLIT.split(unit.strip(), maxsplit=1)[0]


def observation_unit(m: MeasureRecord, unit: str) -> Unit:
    mu = measure_unit(m)
    return parse_unit(unit, counted={mu.base} if mu.counted else set())


def require_measure(session: Any, claim_id: int) -> MeasureRecord:
    m = q.get_measure(session, claim_id)
    if m is None:
        raise NotFound(f"claim {claim_id} has no measure yet; set one first "
                       f"(factdesk measure set {claim_id} ...)")
    return m


def add_observation(session: Any, *, claim_id: int, value: float, unit: str, when: str,
                    actor: str, reporter: str = "", passage_id: int | None = None,
                    span: tuple[int, int] | None = None, note: str = "") -> ObservationRecord:
    """Store a figure after checking that its unit converts to the measure's."""
    m = require_measure(session, claim_id)
    start, end = parse_period(when, "date")
    if start is None or (end is None and ".." in when):
        raise InvalidValue(f"date {when!r} needs a start and an end (2025-10-13..2025-10-19)")
    days = (end - start).days + 1 if end else 1
    src = observation_unit(m, unit)
    conversion_factor(src, measure_unit(m), span_days=days)  # refuses what cannot convert
    return q.add_observation(session, claim_id=claim_id, value=value, unit=src_label(unit, src),
                             date_from=start, date_to=end if end != start else None,
                             actor=actor, reporter=reporter, passage_id=passage_id,
                             span_start=span[0] if span else None,
                             span_end=span[1] if span else None, note=note)


def src_label(typed: str, parsed: Unit) -> str:
    """How a stored observation names its unit: counted things in the plural, else as typed."""
    return parsed.label if parsed.counted else " ".join(typed.split())


def converted(o: ObservationRecord, m: MeasureRecord) -> float | None:
    """The observation's value in the measure's unit and rate, or None if that is not sound."""
    try:
        src = observation_unit(m, o.unit)
        return o.value * conversion_factor(src, measure_unit(m), span_days=o.days)
    except (CannotConvert, InvalidValue):
        return None
