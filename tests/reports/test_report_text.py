"""Escaping, link checks, quote context and CSV defusing."""

from __future__ import annotations

import pytest

from desktop.reports.text import defuse_cell, esc, link, locate_quote, quote_context, safe_url


def test_esc_turns_markup_into_text() -> None:
    assert esc('<b>x</b><img src="/etc/passwd"/>') == \
        '&lt;b&gt;x&lt;/b&gt;&lt;img src="/etc/passwd"/&gt;'
    assert esc("Tom & Jerry &amp;") == "Tom &amp; Jerry &amp;amp;"
    assert esc("a\x00b\x1bc") == "abc"
    assert esc("one\ntwo", breaks=True) == "one<br/>two"
    assert esc(None) == ""


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "file:///etc/passwd", "pdf:other.pdf",
    "data:text/html,x", "/etc/passwd", "www.example.org", "https://", "http://exa mple.org",
    "https://example.org/\x00", "ftp://example.org/x", "", None,
])
def test_unsafe_urls_make_no_link(url) -> None:
    assert safe_url(url) is None
    assert "<a " not in link(url, "label")


def test_http_urls_become_links_with_quoted_attributes() -> None:
    assert safe_url(" https://example.org/a?b=1&c=2 ") == "https://example.org/a?b=1&c=2"
    markup = link('https://example.org/"onmouseover', 'x"<y>')
    assert 'href="https://example.org/&quot;onmouseover"' in markup
    assert "x\"&lt;y&gt;" in markup


def test_quote_context_takes_the_surrounding_sentence() -> None:
    text = "First sentence here. He said that the sky is green, adding more. Last one."
    start = text.index("the sky")
    end = start + len("the sky is green")
    before, quote, after = quote_context(text, start, end)
    assert (before, quote, after) == ("He said that ", "the sky is green", ", adding more.")


def test_quote_context_stops_at_paragraph_breaks_and_trims_long_context() -> None:
    text = "Head line\n" + "word " * 200 + "QUOTE ends. Tail."
    start = text.index("QUOTE")
    before, quote, after = quote_context(text, start, start + 5, limit=50)
    assert before.startswith("…") and len(before) <= 52 and "Head" not in before
    assert quote == "QUOTE" and after == " ends."
    whole = "Whole sentence quoted. Next."
    assert quote_context(whole, 0, len("Whole sentence quoted.")) == \
        ("", "Whole sentence quoted.", "")


def test_locate_quote_checks_offsets_and_falls_back_to_search() -> None:
    text = "alpha beta gamma"
    assert locate_quote(text, "beta", 6, 10) == (6, 10)
    assert locate_quote(text, "beta", 0, 4) == (6, 10)  # stale offsets
    assert locate_quote(text, "delta", None, None) is None


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "  =cmd"])
def test_formula_cells_are_defused(cell: str) -> None:
    assert defuse_cell(cell) == "'" + cell


def test_ordinary_cells_are_left_alone() -> None:
    assert defuse_cell("Türkiye said") == "Türkiye said"
    assert defuse_cell(3) == 3
    assert defuse_cell("") == ""


def test_fonts_ship_with_their_licence() -> None:
    from importlib.resources import files

    fonts = files("resources").joinpath("fonts")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        assert fonts.joinpath(name).read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType
    licence = fonts.joinpath("LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence and "public domain" in licence
