"""The HTML fragment and the report flowables: escaped, script-free, links only http(s)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from db.records_measures import MeasureRecord, ObservationRecord
from desktop.measures.publish import chart_svg, measure_flowables, observations_html
from desktop.measures.summary import summary_lines

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def _measure(**kw) -> MeasureRecord:
    base = dict(id=1, claim_id=9, what="aid trucks entering Gaza", unit="trucks", rate="day",
                reference=600, reference_kind="pledged", comparison="below", period_start=None,
                period_end=None, updated_by="t", updated_at=datetime.now(UTC))
    return MeasureRecord(**{**base, **kw})


def _obs(i: int, value: float, day: date, reporter: str, unit: str = "trucks",
         to: date | None = None, url: str = "https://example.org/a") -> ObservationRecord:
    return ObservationRecord(id=i, claim_id=9, value=value, unit=unit, date_from=day,
                             date_to=to, reporter=reporter, evidence_id=None, span_start=None,
                             span_end=None, note="", created_by="t",
                             created_at=datetime.now(UTC), source_title=f"Source {i}",
                             source_url=url)


OBS = [_obs(1, 145, date(2025, 10, 19), "UN"), _obs(2, 700, date(2025, 10, 20), "COGAT"),
       _obs(3, 4200, date(2025, 10, 13), "UN", to=date(2025, 10, 19)),
       _obs(4, 3, date(2025, 10, 21), HOSTILE, url="javascript:alert(3)")]


def test_summary_counts_per_reporter_in_the_measure_unit() -> None:
    m = _measure(period_start=date(2025, 10, 10))
    lines = summary_lines(m, OBS[:3])
    # The weekly total becomes 600 a day, which is not below 600.
    assert lines == ["UN: 1 of 2 observations since 10 Oct below the 600 pledged (1 at)",
                     "COGAT: 0 of 1 observation since 10 Oct below the 600 pledged (1 above)"]
    assert summary_lines(_measure(comparison="about"), OBS[:3])[0].startswith("UN: 1 of 2")


def test_html_fragment_is_escaped_and_script_free() -> None:
    html = observations_html(_measure(), OBS)
    assert html.startswith('<section class="factdesk-measure">')
    assert "<script" not in html.lower()
    assert not re.search(r"<img\b", html)
    assert "&lt;script&gt;" in html
    assert 'href="https://example.org/a"' in html
    assert 'href="javascript' not in html and ">Source 4<" in html
    assert html.count("<circle") >= 4 + 2  # four points and the legend
    assert observations_html(None, OBS) == ""


def test_svg_puts_points_below_and_above_the_reference() -> None:
    svg = chart_svg(_measure(), OBS[:2])
    line = re.search(r'<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="[\d.]+" '
                     r'stroke="#444444" stroke-dasharray="4 3"', svg)
    assert line is not None
    ref = float(line.group(1))
    ys = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)" r="4" fill="#',
                                       svg)[:2]]
    assert ys[0] > ref > ys[1]  # 145 below the line (larger y), 700 above


def test_report_flowables_hold_a_drawing_and_a_table() -> None:
    from reportlab.graphics.shapes import Drawing
    from reportlab.platypus import Table

    out = measure_flowables(_measure(), OBS, 480)
    assert any(isinstance(f, Drawing) for f in out)
    assert any(isinstance(f, Table) for f in out)
    assert measure_flowables(None, OBS, 480) == []
