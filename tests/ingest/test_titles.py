"""Titles for documents that arrive without one: first line, HTML <title>, PDF metadata."""

from __future__ import annotations

from pathlib import Path

from desktop.ingest.reader import read_bytes, read_file, read_text
from desktop.ingest.titles import html_title, title_from_text, usable


def test_text_file_takes_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "statement.txt"
    path.write_text("\n\n  Statement on the Gaza ceasefire  \n\nThe ministry said today that the "
                    "ceasefire holds.\n", encoding="utf-8")
    assert read_file(path).title == "Statement on the Gaza ceasefire"
    assert read_text("One line only. And a second sentence.").title == (
        "One line only. And a second sentence.")


def test_long_first_line_gives_its_first_sentence_shortened() -> None:
    long = "Aid trucks fell to 80 a day in October. " + "More words follow here. " * 20
    assert title_from_text(long) == "Aid trucks fell to 80 a day in October."
    one = "word " * 100
    title = title_from_text(one)
    assert len(title) <= 200 and title.endswith("…")


def test_html_title_when_the_extractor_finds_none() -> None:
    markup = ("<html><head><title>Ceasefire &amp; aid: the week in &lt;Gaza&gt; | Monitor"
              "</title></head><body><article><p>" + "Aid trucks fell to 80 a day in October. "
              * 20 + "</p></article></body></html>")
    assert html_title(markup) == "Ceasefire & aid: the week in <Gaza> | Monitor"
    doc = read_bytes(markup.encode(), name="page.html", suffix=".html")
    assert doc.title  # from the extractor or the <title>, never empty
    assert "Untitled" not in doc.title


def _with_metadata(pdf: bytes, title: str) -> bytes:
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    writer.add_metadata({"/Title": title})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_metadata_title_else_first_line(make_pdf) -> None:
    plain = make_pdf([["Humanitarian update 14", "Aid trucks fell to 80 a day."]])
    assert read_bytes(plain, name="r.pdf", suffix=".pdf").title == "Humanitarian update 14"
    titled = _with_metadata(plain, "Gaza humanitarian update")
    assert read_bytes(titled, name="r.pdf", suffix=".pdf").title == "Gaza humanitarian update"
    placeholder = _with_metadata(plain, "Microsoft Word - update14.docx")
    assert read_bytes(placeholder, name="r.pdf", suffix=".pdf").title == (
        "Humanitarian update 14")


def test_placeholders_are_not_titles() -> None:
    for junk in ("Untitled", "untitled 3", "Microsoft Word - report.docx", "draft.docx", "  "):
        assert usable(junk) == ""
    assert usable("  Gaza\n aid ") == "Gaza aid"
    assert read_text("Body text only here.", title="Untitled").title == "Body text only here."
