"""`factdesk sources ...`: the documents in the workspace and their passages."""

from __future__ import annotations

from argparse import Namespace
from typing import Any

from desktop.cli.common import add_format, open_ws, print_rows, record_id

COLUMNS = ("id", "kind", "title", "outlet", "author", "url", "published", "retrieved_at",
           "language", "sha256", "previous_id", "passage_count")


def register(sub: Any) -> None:
    sources = sub.add_parser("sources", help="the article(s) under check and later sources")
    ssub = sources.add_subparsers(dest="sources_command", metavar="ACTION", required=True)
    p = ssub.add_parser("list", help="list documents")
    p.add_argument("--kind", choices=("article", "source"))
    add_format(p)
    p.set_defaults(func=run_list)
    p = ssub.add_parser("show", help="one document's passages with their ids and offsets")
    p.add_argument("id", type=record_id)
    add_format(p)
    p.set_defaults(func=run_show)
    p = ssub.add_parser("search", help="the source passages nearest to a text (words or a "
                                       "claim), best first, however weak")
    p.add_argument("text", nargs="?", default=None,
                   help="what to look for: a claim's sentence or a few words")
    p.add_argument("--claim", type=record_id, metavar="ID",
                   help="search for this claim's text instead of TEXT")
    p.add_argument("--limit", type=int, default=20, help="passages to list (default: 20)")
    add_format(p)
    p.set_defaults(func=run_search)


def run_list(args: Namespace) -> int:
    from db.queries.documents import list_documents

    with open_ws(args).session() as s:
        rows = [d.as_dict() for d in list_documents(s, args.kind)]
    cols = ("id", "kind", "title", "outlet", "published", "passage_count") \
        if args.format == "table" else COLUMNS
    print_rows(rows, args.format, cols)
    return 0


def run_show(args: Namespace) -> int:
    from db.queries.documents import get_document, passages_for

    with open_ws(args).session() as s:
        get_document(s, args.id)
        rows = [{"id": p.id, "seq": p.seq, "start": p.start, "end": p.end, "text": p.text}
                for p in passages_for(s, args.id)]
    print_rows(rows, args.format, ("id", "seq", "start", "end", "text"))
    return 0


def run_search(args: Namespace) -> int:
    import sys

    from desktop.core.passage_search import search_passages
    from desktop.core.suggest import LEXICAL_NOTE
    from desktop.errors import UserError

    if (args.text is None) == (args.claim is None):
        raise UserError("give the text to search for, or --claim ID (not both)")
    ws = open_ws(args)
    text = args.text
    if args.claim is not None:
        from db.queries.claims import get_claim

        with ws.session() as s:
            text = get_claim(s, args.claim).text
    found = search_passages(ws, text, limit=args.limit)
    if not found.semantic:
        print(f"factdesk: note: {LEXICAL_NOTE}", file=sys.stderr)
    rows = [{"passage_id": h.passage_id, "score": round(h.score, 3),
             "document_id": h.document_id, "source": h.source, "text": h.text}
            for h in found.hits]
    print_rows(rows, args.format, ("passage_id", "score", "document_id", "source", "text"))
    return 0
