"""Run one Factdesk operation in a process the crash tests kill with SIGKILL.

`python crash_worker.py OP ARGS...`: imports what the operation needs first, prints `ready`,
then runs it, so the parent's random kill lands inside the operation rather than in imports.
OP is `open URL` (a normal start: open and upgrade) or `cli ARGS...` (a `factdesk` command).
"""

from __future__ import annotations

import sys

PRELOAD = ("db.migrate", "db.backup", "db.opening", "alembic.command", "desktop.cli",
           "desktop.cli.claims_cmd", "desktop.cli.import_cmd", "desktop.cli.match_cmd",
           "desktop.cli.report_cmd", "desktop.ops.imports", "desktop.core.suggest",
           "desktop.reports.pdf")


def main(argv: list[str]) -> int:
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    op, args = argv[0], argv[1:]
    print("ready", flush=True)
    if op == "open":
        from db.migrate import open_workspace

        open_workspace(args[0], create=False).dispose()
        print("done", flush=True)
        return 0
    if op == "cli":
        from desktop.cli import main as cli_main

        code = cli_main(args)
        print("done", flush=True)
        return code
    raise SystemExit(f"unknown operation {op}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
