"""Property-based tests of the readers: random and mutated spreadsheets, text, HTML, PDF and
feeds either import cleanly or are refused with one line (a UserError); never a traceback.

Example counts are moderate and each example has a deadline, so the suite stays quick; the
readers' own size limits bound memory.
"""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.errors import UserError
from db.migrate import open_workspace

FUZZ = settings(max_examples=40, deadline=timedelta(seconds=8), derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
SEED_TEXT = (Path(__file__).resolve().parents[2] / "seeds" / "fidan-gaza-interview.txt") \
    .read_text(encoding="utf-8")[:3000]


@pytest.fixture(scope="module")
def fuzz_ws(tmp_path_factory: pytest.TempPathFactory):
    ws = open_workspace(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'w.sqlite'}",
                        create=True)
    yield ws
    ws.dispose()


def _one_line(exc: UserError) -> None:
    message = str(exc)
    assert message and "\n" not in message and "Traceback" not in message


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (position, cut, insert) edits: flips, truncations, junk in the middle."""
    out = bytearray(data)
    for pos, cut, insert in edits:
        at = pos % (len(out) + 1)
        out[at:at + cut] = insert
    return bytes(out)


EDITS = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 64),
                           st.binary(max_size=16)), max_size=6)


def _import_file(ws, path: Path) -> None:
    """The importer end to end: read, split, score, store; or a one-line refusal."""
    from desktop.ingest.pipeline import import_document
    from desktop.ops.imports import prepare_import

    try:
        prepared = prepare_import(str(path))
        with ws.session() as s:
            import_document(s, prepared.extracted, kind="source", actor="fuzz",
                            spans=prepared.spans)
    except UserError as exc:
        _one_line(exc)


@FUZZ
@given(data=st.one_of(st.binary(max_size=3000),
                      EDITS.map(lambda e: mutate(b"text,speaker,tags,date,status\n"
                                                 b"Aid fell,Fidan,aid,2025-10-01,unverified\n"
                                                 b"\"Quoted, claim\",,,,\n", e))))
def test_fuzzed_spreadsheets(tmp_path_factory, fuzz_ws, data: bytes) -> None:
    from db.queries.claim_edits import bulk_add_claims
    from desktop.core.claim_import import parse_claims_csv, read_csv_text

    path = tmp_path_factory.mktemp("csv") / "claims.csv"
    path.write_bytes(data)
    try:
        rows = parse_claims_csv(read_csv_text(path))
        with fuzz_ws.session() as s:
            assert bulk_add_claims(s, rows, actor="fuzz") == len(rows)
    except UserError as exc:
        _one_line(exc)


@FUZZ
@given(data=st.one_of(st.binary(max_size=4000),
                      st.text(max_size=4000).map(lambda t: t.encode("utf-8", "surrogatepass")),
                      EDITS.map(lambda e: mutate(SEED_TEXT.encode("utf-8"), e))))
def test_fuzzed_text_files(tmp_path_factory, fuzz_ws, data: bytes) -> None:
    path = tmp_path_factory.mktemp("txt") / "article.txt"
    path.write_bytes(data)
    _import_file(fuzz_ws, path)


HTML_BITS = st.sampled_from([
    "<html>", "</html>", "<head><title>T</title></head>", "<body>", "<article>", "<p>",
    "</p>", "<script>alert(1)</script>", "<![CDATA[x]]>", "<!--", "-->", "<div class='a'>",
    "&amp;", "&#0;", "&#xD800;", "<meta charset='utf-16'>", "<br/>", "<table><tr><td>",
    "<svg onload=x>", "\x00", "Ankara said aid would rise. ", "<a href='javascript:x'>l</a>",
])


@FUZZ
@given(parts=st.lists(st.one_of(HTML_BITS, st.text(max_size=80)), max_size=60),
       edits=EDITS)
def test_fuzzed_html_files(tmp_path_factory, fuzz_ws, parts: list[str], edits) -> None:
    path = tmp_path_factory.mktemp("html") / "page.html"
    path.write_bytes(mutate("".join(parts).encode("utf-8", "surrogatepass"), edits))
    _import_file(fuzz_ws, path)


def _sample_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setTitle("Later report")
    for i, line in enumerate(SEED_TEXT.splitlines()[:30]):
        c.drawString(40, 800 - 14 * i, line[:90])
    c.showPage()
    c.drawString(40, 800, "A second page with a claim about aid deliveries.")
    c.save()
    return buf.getvalue()


PDF = _sample_pdf()


@settings(parent=FUZZ, max_examples=30)
@given(edits=EDITS, cut=st.integers(0, len(PDF)))
def test_fuzzed_pdf_files(tmp_path_factory, fuzz_ws, edits, cut: int) -> None:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    data = mutate(PDF, edits)
    path.write_bytes(data[:cut] if cut % 3 == 0 else data)
    _import_file(fuzz_ws, path)


FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        b"<item><title>Aid rises</title><link>https://example.org/a</link>"
        b"<description>&lt;p&gt;Ankara said aid would rise.&lt;/p&gt;</description>"
        b"<pubDate>Mon, 06 Oct 2025 10:00:00 GMT</pubDate></item>"
        b"<item><title>Second</title><link>javascript:alert(1)</link></item>"
        b"</channel></rss>")


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), EDITS.map(lambda e: mutate(FEED, e))))
def test_fuzzed_feeds(data: bytes) -> None:
    from desktop.ingest.feeds import item_document, parse_feed

    try:
        parsed = parse_feed(data, "https://example.org/feed")
    except UserError as exc:
        _one_line(exc)
        return
    for item in parsed.items:
        assert item.url.startswith(("http://", "https://"))
        try:
            item_document(item, parsed.title)
        except UserError as exc:
            _one_line(exc)


def test_the_unmutated_samples_import(tmp_path: Path, fuzz_ws) -> None:
    """The seeds the mutations start from are real, importable documents."""
    from desktop.ops.imports import prepare_import

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(PDF)
    assert "aid deliveries" in prepare_import(str(pdf)).extracted.text
    from desktop.ingest.feeds import parse_feed

    assert [i.url for i in parse_feed(FEED, "https://example.org/feed").items] == [
        "https://example.org/a"]
