"""The "Figures" tab of the claim detail: the measure, a chart of observations, a summary.

The chart is drawn with QPainter from the same layout as the report's (desktop/measures);
clicking a point shows the passage it was read from. Proposals from the claim's passages can
be accepted, and figures added by hand. Every user string is shown as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.records_measures import MeasureRecord, ObservationRecord, fmt_number
from desktop.measures.layout import REFERENCE_COLOUR, SHADE_COLOUR, ChartLayout, layout
from desktop.ui.ops import AppContext, Op
from desktop.ui.qtcompat import emit


@dataclass(frozen=True)
class MeasureBundle:
    measure: MeasureRecord | None
    observations: list[ObservationRecord] = field(default_factory=list)
    proposals: list[Any] = field(default_factory=list)


def load_measure(session: Any, claim_id: int) -> MeasureBundle:
    from db.queries.measures import figure_passages, get_measure, observations_for
    from desktop.measures.propose import propose

    m = get_measure(session, claim_id)
    if m is None:
        return MeasureBundle(None)
    obs = observations_for(session, claim_id)
    return MeasureBundle(m, obs, propose(m, figure_passages(session, claim_id), obs))


def _plain(text: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    return label


class ObservationChart(QWidget):
    """Points over time, one colour per reporter, the reference line and the claimed side."""

    point_clicked = Signal(object)  # ObservationRecord

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(200)
        self._measure: MeasureRecord | None = None
        self._obs: list[ObservationRecord] = []
        self._layout: ChartLayout | None = None
        self.setMouseTracking(True)

    def set_data(self, m: MeasureRecord | None, obs: list[ObservationRecord]) -> None:
        self._measure, self._obs = m, obs
        self._layout = None
        self.update()

    def chart_layout(self) -> ChartLayout | None:
        if self._measure is None:
            return None
        if self._layout is None or self._layout.width != self.width() \
                or self._layout.height != self.height():
            self._layout = layout(self._measure, self._obs, self.width(), self.height())
        return self._layout

    def paintEvent(self, _event: QPaintEvent) -> None:
        lay = self.chart_layout()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if lay is None:
            return
        if lay.shade:
            a, b = lay.shade
            p.fillRect(QRectF(lay.left, a, lay.right - lay.left, b - a), QColor(SHADE_COLOUR))
        grey = QColor("#5b6472")
        for ty, label in lay.y_ticks:
            p.setPen(QPen(QColor("#e3e6ea")))
            p.drawLine(QPointF(lay.left, ty), QPointF(lay.right, ty))
            p.setPen(grey)
            p.drawText(QRectF(0, ty - 8, lay.left - 4, 16),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
        for tx, label in lay.x_ticks:
            p.drawText(QRectF(tx - 30, lay.bottom + 3, 60, 16),
                       int(Qt.AlignmentFlag.AlignHCenter), label)
        p.setPen(QPen(QColor("#000000")))
        p.drawLine(QPointF(lay.left, lay.bottom), QPointF(lay.right, lay.bottom))
        pen = QPen(QColor(REFERENCE_COLOUR), 1.5, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(lay.left, lay.ref_y), QPointF(lay.right, lay.ref_y))
        m = self._measure
        assert m is not None
        p.drawText(QRectF(lay.left, lay.ref_y - 18, lay.right - lay.left, 16),
                   int(Qt.AlignmentFlag.AlignRight),
                   f"{lay.ref_label} (claim: {m.comparison})")
        for dot in lay.dots:
            colour = QColor(dot.colour)
            if dot.x0 is not None and dot.x1 is not None:
                p.setPen(QPen(colour, 2))
                p.drawLine(QPointF(dot.x0, dot.y), QPointF(dot.x1, dot.y))
            p.setPen(QPen(QColor("#ffffff"), 1))
            p.setBrush(colour)
            p.drawEllipse(QPointF(dot.x, dot.y), 5, 5)
        x = lay.left + 90
        p.setPen(grey)
        p.drawText(QRectF(4, 2, 120, 16), 0, lay.unit_label)
        for reporter, colour in lay.series:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(colour))
            p.drawEllipse(QPointF(x + 4, 10), 4, 4)
            p.setPen(QColor("#000000"))
            p.drawText(QRectF(x + 11, 2, 200, 16), 0, reporter[:30])
            x += 24 + p.fontMetrics().horizontalAdvance(reporter[:30])
        if lay.empty:
            p.setPen(grey)
            p.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter),
                       "No comparable observations yet")
        p.end()

    def dot_at(self, x: float, y: float) -> ObservationRecord | None:
        lay = self.chart_layout()
        if lay is None:
            return None
        best = min(lay.dots, key=lambda d: (d.x - x) ** 2 + (d.y - y) ** 2, default=None)
        if best is None or (best.x - x) ** 2 + (best.y - y) ** 2 > 64:
            return None
        return best.obs

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        obs = self.dot_at(event.position().x(), event.position().y())
        self.setCursor(Qt.CursorShape.PointingHandCursor if obs else Qt.CursorShape.ArrowCursor)
        self.setToolTip(obs.describe() if obs else "")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        obs = self.dot_at(event.position().x(), event.position().y())
        if obs is not None:
            emit(self.point_clicked, obs)


class AddObservationDialog(QDialog):
    """A figure by hand: value, unit, date or period, reporter."""

    def __init__(self, parent: QWidget | None = None, unit: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Add observation")
        form = QFormLayout(self)
        self.value = QLineEdit()
        self.unit = QLineEdit(unit)
        self.when = QLineEdit()
        self.when.setPlaceholderText("2025-10-20 or 2025-10-13..2025-10-19")
        self.reporter = QLineEdit()
        form.addRow("Value", self.value)
        form.addRow("Unit", self.unit)
        form.addRow("Date or period", self.when)
        form.addRow("Reported by", self.reporter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class MeasurePanel(QWidget):
    """Follows the detail's current claim; reloads when the claim changes."""

    loaded = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._claim_id = -1
        self._request = 0
        self.bundle = MeasureBundle(None)
        self.measure_label = _plain()
        self.summary_label = _plain()
        self.chart = ObservationChart()
        self.chart.point_clicked.connect(self.show_passage)
        self.proposals = QListWidget()
        self.proposals.setMaximumHeight(110)
        self.accept_button = QPushButton("Accept proposal")
        self.accept_button.clicked.connect(self.accept_selected)
        self.add_button = QPushButton("Add by hand…")
        self.add_button.clicked.connect(self.add_by_hand)
        row = QHBoxLayout()
        row.addWidget(self.accept_button)
        row.addWidget(self.add_button)
        row.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.chart, 3)
        top.addWidget(self.summary_label, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(self.measure_label)
        lay.addLayout(top, 1)
        lay.addWidget(_plain("Proposed from the claim's passages:"))
        lay.addWidget(self.proposals)
        lay.addLayout(row)
        ctx.claims_changed.connect(lambda ids: self._claim_id in ids and self.reload())
        self._show()

    def set_claim(self, claim_id: int) -> None:
        self._claim_id = claim_id
        self.reload()

    def reload(self) -> None:
        self._request += 1
        req, cid = self._request, self._claim_id
        if cid < 0:
            self.bundle = MeasureBundle(None)
            self._show()
            return
        (Op(self._ctx, lambda s: load_measure(s, cid), self)
         .success(lambda b: self._loaded(req, b)).run())

    def _loaded(self, req: int, bundle: MeasureBundle) -> None:
        if req != self._request:
            return
        self.bundle = bundle
        self._show()
        emit(self.loaded, self._claim_id)

    def _show(self) -> None:
        from desktop.measures.summary import summary_lines

        b = self.bundle
        has = b.measure is not None
        self.chart.setVisible(has)
        self.accept_button.setEnabled(has)
        self.add_button.setEnabled(has)
        self.proposals.clear()
        if b.measure is None:
            self.measure_label.setText("This claim has no measure. Set one with "
                                       "`factdesk measure set CLAIM …`.")
            self.summary_label.setText("")
            self.chart.set_data(None, [])
            return
        self.measure_label.setText(b.measure.describe())
        lines = summary_lines(b.measure, b.observations)
        self.summary_label.setText("\n".join(lines) if lines else "No observations yet.")
        self.chart.set_data(b.measure, b.observations)
        for p in b.proposals:
            conv = f" → {fmt_number(p.converted)} {b.measure.unit_label}" \
                if p.converted is not None and p.unit != b.measure.unit_label else ""
            item = QListWidgetItem(f"{fmt_number(p.value)} {p.unit}{conv} · {p.date} · "
                                   f"{p.reporter} · “{p.figure}”")
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.proposals.addItem(item)

    def accept_selected(self) -> None:
        item = self.proposals.currentItem()
        if item is None:
            return
        p = item.data(Qt.ItemDataRole.UserRole)
        self._add(dict(value=p.value, unit=p.unit, when=p.date, reporter=p.reporter,
                       passage_id=p.passage_id, span=p.span, note=p.note))

    def add_by_hand(self) -> None:
        from db.errors import InvalidValue
        from desktop.ui.ops import report_error

        m = self.bundle.measure
        dialog = AddObservationDialog(self, m.unit_label if m else "")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            value = float(dialog.value.text().replace(",", ""))
        except ValueError:
            report_error(self, InvalidValue(f"{dialog.value.text()!r} is not a number"))
            return
        self._add(dict(value=value, unit=dialog.unit.text(), when=dialog.when.text(),
                       reporter=dialog.reporter.text()))

    def _add(self, fields: dict[str, Any]) -> None:
        from desktop.measures.service import add_observation

        cid, actor = self._claim_id, self._ctx.actor()
        (Op(self._ctx, lambda s: add_observation(s, claim_id=cid, actor=actor, **fields), self)
         .success(lambda _o: emit(self._ctx.claims_changed, [cid])).run())

    def show_passage(self, obs: ObservationRecord) -> None:
        """Open the passage a point was read from (plain text)."""
        box = QMessageBox(self)
        box.setWindowTitle(obs.source_title or "Observation")
        box.setTextFormat(Qt.TextFormat.PlainText)
        # One plain-text body: informative text would guess at rich text.
        box.setText(f"{obs.describe()}\n\n{obs.passage_text or 'Added by hand; no passage.'}")
        box.open()
        self.last_opened = obs
