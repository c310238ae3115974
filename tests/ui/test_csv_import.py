"""The window's spreadsheet import: a guessed encoding is shown back with the first row and
can be changed; a bulk import is backed up first; refusals write nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_helpers import dialog_of, fetch, settle

from db.queries.claims import ClaimFilter, claim_ids, get_claim
from desktop.ui.csv_encoding import CsvEncodingDialog

pytestmark = pytest.mark.gui
TURKISH = "text,speaker\nİsrail ateşkesi ihlal etti,Dışişleri Bakanı\n"


def claims(ws: Any) -> list[str]:
    return fetch(ws, lambda s: [get_claim(s, i).text for i in claim_ids(s, ClaimFilter())])


def write(tmp_path: Path, text: str, encoding: str, name: str = "claims.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_guessed_encoding_is_shown_back_and_confirmed(
        qtbot: Any, demo_window: Any, demo_ws: Any, tmp_path: Path,
        shown_messages: list) -> None:
    win = demo_window
    before = claims(demo_ws)
    win.actions_.import_csv(write(tmp_path, TURKISH, "cp1254"))
    dlg = dialog_of(qtbot, win, CsvEncodingDialog)
    assert dlg.import_button.text() == "&Import 1 claim" and dlg.cancel_button.isVisible()
    assert dlg.preview.text() == ("Read as cp1254 (Turkish). First row: "
                                  "İsrail ateşkesi ihlal etti | Dışişleri Bakanı")
    assert dlg.preview.textFormat() == dlg.preview.textFormat().PlainText
    assert claims(demo_ws) == before  # nothing written while the user looks
    dlg.import_button.click()
    settle(qtbot, win)
    qtbot.waitUntil(lambda: len(claims(demo_ws)) == len(before) + 1, timeout=10_000)
    assert "İsrail ateşkesi ihlal etti" in claims(demo_ws)
    assert ("info", "Imported 1 claim from claims.csv.") in shown_messages


def test_another_encoding_reads_the_file_again(
        qtbot: Any, demo_window: Any, demo_ws: Any, tmp_path: Path) -> None:
    win = demo_window
    before = claims(demo_ws)
    # Central European text the guesser may read otherwise: the user says which it is.
    path = write(tmp_path, "text\nŁódź ma nowego burmistrza\n", "cp1250")
    win.actions_.import_csv(path)
    dlg = dialog_of(qtbot, win, CsvEncodingDialog)
    dlg.combo.setCurrentIndex(dlg.combo.findData("cp1251"))
    qtbot.waitUntil(lambda: dlg.preview.text().startswith("Read as cp1251"), timeout=10_000)
    assert "Łódź" not in dlg.preview.text()
    dlg.combo.setCurrentIndex(dlg.combo.findData("cp1250"))
    qtbot.waitUntil(lambda: dlg.preview.text() == (
        "Read as cp1250 (Central European). First row: Łódź ma nowego burmistrza"),
        timeout=10_000)
    dlg.import_button.click()
    settle(qtbot, win)
    qtbot.waitUntil(lambda: len(claims(demo_ws)) == len(before) + 1, timeout=10_000)
    assert "Łódź ma nowego burmistrza" in claims(demo_ws)


def test_an_encoding_that_does_not_fit_and_cancel_write_nothing(
        qtbot: Any, demo_window: Any, demo_ws: Any, tmp_path: Path,
        shown_messages: list) -> None:
    win = demo_window
    before = claims(demo_ws)
    win.actions_.import_csv(write(tmp_path, TURKISH, "cp1254"))
    dlg = dialog_of(qtbot, win, CsvEncodingDialog)
    dlg.combo.setCurrentIndex(dlg.combo.findData("utf-8"))
    qtbot.waitUntil(lambda: bool(shown_messages), timeout=10_000)
    kind, text = shown_messages[-1]
    assert kind == "error" and "\n" not in text and "is not utf-8" in text
    assert not dlg.import_button.isEnabled()
    qtbot.mouseClick(dlg.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.actions_.dialog is None)
    settle(qtbot, win)
    assert claims(demo_ws) == before


def test_a_bad_file_is_one_line_and_writes_nothing(
        qtbot: Any, demo_window: Any, demo_ws: Any, tmp_path: Path,
        shown_messages: list) -> None:
    win = demo_window
    before = claims(demo_ws)
    win.actions_.import_csv(write(tmp_path, "speaker\nnobody\n", "utf-8"))
    qtbot.waitUntil(lambda: bool(shown_messages), timeout=10_000)
    assert shown_messages == [("error", "the CSV needs a header row with a 'text' column")]
    assert win.actions_.dialog is None
    assert claims(demo_ws) == before


def test_a_bulk_import_takes_a_backup_first(
        qtbot: Any, open_window: Any, sqlite_ws: Any, tmp_path: Path) -> None:
    from db.backup import list_backups

    win = open_window(sqlite_ws)
    small = write(tmp_path, "text\n" + "".join(f"Claim {i}\n" for i in range(1000)), "utf-8",
                  "small.csv")
    win.actions_.import_csv(small)
    qtbot.waitUntil(lambda: len(claims(sqlite_ws)) == 1000, timeout=30_000)
    assert not [b for b in list_backups(sqlite_ws.path) if "before-import" in b.path.name]
    big = write(tmp_path, "text\n" + "".join(f"Claim {i}\n" for i in range(1001)), "utf-8",
                "big.csv")
    win.actions_.import_csv(big)
    qtbot.waitUntil(lambda: len(claims(sqlite_ws)) == 2001, timeout=30_000)
    taken = [b for b in list_backups(sqlite_ws.path) if "before-import" in b.path.name]
    assert len(taken) == 1
