"""Streamed claim listings: the same claims as the paged list, written one by one, CSV defused."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from db.queries.claim_edits import add_claim
from db.queries.claim_stream import FIELDS, iter_claims
from db.queries.claims import ClaimFilter, list_claims
from db.queries.documents import passages_for, store_document
from db.queries.evidence import add_evidence
from db.records import ClaimRecord
from desktop.cli.claims_cmd import LIST_COLUMNS, plain_claim
from desktop.cli.common import defuse_cell, stream


def test_the_stream_reads_every_field_of_the_record(ws) -> None:
    names = list(ClaimRecord.__dataclass_fields__)
    # The claim's columns, then the article title and the three tallies read with them.
    assert names == [*FIELDS, "article_title", "supports", "contradicts", "context"]


def test_streamed_claims_equal_the_paged_list(ws) -> None:
    text = "Aid fell by half. Trucks waited at Rafah."
    with ws.session() as s:
        doc = store_document(s, text=text, kind="source", actor="t", spans=[(0, 17), (18, 41)],
                             title="UN report").document
        p1, p2 = (p.id for p in passages_for(s, doc.id))
        art = store_document(s, text="Fidan said aid fell.", kind="article", actor="t",
                             spans=[(0, 20)], title="Interview").document
        a = add_claim(s, text="Aid fell", actor="t", speaker="Fidan", tags="aid, Gaza",
                      claim_date=date(2025, 10, 1), quote="aid fell", article_id=art.id,
                      quote_start=11, quote_end=19)
        b = add_claim(s, text="Trucks waited", actor="t", status="false", rationale="no",
                      settled_without_evidence=True)
        add_claim(s, text="Gone", actor="t")
        add_evidence(s, claim_id=a.id, passage_id=p1, stance="supports", actor="t")
        add_evidence(s, claim_id=a.id, passage_id=p2, stance="context", actor="t")
        add_evidence(s, claim_id=b.id, passage_id=p2, stance="contradicts", actor="t")
    for flt in (None, ClaimFilter(search="aid"), ClaimFilter(status="false")):
        with ws.session() as s:
            streamed = [plain_claim(c) for c in iter_claims(s, flt)]
            paged = [c.as_dict() for c in list_claims(s, flt).rows]
        assert streamed == paged
    with ws.session() as s:
        first = next(iter_claims(s))
    assert (first.article_title, first.supports, first.context) == ("Interview", 1, 1)


def test_rows_are_written_as_they_come() -> None:
    out = io.StringIO()

    def rows():
        yield {"id": 1, "text": "a"}
        yield {"id": 2, "text": "b"}
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        stream(rows(), "json", ("id", "text"), out)
    assert out.getvalue() == '[\n{"id": 1, "text": "a"},\n{"id": 2, "text": "b"}'


@pytest.mark.parametrize("risky", ["=HYPERLINK(\"http://x\")", "＝1+1", "  +1", "-2", "@SUM(A1)",
                                   "\t=1", "\r=1", "\u3000=1", "＋cmd", "－1", "＠x", "﹦1"])
def test_csv_cells_that_could_run_as_formulas_are_defused(risky: str) -> None:
    assert defuse_cell(risky) == "'" + risky
    out = io.StringIO()
    stream([{"id": 1, "text": risky}], "csv", ("id", "text"), out)
    assert list(csv.reader(io.StringIO(out.getvalue())))[1] == ["1", "'" + risky]


def test_plain_cells_are_left_alone() -> None:
    for value in ("2 trucks", "Aid fell", "", "Türkiye", 5, None):
        assert defuse_cell(value) == value
    assert "text" in LIST_COLUMNS
