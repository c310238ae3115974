"""Measures as operations: each names its claim in `Changes`; a batch of observations with one
refusal in it stores none of them; the demo loads once; the views' readers return records."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db.errors import InvalidValue, NotFound
from db.queries.claims import ClaimFilter, claim_ids
from desktop.ops import measures
from desktop.ops.changes import Changes
from desktop.ops.demo import load_demo
from desktop.ops.reads import load_detail, load_measure


def _aid(ws) -> int:
    with ws.session() as s:
        return claim_ids(s, ClaimFilter(search="amount of aid"))[0]


def _count(ws, table: str) -> int:
    with ws.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_measure_and_observations_name_their_claim(demo_ws) -> None:
    aid = _aid(demo_ws)
    m, ch = measures.set_measure(demo_ws, aid, what="aid trucks", unit="trucks per day",
                                 reference=600, kind="pledged", compare="below", actor="ana")
    assert (m.unit, m.rate, m.reference) == ("trucks", "day", 600)
    assert ch == Changes(claims=frozenset({aid}))

    added, ch = measures.add_observations(demo_ws, aid, [
        dict(value=145, unit="trucks per day", when="2025-10-20", reporter="UN"),
        dict(value=1400, unit="trucks", when="2025-10-13..2025-10-19")], actor="ana")
    assert [o.value for o in added] == [145, 1400] and ch == Changes(claims=frozenset({aid}))

    history_before = _count(demo_ws, "history")
    with pytest.raises(InvalidValue):  # the second cannot convert: neither is stored
        measures.add_observations(demo_ws, aid, [
            dict(value=1, unit="trucks per day", when="2025-10-21"),
            dict(value=3, unit="tonnes", when="2025-10-22")], actor="ana")
    assert _count(demo_ws, "observations") == 2
    assert _count(demo_ws, "history") == history_before

    _none, ch = measures.remove_observation(demo_ws, added[0].id, actor="ben")
    assert ch == Changes(claims=frozenset({aid}))
    with demo_ws.session() as s:
        bundle = load_measure(s, aid)
        assert [o.id for o in bundle.observations] == [added[1].id]
        assert [h.field for h in load_detail(s, aid).history].count("observation") >= 3
    with pytest.raises(NotFound):
        measures.remove_observation(demo_ws, added[0].id)

    _none, ch = measures.clear_measure(demo_ws, aid, actor="ben")
    with demo_ws.session() as s:
        assert load_measure(s, aid).measure is None
        with pytest.raises(NotFound, match="no measure"):
            load_measure(s, aid, required=True)


def test_demo_loads_once(ws) -> None:
    first, ch = load_demo(ws, actor="ana")
    assert first.claims_added == first.claims_total > 0
    assert ch.claims_reset and ch.documents == {first.article_id}
    again, ch = load_demo(ws, actor="ana")
    assert again.claims_added == 0 and not ch.claims_reset
    with ws.session() as s:
        assert len(claim_ids(s)) == first.claims_total
        detail = load_detail(s, claim_ids(s)[0])
    assert detail.claim is not None and detail.claim.quote in detail.article_text
