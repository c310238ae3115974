"""PostgreSQL: a role that may not create the search extensions gets one clear line."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import inspect

from db.errors import UserError
from db.migrate import open_workspace

pytestmark = pytest.mark.postgres


def test_missing_extension_right_is_one_clear_error_and_changes_nothing(pg_database) -> None:
    plain = pg_database.replace("postgresql+psycopg://", "postgresql://")
    base = plain.rpartition("/")[0]
    name, role = f"fd_noext_{uuid.uuid4().hex[:8]}", f"fd_role_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
    try:
        with psycopg.connect(f"{base}/{name}", autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA ws AUTHORIZATION "{role}"')
            conn.execute(f'REVOKE CREATE ON DATABASE "{name}" FROM PUBLIC')
        url = f"postgresql+psycopg://{role}@{base.split('@', 1)[1]}/{name}" \
              "?options=-csearch_path%3Dws"
        with pytest.raises(UserError) as caught:
            open_workspace(url)
        message = str(caught.value)
        assert "needs the PostgreSQL extension unaccent" in message
        assert "CREATE EXTENSION unaccent" in message and "\n" not in message
        from db.engine import Workspace

        ws = Workspace(url)
        assert inspect(ws.engine).get_table_names(schema="ws") == []  # rolled back whole
        ws.dispose()
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')
