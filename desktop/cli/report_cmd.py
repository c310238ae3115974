"""`factdesk report`: the PDF verification report for the workspace, some claims or a status."""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

from db.vocab import STATUSES, VERDICTS
from desktop.errors import UserError

LAYOUTS = ("publication", "audit")


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="write the PDF verification report")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    add_selection(p)
    p.add_argument("--layout", choices=LAYOUTS, default="publication",
                   help="publication (default): verdicts for readers, numbered claims and "
                        "sources, no internal details; audit: the desk's full dossier with "
                        "history, user names and hashes")
    p.add_argument("--title", help="report title (default: from the article under check)")
    p.add_argument("--author", help="who checked, on the cover (default: publication — the "
                                    "organisation setting; audit — your user name)")
    p.set_defaults(func=run)


def add_selection(p: Any) -> None:
    """--claims and --status, shared with `factdesk export`."""
    p.add_argument("--claims", metavar="ID,…", help="only these claim ids, comma-separated")
    p.add_argument("--status", action="append", metavar="STATUS[,STATUS…]",
                   help="only claims with these statuses (repeat or comma-separate): "
                        + ", ".join(STATUSES) + "; `verdicts` stands for every verdict")


def parse_statuses(values: list[str] | None) -> list[str] | None:
    """--status values, repeated or comma-separated; `verdicts` expands to every verdict."""
    if not values:
        return None
    out: list[str] = []
    for value in values:
        for part in (p.strip() for p in value.split(",")):
            if not part:
                continue
            if part == "verdicts":
                out += VERDICTS
            elif part in STATUSES:
                out.append(part)
            else:
                raise UserError(f"unknown status {part!r}; use one of "
                                + ", ".join(STATUSES) + " or verdicts")
    if not out:
        raise UserError("--status names no status")
    return list(dict.fromkeys(out))


def parse_ids(value: str | None) -> list[int] | None:
    if value is None:
        return None
    try:
        ids = [int(part) for part in value.replace(" ", "").split(",") if part]
    except ValueError as exc:
        raise UserError(f"--claims takes ids like 3,7,12, not {value!r}") from exc
    if not ids:
        raise UserError("--claims names no claim ids")
    return ids


def run(args: Namespace) -> int:
    from desktop.cli.common import open_ws
    from desktop.ops.publish import NothingToReport, Selection, build_report, check_report_out

    selection = Selection(claim_ids=parse_ids(args.claims), statuses=parse_statuses(args.status))
    check_report_out(args.out)  # refused before the workspace is opened
    show = sys.stderr.isatty()

    def progress(done: int, total: int, _what: str) -> bool:
        if show and total:
            print(f"\rbuilding report… {100 * done // max(total, 1)}%", end="", file=sys.stderr)
        return True

    try:
        result, _changes = build_report(open_ws(args), args.out, selection, layout=args.layout,
                                        author=args.author, title=args.title,
                                        progress=progress)
    except NothingToReport as exc:
        hint = " (the publication layout reports verdicts only; --status to choose others)" \
            if args.layout == "publication" and not args.status else ""
        raise UserError(f"{exc}{hint}") from None
    if show:
        print(file=sys.stderr)
    print(f"wrote {args.out}: {result.claims} claims, {result.pages} pages")
    return 0
