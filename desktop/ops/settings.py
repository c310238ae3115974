"""Operations on settings: read, change and reset them through the registry of
`desktop.core.settings` (team settings in the workspace, personal ones in config.json).

A change is checked whole before anything is stored: when one value is refused, neither the
workspace nor config.json is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from desktop.core import settings as registry
from desktop.errors import UserError
from desktop.ops.changes import Changes

if TYPE_CHECKING:
    from db.engine import Workspace


def read_settings(ws: Workspace | None) -> dict[str, Any]:
    """Every setting's typed value: the personal ones, and the team ones when `ws` is given."""
    values = registry.personal_values()
    if ws is not None:
        with ws.session() as s:
            values.update(registry.team_values(s))
    return values


def change_settings(ws: Workspace | None,
                    changes: Mapping[str, str]) -> tuple[dict[str, Any], Changes]:
    """Set settings from text (as typed); returns their typed values. Team settings need the
    workspace; personal ones do not."""
    team = {k: v for k, v in changes.items() if registry.spec(k).scope == registry.TEAM}
    personal = {k: v for k, v in changes.items() if k not in team}
    for key, text in personal.items():
        registry.spec(key).parse(text)  # refused before the workspace is written
    values: dict[str, Any] = {}
    if team:
        if ws is None:
            raise UserError("team settings are stored in a workspace; none is open")
        with ws.session() as s:
            values.update(registry.change_team(s, team))
    if personal:
        values.update(registry.change_personal(personal))
    return values, Changes(settings=frozenset(changes))


def change_setting(ws: Workspace | None, key: str, text: str) -> tuple[Any, Changes]:
    """Set one setting from text; returns its typed value."""
    values, changes = change_settings(ws, {key: text})
    return values[key], changes


def reset_setting(ws: Workspace | None, key: str) -> tuple[Any, Changes]:
    """Put one setting back to its declared default; returns that value."""
    found = registry.spec(key)
    return change_setting(ws, key, found.text(found.default))
