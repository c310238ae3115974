"""The fixed vocabularies of the workspace: statuses, stances, kinds.

Kept in `db/` because the tables validate against them; the domain core re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class ClaimStatus(StrEnum):
    """The verification scale, from not yet looked at to a settled verdict.

    `docs/statuses.md` documents each value and its ClaimReview rating.
    """

    UNVERIFIED = "unverified"
    IN_REVIEW = "in-review"
    SUPPORTED = "supported"
    PARTLY_SUPPORTED = "partly-supported"
    MISLEADING = "misleading"
    FALSE = "false"
    UNVERIFIABLE = "unverifiable"

    @property
    def is_verdict(self) -> bool:
        """A verdict settles the claim and so must come with a rationale."""
        return self not in (ClaimStatus.UNVERIFIED, ClaimStatus.IN_REVIEW)


STATUSES: tuple[str, ...] = tuple(s.value for s in ClaimStatus)
VERDICTS: tuple[str, ...] = tuple(s.value for s in ClaimStatus if s.is_verdict)


# Who made a claim: a person or an organisation (outlet, agency, ministry). Empty means "not
# said": reports then infer it from how the claimant was recorded (see reports/claimant.py).
SPEAKER_KINDS: tuple[str, ...] = ("person", "organization")


class Stance(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"


STANCES: tuple[str, ...] = tuple(s.value for s in Stance)


class EvidenceOrigin(StrEnum):
    MATCHED = "matched"
    MANUAL = "manual"


class DocumentKind(StrEnum):
    ARTICLE = "article"
    SOURCE = "source"


class SuggestionState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
