"""`factdesk report`: the PDF verification report for the workspace, some claims or a status."""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

from db.vocab import STATUSES
from desktop.errors import UserError


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="write the PDF verification report")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    add_selection(p)
    p.add_argument("--title", help="report title (default: from the article under check)")
    p.add_argument("--author", help="name on the cover (default: your user name)")
    p.set_defaults(func=run)


def add_selection(p: Any) -> None:
    """--claims and --status, shared with `factdesk export`."""
    p.add_argument("--claims", metavar="ID,…", help="only these claim ids, comma-separated")
    p.add_argument("--status", choices=STATUSES, metavar="STATUS",
                   help="only claims with this status: " + ", ".join(STATUSES))


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


def check_out(path: Path) -> None:
    from desktop.core.outfile import check_target, is_stdout

    if not is_stdout(path):
        check_target(path)


def run(args: Namespace) -> int:
    from desktop.cli.common import open_ws
    from desktop.core.config import current_user
    from desktop.reports.data import gather_report_data
    from desktop.reports.pdf import build_pdf

    ids = parse_ids(args.claims)
    from desktop.core.outfile import is_stdout, output_path

    check_out(args.out)
    if is_stdout(args.out):
        raise UserError("a PDF report needs a file name for --out")
    with open_ws(args).session() as s:
        data = gather_report_data(s, claim_ids=ids, status=args.status)
    if not data.claims:
        raise UserError("no claims match; nothing to report")
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> bool:
        if show:
            print(f"\rbuilding report… {100 * done // max(total, 1)}%", end="", file=sys.stderr)
        return True

    with output_path(args.out) as part:
        result = build_pdf(data, part, author=args.author or current_user(), title=args.title,
                           progress=progress)
    if show:
        print(file=sys.stderr)
    print(f"wrote {args.out}: {result.claims} claims, {result.pages} pages")
    return 0
