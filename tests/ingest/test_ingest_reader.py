"""Reading files: encodings and scripts, saved web pages, PDFs, and every kind of bad input."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.ingest.reader import read_file, read_source, read_text
from desktop.progress import Cancelled

TURKISH = ("Dışişleri Bakanı Fidan, Gazze'ye asker gönderilebileceğini söyledi. "
           "İstanbul'da ılık bir gün; ağaçlar, şehir ve Iğdır'daki üzüm bağları.\n")
ARABIC = "قال وزير الخارجية إن المحادثات مستمرة في القاهرة. وأضاف أن الوفد سيصل غدا.\n"
CYRILLIC = "Министр иностранных дел заявил, что переговоры продолжаются. Делегация прибудет.\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("text", "encoding"), [
    (TURKISH, "cp1254"), (TURKISH, "utf-8"), (TURKISH, "utf-16"),
    (ARABIC, "cp1256"), (ARABIC, "utf-8"), (CYRILLIC, "cp1251"), (CYRILLIC, "koi8_r"),
    (CYRILLIC, "utf-8-sig"),
])
def test_text_files_in_common_encodings_round_trip(tmp_path: Path, text: str,
                                                   encoding: str) -> None:
    doc = read_file(write(tmp_path, "note.txt", text.encode(encoding)))
    assert doc.text == text.strip()
    assert doc.fmt == "text"


def test_turkish_windows_1254_keeps_its_letters(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path, "haber.txt", TURKISH.encode("cp1254")))
    for letter in "ğşİı":
        assert letter in doc.text
    assert doc.language == "tr"


def test_languages_are_guessed_from_the_script(tmp_path: Path) -> None:
    assert read_file(write(tmp_path, "a.txt", ARABIC.encode())).language == "ar"
    assert read_file(write(tmp_path, "c.md", CYRILLIC.encode())).language == "ru"


def test_line_ends_and_control_characters_are_cleaned(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path, "x.txt", b"One.\r\nTwo\x07 words.\r\n\r\n\r\n\r\nThree.\r"))
    assert doc.text == "One.\nTwo words.\n\nThree."


def test_pasted_text_is_taken_as_it_stands() -> None:
    doc = read_text("  A pasted statement with 3 numbers.  \n")
    assert doc.text == "A pasted statement with 3 numbers."
    assert doc.fmt == "paste"


def test_saved_web_page_gives_main_text_and_metadata(tmp_path: Path, make_seed_html,
                                                     seed) -> None:
    text, _claims = seed
    path = tmp_path / "fidan.html"
    path.write_text(make_seed_html(), encoding="utf-8")
    doc = read_file(path)
    assert doc.fmt == "html"
    assert doc.text == text.strip()
    assert doc.title == "Fidan: Türkiye ready to send troops to Gaza if necessary"
    assert doc.author == "AA Staff"
    assert doc.outlet == "Anadolu Ajansi"
    assert doc.published is not None and doc.published.isoformat() == "2025-10-19"
    for marker in ("SCRIPT", "IFRAME", "INJECTED", "FOOTER", "Subscribe", "Most read"):
        assert marker not in doc.text


def test_pdf_text_per_page(tmp_path: Path, make_pdf) -> None:
    data = make_pdf([["The budget rose to 4.2 billion lira in 2024, the ministry said."],
                     ["Aid deliveries fell below 600 trucks a day in October."]])
    doc = read_file(write(tmp_path, "report.pdf", data))
    assert doc.fmt == "pdf"
    assert len(doc.pages) == 2
    first = doc.text[doc.pages[0][0]:doc.pages[0][1]]
    second = doc.text[doc.pages[1][0]:doc.pages[1][1]]
    assert "4.2 billion lira" in first
    assert "below 600 trucks" in second


def test_pdf_lines_are_reflowed_into_paragraphs(tmp_path: Path, make_pdf) -> None:
    data = make_pdf([["The committee met on Monday and agreed that the new gov-",
                      "ernment would publish the figures within", "two weeks.",
                      "A second paragraph starts here."]])
    doc = read_file(write(tmp_path, "wrapped.pdf", data))
    assert doc.text.splitlines()[0] == ("The committee met on Monday and agreed that the new "
                                        "government would publish the figures within two weeks.")


# -- bad input: one clear line, fast, bounded memory -----------------------------------------

def refused(path: str | Path, *, seconds: float = 5.0, megabytes: float = 120) -> str:
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(UserError) as info:
            read_source(str(path))
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.monotonic() - started < seconds
    assert peak < megabytes * 2**20
    message = str(info.value)
    assert message and "\n" not in message
    return message


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    path = write(tmp_path, "fake.pdf", os.urandom(50_000))
    assert "not a PDF" in refused(path)


def test_encrypted_pdf(tmp_path: Path, make_pdf) -> None:
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(make_pdf([["Secret figures: 12 percent."]])))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "encrypted" in refused(write(tmp_path, "locked.pdf", out.getvalue()))


def test_pdf_locked_only_against_editing_still_reads(tmp_path: Path, make_pdf) -> None:
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(make_pdf([["Open figures: 12 percent."]])))
    writer = pypdf.PdfWriter()
    writer.add_page(reader.pages[0])
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "12 percent" in read_file(write(tmp_path, "owner.pdf", out.getvalue())).text


def test_truncated_pdf(tmp_path: Path, make_pdf) -> None:
    data = make_pdf([["A full page of text about the 2024 budget."]] * 3)
    assert "truncated" in refused(write(tmp_path, "cut.pdf", data[: len(data) // 2]))


def test_pdf_decompression_bomb(tmp_path: Path, make_bomb) -> None:
    data = make_bomb(1 << 30)  # 1 GB of zeros in about 1 MB
    assert len(data) < 2 * 2**20
    assert "decompression bomb" in refused(write(tmp_path, "bomb.pdf", data))


def test_pdf_of_text_operators_inflating_hugely(tmp_path: Path, make_pdf) -> None:
    import zlib

    ops = b"BT /F1 12 Tf 72 712 Td (Hello world) Tj ET\n" * 1_500_000  # ~66 MB
    data = zlib.compress(ops, 9)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + \
        b"\nendstream"
    pdf = make_pdf([[]], raw_streams=[stream])
    assert "decompression bomb" in refused(write(tmp_path, "ops.pdf", pdf))


def test_scanned_pdf_without_text(tmp_path: Path, make_pdf) -> None:
    assert "no text layer" in refused(write(tmp_path, "scan.pdf", make_pdf([[]])))


def test_file_of_200_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: no 200 MB written to disk
        fh.truncate(200 * 2**20)
    assert "MB" in refused(path, megabytes=10)
    pdf = tmp_path / "huge.pdf"
    with pdf.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(200 * 2**20)
    assert "MB" in refused(pdf, megabytes=10)


def test_html_full_of_scripts_and_iframes(tmp_path: Path) -> None:
    junk = "".join(f"<script>var a{i} = '{'x' * 200}';</script><iframe src='https://ads.invalid/"
                   f"{i}'></iframe>" for i in range(2000))
    path = tmp_path / "junk.html"
    path.write_text(f"<!DOCTYPE html><html><head><title>Ads</title></head><body>{junk}"
                    "</body></html>", encoding="utf-8")
    assert "no readable article text" in refused(path, seconds=10)


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.html", "blank.md"])
def test_empty_files(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, b"" if name != "blank.md" else b"  \n\n \t")
    assert "empty" in refused(path)


def test_binary_named_txt(tmp_path: Path) -> None:
    assert "not a text file" in refused(write(tmp_path, "bin.txt", b"\x00\x01\x02" * 1000))


@pytest.mark.parametrize("source", ["file:///etc/passwd", "ftp://example.org/a.txt",
                                    "javascript:alert(1)", "data:text/plain,hello",
                                    "gopher://example.org/"])
def test_other_schemes_are_refused(source: str) -> None:
    assert "only http and https" in refused(source)


def test_missing_file_and_folder_and_unknown_type(tmp_path: Path) -> None:
    assert "no such file" in refused(tmp_path / "missing.txt")
    (tmp_path / "dir.txt").mkdir()
    assert "not a regular file" in refused(tmp_path / "dir.txt")
    assert "unsupported file type" in refused(write(tmp_path, "a.docx", b"PK\x03\x04"))


def test_reading_can_be_cancelled(tmp_path: Path, make_pdf) -> None:
    path = write(tmp_path, "long.pdf", make_pdf([[f"Page {i} says 3 things."] for i in range(20)]))
    calls = []

    def progress(_done: int, _total: int, _what: str) -> bool:
        calls.append(1)
        return len(calls) <= 3  # False: stop

    with pytest.raises(Cancelled):
        read_file(path, progress=progress)
