"""Claims: add, edit, statuses and rationale, history, filters, delete and restore."""

from __future__ import annotations

from datetime import date

import pytest

from db.errors import InvalidValue, NotFound
from db.queries.claim_edits import (
    add_claim,
    delete_claim,
    restore_claim,
    set_status,
    update_claim,
)
from db.queries.claims import ClaimFilter, claim_history, claim_ids, get_claim, list_claims


def test_seed_claims_keep_their_verbatim_quotes(demo_ws) -> None:
    from db.queries.documents import get_document

    with demo_ws.session() as s:
        page = list_claims(s)
        assert page.total == 11
        article = get_document(s, page.rows[0].article_id)
        for claim in page.rows:
            assert article.text[claim.quote_start:claim.quote_end] == claim.quote
            assert claim.status == "unverified"


def test_add_claim_finds_quote_offsets(demo_ws) -> None:
    with demo_ws.session() as s:
        article_id = list_claims(s).rows[0].article_id
        claim = add_claim(s, text="Ankara will shoulder the burden", actor="ana",
                          quote="Ankara is ready to shoulder the burden in Gaza",
                          article_id=article_id, speaker="Anadolu")
    with demo_ws.session() as s:
        from db.queries.documents import get_document

        text = get_document(s, article_id).text
        stored = get_claim(s, claim.id)
        assert text[stored.quote_start:stored.quote_end] == stored.quote
        assert stored.created_by == "ana"


def test_quote_not_in_article_is_refused(demo_ws) -> None:
    with demo_ws.session() as s:
        article_id = list_claims(s).rows[0].article_id
    with pytest.raises(InvalidValue, match="verbatim"), demo_ws.session() as s:
        add_claim(s, text="x", actor="a", quote="words that are not there", article_id=article_id)
    with demo_ws.session() as s:
        assert list_claims(s).total == 11


def test_verdict_needs_rationale_and_history_records_why(ws) -> None:
    with ws.session() as s:
        cid = add_claim(s, text="Aid is below the pledge", actor="ana").id
    with pytest.raises(InvalidValue, match="rationale"), ws.session() as s:
        set_status(s, cid, "false", actor="ana")
    with ws.session() as s:
        set_status(s, cid, "in-review", actor="ana")
        claim = set_status(s, cid, "partly-supported", actor="ben",
                           rationale="UN figures show 60% of pledged trucks",
                           without_evidence=True)
    assert claim.status == "partly-supported" and claim.version == 3
    with ws.session() as s:
        history = claim_history(s, cid)
    status_rows = [h for h in history if h.field == "status"]
    assert [(h.old, h.new) for h in status_rows] == [("unverified", "in-review"),
                                                     ("in-review", "partly-supported")]
    assert status_rows[-1].actor == "ben"
    assert status_rows[-1].rationale == "UN figures show 60% of pledged trucks"


def test_unknown_status_is_refused(ws) -> None:
    with ws.session() as s:
        cid = add_claim(s, text="t", actor="a").id
    with pytest.raises(InvalidValue, match="unknown status"), ws.session() as s:
        set_status(s, cid, "true-ish", actor="a", rationale="r")


def test_filters_search_status_tag_and_due(ws) -> None:
    with ws.session() as s:
        a = add_claim(s, text="Aid entering Gaza is below the pledge", actor="x",
                      speaker="Hakan Fidan", tags="aid, Israel", review_by=date(2020, 1, 1)).id
        b = add_claim(s, text="Troops may be sent", actor="x", tags="troops").id
        c = add_claim(s, text="100% of 5_000 trucks", actor="x", tags="aide").id
        set_status(s, b, "in-review", actor="x")
    with ws.session() as s:
        assert claim_ids(s, ClaimFilter(search="FIDAN")) == [a]
        assert claim_ids(s, ClaimFilter(search="pledge")) == [a]
        assert claim_ids(s, ClaimFilter(status="in-review")) == [b]
        assert claim_ids(s, ClaimFilter(tag="aid")) == [a]  # not "aide"
        assert claim_ids(s, ClaimFilter(due_on=date(2021, 1, 1))) == [a]
        # LIKE wildcards in the search box are literal characters
        assert claim_ids(s, ClaimFilter(search="100%")) == [c]
        assert claim_ids(s, ClaimFilter(search="5_0")) == [c]
        assert claim_ids(s, order="text") == [c, a, b]
        assert claim_ids(s, order="id", descending=True) == [c, b, a]


def test_edit_records_each_field(ws) -> None:
    with ws.session() as s:
        cid = add_claim(s, text="Old text", actor="a").id
    with ws.session() as s:
        claim = update_claim(s, cid, {"text": "New text", "speaker": "Fidan", "tags": "b, a, b"},
                             actor="b")
    assert claim.tags == "b, a" and claim.updated_by == "b"
    with ws.session() as s:
        fields = {h.field: (h.old, h.new) for h in claim_history(s, cid)}
    assert fields["text"] == ("Old text", "New text")
    assert fields["speaker"] == ("", "Fidan")


def test_delete_hides_and_restore_brings_back(ws) -> None:
    with ws.session() as s:
        cid = add_claim(s, text="t", actor="a").id
        delete_claim(s, cid, actor="a")
    with ws.session() as s:
        assert list_claims(s).total == 0
        with pytest.raises(NotFound):
            get_claim(s, cid)
        restore_claim(s, cid, actor="a")
    with ws.session() as s:
        assert list_claims(s).total == 1
        assert [h.field for h in claim_history(s, cid)] == ["created", "deleted", "deleted"]


def test_bulk_import_writes_claims_and_their_history(ws) -> None:
    from db.queries.claim_edits import bulk_add_claims

    with ws.session() as s:
        add_claim(s, text="already there", actor="a")
    rows = [{"text": f"claim {i}", "speaker": "S", "tags": "x, y", "status": "unverified"}
            for i in range(250)]
    with ws.session() as s:
        assert bulk_add_claims(s, rows, actor="importer") == 250
    with ws.session() as s:
        page = list_claims(s, ClaimFilter(search="claim "))
        assert page.total == 250
        last = page.rows[-1]
        history = claim_history(s, last.id)
    assert [(h.field, h.new, h.actor) for h in history] == [("created", last.text, "importer")]
