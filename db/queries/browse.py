"""Reads for browsing long lists in the desktop app, tuned for 100,000 claims.

Ids are read with Core statements (plain integers, no ORM objects: several times faster for
large lists), and a list can be asked for its first rows only: with the default order an
index-ordered scan stops as soon as enough rows match, so the first screenful of a filter
arrives in milliseconds while the full list follows.
"""

from __future__ import annotations

from sqlmodel import Session

from db.queries.claims import ClaimFilter, claim_ids, claims_by_ids
from db.queries.documents import list_documents
from db.records import ClaimRecord

# The claim list reads ids the same way everywhere; the desktop app knows it by this name.
claim_id_list = claim_ids


def first_claims(session: Session, flt: ClaimFilter | None = None, *, order: str = "id",
                 descending: bool = False,
                 limit: int = 100) -> tuple[list[int], dict[int, ClaimRecord]]:
    """The first `limit` ids of a list and their full records, in one unit of work."""
    ids = claim_id_list(session, flt, order=order, descending=descending, limit=limit)
    return ids, claims_by_ids(session, ids)


# Titles for pickers: documents without their text, with passage counts.
document_list = list_documents
