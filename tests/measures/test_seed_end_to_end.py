"""The seed example on the command line: measure, later source, proposals, report."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LATER = Path(__file__).parent / "data" / "aid_later_source.txt"


def run(*args: str, db: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "--db", db, *args],
                          capture_output=True, text=True, timeout=180, env={**os.environ})


def ok(*args: str, db: str) -> str:
    done = run(*args, db=db)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_aid_claim_end_to_end(db_url: str, tmp_path: Path) -> None:
    ok("demo", db=db_url)
    claims = json.loads(ok("claims", "list", "--search", "amount of aid", "--format", "json",
                           db=db_url))
    cid = str(claims[0]["id"])
    ok("measure", "set", cid, "--what", "aid trucks entering Gaza", "--unit", "trucks",
       "--rate", "day", "--reference", "600", "--kind", "pledged", "--compare", "below",
       db=db_url)
    ok("import", str(LATER), "--as", "source", "--title", "Aid into Gaza stays below pledge",
       "--outlet", "Wire", "--published", "2025-10-21", db=db_url)

    proposals = json.loads(ok("observations", "propose", cid, "--format", "json", db=db_url))
    got = {(p["value"], p["unit"], p["date"], p["reporter"]) for p in proposals}
    assert {(145.0, "trucks", "2025-10-19", "UN"),
            (2100.0, "trucks", "2025-10-13..2025-10-19", "OCHA"),
            (700.0, "trucks", "2025-10-20", "COGAT")} <= got
    for p in proposals:
        assert set(p) >= {"value", "unit", "date", "reporter", "passage_id", "span"}
    pledge = [p for p in proposals if p["unit"] == "trucks per day"]
    assert pledge and "pledged value itself" in pledge[0]["note"]

    wanted = [str(p["n"]) for p in proposals if p["unit"] == "trucks"]
    ok("observations", "propose", cid, "--accept", ",".join(wanted), db=db_url)
    again = json.loads(ok("observations", "propose", cid, "--format", "json", db=db_url))
    assert [p["unit"] for p in again] == ["trucks per day"]  # accepted ones are not proposed

    rows = list(csv.DictReader(io.StringIO(ok("observations", "list", cid, "--format", "csv",
                                              db=db_url))))
    assert [(r["value"], r["converted"], r["reporter"]) for r in rows] == [
        ("2100.0", "300.0", "OCHA"), ("145.0", "145.0", "UN"), ("700.0", "700.0", "COGAT")]
    shown = json.loads(ok("claims", "show", cid, "--format", "json", db=db_url))
    assert len(shown[0]["evidence"]) == 3  # each figure's passage is linked as evidence
    history = json.loads(ok("claims", "history", cid, "--format", "json", db=db_url))
    assert sum(h["field"] == "observation" for h in history) == 3

    pdf = tmp_path / "report.pdf"
    ok("report", "--out", str(pdf), "--claims", cid, "--layout", "audit", db=db_url)
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    text = " ".join(text.split())
    assert "Figures over time" in text
    assert "OCHA: 1 of 1 observation since 13 Oct below the 600 pledged" in text
    assert "COGAT: 0 of 1 observation since 20 Oct below the 600 pledged (1 above)" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")],
                       check=True, timeout=120)
        assert list(tmp_path.glob("page-*.png"))


@pytest.mark.parametrize(("args", "message"), [
    (("observations", "add", "9", "--value", "5", "--unit", "lorries", "--date", "2025-10-20"),
     "unknown unit 'lorries'"),
    (("observations", "add", "9", "--value", "5", "--unit", "tonnes", "--date", "2025-10-20"),
     "cannot be converted"),
    (("observations", "add", "9", "--value", "5", "--unit", "trucks", "--date", "20/10/2025"),
     "is not a date"),
    (("measure", "set", "9", "--what", "x", "--unit", "trucks per fortnite", "--reference", "1",
      "--compare", "below"), "unknown time unit"),
    (("observations", "propose", "9", "--accept", "7"), "no proposal numbered 7"),
])
def test_cli_refusals_are_one_line_and_write_nothing(demo_ws, capsys, args, message) -> None:
    from sqlalchemy import text

    from desktop.cli import main

    assert main(["--db", demo_ws.url, "measure", "set", "9", "--what", "aid trucks", "--unit",
                 "trucks per day", "--reference", "600", "--compare", "below"]) == 0
    capsys.readouterr()

    def state() -> tuple:
        with demo_ws.engine.connect() as conn:
            return tuple(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                         for t in ("history", "observations", "evidence", "measures"))

    before = state()
    assert main(["--db", demo_ws.url, *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("factdesk: error: ") and message in err
    assert len(err.strip().splitlines()) == 1
    assert state() == before
