"""The observations chart and table for the PDF report and the web page.

`measure_flowables(measure, observations, width)` gives the report's flowables for one claim
(a heading, the summary, the chart as a reportlab Drawing, the observations table);
`observations_html(measure, observations)` an escaped HTML fragment with an inline SVG chart
and no scripts. User text is escaped everywhere; links are made only for http(s).
"""

from __future__ import annotations

from html import escape
from typing import Any

from db.records_measures import MeasureRecord, ObservationRecord, fmt_number
from desktop.measures.layout import REFERENCE_COLOUR, SHADE_COLOUR, ChartLayout, layout
from desktop.measures.service import converted
from desktop.measures.summary import summary_lines

CHART_HEIGHT = 190.0


def _when(o: ObservationRecord) -> str:
    return o.date_from.isoformat() + (f"..{o.date_to.isoformat()}" if o.date_to else "")


def chart_drawing(m: MeasureRecord, observations: list[ObservationRecord], width: float,
                  height: float = CHART_HEIGHT) -> Any:
    """The chart as a reportlab Drawing (a flowable)."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
    from reportlab.lib import colors

    from desktop.reports.styles import FONT, register_fonts

    register_fonts()
    lay = layout(m, observations, width, height, char_width=4.3)
    d = Drawing(width, height)

    def y(v: float) -> float:  # the layout's y grows downwards; reportlab's upwards
        return height - v

    if lay.shade:
        a, b = lay.shade
        d.add(Rect(lay.left, y(b), lay.right - lay.left, b - a,
                   fillColor=colors.HexColor(SHADE_COLOUR), strokeColor=None))
    for ty, label in lay.y_ticks:
        d.add(Line(lay.left, y(ty), lay.right, y(ty), strokeColor=colors.HexColor("#e3e6ea"),
                   strokeWidth=0.4))
        d.add(String(lay.left - 4, y(ty) - 3, label, fontName=FONT, fontSize=7,
                     textAnchor="end", fillColor=colors.HexColor("#5b6472")))
    for tx, label in lay.x_ticks:
        d.add(String(tx, y(lay.bottom) - 11, label, fontName=FONT, fontSize=7,
                     textAnchor="middle", fillColor=colors.HexColor("#5b6472")))
    d.add(Line(lay.left, y(lay.bottom), lay.right, y(lay.bottom), strokeWidth=0.6))
    d.add(Line(lay.left, y(lay.ref_y), lay.right, y(lay.ref_y),
               strokeColor=colors.HexColor(REFERENCE_COLOUR), strokeWidth=1,
               strokeDashArray=[4, 3]))
    d.add(String(lay.right, y(lay.ref_y) + 3, f"{lay.ref_label} (claim: {m.comparison})",
                 fontName=FONT, fontSize=7, textAnchor="end",
                 fillColor=colors.HexColor(REFERENCE_COLOUR)))
    from reportlab.graphics.shapes import PolyLine

    for colour, line in lay.lines:
        d.add(PolyLine([v for x, yy in line for v in (x, y(yy))],
                       strokeColor=colors.HexColor(colour), strokeWidth=0.6))
    for dot in lay.dots:
        c = colors.HexColor(dot.colour)
        if dot.x0 is not None and dot.x1 is not None:
            d.add(Line(dot.x0, y(dot.y), dot.x1, y(dot.y), strokeColor=c, strokeWidth=1.2))
        d.add(Circle(dot.x, y(dot.y), 3, fillColor=c, strokeColor=colors.white,
                     strokeWidth=0.5))
    for lx, ly, reporter, colour in lay.legend:
        d.add(Circle(lx + 3, y(ly), 3, fillColor=colors.HexColor(colour), strokeColor=None))
        d.add(String(lx + 9, y(ly) - 3, reporter, fontName=FONT, fontSize=7.5))
    d.add(String(4, y(10) - 3, lay.unit_label, fontName=FONT, fontSize=7,
                 fillColor=colors.HexColor("#5b6472")))
    if lay.empty:
        d.add(String(width / 2, height / 2, "No comparable observations yet", fontName=FONT,
                     fontSize=9, textAnchor="middle"))
    d.hAlign = "LEFT"
    return d


def measure_flowables(m: MeasureRecord | None, observations: list[ObservationRecord],
                      width: float) -> list[Any]:
    """The report's part for a claim's measure: nothing when the claim has none."""
    if m is None:
        return []
    from reportlab.platypus import CondPageBreak

    from desktop.reports.styles import Label, LinkLine, Short, data_table, text

    out: list[Any] = [CondPageBreak(260), Label("Figures over time"),
                      text(m.describe(), "meta")]
    for line in summary_lines(m, observations):
        out.append(text(line, "body"))
    out.append(chart_drawing(m, observations, width))
    if observations:
        rows = []
        for o in observations:
            value = converted(o, m)
            source: list[Any] = [text(o.source_title or "—", "cell")]
            if o.source_url:
                source.append(LinkLine(o.source_url))
            rows.append([Short(_when(o)), Short(f"{fmt_number(o.value)} {o.unit}"),
                         Short(fmt_number(value) if value is not None else "—"),
                         o.reporter or "—", source])
        short = f"{m.unit}/{m.rate}" if m.rate else m.unit
        out.append(data_table(["When", "Reported", short[:18], "Reporter", "Source"], rows,
                              [124, 92, 72, 80, width - 368]))
    return out


def chart_svg(m: MeasureRecord, observations: list[ObservationRecord], width: float = 640,
              height: float = 240) -> str:
    """The chart as an inline SVG element (escaped text, no scripts)."""
    lay: ChartLayout = layout(m, observations, width, height, char_width=6.2)
    e = escape
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
             f'viewBox="0 0 {width:g} {height:g}" role="img" '
             f'aria-label="{e(m.what)} over time" font-family="sans-serif" font-size="10">']
    if lay.shade:
        a, b = lay.shade
        parts.append(f'<rect x="{lay.left:.1f}" y="{a:.1f}" width="{lay.right - lay.left:.1f}" '
                     f'height="{b - a:.1f}" fill="{SHADE_COLOUR}"/>')
    for ty, label in lay.y_ticks:
        parts.append(f'<line x1="{lay.left:.1f}" x2="{lay.right:.1f}" y1="{ty:.1f}" '
                     f'y2="{ty:.1f}" stroke="#e3e6ea"/>'
                     f'<text x="{lay.left - 4:.1f}" y="{ty + 3:.1f}" text-anchor="end" '
                     f'fill="#5b6472">{e(label)}</text>')
    for tx, label in lay.x_ticks:
        parts.append(f'<text x="{tx:.1f}" y="{lay.bottom + 14:.1f}" text-anchor="middle" '
                     f'fill="#5b6472">{e(label)}</text>')
    parts.append(f'<line x1="{lay.left:.1f}" x2="{lay.right:.1f}" y1="{lay.bottom:.1f}" '
                 f'y2="{lay.bottom:.1f}" stroke="#000"/>')
    parts.append(f'<line x1="{lay.left:.1f}" x2="{lay.right:.1f}" y1="{lay.ref_y:.1f}" '
                 f'y2="{lay.ref_y:.1f}" stroke="{REFERENCE_COLOUR}" stroke-dasharray="4 3"/>'
                 f'<text x="{lay.right:.1f}" y="{lay.ref_y - 4:.1f}" text-anchor="end" '
                 f'fill="{REFERENCE_COLOUR}">{e(lay.ref_label)} (claim: {e(m.comparison)})'
                 '</text>')
    for colour, line in lay.lines:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in line)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" '
                     'stroke-width="1" stroke-opacity="0.7"/>')
    for dot in lay.dots:
        title = f"{_when(dot.obs)}: {fmt_number(dot.obs.value)} {dot.obs.unit}"
        if dot.obs.reporter:
            title += f" ({dot.obs.reporter})"
        if dot.x0 is not None and dot.x1 is not None:
            parts.append(f'<line x1="{dot.x0:.1f}" x2="{dot.x1:.1f}" y1="{dot.y:.1f}" '
                         f'y2="{dot.y:.1f}" stroke="{dot.colour}" stroke-width="1.5"/>')
        parts.append(f'<circle cx="{dot.x:.1f}" cy="{dot.y:.1f}" r="4" fill="{dot.colour}">'
                     f'<title>{e(title)}</title></circle>')
    parts.append(f'<text x="4" y="14" fill="#5b6472">{e(lay.unit_label)}</text>')
    for lx, ly, reporter, colour in lay.legend:
        parts.append(f'<circle cx="{lx + 4:.1f}" cy="{ly:.1f}" r="4" fill="{colour}"/>'
                     f'<text x="{lx + 11:.1f}" y="{ly + 4:.1f}">{e(reporter)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _link(url: str, label: str) -> str:
    from desktop.reports.text import safe_url

    target = safe_url(url)
    if target is None:
        return escape(label)
    return f'<a href="{escape(target, quote=True)}" rel="nofollow noopener">{escape(label)}</a>'


def observations_html(m: MeasureRecord | None, observations: list[ObservationRecord]) -> str:
    """An HTML fragment (a <section>) for a claim's web page; "" when it has no measure."""
    if m is None:
        return ""
    e = escape
    out = ['<section class="factdesk-measure">', "<h2>Figures over time</h2>",
           f'<p class="measure">{e(m.describe())}</p>']
    out += [f'<p class="summary">{e(line)}</p>' for line in summary_lines(m, observations)]
    out.append(f'<figure>{chart_svg(m, observations)}</figure>')
    if observations:
        out.append(f"<table><thead><tr><th>When</th><th>Reported</th><th>{e(m.unit_label)}"
                   "</th><th>Reporter</th><th>Source</th></tr></thead><tbody>")
        for o in observations:
            value = converted(o, m)
            source = _link(o.source_url, o.source_title or o.source_url) \
                if (o.source_title or o.source_url) else "—"
            out.append(f"<tr><td>{e(_when(o))}</td><td>{e(fmt_number(o.value))} {e(o.unit)}</td>"
                       f"<td>{e(fmt_number(value)) if value is not None else '—'}</td>"
                       f"<td>{e(o.reporter or '—')}</td><td>{source}</td></tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out)
