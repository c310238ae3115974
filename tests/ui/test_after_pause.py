"""Work done ahead waits until the person pauses: input anywhere in the app delays it."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from shiboken6 import isValid

from desktop.ui.after_pause import AfterPause

pytestmark = pytest.mark.gui


def test_keys_delay_the_work_until_a_pause_then_it_runs_once(qtbot: Any) -> None:
    box = QLineEdit()
    qtbot.addWidget(box)
    box.show()
    calls: list[float] = []
    start = time.monotonic()
    pause = AfterPause(300, lambda: calls.append(time.monotonic()), box)
    for _ in range(6):  # typing for 0.6 s, a key every 0.1 s
        qtbot.keyClick(box, Qt.Key.Key_A)
        qtbot.wait(100)
    assert calls == [] and box.text() == "aaaaaa"  # the filter passes the keys on
    last_key = time.monotonic()
    qtbot.waitUntil(lambda: bool(calls), timeout=3_000)
    assert calls[0] - last_key >= 0.15 and calls[0] - start >= 0.6
    qtbot.keyClick(box, Qt.Key.Key_B)
    qtbot.wait(500)
    assert len(calls) == 1  # once only; input afterwards starts nothing
    assert not isValid(pause)  # done, it deleted itself


def test_stopped_it_never_runs(qtbot: Any) -> None:
    box = QLineEdit()
    qtbot.addWidget(box)
    calls: list[int] = []
    pause = AfterPause(50, lambda: calls.append(1), box)
    pause.stop()
    qtbot.wait(200)
    assert calls == []
