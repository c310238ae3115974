"""Turning user text into safe report markup: escaping, link checks, quote context, CSV cells.

Claims and sources come from anywhere (pasted articles, feeds, spreadsheets) and may hold
`<`, `&`, `<img src=...>` or `<font ...>`. reportlab's Paragraph reads a markup language, so
every user string passes through `esc` first; links are made only for http(s) URLs.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

# C0/C1 control characters other than tab and newline break PDF text and XML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)\]]*\s+|\n")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def clean(text: str | None) -> str:
    """User text without control characters, never None."""
    return _CONTROL.sub("", text or "")


def esc(text: str | None, *, breaks: bool = False) -> str:
    """Escape user text for a Paragraph; `breaks` keeps its line breaks as <br/>."""
    out = escape(clean(text))
    if breaks:
        out = "<br/>".join(out.splitlines())
    return out


def shorten(text: str | None, limit: int) -> str:
    """At most `limit` characters on one line, ending with an ellipsis when cut."""
    flat = " ".join(clean(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) address with a host, else None (no link is made).

    Anything else (file:, javascript:, pdf:, data:, relative paths, odd whitespace) could point
    a reader's PDF viewer at their own disk or a script, so it is shown as text only.
    """
    if not url:
        return None
    url = url.strip()
    if not url or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def link(url: str | None, label: str | None = None) -> str:
    """Markup for a clickable link when the URL is safe, else the escaped text alone."""
    shown = esc(label if label is not None else url)
    target = safe_url(url)
    if target is None:
        return shown
    href = escape(target, {'"': "&quot;"})
    return f'<a href="{href}" color="#1a4f8b"><u>{shown}</u></a>'


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def quote_context(text: str, start: int, end: int, *, limit: int = 450) -> tuple[str, str, str]:
    """(before, quote, after): the quote with the rest of its sentence(s) around it.

    Context runs back to the end of the previous sentence and on to the end of the quote's
    last sentence, trimmed to `limit` characters each side at a word boundary.
    """
    before_start = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        before_start = m.end()
    before = text[before_start:start]
    # Search from the quote's last character, so a quote ending its sentence adds nothing.
    m = _SENTENCE_END.search(text, max(start, end - 1))
    after_end = m.start() + len(m.group(0).rstrip()) if m else len(text)
    after = text[end:max(end, after_end)]
    if len(before) > limit:
        cut = before[-limit:]
        before = "…" + cut[cut.find(" ") + 1:] if " " in cut else "…" + cut
    if len(after) > limit:
        cut = after[:limit]
        after = (cut[: cut.rfind(" ")] if " " in cut else cut) + "…"
    return before.lstrip(), text[start:end], after.rstrip()


def locate_quote(text: str, quote: str, start: int | None,
                 end: int | None) -> tuple[int, int] | None:
    """Offsets of the quote in its article, checked; found by search when missing or stale."""
    if (start is not None and end is not None and 0 <= start < end <= len(text)
            and (not quote or text[start:end] == quote)):
        return start, end
    if quote:
        found = text.find(quote)
        if found >= 0:
            return found, found + len(quote)
    return None


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse_cell(value: object) -> object:
    """A spreadsheet cell that cannot run as a formula: risky text gets a leading apostrophe."""
    # Leading spaces do not stop every spreadsheet from reading a formula, so look past them.
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def clip(text: str | None, limit: int) -> tuple[str, int]:
    """(text cut to about `limit` characters at a word boundary, full length if it was cut).

    Reports lay out every character; a pasted 1 MB "claim" would take minutes, so long text is
    shown in part with a note saying how long it is (0 when nothing was cut).
    """
    value = clean(text)
    if len(value) <= limit:
        return value, 0
    cut = value[:limit]
    space = cut.rfind(" ", limit - 200)
    return (cut[:space] if space > 0 else cut).rstrip() + " …", len(value)


def clipped_note(full_length: int) -> str:
    return f"(shortened here: the full text is {full_length:,} characters long)"
