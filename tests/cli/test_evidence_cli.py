"""`factdesk evidence ...` in a subprocess, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from cli_helpers import run
from sqlalchemy import create_engine, text


def _snapshot(db_url: str) -> list:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = [conn.execute(text(f"SELECT * FROM {t} ORDER BY id")).all()
                for t in ("evidence", "history", "claims")]
    engine.dispose()
    return rows


@pytest.fixture
def linked(db_url: str) -> tuple[str, str, str]:
    """The demo workspace with a later source linked to claim 1: claim, evidence, passage ids."""
    assert run("demo", db=db_url).returncode == 0
    from db.engine import Workspace
    from db.queries.documents import passages_for, store_document

    ws = Workspace(db_url)
    with ws.session() as s:
        doc = store_document(s, text="Trucks fell to 80 a day. The pledge was 600.",
                             kind="source", actor="t", spans=[(0, 24), (25, 44)],
                             title="Aid update", outlet="OCHA").document
        pid = passages_for(s, doc.id)[0].id
    ws.dispose()
    out = run("claims", "link", "1", str(pid), "--stance", "supports", db=db_url)
    assert out.returncode == 0, out.stderr
    return "1", out.stdout.strip(), str(pid)


def test_list_set_stance_note_remove(db_url: str, linked) -> None:
    cid, eid, _ = linked
    listed = run("evidence", "list", cid, "--format", "json", db=db_url)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(str(r["id"]), r["stance"], r["source_title"], r["excerpt"]) for r in rows] == [
        (eid, "supports", "Aid update", "Trucks fell to 80 a day.")]
    table = run("evidence", "list", cid, db=db_url).stdout
    assert table.splitlines()[0].split()[:3] == ["ID", "STANCE", "SOURCE_TITLE"]
    csv_out = run("evidence", "list", cid, "--format", "csv", db=db_url).stdout
    assert csv_out.startswith("id,claim_id,stance")
    assert run("evidence", "set-stance", eid, "contradicts", db=db_url).returncode == 0
    assert run("evidence", "note", eid, "UN daily log", db=db_url).returncode == 0
    shown = json.loads(run("claims", "show", cid, "--format", "json", db=db_url).stdout)[0]
    assert (shown["contradicts"], shown["supports"]) == (1, 0)
    assert shown["evidence"][0]["note"] == "UN daily log"
    assert run("evidence", "note", eid, "", db=db_url).returncode == 0
    removed = run("evidence", "remove", eid, db=db_url)
    assert removed.returncode == 0 and f"removed evidence {eid}" in removed.stdout
    assert json.loads(run("evidence", "list", cid, "--format", "json", db=db_url).stdout) == []
    history = json.loads(run("claims", "history", cid, "--format", "json", db=db_url).stdout)
    changes = [(h["field"], h["old"], h["new"]) for h in history if "evidence" in h["field"]]
    assert changes == [
        ("evidence", None, "supports: “Aid update” (OCHA)"),
        ("evidence stance", "supports: “Aid update” (OCHA)", "contradicts: “Aid update” (OCHA)"),
        ("evidence note", None, "“Aid update” (OCHA): UN daily log"),
        ("evidence note", "“Aid update” (OCHA): UN daily log", None),
        ("evidence", "contradicts: “Aid update” (OCHA)", None),
    ]


BAD_INPUT = [
    (("evidence", "set-stance", "{eid}", "agrees"), "unknown stance 'agrees'"),
    (("evidence", "set-stance", "999", "context"), "no evidence with id 999"),
    (("evidence", "note", "999", "x"), "no evidence with id 999"),
    (("evidence", "remove", "999"), "no evidence with id 999"),
    (("evidence", "remove", "99999999999999999999"), "no evidence with id"),
    (("evidence", "remove", "abc"), "evidence id must be a whole number"),
    (("evidence", "remove", "{eid}", "--expected-version", "7"), "changed meanwhile"),
    (("evidence", "list", "999"), "no claim with id 999"),
    (("evidence", "list", "-1"), "claim id must be a whole number"),
    (("claims", "link", "1", "{pid}", "--stance", "contradicts"),
     "already linked to claim 1 as supports (evidence {eid}); change its stance instead with "
     "`factdesk evidence set-stance {eid} contradicts`"),
]


def test_bad_input_is_one_line_and_changes_nothing(db_url: str, linked) -> None:
    _, eid, pid = linked
    before = _snapshot(db_url)
    for args, message in BAD_INPUT:
        result = run(*(a.format(eid=eid, pid=pid) for a in args), db=db_url)
        assert result.returncode == 1, (args, result.stdout)
        assert message.format(eid=eid) in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("factdesk: error: ")
        assert _snapshot(db_url) == before, args
