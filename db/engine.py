"""Engines, sessions and the workspace handle: the only door to storage.

A `Workspace` wraps one engine. Every unit of work is `with ws.session() as s: ...`, which
commits on success and rolls back on any exception, so a refused command writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, create_engine

from db.errors import ConflictError, DatabaseUnavailable, UserError

APP_NAME = "Factdesk"
ENV_DB = "FACTDESK_DB"


def data_dir() -> Path:
    """The user data folder; FACTDESK_HOME overrides it (tests, portable installs)."""
    override = os.environ.get("FACTDESK_HOME")
    if override:
        return Path(override)
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'workspace.sqlite'}"


def resolve_url(url: str | None = None) -> str:
    """`--db` beats FACTDESK_DB beats the default file. A bare path means a SQLite file."""
    url = url or os.environ.get(ENV_DB) or default_url()
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    # psycopg 3 is the PostgreSQL driver; plain postgresql:// would ask for psycopg2.
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            url = "postgresql+psycopg://" + url[len(plain):]
    return url


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for an in-memory database."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return None
    return Path(database)


def _on_sqlite_connect(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # Foreign keys are off by default in SQLite and per connection, so every connection sets them.
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(f"not a database URL: {url}") from exc
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailable(f"cannot create {path.parent}: {exc.strerror}") from exc
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise UserError(f"unsupported database {parsed.get_backend_name()!r}: "
                        "use SQLite or PostgreSQL")
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def describe(url: str) -> str:
    """The URL without its password, for messages and the settings dialog."""
    return make_url(url).render_as_string(hide_password=True)


class Workspace:
    """One database, opened once; sessions are short and one at a time per writer."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commit when the block ends, roll back if it raises."""
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            raise ConflictError("someone else changed this record meanwhile; reload it") from exc
        except OperationalError as exc:
            session.rollback()
            raise DatabaseUnavailable(f"database error: {_first_line(exc)}") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@contextmanager
def schema_lock(ws: Workspace) -> Iterator[None]:
    """Held while the schema is created or upgraded, so racing first starts take turns.

    SQLite: an OS lock on a `.lock` file beside the workspace (SQLite's own locks cannot be
    held across Alembic's connection). PostgreSQL: a session advisory lock. The second
    process then finds the schema at head and has nothing left to do.
    """
    if ws.is_sqlite:
        path = sqlite_path(ws.url)
        if path is None:
            yield
            return
        with _file_lock(path.with_name(path.name + ".lock")):
            yield
        return
    with ws.engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({_PG_SCHEMA_LOCK})")
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_PG_SCHEMA_LOCK})")
            conn.commit()


_PG_SCHEMA_LOCK = 0x46616374  # "Fact": any fixed key shared by every Factdesk process


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    try:
        fh = path.open("a+b")
    except OSError as exc:
        raise DatabaseUnavailable(f"cannot create {path}: {exc.strerror}") from exc
    with fh:
        if os.name == "nt":
            import msvcrt

            fh.seek(0)
            while True:
                try:
                    msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue  # LK_LOCK gives up after 10 s; keep waiting for the other start
            try:
                yield
            finally:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
