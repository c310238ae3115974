"""Reading claims: filtered, sorted, paged lists with evidence tallies; one claim; its history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Boolean, func, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col, select

from db.errors import InvalidValue, NotFound
from db.models import Claim, ClaimStored, Document, Evidence
from db.queries.chunks import CHUNK
from db.queries.history import history_for
from db.queries.search import matches_search
from db.records import ClaimPage, ClaimRecord, HistoryRecord
from db.vocab import STATUSES, Stance

SORT_KEYS = ("id", "status", "text", "speaker", "article", "review_by", "updated_at",
             "supports", "contradicts", "context")


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What narrows a claim list. Empty fields do not narrow."""

    search: str = ""  # words starting words of text, speaker or tags; case and accents folded
    status: str = ""
    tag: str = ""
    due_on: date | None = None  # only claims whose review-by date is on or before this day
    article_id: int | None = None
    include_deleted: bool = False

    def conditions(self) -> list[ColumnElement[bool]]:
        conds: list[ColumnElement[bool]] = []
        if not self.include_deleted:
            conds.append(col(Claim.deleted).is_(False))
        if self.status:
            if self.status not in STATUSES:
                raise InvalidValue(f"unknown status {self.status!r}; use one of "
                                   + ", ".join(STATUSES))
            conds.append(col(Claim.status) == self.status)
        if self.search.strip():
            # Case- and accent-folded, through the search index (db/queries/search.py); the
            # substring match is only for a search without any letter or digit.
            pattern = f"%{_escape_like(self.search.strip())}%"
            conds.append(matches_search(col(Claim.id), self.search, or_(
                contains_ci(col(Claim.text), pattern), contains_ci(col(Claim.speaker), pattern),
                contains_ci(col(Claim.tags), pattern))))
        if self.tag.strip():
            # Tags are stored comma-separated; pad with commas so "aid" does not match "aide".
            padded = func.replace("," + col(Claim.tags) + ",", ", ", ",")
            pattern = f"%,{_escape_like(self.tag.strip())},%"
            conds.append(contains_ci(padded, pattern))
        if self.due_on is not None:
            conds.append(col(Claim.review_by).is_not(None))
            conds.append(col(Claim.review_by) <= self.due_on)
        if self.article_id is not None:
            conds.append(col(Claim.article_id) == self.article_id)
        return conds


class contains_ci(ColumnElement[bool]):
    """Case-insensitive LIKE with backslash escapes.

    PostgreSQL gets ILIKE. SQLite's own LIKE already ignores ASCII case (its lower() folds
    nothing more), so it gets plain LIKE: the `lower(x) LIKE lower(y)` that ilike would emit
    costs a function call per row and doubles the time of a search over 100,000 claims.
    """

    type = Boolean()
    inherit_cache = False

    def __init__(self, column: ColumnElement[str], pattern: str) -> None:
        self.column = column
        self.pattern = pattern


@compiles(contains_ci)
def _contains_ci_default(element: contains_ci, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column.ilike(element.pattern, escape="\\"), **kw)


@compiles(contains_ci, "sqlite")
def _contains_ci_sqlite(element: contains_ci, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column.like(element.pattern, escape="\\"), **kw)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _tally_subquery(stance: str):
    return (
        select(func.count(col(Evidence.id)))
        .where(col(Evidence.claim_id) == col(Claim.id), col(Evidence.stance) == stance)
        .correlate(Claim)
        .scalar_subquery()
    )


def _order_column(key: str):
    if key not in SORT_KEYS:
        raise InvalidValue(f"cannot sort by {key!r}; use one of " + ", ".join(SORT_KEYS))
    if key == "article":
        return col(Document.title)
    if key in ("supports", "contradicts", "context"):
        return _tally_subquery(key)
    return col(getattr(Claim, key))


def ids_statement(flt: ClaimFilter | None = None, order: str = "id",
                  descending: bool = False):
    """SELECT of the matching ids in display order."""
    flt = flt or ClaimFilter()
    order_col = _order_column(order)
    stmt = select(Claim.id).where(*flt.conditions())
    if order == "article":
        stmt = stmt.outerjoin(Document, col(Document.id) == col(Claim.article_id))
    # Ties break on id in the same direction, so a descending list is the exact reverse.
    id_col = col(Claim.id).desc() if descending else col(Claim.id).asc()
    return stmt.order_by(order_col.desc() if descending else order_col.asc(), id_col)


def claim_ids(session: Session, flt: ClaimFilter | None = None, *, order: str = "id",
              descending: bool = False, limit: int | None = None) -> list[int]:
    """Ids of the matching claims in display order (at most `limit`).

    Read through Core as plain integers: several times faster than ORM rows for 100,000.
    """
    stmt = ids_statement(flt, order, descending)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [int(i) for i in session.connection().execute(stmt).scalars()]


def claims_by_ids(session: Session, ids: Sequence[int]) -> dict[int, ClaimRecord]:
    """Full records (with article title and evidence tallies) for the given ids."""
    out: dict[int, ClaimRecord] = {}
    ids = list(ids)
    # Stay under SQLite's bound-parameter limit on huge pages.
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        rows = session.exec(
            select(Claim, Document.title)
            .outerjoin(Document, col(Document.id) == col(Claim.article_id))
            .where(col(Claim.id).in_(chunk))
        ).all()
        tallies = evidence_tallies(session, chunk)
        for claim, title in rows:
            assert claim.id is not None
            out[claim.id] = to_record(claim, title or "", tallies.get(claim.id))
    return out


def list_claims(session: Session, flt: ClaimFilter | None = None, *, order: str = "id",
                descending: bool = False, limit: int | None = None,
                offset: int = 0) -> ClaimPage:
    ids = claim_ids(session, flt, order=order, descending=descending)
    page = ids[offset:offset + limit] if limit is not None else ids[offset:]
    found = claims_by_ids(session, page)
    return ClaimPage(rows=[found[i] for i in page if i in found], total=len(ids))


def evidence_tallies(session: Session, ids: Sequence[int]) -> dict[int, dict[str, int]]:
    rows = session.exec(
        select(Evidence.claim_id, Evidence.stance, func.count(col(Evidence.id)))
        .where(col(Evidence.claim_id).in_(list(ids)))
        .group_by(col(Evidence.claim_id), col(Evidence.stance))
    ).all()
    out: dict[int, dict[str, int]] = {}
    for claim_id, stance, n in rows:
        out.setdefault(claim_id, {})[stance] = int(n)
    return out


def get_claim(session: Session, claim_id: int, *, include_deleted: bool = False) -> ClaimRecord:
    claim = session.get(Claim, claim_id)
    if claim is None or (claim.deleted and not include_deleted):
        raise NotFound(f"no claim with id {claim_id}")
    title = ""
    if claim.article_id is not None:
        # Only the title: loading the Document would read the whole article text with it.
        title = session.exec(select(Document.title)
                             .where(col(Document.id) == claim.article_id)).first() or ""
    return to_record(claim, title, evidence_tallies(session, [claim_id]).get(claim_id))


def claim_history(session: Session, claim_id: int) -> list[HistoryRecord]:
    get_claim(session, claim_id, include_deleted=True)
    return history_for(session, "claim", claim_id)


def all_tags(session: Session) -> list[str]:
    tags: set[str] = set()
    for value in session.exec(select(Claim.tags).where(Claim.tags != "").distinct()).all():
        tags.update(t.strip() for t in value.split(",") if t.strip())
    return sorted(tags, key=str.casefold)


# Every stored field of a claim, as declared once on the model (`db.models.ClaimStored`).
STORED_FIELDS: tuple[str, ...] = tuple(ClaimStored.model_fields)


def to_record(claim: Claim, article_title: str = "",
              tallies: dict[str, int] | None = None) -> ClaimRecord:
    assert claim.id is not None
    tallies = tallies or {}
    return ClaimRecord(
        id=claim.id, **{name: getattr(claim, name) for name in STORED_FIELDS},
        article_title=article_title, supports=tallies.get(Stance.SUPPORTS, 0),
        contradicts=tallies.get(Stance.CONTRADICTS, 0), context=tallies.get(Stance.CONTEXT, 0))


def claim_quoting(session: Session, article_id: int, start: int, end: int) -> int | None:
    """The id of a live or deleted claim quoting exactly this span of the article, if any."""
    return session.exec(select(Claim.id).where(
        Claim.article_id == article_id, Claim.quote_start == start,
        Claim.quote_end == end)).first()
