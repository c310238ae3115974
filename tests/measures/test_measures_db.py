"""Measures and observations in storage: history, refusals that write nothing, both databases."""

from __future__ import annotations

import pytest
from measure_helpers import AID_CLAIM, add_later_source
from sqlalchemy import text

from db.errors import InvalidValue, NotFound
from db.queries.claims import claim_history
from db.queries.measures import get_measure, observations_for, remove_observation
from desktop.measures.service import add_observation, converted, set_measure


def _counts(ws) -> tuple[int, int, int, int]:
    with ws.engine.connect() as conn:
        return tuple(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                     for t in ("measures", "observations", "history", "evidence"))


def test_measure_set_replaced_and_recorded(aid_ws) -> None:
    with aid_ws.session() as s:
        m = get_measure(s, AID_CLAIM)
        assert (m.unit, m.rate, m.reference, m.comparison) == ("trucks", "day", 600, "below")
        set_measure(s, claim_id=AID_CLAIM, what="aid trucks entering Gaza", unit="trucks per day",
                    reference=500, kind="target", compare="at-most", actor="ed")
        changes = [h for h in claim_history(s, AID_CLAIM) if h.field == "measure"]
    assert len(changes) == 2 and changes[0].old is None
    assert "600" in changes[1].old and "at-most 500 trucks per day (target)" in changes[1].new


def test_observation_from_passage_links_evidence_and_converts(aid_ws) -> None:
    pids = add_later_source(aid_ws)
    with aid_ws.session() as s:
        o = add_observation(s, claim_id=AID_CLAIM, value=4200, unit="trucks",
                            when="2025-10-13..2025-10-19", reporter="OCHA", passage_id=pids[1],
                            span=(19, 31), actor="tester")
        m = get_measure(s, AID_CLAIM)
        assert o.passage_id == pids[1] and o.evidence_id is not None
        assert o.figure == "4,200 trucks"
        assert converted(o, m) == pytest.approx(600)
        weekly = add_observation(s, claim_id=AID_CLAIM, value=700, unit="trucks per week",
                                 when="2025-10-20", actor="tester")
        assert converted(weekly, m) == pytest.approx(100)
        remove_observation(s, weekly.id, actor="tester")
        assert [x.id for x in observations_for(s, AID_CLAIM)] == [o.id]
        fields = [h.field for h in claim_history(s, AID_CLAIM)]
    assert fields.count("observation") == 3


@pytest.mark.parametrize(("unit", "when", "message"), [
    ("lorries", "2025-10-20", "unknown unit 'lorries'"),
    ("tonnes", "2025-10-20", "cannot be converted"),
    ("trucks per month", "2025-10-20", "no fixed length"),
    ("trucks", "2025-10-32", "is not a date"),
    ("trucks", "yesterday", "is not a date"),
    ("trucks per day", "2025-10-20..2025-10-01", "ends before it starts"),
])
def test_bad_observation_refused_and_nothing_written(aid_ws, unit, when, message) -> None:
    pids = add_later_source(aid_ws)
    before = _counts(aid_ws)
    with pytest.raises(InvalidValue, match=message), aid_ws.session() as s:
        add_observation(s, claim_id=AID_CLAIM, value=5, unit=unit, when=when,
                        passage_id=pids[0], actor="tester")
    assert _counts(aid_ws) == before


def test_bad_measure_refused(demo_ws) -> None:
    before = _counts(demo_ws)
    for unit, rate in (("trucks", "fortnite"), ("trucks/12", ""), ("", "")):
        with pytest.raises(InvalidValue), demo_ws.session() as s:
            set_measure(s, claim_id=AID_CLAIM, what="x", unit=unit, rate=rate, reference=1,
                        kind="pledged", compare="below", actor="t")
    with pytest.raises(InvalidValue, match="unknown comparison"), demo_ws.session() as s:
        set_measure(s, claim_id=AID_CLAIM, what="x", unit="trucks", reference=1,
                    kind="pledged", compare="sideways", actor="t")
    with pytest.raises(NotFound), demo_ws.session() as s:
        add_observation(s, claim_id=AID_CLAIM, value=1, unit="trucks", when="2025-10-20",
                        actor="t")
    assert _counts(demo_ws) == before


def test_removing_the_evidence_keeps_the_figure(aid_ws) -> None:
    from db.queries.evidence import remove_evidence

    pids = add_later_source(aid_ws)
    with aid_ws.session() as s:
        o = add_observation(s, claim_id=AID_CLAIM, value=145, unit="trucks", when="2025-10-19",
                            passage_id=pids[0], actor="t")
        remove_evidence(s, o.evidence_id, actor="t")
    with aid_ws.session() as s:
        (kept,) = observations_for(s, AID_CLAIM)
    assert kept.value == 145 and kept.evidence_id is None and kept.passage_id is None
