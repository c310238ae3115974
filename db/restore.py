"""Putting a backup back: check it first, keep the current workspace as a backup, then swap.

A SQLite workspace that is still a sound database is overwritten through the online backup API,
which is one write transaction on the live file: other connections (the open app, the CLI) see
either the old or the restored workspace, never a mix, and a crash leaves the old one. A damaged
file is moved aside (kept as `damaged-…`) and replaced whole. A PostgreSQL workspace is filled
from a portable SQLite export in one transaction (see db.portable).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from db.backup import BackupFailed, backup_dir, check_file, take
from db.errors import SchemaTooNew, UserError


def check_backup(source: Path) -> str:
    """The schema revision of a sound Factdesk backup at `source`; refuses anything else."""
    if not source.is_file():
        raise UserError(f"no such file: {source}")
    problem = check_file(source)
    if problem:
        raise UserError(f"{source} is not a sound backup ({problem}); nothing was changed")
    from db.migrate import script

    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise UserError(f"{source} is not a Factdesk workspace backup ({exc}); nothing was "
                        "changed") from exc
    if rev is None:
        raise UserError(f"{source} is not a Factdesk workspace backup; nothing was changed")
    if rev[0] not in {r.revision for r in script().walk_revisions()}:
        raise SchemaTooNew(f"{source} was written by a newer Factdesk (schema {rev[0]}); "
                           "nothing was changed")
    return str(rev[0])


def restore_sqlite(workspace: Path, source: Path, *, keep_current: bool = True) -> Path | None:
    """Replace the SQLite workspace with the backup `source`; returns where the old one is kept."""
    check_backup(source)
    if source.resolve() == workspace.resolve():
        raise UserError(f"{source} is the workspace itself; nothing was changed")
    sound = workspace.exists() and check_file(workspace, quick=True) is None
    kept: Path | None = None
    if keep_current and workspace.exists():
        kept = take(workspace, "before-restore") if sound else _keep_damaged(workspace)
    if sound:
        _copy_into_live(source, workspace)
    else:
        _replace_file(source, workspace)
    problem = check_file(workspace, quick=True)
    if problem:  # not expected: the copy was checked; say so rather than carry on
        raise BackupFailed(f"{workspace} did not verify after the restore ({problem}); the "
                           f"previous workspace is kept in {kept}")
    return kept


def _copy_into_live(source: Path, workspace: Path) -> None:
    from db.engine import connect_sqlite

    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = connect_sqlite(workspace, "rw")
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise UserError(f"cannot restore into {workspace}: {str(exc).splitlines()[0]}; the "
                        "workspace was left as it was") from exc
    finally:
        src.close()


def _replace_file(source: Path, workspace: Path) -> None:
    # The old file is not a database (or is damaged): nothing can be written into it, so the
    # checked copy is built beside it and renamed over it.
    partial = workspace.with_name(workspace.name + ".restoring")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        for suffix in ("-wal", "-shm"):  # a stale WAL would be replayed into the new file
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(workspace) + suffix)
        os.replace(partial, workspace)
    except (sqlite3.Error, OSError) as exc:
        raise UserError(f"cannot restore {workspace}: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)


def _keep_damaged(workspace: Path) -> Path:
    folder = backup_dir(workspace)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"damaged-{datetime.now():%Y%m%d-%H%M%S}.sqlite"
    shutil.copyfile(workspace, target)
    wal = Path(str(workspace) + "-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(str(target) + "-wal"))
    return target
