"""Small operation objects: the only way the Qt layer reaches the database.

Reads come from `desktop.ops.reads`, writes are the operations of `desktop.ops` (run by
`UserOp`, whose `Changes` are published to every view).

An op runs a function with a fresh workspace session on the worker thread (the session commits
when the function returns, rolls back if it raises) and then calls `success(result)` or
`failure(exc)` on the GUI thread. The function must return plain records, never ORM rows, and
must not touch widgets.

    Op(ctx, lambda s: reads.get_claim(s, cid)).success(show).run()
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.errors import UserError
from desktop.ops.changes import Changes
from desktop.ui import messages
from desktop.ui.qtcompat import emit
from desktop.ui.taskman import TaskManager

log = logging.getLogger(__name__)
T = TypeVar("T")


class AppContext(QObject):
    """What every part of the window shares: the workspace, the worker, change signals."""

    # What an operation changed; views connect here and refresh only that.
    changed = Signal(object)  # desktop.ops.changes.Changes
    # Older ways of saying the same, kept for the code that has not moved to operations:
    claims_changed = Signal(list)  # ids whose rows or details changed (re-read them)
    claims_reset = Signal()  # claims added or removed: lists must be queried again
    documents_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = TaskManager(self)
        # Work on files beside the workspace that never writes it (the daily backup reads it
        # through its own connection): kept off the single writer so lists and keystrokes never
        # wait behind it.
        self.files = TaskManager(self, name="factdesk-files")
        self.ws: Any = None  # db.engine.Workspace once opened
        self.owns_ws = False
        # Ids without records: views re-read them, as they did before `changed` existed.
        self.claims_changed.connect(lambda ids: emit(self.changed, Changes(claims=frozenset(ids))))

    def publish(self, changes: Changes) -> None:
        """Tell every view what an operation changed."""
        if changes:
            emit(self.changed, changes)
        if changes.claims_reset:
            emit(self.claims_reset)
        if changes.documents:
            emit(self.documents_changed)

    def actor(self) -> str:
        """The name written into history, read anew so a change in settings applies at once."""
        from desktop.core.config import current_user

        return current_user()

    def close(self) -> None:
        self.files.shutdown(wait=True)
        self.tasks.shutdown(wait=True)
        if self.ws is not None and self.owns_ws:
            self.ws.dispose()
        self.ws = None


def report_error(parent: QWidget | None, exc: BaseException) -> None:
    """A UserError is a refusal: one line. Anything else is a bug: logged, with its trace."""
    if isinstance(exc, UserError):
        messages.error(parent, str(exc))
        return
    trace = "".join(traceback.format_exception(exc))
    log.error("unexpected error in a database operation:\n%s", trace)
    messages.bug(parent, f"{type(exc).__name__}: {exc}", trace)


class Op(Generic[T]):
    """One unit of database work, run on the worker; callbacks come back on the GUI thread."""

    def __init__(self, ctx: AppContext, fn: Callable[[Any], T],
                 parent: QWidget | None = None) -> None:
        self._ctx = ctx
        self._fn = fn
        self._parent = parent
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None

    def success(self, fn: Callable[[T], None]) -> Op[T]:
        self._success = fn
        return self

    def failure(self, fn: Callable[[BaseException], None]) -> Op[T]:
        """Handle errors yourself (e.g. a ConflictError); otherwise they are reported."""
        self._failure = fn
        return self

    def run(self) -> Future[Any] | None:
        ws = self._ctx.ws
        fn = self._fn

        def work() -> T:
            if ws is None:
                raise UserError("no workspace is open")
            with ws.session() as session:
                return fn(session)

        return self._ctx.tasks.run(work, self._done)

    def _done(self, fut: Future[Any]) -> None:
        exc = fut.exception()
        if exc is None:
            self._succeeded(fut.result())
        elif self._failure is not None:
            self._failure(exc)
        else:
            report_error(self._parent, exc)

    def _succeeded(self, result: Any) -> None:
        if self._success is not None:
            self._success(result)


class UserOp(Op[T]):
    """A user-level operation of `desktop.ops` on the worker: `fn(ws) -> (result, Changes)`.

    Back on the GUI thread the changes are published first, then `success(result)` runs.

        UserOp(ctx, lambda ws: claims.set_status(ws, cid, "in-review")).run()
    """

    def __init__(self, ctx: AppContext, fn: Callable[[Any], tuple[T, Changes]],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, lambda _s: None, parent)  # type: ignore[arg-type,return-value]
        self._op = fn

    def run(self) -> Future[Any] | None:
        ws, fn = self._ctx.ws, self._op

        def work() -> tuple[T, Changes]:
            if ws is None:
                raise UserError("no workspace is open")
            return fn(ws)  # the operation opens its own unit of work

        return self._ctx.tasks.run(work, self._done)

    def _succeeded(self, result: Any) -> None:
        value, changes = result
        self._ctx.publish(changes)
        super()._succeeded(value)


def run_plain(ctx: AppContext, fn: Callable[[], T], success: Callable[[T], None],
              failure: Callable[[BaseException], None]) -> Future[Any] | None:
    """Work on the worker that opens its own resources (opening the workspace itself)."""

    def done(fut: Future[Any]) -> None:
        exc = fut.exception()
        if exc is None:
            success(fut.result())
        else:
            failure(exc)

    return ctx.tasks.run(fn, done)
