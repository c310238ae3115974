"""`factdesk settings`: every declared key listed with its value, team values stored in the
workspace, personal ones in config.json, and the readers see what was set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop.core.settings import listed


def run(*args: str, db: Path, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "FACTDESK_HOME": str(home)})


def test_list_get_set_team_and_personal(tmp_path: Path) -> None:
    db, home = tmp_path / "w.sqlite", tmp_path / "home"
    assert run("init", db=db, home=home).returncode == 0
    rows = json.loads(run("settings", "list", "--format", "json", db=db, home=home).stdout)
    assert [r["key"] for r in rows] == [s.key for s in listed()]
    assert {r["key"]: r["value"] for r in rows}["match_weak"] == "0.35"  # the default
    assert {r["key"]: r["scope"] for r in rows}["user_name"] == "personal"

    ok = run("settings", "set", "match_strong", " 0.80 ", db=db, home=home)
    assert ok.returncode == 0 and ok.stdout.strip() == "match_strong = 0.8"
    assert run("settings", "get", "match_strong", db=db, home=home).stdout.strip() == "0.8"
    ok = run("settings", "set", "backup_keep_daily", "14", db=db, home=home)
    assert ok.returncode == 0, ok.stderr
    ok = run("settings", "set", "user_name", "Ayşe Demir", db=db, home=home)
    assert ok.returncode == 0, ok.stderr
    config = json.loads((home / "config.json").read_text(encoding="utf-8"))
    assert config["user_name"] == "Ayşe Demir"
    got = run("settings", "get", "user_name", db=db, home=home)
    assert got.stdout.strip() == "Ayşe Demir"

    from db.engine import Workspace
    from desktop.core.settings import backup_keep
    from desktop.core.suggest import thresholds

    ws = Workspace(f"sqlite:///{db}")
    try:
        with ws.session() as s:
            assert thresholds(s).strong == 0.8  # the matcher reads what was set
        assert backup_keep(ws) == (14, 4)  # and so do backups
    finally:
        ws.dispose()


def test_refused_personal_value_leaves_config_alone(tmp_path: Path) -> None:
    db, home = tmp_path / "w.sqlite", tmp_path / "home"
    assert run("init", db=db, home=home).returncode == 0
    assert run("settings", "set", "user_name", "Ayse", db=db, home=home).returncode == 0
    before = (home / "config.json").read_bytes()
    bad = run("settings", "set", "user_name", "x" * 201, db=db, home=home)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
    assert "at most 200" in bad.stderr and "Traceback" not in bad.stderr
    assert (home / "config.json").read_bytes() == before
