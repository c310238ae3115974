"""`factdesk import FILE|URL|- --as article|source`: bring a document in; prints its id.

For an article, `--propose` lists the ranked claim candidates without writing anything, and
`--accept N` logs the top N as claims in the same transaction as the import.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from typing import Any

from desktop.cli.common import add_format, parse_date, print_rows

CANDIDATE_COLUMNS = ("rank", "score", "speaker", "text")


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="import a text, web page, PDF or URL as an article or "
                                      "a later source; prints the document id")
    p.add_argument("source", metavar="FILE|URL",
                   help="a .txt/.md/.html/.htm/.pdf file, an http(s) URL, or - for stdin")
    p.add_argument("--as", dest="kind", choices=("article", "source"), required=True,
                   help="article: the text under check; source: a later report or statement")
    p.add_argument("--title", default="")
    p.add_argument("--outlet", default="")
    p.add_argument("--author", default="")
    p.add_argument("--published", help="publication date (YYYY-MM-DD)")
    p.add_argument("--no-match", action="store_true",
                   help="do not match a new source against the open claims")
    p.add_argument("--propose", action="store_true",
                   help="list the ranked claim candidates of an article (writes nothing)")
    p.add_argument("--top", type=int, default=0, help="with --propose: only the best N")
    p.add_argument("--accept", type=int, default=0, metavar="N",
                   help="log the N best candidates as claims (near-repeats are skipped)")
    add_format(p)
    p.set_defaults(func=run)


def run(args: Namespace) -> int:
    from desktop.errors import UserError
    from desktop.ops.imports import draft_claim, import_and_match, prepare_import, with_metadata

    if (args.propose or args.accept) and args.kind != "article":
        raise UserError("--propose and --accept are for articles (--as article)")
    if args.accept < 0 or args.top < 0:
        raise UserError("--accept and --top take a positive number")
    published = parse_date(args.published, "published date")
    prepared = (prepare_import(text=sys.stdin.read(), kind=args.kind) if args.source == "-"
                else prepare_import(args.source, kind=args.kind))
    for note in prepared.extracted.notes:
        print(f"factdesk: note: {note}", file=sys.stderr)
    changes = {k: v for k, v in (("title", args.title), ("outlet", args.outlet),
                                 ("author", args.author), ("published", published)) if v}
    if changes:
        prepared = with_metadata(prepared, **changes)
    if args.propose and not args.accept:
        rows = [c.as_dict() for c in prepared.candidates[:args.top or None]]
        print_rows(rows, args.format, CANDIDATE_COLUMNS)
        return 0
    # Everything is validated and computed before the one transaction that writes.
    from desktop.cli.common import open_ws

    ws = open_ws(args)
    accepted = prepared.candidates[:args.accept]
    imported, _changes = import_and_match(ws, prepared, kind=args.kind, match=not args.no_match,
                                          claims=[draft_claim(prepared, c) for c in accepted])
    result, matched = imported.result, imported.matched
    for skip in result.skipped:
        print(f"factdesk: skipped candidate {accepted[skip.index].rank}: it nearly repeats "
              f"claim {skip.repeats.claim_id}", file=sys.stderr)
    if not result.created:
        print(f"factdesk: the same text is already document {result.document.id}; "
              "nothing new stored", file=sys.stderr)
    if matched is not None and matched.new:
        print(f"{matched.new} passages suggested as evidence for open claims (factdesk match)",
              file=sys.stderr)
    if args.propose:
        # One JSON/CSV/table document on stdout: the candidates, each naming the stored
        # document and the claim logged from it, if any.
        logged = {c.quote_start: c.id for c in result.claims}
        rows = [{**c.as_dict(), "document_id": result.document.id,
                 "claim_id": logged.get(c.quote_start)}
                for c in prepared.candidates[:args.top or None]]
        print_rows(rows, args.format, (*CANDIDATE_COLUMNS, "claim_id"))
        return 0
    print(result.document.id)
    for claim in result.claims:
        print(f"claim {claim.id}: {claim.text}")
    return 0
