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


# What a verdict means, in words a reader of the published report understands (the 1..5
# ClaimReview value is for search engines, not for readers).
READER_WORDING: dict[str, str] = {
    ClaimStatus.SUPPORTED: "Accurate: the evidence supports the claim.",
    ClaimStatus.PARTLY_SUPPORTED: "Partly accurate: part of the claim is supported by the "
                                  "evidence, part is not.",
    ClaimStatus.MISLEADING: "Misleading: the claim holds some truth but gives a false "
                            "impression.",
    ClaimStatus.FALSE: "False: the evidence contradicts the claim.",
    ClaimStatus.UNVERIFIABLE: "Unverifiable: the available evidence can neither confirm nor "
                              "refute the claim.",
    ClaimStatus.IN_REVIEW: "Not yet settled: this claim is still being checked.",
    ClaimStatus.UNVERIFIED: "Not yet checked.",
}


def reader_wording(status: str) -> str:
    return READER_WORDING.get(status, label(status))
