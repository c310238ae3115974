"""The verification scale as readers see it: labels, colours and ClaimReview ratings.

docs/statuses.md documents the same table; tests check the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.vocab import STATUSES, ClaimStatus


@dataclass(frozen=True, slots=True)
class Rating:
    label: str  # shown in reports and used as ClaimReview alternateName
    colour: str  # hex, for the chart and status badges
    value: int | None  # ClaimReview ratingValue on a 1 (false) .. 5 (true) scale, if it fits


WORST, BEST = 1, 5

RATINGS: dict[str, Rating] = {
    ClaimStatus.UNVERIFIED: Rating("Unverified", "#8a8f98", None),
    ClaimStatus.IN_REVIEW: Rating("In review", "#3b78c2", None),
    ClaimStatus.SUPPORTED: Rating("Supported", "#2e8b57", 5),
    ClaimStatus.PARTLY_SUPPORTED: Rating("Partly supported", "#b59a1b", 3),
    ClaimStatus.MISLEADING: Rating("Misleading", "#d9822b", 2),
    ClaimStatus.FALSE: Rating("False", "#c0392b", 1),
    # Not a point on the true/false line: no ratingValue, only its name.
    ClaimStatus.UNVERIFIABLE: Rating("Unverifiable", "#7d5ba6", None),
}

assert set(RATINGS) == set(STATUSES)


def rating(status: str) -> Rating:
    return RATINGS.get(status, Rating(status, "#8a8f98", None))


def label(status: str) -> str:
    return rating(status).label
