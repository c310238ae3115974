"""`factdesk export claimreview|csv|sources`: the work in formats other tools read."""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from desktop.cli.report_cmd import add_selection, check_out, parse_ids, parse_statuses
from desktop.errors import UserError

if TYPE_CHECKING:
    from desktop.reports.data import ReportData


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


def _write(path: Path, fill: Callable[[TextIO], None], *, encoding: str = "utf-8") -> None:
    """Write through a `.part` file, so a failure never leaves half a file behind."""
    from desktop.core.outfile import open_output

    with open_output(path, encoding=encoding) as fh:
        fill(fh)


def _json(items: list[dict[str, Any]]) -> Callable[[TextIO], None]:
    def fill(fh: TextIO) -> None:
        json.dump(items, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return fill


def _gather(args: Namespace) -> ReportData:
    check_out(args.out)
    return _gather_only(args)


def _gather_only(args: Namespace) -> ReportData:
    from desktop.cli.common import open_ws
    from desktop.reports.data import gather_report_data

    ids = parse_ids(getattr(args, "claims", None))
    statuses = parse_statuses(getattr(args, "status", None))
    with open_ws(args).session() as s:
        return gather_report_data(s, claim_ids=ids, status=statuses)


def _done(args: Namespace, what: str) -> None:
    from desktop.core.outfile import is_stdout

    if not is_stdout(args.out):
        print(f"wrote {what} to {args.out}")


def run_claimreview(args: Namespace) -> int:
    from desktop.reports.claimreview import (
        UNSET_TEMPLATE_WARNING,
        claim_reviews,
        review_url_is_set,
    )

    data = _gather(args)
    items = claim_reviews(data)
    if items and not review_url_is_set(data.settings):
        print(f"factdesk: warning: {UNSET_TEMPLATE_WARNING}", file=sys.stderr)
    _write(args.out, _json(items))
    if not items:
        print("factdesk: note: no selected claim has a verdict yet", file=sys.stderr)
    _done(args, f"{len(items)} ClaimReview items")
    return 0


def run_csv(args: Namespace) -> int:
    from desktop.reports.tabular import write_claims_csv

    data = _gather(args)
    _write(args.out, lambda fh: write_claims_csv(data, fh),
           encoding="utf-8-sig" if args.bom else "utf-8")
    _done(args, f"{len(data.claims)} claims")
    return 0


def run_sources(args: Namespace) -> int:
    from db.queries.reporting import all_document_ids, documents_by_ids
    from desktop.cli.common import open_ws
    from desktop.reports.tabular import csl_items

    check_out(args.out)
    with open_ws(args).session() as s:
        docs = documents_by_ids(s, all_document_ids(s, args.kind))
    if not docs:
        raise UserError("the workspace holds no documents to export")
    items = csl_items(docs[i] for i in sorted(docs))
    _write(args.out, _json(items))
    _done(args, f"{len(items)} sources")
    return 0


def run_html(args: Namespace) -> int:
    from db.vocab import VERDICTS
    from desktop.reports.claimreview import UNSET_TEMPLATE_WARNING, review_url_is_set
    from desktop.reports.html_page import write_site

    out: Path = args.out
    if str(out) == "-":
        raise UserError("web pages need a folder for --out")
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} is not a folder")
    if not out.parent.is_dir():
        raise UserError(f"folder {out.parent} does not exist")
    if not args.status:
        args.status = [",".join(VERDICTS)]  # published pages are for settled claims
    data = _gather_only(args)
    if not data.claims:
        raise UserError("no claims match; nothing to export (pages are made for verdicts "
                        "unless --status says otherwise)")
    if not review_url_is_set(data.settings):
        print(f"factdesk: warning: {UNSET_TEMPLATE_WARNING}", file=sys.stderr)
    result = write_site(data, out, title=args.title)
    print(f"wrote {result.pages} pages and index.html to {result.folder}")
    return 0
