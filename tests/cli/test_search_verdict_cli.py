"""`claims list --search` folds case and accents; `set-status --without-evidence`."""

from __future__ import annotations

import json

from cli_helpers import run


def _ids(db: str, search: str) -> list[int]:
    out = run("claims", "list", "--search", search, "--format", "json", db=db)
    assert out.returncode == 0, out.stderr
    return [c["id"] for c in json.loads(out.stdout)]


def test_search_and_settling_without_evidence(db_url: str) -> None:
    assert run("demo", db=db_url).returncode == 0
    turkiye = _ids(db_url, "turkiye")
    assert turkiye and _ids(db_url, "TURKİYE") == _ids(db_url, "Türkiye") == turkiye
    erdogan = _ids(db_url, "erdogan")
    assert erdogan and _ids(db_url, "ERDOĞAN") == _ids(db_url, "Erdoğan") == erdogan
    assert _ids(db_url, "zzqx") == []

    refused = run("claims", "set-status", "2", "false", "--rationale", "r", db=db_url)
    assert refused.returncode == 1 and "needs linked evidence" in refused.stderr
    assert "--without-evidence" in refused.stderr
    ok = run("claims", "set-status", "2", "false", "--rationale", "Readout names no Ukraine",
             "--without-evidence", db=db_url)
    assert ok.returncode == 0 and "settled without linked evidence" in ok.stdout
    shown = json.loads(run("claims", "show", "2", "--format", "json", db=db_url).stdout)[0]
    assert shown["status"] == "false" and shown["settled_without_evidence"] is True
