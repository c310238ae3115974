"""`factdesk backup [--out FILE]`, `factdesk backups list`, `factdesk restore FILE`.

SQLite workspaces are copied with SQLite's online backup API and the copy is checked before it
counts; PostgreSQL workspaces are exported to a portable SQLite file (`--out`), which `restore`
reads back. See db/backup.py for where backups are kept and how long.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

from desktop.cli.common import add_format, print_rows

LIST_COLUMNS = ("taken", "kind", "size_mb", "file")


def register(sub: Any) -> None:
    p = sub.add_parser("backup", help="take a checked backup of the workspace now",
                       description="SQLite: a checked copy in the backups folder (or --out). "
                                   "PostgreSQL: --out FILE writes a portable SQLite export; "
                                   "for routine team backups use pg_dump (see README).")
    p.add_argument("--out", metavar="FILE", help="write the backup to FILE (must not exist)")
    p.set_defaults(func=run_backup)
    p = sub.add_parser("backups", help="list the workspace's backups",
                       description="Daily backups are kept for 7 days plus one a week for 4 "
                                   "weeks; change with `factdesk settings set "
                                   "backup_keep_daily N` / `backup_keep_weekly N`.")
    bsub = p.add_subparsers(dest="backups_command", metavar="ACTION", required=True)
    lp = bsub.add_parser("list", help="every backup, newest first")
    add_format(lp)
    lp.set_defaults(func=run_list)
    p = sub.add_parser("restore", help="replace the workspace with a backup (the current one "
                                       "is kept as a backup first)")
    p.add_argument("file", metavar="FILE", help="a backup or export written by Factdesk")
    p.set_defaults(func=run_restore)


def _url(args: Namespace) -> str:
    from db.engine import resolve_url

    return resolve_url(getattr(args, "db", None))


def run_backup(args: Namespace) -> int:
    from db.backup import copy_checked, take
    from db.engine import is_sqlite, sqlite_path
    from desktop.cli.common import open_ws
    from desktop.errors import UserError

    url = _url(args)
    out = Path(args.out).expanduser().resolve() if args.out else None
    if out is not None and out.exists():
        raise UserError(f"{out} already exists; choose a new file name")
    if is_sqlite(url):
        path = sqlite_path(url)
        ws = open_ws(args)  # refuses a missing, empty or non-SQLite file
        from desktop.core.settings import backup_keep

        keep_daily, keep_weekly = backup_keep(ws)
        ws.dispose()
        assert path is not None
        written = copy_checked(path, out) if out is not None else take(
            path, "manual", keep_daily=keep_daily, keep_weekly=keep_weekly)
        print(written)
        return 0
    if out is None:
        raise UserError("a PostgreSQL workspace is backed up with pg_dump (see README), or "
                        "exported with: factdesk backup --out FILE.sqlite")
    from db.portable import export_sqlite

    ws = open_ws(args)
    try:
        rows = export_sqlite(ws, out)
    finally:
        ws.dispose()
    print(out)
    print(f"{rows} rows exported", file=sys.stderr)
    return 0


def run_list(args: Namespace) -> int:
    from db.backup import list_backups
    from db.engine import is_sqlite, sqlite_path
    from desktop.errors import UserError

    url = _url(args)
    if not is_sqlite(url):
        raise UserError("PostgreSQL workspaces keep no automatic backups here: use pg_dump "
                        "(see README) or factdesk backup --out FILE")
    path = sqlite_path(url)
    assert path is not None
    rows = [b.as_dict() for b in list_backups(path)]
    if args.format != "table":
        print_rows(rows, args.format, LIST_COLUMNS)
    elif not rows:
        print(f"no backups of {path} yet (factdesk backup takes one)", file=sys.stderr)
    else:
        # Paths in full (the shared table printer shortens long cells): they are to be copied.
        for r in rows:
            print(f"{r['taken']}  {r['kind']:<20} {r['size_mb']:>7} MB  {r['file']}")
    return 0


def run_restore(args: Namespace) -> int:
    from db.engine import is_sqlite, sqlite_path
    from desktop.cli.common import open_ws

    url = _url(args)
    source = Path(args.file).expanduser().resolve()
    if is_sqlite(url):
        from db.restore import restore_sqlite

        path = sqlite_path(url)
        assert path is not None
        kept = restore_sqlite(path, source)
        print(f"restored {path} from {source}")
        if kept is not None:
            print(f"the workspace as it was is kept in {kept}", file=sys.stderr)
        return 0
    from db.engine import describe
    from db.portable import restore_from_sqlite

    ws = open_ws(args)
    try:
        kept = restore_from_sqlite(ws, source)
    finally:
        ws.dispose()
    print(f"restored {describe(url)} from {source}")
    print(f"the workspace as it was is exported to {kept}", file=sys.stderr)
    return 0
