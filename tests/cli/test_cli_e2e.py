"""The command line end to end, in a subprocess, as a script would use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, db: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "desktop"]
    if db:
        cmd += ["--db", db]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_demo_then_list_json_shows_verbatim_seed_quotes(db_url: str) -> None:
    assert run("demo", db=db_url).returncode == 0
    again = run("demo", db=db_url)
    assert again.returncode == 0 and "added 0 of 11" in again.stdout
    listed = run("claims", "list", "--format", "json", db=db_url)
    assert listed.returncode == 0, listed.stderr
    claims = json.loads(listed.stdout)
    assert len(claims) == 11
    article = Path(__file__).parents[2].joinpath("seeds/fidan-gaza-interview.txt").read_text(
        encoding="utf-8")
    for c in claims:
        assert {"id", "text", "quote", "speaker", "status", "rationale", "article_id"} <= set(c)
        assert c["quote"] in article
    quotes = " ".join(c["quote"] for c in claims)
    assert "remains below what Israel previously pledged" in quotes
    assert "hand over governance to a Palestinian-led body" in quotes


def test_add_set_status_history_and_csv(db_url: str) -> None:
    assert run("init", db=db_url).returncode == 0  # only init creates a workspace
    added = run("claims", "add", "Aid is below the pledge", "--speaker", "Fidan", db=db_url)
    assert added.returncode == 0, added.stderr
    cid = added.stdout.strip()
    assert cid.isdigit()
    ok = run("claims", "set-status", cid, "misleading", "--rationale", "UN data",
             "--without-evidence", db=db_url)
    assert ok.returncode == 0, ok.stderr
    history = json.loads(run("claims", "history", cid, "--format", "json", db=db_url).stdout)
    assert [h["new"] for h in history if h["field"] == "status"] == ["misleading"]
    csv_out = run("claims", "list", "--format", "csv", db=db_url).stdout.splitlines()
    assert csv_out[0].startswith("id,status,text")
    assert "misleading" in csv_out[1]


def _state(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.parent.glob(path.name + "*"))}


REFUSALS = [
    (("claims", "show", "999"), "no claim with id 999"),
    (("claims", "set-status", "1", "true-ish"), "unknown status"),
    (("claims", "set-status", "1", "false"), "needs a rationale"),
    (("claims", "set-status", "1", "false", "--rationale", "r"), "needs linked evidence"),
    (("claims", "list", "--status", "nope"), "unknown status"),
    (("claims", "link", "1", "1", "--stance", "agrees"), "unknown stance"),
    (("claims", "add", "x", "--quote", "not in the article", "--article", "1"), "verbatim"),
    (("claims", "import", "/nonexistent/claims.csv"), "no such file"),
    (("settings", "set", "match_weak", "0.9"), "thresholds must satisfy"),
    (("settings", "set", "match_strong", "high"), "must be a number"),
    (("settings", "set", "match_wek", "0.4"), "no setting 'match_wek'"),
    (("settings", "get", "organization"), "no setting 'organization'"),
    (("settings", "set", "organisation_url", "javascript:alert(1)"), "http(s) address"),
    (("settings", "set", "review_url_template", "https://x.org/c.html"), "needs {id}"),
    (("settings", "set", "backup_keep_daily", "0"), "from 1 to 3650"),
    (("settings", "set", "demo_loaded", "0"), "no setting 'demo_loaded'"),
    (("suggestions", "reject", "5"), "no suggestion with id 5"),
    (("import", "/nonexistent/report.pdf", "--as", "source"), "no such file"),
    (("report", "--out", "/tmp/x.pdf", "--claims", "999"), "no claim with id 999"),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_refusals_are_one_line_and_change_nothing(tmp_path: Path, args, message) -> None:
    path = tmp_path / "w.sqlite"
    assert run("demo", db=str(path)).returncode == 0
    before = _state(path)
    result = run(*args, db=str(path))
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert _state(path) == before


def test_bad_csv_row_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    csv_file = tmp_path / "claims.csv"
    csv_file.write_text("text,status,rationale\nfine,unverified,\nverdict,false,\n",
                        encoding="utf-8")
    assert run("init", db=str(path)).returncode == 0
    before = _state(path)
    result = run("claims", "import", str(csv_file), db=str(path))
    assert result.returncode == 1 and "row 3" in result.stderr
    assert _state(path) == before
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 10)
    result = run("claims", "import", str(binary), db=str(path))
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert _state(path) == before


def test_csv_import_in_any_common_encoding(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    csv_file = tmp_path / "claims.csv"
    csv_file.write_bytes("text;speaker;tags\nTürkiye gönderecek;Fidan;asker, yardım\n"
                         "İki yapıdan biri;Anadolu;\n".encode("cp1254"))
    assert run("init", db=str(path)).returncode == 0
    result = run("claims", "import", str(csv_file), db=str(path))
    assert result.returncode == 0, result.stderr
    claims = json.loads(run("claims", "list", "--format", "json", db=str(path)).stdout)
    assert [c["text"] for c in claims] == ["Türkiye gönderecek", "İki yapıdan biri"]
    assert claims[0]["tags"] == "asker, yardım"


def test_unreachable_database_is_one_line() -> None:
    result = run("claims", "list", db="postgresql://postgres@127.0.0.1:1/none")
    assert result.returncode == 1
    assert "cannot open the database" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_newer_schema_is_refused_without_change(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "w.sqlite"
    assert run("demo", db=str(path)).returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'zz99'")
    conn.close()
    before = _state(path)
    result = run("claims", "list", db=str(path))
    assert result.returncode == 1 and "newer Factdesk" in result.stderr
    assert _state(path) == before


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("factdesk ")
    assert "claims" in run("--help").stdout
