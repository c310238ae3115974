"""`factdesk match`, `factdesk suggestions ...` and `factdesk aliases ...`."""

from __future__ import annotations

import sys
from argparse import Namespace
from typing import Any

from db.vocab import STANCES
from desktop.cli.common import add_format, open_ws, print_rows, record_id

COLUMNS = ("id", "claim_id", "passage_id", "score", "strong", "state", "source_title",
           "passage_text", "spans")


def register(sub: Any) -> None:
    p = sub.add_parser("match", help="match claims against later sources; list suggestions")
    p.add_argument("--claim", type=record_id, help="only this claim (even if it has a verdict)")
    p.add_argument("--state", default="pending", choices=("pending", "accepted", "rejected"),
                   help="which suggestions to list (default: pending)")
    add_format(p)
    p.set_defaults(func=run_match)

    s = sub.add_parser("suggestions", help="accept or reject suggested evidence")
    ssub = s.add_subparsers(dest="suggestions_command", metavar="ACTION", required=True)
    p = ssub.add_parser("accept", help="link a suggestion as evidence")
    p.add_argument("id", type=record_id)
    p.add_argument("--stance", required=True, metavar="STANCE", help=" / ".join(STANCES))
    p.add_argument("--note", default="")
    p.set_defaults(func=run_accept)
    p = ssub.add_parser("reject", help="reject a suggestion; it will not be suggested again")
    p.add_argument("id", type=record_id)
    p.set_defaults(func=run_reject)

    a = sub.add_parser("aliases", help="names the matcher treats as the same (Türkiye = Turkey)")
    asub = a.add_subparsers(dest="aliases_command", metavar="ACTION", required=True)
    p = asub.add_parser("list", help="the workspace's alias groups (built-in ones with --all)")
    p.add_argument("--all", action="store_true")
    p.set_defaults(func=run_aliases_list)
    p = asub.add_parser("add", help="add terms to a group (created if new)")
    p.add_argument("group")
    p.add_argument("terms", nargs="+")
    p.set_defaults(func=run_aliases_add)
    p = asub.add_parser("remove", help="remove a term from a group")
    p.add_argument("group")
    p.add_argument("term")
    p.set_defaults(func=run_aliases_remove)


def run_match(args: Namespace) -> int:
    from db.queries.claims import get_claim
    from db.queries.suggestions import list_suggestions
    from desktop.core.suggest import LEXICAL_NOTE
    from desktop.ops.matching import run_matching

    ws = open_ws(args)
    if args.claim is not None:
        with ws.session() as s:
            get_claim(s, args.claim)
    run, _ = run_matching(ws, claim_ids=[args.claim] if args.claim is not None else None)
    if not run.semantic:
        print(f"factdesk: note: {LEXICAL_NOTE}", file=sys.stderr)
    with ws.session() as s:
        rows = [r.as_dict() for r in list_suggestions(s, claim_id=args.claim, state=args.state)]
    if args.format == "table":
        print(f"matched {run.claims} claims against {run.passages} passages: "
              f"{run.new} new suggestions")
        for r in rows:
            r["score"] = f"{r['score']:.2f}"
        print_rows(rows, "table",
                   ("id", "claim_id", "score", "strong", "source_title", "passage_text"))
    else:
        print_rows(rows, args.format, COLUMNS)
    return 0


def run_accept(args: Namespace) -> int:
    from desktop.ops.suggestions import accept

    ev, _ = accept(open_ws(args), args.id, args.stance, note=args.note)
    print(f"evidence {ev.id}: {ev.stance} for claim {ev.claim_id}")
    return 0


def run_reject(args: Namespace) -> int:
    from desktop.ops.suggestions import reject

    reject(open_ws(args), args.id)
    print(f"rejected suggestion {args.id}")
    return 0


def run_aliases_list(args: Namespace) -> int:
    from db.queries.settings import alias_groups
    from desktop.matching import DEFAULT_ALIASES

    with open_ws(args).session() as s:
        groups = alias_groups(s)
    rows = [{"group": g, "terms": " = ".join(t), "origin": "workspace"} for g, t in groups.items()]
    if args.all:
        rows += [{"group": g[0], "terms": " = ".join(g), "origin": "built-in"}
                 for g in DEFAULT_ALIASES]
    print_rows(rows, "table", ("group", "terms", "origin"))
    return 0


def run_aliases_add(args: Namespace) -> int:
    from db.queries.settings import add_alias

    with open_ws(args).session() as s:
        for term in [args.group, *args.terms]:
            add_alias(s, args.group, term)
    print(f"{args.group} = " + " = ".join(args.terms))
    return 0


def run_aliases_remove(args: Namespace) -> int:
    from db.errors import NotFound
    from db.queries.settings import remove_alias

    with open_ws(args).session() as s:
        if not remove_alias(s, args.group, args.term):
            raise NotFound(f"{args.term!r} is not in the alias group {args.group!r}")
    return 0
