"""RSS and Atom feeds: reading a feed's items and turning new ones into later sources."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.engine import Workspace
from db.models import NAME_MAX, TITLE_MAX
from db.vocab import DocumentKind
from desktop.errors import UserError
from desktop.ingest.base import ExtractedDocument, clean_text, finish
from desktop.ingest.fetch import FEED_TYPES, fetch, mask_url
from desktop.ingest.optional import need
from desktop.progress import Cancelled, Progress, step

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


@dataclass(frozen=True, slots=True)
class PollResult:
    feed_id: int
    url: str
    new_documents: list[int] = field(default_factory=list)
    error: str = ""  # one line when the feed could not be read; other feeds still poll


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


def poll_feeds(ws: Workspace, *, actor: str, feed_ids: Sequence[int] | None = None,
               progress: Progress | None = None) -> list[PollResult]:
    """Read every followed feed and store its new items as later sources.

    The network is read outside any transaction; each feed's new items are then written in
    one unit of work of their own, so one broken feed does not undo another's items.
    `progress` (`desktop.progress`) returning False stops the poll with `Cancelled`; the
    feeds polled before keep their items.
    """
    from db.queries.feeds import list_feeds, mark_polled, stored_urls
    from desktop.ingest.pipeline import import_document

    with ws.session() as s:
        feeds = [f for f in list_feeds(s) if feed_ids is None or f.id in feed_ids]
    results = []
    for i, feed in enumerate(feeds):
        what = f"reading {mask_url(feed.url)[:120]}"
        step(progress, i, len(feeds), what)

        def reading(_done: int, _total: int, _what: str, i: int = i, what: str = what) -> bool:
            # A feed's fetch reports as the poll's step for that feed (and may cancel it).
            return progress is None or progress(i, len(feeds), what) is not False

        try:
            parsed, etag, modified = read_feed(feed.url, etag=feed.etag,
                                               modified=feed.modified, progress=reading)
        except Cancelled:
            raise
        except UserError as exc:
            results.append(PollResult(feed.id, feed.url, error=str(exc)))
            continue
        docs = []
        for item in parsed.items if parsed is not None else []:
            try:
                docs.append((item, item_document(item, parsed.title or feed.title)))
            except UserError:
                continue  # an empty or oversized item is skipped, not fatal to the feed
        new_ids: list[int] = []
        with ws.session() as s:
            known = stored_urls(s, [item.url for item, _doc in docs])
            for item, doc in docs:
                if item.url in known:
                    continue
                known.add(item.url)
                result = import_document(s, doc, kind=DocumentKind.SOURCE.value, actor=actor,
                                         feed_id=feed.id)
                if result.created:
                    new_ids.append(result.document.id)
            mark_polled(s, feed.id, etag=etag, modified=modified,
                        title=parsed.title if parsed else "")
        results.append(PollResult(feed.id, feed.url, new_documents=new_ids))
    step(progress, len(feeds), len(feeds), "done")
    return results
