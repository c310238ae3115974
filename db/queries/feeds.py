"""RSS/Atom feeds followed by the workspace, and which of their items are already stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db.errors import InvalidValue, NotFound
from db.limits import clip
from db.models import Document, Feed, FeedBase, utcnow
from db.records import _jsonable, record_of


@record_of(FeedBase)
class FeedRecord:
    """A followed feed: its id and every field of `db.models.FeedBase`."""

    id: int

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


# The fields of a feed, as declared once (`db.models.FeedBase`).
FEED_FIELDS: tuple[str, ...] = tuple(FeedBase.model_fields)


def _record(feed: Feed) -> FeedRecord:
    assert feed.id is not None
    return FeedRecord(id=feed.id, **{name: getattr(feed, name) for name in FEED_FIELDS})


def add_feed(session: Session, *, url: str, title: str = "") -> FeedRecord:
    if session.exec(select(Feed).where(Feed.url == url)).first() is not None:
        raise InvalidValue(f"the feed {url} is already followed")
    feed = Feed(url=url, title=title)
    try:
        with session.begin_nested():  # a racing `feeds add` of the same URL fails alone
            session.add(feed)
    except IntegrityError:
        raise InvalidValue(f"the feed {url} is already followed") from None
    return _record(feed)


def list_feeds(session: Session) -> list[FeedRecord]:
    return [_record(f) for f in session.exec(select(Feed).order_by(col(Feed.id))).all()]


def remove_feed(session: Session, feed_id: int) -> None:
    """Stop following a feed; the sources it brought in stay."""
    feed = session.get(Feed, feed_id)
    if feed is None:
        raise NotFound(f"no feed with id {feed_id}")
    session.delete(feed)
    session.flush()


def mark_polled(session: Session, feed_id: int, *, etag: str = "", modified: str = "",
                title: str = "") -> FeedRecord:
    """Remember when a feed was read and its caching headers, for the next conditional GET."""
    feed = session.get(Feed, feed_id)
    if feed is None:
        raise NotFound(f"no feed with id {feed_id}")
    cut = clip(Feed, etag=etag, modified=modified, title=title)
    feed.etag, feed.modified = cut["etag"], cut["modified"]
    if title and not feed.title:
        feed.title = cut["title"]
    feed.last_polled = utcnow()
    session.add(feed)
    session.flush()
    return _record(feed)


def stored_urls(session: Session, urls: Iterable[str]) -> set[str]:
    """Which of these URLs already name a stored document."""
    wanted = [u for u in dict.fromkeys(urls) if u]
    found: set[str] = set()
    for i in range(0, len(wanted), 500):
        rows = session.exec(select(Document.url)
                            .where(col(Document.url).in_(wanted[i:i + 500]))).all()
        found.update(rows)
    return found
