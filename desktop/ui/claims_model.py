"""The claims table model: holds only the ids of the current list, fetches rows lazily.

Filtering and sorting happen in the database (`claim_ids`), which returns the ids of every
matching claim in order: cheap even for 100,000 claims. Rows are fetched a page at a time, on
the worker, the first time a view asks for them, and kept in a bounded cache. A query answered
after a newer one was asked for is thrown away, so fast typing never shows a stale list.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from db.records import ClaimRecord
from desktop.ops.changes import Changes
from desktop.ops.reads import ClaimFilter, claim_id_list, claims_by_ids, first_claims, search_words
from desktop.ui.ops import AppContext, Op
from desktop.ui.qtcompat import emit
from desktop.ui.style import status_label
from desktop.ui.textutil import one_line

COL_STATUS, COL_TEXT, COL_SPEAKER, COL_ARTICLE, COL_EVIDENCE, COL_REVIEW, COL_UPDATED = range(7)
HEADERS = ("Status", "Claim", "Speaker", "Article", "Evidence", "Review by", "Last change")
SORT_KEYS = {COL_STATUS: "status", COL_TEXT: "text", COL_SPEAKER: "speaker",
             COL_ARTICLE: "article", COL_EVIDENCE: "supports", COL_REVIEW: "review_by",
             COL_UPDATED: "updated_at"}

ID_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3

PAGE_SIZE = 100
FULL_LIST_DELAY_MS = 250
CACHE_LIMIT = 5000
LOADING = "…"

AnyIndex = QModelIndex | QPersistentModelIndex


def local_time(value: datetime) -> str:
    # Stored in UTC; SQLite hands it back without a zone.
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def two_line_time(value: datetime) -> str:
    """Date over time, so a change is never just "10:42" with no day."""
    full = local_time(value)
    return f"{full[:10]}\n{full[11:]}"


OVERDUE_COLOUR = "#c0262d"


class ClaimsModel(QAbstractTableModel):
    ids_loaded = Signal()  # a new list is in place (its first page, at least)
    ids_complete = Signal()  # every id of the current list is in place
    page_loaded = Signal()  # some rows arrived
    query_failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._ids: list[int] = []
        self._cache: OrderedDict[int, ClaimRecord] = OrderedDict()
        self._gone: set[int] = set()
        self._inflight: set[tuple[int, int]] = set()  # (generation, page)
        self._gen = 0
        self._filter = ClaimFilter()
        self._order = "id"
        self._descending = False
        self._running = False
        self._dirty = False
        self._loaded_once = False
        self._complete = False
        # The filter whose list the database last answered as empty (until the data changes).
        self._known_empty: ClaimFilter | None = None
        # Fetching every id of a 100,000-claim list takes a while on the single worker;
        # waiting for a pause in typing keeps it from delaying the next keystroke's query.
        self._full_timer = QTimer(self, singleShot=True, interval=FULL_LIST_DELAY_MS)
        self._full_timer.timeout.connect(self._load_all_ids)

    # --- the query ----------------------------------------------------------------------

    @property
    def claim_filter(self) -> ClaimFilter:
        return self._filter

    @property
    def busy(self) -> bool:
        return self._running or self._dirty

    @property
    def complete(self) -> bool:
        """Whether every id of the list is in place (not just the first page)."""
        return self._complete and not self.busy

    @property
    def loaded_once(self) -> bool:
        return self._loaded_once

    def set_filter(self, flt: ClaimFilter) -> None:
        if flt != self._filter:
            if self._narrows_known_empty(flt):
                self._filter = flt
                self._show_empty_then_confirm()
                return
            self._filter = flt
            self.requery()

    def _narrows_known_empty(self, flt: ClaimFilter) -> bool:
        """Whether `flt` only adds to the search text of a filter that matched nothing.

        Every claim matching the new text also matches the old one, so the list is empty
        too: typing on after a miss ("zz", "zzq") skips a query.
        """
        old = self._known_empty
        return (old is not None and not self.busy and self._ctx.ws is not None
                and replace(old, search="") == replace(flt, search="")
                and search_narrows(old.search, flt.search))

    def _show_empty_then_confirm(self) -> None:
        self._full_timer.stop()
        self._gen += 1
        self.beginResetModel()
        self._ids = []
        self._complete = False
        self._inflight.clear()
        self.endResetModel()
        self._loaded_once = True
        emit(self.ids_loaded)
        # The database still answers once typing pauses (the full-list query), so the list
        # ends exactly as a direct query would leave it, even if claims arrived meanwhile.
        self._full_timer.start()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._order = SORT_KEYS.get(column, "id")
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.requery()

    def refresh(self) -> None:
        """Forget every cached row and ask again (F5, or after someone else's changes)."""
        self._cache.clear()
        self._gone.clear()
        self.requery()

    def requery(self) -> None:
        """Ask for the list again: its first page at once, every id once typing pauses."""
        if self._ctx.ws is None:
            return
        self._full_timer.stop()
        self._known_empty = None
        if self._running:
            # One query at a time; when it returns it is discarded and the latest one asked.
            self._dirty = True
            return
        self._running = True
        self._gen += 1
        gen = self._gen
        flt, order, desc = self._filter, self._order, self._descending
        (Op(self._ctx, lambda s: first_claims(s, flt, order=order, descending=desc,
                                              limit=PAGE_SIZE))
         .success(lambda res: self._on_first(gen, *res))
         .failure(self._on_failed)
         .run())

    def _on_first(self, gen: int, ids: list[int], recs: dict[int, ClaimRecord]) -> None:
        self._running = False
        if self._dirty or gen != self._gen:
            self._dirty = False
            self.requery()
            return
        self._store(ids, recs)
        self.beginResetModel()
        self._ids = ids
        self._complete = len(ids) < PAGE_SIZE
        self._inflight.clear()
        self.endResetModel()
        self._known_empty = self._filter if not ids else None
        self._loaded_once = True
        emit(self.ids_loaded)
        if self._complete:
            emit(self.ids_complete)
        else:
            self._full_timer.start()

    def _load_all_ids(self) -> None:
        gen = self._gen
        flt, order, desc = self._filter, self._order, self._descending

        def work(s: Any) -> list[int] | None:
            if gen != self._gen:
                return None  # a newer query was asked for while this one waited
            return claim_id_list(s, flt, order=order, descending=desc)

        Op(self._ctx, work).success(lambda ids: self._on_all(gen, ids)) \
            .failure(self._on_failed).run()

    def _on_all(self, gen: int, ids: list[int] | None) -> None:
        if ids is None or gen != self._gen or self._running:
            return
        n = len(self._ids)
        if ids[:n] == self._ids:
            # The first page is still the first page: append the rest, keep the selection.
            if len(ids) > n:
                self.beginInsertRows(QModelIndex(), n, len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
        else:
            self.beginResetModel()
            self._ids = ids
            self._inflight.clear()
            self.endResetModel()
            emit(self.ids_loaded)
        self._complete = True
        if ids:
            self._known_empty = None
        elif self._known_empty is None:
            self._known_empty = self._filter
        emit(self.ids_complete)

    def _on_failed(self, exc: BaseException) -> None:
        self._running = False
        self._dirty = False
        emit(self.query_failed, str(exc))

    # --- rows -----------------------------------------------------------------------------

    def claim_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, claim_id: int) -> int:
        try:
            return self._ids.index(claim_id)
        except ValueError:
            return -1

    def record(self, row: int) -> ClaimRecord | None:
        cid = self.claim_id(row)
        return self._cache.get(cid) if cid is not None else None

    def rows_ready(self, first: int, last: int) -> bool:
        """Whether rows first..last (clamped) are all fetched; asks for those that are not."""
        last = min(last, len(self._ids) - 1)
        ready = True
        for row in range(max(first, 0), last + 1):
            cid = self._ids[row]
            if cid not in self._cache and cid not in self._gone:
                self._request_page(row // PAGE_SIZE)
                ready = False
        return ready

    def invalidate(self, ids: list[int]) -> None:
        """Rows changed in the database: drop them from the cache and repaint."""
        self._known_empty = None  # an edited claim may match a search that found nothing
        for cid in ids:
            self._cache.pop(cid, None)
            self._gone.discard(cid)
        if self._ids:
            emit(self.dataChanged, self.index(0, 0),
                                  self.index(len(self._ids) - 1, len(HEADERS) - 1))

    def update_records(self, recs: Iterable[ClaimRecord]) -> None:
        """Claims an operation just wrote, as it returned them: repaint only their rows."""
        self._known_empty = None  # an edited claim may match a search that found nothing
        for rec in recs:
            self._gone.discard(rec.id)
            self._cache[rec.id] = rec
            self._cache.move_to_end(rec.id)
            row = self.row_of(rec.id)
            if row >= 0:
                emit(self.dataChanged, self.index(row, 0), self.index(row, len(HEADERS) - 1))
        while len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)

    def on_changes(self, changes: Changes) -> None:
        """Rows with a record are updated from it; other changed claims are read again."""
        if changes.claim_records:
            self.update_records(changes.claim_records)
        stale = [cid for cid in changes.claims if changes.record_of(cid) is None]
        if stale:
            self.invalidate(stale)

    def _request_page(self, page: int) -> None:
        key = (self._gen, page)
        if key in self._inflight or self._ctx.ws is None:
            return
        wanted = [cid for cid in self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
                  if cid not in self._cache]
        if not wanted:
            return
        self._inflight.add(key)
        (Op(self._ctx, lambda s: claims_by_ids(s, wanted))
         .success(lambda recs: self._on_page(key, wanted, recs))
         .failure(lambda exc: self._on_page_failed(key, exc))
         .run())

    def _store(self, wanted: list[int], recs: dict[int, ClaimRecord]) -> None:
        for cid in wanted:
            rec = recs.get(cid)
            if rec is None:
                self._gone.add(cid)  # deleted meanwhile: show it as gone, do not ask again
            else:
                self._gone.discard(cid)
                self._cache[cid] = rec
                self._cache.move_to_end(cid)
        while len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)

    def _on_page(self, key: tuple[int, int], wanted: list[int],
                 recs: dict[int, ClaimRecord]) -> None:
        self._inflight.discard(key)
        self._store(wanted, recs)
        gen, page = key
        if gen == self._gen and self._ids:
            first = page * PAGE_SIZE
            last = min(first + PAGE_SIZE, len(self._ids)) - 1
            if first <= last:
                emit(self.dataChanged, self.index(first, 0), self.index(last, len(HEADERS) - 1))
        emit(self.page_loaded)

    def _on_page_failed(self, key: tuple[int, int], exc: BaseException) -> None:
        self._inflight.discard(key)
        emit(self.query_failed, str(exc))

    # --- Qt model interface ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole \
                and section == COL_EVIDENCE:
            return "Evidence linked: supports / contradicts / context (sorts by supports)"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        cid = self._ids[index.row()]
        if role == ID_ROLE:
            return cid
        rec = self._cache.get(cid)
        if rec is None:
            if cid in self._gone:
                return "(deleted)" if role == Qt.ItemDataRole.DisplayRole \
                    and index.column() == COL_TEXT else None
            self._request_page(index.row() // PAGE_SIZE)
            return LOADING if role == Qt.ItemDataRole.DisplayRole \
                and index.column() == COL_TEXT else None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(rec, col)
        if role == RECORD_ROLE:
            return rec
        if role == STATUS_ROLE:
            return rec.status
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_TEXT:
                return rec.text
            if col == COL_EVIDENCE:
                return (f"{rec.supports} supports, {rec.contradicts} contradicts, "
                        f"{rec.context} context")
            if col == COL_UPDATED:
                return f"{local_time(rec.updated_at)} by {rec.updated_by}"
            if col == COL_REVIEW and rec.review_by is not None:
                return (f"Overdue: due for re-check since {rec.review_by.isoformat()}"
                        if _overdue(rec) else f"Re-check by {rec.review_by.isoformat()}")
            return None
        if col == COL_REVIEW and _overdue(rec):
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(OVERDUE_COLOUR)
        return None

    @staticmethod
    def _display(rec: ClaimRecord, col: int) -> str:
        if col == COL_STATUS:
            return status_label(rec.status)
        if col == COL_TEXT:
            return one_line(rec.text, 600)
        if col == COL_SPEAKER:
            return one_line(rec.speaker, 80)
        if col == COL_ARTICLE:
            return one_line(rec.article_title, 120)
        if col == COL_EVIDENCE:
            return f"{rec.supports} / {rec.contradicts} / {rec.context}"
        if col == COL_REVIEW:
            if rec.review_by is None:
                return ""
            if not _overdue(rec):
                return rec.review_by.isoformat()
            late = rec.review_by < date.today()
            return rec.review_by.isoformat() + ("\n⚠ overdue" if late else "\n⚠ due today")
        if col == COL_UPDATED:
            return two_line_time(rec.updated_at)
        return ""


def search_narrows(old: str, new: str) -> bool:
    """Whether every claim matching search `new` also matches `old` (word-prefix search:
    each old word's tokens start a run of tokens of some new word)."""
    old_words, new_words = search_words(old), search_words(new)

    def covered(ws: list[str], ns: list[str]) -> bool:
        for at in range(len(ns) - len(ws) + 1):
            run = ns[at:at + len(ws)]
            if run[:-1] == ws[:-1] and run[-1].startswith(ws[-1]):
                return True
        return False

    return bool(old_words) and all(any(covered(w, n) for n in new_words) for w in old_words)


def _overdue(rec: ClaimRecord) -> bool:
    return rec.review_by is not None and rec.review_by <= date.today()
