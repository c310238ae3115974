"""Undo for database edits.

Each edit has already been saved when its command is pushed, so the first `redo` (which
QUndoStack calls on push) does nothing; later undo / redo run operations on the worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand


class DbCommand(QUndoCommand):
    def __init__(self, text: str, forward: Callable[[], None],
                 backward: Callable[[], None]) -> None:
        super().__init__(text)
        self._forward = forward
        self._backward = backward
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self._forward()

    def undo(self) -> None:
        self._backward()
