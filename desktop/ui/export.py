"""Export the PDF verification report of the listed claims, off the GUI thread, cancellable."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from db.queries.browse import claim_id_list
from db.queries.claims import ClaimFilter
from desktop.ui import messages
from desktop.ui.ops import AppContext, Op, report_error
from desktop.ui.qtcompat import emit


class _Progress(QObject):
    step = Signal(int, int)  # emitted on the worker, delivered queued on the GUI thread


class ReportExport(QObject):
    finished = Signal(object)  # the ReportResult, or None when cancelled or failed

    def __init__(self, ctx: AppContext, parent: QWidget, flt: ClaimFilter, out: Path) -> None:
        super().__init__(parent)
        self._ctx, self._parent, self._flt, self._out = ctx, parent, flt, out
        self._cancel = threading.Event()
        self._signals = _Progress(self)
        self.dialog = QProgressDialog("Writing the report…", "Cancel", 0, 0, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self._cancel.set)
        self._signals.step.connect(self._on_step, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        from desktop.reports import build_pdf, gather_report_data

        flt, out, author = self._flt, self._out, self._ctx.actor()
        signals, cancel = self._signals, self._cancel

        def progress(done: int, total: int) -> bool:
            emit(signals.step, done, total)
            return not cancel.is_set()

        def work(s: Any) -> Any:
            # The filter is empty when the whole workspace is shown: let the report say so.
            ids = claim_id_list(s, flt) if flt != ClaimFilter() else None
            data = gather_report_data(s, claim_ids=ids)
            return build_pdf(data, out, author=author, progress=progress)

        Op(self._ctx, work, self._parent).success(self._done).failure(self._failed).run()

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
