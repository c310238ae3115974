"""Saved web pages: the main text without navigation, scripts or footers, plus metadata."""

from __future__ import annotations

import re
from dataclasses import replace

from desktop.errors import UserError
from desktop.ingest.base import ExtractedDocument, clean_text, finish, parse_published
from desktop.ingest.optional import need

# The extractor's time grows with the attributes of a tag and the number of elements faster
# than with the text; real pages stay far below these.
MAX_TAGS = 300_000
MAX_TAG_CHARS = 10_000
_LONG_TAG = re.compile(rf"<([A-Za-z][\w:-]{{0,40}}+)[^<>]{{{MAX_TAG_CHARS},}}+>?")


def cap_markup(markup: str, name: str) -> tuple[str, str]:
    """Markup the extractor can read in time, and a note when tags lost their attributes."""
    if markup.count("<") > MAX_TAGS:
        raise UserError(f"{name} has more than {MAX_TAGS:,} tags; not read as a web page")
    capped, n = _LONG_TAG.subn(r"<\1>", markup)
    if not n:
        return markup, ""
    return capped, (f"{name}: the attributes of {n:,} over-long tag(s) were dropped "
                    f"(over {MAX_TAG_CHARS:,} characters each)")


def read_html(markup: str, *, name: str, url: str = "") -> ExtractedDocument:
    """Main text (one paragraph per line), title, author, site name, date and language."""
    trafilatura = need("trafilatura", "HTML import")
    markup, note = cap_markup(markup, name)

    try:
        doc = trafilatura.bare_extraction(
            markup, url=url or None, with_metadata=True, include_comments=False,
            include_tables=True, include_images=False, include_links=False,
            deduplicate=False, as_dict=False)
    except Exception as exc:  # the extractor can trip over broken markup in many ways
        raise UserError(f"{name} could not be read as a web page ({type(exc).__name__})") from exc
    text = clean_text(getattr(doc, "text", None) or "") if doc is not None else ""
    if not text:
        raise UserError(f"{name} has no readable article text (only scripts, frames or menus?)")

    def meta(field: str) -> str:
        value = getattr(doc, field, None)
        return " ".join(str(value).split()) if value else ""

    from desktop.ingest.titles import html_title, usable

    title = usable(meta("title")) or html_title(markup)
    first, _, rest = text.partition("\n")
    if rest and title and " ".join(first.split()).casefold() == title.casefold():
        text = rest.lstrip()  # the headline is kept as the title, not as a passage
    language = meta("language")[:2].lower() if meta("language") else ""
    doc = finish(ExtractedDocument(
        text=text, title=title, author=meta("author"), outlet=meta("sitename"),
        url=url or meta("url"), published=parse_published(meta("date")),
        language=language, fmt="html", source_name=name))
    return replace(doc, notes=(*doc.notes, note)) if note else doc
