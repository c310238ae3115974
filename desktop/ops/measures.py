"""Operations on a claim's measure (the figure it states) and the observations checked
against it: set or clear the measure, add observations, remove one.

The unit checks are `desktop.measures.service`'s; each operation is one unit of work, so a
refusal (a unit that cannot convert, a bad date) stores nothing, not even the observations of
a batch that came before it. The `Changes` name the claim: its measure panel and history follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from db.queries import measures as q
from db.records_measures import MeasureRecord, ObservationRecord
from desktop.core.config import current_user
from desktop.measures import service
from desktop.ops.changes import Changes

if TYPE_CHECKING:
    from db.engine import Workspace


def _claim(claim_id: int) -> Changes:
    return Changes(claims=frozenset({claim_id}))


def set_measure(ws: Workspace, claim_id: int, *, what: str, unit: str, reference: float,
                kind: str, compare: str, rate: str = "", period: str | None = None,
                actor: str | None = None) -> tuple[MeasureRecord, Changes]:
    """Give the claim its measure ("trucks per day", a pledged 600, at most...)."""
    with ws.session() as s:
        m = service.set_measure(s, claim_id=claim_id, what=what, unit=unit, rate=rate,
                                reference=reference, kind=kind, compare=compare,
                                period=period, actor=actor or current_user())
    return m, _claim(claim_id)


def clear_measure(ws: Workspace, claim_id: int, *,
                  actor: str | None = None) -> tuple[None, Changes]:
    with ws.session() as s:
        q.clear_measure(s, claim_id, actor=actor or current_user())
    return None, _claim(claim_id)


def add_observations(ws: Workspace, claim_id: int, figures: Sequence[dict[str, Any]], *,
                     actor: str | None = None) -> tuple[list[ObservationRecord], Changes]:
    """Record figures (value, unit, when, and optionally reporter, passage_id, span, note)
    against the claim's measure, all or none."""
    who = actor or current_user()
    with ws.session() as s:
        added = [service.add_observation(s, claim_id=claim_id, actor=who, **f) for f in figures]
    return added, _claim(claim_id)


def remove_observation(ws: Workspace, observation_id: int, *,
                       actor: str | None = None) -> tuple[None, Changes]:
    with ws.session() as s:
        claim_id = q.remove_observation(s, observation_id, actor=actor or current_user())
    return None, _claim(claim_id)
