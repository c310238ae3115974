"""What the menu and toolbar actions do to claims: dialogs, saves, conflicts and undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QWidget

from db.errors import ConflictError
from db.records import ClaimRecord
from desktop.errors import UserError
from desktop.ops import claims as claim_ops
from desktop.ops import evidence as evidence_ops
from desktop.ops.changes import Changes
from desktop.ops.reads import document_list, get_claim, open_claim_texts
from desktop.ui import messages
from desktop.ui.conflict import ConflictDialog
from desktop.ui.dialogs import ClaimDialog, StatusDialog
from desktop.ui.ops import AppContext, Op, UserOp, report_error, run_plain
from desktop.ui.qtcompat import emit
from desktop.ui.style import status_label
from desktop.ui.textutil import one_line
from desktop.ui.undo import DbCommand


class ClaimActions(QObject):
    """Runs the claim actions for the main window; `dialog` is the one open right now."""

    created = Signal(int)
    dialog_opened = Signal(object)

    def __init__(self, ctx: AppContext, window: QWidget, undo: QUndoStack) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.undo = undo
        self._dialogs: list[QDialog] = []

    @property
    def dialog(self) -> QDialog | None:
        """The dialog open on top right now (a conflict dialog sits over its edit dialog)."""
        return self._dialogs[-1] if self._dialogs else None

    def _open(self, dlg: QDialog) -> None:
        self._dialogs.append(dlg)
        dlg.finished.connect(lambda _r: self._closed(dlg))
        dlg.open()  # window-modal, but does not block: the event loop keeps running
        emit(self.dialog_opened, dlg)

    def _closed(self, dlg: QDialog) -> None:
        if dlg in self._dialogs:
            self._dialogs.remove(dlg)
        dlg.deleteLater()

    # --- new / edit / status --------------------------------------------------------------

    def new_claim(self) -> None:
        Op(self.ctx, lambda s: document_list(s, "article"), self.window) \
            .success(self._open_new).run()

    def _open_new(self, articles: list) -> None:
        dlg = ClaimDialog(self.window, articles)
        dlg.submitted.connect(lambda changes: self._create(dlg, changes))
        self._open(dlg)

    def _create(self, dlg: ClaimDialog, values: dict[str, Any]) -> None:
        """Before logging, look for an existing claim that the new one nearly repeats."""
        text = str(values.get("text", ""))

        def near(s: Any) -> list:
            from desktop.ingest.duplicates import find_near_duplicates

            return find_near_duplicates(text, open_claim_texts(s, include_settled=True))

        Op(self.ctx, near, dlg).success(lambda found: self._create_checked(dlg, values, found)) \
            .failure(lambda exc: self._failed(dlg, exc)).run()

    def _create_checked(self, dlg: ClaimDialog, values: dict[str, Any], found: list) -> None:
        if found:
            best = found[0]
            choice = messages.near_duplicate(
                dlg, f"This nearly repeats claim {best.claim_id} ({best.score:.0f}% alike): "
                     f"“{one_line(best.text)}”")
            if choice == "open":
                dlg.finish()
                self.window.claims.select_claim(best.claim_id)
                return
            if choice == "cancel":
                return
        self._add(dlg, values)

    def _add(self, dlg: ClaimDialog, values: dict[str, Any]) -> None:
        actor = self.ctx.actor()
        (UserOp(self.ctx, lambda ws: claim_ops.create_claim(ws, actor=actor, **values), dlg)
         .success(lambda rec: self._created(dlg, rec))
         .failure(lambda exc: self._failed(dlg, exc))
         .run())

    def _created(self, dlg: ClaimDialog, rec: ClaimRecord) -> None:
        dlg.finish()
        cid = rec.id
        self.undo.push(DbCommand(f"New claim {cid}", lambda: self._restore(cid),
                                 lambda: self._delete_now(cid)))
        emit(self.created, cid)  # the lists are queried again: `changes` said so

    def edit_claim(self, claim_id: int) -> None:
        if claim_id < 0:
            return
        actor_docs = lambda s: (get_claim(s, claim_id), document_list(s, "article"))  # noqa: E731
        Op(self.ctx, actor_docs, self.window).success(lambda r: self._open_edit(*r)).run()

    def _open_edit(self, claim: ClaimRecord, articles: list) -> None:
        dlg = ClaimDialog(self.window, articles, claim)
        dlg.submitted.connect(lambda changes: self.save(claim, changes, dlg))
        self._open(dlg)

    def set_status(self, claim_id: int) -> None:
        if claim_id < 0:
            return
        held = getattr(getattr(self.window, "detail", None), "claim", None)
        if isinstance(held, ClaimRecord) and held.id == claim_id:
            # The detail pane holds the claim as the user sees it (kept current by `changed`):
            # no round trip; a newer version stored meanwhile still ends in a conflict.
            self._open_status(held)
            return
        Op(self.ctx, lambda s: get_claim(s, claim_id), self.window) \
            .success(self._open_status).run()

    def _open_status(self, claim: ClaimRecord) -> None:
        dlg = StatusDialog(self.window, claim)
        dlg.submitted.connect(lambda _status, _why: self.save(claim, dlg.changes(), dlg))
        self._open(dlg)

    def save(self, claim: ClaimRecord, changes: dict[str, Any],
             dlg: ClaimDialog | StatusDialog | None = None) -> None:
        """Save `changes` over the version the user edited; a newer one means a conflict."""
        (UserOp(self.ctx, self._write(claim.id, changes, claim.version), dlg or self.window)
         .success(lambda rec: self._saved(claim, changes, rec, dlg))
         .failure(lambda exc: self._save_failed(claim, changes, dlg, exc))
         .run())

    def _write(self, claim_id: int, changes: dict[str, Any],
               version: int) -> Callable[[Any], tuple[ClaimRecord, Changes]]:
        """The operation saving `changes`: a status change is `set_status`, the rest an edit."""
        actor = self.ctx.actor()
        if set(changes) <= {"status", "rationale", "settled_without_evidence"} \
                and "status" in changes:
            return lambda ws: claim_ops.set_status(
                ws, claim_id, str(changes["status"]), rationale=changes.get("rationale"),
                without_evidence=bool(changes.get("settled_without_evidence")), actor=actor,
                expected_version=version)
        return lambda ws: claim_ops.edit_claim(ws, claim_id, changes, actor=actor,
                                               expected_version=version)

    def _saved(self, before: ClaimRecord, changes: dict[str, Any], rec: ClaimRecord,
               dlg: QDialog | None) -> None:
        if dlg is not None:
            dlg.finish()  # type: ignore[attr-defined]
        old = {k: getattr(before, k) for k in changes}
        if "quote" in changes or "article_id" in changes:
            old.update(quote=before.quote, article_id=before.article_id)
        state = {"version": rec.version}
        if "status" in changes:
            text = f"Set status of claim {rec.id} to {status_label(rec.status)}"
        else:
            text = f"Edit claim {rec.id}"
        self.undo.push(DbCommand(text, lambda: self._apply(rec.id, dict(changes), state),
                                 lambda: self._apply(rec.id, old, state)))

    def _apply(self, claim_id: int, changes: dict[str, Any], state: dict[str, int]) -> None:
        actor = self.ctx.actor()
        why = str(changes.get("rationale", "")) if "status" in changes else ""

        def work(ws: Any) -> tuple[ClaimRecord, Changes]:
            # Runs on the worker, in order: the version read here is the one the previous
            # undo / redo of this edit left, even if its callback has not run yet.
            rec, changed = claim_ops.edit_claim(ws, claim_id, changes, actor=actor,
                                                expected_version=state["version"],
                                                rationale=why)
            state["version"] = rec.version
            return rec, changed

        UserOp(self.ctx, work, self.window).run()

    def _save_failed(self, claim: ClaimRecord, changes: dict[str, Any], dlg: QDialog | None,
                     exc: BaseException) -> None:
        if isinstance(exc, ConflictError) and isinstance(exc.current, ClaimRecord):
            current = exc.current
            conflict = ConflictDialog(dlg or self.window, changes, current, base=claim)
            conflict.decided.connect(
                lambda choice: self._resolve(choice, current, changes, dlg))
            self._open(conflict)
        else:
            self._failed(dlg, exc)

    def _resolve(self, choice: str, current: ClaimRecord, changes: dict[str, Any],
                 dlg: QDialog | None) -> None:
        if choice == "mine":
            self.save(current, changes, dlg)  # over the version now stored
            return
        if dlg is not None:
            dlg.finish()  # type: ignore[attr-defined]
        emit(self.ctx.claims_changed, [current.id])

    def _failed(self, dlg: Any, exc: BaseException) -> None:
        if isinstance(exc, UserError) and dlg is not None and hasattr(dlg, "show_error"):
            dlg.show_error(str(exc))  # keep the dialog open so nothing typed is lost
        else:
            report_error(dlg or self.window, exc)

    # --- delete ---------------------------------------------------------------------------

    def delete_claim(self, claim_id: int) -> None:
        if claim_id < 0:
            return
        Op(self.ctx, lambda s: get_claim(s, claim_id), self.window) \
            .success(self._confirm_delete).run()

    def _confirm_delete(self, claim: ClaimRecord) -> None:
        if not messages.confirm(self.window, f"Delete claim {claim.id}?\n\n"
                                f"“{one_line(claim.text, 200)}”\n\nThe deletion is recorded "
                                "in its history and can be undone.", "Delete claim", "Delete"):
            return
        self._delete(claim)

    def _delete(self, claim: ClaimRecord) -> None:
        actor = self.ctx.actor()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ConflictError) and isinstance(exc.current, ClaimRecord):
                current = exc.current
                dlg = ConflictDialog(self.window, {"deleted": True}, current, base=claim)
                dlg.decided.connect(lambda c: self._delete(current) if c == "mine"
                                    else emit(self.ctx.claims_changed, [current.id]))
                self._open(dlg)
            else:
                report_error(self.window, exc)

        (UserOp(self.ctx, lambda ws: claim_ops.delete_claim(ws, claim.id, actor=actor,
                                                            expected_version=claim.version),
                self.window)
         .success(lambda _r: self._deleted(claim.id))
         .failure(failed).run())

    def _deleted(self, cid: int) -> None:
        self.undo.push(DbCommand(f"Delete claim {cid}", lambda: self._delete_now(cid),
                                 lambda: self._restore(cid)))

    def _delete_now(self, cid: int) -> None:
        actor = self.ctx.actor()
        UserOp(self.ctx, lambda ws: claim_ops.delete_claim(ws, cid, actor=actor),
               self.window).run()

    def _restore(self, cid: int) -> None:
        actor = self.ctx.actor()
        UserOp(self.ctx, lambda ws: claim_ops.restore_claim(ws, cid, actor=actor),
               self.window).run()

    # --- evidence -------------------------------------------------------------------------

    def link_evidence(self, claim_id: int, passage_id: int, stance: str,
                      start: int | None, end: int | None,
                      done: Callable[[], None] | None = None) -> None:
        """Link the passage (or its excerpt) to the claim, undoably; ``done`` once linked."""
        if claim_id < 0:
            return
        actor = self.ctx.actor()
        state: dict[str, int] = {}  # the evidence id; read and written on the worker only

        def link(ws: Any) -> tuple[Any, Changes]:
            ev, changes = claim_ops.link_evidence(ws, claim_id, passage_id, stance, actor=actor,
                                                  excerpt_start=start, excerpt_end=end)
            state["id"] = ev.id
            return ev, changes

        def unlink(ws: Any) -> tuple[Any, Changes]:
            return evidence_ops.remove(ws, state["id"], actor=self.ctx.actor())

        def linked(_ev: Any) -> None:
            self.undo.push(DbCommand(
                f"Link {stance} evidence to claim {claim_id}",
                lambda: UserOp(self.ctx, link, self.window).run(),
                lambda: UserOp(self.ctx, unlink, self.window).run()))
            if done is not None:
                done()

        UserOp(self.ctx, link, self.window).success(linked).run()

    # --- spreadsheet import ---------------------------------------------------------------

    def import_csv(self, path: Path) -> None:
        """Read and check the whole file on the worker; a guessed encoding is shown back
        with the first row for the user to confirm or change before anything is written."""
        self._read_csv(path, None, None)

    def _read_csv(self, path: Path, encoding: str | None, dlg: Any) -> None:
        from desktop.ops.imports import read_spreadsheet

        def read() -> tuple[Any, list[dict[str, Any]]]:
            got = read_spreadsheet(path, encoding)  # every row checked first
            return got.decoded, got.rows

        def failed(exc: BaseException) -> None:
            if dlg is not None and isinstance(exc, UserError):
                dlg.set_refused(str(exc))
            report_error(self.window, exc)

        run_plain(self.ctx, read, lambda r: self._csv_read(path, r[0], r[1], dlg), failed)

    def _csv_read(self, path: Path, decoded: Any, rows: list[dict[str, Any]],
                  dlg: Any) -> None:
        from desktop.ui.csv_encoding import CsvEncodingDialog

        if dlg is not None:
            dlg.set_reading(decoded, rows)
        elif decoded.guessed:
            dlg = CsvEncodingDialog(path.name, decoded, rows, self.window)
            dlg.encoding_chosen.connect(lambda enc: self._read_csv(path, enc, dlg))
            dlg.accepted.connect(lambda: self._write_csv(path, dlg.rows))
            self._open(dlg)
        else:
            self._write_csv(path, rows)

    def _write_csv(self, path: Path, rows: list[dict[str, Any]]) -> None:
        from desktop.ops.imports import import_spreadsheet

        if not rows:
            return
        actor = self.ctx.actor()

        def done(n: int) -> None:
            from desktop.ui.csv_encoding import claims_count

            messages.info(self.window, f"Imported {claims_count(n)} from {path.name}.")

        UserOp(self.ctx, lambda ws: import_spreadsheet(ws, rows, actor=actor),
               self.window).success(done).run()
