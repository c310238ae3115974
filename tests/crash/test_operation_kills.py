"""SIGKILL at random moments of a spreadsheet import, a source import with matching, `match`
and `report`: afterwards the file is sound, each operation happened wholly or not at all, and
the workspace opens."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from crash_helpers import (
    copy_workspace,
    count,
    integrity,
    kill_randomly,
    kills_wanted,
    log_kills,
    timed_run,
)

from db.migrate import open_workspace

KILLS_PER_OPERATION = kills_wanted(5)
SEED = Path(__file__).resolve().parents[2] / "seeds" / "fidan-gaza-interview.txt"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plus 600 more claims: enough for matching and the report to take a while."""
    from db.queries.claim_edits import bulk_add_claims
    from desktop.core.seeds import load_demo

    path = tmp_path_factory.mktemp("ops") / "template.sqlite"
    ws = open_workspace(f"sqlite:///{path}", create=True)
    sentences = [s.strip() for s in SEED.read_text(encoding="utf-8").split(".") if len(s) > 40]
    with ws.session() as s:
        load_demo(s, actor="t")
        bulk_add_claims(s, [{"text": f"{sentences[i % len(sentences)]} ({i})",
                             "speaker": f"Speaker {i % 13}"} for i in range(600)], actor="t")
    ws.dispose()
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inputs")
    sheet = folder / "claims.csv"
    sheet.write_text("text,speaker,tags\n" + "".join(
        f"\"Imported claim number {i} about aid deliveries\",Desk {i % 5},bulk\n"
        for i in range(3000)), encoding="utf-8")
    sentences = [s.strip() for s in SEED.read_text(encoding="utf-8").split(".") if len(s) > 40]
    source = folder / "later-report.html"
    paragraphs = "".join(f"<p>A later report says: {s}. Officials confirmed it on day {i}.</p>"
                         for i, s in enumerate(sentences * 4))
    source.write_text(f"<html><head><title>Later report</title></head><body><article>"
                      f"{paragraphs}</article></body></html>", encoding="utf-8")
    return {"sheet": sheet, "source": source}


def _state(path: Path) -> dict[str, int]:
    return {t: count(path, t) for t in ("claims", "documents", "passages", "suggestions")}


def _opens(path: Path) -> None:
    ws = open_workspace(f"sqlite:///{path}", create=False)
    try:
        assert not ws.read_only and ws.damage is None
    finally:
        ws.dispose()


def _kill_repeatedly(name: str, template: Path, tmp_path: Path, args: list[str],
                     check, rng: random.Random) -> int:
    probe = copy_workspace(template, tmp_path / name / "probe.sqlite")
    before = _state(probe)
    duration = timed_run("cli", "--db", str(probe), *_expand(args, tmp_path / name / "probe"))
    complete = _state(probe)
    assert complete != before or name == "report"
    kills = attempts = 0
    while kills < KILLS_PER_OPERATION:
        attempts += 1
        assert attempts <= 3 * KILLS_PER_OPERATION, f"{name} kept finishing before the kill"
        path = copy_workspace(template, tmp_path / name / f"k{attempts}.sqlite")
        outcome = kill_randomly("cli", "--db", str(path),
                                *_expand(args, tmp_path / name / f"k{attempts}"),
                                max_delay=duration, rng=rng)
        kills += outcome.killed
        assert integrity(path) == "ok", f"{name}: damaged after a kill at {outcome.delay:.2f} s"
        check(before, complete, _state(path), tmp_path / name / f"k{attempts}")
        _opens(path)
    log_kills(name, kills, attempts)
    return kills


def _expand(args: list[str], stem: Path) -> list[str]:
    return [a.replace("{OUT}", str(stem) + ".pdf") for a in args]


def _all_or_nothing(before: dict[str, int], complete: dict[str, int], now: dict[str, int],
                    _stem: Path) -> None:
    assert now in (before, complete)


def test_kills_during_a_spreadsheet_import(template: Path, inputs, tmp_path: Path) -> None:
    kills = _kill_repeatedly("sheet", template, tmp_path,
                             ["claims", "import", str(inputs["sheet"])], _all_or_nothing,
                             random.Random(1))
    assert kills >= KILLS_PER_OPERATION


def test_kills_during_a_source_import_with_matching(template: Path, inputs,
                                                     tmp_path: Path) -> None:
    def check(before, complete, now, _stem) -> None:
        # The document comes with all its passages or not at all; its suggestions are stored
        # in one later transaction: none of them, or all.
        doc = {k: now[k] for k in ("documents", "passages")}
        assert doc in ({k: before[k] for k in doc}, {k: complete[k] for k in doc})
        assert now["suggestions"] in (before["suggestions"], complete["suggestions"])
        if now["documents"] == before["documents"]:
            assert now["suggestions"] == before["suggestions"]
        assert now["claims"] == before["claims"]

    kills = _kill_repeatedly("source", template, tmp_path,
                             ["import", str(inputs["source"]), "--as", "source"], check,
                             random.Random(2))
    assert kills >= KILLS_PER_OPERATION


def test_kills_during_match(template: Path, inputs, tmp_path: Path) -> None:
    # A source to match against (imported unmatched), then `match` over every open claim.
    with_source = copy_workspace(template, tmp_path / "with-source.sqlite")
    timed_run("cli", "--db", str(with_source), "import", str(inputs["source"]), "--as",
              "source", "--no-match")
    kills = _kill_repeatedly("match", with_source, tmp_path, ["match"], _all_or_nothing,
                             random.Random(3))
    assert kills >= KILLS_PER_OPERATION


def test_kills_during_report(template: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pages: list[int] = []

    def check(before, _complete, now, stem) -> None:
        assert now == before  # a report writes nothing into the workspace
        pdf = Path(str(stem) + ".pdf")
        if pdf.exists():  # the PDF is there whole, or not at all
            assert len(PdfReader(pdf).pages) == pages[0]

    probe_pdf = tmp_path / "reference.pdf"
    copy = copy_workspace(template, tmp_path / "ref" / "w.sqlite")
    timed_run("cli", "--db", str(copy), "report", "--layout", "audit", "--out", str(probe_pdf))
    pages.append(len(PdfReader(probe_pdf).pages))
    kills = _kill_repeatedly("report", template, tmp_path,
                             ["report", "--layout", "audit", "--out", "{OUT}"], check,
                             random.Random(4))
    assert kills >= KILLS_PER_OPERATION


def test_sqlite_reads_see_the_template_untouched(template: Path) -> None:
    with sqlite3.connect(template) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.postgres
def test_kills_during_imports_on_postgresql(pg_url: str, inputs) -> None:
    from sqlalchemy import text

    def counts() -> tuple[int, int]:
        ws = open_workspace(pg_url, create=False)  # also: it opens
        try:
            with ws.engine.connect() as conn:
                return (conn.execute(text("SELECT count(*) FROM claims")).scalar_one(),
                        conn.execute(text("SELECT count(*) FROM passages")).scalar_one())
        finally:
            ws.dispose()

    def empty() -> None:
        ws = open_workspace(pg_url, create=True)
        try:
            with ws.engine.begin() as conn:
                for table in ("suggestions", "evidence", "history", "passages", "claims",
                              "documents"):
                    conn.execute(text(f"DELETE FROM {table}"))
        finally:
            ws.dispose()

    rng = random.Random(5)
    kills = attempts = 0
    for args in (["claims", "import", str(inputs["sheet"])],
                 ["import", str(inputs["source"]), "--as", "source"]):
        empty()
        duration = timed_run("cli", "--db", pg_url, *args)
        complete = counts()
        assert complete != (0, 0)
        # Until each operation has been killed at least once: on a busy machine a run may
        # finish before its kill comes (it is checked all the same).
        landed = tries = 0
        while landed < 1:
            tries += 1
            assert tries <= 8, f"{args[0]} kept finishing before the kill"
            empty()
            landed += kill_randomly("cli", "--db", pg_url, *args, max_delay=duration,
                                    rng=rng).killed
            assert counts() in ((0, 0), complete)
        kills, attempts = kills + landed, attempts + tries
    log_kills("postgresql imports", kills, attempts)
    assert kills >= 2
