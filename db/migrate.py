"""Creating and upgrading the schema, only ever through Alembic.

Before an existing SQLite file is upgraded it is copied with SQLite's online backup API and the
copy is checked; if that fails the upgrade is refused and the file is left as it was.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from db.engine import Workspace, describe, schema_lock, sqlite_path
from db.errors import DatabaseUnavailable, SchemaTooNew, UserError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions. Opening an up-to-date workspace compares against
# this and never loads Alembic, which keeps the app's start quick; a test keeps it true.
HEAD = "0007"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script().get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            if "alembic_version" not in inspect(conn).get_table_names():
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError) as exc:
        raise DatabaseUnavailable(f"cannot open the database {describe(str(engine.url))}: "
                                  f"{str(exc.orig).strip().splitlines()[0]}") from exc


def check_not_newer(engine: Engine) -> str | None:
    """The current revision; refuses a database written by a newer Factdesk."""
    rev = current_revision(engine)
    if rev is not None and rev not in {r.revision for r in script().walk_revisions()}:
        raise SchemaTooNew(
            f"this workspace was written by a newer Factdesk (schema {rev}); "
            "upgrade Factdesk to open it"
        )
    return rev


def upgrade(ws: Workspace, target: str = "head") -> Path | None:
    """Bring the schema to `target`; returns the backup made first, if any."""
    if target == "head" and current_revision(ws.engine) == HEAD:
        return None
    rev = check_not_newer(ws.engine)
    if rev is None:
        tables = set(inspect(ws.engine).get_table_names())
        if tables:
            raise UserError(f"{describe(ws.url)} holds tables but is not a Factdesk workspace")
    if rev == head_revision() and target == "head":
        return None
    backup = None
    if rev is not None and ws.is_sqlite:
        path = sqlite_path(ws.url)
        if path is not None:
            backup = backup_sqlite(path, label=rev)
    from alembic import command

    _run(ws, lambda cfg: command.upgrade(cfg, target))
    return backup


def downgrade(ws: Workspace, target: str) -> None:
    from alembic import command

    check_not_newer(ws.engine)
    _run(ws, lambda cfg: command.downgrade(cfg, target))


def _run(ws: Workspace, step) -> None:
    with ws.engine.connect() as conn:
        if ws.is_sqlite:
            # A batch rebuild drops and recreates tables; with foreign keys on, that would
            # cascade-delete child rows. Off for the migration, checked afterwards.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            step(alembic_config(conn))
            conn.commit()
            if ws.is_sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise UserError(f"migration left {len(broken)} broken references; "
                                    "restore the backup next to the workspace file")
        finally:
            if ws.is_sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def backup_sqlite(path: Path, *, label: str) -> Path:
    """Copy a live SQLite file with the online backup API and verify the copy."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.backup-{label}-{stamp}")
    try:
        src = sqlite3.connect(path)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            ok = dst.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            ok = ok and _row_counts(src) == _row_counts(dst)
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise UserError(f"backup before upgrading failed ({exc}); the workspace was not changed") \
            from exc
    if not ok:
        raise UserError(f"backup {target} did not verify; the workspace was not upgraded")
    return target


def _row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def open_workspace(url: str, *, upgrade_schema: bool = True) -> Workspace:
    """Open (creating or upgrading as needed) the workspace at `url`."""
    ws = Workspace(url)
    if upgrade_schema:
        if current_revision(ws.engine) != HEAD:
            with schema_lock(ws):  # racing first starts take turns; upgrade() re-checks
                upgrade(ws)
    else:
        check_not_newer(ws.engine)
    return ws
