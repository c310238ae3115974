"""`factdesk sources search`: the source passages nearest to a text, as a script reads them."""

from __future__ import annotations

import json

from cli_helpers import run
from sqlalchemy import create_engine, text


def _counts(db_url: str) -> list:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                for t in ("embeddings", "suggestions", "history", "evidence")]
    engine.dispose()
    return rows


def test_search_lists_passages_best_first_and_refuses_bad_input(db_url: str) -> None:
    assert run("demo", db=db_url).returncode == 0
    from db.engine import Workspace
    from db.queries.documents import store_document

    ws = Workspace(db_url)
    with ws.session() as s:
        doc = store_document(s, text="Trucks fell to 80 a day. No troops were sent to Gaza.",
                             kind="source", actor="t", spans=[(0, 24), (25, 53)],
                             title="Aid update", outlet="OCHA").document
    ws.dispose()
    out = run("sources", "search", "troops", "--format", "json", db=db_url)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [r["text"] for r in rows] == ["No troops were sent to Gaza.", "Trucks fell to 80 a day."]
    assert {r["document_id"] for r in rows} == {doc.id} and rows[0]["source"] == "Aid update"
    assert rows[0]["score"] > rows[1]["score"]
    table = run("sources", "search", "troops", "--limit", "1", db=db_url)
    assert table.stdout.splitlines()[0].split() == ["PASSAGE_ID", "SCORE", "DOCUMENT_ID",
                                                    "SOURCE", "TEXT"]
    assert len(table.stdout.splitlines()) == 2
    by_claim = json.loads(run("sources", "search", "--claim", "1", "--format", "json",
                              db=db_url).stdout)
    # claim 1 of the demo: "Türkiye is prepared to deploy troops to Gaza if necessary."
    assert by_claim[0]["text"] == "No troops were sent to Gaza."
    before = _counts(db_url)
    for args, message in ((("--claim", "99"), "no claim with id 99"),
                          ((), "give the text to search for, or --claim ID"),
                          (("troops", "--claim", "1"), "(not both)"),
                          (("   ",), "type words or a sentence"),
                          (("troops", "--limit", "0"), "at least 1"),
                          (("x" * 2001,), "too long")):
        result = run("sources", "search", *args, db=db_url)
        assert result.returncode == 1, args
        assert result.stderr.startswith("factdesk: error: ") and message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert _counts(db_url) == before
