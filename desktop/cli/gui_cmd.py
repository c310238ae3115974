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
    p.add_argument("--tab", choices=("overview", "history", "suggestions", "figures"),
                   help="with --screenshot: the detail tab to show")
    p.add_argument("--source", type=int, metavar="DOC",
                   help="with --screenshot: the document to show in the Sources panel")
    p.add_argument("--select-text", metavar="WORDS", default="",
                   help="with --screenshot: select these words of the shown source")
    p.add_argument("--inbox", action="store_true",
                   help="with --screenshot: open the suggestions inbox")
    p.add_argument("--import-file", metavar="FILE", default="",
                   help="with --screenshot: open the import dialog on FILE and save it instead")
    p.add_argument("--report-options", action="store_true",
                   help="with --screenshot: open File → Export report and save its dialog")
    p.add_argument("--search", metavar="TEXT", nargs="?", const="", default=None,
                   help="with --screenshot: open Tools → Search the sources for TEXT (default: "
                        "the shown claim's text) and save its dialog")
    p.add_argument("--dark", action="store_true",
                   help="with --screenshot: a dark palette")
    p.set_defaults(func=run)


def run(args: Namespace) -> int:
    from desktop.app import main

    scene = None
    if args.screenshot is not None and (args.tab or args.source is not None or args.select_text
                                        or args.inbox or args.import_file or args.dark
                                        or args.report_options or args.search is not None):
        from desktop.ui.screenshot_scene import Scene

        scene = Scene(tab=args.tab or "", source=args.source, select_text=args.select_text,
                      inbox=args.inbox, import_file=args.import_file, dark=args.dark,
                      report_options=args.report_options, search=args.search)
    return main(db=args.db, screenshot=args.screenshot, size=args.size, select=args.select,
                scene=scene)
