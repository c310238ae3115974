"""The settings registry: one declaration per key, checked before anything is stored."""

from __future__ import annotations

import re

import pytest

from db.errors import InvalidValue
from db.queries.settings import all_settings
from desktop.core.settings import change_team, listed, spec, team_texts, team_values


def test_every_listed_setting_has_help_and_a_default_of_its_type() -> None:
    for s in listed():
        assert s.help and isinstance(s.default, s.kind), s.key
        assert s.parse(s.text(s.default)) == s.default, s.key


@pytest.mark.parametrize(("key", "text", "message"), [
    ("match_weak", "1.5", "match_weak must be a number from 0 to 1, not '1.5'"),
    ("backup_keep_weekly", "two", "backup_keep_weekly must be a whole number from 0 to 520"),
    ("organisation_url", "file:///etc/passwd", "organisation_url must be an http(s) address"),
    ("review_url_template", "https://x.org/{slug}-{id}", "review_url_template may only use {id}"),
])
def test_bad_values_are_refused_in_one_line(key: str, text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match="^" + re.escape(message)) as err:
        spec(key).parse(text)
    assert "\n" not in str(err.value)


def test_unknown_and_internal_keys_are_refused() -> None:
    with pytest.raises(InvalidValue, match="no setting 'match_weakk'"):
        spec("match_weakk")
    with pytest.raises(InvalidValue, match="no setting 'demo_loaded'"):
        spec("demo_loaded")


def test_a_refused_change_stores_nothing(ws) -> None:
    with ws.session() as s:
        change_team(s, {"organisation": "Desk", "match_strong": "0.9"})
    with ws.session() as s:
        before = all_settings(s)
    with pytest.raises(InvalidValue, match="thresholds must satisfy"), ws.session() as s:
        # The first change is fine alone; the second breaks weak <= strong: neither lands.
        change_team(s, {"organisation": "Other", "match_weak": "0.95"})
    with ws.session() as s:
        assert all_settings(s) == before
        assert team_values(s)["match_strong"] == 0.9
        assert team_texts(s)["organisation"] == "Desk"


def test_a_hand_written_bad_value_reads_as_the_default(ws) -> None:
    from db.queries.settings import set_setting

    with ws.session() as s:
        set_setting(s, "backup_keep_daily", "lots")
        set_setting(s, "match_weak", "0.9")  # above the default strong threshold
    with ws.session() as s:
        values = team_values(s)
    assert values["backup_keep_daily"] == spec("backup_keep_daily").default
    assert (values["match_weak"], values["match_strong"]) == (0.35, 0.7)
