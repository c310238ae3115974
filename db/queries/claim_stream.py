"""Every claim of a filtered list in one streamed query: for listings of 100,000 claims.

One SELECT (claims, their article's title, evidence counts per stance) read through Core in
batches, so memory stays bounded by a batch and the caller writes each claim out as soon as it
is read. The claims are those of `ClaimFilter`, in id order.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Integer, case, cast, func
from sqlmodel import Session, col, select

from db.models import Claim, Document, Evidence
from db.queries.claims import ClaimFilter
from db.records import ClaimRecord
from db.vocab import Stance

BATCH = 2000

# The first fields of ClaimRecord, in its order (records are built positionally: cheaper);
# TAIL are the claim columns that follow the article title and the tallies.
FIELDS = ("id", "text", "quote", "article_id", "quote_start", "quote_end", "speaker",
          "claim_date", "tags", "status", "rationale", "review_by", "created_by", "created_at",
          "updated_by", "updated_at", "deleted", "version")
TAIL = ("settled_without_evidence", "speaker_kind")


def _count(stance: str):
    return func.sum(cast(case((Evidence.stance == stance, 1), else_=0), Integer))


def iter_claims(session: Session, flt: ClaimFilter | None = None) -> Iterator[ClaimRecord]:
    """The claims of `flt` in id order, as records with article title and evidence tallies."""
    flt = flt or ClaimFilter()
    tallies = (select(Evidence.claim_id.label("claim_id"),  # type: ignore[attr-defined]
                      _count(Stance.SUPPORTS.value).label("supports"),
                      _count(Stance.CONTRADICTS.value).label("contradicts"),
                      _count(Stance.CONTEXT.value).label("context"))
               .group_by(col(Evidence.claim_id)).subquery())
    stmt = (select(*[getattr(Claim, name) for name in FIELDS], Document.title,
                   tallies.c.supports, tallies.c.contradicts, tallies.c.context,
                   *[getattr(Claim, name) for name in TAIL])
            .outerjoin(Document, col(Document.id) == col(Claim.article_id))
            .outerjoin(tallies, tallies.c.claim_id == col(Claim.id))
            .where(*flt.conditions())
            .order_by(col(Claim.id)))
    result = session.connection().execution_options(yield_per=BATCH).execute(stmt)
    n = len(FIELDS)
    for row in result:
        yield ClaimRecord(*row[:n], row[n] or "", row[n + 1] or 0, row[n + 2] or 0,
                          row[n + 3] or 0, bool(row[n + 4]), row[n + 5] or "")
