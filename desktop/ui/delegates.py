"""Painting for the claims table: the status chip and the evidence tally."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.ui.claims_model import RECORD_ROLE, STATUS_ROLE
from desktop.ui.style import CHIP_TEXT, stance_colour, status_colour, status_label

AnyIndex = QModelIndex | QPersistentModelIndex


def _background(painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
    opt = QStyleOptionViewItem(option)
    opt.text = ""
    style = opt.widget.style() if opt.widget else QApplication.style()
    style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget)


def clamped_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """`text` word-wrapped to `width`, at most `max_lines` lines, the last one elided."""
    metrics = QFontMetrics(font)
    layout = QTextLayout(text)
    layout.setFont(font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        if len(lines) == max_lines - 1:
            # The last line shown takes the rest of the text, elided.
            rest = text[line.textStart():].strip()
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            break
        lines.append(text[line.textStart():line.textStart() + line.textLength()].rstrip())
    layout.endLayout()
    return lines


class WrappedTextDelegate(QStyledItemDelegate):
    """Text wrapped to at most `max_lines` lines (rows have a fixed height), the rest elided."""

    def __init__(self, parent: object = None, max_lines: int = 2) -> None:
        super().__init__(parent)
        self.max_lines = max_lines

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        _background(painter, option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text:
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(colour if colour is not None and not selected
                       else option.palette.color(role))
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        painter.setFont(font)
        metrics = QFontMetrics(font)
        rect = option.rect.adjusted(6, 3, -6, -3)
        parts = str(text).split("\n")
        if len(parts) > 1:
            # Explicit lines (a date over its time) stay one line each, elided if need be.
            lines = [metrics.elidedText(p, Qt.TextElideMode.ElideRight, rect.width())
                     for p in parts[:self.max_lines]]
        else:
            lines = clamped_lines(parts[0], font, rect.width(), self.max_lines)
        step = metrics.lineSpacing()
        y = rect.top() + max((rect.height() - step * len(lines)) // 2, 0)
        painter.setClipRect(option.rect)
        for line in lines:
            painter.drawText(QPointF(rect.left(), y + metrics.ascent()), line)
            y += step
        painter.restore()


def chip_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(font.pointSizeF() - 1, 7))
    font.setBold(True)
    return font


def chip_column_width(base: QFont, labels: list[str]) -> int:
    """Wide enough for the longest single word of any label (longer labels take two lines)."""
    fm = QFontMetrics(chip_font(base))
    return max(fm.horizontalAdvance(w) for label in labels for w in label.split()) + 14 + 8


class StatusChipDelegate(QStyledItemDelegate):
    """A rounded, coloured chip with the status name (on two lines when it is narrow)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        _background(painter, option, index)
        status = index.data(STATUS_ROLE)
        if not status:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = chip_font(QApplication.font(option.widget) if option.widget
                         else QApplication.font())
        painter.setFont(font)
        text = status_label(status)
        metrics = painter.fontMetrics()
        rect = option.rect.adjusted(4, 4, -4, -4)
        inner = rect.width() - 14
        lines = [text] if metrics.horizontalAdvance(text) <= inner \
            else clamped_lines(text, font, inner, 2)
        width = min(max(metrics.horizontalAdvance(t) for t in lines) + 14, rect.width())
        height = min(metrics.height() * len(lines) + 6, rect.height())
        chip = QRectF(rect.left(), rect.center().y() - height / 2 + 1, width, height)
        radius = min(chip.height() / 2, 10)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(status_colour(status))
        painter.drawRoundedRect(chip, radius, radius)
        painter.setPen(QColor(CHIP_TEXT))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, "\n".join(lines))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(100, 40)


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
        painter.setClipRect(option.rect)  # never paint into the next column
        x = option.rect.left() + 6
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
            x += w + 8
        painter.restore()


def tally_width(metrics: QFontMetrics, digits: int = 3) -> int:
    """The width the tally needs for counts of up to `digits` digits each."""
    w = metrics.horizontalAdvance("9" * digits)
    return 6 + 3 * (12 + w + 8)
