"""A title for a document that arrives without one: the headline on its first line, the HTML
<title>, or the PDF's metadata, instead of "Untitled source"."""

from __future__ import annotations

import html
import re

MAX_TITLE = 200
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,500}>")
# Placeholders that authoring tools write into PDF metadata: not a title.
_PLACEHOLDER = re.compile(r"^(untitled(\s*\d*)?|document\d*|title|\(anonymous\)|"
                          r"microsoft (word|powerpoint) - .*|.*\.(docx?|pptx?|odt|rtf|tex|pdf))$",
                          re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def one_line(text: str) -> str:
    return " ".join(text.split())


def usable(title: str) -> str:
    """The title collapsed to one line, or "" for a tool's placeholder like "Untitled"."""
    title = one_line(title)
    return "" if not title or _PLACEHOLDER.match(title) else title[:MAX_TITLE * 2]


def shorten(text: str, limit: int = MAX_TITLE) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:-–—") + "…"


def title_from_text(text: str) -> str:
    """The first line when it reads as a headline, else the first sentence, shortened."""
    for line in text[:20_000].splitlines():
        line = one_line(line)
        if not line:
            continue
        if len(line) <= MAX_TITLE:
            return line
        first = _SENTENCE_END.split(line, maxsplit=1)[0]
        return shorten(first)
    return ""


def html_title(markup: str) -> str:
    """The page's <title> (entities decoded, tags dropped), looked for near the top only."""
    m = _HTML_TITLE.search(markup[:200_000])
    if not m:
        return ""
    return usable(html.unescape(_TAG.sub(" ", m.group(1))))
