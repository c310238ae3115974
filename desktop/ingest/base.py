"""What every reader returns and the limits that keep hostile input cheap.

Readers report progress and learn of a cancel through `desktop.progress` (one contract for
every long job).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from desktop.errors import UserError

# Limits: generous for real documents, small enough that a hostile one is refused in seconds.
MAX_TEXT_FILE_BYTES = 20 * 2**20
MAX_HTML_BYTES = 20 * 2**20
MAX_PDF_BYTES = 100 * 2**20
MAX_TEXT_CHARS = 5_000_000
MAX_PDF_PAGES = 3000
# Each line becomes at least one passage; more lines than this is a data dump, not a document.
MAX_LINES = 200_000
# An article under check is scored sentence by sentence for claim candidates; longer texts are
# refused as articles (they can still come in as sources).
MAX_ARTICLE_CHARS = 500_000

@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """Plain text and metadata read from a file, a URL, a feed item or the clipboard."""

    text: str
    title: str = ""
    author: str = ""
    outlet: str = ""
    url: str = ""
    published: date | None = None
    language: str = ""
    fmt: str = "text"  # text, html, pdf, paste, feed
    source_name: str = ""  # file name or URL, for messages
    # (start, end) of each PDF page within `text`.
    pages: tuple[tuple[int, int], ...] = ()
    # One-line notices about what was cut or guessed while reading (shown to the user).
    notes: tuple[str, ...] = ()

    def with_overrides(self, **changes: Any) -> ExtractedDocument:
        """A copy with the given metadata replaced; empty values keep what was read."""
        return replace(self, **{k: v for k, v in changes.items() if v not in (None, "")})


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_TRAILING = re.compile(r"[ \t\u00a0]+\n")
_BLANKS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """One form for stored text: NFC, \\n line ends, no control characters, no trailing blanks."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n")
    text = _CONTROL.sub("", text)
    text = _TRAILING.sub("\n", text)
    text = _BLANKS.sub("\n\n", text)
    return text.strip()


def finish(doc: ExtractedDocument) -> ExtractedDocument:
    """Refuse documents without text or too long to handle; fill in the language, and a title
    from the first line when the document brought none."""
    if not doc.text.strip():
        raise UserError(f"{doc.source_name or 'the document'} has no readable text")
    if len(doc.text) > MAX_TEXT_CHARS:
        raise UserError(f"{doc.source_name or 'the document'} holds more than "
                        f"{MAX_TEXT_CHARS:,} characters of text; split it first")
    lines = doc.text.count("\n") + 1 - doc.text.count("\n\n")
    if lines > MAX_LINES:
        raise UserError(f"{doc.source_name or 'the document'} has more than {MAX_LINES:,} "
                        "lines of text; split it first")
    if not doc.language:
        doc = replace(doc, language=guess_language(doc.text))
    from desktop.ingest.titles import title_from_text, usable

    title = usable(doc.title)
    if not title:  # a headline on the first line beats "Untitled source"
        title = title_from_text(doc.text)
    if title != doc.title:
        doc = replace(doc, title=title)
    return doc


def check_article_size(doc: ExtractedDocument) -> None:
    """Refuse, in one line, a text too long to be checked claim by claim as an article."""
    if len(doc.text) > MAX_ARTICLE_CHARS:
        raise UserError(f"{doc.source_name or 'the document'} holds {len(doc.text):,} "
                        f"characters; an article can hold at most {MAX_ARTICLE_CHARS:,} — "
                        "import it as a source, or split it")


def guess_language(text: str) -> str:
    """A coarse guess from the letters used; good enough to pick the sentence rules."""
    sample = text[:20000]
    counts = {"ar": 0, "ru": 0, "el": 0, "tr": 0, "latin": 0}
    for ch in sample:
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF:
            counts["ar"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["ru"] += 1
        elif 0x0370 <= o <= 0x03FF:
            counts["el"] += 1
        elif ch in "ğĞşŞıİ":
            counts["tr"] += 1
        elif ch.isalpha():
            counts["latin"] += 1
    letters = sum(counts.values()) or 1
    for lang in ("ar", "ru", "el"):
        if counts[lang] / letters > 0.3:
            return lang
    if counts["tr"] / letters > 0.005:
        return "tr"
    return "en"


def parse_published(value: object) -> date | None:
    """A date from metadata text like '2025-10-17' or '2025-10-17T08:00:00Z'; None if unclear."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
