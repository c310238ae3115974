"""A plain summary of the observations against the reference: it informs, never decides.

"UN: 9 of 10 observations since 10 Oct below the 600 pledged; COGAT: 4 of 4 above".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.records_measures import MeasureRecord, ObservationRecord, fmt_number
from desktop.measures.service import converted

ABOUT = 0.10  # "about" the reference: within 10 % of it
UNNAMED = "Unattributed"


@dataclass(frozen=True, slots=True)
class Point:
    """An observation ready to draw: its value in the measure's unit, or None."""

    obs: ObservationRecord
    value: float | None

    @property
    def day(self) -> date:
        """The middle of the period a figure covers, so a weekly figure sits mid-week."""
        o = self.obs
        if o.date_to is None:
            return o.date_from
        return date.fromordinal((o.date_from.toordinal() + o.date_to.toordinal()) // 2)

    @property
    def reporter(self) -> str:
        return self.obs.reporter or UNNAMED


def points(m: MeasureRecord, observations: list[ObservationRecord]) -> list[Point]:
    return [Point(o, converted(o, m)) for o in observations]


def holds(comparison: str, value: float, reference: float) -> bool:
    """Whether one figure stands where the claim says figures stand."""
    if comparison == "below":
        return value < reference
    if comparison == "above":
        return value > reference
    if comparison == "at-least":
        return value >= reference
    if comparison == "at-most":
        return value <= reference
    return abs(value - reference) <= ABOUT * abs(reference)


def _short(d: date) -> str:
    return f"{d.day} {d:%b}"


def summary_lines(m: MeasureRecord, observations: list[ObservationRecord]) -> list[str]:
    """One line per reporter, in order of their first figure."""
    pts = [p for p in points(m, observations)
           if (m.period_start is None or p.obs.date_from >= m.period_start)
           and (m.period_end is None or p.obs.date_from <= m.period_end)]
    by: dict[str, list[Point]] = {}
    for p in sorted(pts, key=lambda p: (p.obs.date_from, p.obs.id)):
        by.setdefault(p.reporter, []).append(p)
    words = m.comparison.replace("-", " ")
    lines = []
    for reporter, items in by.items():
        usable = [p for p in items if p.value is not None]
        if not usable:
            lines.append(f"{reporter}: {len(items)} observations, none comparable "
                         f"with {m.unit_label}")
            continue
        k = sum(holds(m.comparison, p.value, m.reference) for p in usable
                if p.value is not None)
        since = m.period_start or usable[0].obs.date_from
        noun = "observation" if len(usable) == 1 else "observations"
        line = (f"{reporter}: {k} of {len(usable)} {noun} since {_short(since)} {words} the "
                f"{fmt_number(m.reference)} {m.reference_kind}")
        others = [p.value for p in usable
                  if p.value is not None and not holds(m.comparison, p.value, m.reference)]
        if others and m.comparison != "about":
            # Where the rest stand: "COGAT: 0 of 4 … below the 600 pledged (4 above)".
            sides = (("above", sum(v > m.reference for v in others)),
                     ("at", sum(v == m.reference for v in others)),
                     ("below", sum(v < m.reference for v in others)))
            line += " (" + ", ".join(f"{n} {side}" for side, n in sides if n) + ")"
        if len(usable) < len(items):
            line += f" ({len(items) - len(usable)} not comparable)"
        lines.append(line)
    return lines


def summary_text(m: MeasureRecord, observations: list[ObservationRecord]) -> str:
    lines = summary_lines(m, observations)
    return "; ".join(lines) if lines else "No observations yet."
