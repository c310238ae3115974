"""Saved web pages: the main text without navigation, scripts or footers, plus metadata."""

from __future__ import annotations

from desktop.errors import UserError
from desktop.ingest.base import ExtractedDocument, clean_text, finish, parse_published


def read_html(markup: str, *, name: str, url: str = "") -> ExtractedDocument:
    """Main text (one paragraph per line), title, author, site name, date and language."""
    import trafilatura

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
    return finish(ExtractedDocument(
        text=text, title=title, author=meta("author"), outlet=meta("sitename"),
        url=url or meta("url"), published=parse_published(meta("date")),
        language=language, fmt="html", source_name=name))
