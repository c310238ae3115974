"""The status chart: one horizontal bar per status, drawn with reportlab.graphics.

A `Drawing` is itself a platypus flowable, so the chart sits in the story like a paragraph.
"""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from desktop.reports.ratings import rating
from desktop.reports.styles import FONT, FONT_BOLD, INK, MUTED, RULE, register_fonts

ROW = 17.0
LABEL_W = 105.0
COUNT_W = 60.0


def status_chart(counts: Mapping[str, int], width: float) -> Drawing:
    """Bars scaled to the largest count; every status shows, even at zero, so charts compare."""
    register_fonts()
    rows = list(counts.items())
    height = ROW * len(rows) + 8
    d = Drawing(width, height, initialFontName=FONT, initialFontSize=8.5)
    top = max([n for _, n in rows] + [1])
    bar_w = max(width - LABEL_W - COUNT_W, 40.0)
    total = sum(n for _, n in rows) or 1
    for i, (status, n) in enumerate(rows):
        y = height - (i + 1) * ROW
        r = rating(status)
        d.add(String(LABEL_W - 6, y + 4.5, r.label, fontName=FONT, fontSize=8.5,
                     fillColor=INK, textAnchor="end"))
        d.add(Rect(LABEL_W, y + 2, bar_w, ROW - 5, fillColor=colors.HexColor("#f1f3f6"),
                   strokeColor=None))
        if n:
            d.add(Rect(LABEL_W, y + 2, max(bar_w * n / top, 1.5), ROW - 5,
                       fillColor=colors.HexColor(r.colour), strokeColor=None))
        d.add(String(LABEL_W + bar_w + 6, y + 4.5, f"{n}", fontName=FONT_BOLD, fontSize=8.5,
                     fillColor=INK))
        d.add(String(LABEL_W + bar_w + 26, y + 4.5, f"{100 * n / total:.0f}%", fontName=FONT,
                     fontSize=8, fillColor=MUTED))
    d.add(Line(LABEL_W, 2, LABEL_W, height - 2, strokeColor=RULE, strokeWidth=0.75))
    d.hAlign = "LEFT"
    return d
