"""Shared fixtures: a fresh workspace per test on SQLite and on PostgreSQL.

PostgreSQL tests never skip: if the server at FACTDESK_TEST_PG (default
postgresql://postgres@127.0.0.1:5432/test) cannot be reached they fail, unless the person
running them says FACTDESK_SKIP_PG=1 on purpose.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["FACTDESK_USER"] = "tester"

PG_ADMIN = os.environ.get("FACTDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
SKIP_PG = os.environ.get("FACTDESK_SKIP_PG") == "1"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own user data folder, so nothing touches the real one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("FACTDESK_HOME", str(home))
    monkeypatch.delenv("FACTDESK_DB", raising=False)
    return home


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A database of its own for this test run, dropped at the end."""
    if SKIP_PG:
        pytest.skip("FACTDESK_SKIP_PG=1")
    import psycopg

    from db.engine import resolve_url

    admin = PG_ADMIN.replace("postgresql+psycopg://", "postgresql://")
    name = f"factdesk_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        pytest.fail(f"PostgreSQL at {PG_ADMIN} is needed for these tests: {exc}", pytrace=False)
    base, _, _ = admin.rpartition("/")
    yield resolve_url(f"{base}/{name}")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL: a SQLite file, or a fresh schema in the test database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workspace.sqlite'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """A fresh PostgreSQL schema in the test database, dropped after the test."""
    import psycopg

    base = request.getfixturevalue("pg_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    request.addfinalizer(lambda: _drop_schema(plain, schema))
    return f"{base}?options=-csearch_path%3D{schema}"


def _drop_schema(plain: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def ws(db_url: str):
    """A migrated, empty workspace."""
    from db.migrate import open_workspace

    workspace = open_workspace(db_url)
    yield workspace
    workspace.dispose()


@pytest.fixture
def demo_ws(ws):
    """A workspace holding the seed article and its eleven claims."""
    from desktop.core.seeds import load_demo

    with ws.session() as s:
        load_demo(s, actor="tester")
    return ws


@pytest.fixture
def sqlite_ws(tmp_path: Path):
    """A migrated SQLite workspace, for tests that are not about the storage backend."""
    from db.migrate import open_workspace

    workspace = open_workspace(f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    yield workspace
    workspace.dispose()


@pytest.fixture
def verdict_ws(demo_ws):
    """The demo workspace with two verdicts (claims 1 and 5) and the organisation set."""
    from db.queries.claim_edits import set_status
    from db.queries.settings import set_setting

    with demo_ws.session() as s:
        set_status(s, 1, "partly-supported", actor="tester", rationale="Offered, not decided.",
                   without_evidence=True)
        set_status(s, 5, "supported", actor="tester", rationale="CENTCOM statement.",
                   without_evidence=True)
        set_setting(s, "organisation", "Gaza Desk")
        set_setting(s, "organisation_url", "https://desk.example")
    return demo_ws
