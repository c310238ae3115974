"""Migrations: in step with the models, reversible on a filled database, safe on SQLite."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from db.engine import Workspace
from db.errors import SchemaTooNew, UserError
from db.migrate import current_revision, downgrade, head_revision, open_workspace, upgrade
from db.queries.documents import passage_texts
from db.queries.evidence import add_evidence

CORE_TABLES = ("documents", "passages", "claims", "evidence", "history")


def _fill(ws: Workspace) -> None:
    from desktop.core.seeds import load_demo

    with ws.session() as s:
        load_demo(s, actor="t")
        passages = passage_texts(s, kind="article")
        for claim_id, (passage_id, _) in zip(range(1, 6), passages, strict=False):
            add_evidence(s, claim_id=claim_id, passage_id=passage_id, stance="supports",
                         actor="t")


def _counts(ws: Workspace) -> dict[str, int]:
    with ws.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in CORE_TABLES}


def _fk_problems(ws: Workspace) -> list:
    if not ws.is_sqlite:
        return []  # PostgreSQL enforces foreign keys at all times
    with ws.engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()


# The search index lives outside the models (an FTS5 table and its shadow tables on SQLite, an
# generated column and its trigram index on PostgreSQL); tests/db/test_search.py checks it.
SEARCH_OBJECTS = ("claims_fts", "ix_claims_search", "search_folded")


def _not_search(name, type_, *_args) -> bool:
    return not (name or "").startswith(SEARCH_OBJECTS)


def test_schema_matches_models(ws) -> None:
    with ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(
            conn, opts={"include_name": _not_search}), SQLModel.metadata)
    assert diff == []


def test_head_constant_matches_the_migration_scripts() -> None:
    from db.migrate import HEAD

    assert head_revision() == HEAD


def test_down_and_up_on_filled_database_keeps_rows(ws) -> None:
    _fill(ws)
    before = _counts(ws)
    assert before["evidence"] == 5 and before["passages"] > 20
    downgrade(ws, "0001")
    assert current_revision(ws.engine) == "0001"
    assert _counts(ws) == before
    assert _fk_problems(ws) == []
    upgrade(ws)
    assert current_revision(ws.engine) == head_revision()
    assert _counts(ws) == before
    assert _fk_problems(ws) == []


def test_foreign_keys_stay_on_after_migrating(tmp_path: Path) -> None:
    ws = open_workspace(f"sqlite:///{tmp_path / 'w.sqlite'}")
    downgrade(ws, "0001")
    upgrade(ws)
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


def test_upgrade_of_sqlite_file_makes_a_checked_backup(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    ws = open_workspace(url)
    _fill(ws)
    downgrade(ws, "0001")
    backup = upgrade(ws)
    assert backup is not None and backup.exists()
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 11


def test_backup_that_does_not_verify_refuses_to_migrate(tmp_path: Path, monkeypatch) -> None:
    import db.backup

    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    ws = open_workspace(url)
    _fill(ws)
    downgrade(ws, "0001")
    monkeypatch.setattr(db.backup, "_verify", lambda conn, full=True: ["row 3 missing from index"])
    with pytest.raises(UserError, match="did not verify"):
        upgrade(ws)
    assert current_revision(ws.engine) == "0001"
    # Neither a backup nor its partial copy is left to be mistaken for a good one.
    assert list(db.backup.backup_dir(tmp_path / "w.sqlite").iterdir()) == []


def test_newer_schema_is_refused(ws) -> None:
    with ws.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaTooNew, match="newer Factdesk"):
        open_workspace(ws.url)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE things (x)")
    with pytest.raises(UserError, match="not a Factdesk workspace"):
        open_workspace(f"sqlite:///{path}")


def test_workspace_half_upgraded_by_an_older_factdesk_names_its_first_backup(
        tmp_path: Path, capsys) -> None:
    """Older versions committed DDL early: schema 0001 with 0002's `feeds` table already made.
    The upgrade now fails whole, in one line naming the backup taken before the first try."""
    from desktop.cli import main as cli

    path = tmp_path / "w.sqlite"
    ws = open_workspace(f"sqlite:///{path}")
    _fill(ws)
    downgrade(ws, "0001")
    ws.dispose()
    first = tmp_path / "w.sqlite.backup-0001-20261101-090000"
    first.write_bytes(path.read_bytes())
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE feeds (id INTEGER PRIMARY KEY)")
    conn.close()
    before = path.read_bytes()
    assert cli(["--db", str(path), "claims", "list"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "already exists" in err[0] and f"restore {first}" in err[0]
    assert path.read_bytes() == before
    assert cli(["--db", str(path), "restore", str(first)]) == 0
    assert cli(["--db", str(path), "claims", "list"]) == 0
