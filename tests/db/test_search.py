"""Claim search folds case and accents alike on SQLite and PostgreSQL, through an index."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db.queries.claim_edits import add_claim, bulk_add_claims, delete_claim, update_claim
from db.queries.claims import ClaimFilter, claim_ids, ids_statement
from db.queries.search import fold, fts_query, search_words


@pytest.fixture
def claims(ws) -> dict[str, int]:
    with ws.session() as s:
        ids = {
            "turkiye": add_claim(s, text="Türkiye is ready to send troops", actor="a",
                                 speaker="Hakan Fidan").id,
            "erdogan": add_claim(s, text="Erdoğan and Trump discussed Syria", actor="a",
                                 tags="diplomasi, ABD").id,
            "upper": add_claim(s, text="TURKİYE WILL NOT ALLOW IT, SAID ERDOĞAN", actor="a").id,
            "ilik": add_claim(s, text="Ilık ilişkiler: Ankara ve Kahire", actor="a",
                              speaker="Şükrü Işık").id,
            "trucks": add_claim(s, text="100% of 5_000 trucks", actor="a").id,
        }
    return ids


@pytest.mark.parametrize(("search", "wanted"), [
    ("turkiye", {"turkiye", "upper"}),
    ("Türkiye", {"turkiye", "upper"}),
    ("TURKİYE", {"turkiye", "upper"}),
    ("türk", {"turkiye", "upper"}),
    ("erdogan", {"erdogan", "upper"}),
    ("ERDOĞAN", {"erdogan", "upper"}),
    ("Erdoğan", {"erdogan", "upper"}),
    ("ilik", {"ilik"}),
    ("ILIK", {"ilik"}),
    ("ılık", {"ilik"}),
    ("iliskiler", {"ilik"}),
    ("isik", {"ilik"}),            # speaker "Şükrü Işık"
    ("sukru", {"ilik"}),
    ("fidan ready", {"turkiye"}),  # words in different columns, both required
    ("diplomasi", {"erdogan"}),    # tags
    ("5_0", {"trucks"}),
    ("100%", {"trucks"}),
    ("urkiye", set()),             # a word is matched from its start
    ("zzqx", set()),
    ("turkiye zzqx", set()),
])
def test_search_folds_case_and_accents(ws, claims, search: str, wanted: set[str]) -> None:
    with ws.session() as s:
        found = set(claim_ids(s, ClaimFilter(search=search)))
    assert found == {claims[k] for k in wanted}


def test_index_follows_edits_imports_and_deletes(ws, claims) -> None:
    with ws.session() as s:
        update_claim(s, claims["trucks"], {"text": "Kahire görüşmesi ertelendi"}, actor="a")
        bulk_add_claims(s, [{"text": "İSTANBUL'da görüşme", "speaker": "Anadolu"}], actor="a")
        delete_claim(s, claims["erdogan"], actor="a")
    with ws.session() as s:
        assert claim_ids(s, ClaimFilter(search="trucks")) == []
        both = claim_ids(s, ClaimFilter(search="gorusme"))
        assert len(both) == 2 and both[0] == claims["trucks"]
        assert len(claim_ids(s, ClaimFilter(search="istanbul"))) == 1
        # The bulk import's marker lives only inside its own transaction.
        from db.queries.settings import get_setting

        assert get_setting(s, "search.bulk_insert", "absent") == "absent"
        assert claim_ids(s, ClaimFilter(search="syria")) == []
        assert claim_ids(s, ClaimFilter(search="syria", include_deleted=True)) == [
            claims["erdogan"]]


def test_a_search_without_letters_is_a_plain_substring(ws, claims) -> None:
    with ws.session() as s:
        assert claim_ids(s, ClaimFilter(search="%")) == [claims["trucks"]]
        assert claim_ids(s, ClaimFilter(search="&")) == []


def test_a_miss_is_answered_by_the_index(ws, claims) -> None:
    """The query plan reaches claims through the search index, not by scanning them."""
    with ws.session() as s:  # enough rows, with statistics, for the planner to weigh
        bulk_add_claims(s, [{"text": f"Claim {i} about Türkiye", "speaker": "Fidan"}
                            for i in range(20_000)], actor="a")
    stmt = ids_statement(ClaimFilter(search="zzqx"))
    with ws.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        compiled = stmt.compile(conn)
        if ws.is_sqlite:
            plan = " | ".join(r[3] for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + str(compiled), tuple(compiled.params.values())))
            assert "claims_fts VIRTUAL TABLE" in plan
            assert "SCAN claims" not in plan.replace("SCAN claims_fts", ""), plan
        else:
            plan = " | ".join(r[0] for r in conn.exec_driver_sql(
                "EXPLAIN " + str(compiled), compiled.params))
            assert "ix_claims_search" in plan, plan


def test_fold_and_query_helpers() -> None:
    assert fold("TURKİYE") == fold("Türkiye") == "turkiye"
    assert fold("ERDOĞAN") == "erdogan" and fold("ılık") == "ilik"
    assert search_words("  5_0 — Erdoğan ") == [["5", "0"], ["erdogan"]]
    assert fts_query(search_words('say "hi"')) == '"say"* "hi"*'
