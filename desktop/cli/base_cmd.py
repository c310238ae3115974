"""`factdesk init` and `factdesk demo`."""

from __future__ import annotations

from argparse import Namespace
from typing import Any

from desktop.cli.common import open_ws


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create or upgrade the workspace database")
    p.set_defaults(func=run_init)
    p = sub.add_parser("demo", help="load the seed article and its claims (safe to repeat)")
    p.set_defaults(func=run_demo)


def run_init(args: Namespace) -> int:
    from db.engine import describe
    from db.migrate import current_revision

    ws = open_ws(args, create=True)
    print(f"workspace {describe(ws.url)} at schema {current_revision(ws.engine)}")
    return 0


def run_demo(args: Namespace) -> int:
    from desktop.ops.demo import load_demo

    result, _ = load_demo(open_ws(args, create=True))
    print(f"seed article is document {result.article_id}; added {result.claims_added} of "
          f"{result.claims_total} seed claims")
    return 0
