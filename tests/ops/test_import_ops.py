"""The import operations: prepare (no database), save in one unit of work with near repeats
skipped in one place, and a spreadsheet of claims; on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.queries.claims import claim_ids, list_claims
from db.queries.documents import list_documents
from desktop.core.seeds import seed_article_text
from desktop.errors import UserError
from desktop.ingest.pipeline import ClaimDraft
from desktop.ops.changes import Changes
from desktop.ops.imports import (
    WorkspaceImportOps,
    draft_claim,
    import_and_match,
    import_spreadsheet,
    prepare_import,
    read_spreadsheet,
    save_import,
    skip_near_repeats,
    with_metadata,
)
from desktop.progress import Cancelled

ARTICLE = ("The UN said 80 aid trucks entered Gaza on Monday. Israel had pledged 600 trucks a day "
           "in the ceasefire agreement. Prices in Gaza rose 40 percent in October, the WFP said.")


def _counts(ws) -> tuple[int, int]:
    with ws.session() as s:
        return len(list_documents(s)), len(claim_ids(s))


def test_prepare_reads_splits_and_scores_without_a_workspace() -> None:
    prepared = prepare_import(text=ARTICLE)
    assert prepared.extracted.text == ARTICLE and len(prepared.spans) == 3
    assert len(prepared.candidates) == 3 and prepared.candidates[0].rank == 1
    assert prepare_import(text=ARTICLE, kind="source").candidates == []
    renamed = with_metadata(prepared, title="Aid update", outlet="Wire")
    assert (renamed.extracted.title, renamed.extracted.outlet) == ("Aid update", "Wire")
    assert renamed.spans == prepared.spans


def test_prepare_reports_progress_and_stops_when_told(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    seen: list[tuple[int, int, str]] = []
    prepare_import(str(path), progress=lambda d, t, w: seen.append((d, t, w)) is None)
    assert seen[0] == (0, 1, "reading a.txt") and any("scoring" in w for *_x, w in seen)
    with pytest.raises(Cancelled):
        prepare_import(str(path), progress=lambda _d, _t, _w: False)


def test_a_draft_quotes_the_article_exactly() -> None:
    prepared = prepare_import(text=ARTICLE)
    cand = prepared.candidates[0]
    d = draft_claim(prepared, cand)
    assert (d.text, d.speaker) == (cand.claim, cand.speaker)
    assert d.quote == ARTICLE[d.quote_start:d.quote_end] and d.quote
    edited = draft_claim(prepared, cand, text="Reworded", speaker="Editor")
    assert (edited.text, edited.speaker, edited.quote) == ("Reworded", "Editor", d.quote)


def test_save_stores_the_document_and_claims_in_one_go(ws) -> None:
    prepared = with_metadata(prepare_import(text=ARTICLE), title="Aid update")
    drafts = [draft_claim(prepared, c) for c in prepared.candidates[:2]]
    result, ch = save_import(ws, prepared, kind="article", claims=drafts, actor="ana")
    assert result.created and result.document.title == "Aid update" and not result.skipped
    assert [c.quote for c in result.claims] == [d.quote for d in drafts]
    assert all(c.created_by == "ana" and c.article_id == result.document.id
               for c in result.claims)
    ids = {c.id for c in result.claims}
    assert ch.documents == {result.document.id} and ch.claims == ids and ch.claims_reset
    assert all(ch.record_of(i) is not None for i in ids)
    # The same text again stores nothing new, and says so.
    again, ch = save_import(ws, prepared, kind="source")
    assert not again.created and again.document.id == result.document.id
    assert ch == Changes() and _counts(ws) == (1, 2)


def test_near_repeats_are_skipped_in_the_same_unit_of_work(demo_ws) -> None:
    # Another outlet's copy of the seed interview: its best candidates repeat logged claims.
    prepared = prepare_import(text=seed_article_text().replace("Turkiye", "Türkiye"))
    drafts = [draft_claim(prepared, c) for c in prepared.candidates]
    before = _counts(demo_ws)
    result, ch = save_import(demo_ws, prepared, kind="article", claims=drafts, actor="ana")
    with demo_ws.session() as s:
        logged = {c.id for c in list_claims(s).rows}
    # The eleven logged claims sit in nine sentences: those nine candidates are left out.
    assert len(result.skipped) >= 9 and len(result.claims) + len(result.skipped) == len(drafts)
    assert {s.repeats.claim_id for s in result.skipped if s.repeats.claim_id > 0} <= logged
    assert {s.index for s in result.skipped}.isdisjoint(
        i for i, d in enumerate(drafts) if d.quote in {c.quote for c in result.claims})
    assert _counts(demo_ws) == (before[0] + 1, before[1] + len(result.claims))
    assert ch.claims == {c.id for c in result.claims}


def test_repeats_among_the_drafts_and_the_dialog_keeping_what_was_ticked(demo_ws) -> None:
    prepared = prepare_import(text=ARTICLE)
    d = draft_claim(prepared, prepared.candidates[0])
    kept, skipped = skip_near_repeats([d, d], [])
    assert kept == [d] and [(s.index, s.repeats.claim_id) for s in skipped] == [(1, -1)]
    with demo_ws.session() as s:
        first = list_claims(s).rows[0]
    repeat = ClaimDraft(text=first.text, quote=d.quote, quote_start=d.quote_start,
                        quote_end=d.quote_end)
    # The dialog warned as the repeat was ticked: what is ticked is logged.
    result = WorkspaceImportOps(demo_ws, "ana").save(prepared, kind="article", claims=[repeat])
    assert [c.text for c in result.claims] == [first.text] and not result.skipped


def test_a_new_source_is_saved_and_matched_in_one_operation(demo_ws, monkeypatch) -> None:
    from db.queries.matching_state import is_matched
    from db.queries.suggestions import list_suggestions
    from desktop.core import suggest as suggest_mod

    monkeypatch.setattr(suggest_mod, "sentence_encoder", lambda: None)  # words are enough
    later = ("The amount of aid entering Gaza remains below what Israel pledged, the UN said. "
             "The weather in Istanbul was mild.")
    prepared = prepare_import(text=later, kind="source")
    done, ch = import_and_match(demo_ws, prepared, kind="source")
    doc = done.result.document.id
    with demo_ws.session() as s:
        stored = frozenset(r.id for r in list_suggestions(s))
        assert is_matched(s, doc)
    assert done.matched is not None and done.matched.new == len(stored) >= 1
    assert ch == Changes(documents=frozenset({doc}), suggestions=stored)

    # The same text again: stored before and matched, so nothing is done twice.
    again, ch = import_and_match(demo_ws, prepared, kind="source")
    assert not again.result.created and again.matched is None and not ch
    # Without matching, the source waits for the next start (or `factdesk match`).
    other = prepare_import(text="Hamas is ready to hand over governance, a spokesman said.",
                           kind="source")
    kept, _ch = import_and_match(demo_ws, other, kind="source", match=False)
    with demo_ws.session() as s:
        assert kept.matched is None and not is_matched(s, kept.result.document.id)


def test_a_refused_save_writes_nothing(ws) -> None:
    prepared = prepare_import(text=ARTICLE)
    d = draft_claim(prepared, prepared.candidates[0])
    bad = ClaimDraft(text="Another claim", quote="not in the article", quote_start=d.quote_start,
                     quote_end=d.quote_end)
    with pytest.raises(UserError, match="quote does not match"):
        save_import(ws, prepared, kind="article", claims=[d, bad])
    with pytest.raises(UserError, match="only be logged from an article"):
        save_import(ws, prepared, kind="source", claims=[d])
    assert _counts(ws) == (0, 0)


def test_a_spreadsheet_is_checked_whole_then_logged_at_once(ws, tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("text,speaker,status,rationale\nAid fell,UN,,\n"
                    "Trucks were stopped,COGAT,false,UN data\n", encoding="utf-8")
    read = read_spreadsheet(path)
    assert not read.decoded.guessed and [r["text"] for r in read.rows] == \
        ["Aid fell", "Trucks were stopped"]
    n, ch = import_spreadsheet(ws, read.rows, actor="ana")
    assert n == 2 and ch == Changes(claims_reset=True)
    with ws.session() as s:
        rows = list_claims(s).rows
    assert [(c.text, c.status, c.created_by) for c in rows] == \
        [("Aid fell", "unverified", "ana"), ("Trucks were stopped", "false", "ana")]
    path.write_text("text,status\nFine,\nBad,no-such-status\n", encoding="utf-8")
    with pytest.raises(UserError, match="row 3"):
        read_spreadsheet(path)
    assert import_spreadsheet(ws, [])[0] == 0 and _counts(ws) == (0, 2)
