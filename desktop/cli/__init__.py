"""The `factdesk` command line.

Each sub-command lives in a module of this package exposing `register(subparsers)`, which adds
its parser and sets `func=run`. Modules import heavy libraries inside `run`, so that
`factdesk --help` and the GUI start quickly.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from desktop import __version__
from desktop.errors import UserError

# The order here is the order of `factdesk --help`.
COMMAND_MODULES = (
    "desktop.cli.base_cmd",
    "desktop.cli.claims_cmd",
    "desktop.cli.evidence_cmd",
    "desktop.cli.sources_cmd",
    "desktop.cli.match_cmd",
    "desktop.cli.rank_cmd",
    "desktop.cli.gui_cmd",
    "desktop.cli.import_cmd",
    "desktop.cli.feeds_cmd",
    "desktop.cli.measure_cmd",
    "desktop.cli.observations_cmd",
    "desktop.cli.report_cmd",
    "desktop.cli.export_cmd",
    "desktop.cli.settings_cmd",
    "desktop.cli.backup_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factdesk",
        description="Factdesk: log claims, match later sources, settle verdicts, publish reports. "
                    "Without a command, opens the desktop app.")
    parser.add_argument("--version", action="version", version=f"factdesk {__version__}")
    parser.add_argument("--db", metavar="URL",
                        help="database URL or SQLite file (default: $FACTDESK_DB, else the "
                             "workspace in your user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "func", None) is None:
        if args.command is None:
            from desktop.app import main as gui_main

            return gui_main(db=args.db)
        build_parser().parse_args([args.command, "--help"])
        return 2
    from desktop.cli.common import close_opened

    succeeded = False
    try:
        code = int(args.func(args) or 0)
        succeeded = True
        return code
    except UserError as exc:
        print(f"factdesk: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("factdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        close_opened(succeeded=succeeded)


if __name__ == "__main__":
    sys.exit(main())
