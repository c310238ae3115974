"""Short spreadsheets in legacy code pages decode right, and a guess is shown back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.claim_import import parse_claims_csv, read_csv
from desktop.core.spreadsheet_text import decode_spreadsheet
from desktop.errors import UserError

TURKISH_1 = "text,speaker\nİsrail ateşkesi ihlal etti,Hakan Fidan\n"
TURKISH_2 = TURKISH_1 + "Gazze'ye yardım girişi azaldı,Dışişleri Bakanı\n"
ARABIC_1 = "text\nوقف إطلاق النار انتهك\n"


@pytest.mark.parametrize(("text", "encoding"), [
    (TURKISH_1, "cp1254"), (TURKISH_2, "cp1254"), (ARABIC_1, "cp1256"),
    ("text\nПрекращение огня нарушено\n", "cp1251"),
    ("text,speaker\nLe cessez-le-feu a été violé,Élise Müller\n", "cp1252"),
    ("text\nΗ εκεχειρία παραβιάστηκε\n", "cp1253"),
    # Hebrew, Greek and Cyrillic small letters share their bytes in these code pages.
    ("text,speaker\nישראל הפרה את הפסקת האש,נתניהו\n", "cp1255"),
    ("text\nשלום עולם\n", "cp1255"),
    ("text\nחמאס מוכן למסור את השלטון\n", "cp1255"),
    ("text\nη βοήθεια προς τη Γάζα μειώθηκε\n", "cp1253"),
    ("text\nОбъём помощи ниже обещанного\n", "cp1251"),
    ("text\nЙемен\n", "cp1251"),
    ("text\nحماس مستعدة لتسليم الحكم\n", "cp1256"),
])
def test_one_or_two_rows_in_a_legacy_code_page(tmp_path: Path, text: str,
                                               encoding: str) -> None:
    path = tmp_path / "claims.csv"
    path.write_bytes(text.encode(encoding))
    decoded = read_csv(path)
    assert decoded.text == text
    assert decoded.guessed
    rows = parse_claims_csv(decoded.text)
    assert rows[0]["text"] == text.splitlines()[1].split(",")[0]


def test_utf8_is_preferred_and_not_a_guess() -> None:
    decoded = decode_spreadsheet(TURKISH_1.encode("utf-8"), "x.csv")
    assert decoded.text == TURKISH_1 and decoded.encoding == "utf-8" and not decoded.guessed


def test_encoding_given_outright_is_used_strictly() -> None:
    assert decode_spreadsheet(TURKISH_1.encode("cp1254"), "x.csv", "cp1254").text == TURKISH_1
    with pytest.raises(UserError, match="is not utf-8"):
        decode_spreadsheet(TURKISH_1.encode("cp1254"), "x.csv", "utf-8")
    with pytest.raises(UserError, match="unknown encoding"):
        decode_spreadsheet(b"text\nx\n", "x.csv", "klingon")


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=120)


def test_cli_shows_the_guess_and_takes_encoding(tmp_path: Path) -> None:
    db = str(tmp_path / "w.sqlite")
    path = tmp_path / "tr.csv"
    path.write_bytes(TURKISH_1.encode("cp1254"))
    assert _cli("--db", db, "init").returncode == 0  # only init creates a workspace
    guessed = _cli("--db", db, "claims", "import", str(path))
    assert guessed.returncode == 0, guessed.stderr
    note = guessed.stderr.strip().splitlines()
    assert len(note) == 1 and "cp1254 (Turkish)" in note[0]
    assert "First row: İsrail ateşkesi ihlal etti | Hakan Fidan" in note[0]
    told = _cli("--db", db, "claims", "import", str(path), "--encoding", "cp1254")
    assert told.returncode == 0 and told.stderr == ""
    wrong = _cli("--db", db, "claims", "import", str(path), "--encoding", "utf-8")
    assert wrong.returncode == 1 and wrong.stderr.startswith("factdesk: error: tr.csv is not")
    listed = json.loads(_cli("--db", db, "claims", "list", "--format", "json").stdout)
    assert [c["text"] for c in listed] == ["İsrail ateşkesi ihlal etti"] * 2


def test_nul_byte_in_a_csv_is_refused_in_one_line(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"text,speaker\nAid fell,UN\nAid\x00 rose,UN\n")
    with pytest.raises(UserError, match="line 3: contains a NUL character"):
        parse_claims_csv(read_csv(path).text)
    done = _cli("--db", db_url, "claims", "import", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("factdesk: error: line 3: contains a NUL")


@pytest.mark.parametrize("header", ["text,text,speaker", "text,speaker,Text",
                                    "text,Speaker,speaker"])
def test_duplicate_columns_are_refused_clearly(header: str) -> None:
    with pytest.raises(UserError, match=r"names the column '(text|speaker)' twice"):
        parse_claims_csv(f"{header}\nAid fell,UN,x\n")


def test_claims_imported_with_a_verdict_get_a_status_history_row(ws) -> None:
    from db.queries.claim_edits import bulk_add_claims
    from db.queries.claims import claim_history

    rows = parse_claims_csv("text,status,rationale\nAid fell,false,UN data\nTrucks,,\n")
    with ws.session() as s:
        bulk_add_claims(s, rows, actor="desk")
    with ws.session() as s:
        settled = [(h.field, h.old, h.new, h.rationale) for h in claim_history(s, 1)]
        fresh = [h.field for h in claim_history(s, 2)]
    assert ("status", "unverified", "false", "UN data") in settled
    assert fresh == ["created"]
