"""The user's name is asked once, on the first run, instead of recording the login name."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.core.config import current_user, load_config
from desktop.ui.first_run import ask_name_once, login_name


@pytest.fixture
def no_env_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTDESK_USER", raising=False)


def test_name_is_asked_once_and_recorded(qtbot: Any, no_env_user: None) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dlg = ask_name_once(parent)
    assert dlg is not None
    assert dlg.name_edit.text() == login_name()  # a starting point, all selected
    dlg.name_edit.setFocus()
    qtbot.keyClicks(dlg.name_edit, "Ayse Demir")
    qtbot.keyClick(dlg.name_edit, Qt.Key.Key_Return)
    assert load_config()["user_name"] == "Ayse Demir"
    assert current_user() == "Ayse Demir"
    assert ask_name_once(parent) is None  # never again


def test_cancelling_keeps_the_login_name_and_does_not_ask_again(qtbot: Any,
                                                                no_env_user: None) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dlg = ask_name_once(parent)
    assert dlg is not None
    dlg.reject()
    assert load_config()["user_name"] == (login_name() or "unknown")
    assert ask_name_once(parent) is None


def test_not_asked_when_the_environment_names_the_user(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    assert ask_name_once(parent) is None  # FACTDESK_USER=tester in the test setup


def test_settings_dialog_refuses_a_bad_name_and_keeps_the_stored_one(qtbot: Any) -> None:
    from desktop.core.settings import change_personal
    from desktop.ui.dialogs import SettingsDialog

    change_personal({"user_name": "Ayse Demir"})
    dlg = SettingsDialog(None, "Ayse Demir", "here")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.name_edit.setText("x" * 201)
    dlg.accept()
    assert dlg.isVisible()  # refused: the dialog stays open with the reason
    assert "at most 200" in dlg.name_note.text()
    assert load_config()["user_name"] == "Ayse Demir"
    dlg.name_edit.setText("Ayşe Demir")
    dlg.accept()
    assert not dlg.isVisible() and load_config()["user_name"] == "Ayşe Demir"
