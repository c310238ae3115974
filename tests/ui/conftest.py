"""Fixtures for driving the real main window on the offscreen platform."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from ui_helpers import settle


@pytest.fixture(autouse=True)
def no_match_thread_left() -> Iterator[None]:
    """Autouse, so set up before the window fixtures: the check runs after windows closed."""
    yield
    from desktop.ui.matching_job import THREAD_PREFIX
    from desktop.ui.search_dialog import THREAD

    assert not [t for t in threading.enumerate() if t.name.startswith((THREAD_PREFIX, THREAD))]


@pytest.fixture(autouse=True)
def shown_messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes would block the offscreen event loop: record them instead."""
    shown: list[tuple[str, str]] = []
    for kind in ("error", "bug", "info"):
        monkeypatch.setattr(f"desktop.ui.messages.{kind}",
                            lambda _parent, text, *_a, _k=kind, **_kw: shown.append((_k, text)))
    return shown


@pytest.fixture
def open_window(qtbot: Any,
                shown_messages: list[tuple[str, str]]) -> Iterator[Callable[[Any], Any]]:
    """open_window(ws) -> a shown MainWindow on `ws`, its list loaded; closed afterwards."""
    from desktop.ui.main_window import MainWindow

    windows: list[Any] = []

    def make(ws: Any) -> Any:
        win = MainWindow()
        windows.append(win)
        win.resize(1300, 800)
        win.show()
        win.attach(ws)
        settle(qtbot, win)
        # The start-up run for sources left unmatched is over before a test begins.
        qtbot.waitUntil(lambda: not win.matching.job.busy, timeout=60_000)
        return win

    yield make
    assert not [m for m in shown_messages if m[0] == "bug"], shown_messages
    for win in windows:
        win.close()
    # Closing stops the worker: no database thread may outlive its window.
    assert not [t for t in threading.enumerate() if t.name.startswith("factdesk-db")]


@pytest.fixture
def demo_window(open_window: Callable[[Any], Any], demo_ws: Any) -> Any:
    return open_window(demo_ws)

