"""Waiting helpers for the GUI tests."""

from __future__ import annotations

from typing import Any


def settle(qtbot: Any, win: Any, timeout: int = 10_000) -> None:
    """Wait until every queued database operation has come back and the list is complete."""
    qtbot.waitUntil(lambda: win.ctx.tasks.pending == 0 and win.claims.model.complete
                    and win.list_shown() and win.ctx.tasks.pending == 0, timeout=timeout)


def dialog_of(qtbot: Any, win: Any, kind: type) -> Any:
    qtbot.waitUntil(lambda: isinstance(win.actions_.dialog, kind), timeout=10_000)
    return win.actions_.dialog


def fetch(ws: Any, fn: Any) -> Any:
    """Run a query in its own unit of work (checking what the app stored)."""
    with ws.session() as s:
        return fn(s)
