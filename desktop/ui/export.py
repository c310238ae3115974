"""Export the PDF report with the chosen options, off the GUI thread, cancellable.

One operation on the worker (`desktop.ops.publish.build_report`): it reads the records in one
unit of work, closes it, then lays out the PDF from those plain records with no session open,
so a long render never holds a database transaction.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import UserError
from desktop.ui import messages
from desktop.ui.ops import AppContext, report_error, run_plain
from desktop.ui.qtcompat import emit
from desktop.ui.report_options import ReportOptions


class _Progress(QObject):
    # Emitted on the worker, delivered queued on the GUI thread.
    step = Signal(int, int)
    label = Signal(str)


class ReportExport(QObject):
    finished = Signal(object)  # the ReportResult, or None when cancelled or failed

    def __init__(self, ctx: AppContext, parent: QWidget, flt: Any,
                 options: ReportOptions) -> None:
        super().__init__(parent)
        self._ctx, self._parent, self._flt, self._opts = ctx, parent, flt, options
        self._cancel = threading.Event()
        self._signals = _Progress(self)
        self.dialog = QProgressDialog("Reading the claims…", "Cancel", 0, 0, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self._cancel.set)
        self._signals.step.connect(self._on_step, Qt.ConnectionType.QueuedConnection)
        self._signals.label.connect(self._on_label, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        from desktop.ops.publish import Selection, build_report

        opts, signals, cancel, ws = self._opts, self._signals, self._cancel, self._ctx.ws
        # The chosen claims, or the listed ones (the window's filter).
        selection = Selection(claim_ids=opts.claim_ids, statuses=list(opts.statuses),
                              listed=self._flt if opts.claim_ids is None else None)
        seen = [""]

        def progress(done: int, total: int, what: str) -> bool:
            if what != seen[0]:
                seen[0] = what
                emit(signals.label, what)
            if total:
                emit(signals.step, done, total)
            return not cancel.is_set()

        def work() -> Any:
            if ws is None:
                raise UserError("no workspace is open")
            result, _changes = build_report(ws, opts.out, selection, layout=opts.layout,
                                            author=opts.author or None,
                                            title=opts.title or None, progress=progress)
            return result

        run_plain(self._ctx, work, self._done, self._failed)

    def _on_step(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _on_label(self, what: str) -> None:
        self.dialog.setLabelText(f"{what}…")

    def _done(self, result: Any) -> None:
        self.dialog.reset()
        messages.info(self._parent, f"Wrote {result.path.name}: {result.claims:,} claims on "
                      f"{result.pages} pages.")
        emit(self.finished, result)

    def _failed(self, exc: BaseException) -> None:
        from desktop.ops.publish import NothingToReport

        self.dialog.reset()
        if isinstance(exc, NothingToReport):
            exc = UserError("No claims match these options; nothing to report.")
        if not self._cancel.is_set():
            report_error(self._parent, exc)
        emit(self.finished, None)
