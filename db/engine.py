"""Engines, sessions and the workspace handle: the only door to storage.

A `Workspace` wraps one engine. Every unit of work is `with ws.session() as s: ...`, which
commits on success and rolls back on any exception, so a refused command writes nothing.

SQLite connections are opened by us (not by the URL) so that: the file is never created by a
mere open (`mode=rw`; only `init` asks for `rwc`), and a read-only open can fall back to
`immutable=1` where even the WAL index cannot be created (read-only folder, full disk). A
connection marked with `explicit_transaction` (schema upgrades) gets a real BEGIN, so its DDL
cannot escape the transaction (see `_on_sqlite_begin`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, create_engine

from db.errors import ConflictError, DatabaseUnavailable, UserError
from db.sqlite_errors import explain_sqlite_error

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


# How a SQLite file is opened: read-write (never creating it), read-write-create (init and the
# app's first run only), read-only, or immutable (read-only without any lock or -shm file).
SQLITE_MODES = ("rw", "rwc", "ro", "immutable")
BUSY_TIMEOUT_MS = 10_000


def sqlite_uri(path: Path, mode: str) -> str:
    from urllib.parse import quote

    query = "mode=ro&immutable=1" if mode == "immutable" else f"mode={mode}"
    return f"file:{quote(str(path))}?{query}"


def connect_sqlite(path: Path, mode: str = "rw") -> sqlite3.Connection:
    """A raw connection with Factdesk's settings (used by the engine and by backups)."""
    conn = sqlite3.connect(sqlite_uri(path, mode), uri=True, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        # Foreign keys are off by default in SQLite and per connection, so every connection
        # sets them.
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if mode in ("rw", "rwc"):
            # WAL lets the CLI read and write beside the open app.
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


EXPLICIT_TRANSACTION = "factdesk_explicit_transaction"


def explicit_transaction(conn: Connection) -> Connection:
    """Make `conn`'s next transaction a real SQLite transaction that DDL cannot escape.

    pysqlite only opens a transaction before INSERT/UPDATE/DELETE; DDL run before the first of
    those would be committed on its own. Here the driver's implicit handling is switched off
    and SQLAlchemy's begin emits BEGIN. Ordinary sessions keep the driver's default, under which
    a read-then-write session does not hold a read snapshot that another writer could make
    stale. Undone by `end_explicit_transaction`.
    """
    conn.connection.driver_connection.isolation_level = None  # type: ignore[union-attr]
    return conn.execution_options(**{EXPLICIT_TRANSACTION: True})


def end_explicit_transaction(conn: Connection) -> None:
    conn.connection.driver_connection.isolation_level = ""  # type: ignore[union-attr]


def _on_sqlite_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(EXPLICIT_TRANSACTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, mode: str = "rw") -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(f"not a database URL: {url}") from exc
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is None:
            engine = create_engine(url, connect_args={"check_same_thread": False})
        else:
            if mode == "rwc":
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise DatabaseUnavailable(
                        f"cannot create {path.parent}: {exc.strerror}") from exc
            engine = create_engine(url, creator=lambda: connect_sqlite(path, mode))
        event.listen(engine, "begin", _on_sqlite_begin)
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

    def __init__(self, url: str, *, mode: str = "rw") -> None:
        self.url = url
        # SQLite only: "ro"/"immutable" when the file must not (or cannot) be written.
        self.mode = mode
        self.engine = make_engine(url, mode=mode)
        # One-line messages for the person opening it (recovered upgrade, read-only open...).
        self.notices: list[str] = []
        # Why the workspace is damaged, when a check at open found it so (opened read-only).
        self.damage: str | None = None
        # SQLite: passed its check at open ("checked"), or was exactly as a Factdesk process
        # left it after one ("unchanged"); then closing records its state (db.verified_state).
        self.verified = False
        self.open_check = ""

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None (PostgreSQL, in-memory)."""
        return sqlite_path(self.url) if self.is_sqlite else None

    @property
    def read_only(self) -> bool:
        return self.mode in ("ro", "immutable")

    def reopen_read_only(self, damage: str | None = None) -> None:
        """From now on read without writing (a check found damage, or the file is not ours
        to change); sessions already finished are unaffected."""
        self.engine.dispose()
        self.mode = "ro"
        self.engine = make_engine(self.url, mode="ro")
        if damage:
            self.damage = damage

    def explain(self, exc: BaseException) -> UserError:
        """A database error as a one-line refusal naming the file and what to do."""
        if self.is_sqlite:
            return explain_sqlite_error(exc, self.path, read_only=self.read_only,
                                        damage=self.damage)
        return DatabaseUnavailable(f"database error on {describe(self.url)}: {_first_line(exc)}")

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
        except (OperationalError, DatabaseError) as exc:
            _quiet_rollback(session)
            if isinstance(exc, IntegrityError):
                raise  # a constraint our code should have checked first: a bug, keep the trace
            raise self.explain(exc) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
        path = self.path
        if self.verified and path is not None and not self.read_only and not self.damage:
            from db.verified_state import record_verified

            # Closed: SQLite has folded the WAL back in, so the state recorded is final.
            record_verified(path)


def _quiet_rollback(session: Session) -> None:
    # On a damaged or vanished file the rollback itself may fail; the first error is the story.
    with contextlib.suppress(Exception):
        session.rollback()


def _first_line(exc: BaseException) -> str:
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


def wait_for_creator(path: Path, *, seconds: float = 3.0) -> bool:
    """True once the SQLite file at `path` holds data, waiting for a racing first start.

    A process creating a workspace makes the file (0 bytes) just before it takes the schema
    lock to write the schema; a second start in that moment waits its turn on the lock, then
    looks again, for a few seconds at most. False: the file is still empty.
    """
    import time

    deadline = time.monotonic() + seconds
    lock = path.with_name(path.name + ".lock")
    while True:
        if lock.exists():  # never made here: an empty file alone is left exactly as it is
            with _file_lock(lock):
                pass
        if path.stat().st_size > 0:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


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
