"""Operations on followed RSS/Atom feeds: add, list, remove, poll.

Reading and parsing a feed is `desktop.ingest.feeds`; here is what the user does with feeds.
No view lists feeds, so adding or removing one reports no `Changes`; a poll reports the
sources it stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from db.queries.feeds import FeedRecord
from db.vocab import DocumentKind
from desktop.core.config import current_user
from desktop.errors import UserError
from desktop.ops.changes import Changes
from desktop.progress import Cancelled, Progress, step

if TYPE_CHECKING:
    from db.engine import Workspace


@dataclass(frozen=True, slots=True)
class PollResult:
    feed_id: int
    url: str
    new_documents: list[int] = field(default_factory=list)
    error: str = ""  # one line when the feed could not be read; other feeds still poll


@dataclass(frozen=True, slots=True)
class Poll:
    feeds: list[PollResult]
    suggested: int = 0  # new passages suggested as evidence for open claims

    @property
    def new_documents(self) -> list[int]:
        return [d for r in self.feeds for d in r.new_documents]


def add_feed(ws: Workspace, url: str) -> tuple[FeedRecord, Changes]:
    """Follow a feed. It is read once first, so a dead link or a page that is not a feed is
    refused before anything is stored."""
    from db.queries import feeds as q
    from desktop.ingest.feeds import read_feed

    parsed, _etag, _modified = read_feed(url)
    with ws.session() as s:
        feed = q.add_feed(s, url=url.strip(), title=parsed.title if parsed else "")
    return feed, Changes()


def list_feeds(ws: Workspace) -> list[FeedRecord]:
    from db.queries import feeds as q

    with ws.session() as s:
        return q.list_feeds(s)


def remove_feed(ws: Workspace, feed_id: int) -> tuple[None, Changes]:
    """Stop following a feed; the sources it brought in stay."""
    from db.queries import feeds as q

    with ws.session() as s:
        q.remove_feed(s, feed_id)
    return None, Changes()


def poll(ws: Workspace, *, feed_ids: Sequence[int] | None = None, actor: str | None = None,
         progress: Progress | None = None,
         suggest: bool = True) -> tuple[Poll, Changes]:
    """Read every followed feed (or those given) and store its new items as later sources,
    then suggest their passages as evidence for open claims (unless `suggest` is False).

    The network is read outside any transaction; each feed's new items are then written in
    one unit of work of their own, so one broken feed does not undo another's items. When
    `progress` says stop, the feeds already polled keep their items (`Cancelled`).
    """
    from db.queries.feeds import list_feeds as stored_feeds
    from db.queries.feeds import mark_polled, stored_urls
    from desktop.ingest.feeds import item_document, read_feed
    from desktop.ingest.fetch import mask_url
    from desktop.ingest.pipeline import import_document

    actor = actor or current_user()
    with ws.session() as s:
        feeds = [f for f in stored_feeds(s) if feed_ids is None or f.id in feed_ids]
    results = []
    for i, feed in enumerate(feeds):
        what = f"Reading {mask_url(feed.url)[:120]}"
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
    if progress is not None:  # everything is written by now: too late to stop
        progress(len(feeds), len(feeds), "Feeds read")
    outcome = Poll(results)
    new_docs = outcome.new_documents
    changes = Changes(documents=frozenset(new_docs))
    if new_docs and suggest:
        from desktop.ops.matching import run_matching

        run, matched = run_matching(ws, document_ids=new_docs)
        outcome, changes = Poll(results, suggested=run.new), changes | matched
    return outcome, changes
