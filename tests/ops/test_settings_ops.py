"""Settings operations: change and reset through the declared registry, team values in the
workspace and personal ones in config.json; a refused change stores nothing anywhere."""

from __future__ import annotations

import json

import pytest

from db.errors import InvalidValue
from db.queries.settings import all_settings
from desktop.core.config import config_path
from desktop.errors import UserError
from desktop.ops.changes import Changes
from desktop.ops.settings import change_setting, change_settings, read_settings, reset_setting


def test_change_and_reset_team_and_personal(ws) -> None:
    assert read_settings(ws)["match_strong"] == 0.7  # the declared default
    value, changes = change_setting(ws, "match_strong", " 0.80 ")
    assert value == 0.8 and changes == Changes(settings=frozenset({"match_strong"}))
    with ws.session() as s:
        assert all_settings(s)["match_strong"] == "0.8"

    values, changes = change_settings(ws, {"organisation": "Gaza Desk", "user_name": "Ayşe"})
    assert values == {"organisation": "Gaza Desk", "user_name": "Ayşe"}
    assert changes.settings == {"organisation", "user_name"} and changes
    assert json.loads(config_path().read_text(encoding="utf-8"))["user_name"] == "Ayşe"
    assert read_settings(None)["user_name"] == "Ayşe"  # personal: no workspace needed
    assert "organisation" not in read_settings(None)
    assert read_settings(ws)["organisation"] == "Gaza Desk"

    value, changes = reset_setting(ws, "match_strong")
    assert value == 0.7 and changes.settings == {"match_strong"}
    assert read_settings(ws)["match_strong"] == 0.7
    assert reset_setting(None, "user_name")[0] == ""


def test_a_refused_change_stores_nothing(ws) -> None:
    change_setting(None, "user_name", "Ana")
    before = config_path().read_bytes()
    # The personal value is refused before the valid team value is written.
    with pytest.raises(InvalidValue, match="user_name"):
        change_settings(ws, {"organisation": "Desk", "user_name": "x" * 201})
    # A rule across settings (suggest ≤ strong) refuses the team value: config.json untouched.
    with pytest.raises(InvalidValue, match="thresholds"):
        change_settings(ws, {"match_weak": "0.9", "user_name": "Ben"})
    with pytest.raises(InvalidValue, match="no setting"):
        change_setting(ws, "no_such_key", "1")
    with pytest.raises(InvalidValue, match="no setting"):
        reset_setting(ws, "demo_loaded")  # hidden markers are not set by hand
    with pytest.raises(UserError, match="none is open"):
        change_setting(None, "organisation", "Desk")
    assert config_path().read_bytes() == before
    with ws.session() as s:
        assert "organisation" not in all_settings(s) and "match_weak" not in all_settings(s)
    assert read_settings(ws)["organisation"] == ""
