"""Where things go on the observations chart, independent of what draws it.

The same layout is drawn by reportlab (PDF), as SVG (web page) and by QPainter (detail pane):
x is time, y the value in the measure's unit; one colour per reporter; a dashed reference line,
and the side of it the claim speaks of shaded lightly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from db.records_measures import MeasureRecord, ObservationRecord, fmt_number
from desktop.measures.summary import Point, points

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#17becf")
REFERENCE_COLOUR = "#444444"
SHADE_COLOUR = "#fde8c8"


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    colour: str
    obs: ObservationRecord
    value: float
    x0: float | None = None  # a figure over a period also draws its span
    x1: float | None = None


@dataclass
class ChartLayout:
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float  # y of the x axis (y grows downwards, as on screens and in SVG)
    dots: list[Dot] = field(default_factory=list)
    series: list[tuple[str, str]] = field(default_factory=list)  # (reporter, colour)
    ref_y: float = 0.0
    ref_label: str = ""
    shade: tuple[float, float] | None = None  # y range the claim speaks of
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    unit_label: str = ""
    empty: bool = True
    legend: list[tuple[float, float, str, str]] = field(default_factory=list)  # x, y, who, colour
    lines: list[tuple[str, list[tuple[float, float]]]] = field(default_factory=list)  # series


def _nice_step(span: float, n: int = 5) -> float:
    raw = span / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def layout(m: MeasureRecord, observations: list[ObservationRecord], width: float,
           height: float, char_width: float = 6.0) -> ChartLayout:
    """Positions for a chart of `width` x `height`; `char_width` sizes the legend's text."""
    pts: list[Point] = [p for p in points(m, observations) if p.value is not None]
    reporters: list[str] = []
    for p in sorted(pts, key=lambda p: (p.obs.date_from, p.obs.id)):
        if p.reporter not in reporters:
            reporters.append(p.reporter)
    series = [(r, PALETTE[i % len(PALETTE)]) for i, r in enumerate(reporters)]
    # The legend runs after the unit caption and wraps onto more lines when it must.
    legend: list[tuple[float, float, str, str]] = []
    x, y = 14 + char_width * len(m.unit_label[:24]) + 16, 10.0
    for reporter, colour in series:
        name = reporter[:30]
        w = 16 + char_width * len(name)
        if x + w > width - 6 and legend:
            x, y = 14 + char_width * len(m.unit_label[:24]) + 16, y + 15
        legend.append((x, y, name, colour))
        x += w + 10
    lay = ChartLayout(width=width, height=height, left=48, right=width - 16, top=y + 20,
                      bottom=height - 22, unit_label=m.unit_label[:24], legend=legend)
    lay.series = series
    colour = dict(lay.series)
    values = [p.value for p in pts if p.value is not None] + [m.reference]
    hi = max(values) * 1.12 if max(values) > 0 else 1.0
    lo = min(0.0, min(values))
    step = _nice_step(hi - lo)
    hi = math.ceil(hi / step) * step
    days = [p.obs.date_from for p in pts] + [p.obs.date_to for p in pts if p.obs.date_to]
    if m.period_start:
        days.append(m.period_start)
    d0 = min(days) if days else date.today()
    d1 = max(days) if days else d0
    if (d1 - d0).days < 6:
        d0, d1 = d0 - timedelta(days=3), d1 + timedelta(days=3)
    else:  # a margin, so points at either end are not drawn on the frame
        pad = timedelta(days=max(1, (d1 - d0).days // 12))
        d0, d1 = d0 - pad, d1 + pad
    span = (d1 - d0).days or 1

    def fx(d: date) -> float:
        return lay.left + (lay.right - lay.left) * (d - d0).days / span

    def fy(v: float) -> float:
        return lay.bottom - (lay.bottom - lay.top) * (v - lo) / (hi - lo)

    lay.ref_y = fy(m.reference)
    lay.ref_label = f"{fmt_number(m.reference)} {m.reference_kind}"
    if m.comparison in ("below", "at-most"):
        lay.shade = (lay.ref_y, lay.bottom)
    elif m.comparison in ("above", "at-least"):
        lay.shade = (lay.top, lay.ref_y)
    else:
        lay.shade = (fy(m.reference * 1.1), fy(m.reference * 0.9))
    v = lo
    while v <= hi + 1e-9:
        lay.y_ticks.append((fy(v), fmt_number(v)))
        v += step
    # As many date labels as fit, about 60 units apart, on whole days.
    fit = max(2, int((lay.right - lay.left) // 60))
    tick_days = max(1, math.ceil(span / fit))
    d = d0
    while d <= d1:
        if fx(d) <= lay.right - 18:  # a label centred on the frame's end would be cut
            lay.x_ticks.append((fx(d), f"{d.day} {d:%b}"))
        d += timedelta(days=tick_days)
    for p in pts:
        assert p.value is not None
        o = p.obs
        lay.dots.append(Dot(x=fx(p.day), y=fy(p.value), colour=colour[p.reporter], obs=o,
                            value=p.value, x0=fx(o.date_from) if o.date_to else None,
                            x1=fx(o.date_to) if o.date_to else None))
    lay.empty = not pts
    for reporter, col in lay.series:
        line = sorted((d.x, d.y) for d in lay.dots if d.colour == col
                      and (d.obs.reporter or "Unattributed") == reporter)
        if len(line) > 1:
            lay.lines.append((col, line))
    return lay
