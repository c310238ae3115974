"""`factdesk export claimreview|csv|sources`: the work in formats other tools read."""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.report_cmd import add_selection, parse_ids, parse_statuses

if TYPE_CHECKING:
    from db.engine import Workspace
    from desktop.ops.publish import Selection


def register(sub: Any) -> None:
    export = sub.add_parser("export", help="export ClaimReview JSON-LD, web pages, CSV or "
                                           "CSL-JSON")
    esub = export.add_subparsers(dest="export_command", metavar="FORMAT", required=True)

    p = esub.add_parser("claimreview", help="schema.org ClaimReview for each claim with a verdict")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.json", help="- for stdout")
    add_selection(p)
    p.set_defaults(func=run_claimreview)

    p = esub.add_parser("csv", help="claims with status, rationale and evidence counts")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.csv", help="- for stdout")
    add_selection(p)
    p.add_argument("--bom", action="store_true",
                   help="start with a byte-order mark, so Excel reads the file as UTF-8")
    p.set_defaults(func=run_csv)

    p = esub.add_parser("html", help="a static fact-check web page per claim, and an index")
    p.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="folder for the pages (made if missing)")
    add_selection(p)
    p.add_argument("--title", help="title of the index page (default: Fact-checks)")
    p.set_defaults(func=run_html)

    p = esub.add_parser("sources", help="the workspace's documents for a reference manager")
    p.add_argument("--format", choices=("csl-json",), default="csl-json")
    p.add_argument("--kind", choices=("article", "source"), help="only this kind of document")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.json", help="- for stdout")
    p.set_defaults(func=run_sources)


def _warn(text: str) -> None:
    print(f"factdesk: warning: {text}", file=sys.stderr)


def _selection(args: Namespace) -> Selection:
    from desktop.ops.publish import Selection

    return Selection(claim_ids=parse_ids(getattr(args, "claims", None)),
                     statuses=parse_statuses(getattr(args, "status", None)))


def _open(args: Namespace) -> tuple[Workspace, Selection]:
    """The workspace and the chosen claims, once `--out` is known to be writable."""
    from desktop.cli.common import open_ws
    from desktop.ops.publish import check_out

    check_out(args.out)
    selection = _selection(args)
    return open_ws(args), selection


def _done(args: Namespace, what: str) -> None:
    from desktop.core.outfile import is_stdout

    if not is_stdout(args.out):
        print(f"wrote {what} to {args.out}")


def run_claimreview(args: Namespace) -> int:
    from desktop.ops.publish import export_claimreview

    ws, selection = _open(args)
    count, _changes = export_claimreview(ws, args.out, selection, warn=_warn)
    if not count:
        print("factdesk: note: no selected claim has a verdict yet", file=sys.stderr)
    _done(args, f"{count} ClaimReview items")
    return 0


def run_csv(args: Namespace) -> int:
    from desktop.ops.publish import export_csv

    ws, selection = _open(args)
    count, _changes = export_csv(ws, args.out, selection, bom=args.bom)
    _done(args, f"{count} claims")
    return 0


def run_sources(args: Namespace) -> int:
    from desktop.cli.common import open_ws
    from desktop.ops.publish import check_out, export_sources

    check_out(args.out)
    count, _changes = export_sources(open_ws(args), args.out, kind=args.kind)
    _done(args, f"{count} sources")
    return 0


def run_html(args: Namespace) -> int:
    from desktop.cli.common import open_ws
    from desktop.ops.publish import check_folder, export_site

    check_folder(args.out)
    selection = _selection(args)
    result, _changes = export_site(open_ws(args), args.out, selection, title=args.title,
                                   warn=_warn)
    print(f"wrote {result.pages} pages and index.html to {result.folder}")
    return 0
