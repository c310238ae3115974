"""RSS and Atom feeds: reading a feed's items and turning them into documents (polling the
followed feeds is `desktop.ops.feeds.poll`)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.models import NAME_MAX, TITLE_MAX
from desktop.errors import UserError
from desktop.ingest.base import ExtractedDocument, clean_text, finish
from desktop.ingest.fetch import FEED_TYPES, fetch
from desktop.ingest.optional import need
from desktop.progress import Progress

_BLOCK_END = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/li|/h[1-6]|/blockquote|/tr)\s*>")


@dataclass(frozen=True, slots=True)
class FeedItem:
    url: str
    title: str
    text: str
    published: date | None = None
    author: str = ""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    items: list[FeedItem] = field(default_factory=list)


def html_to_text(markup: str) -> str:
    """Text of an item's HTML summary: paragraphs on their own lines, scripts dropped."""
    if "<" not in markup:
        return clean_text(markup)
    import lxml.html
    from lxml.etree import ParserError

    try:
        # In HTML a raw line break is a space; only block ends break lines.
        flat = _BLOCK_END.sub("\n", re.sub(r"\s+", " ", markup))
        root = lxml.html.fragment_fromstring(flat, create_parent="div")
    except (ParserError, ValueError):
        return clean_text(re.sub(r"<[^>]*>", " ", markup))
    for bad in root.xpath("//script|//style|//iframe|//noscript|//object|//embed"):
        bad.drop_tree()
    lines = [" ".join(line.split()) for line in root.text_content().split("\n")]
    return clean_text("\n".join(line for line in lines if line))


def _date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def parse_feed(data: bytes, url: str) -> ParsedFeed:
    """Items of an RSS or Atom document; refuses anything that is not a feed."""
    feedparser = need("feedparser", "Feed reading")

    # A stream, never a string: feedparser would treat a string as a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True,
                              resolve_relative_uris=True, response_headers={
                                  "content-location": url})
    version = parsed.get("version", "")
    if not version and not parsed.entries:
        raise UserError(f"{url[:200]} is not an RSS or Atom feed")
    items = []
    for entry in parsed.entries:
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        title = " ".join(str(entry.get("title", "")).split())
        text = html_to_text(body or "") or title
        link = str(entry.get("link", "") or entry.get("id", ""))
        if not text or not link.startswith(("http://", "https://")):
            continue  # an item without a web address cannot be told apart from the next poll
        items.append(FeedItem(url=link, title=title[:TITLE_MAX], text=text,
                              published=_date(entry),
                              author=" ".join(str(entry.get("author", "")).split())[:NAME_MAX]))
    return ParsedFeed(title=" ".join(str(parsed.feed.get("title", "")).split())[:TITLE_MAX],
                      items=items)


def read_feed(url: str, *, etag: str = "", modified: str = "",
              progress: Progress | None = None) -> tuple[ParsedFeed | None, str, str]:
    """Fetch and parse a feed; (None, etag, modified) when it has not changed since."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    got = fetch(url, accept=FEED_TYPES, headers=headers, progress=progress)
    new_etag = got.headers.get("etag", etag)
    new_modified = got.headers.get("last-modified", modified)
    if got.status == 304:
        return None, new_etag, new_modified
    return parse_feed(got.data, got.url), new_etag, new_modified


def item_document(item: FeedItem, feed_title: str) -> ExtractedDocument:
    return finish(ExtractedDocument(text=item.text, title=item.title, author=item.author,
                                    outlet=feed_title, url=item.url, published=item.published,
                                    fmt="feed", source_name=item.url))
