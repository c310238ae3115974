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
from db.queries.claims import STORED_FIELDS, ClaimFilter
from db.records import ClaimRecord
from db.vocab import Stance

BATCH = 2000

# The claim columns read: the id and every stored field as declared on the model
# (`db.models.ClaimStored`); the article title and the evidence tallies follow them.
FIELDS: tuple[str, ...] = ("id", *STORED_FIELDS)


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
                   tallies.c.supports, tallies.c.contradicts, tallies.c.context)
            .outerjoin(Document, col(Document.id) == col(Claim.article_id))
            .outerjoin(tallies, tallies.c.claim_id == col(Claim.id))
            .where(*flt.conditions())
            .order_by(col(Claim.id)))
    result = session.connection().execution_options(yield_per=BATCH).execute(stmt)
    n = len(FIELDS)
    for row in result:
        values = dict(zip(FIELDS, row[:n], strict=True))
        yield ClaimRecord(**values, article_title=row[n] or "", supports=row[n + 1] or 0,
                          contradicts=row[n + 2] or 0, context=row[n + 3] or 0)
