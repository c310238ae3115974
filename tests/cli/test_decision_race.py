"""Racing decisions on one suggestion from parallel processes: one winner, no duplicates."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import text

from db.migrate import open_workspace
from db.queries.claim_edits import add_claim
from db.queries.documents import passages_for, store_document
from db.queries.suggestions import NewSuggestion, list_suggestions, store_suggestions

TEXT = "Trucks fell to 80 a day. The pledge was 600 trucks a day."


def _cli(*args: str, db: str) -> list[str]:
    return [sys.executable, "-m", "desktop", "--db", db, *args]


def test_parallel_accepts_and_rejects_have_one_winner(db_url: str) -> None:
    ws = open_workspace(db_url)
    with ws.session() as s:
        cid = add_claim(s, text="Aid is below the pledge", actor="a").id
        doc = store_document(s, text=TEXT, kind="source", actor="a",
                             spans=[(0, 24), (25, len(TEXT))], title="Aid update").document
        pid = passages_for(s, doc.id)[0].id
        store_suggestions(s, [NewSuggestion(cid, pid, 0.8, True, ((0, 6),))])
        sid = str(list_suggestions(s, claim_id=cid)[0].id)
    stances = ("supports", "contradicts", "context", "supports", "contradicts", "context")
    commands = [_cli("suggestions", "accept", sid, "--stance", st, db=db_url) for st in stances]
    commands += [_cli("suggestions", "reject", sid, db=db_url)] * 2
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=dict(os.environ)) for c in commands]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    winners = [r for r in results if r[0] == 0]
    losers = [r for r in results if r[0] != 0]
    assert len(winners) == 1, results
    for code, _out, err in losers:
        assert code == 1 and "already decided" in err, err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    with ws.engine.connect() as conn:
        state = conn.execute(text(f"SELECT state FROM suggestions WHERE id = {sid}")).scalar_one()
        links = conn.execute(text(f"SELECT stance FROM evidence WHERE claim_id = {cid}")).all()
        decisions = conn.execute(text(
            f"SELECT count(*) FROM history WHERE entity = 'suggestion' AND entity_id = {sid}"
        )).scalar_one()
        linked = conn.execute(text(
            f"SELECT count(*) FROM history WHERE entity = 'claim' AND entity_id = {cid} "
            "AND field = 'evidence'")).scalar_one()
    ws.dispose()
    if state == "accepted":
        assert len(links) == 1 and (decisions, linked) == (0, 1)
    else:
        assert state == "rejected" and links == [] and (decisions, linked) == (1, 0)
