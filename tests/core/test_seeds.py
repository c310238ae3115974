"""The seed article and its claims."""

from __future__ import annotations

from sqlalchemy import text

from db.queries.claim_edits import delete_claim
from db.queries.claims import list_claims
from desktop.core.seeds import load_demo, load_demo_on_first_run, seed_article_text, seed_data

REQUIRED = [
    "deploying troops", "Syria, Palestine, and Ukraine", "one of the two structures",
    "International Stabilisation Force", "inaugurated on October 17", "Egypt, Qatar, and Turkiye",
    "not a traditional guarantor model", "humanitarian aid coordinator",
    "remains below what Israel previously pledged", "non-political committee",
    "hand over governance to a Palestinian-led body",
]


def test_seed_file_quotes_are_verbatim_with_offsets() -> None:
    article = seed_article_text()
    claims = seed_data()["claims"]
    assert len(claims) >= 11
    for c in claims:
        assert article[c["quote_start"]:c["quote_end"]] == c["quote"]
        assert c["speaker"]
    for needle in REQUIRED:
        assert any(needle in c["quote"] or needle in c["text"] for c in claims), needle


def _counts(ws) -> dict[str, int]:
    with ws.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("documents", "passages", "claims", "history")}


def test_demo_is_idempotent(demo_ws) -> None:
    before = _counts(demo_ws)
    with demo_ws.session() as s:
        result = load_demo(s, actor="again")
    assert result.claims_added == 0
    assert _counts(demo_ws) == before


def test_first_run_loads_demo_once_only(ws) -> None:
    assert load_demo_on_first_run(ws, actor="new user") is not None
    with ws.session() as s:
        page = list_claims(s)
        for claim in page.rows:
            delete_claim(s, claim.id, actor="new user")
    assert load_demo_on_first_run(ws, actor="new user") is None
    with ws.session() as s:
        assert list_claims(s).total == 0


def test_first_run_leaves_a_used_workspace_alone(ws) -> None:
    from db.queries.claim_edits import add_claim

    with ws.session() as s:
        add_claim(s, text="my own claim", actor="a")
    assert load_demo_on_first_run(ws, actor="a") is None
