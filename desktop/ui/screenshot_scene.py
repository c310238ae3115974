"""What the screenshot mode shows besides the list: a detail tab, a source being linked, the
inbox, the import dialog, the search of the sources, a dark palette. Used by `factdesk gui
--screenshot` (and the script that builds docs/screenshots/), so the pictures come from the app
itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from desktop.ui.textutil import qt_pos

TABS = {"overview": 0, "history": 1, "suggestions": 2, "figures": 3}


@dataclass
class Scene:
    tab: str = ""  # overview / history / suggestions / figures
    select_text: str = ""  # words of the shown source to select, as if about to link them
    source: int | None = None  # document id to show in the Sources panel
    inbox: bool = False
    import_file: str = ""  # open the import dialog on this file and show the dialog
    dark: bool = False
    report_options: bool = False  # open File → Export report and show its dialog
    search: str | None = None  # open the search ("": for the claim's text) and show it
    _applied: bool = False
    _target: Any = None

    def apply(self, win: Any) -> None:
        """Set the scene up once the list and the claim are shown."""
        if self._applied:
            return
        self._applied = True
        if self.tab:
            win.show_detail_tab(TABS[self.tab])
        if self.source is not None:
            win.sources.show_passage(self.source, -1)
        if self.inbox:
            win.matching.inbox.show_inbox()
        if self.import_file:
            win.import_document(source=self.import_file)
            self._target = getattr(win, "import_dialog", None)
        if self.report_options:
            win.export_report()
            self._target = getattr(win, "report_dialog", None)
        if self.search is not None:
            from desktop.ui.search_dialog import open_search

            self._target = dlg = open_search(win)
            if self.search:
                dlg.search(self.search)

    def ready(self, win: Any) -> bool:
        if self.source is not None and (win.sources.document is None
                                        or win.sources.document.id != self.source):
            return False
        if self.select_text and not self._select(win):
            return False
        if self.inbox and not win.matching.inbox.list.suggestions.rowCount():
            return False
        dlg = self._target
        if self.report_options:
            return dlg is not None and dlg.isVisible()
        if self.search is not None:
            return dlg.search_button.isEnabled() and dlg.results.count() > 0
        return dlg is None or (not dlg.is_busy() and dlg.prepared is not None)

    def target(self, win: Any) -> QWidget:
        return self._target if self._target is not None else win

    def _select(self, win: Any) -> bool:
        sources = win.sources
        text = sources.document.text if sources.document is not None else ""
        at = text.find(self.select_text)
        if at < 0:
            return False
        cursor = QTextCursor(sources.reader.document())
        cursor.setPosition(qt_pos(text, at))
        cursor.setPosition(qt_pos(text, at + len(self.select_text)),
                           QTextCursor.MoveMode.KeepAnchor)
        sources.reader.setTextCursor(cursor)
        sources.reader.setFocus()
        return True


def dark_palette(app: QApplication) -> None:
    """A dark palette on the Fusion style, as a dark desktop would give the app."""
    app.setStyle(QStyleFactory.create("Fusion"))
    pal = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2d30", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22", QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#35373b",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#2f6fd6",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#35373b",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#9a9da3",
        QPalette.ColorRole.Link: "#7fb2ff", QPalette.ColorRole.Mid: "#4a4d52",
        QPalette.ColorRole.Dark: "#151618", QPalette.ColorRole.Light: "#4a4d52",
    }
    for role, colour in colours.items():
        pal.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#777a80"))
    app.setPalette(pal)
