"""A demo workspace whose aid claim has a measure (600 trucks a day, pledged, below)."""

from __future__ import annotations

import pytest
from measure_helpers import AID_CLAIM


@pytest.fixture
def aid_ws(demo_ws):
    from desktop.measures.service import set_measure

    with demo_ws.session() as s:
        set_measure(s, claim_id=AID_CLAIM, what="aid trucks entering Gaza", unit="trucks",
                    rate="day", reference=600, kind="pledged", compare="below",
                    period="2025-10-10..", actor="tester")
    return demo_ws
