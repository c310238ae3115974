"""`factdesk feeds ...`: follow RSS/Atom feeds whose new items become later sources."""

from __future__ import annotations

from argparse import Namespace
from typing import Any

from desktop.cli.common import add_format, open_ws, print_rows, record_id


def register(sub: Any) -> None:
    feeds = sub.add_parser("feeds", help="follow RSS/Atom feeds; new items become sources")
    fsub = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    p = fsub.add_parser("add", help="follow a feed (it is read once to check it); prints its id")
    p.add_argument("url")
    p.set_defaults(func=run_add)
    p = fsub.add_parser("list", help="the followed feeds")
    add_format(p)
    p.set_defaults(func=run_list)
    p = fsub.add_parser("remove", help="stop following a feed (its sources stay)")
    p.add_argument("id", type=record_id)
    p.set_defaults(func=run_remove)
    p = fsub.add_parser("poll", help="store the new items of every followed feed as sources")
    p.add_argument("--feed", type=record_id, action="append", help="only this feed id (repeatable)")
    p.set_defaults(func=run_poll)


def run_add(args: Namespace) -> int:
    from desktop.ops.feeds import add_feed

    feed, _changes = add_feed(open_ws(args), args.url)
    print(feed.id)
    return 0


def run_list(args: Namespace) -> int:
    from desktop.ingest.netpolicy import mask_url
    from desktop.ops.feeds import list_feeds

    rows = [f.as_dict() for f in list_feeds(open_ws(args))]
    for row in rows:  # a feed's password stays in the workspace, never on screen
        row["url"] = mask_url(row["url"])
    print_rows(rows, args.format, ("id", "title", "url", "last_polled"))
    return 0


def run_remove(args: Namespace) -> int:
    from desktop.ops.feeds import remove_feed

    remove_feed(open_ws(args), args.id)
    print(f"stopped following feed {args.id}")
    return 0


def run_poll(args: Namespace) -> int:
    import sys

    from desktop.ops.feeds import poll

    outcome, _changes = poll(open_ws(args), feed_ids=args.feed)
    if outcome.suggested:
        print(f"{outcome.suggested} passages suggested as evidence (factdesk match)",
              file=sys.stderr)
    failed = 0
    for r in outcome.feeds:
        if r.error:
            failed += 1
            print(f"factdesk: feed {r.feed_id}: {r.error}", file=sys.stderr)
        else:
            print(f"feed {r.feed_id}: {len(r.new_documents)} new sources"
                  + (" (" + ", ".join(map(str, r.new_documents)) + ")" if r.new_documents
                     else ""))
    return 1 if failed and failed == len(outcome.feeds) else 0
