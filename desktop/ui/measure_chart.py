"""The observations chart of the Figures tab, drawn with QPainter.

It draws the layout the PDF and the web page use (desktop/measures/layout.py); a click on a
point emits its observation so the panel can open the passage.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from db.records_measures import MeasureRecord, ObservationRecord
from desktop.measures.layout import REFERENCE_COLOUR, SHADE_COLOUR, ChartLayout, layout
from desktop.ui.qtcompat import emit


class ObservationChart(QWidget):
    """Points over time, one colour per reporter, the reference line and the claimed side."""

    point_clicked = Signal(object)  # ObservationRecord
    point_menu = Signal(object)  # right click on a point: ObservationRecord

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
            # The legend wraps by text width: measure with this widget's font.
            char = self.fontMetrics().averageCharWidth() * 1.1
            self._layout = layout(self._measure, self._obs, self.width(), self.height(),
                                  char_width=char)
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
        for colour_name, line in lay.lines:
            p.setPen(QPen(QColor(colour_name), 1))
            for (x0, y0), (x1, y1) in pairwise(line):
                p.drawLine(QPointF(x0, y0), QPointF(x1, y1))
        for dot in lay.dots:
            colour = QColor(dot.colour)
            if dot.x0 is not None and dot.x1 is not None:
                p.setPen(QPen(colour, 2))
                p.drawLine(QPointF(dot.x0, dot.y), QPointF(dot.x1, dot.y))
            p.setPen(QPen(QColor("#ffffff"), 1))
            p.setBrush(colour)
            p.drawEllipse(QPointF(dot.x, dot.y), 5, 5)
        p.setPen(grey)
        p.drawText(QRectF(4, 2, lay.left + 200, 16), 0, lay.unit_label)
        for lx, ly, reporter, colour in lay.legend:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(colour))
            p.drawEllipse(QPointF(lx + 4, ly), 4, 4)
            p.setPen(QColor("#000000"))
            p.drawText(QRectF(lx + 11, ly - 8, 220, 16), int(Qt.AlignmentFlag.AlignVCenter),
                       reporter)
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
        # Tooltips guess at rich text: hand over escaped text inside a paragraph.
        self.setToolTip(f"<p>{escape(obs.describe())}</p>" if obs else "")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        obs = self.dot_at(event.position().x(), event.position().y())
        if obs is None:
            return
        if event.button() == Qt.MouseButton.RightButton:
            emit(self.point_menu, obs)
        else:
            emit(self.point_clicked, obs)
