"""Creating and upgrading the schema, only ever through Alembic.

Before an existing SQLite file is upgraded it is copied with SQLite's online backup API and the
copy is checked (one backup per schema version, reused by retries); if that fails the upgrade is
refused and the file is left as it was. The whole upgrade, DDL included, runs in ONE
transaction on both SQLite and PostgreSQL, so an interrupted upgrade leaves the old schema
intact; a marker file lets the next start say so and name the backup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from db.engine import Workspace, describe, schema_lock
from db.errors import DatabaseUnavailable, SchemaTooNew, UserError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions. Opening an up-to-date workspace compares against
# this and never loads Alembic, which keeps the app's start quick; a test keeps it true.
HEAD = "0008"


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
    except DBAPIError as exc:
        if engine.dialect.name == "sqlite":
            from db.engine import sqlite_path
            from db.sqlite_errors import explain_sqlite_error

            raise explain_sqlite_error(exc, sqlite_path(str(engine.url))) from exc
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
    """Bring the schema to `target` in one transaction; returns the backup made first, if any."""
    if target == "head" and current_revision(ws.engine) == HEAD:
        return None
    rev = check_not_newer(ws.engine)
    if rev is None:
        tables = set(inspect(ws.engine).get_table_names())
        if tables:
            raise UserError(f"{describe(ws.url)} holds tables but is not a Factdesk workspace")
    if rev == head_revision() and target == "head":
        return None
    if ws.read_only:
        why = f"it is damaged ({ws.damage})" if ws.damage else "it cannot be written here"
        raise DatabaseUnavailable(f"{ws.path} needs a schema upgrade (from {rev}) but {why}; "
                                  "open it where it can be written, or restore a backup")
    backup = None
    path = ws.path
    if rev is not None and path is not None:
        from db.backup import before_upgrade
        from db.upgrade_guard import UpgradeMarker

        backup, _made = before_upgrade(path, rev)
        with UpgradeMarker(path, rev, backup):
            try:
                _run_upgrade(ws, target)
            except DBAPIError as exc:
                raise _upgrade_failed(path, rev, backup, exc) from exc
        return backup
    _run_upgrade(ws, target)
    return backup


def _upgrade_failed(path: Path, rev: str, backup: Path, exc: DBAPIError) -> UserError:
    """The upgrade was rolled back; say which backup holds the workspace as it should be.

    A workspace left half-upgraded by an older Factdesk (which committed DDL early) fails here
    every time; the first backup it took, before the first attempt, is the sound one."""
    from db.sqlite_errors import sqlite_message

    legacy = sorted(path.parent.glob(f"{path.name}.backup-{rev}-*"))
    good = legacy[0] if legacy else backup
    return UserError(f"the schema upgrade of {path} from {rev} failed ({sqlite_message(exc)}) "
                     f"and was undone; restore the copy taken before it with: factdesk --db "
                     f"{path} restore {good}")


def _run_upgrade(ws: Workspace, target: str) -> None:
    from alembic import command

    _run(ws, lambda cfg: command.upgrade(cfg, target))


def downgrade(ws: Workspace, target: str) -> None:
    from alembic import command

    check_not_newer(ws.engine)
    _run(ws, lambda cfg: command.downgrade(cfg, target))


def _run(ws: Workspace, step) -> None:
    """Run an Alembic command in one transaction: all of it is applied, or none of it."""
    from db.engine import end_explicit_transaction, explicit_transaction

    with ws.engine.connect() as conn:
        if ws.is_sqlite:
            # A batch rebuild drops and recreates tables; with foreign keys on, that would
            # cascade-delete child rows. Off for the migration (a no-op inside a transaction,
            # so set before BEGIN), checked before the commit.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            explicit_transaction(conn)
        try:
            with conn.begin():
                if ws.is_sqlite:
                    _drop_leftover_batch_tables(conn)
                step(alembic_config(conn))
                if ws.is_sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise UserError(f"the migration would leave {len(broken)} broken "
                                        "references; the workspace was left as it was")
        finally:
            if ws.is_sqlite:
                end_explicit_transaction(conn)
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def _drop_leftover_batch_tables(conn: Connection) -> None:
    # Alembic's batch mode copies into _alembic_tmp_<table>; one left by an interrupted upgrade
    # of an older Factdesk (which committed DDL early) would block every retry.
    names = [r[0] for r in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE '\\_alembic\\_tmp\\_%' "
        "ESCAPE '\\'")]
    for name in names:
        conn.exec_driver_sql(f'DROP TABLE "{name}"')


def open_workspace(url: str, *, upgrade_schema: bool = True, create: bool = True,
                   check: bool = True) -> Workspace:
    """Open the workspace at `url`, upgrading its schema as needed.

    With `create=False` (every CLI command but `init`) a missing file or an empty database is
    refused instead of being given a schema. SQLite files are checked first (see db.opening).
    """
    from db.opening import open_checked

    ws = open_checked(url, create=create, check=check)
    try:
        _prepare(ws, create=create, upgrade_schema=upgrade_schema)
    except BaseException:
        ws.dispose()
        raise
    return ws


def _prepare(ws: Workspace, *, create: bool, upgrade_schema: bool) -> None:
    rev = check_not_newer(ws.engine)
    if rev is None and not create:
        if set(inspect(ws.engine).get_table_names()):
            raise UserError(f"{_name(ws)} holds tables but is not a Factdesk workspace")
        raise UserError(f"{_name(ws)} holds no workspace yet; create one with: factdesk "
                        f"--db {_name(ws)} init")
    if not upgrade_schema:
        return
    from db.upgrade_guard import clear_marker, pending_upgrade

    pending = pending_upgrade(ws.path) if ws.path is not None and not ws.read_only else None
    backup = None
    if current_revision(ws.engine) != HEAD:
        with schema_lock(ws):  # racing first starts take turns; upgrade() re-checks
            backup = upgrade(ws)
    if pending is not None:
        done = "it has now been run again" if backup is not None else "it had completed"
        ws.notices.append(f"the last schema upgrade of {_name(ws)} (from schema "
                          f"{pending.revision}) was interrupted; {done}, in one piece; the "
                          f"workspace as it was before is kept in {pending.backup}")
        clear_marker(ws.path)  # type: ignore[arg-type]
    elif backup is not None:
        ws.notices.append(f"upgraded {_name(ws)} from schema {rev} to {HEAD}; the earlier "
                          f"version is kept in {backup}")


def _name(ws: Workspace) -> str:
    return str(ws.path) if ws.path is not None else describe(ws.url)
