"""Export the PDF report with the chosen options, off the GUI thread, cancellable.

Two steps on the worker: read the records in one unit of work (the session closes when it
returns), then lay out the PDF from those plain records with no session open — a long render
never holds a database transaction.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from db.queries.browse import claim_id_list
from db.queries.claims import ClaimFilter
from desktop.errors import UserError
from desktop.ui import messages
from desktop.ui.ops import AppContext, Op, report_error, run_plain
from desktop.ui.qtcompat import emit
from desktop.ui.report_options import ReportOptions


class _Progress(QObject):
    step = Signal(int, int)  # emitted on the worker, delivered queued on the GUI thread


class ReportExport(QObject):
    finished = Signal(object)  # the ReportResult, or None when cancelled or failed

    def __init__(self, ctx: AppContext, parent: QWidget, flt: ClaimFilter,
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

    def start(self) -> None:
        from desktop.reports import gather_report_data

        flt, opts = self._flt, self._opts

        def read(s: Any) -> Any:
            if opts.claim_ids is not None:
                ids: list[int] | None = list(opts.claim_ids)
            else:
                # The filter is empty when the whole workspace is listed: let the report say so.
                ids = claim_id_list(s, flt) if flt != ClaimFilter() else None
            data = gather_report_data(s, claim_ids=ids, status=list(opts.statuses),
                                      with_history=opts.layout == "audit")
            if not data.claims:
                raise UserError("No claims match these options; nothing to report.")
            return data

        Op(self._ctx, read, self._parent).success(self._render).failure(self._failed).run()

    def _render(self, data: Any) -> None:
        from desktop.reports import build_pdf

        if self._cancel.is_set():
            self._failed(UserError("cancelled"))
            return
        self.dialog.setLabelText("Writing the report…")
        opts, signals, cancel = self._opts, self._signals, self._cancel
        author = opts.author or (self._ctx.actor() if opts.layout == "audit" else "")

        def progress(done: int, total: int) -> bool:
            emit(signals.step, done, total)
            return not cancel.is_set()

        def build() -> Any:
            return build_pdf(data, opts.out, author=author, title=opts.title or None,
                             progress=progress, layout=opts.layout)

        run_plain(self._ctx, build, self._done, self._failed)

    def _on_step(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _done(self, result: Any) -> None:
        self.dialog.reset()
        messages.info(self._parent, f"Wrote {result.path.name}: {result.claims:,} claims on "
                      f"{result.pages} pages.")
        emit(self.finished, result)

    def _failed(self, exc: BaseException) -> None:
        self.dialog.reset()
        if not self._cancel.is_set():
            report_error(self._parent, exc)
        emit(self.finished, None)
