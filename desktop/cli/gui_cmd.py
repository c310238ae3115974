"""`factdesk gui`: open the desktop app, or save a screenshot of it and exit."""

from __future__ import annotations

import re
from argparse import ArgumentTypeError, Namespace
from pathlib import Path
from typing import Any

from desktop.cli.common import record_id


def _size(value: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{3,5})\s*[xX×]\s*(\d{3,5})\s*", value)
    if not m:
        raise ArgumentTypeError(f"not a window size like 1400x850: {value!r}")
    return int(m.group(1)), int(m.group(2))


def register(sub: Any) -> None:
    p = sub.add_parser("gui", help="open the desktop app (the default without a command)")
    p.add_argument("--screenshot", metavar="FILE.png", type=Path,
                   help="wait until the claims list is shown, save the window as a PNG, print "
                        "'loaded in X.XX s' and exit (works on the offscreen platform)")
    p.add_argument("--size", type=_size, default=None, metavar="WxH",
                   help="window size for --screenshot (default 1400x850)")
    p.add_argument("--select", type=record_id, metavar="ID",
                   help="with --screenshot: the claim to show in the detail")
    p.set_defaults(func=run)


def run(args: Namespace) -> int:
    from desktop.app import main

    return main(db=args.db, screenshot=args.screenshot, size=args.size, select=args.select)
