"""`factdesk settings list|get|set`: team settings (stored in the workspace) and personal ones
(this computer's config.json). Every key is declared in desktop/core/settings.py.
"""

from __future__ import annotations

from argparse import Namespace
from typing import Any

from desktop.cli.common import add_format, emit, open_ws


def register(sub: Any) -> None:
    from desktop.core.settings import listed

    settings = sub.add_parser("settings", help="workspace settings shared by the team, and yours")
    ssub = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    p = ssub.add_parser("list", help="every setting and its value")
    add_format(p)
    p.set_defaults(func=run_list)
    p = ssub.add_parser("get", help="print one setting's value")
    p.add_argument("key")
    p.set_defaults(func=run_get)
    keys = "; ".join(f"{s.key} ({s.scope}): {s.help}" for s in listed())
    p = ssub.add_parser("set", help="set one setting", description=f"Known keys: {keys}.")
    p.add_argument("key")
    p.add_argument("value")
    p.set_defaults(func=run_set)


def _values(args: Namespace, team: bool) -> dict[str, Any]:
    from desktop.core.settings import personal_values, team_values

    values = personal_values()
    if team:
        with open_ws(args).session() as s:
            values.update(team_values(s))
    return values


def run_list(args: Namespace) -> int:
    from desktop.core.settings import listed

    values = _values(args, team=True)
    rows = [{"key": s.key, "value": s.text(values[s.key]), "scope": s.scope, "about": s.help}
            for s in listed()]
    emit(rows, args.format, ("key", "value", "scope", "about"))
    return 0


def run_get(args: Namespace) -> int:
    from desktop.core.settings import TEAM, spec

    found = spec(args.key)  # an unknown key is refused before the workspace is opened
    print(found.text(_values(args, team=found.scope == TEAM)[found.key]))
    return 0


def run_set(args: Namespace) -> int:
    from desktop.core.settings import TEAM, change_personal, change_team, spec

    found = spec(args.key)
    if found.scope == TEAM:
        with open_ws(args).session() as s:
            value = change_team(s, {args.key: args.value})[args.key]
    else:
        value = change_personal({args.key: args.value})[args.key]
    print(f"{args.key} = {found.text(value)}")
    return 0
