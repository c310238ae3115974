"""`factdesk claims ...`: list, show, add, set-status, history, import, delete, link."""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

from db.records import ClaimRecord
from db.vocab import STANCES, STATUSES
from desktop.cli.common import add_format, open_ws, parse_date, print_rows, record_id

LIST_COLUMNS = ("id", "status", "text", "speaker", "quote", "rationale", "article_id", "tags",
                "review_by", "supports", "contradicts", "context", "updated_at", "version")
TABLE_COLUMNS = ("id", "status", "text", "speaker", "supports", "contradicts", "context")
# Every field of a claim record, in its order (the JSON listing is as `claims show` gives).
CLAIM_FIELDS = tuple(ClaimRecord.__dataclass_fields__)


def register(sub: Any) -> None:
    claims = sub.add_parser("claims", help="list, add and settle claims")
    csub = claims.add_subparsers(dest="claims_command", metavar="ACTION", required=True)

    p = csub.add_parser("list", help="list claims")
    p.add_argument("--status", metavar="STATUS", help="one of " + ", ".join(STATUSES))
    p.add_argument("--search", default="", help="only claims whose text, speaker or tags hold this")
    p.add_argument("--tag", default="")
    add_format(p)
    p.set_defaults(func=run_list)

    p = csub.add_parser("show", help="one claim with its evidence")
    p.add_argument("id", type=record_id)
    add_format(p)
    p.set_defaults(func=run_show)

    p = csub.add_parser("add", help="log a claim; prints its id")
    p.add_argument("text")
    p.add_argument("--speaker", default="")
    p.add_argument("--speaker-kind", choices=("person", "organization"), default="",
                   help="whether the claimant is a person or an organisation (outlet, agency, "
                        "ministry); by default inferred from the name in ClaimReview")
    p.add_argument("--quote", default="", help="the exact words, as they stand in --article")
    p.add_argument("--article", type=record_id, help="id of the document the quote comes from")
    p.add_argument("--date", help="when the claim was made (YYYY-MM-DD)")
    p.add_argument("--tags", default="", help="comma-separated")
    p.add_argument("--review-by", help="date to re-check the claim (YYYY-MM-DD)")
    p.add_argument("--no-match", action="store_true",
                   help="do not look for evidence among the passages already imported")
    p.set_defaults(func=run_add)

    p = csub.add_parser("set-status", help="move a claim along the verification scale")
    p.add_argument("id", type=record_id)
    p.add_argument("status", metavar="STATUS", help="one of " + ", ".join(STATUSES))
    p.add_argument("--rationale", help="why; required for a verdict")
    p.add_argument("--without-evidence", action="store_true",
                   help="the verdict was settled without linked evidence (needed for a verdict "
                        "on a claim with none; the report says so)")
    p.set_defaults(func=run_set_status)

    p = csub.add_parser("history", help="every recorded change to a claim")
    p.add_argument("id", type=record_id)
    add_format(p)
    p.set_defaults(func=run_history)

    p = csub.add_parser("import", help="add the claims of a CSV spreadsheet in one go")
    p.add_argument("file", type=Path)
    p.add_argument("--encoding", metavar="ENC",
                   help="the file's encoding (utf-8, cp1254, cp1256, …); guessed if not given")
    p.set_defaults(func=run_import)

    p = csub.add_parser("delete", help="delete a claim (recorded in its history)")
    p.add_argument("id", type=record_id)
    p.set_defaults(func=run_delete)

    p = csub.add_parser("link", help="link a passage to a claim as evidence")
    p.add_argument("id", type=record_id, help="claim id")
    p.add_argument("passage", type=record_id, help="passage id (see `factdesk sources show`)")
    p.add_argument("--stance", required=True, metavar="STANCE", help=" / ".join(STANCES))
    p.add_argument("--note", default="")
    p.set_defaults(func=run_link)


def run_list(args: Namespace) -> int:
    from db.queries.claims import ClaimFilter, list_claims

    flt = ClaimFilter(status=args.status or "", search=args.search, tag=args.tag)
    if args.format != "table":
        from db.queries.claim_stream import iter_claims
        from desktop.cli.common import stream

        # JSON and CSV are written claim by claim while they are read: no list of 100,000.
        with open_ws(args).session() as s:
            stream((plain_claim(c) for c in iter_claims(s, flt)), args.format, LIST_COLUMNS)
        return 0
    with open_ws(args).session() as s:
        page = list_claims(s, flt)
    rows = [r.as_dict() for r in page.rows]
    print_rows(rows, args.format, TABLE_COLUMNS)
    return 0


def plain_claim(claim: Any) -> dict[str, Any]:
    """A claim record as JSON-ready values (dates as ISO text), cheaper than `as_dict`."""
    row = {name: getattr(claim, name) for name in CLAIM_FIELDS}
    for name in ("claim_date", "review_by", "created_at", "updated_at"):
        value = row[name]
        if value is not None:
            row[name] = value.isoformat()
    return row


def run_show(args: Namespace) -> int:
    from db.queries.claims import get_claim
    from db.queries.evidence import evidence_for_claim

    with open_ws(args).session() as s:
        claim = get_claim(s, args.id)
        evidence = evidence_for_claim(s, args.id)
    data = claim.as_dict()
    data["evidence"] = [e.as_dict() for e in evidence]
    if args.format == "json":
        print_rows([data], "json", [])
        return 0
    for key in ("id", "text", "quote", "speaker", "article_title", "status", "rationale",
                "tags", "review_by", "updated_by", "updated_at", "version"):
        print(f"{key:>14}: {data[key] if data[key] is not None else ''}")
    if claim.settled_without_evidence:
        print(f"{'evidence':>14}: settled without linked evidence")
    for e in evidence:
        print(f"{e.stance:>14}: [{e.source_title or e.source_url}] {e.excerpt}")
    return 0


def run_add(args: Namespace) -> int:
    from desktop.ops.claims import create_claim

    ws = open_ws(args)
    claim, _ = create_claim(ws, text=args.text, quote=args.quote, article_id=args.article,
                            speaker=args.speaker, speaker_kind=args.speaker_kind,
                            claim_date=parse_date(args.date), tags=args.tags,
                            review_by=parse_date(args.review_by, "review-by date"))
    print(claim.id)
    if not args.no_match:
        from desktop.ops.matching import run_matching

        run, _ = run_matching(ws, claim_ids=[claim.id])
        if run.new:
            print(f"{run.new} passages suggested as evidence (factdesk match --claim {claim.id})",
                  file=sys.stderr)
    return 0


def run_set_status(args: Namespace) -> int:
    from db.errors import ConflictError
    from desktop.errors import UserError
    from desktop.ops.claims import set_status

    try:
        claim, _ = set_status(open_ws(args), args.id, args.status, rationale=args.rationale,
                              without_evidence=args.without_evidence)
    except ConflictError as exc:
        # The GUI offers both versions; on the command line, say what to do instead.
        raise UserError(f"claim {args.id} was changed by someone else at the same moment; "
                        f"nothing was saved — see `factdesk claims show {args.id}` and run "
                        "the command again if still needed") from exc
    settled = " (settled without linked evidence)" if claim.settled_without_evidence else ""
    print(f"claim {claim.id} is {claim.status}{settled}")
    return 0


def run_history(args: Namespace) -> int:
    from db.queries.claims import claim_history

    with open_ws(args).session() as s:
        rows = [h.as_dict() for h in claim_history(s, args.id)]
    print_rows(rows, args.format, ("at", "actor", "field", "old", "new", "rationale"))
    return 0


def run_import(args: Namespace) -> int:
    from desktop.core.claim_import import first_row_preview
    from desktop.ops.imports import import_spreadsheet, read_spreadsheet

    read = read_spreadsheet(args.file, args.encoding)  # every row checked before writing
    if read.decoded.guessed:
        print(f"factdesk: note: {args.file.name} is not UTF-8; read as {read.decoded.label}. "
              f"First row: {first_row_preview(read.rows)} (if garbled, give --encoding)",
              file=sys.stderr)
    n, _changes = import_spreadsheet(open_ws(args), read.rows)
    print(f"imported {n} claims")
    return 0


def run_delete(args: Namespace) -> int:
    from desktop.ops.claims import delete_claim

    delete_claim(open_ws(args), args.id)
    print(f"deleted claim {args.id}")
    return 0


def run_link(args: Namespace) -> int:
    from db.errors import AlreadyLinked
    from desktop.ops.claims import link_evidence

    try:
        ev, _ = link_evidence(open_ws(args), args.id, args.passage, args.stance, note=args.note)
    except AlreadyLinked as exc:
        if exc.evidence_id is None:
            raise
        raise AlreadyLinked(f"{exc} with `factdesk evidence set-stance {exc.evidence_id} "
                            f"{args.stance}`", evidence_id=exc.evidence_id) from None
    print(ev.id)
    return 0
