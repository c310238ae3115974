"""Workspaces for the crash tests: built once per session, copied per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from crash_helpers import add_documents


@pytest.fixture(scope="session")
def oldest_schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A filled workspace at the oldest schema (0001), big enough for an upgrade to take time."""
    from db.migrate import downgrade, open_workspace
    from desktop.core.seeds import load_demo

    path = tmp_path_factory.mktemp("oldest") / "template.sqlite"
    ws = open_workspace(f"sqlite:///{path}", create=True)
    with ws.session() as s:
        load_demo(s, actor="t")
    ws.dispose()
    add_documents(path, 4000)
    ws = open_workspace(f"sqlite:///{path}")
    downgrade(ws, "0001")
    ws.dispose()
    return path


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """A fresh PostgreSQL schema (the PostgreSQL case of the shared `db_url` fixture)."""
    import uuid

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
