"""A source whose matching was interrupted is matched by the next run or the next import."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

from db.queries.claim_edits import add_claim
from db.queries.matching_state import is_matched, unmatched_sources
from db.queries.suggestions import list_suggestions
from desktop.core.suggest import suggest
from desktop.ingest.pipeline import import_document
from desktop.ingest.reader import read_text
from desktop.ops.matching import match_unmatched_sources

ROOT = Path(__file__).resolve().parents[2]
REPORT = ("The amount of aid entering Gaza remains below what Israel pledged, the UN said. "
          "The weather in Istanbul was mild.")


class Interrupted(Exception):
    pass


def _store(ws) -> int:
    with ws.session() as s:
        add_claim(s, text="The amount of aid entering Gaza is below what Israel pledged",
                  actor="t")
        return import_document(s, read_text(REPORT), kind="source", actor="t").document.id


def test_interrupted_match_is_picked_up_by_the_next_run(ws) -> None:
    doc = _store(ws)

    def stop(done: int, total: int, what: str = "") -> None:
        raise Interrupted

    with contextlib.suppress(Interrupted):
        suggest(ws, document_ids=[doc], progress=stop)
    with ws.session() as s:
        assert unmatched_sources(s) == [doc]
        assert list_suggestions(s) == []
    run, _changes = match_unmatched_sources(ws)
    assert run is not None and run.new >= 1
    with ws.session() as s:
        assert unmatched_sources(s) == [] and is_matched(s, doc)
    assert match_unmatched_sources(ws)[0] is None


def test_reimport_matches_a_stored_but_unmatched_source(tmp_path: Path) -> None:
    db = str(tmp_path / "w.sqlite")
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "desktop", "--db", db, *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    assert cli("init").returncode == 0  # only init creates a workspace
    assert cli("claims", "add", "Aid entering Gaza is below what Israel pledged",
               "--no-match").returncode == 0
    first = cli("import", str(path), "--as", "source", "--no-match")  # stands for a killed run
    assert first.returncode == 0 and "suggested" not in first.stderr
    again = cli("import", str(path), "--as", "source")
    assert again.returncode == 0, again.stderr
    assert "already document" in again.stderr and "passages suggested" in again.stderr
    third = cli("import", str(path), "--as", "source")
    assert "already document" in third.stderr and "suggested" not in third.stderr
