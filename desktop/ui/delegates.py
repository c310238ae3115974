"""Painting for the claims table: the status chip and the evidence tally."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.ui.claims_model import RECORD_ROLE, STATUS_ROLE
from desktop.ui.style import CHIP_TEXT, stance_colour, status_colour, status_label

AnyIndex = QModelIndex | QPersistentModelIndex


def _background(painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
    opt = QStyleOptionViewItem(option)
    opt.text = ""
    style = opt.widget.style() if opt.widget else QApplication.style()
    style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget)


class StatusChipDelegate(QStyledItemDelegate):
    """A rounded, coloured chip with the status name."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        _background(painter, option, index)
        status = index.data(STATUS_ROLE)
        if not status:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QApplication.font(option.widget) if option.widget else QApplication.font()
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        font.setBold(True)
        painter.setFont(font)
        text = status_label(status)
        metrics = painter.fontMetrics()
        rect = option.rect.adjusted(6, 5, -6, -5)
        width = min(metrics.horizontalAdvance(text) + 18, rect.width())
        chip = QRectF(rect.left(), rect.top(), width, rect.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(status_colour(status))
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setPen(QColor(CHIP_TEXT))
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(chip.width()) - 12)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, shown)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(130, 28)


class TallyDelegate(QStyledItemDelegate):
    """Evidence counts as three coloured marks: supports, contradicts, context."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        _background(painter, option, index)
        rec = index.data(RECORD_ROLE)
        if rec is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_colour = option.palette.color(role)
        metrics = painter.fontMetrics()
        x = option.rect.left() + 8
        mid = option.rect.center().y()
        for stance, count in (("supports", rec.supports), ("contradicts", rec.contradicts),
                              ("context", rec.context)):
            painter.setPen(Qt.PenStyle.NoPen)
            colour = stance_colour(stance)
            if count == 0:
                colour.setAlpha(90)
            painter.setBrush(colour)
            painter.drawEllipse(QRectF(x, mid - 4, 8, 8))
            x += 12
            label = str(count)
            dim = QColor(text_colour)
            if count == 0:
                dim.setAlpha(120)
            painter.setPen(dim)
            w = metrics.horizontalAdvance(label)
            painter.drawText(QRectF(x, option.rect.top(), w + 2, option.rect.height()),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
            x += w + 12
        painter.restore()
