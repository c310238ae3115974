"""First run: ask once for the name written into history, instead of the login name."""

from __future__ import annotations

import getpass
import os

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.config import load_config, save_config


def name_needed() -> bool:
    """No name set here (FACTDESK_USER or an earlier answer): the login name would be used."""
    return not os.environ.get("FACTDESK_USER") and not load_config().get("user_name")


def login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


class NameDialog(QDialog):
    """Your name, as colleagues will read it in every claim's history."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Factdesk")
        self.setMinimumWidth(440)
        intro = QLabel("Every change you make is recorded in the claim's history with your "
                       "name. How should it read? (You can change it later in Settings.)")
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(login_name())
        self.name_edit.selectAll()
        self.name_edit.setAccessibleName("Your name")
        form = QFormLayout()
        form.addRow("Your &name", self.name_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(
            lambda t: self.buttons.button(QDialogButtonBox.StandardButton.Save)
            .setEnabled(bool(t.strip())))
        self.finished.connect(self._remember)

    def _remember(self, result: int) -> None:
        # Asked once: cancelling keeps the login name, and says so by storing it.
        name = self.name_edit.text().strip() if result == QDialog.DialogCode.Accepted else ""
        save_config({"user_name": name or login_name() or "unknown"})


def ask_name_once(parent: QWidget) -> NameDialog | None:
    """Open the name dialog if no name was ever given; None when there is one."""
    if not name_needed():
        return None
    dlg = NameDialog(parent)
    dlg.open()
    return dlg
