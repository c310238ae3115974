"""File → Export report: the options dialog and the export it starts, on real widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from ui_helpers import settle

from db.vocab import VERDICTS


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(path).pages).split())


@pytest.fixture
def verdict_window(open_window: Any, verdict_ws: Any) -> Any:
    return open_window(verdict_ws)


def _export(qtbot: Any, win: Any, out: Path, **set_up: Any) -> Any:
    win.export_report()
    dialog = win.report_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.out.setText(str(out))
    for name, value in set_up.items():
        if name == "title":
            dialog.title.setText(value)
        elif name == "layout":
            dialog.layout_box.setCurrentIndex(dialog.layout_box.findData(value))
        elif name == "listed":
            dialog.listed.setChecked(True)
    return dialog


def test_publication_of_the_selected_claim_with_a_title(qtbot: Any, verdict_window: Any,
                                                        tmp_path: Path) -> None:
    win = verdict_window
    assert win.claims.select_claim(1)
    out = tmp_path / "selected.pdf"
    dialog = _export(qtbot, win, out, title="Gaza: what holds up")
    assert dialog.selection.isChecked() and dialog.selection.isEnabled()
    assert set(dialog.checked_statuses()) == set(VERDICTS)  # publication: verdicts only
    steps: list[tuple[int, int]] = []
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(win, "export_job", None) is not None)
    win.export_job._signals.step.connect(lambda d, t: steps.append((d, t)))
    with qtbot.waitSignal(win.export_job.finished, timeout=30_000) as blocker:
        pass
    assert blocker.args[0] is not None and out.exists()
    text = _text(out)
    assert "Gaza: what holds up" in text and "Gaza Desk" in text
    assert "Türkiye is prepared to deploy troops to Gaza if necessary." in text
    assert "Civil-Military" not in text  # claim 5 is a verdict too, but was not selected
    assert "tester" not in text
    assert steps and steps[-1][0] == steps[-1][1]
    settle(qtbot, win)


def test_listed_claims_in_the_audit_layout_with_several_statuses(qtbot: Any,
                                                                 verdict_window: Any,
                                                                 tmp_path: Path,
                                                                 shown_messages: list) -> None:
    win = verdict_window
    out = tmp_path / "audit.pdf"
    dialog = _export(qtbot, win, out, layout="audit", listed=True)
    assert len(dialog.checked_statuses()) == 7  # audit: every status, until unticked
    for i in range(dialog.statuses.count()):
        item = dialog.statuses.item(i)
        keep = item.data(Qt.ItemDataRole.UserRole) in ("supported", "unverified")
        item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: out.exists(), timeout=30_000)
    settle(qtbot, win)
    text = _text(out)
    assert "Claim #5" in text and "Claim #2" in text  # supported, and an unverified one
    assert "Claim #1 " not in text  # partly supported: not ticked
    assert "History" in text
    assert ("info", "Wrote audit.pdf: 10 claims on " + text.split("Page 1 of ")[1].split()[0]
            + " pages.") in shown_messages


def test_the_dialog_refuses_without_status_or_folder(qtbot: Any, verdict_window: Any,
                                                     tmp_path: Path) -> None:
    win = verdict_window
    dialog = _export(qtbot, win, tmp_path / "none.pdf")
    assert dialog.selection.text() == "The selected claim (1)"  # the window's current claim
    for i in range(dialog.statuses.count()):
        dialog.statuses.item(i).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.problem.text() == "Tick at least one status."
    dialog.statuses.item(2).setCheckState(Qt.CheckState.Checked)
    dialog.out.setText(str(tmp_path / "missing" / "r.pdf"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "does not exist" in dialog.problem.text()
    dialog.reject()
    assert not (tmp_path / "none.pdf").exists()


def _click_row(qtbot: Any, win: Any, claim_id: int, modifier: Any) -> None:
    table, model = win.claims.table, win.claims.model
    index = model.index(model.row_of(claim_id), 1)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier,
                     table.visualRect(index).center())


def test_several_selected_claims_go_into_the_report(qtbot: Any, verdict_window: Any,
                                                   tmp_path: Path) -> None:
    win = verdict_window
    _click_row(qtbot, win, 1, Qt.KeyboardModifier.NoModifier)
    _click_row(qtbot, win, 5, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, win)
    assert sorted(win.claims.selected_claim_ids()) == [1, 5]
    # The detail pane follows the current row: the one clicked last.
    assert win.claims.current_claim_id == 5
    qtbot.waitUntil(lambda: win.detail.claim_id == 5)
    out = tmp_path / "two.pdf"
    dialog = _export(qtbot, win, out)
    assert dialog.selection.text() == "The selected claims (2)" and dialog.selection.isChecked()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(win, "export_job", None) is not None)
    with qtbot.waitSignal(win.export_job.finished, timeout=30_000):
        pass
    text = _text(out)
    assert "Türkiye is prepared to deploy troops to Gaza if necessary." in text
    assert "Civil-Military" in text
    settle(qtbot, win)
    # A plain arrow key moves the current row and leaves one claim selected.
    win.claims.table.setFocus()
    qtbot.keyClick(win.claims.table, Qt.Key.Key_Down)
    settle(qtbot, win)
    current = win.claims.current_claim_id
    assert current not in (5, -1) and win.claims.selected_claim_ids() == [current]
    qtbot.waitUntil(lambda: win.detail.claim_id == current)
