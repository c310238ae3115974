"""Feed operations: add (read once first), remove, and poll with the progress contract; a
poll stores only new items, one unit of work per feed, and reports the sources it stored."""

from __future__ import annotations

import pytest

from db.queries.documents import list_documents
from db.queries.suggestions import list_suggestions
from desktop.errors import UserError
from desktop.ingest import feeds as reader
from desktop.ingest.feeds import FeedItem, ParsedFeed
from desktop.ops import feeds
from desktop.ops.changes import Changes
from desktop.progress import Cancelled

SERVED: dict[str, ParsedFeed | Exception] = {}


@pytest.fixture(autouse=True)
def served(monkeypatch: pytest.MonkeyPatch):
    """Feeds as the network would serve them (reading real HTTP is tested in tests/ingest)."""
    SERVED.clear()

    def read_feed(url: str, *, etag: str = "", modified: str = "", progress=None):
        got = SERVED.get(url.strip())
        if got is None:
            raise UserError(f"{url}: HTTP 404")
        if isinstance(got, Exception):
            raise got
        return got, "", ""

    monkeypatch.setattr(reader, "read_feed", read_feed)
    return SERVED


def _item(n: int, text: str) -> FeedItem:
    return FeedItem(url=f"https://a.example/{n}", title=f"Item {n}", text=text)


def test_add_poll_remove(ws) -> None:
    SERVED["https://a.example/feed"] = ParsedFeed("Gaza Aid Monitor", [
        _item(1, "600 trucks entered on Monday."), _item(2, "Aid remains below the pledge.")])
    SERVED["https://b.example/feed"] = ParsedFeed("Ministry", [_item(3, "A statement.")])
    first, changes = feeds.add_feed(ws, " https://a.example/feed ")
    assert first.title == "Gaza Aid Monitor" and not changes
    second, _ = feeds.add_feed(ws, "https://b.example/feed")
    assert [f.id for f in feeds.list_feeds(ws)] == [first.id, second.id]

    steps: list[tuple[int, int, str]] = []
    outcome, changes = feeds.poll(ws, actor="ana", suggest=False,
                                  progress=lambda d, t, w: steps.append((d, t, w)))
    assert [len(r.new_documents) for r in outcome.feeds] == [2, 1]
    with ws.session() as s:
        stored = frozenset(r.id for r in list_suggestions(s))
    assert len(stored) == outcome.suggested
    assert changes == Changes(documents=frozenset(outcome.new_documents), suggestions=stored)
    assert steps == [(0, 2, "Reading https://a.example/feed"),
                     (1, 2, "Reading https://b.example/feed"), (2, 2, "Feeds read")]
    with ws.session() as s:
        docs = list_documents(s, "source")
    assert len(docs) == 3 and all(d.feed_id is not None for d in docs)

    # Polling again stores only what is new; one feed gone does not stop the other.
    SERVED["https://a.example/feed"] = ParsedFeed("Gaza Aid Monitor", [
        _item(1, "600 trucks entered on Monday."), _item(4, "A convoy of 40 trucks.")])
    del SERVED["https://b.example/feed"]
    outcome, changes = feeds.poll(ws, suggest=False)
    assert [len(r.new_documents) for r in outcome.feeds] == [1, 0]
    assert "HTTP 404" in outcome.feeds[1].error and len(changes.documents) == 1

    outcome, _ = feeds.poll(ws, feed_ids=[second.id], suggest=False)
    assert [r.feed_id for r in outcome.feeds] == [second.id]
    assert feeds.remove_feed(ws, second.id) == (None, Changes())
    assert [f.id for f in feeds.list_feeds(ws)] == [first.id]
    with ws.session() as s:
        assert len(list_documents(s, "source")) == 4  # its sources stay


def test_refusals_and_cancel(ws) -> None:
    with pytest.raises(UserError, match="404"):
        feeds.add_feed(ws, "https://gone.example/feed")
    SERVED["https://a.example/feed"] = ParsedFeed("A", [_item(1, "One.")])
    SERVED["https://b.example/feed"] = ParsedFeed("B", [_item(2, "Two.")])
    feeds.add_feed(ws, "https://a.example/feed")
    with pytest.raises(UserError, match="already followed"):
        feeds.add_feed(ws, "https://a.example/feed")
    feeds.add_feed(ws, "https://b.example/feed")
    with pytest.raises(UserError, match="no feed"):
        feeds.remove_feed(ws, 999)

    # Stopped before the second feed: the first keeps its item, the second stores nothing.
    with pytest.raises(Cancelled):
        feeds.poll(ws, suggest=False, progress=lambda d, t, w: d < 1)
    with ws.session() as s:
        assert [d.title for d in list_documents(s, "source")] == ["Item 1"]


def test_poll_suggests_new_passages_for_open_claims(ws) -> None:
    from desktop.ops.claims import create_claim

    create_claim(ws, text="Aid trucks fell to 80 a day in October", actor="ana")
    SERVED["https://a.example/feed"] = ParsedFeed("Monitor", [
        _item(1, "Aid trucks fell to 80 a day in October, the UN said.")])
    feeds.add_feed(ws, "https://a.example/feed")
    outcome, changes = feeds.poll(ws, actor="ana", progress=None)
    assert outcome.suggested >= 1 and len(outcome.new_documents) == 1
    with ws.session() as s:
        stored = frozenset(r.id for r in list_suggestions(s))
    assert len(stored) == outcome.suggested
    assert changes == Changes(documents=frozenset(outcome.new_documents), suggestions=stored)
