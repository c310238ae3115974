"""The conflict dialog names every claim field in words, with readable values."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from ui_helpers import fetch

from db.queries.claims import get_claim
from desktop.ui.conflict import ConflictDialog

pytestmark = pytest.mark.gui


def test_new_claim_fields_have_labels_and_readable_values(qtbot: Any, demo_ws: Any) -> None:
    base = fetch(demo_ws, lambda s: get_claim(s, 1))
    theirs = dataclasses.replace(base, speaker_kind="person", version=base.version + 1)
    mine = {"settled_without_evidence": True, "speaker_kind": "organization"}
    dlg = ConflictDialog(None, mine, theirs, base)
    qtbot.addWidget(dlg)
    texts = [w.text() for w in dlg.findChildren(QLabel)]
    assert "Settled without linked evidence" in texts and "Claimant kind" in texts
    assert not [t for t in texts if "_" in t]  # no raw field names
    assert [w.text() for w in dlg.rows["settled_without_evidence"]] == ["Yes", "No"]
    assert [w.text() for w in dlg.rows["speaker_kind"]] == ["Organisation", "Person"]


def test_an_unset_claimant_kind_says_so(qtbot: Any, demo_ws: Any) -> None:
    base = fetch(demo_ws, lambda s: get_claim(s, 1))
    dlg = ConflictDialog(None, {"speaker_kind": ""}, dataclasses.replace(
        base, speaker_kind="organization"), base)
    qtbot.addWidget(dlg)
    assert dlg.rows["speaker_kind"][0].text() == "Not set (inferred from the speaker)"
