"""A demo workspace with sources, evidence, verdicts and hostile text, on both backends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from report_strings import FORMULA_SPEAKER, HOSTILE_CLAIM

SOURCE_TEXT = (
    "Reuters reported on 20 October that Türkiye had offered troops for a Gaza force.\n"
    "Israeli officials said they would not accept Turkish soldiers in Gaza.\n"
    "The CMCC opened on October 17 under US Central Command.\n"
    "Egypt, Qatar and Türkiye mediated the ceasefire, which took effect on 10 October.\n"
)


@dataclass(frozen=True)
class Seeded:
    source_id: int
    bad_link_source_id: int
    hostile_claim_id: int
    claim_ids: list[int]


def seed_report_data(ws) -> Seeded:
    from db.queries.claim_edits import add_claim, set_status
    from db.queries.claims import claim_ids
    from db.queries.documents import passages_for, store_document
    from db.queries.evidence import add_evidence
    from db.queries.settings import set_setting
    from desktop.ingest.sentences import sentence_spans

    with ws.session() as s:
        src = store_document(
            s, text=SOURCE_TEXT, kind="source", actor="tester", spans=sentence_spans(SOURCE_TEXT),
            title="Israel & Türkiye: <i>troops</i> row", outlet="Reuters", author="Doe, Jane",
            url="https://www.reuters.com/world/gaza?a=1&b=2", published=date(2025, 10, 20),
        ).document
        bad_text = "A page that tries javascript in its link. Another sentence here."
        bad = store_document(
            s, text=bad_text, kind="source", actor="tester", spans=sentence_spans(bad_text),
            title="Suspicious page", outlet="", url="javascript:alert('x')",
            published=date(2025, 10, 1),
        ).document
        ps = passages_for(s, src.id)
        bad_ps = passages_for(s, bad.id)
        add_evidence(s, claim_id=1, passage_id=ps[0].id, stance="supports", actor="tester",
                     note="Confirms the offer <script>")
        add_evidence(s, claim_id=1, passage_id=ps[1].id, stance="contradicts", actor="tester")
        add_evidence(s, claim_id=1, passage_id=bad_ps[0].id, stance="context", actor="tester")
        add_evidence(s, claim_id=5, passage_id=ps[2].id, stance="supports", actor="tester")
        add_evidence(s, claim_id=6, passage_id=ps[3].id, stance="supports", actor="tester")
        set_status(s, 1, "partly-supported", actor="tester",
                   rationale="Offered, but Israel objects & says <no>.")
        set_status(s, 5, "supported", actor="tester", rationale="CENTCOM statement.")
        set_status(s, 2, "false", actor="tester", rationale="=1+1 no Ukraine in readout",
                   without_evidence=True)
        set_status(s, 3, "unverifiable", actor="tester", rationale="No text of the plan.",
                   without_evidence=True)
        set_status(s, 6, "in-review", actor="tester")
        hostile = add_claim(s, text=HOSTILE_CLAIM, actor="tester", speaker=FORMULA_SPEAKER,
                            tags="-tag, @mention")
        set_setting(s, "organisation", "Factdesk Test Desk")
        set_setting(s, "organisation_url", "https://factdesk.example")
        ids = claim_ids(s)
    return Seeded(source_id=src.id, bad_link_source_id=bad.id, hostile_claim_id=hostile.id,
                  claim_ids=ids)


@pytest.fixture
def report_ws(demo_ws):
    return demo_ws, seed_report_data(demo_ws)
