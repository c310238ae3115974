"""`factdesk settings list|get|set`: the workspace settings shared by the team.

Reports read `organisation`, `organisation_url` and `review_url_template` (docs/statuses.md).
"""

from __future__ import annotations

import re
from argparse import Namespace
from typing import Any

from desktop.cli.common import add_format, emit, open_ws
from desktop.errors import UserError

KEY = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")
DESCRIBED = {
    "organisation": "name of the organisation publishing the fact-checks (ClaimReview author)",
    "organisation_url": "its web address, http(s) (ClaimReview author url)",
    "review_url_template": "address of each published fact-check, with {id} for the claim id",
    "match_weak": "matching score below which nothing is suggested (0-1, default 0.35)",
    "match_strong": "matching score above which a suggestion is marked strong (default 0.7)",
}


def register(sub: Any) -> None:
    settings = sub.add_parser("settings", help="workspace settings shared by the team")
    ssub = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    p = ssub.add_parser("list", help="every setting and its value")
    add_format(p)
    p.set_defaults(func=run_list)
    p = ssub.add_parser("get", help="print one setting's value")
    p.add_argument("key")
    p.set_defaults(func=run_get)
    keys = "; ".join(f"{k}: {v}" for k, v in DESCRIBED.items())
    p = ssub.add_parser("set", help="set one setting", description=f"Known keys: {keys}.")
    p.add_argument("key")
    p.add_argument("value")
    p.set_defaults(func=run_set)


def check(key: str, value: str) -> str:
    """The value to store, or a refusal naming what is wrong with it."""
    if not KEY.match(key):
        raise UserError(f"setting names are lower-case letters, digits, _ . -: not {key!r}")
    value = value.strip()
    if key == "organisation_url" and value:
        from desktop.reports.text import safe_url

        if safe_url(value) is None:
            raise UserError(f"organisation_url must be an http(s) address, not {value!r}")
    if key == "review_url_template" and value:
        from desktop.reports.claimreview import review_url

        if "{id}" not in value:
            raise UserError("review_url_template needs {id} where the claim id goes")
        review_url({"organisation_url": "https://example.org", key: value}, 1)
    return value


def run_list(args: Namespace) -> int:
    from db.queries.settings import all_settings

    with open_ws(args).session() as s:
        values = all_settings(s)
    rows = [{"key": k, "value": values.get(k, ""), "about": DESCRIBED.get(k, "")}
            for k in sorted(set(values) | set(DESCRIBED))]
    emit(rows, args.format, ("key", "value", "about"))
    return 0


def run_get(args: Namespace) -> int:
    from db.queries.settings import all_settings

    with open_ws(args).session() as s:
        values = all_settings(s)
    if args.key not in values:
        raise UserError(f"no setting {args.key!r}")
    print(values[args.key])
    return 0


def run_set(args: Namespace) -> int:
    from db.queries.settings import set_setting

    value = check(args.key, args.value)
    with open_ws(args).session() as s:
        if args.key in ("match_weak", "match_strong"):
            from desktop.core.suggest import set_thresholds, thresholds

            try:
                number = float(value)
            except ValueError:
                raise UserError(f"{args.key} must be a number from 0 to 1") from None
            now = thresholds(s)
            weak = number if args.key == "match_weak" else now.weak
            strong = number if args.key == "match_strong" else now.strong
            set_thresholds(s, weak, strong)
        else:
            set_setting(s, args.key, value)
    print(f"{args.key} = {value}")
    return 0
