"""File → Backups…: the workspace's backups, newest first; back up now, or restore one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import messages
from desktop.ui.ops import report_error, run_plain

KIND_LABELS = {"daily": "Daily", "manual": "Taken by hand", "before-restore": "Before a restore",
               "before-import": "Before a bulk import", "damaged": "Damaged file (kept)"}


def kind_label(kind: str) -> str:
    if kind.startswith("before-upgrade-"):
        return f"Before the schema upgrade from {kind.removeprefix('before-upgrade-')}"
    return KIND_LABELS.get(kind, kind)


class BackupsDialog(QDialog):
    def __init__(self, win: Any) -> None:
        super().__init__(win)
        self.win = win
        self.setWindowTitle("Backups")
        self.resize(760, 380)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Taken", "Kind", "Size"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.backup_button = QPushButton("Back up now")
        self.restore_button = QPushButton("Restore…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.table.itemSelectionChanged.connect(self._update)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self.paths: list[Path] = []
        self.reload()

    @property
    def path(self) -> Path | None:
        ws = self.win.ctx.ws
        return ws.path if ws is not None else None

    def reload(self) -> None:
        from db.backup import backup_dir, list_backups

        path = self.path
        self.table.setRowCount(0)
        self.paths = []
        if path is None:
            self.note.setText("This workspace is on a PostgreSQL server: back it up with "
                              "pg_dump, or export it with: factdesk backup --out FILE")
            self.backup_button.setEnabled(False)
            self._update()
            return
        backups = list_backups(path)
        self.note.setText(f"Backups of {path.name}, kept in {backup_dir(path)}. A daily backup "
                          "is taken when Factdesk opens (the last 7 days and 4 weeks are kept).")
        for info in backups:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for col, text in enumerate((info.taken.strftime("%Y-%m-%d %H:%M"),
                                        kind_label(info.kind), f"{info.size / 1e6:.1f} MB")):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                self.table.setItem(row, col, item)
            self.paths.append(info.path)
        self.table.resizeColumnToContents(0)
        self._update()

    def selected(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self.paths[rows[0].row()] if rows else None

    def _update(self) -> None:
        ws = self.win.ctx.ws
        writable = ws is not None and ws.path is not None and not ws.read_only
        self.backup_button.setEnabled(writable and not ws.damage)
        self.restore_button.setEnabled(ws is not None and ws.path is not None
                                       and self.selected() is not None)

    def back_up_now(self) -> None:
        from db.backup import take

        path = self.path
        if path is None:
            return
        self.backup_button.setEnabled(False)

        def done(_result: Path) -> None:
            self.reload()

        def failed(exc: BaseException) -> None:
            self._update()
            report_error(self, exc)

        run_plain(self.win.ctx, lambda: take(path, "manual"), done, failed)

    def restore_selected(self) -> None:
        from desktop.ui.safety import restore_in_app

        chosen = self.selected()
        if chosen is None:
            return
        if not messages.confirm(self, f"Replace the workspace with the backup {chosen.name}? "
                                      "The workspace as it is now is kept as a backup first.",
                                "Restore backup", "Restore"):
            return
        restore_in_app(self.win, chosen)
        self.accept()


def install_backups(win: Any) -> QAction:
    """Add File → Backups… to the main window (just before Settings)."""
    action = QAction("&Backups…", win)
    action.setStatusTip("List the workspace's backups, take one, or restore one")
    action.triggered.connect(lambda _checked=False: open_backups(win))
    file_menu = win.menuBar().actions()[0].menu()
    file_menu.insertAction(win.settings_action, action)
    win.addAction(action)
    win.backups_action = action
    return action


def open_backups(win: Any) -> QWidget:
    dlg = BackupsDialog(win)
    dlg.finished.connect(lambda _r: dlg.deleteLater())
    win.backups_dialog = dlg
    dlg.open()
    return dlg
