"""The Figures tab: the aid claim's chart, summary, proposals, adding from a passage selection."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_helpers import fetch, settle

from db.queries.measures import observations_for

LATER = Path(__file__).parents[1] / "measures" / "data" / "aid_later_source.txt"
AID = 9


@pytest.fixture
def aid_ws(sqlite_ws):
    from db.queries.documents import store_document
    from desktop.core.seeds import load_demo
    from desktop.core.suggest import suggest
    from desktop.ingest.sentences import sentence_spans
    from desktop.measures.service import set_measure

    text = LATER.read_text(encoding="utf-8")
    with sqlite_ws.session() as s:
        load_demo(s, actor="tester")
        set_measure(s, claim_id=AID, what="aid trucks entering Gaza", unit="trucks", rate="day",
                    reference=600, kind="pledged", compare="below", actor="tester")
        store_document(s, text=text, kind="source", actor="tester", spans=sentence_spans(text),
                       title="Aid into Gaza stays below pledge", outlet="Wire",
                       url="https://example.org/aid", published=date(2025, 10, 21))
    suggest(sqlite_ws, claim_ids=[AID])
    return sqlite_ws


def _figures(qtbot: Any, win: Any) -> Any:
    win.detail.set_claim(AID)
    panel = win.detail.measure_panel
    qtbot.waitUntil(lambda: panel.bundle.measure is not None and win.ctx.tasks.pending == 0,
                    timeout=10_000)
    win.detail.tabs.setCurrentWidget(panel)
    return panel


def test_seed_claim_figures_end_to_end(qtbot, open_window, aid_ws, tmp_path: Path) -> None:
    win = open_window(aid_ws)
    panel = _figures(qtbot, win)
    props = [panel.proposals.item(i).data(Qt.ItemDataRole.UserRole)
             for i in range(panel.proposals.count())]
    assert {(p.value, p.reporter) for p in props} >= {(145, "UN"), (2100, "OCHA"),
                                                      (700, "COGAT")}
    for value in (145, 2100, 700):
        row = next(i for i, p in enumerate(props) if p.value == value)
        panel.proposals.setCurrentRow(row)
        panel.accept_selected()
        qtbot.waitUntil(lambda v=value: any(o.value == v for o in panel.bundle.observations),
                        timeout=10_000)
        props = [panel.proposals.item(i).data(Qt.ItemDataRole.UserRole)
                 for i in range(panel.proposals.count())]
    settle(qtbot, win)
    lines = [line.removeprefix("• ") for line in panel.summary_label.text().splitlines()]
    assert lines == ["OCHA: 1 of 1 observation since 13 Oct below the 600 pledged",
                     "UN: 1 of 1 observation since 19 Oct below the 600 pledged",
                     "COGAT: 0 of 1 observation since 20 Oct below the 600 pledged (1 above)"]
    assert panel.summary_label.textFormat() == Qt.TextFormat.PlainText

    # The chart: three points, one colour per reporter, each opening its passage.
    lay = panel.chart.chart_layout()
    assert len(lay.dots) == 3 and len({d.colour for d in lay.dots}) == 3
    cogat = next(d for d in lay.dots if d.obs.reporter == "COGAT")
    assert cogat.y < lay.ref_y < next(d for d in lay.dots if d.obs.reporter == "UN").y
    qtbot.mouseClick(panel.chart, Qt.MouseButton.LeftButton,
                     pos=panel.chart.rect().topLeft() + _pt(cogat))
    qtbot.waitUntil(lambda: win.sources.current_passage() is not None
                    and win.sources.current_passage().id == cogat.obs.passage_id,
                    timeout=10_000)
    assert win.sources.reader.textCursor().selectedText() == "more than 700 aid trucks"

    shot = tmp_path / "figures.png"
    assert win.grab().save(str(shot)) and shot.stat().st_size > 10_000
    panel.grab().save(str(tmp_path / "panel.png"))

    from desktop.reports.data import gather_report_data
    from desktop.reports.pdf import build_pdf

    data = fetch(aid_ws, lambda s: gather_report_data(s, [AID]))
    pdf = build_pdf(data, tmp_path / "report.pdf", author="tester").path
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages).split())
    assert "UN: 1 of 1 observation since 19 Oct below the 600 pledged" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "pdf")],
                       check=True, timeout=120)


def _pt(dot: Any) -> Any:
    from PySide6.QtCore import QPoint

    return QPoint(round(dot.x), round(dot.y))


def test_add_selected_figure_prefilled(qtbot, open_window, aid_ws) -> None:
    win = open_window(aid_ws)
    panel = _figures(qtbot, win)
    src = win.sources
    qtbot.waitUntil(lambda: src.passage_count() > 0, timeout=10_000)
    passage = next(p for p in src.passages if "OCHA" in p.text)
    start = passage.text.index("2,100")
    src.select_span(passage.id, start, start + len("2,100 trucks"))
    assert src.current_passage().id == passage.id
    panel.add_from_selection()
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible(),
                    timeout=10_000)
    d = panel.dialog
    assert (d.value.text(), d.unit.text(), d.when.text(), d.reporter.text()) == (
        "2100", "trucks", "2025-10-13..2025-10-19", "OCHA")
    d.accept()
    qtbot.waitUntil(lambda: len(panel.bundle.observations) == 1, timeout=10_000)
    (o,) = fetch(aid_ws, lambda s: observations_for(s, AID))
    assert (o.value, o.figure, o.passage_id) == (2100, "2,100 trucks", src.current_passage().id)


def test_bad_hand_entry_is_one_line_dialog_and_writes_nothing(qtbot, open_window, aid_ws,
                                                             shown_messages) -> None:
    win = open_window(aid_ws)
    panel = _figures(qtbot, win)
    panel.add_by_hand()
    d = panel.dialog
    d.value.setText("50")
    d.unit.setText("tonnes")
    d.when.setText("2025-10-20")
    d.accept()
    qtbot.waitUntil(lambda: bool(shown_messages), timeout=10_000)
    assert shown_messages == [("error", "metric ton cannot be converted to trucks per day")]
    assert fetch(aid_ws, lambda s: observations_for(s, AID)) == []


def test_hostile_reporter_stays_plain_text(qtbot, open_window, aid_ws) -> None:
    from desktop.measures.service import add_observation

    with aid_ws.session() as s:
        add_observation(s, claim_id=AID, value=10, unit="trucks", when="2025-10-20",
                        reporter="<b>bold</b><img src=x>", actor="t")
    win = open_window(aid_ws)
    panel = _figures(qtbot, win)
    assert "<b>bold</b><img src=x>: 1 of 1" in panel.summary_label.text()
    assert panel.summary_label.textFormat() == Qt.TextFormat.PlainText
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    (dot,) = panel.chart.chart_layout().dots
    # Sent to the chart itself: a synthetic cursor move is not reliably delivered offscreen.
    at = QPointF(dot.x, dot.y)
    move = QMouseEvent(QEvent.Type.MouseMove, at, panel.chart.mapToGlobal(at),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(panel.chart, move)
    assert "&lt;b&gt;bold&lt;/b&gt;&lt;img src=x&gt;" in panel.chart.toolTip()


def test_set_measure_in_the_dialog(qtbot, open_window, sqlite_ws, shown_messages) -> None:
    from db.queries.claims import claim_history
    from db.queries.measures import get_measure
    from desktop.core.seeds import load_demo

    with sqlite_ws.session() as s:
        load_demo(s, actor="tester")
    win = open_window(sqlite_ws)
    win.detail.set_claim(AID)
    panel = win.detail.measure_panel
    settle(qtbot, win)
    assert panel.measure_button.text() == "Set measure…" and panel.chart.isHidden()
    panel.edit_measure()
    d = panel.dialog
    d.what.setText("aid trucks entering Gaza")
    d.unit.setText("lorries per fortnite")
    d.reference.setValue(600)
    d.accept()
    qtbot.waitUntil(lambda: bool(shown_messages), timeout=10_000)
    assert shown_messages == [("error", "unknown time unit 'fortnite'; use e.g. day, week, "
                                        "month")]
    assert fetch(sqlite_ws, lambda s: get_measure(s, AID)) is None
    panel.edit_measure()
    d = panel.dialog
    d.what.setText("aid trucks entering Gaza")
    d.unit.setText("trucks")
    d.rate.setCurrentText("day")
    d.reference.setValue(600)
    d.compare.setCurrentText("below")
    d.accept()
    qtbot.waitUntil(lambda: panel.bundle.measure is not None, timeout=10_000)
    assert panel.measure_label.text() == \
        "aid trucks entering Gaza: below 600 trucks per day (pledged)"
    assert panel.measure_button.text() == "Edit measure…"
    assert [h.field for h in fetch(sqlite_ws, lambda s: claim_history(s, AID))][-1] == "measure"


def test_right_click_removes_a_point_after_asking(qtbot, open_window, aid_ws,
                                                  monkeypatch) -> None:
    from desktop.measures.service import add_observation

    with aid_ws.session() as s:
        add_observation(s, claim_id=AID, value=145, unit="trucks", when="2025-10-19",
                        reporter="UN", actor="t")
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr("desktop.ui.messages.confirm",
                        lambda _p, text, **_k: asked.append(text) or answer[0])
    win = open_window(aid_ws)
    panel = _figures(qtbot, win)
    (dot,) = panel.chart.chart_layout().dots
    qtbot.mouseClick(panel.chart, Qt.MouseButton.RightButton, pos=_pt(dot))
    assert asked == ["Remove the observation 145 trucks on 2025-10-19 (UN)?"]
    settle(qtbot, win)
    assert len(fetch(aid_ws, lambda s: observations_for(s, AID))) == 1  # declined: kept
    answer[0] = True
    qtbot.mouseClick(panel.chart, Qt.MouseButton.RightButton, pos=_pt(dot))
    qtbot.waitUntil(lambda: panel.bundle.observations == [], timeout=10_000)
    assert fetch(aid_ws, lambda s: observations_for(s, AID)) == []


def test_figures_tab_keeps_the_chart_whole_in_a_short_pane(qtbot, open_window,
                                                           aid_ws) -> None:
    """At 1280×800 the tab shares its height with the Sources panel: the chart keeps its
    height and nothing is drawn over it; an empty proposals box is not shown."""
    from PySide6.QtCore import QPoint

    win = open_window(aid_ws)
    win.resize(1280, 800)
    panel = _figures(qtbot, win)
    settle(qtbot, win)
    qtbot.waitUntil(lambda: panel.chart.isVisible())
    chart = panel.chart
    assert chart.height() >= chart.minimumHeight()
    bottom = chart.mapTo(panel, QPoint(0, chart.height())).y()
    for w in (panel.measure_button, panel.add_button, panel.proposals_label):
        if w.isVisible():
            assert w.mapTo(panel, QPoint(0, 0)).y() >= bottom
    with aid_ws.session() as s:
        from desktop.measures.service import set_measure

        set_measure(s, claim_id=8, what="aid coordinators", unit="people", rate="",
                    reference=1, kind="claimed", compare="at-least", actor="tester")
    win.detail.set_claim(8)
    qtbot.waitUntil(lambda: panel.bundle.measure is not None
                    and panel.bundle.measure.claim_id == 8, timeout=10_000)
    assert panel.bundle.proposals == []  # no passage of claim 8 holds a figure
    assert not panel.proposals.isVisible() and not panel.proposals_label.isVisible()
    assert not panel.accept_button.isEnabled()
    win.detail.set_claim(AID)
    qtbot.waitUntil(lambda: panel.bundle.measure is not None
                    and panel.bundle.measure.claim_id == AID, timeout=10_000)
    assert panel.bundle.proposals and panel.proposals.isVisible()
    assert panel.accept_button.isEnabled()
