"""The matching thresholds in the Settings dialog: team-wide, stored in the workspace.

A section of the settings dialog: `problem()` says why the values cannot be saved (or ""),
`save()` stores them on the database worker (`desktop.ops.settings`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QWidget
from shiboken6 import isValid

from desktop.ui.ops import AppContext, Op, UserOp
from desktop.ui.qtcompat import emit


def _load(session: Any) -> tuple[float, float]:
    from desktop.core.suggest import thresholds

    t = thresholds(session)
    return t.weak, t.strong


def _spin(key: str) -> QDoubleSpinBox:
    """A spin box with the setting's declared bounds and help text."""
    from desktop.core.settings import spec

    declared = spec(key)
    spin = QDoubleSpinBox()
    spin.setRange(declared.low or 0.0, declared.high or 1.0)
    spin.setDecimals(2)
    spin.setSingleStep(0.05)
    spin.setToolTip(declared.help[:1].upper() + declared.help[1:])
    return spin


class ThresholdsBox(QGroupBox):
    """Suggest and strong thresholds; refuses suggest > strong with a clear message."""

    loaded = Signal()
    saved = Signal(float, float)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Matching (for the whole team, stored in the workspace)", parent)
        self._ctx = ctx
        self.weak_spin = _spin("match_weak")
        self.strong_spin = _spin("match_strong")
        self.note = QLabel("Scores run from 0 to 1. New values apply to the next matching run.")
        self.note.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        font = self.error_label.font()
        font.setBold(True)
        self.error_label.setFont(font)
        form = QFormLayout(self)
        form.addRow("&Suggest from", self.weak_spin)
        form.addRow("Mark as s&trong from", self.strong_spin)
        form.addRow("", self.note)
        form.addRow("", self.error_label)
        self.weak_spin.valueChanged.connect(lambda _v: self.problem())
        self.strong_spin.valueChanged.connect(lambda _v: self.problem())
        self._ready = False
        self.setEnabled(False)  # until the stored values are read
        if ctx.ws is not None:
            Op(ctx, _load, self).success(self._loaded).run()
        else:
            self.note.setText("No workspace is open.")

    def values(self) -> tuple[float, float]:
        return round(self.weak_spin.value(), 2), round(self.strong_spin.value(), 2)

    def problem(self) -> str:
        """Why the values cannot be saved, shown under them; "" when they can."""
        weak, strong = self.values()
        text = ""
        if weak > strong:
            text = (f"The suggest threshold ({weak:.2f}) cannot be above the strong threshold "
                    f"({strong:.2f}): lower the first or raise the second.")
        self.error_label.setText(text)
        return text

    def save(self) -> None:
        if not self._ready or self.problem():
            return  # nothing read yet, or refused: leave the stored values alone
        weak, strong = self.values()

        def work(ws: Any) -> tuple[Any, Any]:
            from desktop.ops.settings import change_settings

            return change_settings(ws, {"match_weak": f"{weak:g}", "match_strong": f"{strong:g}"})

        UserOp(self._ctx, work, self.window()).success(
            lambda _r: emit(self.saved, weak, strong) if isValid(self) else None).run()

    def _loaded(self, values: tuple[float, float]) -> None:
        if not isValid(self):
            return  # the dialog was closed before the values arrived
        self.weak_spin.setValue(values[0])
        self.strong_spin.setValue(values[1])
        self._ready = True
        self.setEnabled(True)
        self.problem()
        emit(self.loaded)
