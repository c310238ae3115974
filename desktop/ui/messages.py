"""Message boxes, in one place so that every one shows plain text and tests can stand in.

User strings (claim text, file names, error messages quoting input) may hold markup; QMessageBox
would guess "rich text" from a leading tag, so the format is always set to plain.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
         details: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    return box


def error(parent: QWidget | None, text: str, title: str = "Factdesk") -> None:
    """A refusal: one clear line."""
    _box(parent, QMessageBox.Icon.Warning, title, text).exec()


def bug(parent: QWidget | None, text: str, details: str = "") -> None:
    """Something unexpected went wrong; the traceback is offered under "Show details"."""
    _box(parent, QMessageBox.Icon.Critical, "Factdesk: unexpected error", text, details).exec()


def info(parent: QWidget | None, text: str, title: str = "Factdesk") -> None:
    _box(parent, QMessageBox.Icon.Information, title, text).exec()


def confirm(parent: QWidget | None, text: str, title: str = "Factdesk",
            ok_label: str = "OK") -> bool:
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    ok = box.addButton(ok_label, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is ok


def near_duplicate(parent: QWidget | None, text: str) -> str:
    """A new claim nearly repeats an existing one: "create", "open" (the existing) or "cancel"."""
    box = _box(parent, QMessageBox.Icon.Question, "Factdesk: claim already logged?", text)
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    open_button = box.addButton("Open existing claim", QMessageBox.ButtonRole.AcceptRole)
    create_button = box.addButton("Log it anyway", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(open_button)
    box.exec()
    clicked = box.clickedButton()
    return "open" if clicked is open_button else "create" if clicked is create_button \
        else "cancel"
