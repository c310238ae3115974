"""Portable copies of any workspace as a SQLite file: `factdesk backup --out` on PostgreSQL.

The export is a complete Factdesk SQLite workspace (schema by Alembic, rows copied table by
table in foreign-key order), so it can be opened directly, restored into SQLite, or restored
into PostgreSQL, where all rows are replaced in one transaction and the id sequences reset.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import Table, delete, func, insert, select, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from db.backup import check_file
from db.engine import Workspace, data_dir, describe
from db.errors import UserError

CHUNK = 2000


def _tables() -> list[Table]:
    import db.models  # noqa: F401  (registers the tables)

    return list(SQLModel.metadata.sorted_tables)


def _copy_rows(src: Connection, dst: Connection) -> int:
    total = 0
    for table in _tables():
        order = list(table.primary_key.columns)
        result = src.execute(select(table).order_by(*order)).mappings()
        while True:
            rows = [dict(r) for r in result.fetchmany(CHUNK)]
            if not rows:
                break
            dst.execute(insert(table), rows)
            total += len(rows)
    return total


def export_sqlite(ws: Workspace, out: Path) -> int:
    """Write every row of `ws` into a new, checked SQLite workspace at `out`; rows copied."""
    from db.migrate import HEAD, current_revision, open_workspace

    if current_revision(ws.engine) != HEAD:
        raise UserError(f"{describe(ws.url)} is not at the current schema; open it once first")
    out = out.expanduser().resolve()
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    target = open_workspace(f"sqlite:///{partial}", create=True, check=False)
    try:
        with ws.engine.connect() as src, target.engine.begin() as dst:
            rows = _copy_rows(src, dst)
    except BaseException:
        target.dispose()
        partial.unlink(missing_ok=True)
        raise
    target.dispose()
    with contextlib.closing(sqlite3.connect(partial)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    problem = check_file(partial)
    if problem:
        partial.unlink(missing_ok=True)
        raise UserError(f"the export did not verify ({problem}); nothing was written")
    os.replace(partial, out)
    return rows


def restore_from_sqlite(ws: Workspace, source: Path) -> Path:
    """Replace every row of the (PostgreSQL) workspace `ws` with those of the export `source`.

    The current rows are exported first; returns where. All or nothing: one transaction."""
    from db.migrate import open_workspace
    from db.restore import check_backup

    check_backup(source)
    keep = pg_backup_dir(ws) / f"before-restore-{datetime.now():%Y%m%d-%H%M%S}.sqlite"
    keep.parent.mkdir(parents=True, exist_ok=True)
    export_sqlite(ws, keep)
    with tempfile.TemporaryDirectory() as tmp:
        # An export from an older Factdesk is brought to the current schema on a copy.
        copy = Path(tmp) / "restore.sqlite"
        shutil.copyfile(source, copy)
        src_ws = open_workspace(f"sqlite:///{copy}")
        try:
            with src_ws.engine.connect() as src, ws.engine.begin() as dst:
                for table in reversed(_tables()):
                    dst.execute(delete(table))
                _copy_rows(src, dst)
                if dst.dialect.name == "postgresql":
                    _reset_sequences(dst)
        finally:
            src_ws.dispose()
    return keep


def _reset_sequences(conn: Connection) -> None:
    for table in _tables():
        if "id" not in table.columns:
            continue
        top = conn.execute(select(func.max(table.c.id))).scalar()
        conn.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, :called)"),
                     {"t": table.name, "v": top or 1, "called": top is not None})


def pg_backup_dir(ws: Workspace) -> Path:
    """Where the CLI keeps the export taken before a PostgreSQL restore."""
    import hashlib

    key = hashlib.sha256(describe(ws.url).encode()).hexdigest()[:12]
    return data_dir() / "factdesk-backups" / f"postgresql-{key}"
