"""Matching as an operation: a run names the suggestions it stored in its `Changes`, a cancelled
run stores
no suggestion, interrupted sources are matched later, and `factdesk match` prints as before."""

from __future__ import annotations

import argparse
import re

import pytest

from db.queries.claims import ClaimFilter, claim_ids
from db.queries.documents import store_document
from db.queries.matching_state import is_matched
from db.queries.suggestions import list_suggestions
from desktop.ingest.sentences import sentence_spans
from desktop.ops.changes import Changes
from desktop.ops.matching import match_unmatched_sources, run_matching
from desktop.progress import Cancelled

LATER_REPORT = (
    "The amount of aid entering Gaza remains below what Israel pledged, the UN said on Friday. "
    "Hamas is ready to hand over governance of Gaza to a Palestinian-led body, a spokesman said. "
    "The weather in Istanbul was mild and sunny all week.")


@pytest.fixture(autouse=True)
def lexical(monkeypatch: pytest.MonkeyPatch) -> None:
    """Words only: what is under test is the operation, not the sentence model."""
    from desktop.core import suggest as suggest_mod

    monkeypatch.setattr(suggest_mod, "sentence_encoder", lambda: None)


def _source(ws, text: str = LATER_REPORT) -> int:
    with ws.session() as s:
        return store_document(s, text=text, kind="source", actor="t", spans=sentence_spans(text),
                              title="Later report").document.id


def test_a_new_source_run_names_what_it_changed(demo_ws) -> None:
    doc_id = _source(demo_ws)
    writes: list[object] = []

    def writer(fn):
        writes.append(fn)
        return fn()

    run, changes = run_matching(demo_ws, document_ids=[doc_id], writer=writer)
    assert run.new >= 2 and writes  # the stores went through the writer given
    with demo_ws.session() as s:
        stored = {r.id for r in list_suggestions(s)}
        assert is_matched(s, doc_id)
    assert len(stored) == run.new and set(run.new_ids) == stored
    assert changes == Changes(suggestions=frozenset(stored))

    # Nothing new the second time: nothing changed.
    again, changes = run_matching(demo_ws, document_ids=[doc_id])
    assert again.new == 0 and changes == Changes() and not changes

    # One claim's run names only the suggestions it added, all of them that claim's.
    with demo_ws.session() as s:
        aid = claim_ids(s, ClaimFilter(search="amount of aid"))[0]
    other = _source(demo_ws, "Aid entering Gaza remains below what Israel pledged, a UN "
                             "agency said again on Monday.")
    run, changes = run_matching(demo_ws, claim_ids=[aid], document_ids=[other])
    assert run.new >= 1
    with demo_ws.session() as s:
        added = {r.id: r for r in list_suggestions(s)}
    assert changes == Changes(suggestions=frozenset(set(added) - stored))
    assert {added[i].claim_id for i in changes.suggestions} == {aid}


def test_a_cancelled_run_stores_no_suggestion(demo_ws) -> None:
    doc_id = _source(demo_ws)
    seen: list[tuple[int, int, str]] = []

    def stop(done: int, total: int, what: str) -> bool:
        seen.append((done, total, what))
        return False

    with pytest.raises(Cancelled):
        run_matching(demo_ws, document_ids=[doc_id], progress=stop)
    assert len(seen) == 1
    with demo_ws.session() as s:
        assert list_suggestions(s, state=None) == []
        assert not is_matched(s, doc_id)  # left for the next start to match

    # The interrupted source is what the start-up run matches, and then there is none left.
    run, changes = match_unmatched_sources(demo_ws)
    assert run is not None and run.new >= 2
    with demo_ws.session() as s:
        assert changes == Changes(suggestions=frozenset(r.id for r in list_suggestions(s)))
    assert match_unmatched_sources(demo_ws) == (None, Changes())


def test_cli_match_prints_the_same(demo_ws, monkeypatch, capsys) -> None:
    from desktop.cli import match_cmd

    _source(demo_ws)
    parser = argparse.ArgumentParser()
    match_cmd.register(parser.add_subparsers(dest="command"))
    monkeypatch.setattr(match_cmd, "open_ws", lambda _args: demo_ws)

    args = parser.parse_args(["match"])
    assert args.func(args) == 0
    out = capsys.readouterr()
    first, *table = out.out.splitlines()
    found = re.fullmatch(r"matched 11 claims against (\d+) passages: (\d+) new suggestions", first)
    assert found and int(found[2]) >= 2, first
    assert "sentence model is not installed" in out.err
    with demo_ws.session() as s:
        pending = list_suggestions(s)
    assert len(pending) == int(found[2])
    assert table[0].split() == ["ID", "CLAIM_ID", "SCORE", "STRONG", "SOURCE_TITLE",
                                "PASSAGE_TEXT"]
    assert len(table) >= len(pending) + 1
    listed = {int(line.split()[0]) for line in table[1:] if line.split()[0].isdigit()}
    assert listed == {p.id for p in pending}

    # A second run finds nothing new and lists the same suggestions.
    assert args.func(args) == 0
    again = capsys.readouterr().out.splitlines()
    assert again[0] == f"matched 11 claims against {found[1]} passages: 0 new suggestions"
    assert again[1:] == table
