"""Helpers for the measure tests: the aid claim of the seed and a later source with figures."""

from __future__ import annotations

from datetime import date

AID_CLAIM = 9
LATER_SOURCE = (
    "Aid into Gaza still short of pledge\n\n"
    "The UN said 145 aid trucks entered Gaza on Sunday, far below the 600 trucks a day Israel "
    "pledged. According to OCHA, 4,200 trucks entered Gaza last week. The amount of aid "
    "entering Gaza remains limited, the UN said.\n")


def add_later_source(ws, text: str = LATER_SOURCE) -> list[int]:
    """Import a later source dated 2025-10-21, link its passages to the aid claim; ids."""
    from db.queries.documents import passages_for, store_document
    from db.queries.evidence import add_evidence
    from desktop.ingest.sentences import sentence_spans

    with ws.session() as s:
        doc = store_document(s, text=text, kind="source", actor="tester",
                             spans=sentence_spans(text), title="Aid into Gaza",
                             outlet="Reuters", url="https://example.org/aid",
                             published=date(2025, 10, 21)).document
        ids = [p.id for p in passages_for(s, doc.id) if any(c.isdigit() for c in p.text)]
        for pid in ids:
            add_evidence(s, claim_id=AID_CLAIM, passage_id=pid, stance="supports",
                         actor="tester")
    return ids
