"""A schema upgrade from the oldest schema, killed with SIGKILL at random moments.

Each kill is followed by a normal start, which must open the workspace at the newest schema
with every row kept, say once that the upgrade was interrupted and name the backup, and keep
exactly one backup of the old schema however many retries there were.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from crash_helpers import (
    copy_workspace,
    count,
    integrity,
    kill_randomly,
    kills_wanted,
    log_kills,
    timed_run,
)

from db.backup import backup_dir
from db.migrate import HEAD, current_revision, open_workspace
from db.upgrade_guard import marker_path

KILLS = kills_wanted(12)
KILLS_PER_ROUND = 3  # retried on the same file before the normal start


def test_killed_upgrades_from_the_oldest_schema_recover(oldest_schema_file: Path,
                                                        tmp_path: Path) -> None:
    rng = random.Random(11)
    expected_docs = count(oldest_schema_file, "documents")
    expected_claims = count(oldest_schema_file, "claims")
    probe = copy_workspace(oldest_schema_file, tmp_path / "probe" / "w.sqlite")
    duration = timed_run("open", f"sqlite:///{probe}")
    kills = attempts = 0
    while kills < KILLS:
        attempts += 1
        assert attempts <= 2 * KILLS, "the upgrade kept finishing before the kill"
        path = copy_workspace(oldest_schema_file, tmp_path / f"r{attempts}" / "w.sqlite")
        url = f"sqlite:///{path}"
        for _ in range(KILLS_PER_ROUND):
            outcome = kill_randomly("open", url, max_delay=duration, rng=rng)
            kills += outcome.killed
            # Whatever moment the kill came, the file is sound and at one schema or the other.
            assert integrity(path) == "ok"
            with sqlite3.connect(path) as conn:
                rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
                tables = {r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'")}
            conn.close()
            assert rev in ("0001", HEAD)
            assert ("feeds" in tables) == (rev != "0001")  # no half-applied DDL
            assert not any(t.startswith("_alembic_tmp") for t in tables)
        interrupted = marker_path(path).exists()
        ws = open_workspace(url, create=False)  # the normal start
        try:
            assert current_revision(ws.engine) == HEAD
            notes = [n for n in ws.notices if "interrupted" in n]
            assert len(notes) == (1 if interrupted else 0)
            if interrupted:
                assert str(backup_dir(path) / "before-upgrade-0001.sqlite") in notes[0]
        finally:
            ws.dispose()
        assert not marker_path(path).exists()
        assert count(path, "documents") == expected_docs
        assert count(path, "claims") == expected_claims
        backups = sorted(p.name for p in backup_dir(path).glob("*.sqlite"))
        assert backups in ([], ["before-upgrade-0001.sqlite"])  # one, however many retries
        if backups:
            with sqlite3.connect(backup_dir(path) / backups[0]) as conn:
                assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] \
                    == "0001"
            conn.close()
    log_kills("upgrade 0001 -> head", kills, attempts * KILLS_PER_ROUND)


@pytest.mark.postgres
def test_killed_upgrades_on_postgresql_recover(pg_url: str) -> None:
    db_url = pg_url
    from db.migrate import downgrade
    from desktop.core.seeds import load_demo

    ws = open_workspace(db_url, create=True)
    with ws.session() as s:
        load_demo(s, actor="t")
    claims = _pg_count(ws, "claims")
    ws.dispose()
    rng = random.Random(12)
    kills = 0
    ws = open_workspace(db_url)
    downgrade(ws, "0001")
    ws.dispose()
    duration = timed_run("open", db_url)
    attempts = 0
    while kills < 2:  # a run that finished before its kill is checked all the same
        attempts += 1
        assert attempts <= 9, "the upgrade kept finishing before the kill"
        ws = open_workspace(db_url)
        downgrade(ws, "0001")
        ws.dispose()
        kills += kill_randomly("open", db_url, max_delay=duration, rng=rng).killed
        ws = open_workspace(db_url, create=False)
        try:
            assert current_revision(ws.engine) == HEAD
            assert _pg_count(ws, "claims") == claims
        finally:
            ws.dispose()
    log_kills("postgresql upgrade", kills, attempts)
    assert kills >= 2


def _pg_count(ws, table: str) -> int:
    from sqlalchemy import text

    with ws.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
