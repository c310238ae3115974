"""The import dialog driven on the offscreen platform: loading off the GUI thread, progress and
cancel, highlighted candidates, ticking and editing, near-repeat warnings, saving."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from db.queries.claims import list_claims
from db.queries.documents import get_document
from desktop.errors import UserError
from desktop.ops.imports import WorkspaceImportOps, prepare_import
from desktop.ui.import_dialog import COL_CLAIM, COL_SPEAKER, ImportDialog

pytestmark = pytest.mark.gui
SEED = (Path(__file__).resolve().parents[2] / "seeds" / "fidan-gaza-interview.txt").read_text(
    encoding="utf-8")


class FakeOps:
    """Plain-data ops: a slow, cancellable prepare and a recorded save."""

    def __init__(self, *, delay: float = 0.0, fail: str = "") -> None:
        self.delay, self.fail = delay, fail
        self.saved: list[tuple] = []
        self.threads: list[str] = []
        self.release = threading.Event()

    def prepare(self, source="", *, text="", progress=None):
        from desktop.progress import step

        self.threads.append(threading.current_thread().name)
        end = time.monotonic() + self.delay
        done = 0
        while time.monotonic() < end:
            done += 1
            step(progress, done, 100, "working")  # raises Cancelled once Cancel is pressed
            time.sleep(0.01)
        if self.fail:
            raise UserError(self.fail)
        return prepare_import(text=text or SEED)

    def existing_claims(self):
        return [(7, "Egypt, Qatar and Türkiye helped bring the Gaza ceasefire agreement into "
                    "effect.")]

    def save(self, prepared, *, kind, claims=()):
        self.saved.append((prepared, kind, list(claims)))
        return {"kind": kind, "claims": len(claims)}


def loaded(qtbot, dlg: ImportDialog) -> ImportDialog:
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: not dlg.is_busy() and dlg.prepared is not None, timeout=10000)
    return dlg


def test_loading_runs_off_the_gui_thread_and_highlights_candidates(qtbot) -> None:
    ops = FakeOps(delay=0.3)
    dlg = ImportDialog(None, ops, text=SEED)
    qtbot.addWidget(dlg)
    assert dlg.is_busy() and dlg.cancel_button.isVisibleTo(dlg)
    assert not dlg.import_button.isEnabled()
    loaded(qtbot, dlg)
    assert ops.threads and ops.threads[0] != threading.main_thread().name
    assert dlg.table.rowCount() == len(dlg.prepared.candidates) == 24
    assert dlg.text_view.toPlainText() == SEED.strip()
    ranges = dlg.highlighted_ranges()
    assert sorted(ranges) == sorted((c.start, c.end) for c in dlg.prepared.candidates)
    assert float(dlg.table.item(0, 1).text()) >= float(dlg.table.item(23, 1).text())
    assert dlg.import_button.isEnabled()


def test_highlights_follow_qt_positions_past_astral_characters(qtbot) -> None:
    text = "🙂🙂 Prices rose 12 percent in 2024, the bank said. We think that is great."
    dlg = loaded(qtbot, ImportDialog(None, FakeOps(), text=text))
    cand = next(c for c in dlg.prepared.candidates if "Prices" in c.text)
    def u16(i: int) -> int:
        return len(text[:i].encode("utf-16-le")) // 2

    assert cand.text.startswith("🙂🙂")
    assert (u16(cand.start), u16(cand.end)) == (0, len(cand.text) + 2)
    assert (u16(cand.start), u16(cand.end)) in dlg.highlighted_ranges()


def test_slow_import_can_be_cancelled(qtbot) -> None:
    dlg = ImportDialog(None, FakeOps(delay=20), text=SEED)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.progress.maximum() == 100, timeout=5000)
    dlg.cancel_button.click()
    qtbot.waitUntil(lambda: not dlg.is_busy(), timeout=5000)
    assert dlg.error_label.text() == "import cancelled"
    assert dlg.prepared is None


def test_refusals_show_one_line(qtbot) -> None:
    dlg = ImportDialog(None, FakeOps(fail="bomb.pdf holds a stream that inflates without bound"),
                       text="x")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: not dlg.is_busy(), timeout=5000)
    assert dlg.error_label.text() == "bomb.pdf holds a stream that inflates without bound"

    class RealReading(FakeOps):
        def prepare(self, source="", *, text="", progress=None):
            return prepare_import(source, text=text, progress=progress)

    dlg2 = ImportDialog(None, RealReading(), source="file:///etc/passwd")
    qtbot.addWidget(dlg2)
    qtbot.waitUntil(lambda: not dlg2.is_busy(), timeout=5000)
    assert "only http and https" in dlg2.error_label.text()
    assert dlg2.prepared is None and not dlg2.import_button.isEnabled()


def test_near_repeat_warns_and_offers_the_existing_claim(qtbot) -> None:
    dlg = loaded(qtbot, ImportDialog(None, FakeOps(), text=SEED))
    row = next(i for i, c in enumerate(dlg.prepared.candidates) if "Egypt, Qatar" in c.text)
    dlg.tick(row)
    dlg.table.setCurrentCell(row, COL_CLAIM)
    assert dlg.duplicate_warnings() == {}  # the sentence as proposed is longer
    dlg.table.item(row, COL_CLAIM).setText("Egypt, Qatar and Turkiye helped bring the Gaza "
                                           "ceasefire agreement into effect")
    assert list(dlg.duplicate_warnings()) == [row]
    assert "claim 7" in dlg.dup_label.text()
    assert dlg.open_existing_button.isVisibleTo(dlg)
    with qtbot.waitSignal(dlg.openClaimRequested) as sig:
        dlg.open_existing_button.click()
    assert sig.args == [7]
    assert dlg.table.item(row, 0).checkState() == Qt.CheckState.Unchecked
    assert dlg.chosen_claims() == []


def test_ticked_and_edited_claims_are_saved_with_exact_quotes(qtbot, demo_ws) -> None:
    ops = WorkspaceImportOps(demo_ws, "tester")
    text = SEED.replace("Turkiye", "Türkiye")  # a different text from the demo article
    # The workspace holds an article already, so the dialog would offer "source": this import
    # says "article" outright.
    dlg = loaded(qtbot, ImportDialog(None, ops, text=text, kind="article"))
    dlg.title_edit.setText("Fidan interview, second outlet")
    dlg.outlet_edit.setText("Daily Sabah")
    dlg.published_edit.setText("2025-10-19")
    dlg.tick(0)
    dlg.tick(1)
    dlg.table.item(1, COL_CLAIM).setText("An edited claim about the CMCC.")
    dlg.table.item(1, COL_SPEAKER).setText("Editor's pick")
    with qtbot.waitSignal(dlg.imported, timeout=10000) as sig:
        dlg.import_button.click()
    result = sig.args[0]
    assert result.created and len(result.claims) == 2
    with demo_ws.session() as s:
        doc = get_document(s, result.document.id)
        claims = list_claims(s).rows
    assert doc.outlet == "Daily Sabah" and doc.published.isoformat() == "2025-10-19"
    new = [c for c in claims if c.article_id == doc.id]
    assert {c.text for c in new} >= {"An edited claim about the CMCC."}
    assert any(c.speaker == "Editor's pick" for c in new)
    assert all(doc.text[c.quote_start:c.quote_end] == c.quote for c in new)
    assert len(claims) == 13


def test_bad_date_is_refused_before_saving(qtbot) -> None:
    ops = FakeOps()
    dlg = loaded(qtbot, ImportDialog(None, ops, text=SEED))
    dlg.published_edit.setText("last week")
    dlg.import_button.click()
    assert "2025-10-17" in dlg.error_label.text() and ops.saved == []


def test_source_import_hides_candidates_and_logs_no_claims(qtbot) -> None:
    ops = FakeOps()
    dlg = loaded(qtbot, ImportDialog(None, ops, text=SEED, kind="source"))
    assert not dlg.table.isVisibleTo(dlg)
    dlg.tick(0)
    with qtbot.waitSignal(dlg.imported, timeout=5000):
        dlg.import_button.click()
    assert ops.saved[0][1] == "source" and ops.saved[0][2] == []


REPORT = ("UN OCHA: aid trucks entering Gaza in October\n\n"
          "Aid trucks fell to 80 a day in October. The pledge was 600 trucks a day.\n")


def test_title_comes_from_the_document_and_is_editable(qtbot, sqlite_ws) -> None:
    ops = WorkspaceImportOps(sqlite_ws, "tester")
    dlg = loaded(qtbot, ImportDialog(None, ops, text=REPORT, kind="source"))
    assert dlg.title_edit.text() == "UN OCHA: aid trucks entering Gaza in October"
    dlg.title_edit.setText("OCHA October aid update")
    with qtbot.waitSignal(dlg.imported, timeout=10000) as sig:
        dlg.import_button.click()
    with sqlite_ws.session() as s:
        assert get_document(s, sig.args[0].document.id).title == "OCHA October aid update"


def test_kind_defaults_to_source_once_there_is_an_article(qtbot, sqlite_ws) -> None:
    ops = WorkspaceImportOps(sqlite_ws, "tester")
    first = loaded(qtbot, ImportDialog(None, ops, text=SEED))
    assert first.kind_combo.currentText() == "article"  # an empty workspace: the article
    with qtbot.waitSignal(first.imported, timeout=10000):
        first.import_button.click()
    later = loaded(qtbot, ImportDialog(None, ops, text=REPORT))
    assert later.kind_combo.currentText() == "source"
    assert not later.table.isVisibleTo(later)
    with qtbot.waitSignal(later.imported, timeout=10000) as sig:
        later.import_button.click()
    with sqlite_ws.session() as s:
        assert get_document(s, sig.args[0].document.id).kind == "source"


def test_a_kind_the_user_chose_is_kept(qtbot, demo_ws) -> None:
    ops = WorkspaceImportOps(demo_ws, "tester")
    dlg = ImportDialog(None, ops)
    qtbot.addWidget(dlg)
    dlg.kind_combo.setCurrentIndex(dlg.kind_combo.findText("article"))
    dlg.kind_combo.activated.emit(dlg.kind_combo.currentIndex())  # as a click on the item
    dlg.load(str(Path(__file__).resolve().parents[2] / "seeds" / "fidan-gaza-interview.txt"))
    qtbot.waitUntil(lambda: not dlg.is_busy() and dlg.prepared is not None, timeout=10000)
    assert dlg.kind_combo.currentText() == "article"


def test_import_from_the_window_runs_on_its_database_worker(qtbot, demo_window, demo_ws,
                                                            monkeypatch) -> None:
    """Reading runs on the dialog's reader; saving goes through the window's single worker."""
    threads: list[str] = []
    real_prepare, real_save = WorkspaceImportOps.prepare, WorkspaceImportOps.save

    def prepare_on(self, *a, **kw):
        threads.append(threading.current_thread().name)
        return real_prepare(self, *a, **kw)

    def save_on(self, *a, **kw):
        threads.append(threading.current_thread().name)
        return real_save(self, *a, **kw)

    monkeypatch.setattr(WorkspaceImportOps, "prepare", prepare_on)
    monkeypatch.setattr(WorkspaceImportOps, "save", save_on)
    win = demo_window
    win.import_document(text="The UN said on Monday that 80 aid trucks entered Gaza.",
                        kind="source")
    dlg = win.import_dialog
    qtbot.waitUntil(lambda: not dlg.is_busy() and dlg.prepared is not None, timeout=20_000)
    dlg.title_edit.setText("UN update")
    with qtbot.waitSignal(dlg.imported, timeout=20_000):
        dlg.import_button.click()
    assert len(threads) == 2
    assert threads[0].startswith("factdesk-import") and threads[1].startswith("factdesk-db")
    with demo_ws.session() as s:
        assert [d.title for d in list_documents_of(s) if d.title == "UN update"]


def list_documents_of(session):
    from db.queries.browse import document_list

    return document_list(session, "source")


def test_claim_and_sentence_columns_take_the_width(qtbot) -> None:
    from desktop.ui.import_dialog import COL_SCORE, COL_SENTENCE, COL_TICK

    dlg = loaded(qtbot, ImportDialog(None, FakeOps(), text=SEED))
    dlg.resize(1280, 800)
    dlg.show()
    qtbot.waitExposed(dlg)
    table = dlg.table
    narrow = table.columnWidth(COL_CLAIM)
    assert narrow >= 180 and table.columnWidth(COL_SENTENCE) >= 180  # was ~100 px
    assert table.columnWidth(COL_TICK) < 60 and table.columnWidth(COL_SCORE) < 80
    dlg.resize(1800, 800)  # a wider dialog gives the claim more room
    qtbot.waitUntil(lambda: table.columnWidth(COL_CLAIM) > narrow + 50, timeout=5000)
    assert dlg.title_edit.cursorPosition() == 0  # a long title shows its start
