"""Imports into the workspace (SQLite and PostgreSQL): passages, duplicates, versions, claims,
and refusals that leave the database exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.queries.claims import list_claims
from db.queries.documents import get_document, list_documents, passages_for
from desktop.cli import main
from desktop.errors import UserError
from desktop.ingest.pipeline import ClaimDraft, import_document
from desktop.ingest.reader import read_text
from desktop.ops.imports import prepare_import


def counts(ws) -> tuple[int, int]:
    with ws.session() as s:
        return len(list_documents(s)), list_claims(s).total


def test_passages_slice_the_stored_text_exactly(ws, tmp_path: Path) -> None:
    text = ("Bakan Fidan, İstanbul'da 12 Ekim'de konuştu. Dr. Öztürk ise U.S. verilerine "
            "atıfta bulundu.\nقال الوزير إن المحادثات مستمرة. Министр заявил, что всё идёт.\n"
            "Emoji 🙂 stays too. A final sentence.")
    path = tmp_path / "mixed.txt"
    path.write_text(text, encoding="utf-8")
    prepared = prepare_import(str(path))
    with ws.session() as s:
        result = import_document(s, prepared.extracted, kind="source", actor="tester",
                                 spans=prepared.spans)
    assert result.created
    with ws.session() as s:
        doc = get_document(s, result.document.id)
        passages = passages_for(s, doc.id)
    assert doc.text == text
    assert len(passages) >= 6
    for p in passages:
        assert doc.text[p.start:p.end] == p.text
    assert doc.sha256 and doc.kind == "source"


def test_same_content_twice_is_recognised_and_changed_url_is_versioned(ws) -> None:
    first = read_text("Version one says 10 trucks arrived.").with_overrides(
        url="https://example.org/a")
    with ws.session() as s:
        a = import_document(s, first, kind="source", actor="tester")
    with ws.session() as s:
        again = import_document(s, first, kind="source", actor="tester")
    assert not again.created and again.document.id == a.document.id
    second = read_text("Version two says 12 trucks arrived.").with_overrides(
        url="https://example.org/a")
    with ws.session() as s:
        b = import_document(s, second, kind="source", actor="tester")
    assert b.created and b.document.previous_id == a.document.id
    assert counts(ws) == (2, 0)


def test_claims_keep_their_exact_quote_and_offsets(ws, seed) -> None:
    text, _claims = seed
    prepared = prepare_import(text=text)
    top = prepared.candidates[:3]
    drafts = [ClaimDraft(text=c.claim, quote=text[c.quote_start:c.quote_end],
                         quote_start=c.quote_start, quote_end=c.quote_end, speaker=c.speaker)
              for c in top]
    with ws.session() as s:
        result = import_document(s, prepared.extracted, kind="article", actor="tester",
                                 spans=prepared.spans, claims=drafts)
    assert len(result.claims) == 3
    for claim in result.claims:
        assert text[claim.quote_start:claim.quote_end] == claim.quote
        assert claim.article_id == result.document.id


def test_a_bad_claim_writes_nothing_at_all(ws, seed) -> None:
    text, _claims = seed
    prepared = prepare_import(text=text)
    bad = ClaimDraft(text="x", quote="not in the text", quote_start=0, quote_end=15)
    with pytest.raises(UserError), ws.session() as s:
        import_document(s, prepared.extracted, kind="article", actor="tester",
                        spans=prepared.spans, claims=[bad])
    assert counts(ws) == (0, 0)
    with pytest.raises(UserError), ws.session() as s:
        import_document(s, prepared.extracted, kind="source", actor="tester",
                        claims=[ClaimDraft("c", text[:5], 0, 5)])
    assert counts(ws) == (0, 0)


def test_saved_web_page_imports_as_article_and_proposes_seed_claims(ws, tmp_path: Path,
                                                                     make_seed_html, seed,
                                                                     capsys) -> None:
    text, claims = seed
    page = tmp_path / "fidan.html"
    page.write_text(make_seed_html(), encoding="utf-8")
    rc = main(["--db", ws.url, "import", str(page), "--as", "article", "--propose",
               "--format", "json"])
    assert rc == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"text", "score", "start", "end"} <= set(rows[0])
    top = rows[:15]
    found = [c for c in claims
             if any(r["start"] <= c["quote_start"] and c["quote_end"] <= r["end"] for r in top)]
    assert len(found) >= 9
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    assert counts(ws) == (0, 0)  # proposing writes nothing

    assert main(["--db", ws.url, "import", str(page), "--as", "article", "--accept", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    doc_id = int(out[0])
    assert len(out) == 6 and all(line.startswith("claim ") for line in out[1:])
    with ws.session() as s:
        doc = get_document(s, doc_id)
        logged = list_claims(s).rows
    assert doc.kind == "article" and doc.outlet == "Anadolu Ajansi"
    assert doc.published is not None and doc.title.startswith("Fidan:")
    assert all(doc.text[c.quote_start:c.quote_end] == c.quote for c in logged)
    # Importing and accepting again adds no repeats.
    assert main(["--db", ws.url, "import", str(page), "--as", "article", "--accept", "5"]) == 0
    err = capsys.readouterr().err
    assert "nearly repeats" in err and "already document" in err
    assert counts(ws) == (1, 5)


def test_pdf_and_url_import_as_later_sources(ws, tmp_path: Path, make_pdf, http_server,
                                             capsys) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf([["The UN said 600 trucks entered on 12 October."],
                              ["Deliveries fell below the pledged level."]]))
    assert main(["--db", ws.url, "import", str(pdf), "--as", "source", "--title", "UN report",
                 "--published", "2025-10-20"]) == 0
    pdf_id = int(capsys.readouterr().out.strip())
    url = http_server.add("/statement", "<html><head><title>Statement</title></head><body>"
                          "<article><p>The ministry confirmed that 40 aid trucks crossed on "
                          "Monday, more than the week before.</p><p>It said a further 20 "
                          "trucks are expected on Tuesday.</p></article></body></html>",
                          headers={"Content-Type": "text/html; charset=utf-8"})
    assert main(["--db", ws.url, "import", url, "--as", "source"]) == 0
    url_id = int(capsys.readouterr().out.strip())
    with ws.session() as s:
        a, b = get_document(s, pdf_id), get_document(s, url_id)
        passages = passages_for(s, url_id)
    assert a.kind == b.kind == "source"
    assert a.title == "UN report" and a.published.isoformat() == "2025-10-20"
    assert "600 trucks" in a.text and b.url == url
    assert any("40 aid trucks" in p.text for p in passages)


@pytest.mark.parametrize("case", ["random-pdf", "truncated-pdf", "bomb", "huge", "scripts",
                                  "empty", "file-scheme", "hang", "bad-date", "propose-source"])
def test_bad_input_is_refused_with_one_line_and_nothing_written(
        ws, tmp_path: Path, case: str, make_pdf, make_bomb, http_server, monkeypatch,
        capsys) -> None:
    import os

    from desktop.ingest import fetch as fetch_mod

    monkeypatch.setattr(fetch_mod, "TIMEOUT", 1.0)
    extra: list[str] = []
    if case == "random-pdf":
        source = tmp_path / "x.pdf"
        source.write_bytes(os.urandom(20000))
    elif case == "truncated-pdf":
        source = tmp_path / "t.pdf"
        source.write_bytes(make_pdf([["Some text of 2024."]])[:200])
    elif case == "bomb":
        source = tmp_path / "b.pdf"
        source.write_bytes(make_bomb())
    elif case == "huge":
        source = tmp_path / "h.txt"
        with source.open("wb") as fh:
            fh.truncate(200 * 2**20)
    elif case == "scripts":
        source = tmp_path / "s.html"
        source.write_text("<html><body>" + "<script>x()</script><iframe></iframe>" * 500
                          + "</body></html>")
    elif case == "empty":
        source = tmp_path / "e.txt"
        source.write_bytes(b"")
    elif case == "file-scheme":
        source = "file:///etc/hostname"
    elif case == "hang":
        source = http_server.add("/hang", hang=True)
    else:
        source = tmp_path / "ok.txt"
        source.write_text("Ten trucks arrived on Monday.")
        extra = ["--published", "yesterday"] if case == "bad-date" else ["--propose"]
    before = counts(ws)
    rc = main(["--db", ws.url, "import", str(source), "--as", "source", *extra])
    captured = capsys.readouterr()
    assert rc == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("factdesk: error: ")
    assert "Traceback" not in captured.err and captured.out == ""
    assert counts(ws) == before


def test_long_metadata_is_cut_to_the_lengths_declared_on_the_model(ws) -> None:
    from db.limits import max_length
    from db.models import Document

    assert (max_length(Document, "title"), max_length(Document, "language")) == (500, 16)
    assert max_length(Document, "text") is None  # the text itself is never cut
    long = read_text("A source of 12 trucks.").with_overrides(
        title="T" * 900, author="A" * 400, url="https://example.org/" + "p" * 3000)
    with ws.session() as s:
        doc = import_document(s, long, kind="source", actor="tester").document
    assert (len(doc.title), len(doc.author), len(doc.url)) == (500, 300, 2000)
    assert doc.text == "A source of 12 trucks."
