"""Moving around the main window by keyboard: F6 between the panes, Alt+1/2/3/4 the tabs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget


class PaneKeys(QObject):
    """F6 / Shift+F6 move between the panes; Alt+1/2/3/4 open the detail's tabs."""

    def __init__(self, win: Any) -> None:
        super().__init__(win)
        self.win = win
        for key, step in (("F6", 1), ("Shift+F6", -1)):
            QShortcut(QKeySequence(key), win, lambda st=step: self.cycle(st),
                      context=Qt.ShortcutContext.WindowShortcut)
        for n in range(1, 5):
            QShortcut(QKeySequence(f"Alt+{n}"), win, lambda i=n - 1: self.show_detail_tab(i),
                      context=Qt.ShortcutContext.WindowShortcut)

    def panes(self) -> list[QWidget]:
        """Where F6 goes, in order: the claims, the detail's open tab, the source, the inbox."""
        out: list[QWidget] = [self.win.claims.table, self.win.detail.focus_target(),
                              self.win.sources.reader]
        inbox = self.win.matching.inbox
        if inbox.isVisible():
            out.append(inbox.list)
        return [w for w in out if w is not None and w.isVisible()]

    def cycle(self, step: int = 1) -> None:
        panes = self.panes()
        if not panes:
            return
        focus = QApplication.focusWidget()
        at = next((i for i, w in enumerate(panes)
                   if focus is not None and (focus is w or w.isAncestorOf(focus))), -1)
        if at < 0 and focus is not None:
            # Focus in a pane's other controls (the filter box, a button): that pane counts.
            at = next((i for i, w in enumerate(panes) if self._pane_of(w).isAncestorOf(focus)),
                      -1)
        target = panes[(at + step) % len(panes)] if at >= 0 else panes[0]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _pane_of(self, w: QWidget) -> QWidget:
        for pane in (self.win.claims, self.win.detail, self.win.sources, self.win.matching.inbox):
            if pane is w or pane.isAncestorOf(w):
                return pane
        return w

    def show_detail_tab(self, index: int) -> None:
        if 0 <= index < self.win.detail.tabs.count():
            self.win.detail.tabs.setCurrentIndex(index)
            target = self.win.detail.focus_target()
            if target is not None:
                target.setFocus(Qt.FocusReason.ShortcutFocusReason)
