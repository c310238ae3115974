"""`factdesk settings list|get|set`: team settings (stored in the workspace) and personal ones
(this computer's config.json). Every key is declared in desktop/core/settings.py.
"""

from __future__ import annotations

from argparse import Namespace
from typing import Any

from desktop.cli.common import add_format, open_ws, print_rows


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


def run_list(args: Namespace) -> int:
    from desktop.core.settings import listed
    from desktop.ops.settings import read_settings

    values = read_settings(open_ws(args))
    rows = [{"key": s.key, "value": s.text(values[s.key]), "scope": s.scope, "about": s.help}
            for s in listed()]
    print_rows(rows, args.format, ("key", "value", "scope", "about"))
    return 0


def run_get(args: Namespace) -> int:
    from desktop.core.settings import TEAM, spec
    from desktop.ops.settings import read_settings

    found = spec(args.key)  # an unknown key is refused before the workspace is opened
    values = read_settings(open_ws(args) if found.scope == TEAM else None)
    print(found.text(values[found.key]))
    return 0


def run_set(args: Namespace) -> int:
    from desktop.core.settings import TEAM, spec
    from desktop.ops.settings import change_setting

    found = spec(args.key)  # an unknown key is refused before the workspace is opened
    value, _changes = change_setting(open_ws(args) if found.scope == TEAM else None,
                                     args.key, args.value)
    print(f"{args.key} = {found.text(value)}")
    return 0
