"""Migration 0006: measures and observations come and go without touching the rest."""

from __future__ import annotations

from measure_helpers import AID_CLAIM, add_later_source
from sqlalchemy import inspect, text

from db.migrate import current_revision, downgrade, head_revision, upgrade
from desktop.measures.service import add_observation


def _count(ws, table: str) -> int:
    with ws.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_down_to_0003_and_up_again(aid_ws) -> None:
    pids = add_later_source(aid_ws)
    with aid_ws.session() as s:
        add_observation(s, claim_id=AID_CLAIM, value=145, unit="trucks", when="2025-10-19",
                        passage_id=pids[0], actor="t")
    kept = {t: _count(aid_ws, t) for t in ("claims", "evidence", "history", "passages")}
    downgrade(aid_ws, "0003")
    assert current_revision(aid_ws.engine) == "0003"
    tables = set(inspect(aid_ws.engine).get_table_names())
    assert not {"measures", "observations"} & tables
    assert {t: _count(aid_ws, t) for t in kept} == kept
    upgrade(aid_ws)
    assert current_revision(aid_ws.engine) == head_revision()
    assert _count(aid_ws, "measures") == _count(aid_ws, "observations") == 0
    assert {t: _count(aid_ws, t) for t in kept} == kept
