"""Work worth doing ahead, started once the person has paused.

Background work shares the interpreter with the window: keys typed while it runs answer
slower. What is only done ahead of need therefore waits until nobody has typed, clicked or
scrolled for a moment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


class AfterPause(QObject):
    """Calls ``fn`` once, after ``ms`` without a key, click or wheel anywhere in the app,
    then deletes itself."""

    INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})

    def __init__(self, ms: int, fn: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._fn = fn
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ms)
        self._timer.timeout.connect(self._fire)
        QApplication.instance().installEventFilter(self)
        self._timer.start()

    def eventFilter(self, obj: QObject, event: Any) -> bool:
        if event.type() in self.INPUT:
            self._timer.start()  # not yet: the person is busy
        return False

    def stop(self) -> None:
        self._timer.stop()
        QApplication.instance().removeEventFilter(self)

    def _fire(self) -> None:
        self.stop()
        self.deleteLater()
        self._fn()
