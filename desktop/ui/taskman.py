"""One worker thread for all database work, with results delivered back on the GUI thread.

A single worker means a single writer: SQLite never reports "database is locked" because two
of our own threads wrote at once, and operations run in the order they were asked for.
Workers return plain records; callbacks (which may touch widgets) always run on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from desktop.ui.qtcompat import emit

log = logging.getLogger(__name__)


class TaskManager(QObject):
    """Runs callables on the worker thread; `on_done(future)` runs later on the GUI thread."""

    _deliver = Signal(object)
    idle_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, name: str = "factdesk-db") -> None:
        super().__init__(parent)
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=name)
        self._pending = 0
        # Always queued: the callback runs from the GUI event loop, even for a task that
        # finished before `run` returned.
        self._deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def pending(self) -> int:
        """Tasks submitted whose callback has not run yet."""
        return self._pending

    def run(self, fn: Callable[[], Any],
            on_done: Callable[[Future[Any]], None] | None = None) -> Future[Any] | None:
        """Queue `fn` for the worker; None once the manager has been shut down."""
        if self._executor is None:
            return None
        future = self._executor.submit(fn)
        self._pending += 1
        if self._pending == 1:
            emit(self.idle_changed, False)

        def done(fut: Future[Any]) -> None:
            # Worker thread: hand over to the GUI thread, touch nothing here.
            emit(self._deliver, (fut, on_done))

        future.add_done_callback(done)
        return future

    @Slot(object)
    def _on_deliver(self, item: tuple[Future[Any], Callable[[Future[Any]], None] | None]) -> None:
        fut, on_done = item
        self._pending = max(0, self._pending - 1)
        try:
            if on_done is not None and self._executor is not None and not fut.cancelled():
                on_done(fut)
        except Exception:
            # A failing callback is a bug in the UI code; keep the app alive and the trace.
            log.exception("task callback failed")
        finally:
            if self._pending == 0:
                emit(self.idle_changed, True)

    def shutdown(self, wait: bool = True) -> None:
        """Drop queued tasks, let the running one finish, and stop the worker thread."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)
