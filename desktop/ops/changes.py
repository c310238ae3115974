"""`Changes`: what an operation changed, for views to refresh only that."""

from __future__ import annotations

from dataclasses import dataclass, field

from db.records import ClaimRecord


@dataclass(frozen=True)
class Changes:
    """Ids of what changed. `claim_records` holds claims as the operation left them, so a
    list can repaint their rows without asking the database again; `claims_reset` means
    claims were added or removed and lists must be queried again."""

    claims: frozenset[int] = frozenset()
    evidence: frozenset[int] = frozenset()
    documents: frozenset[int] = frozenset()
    suggestions: frozenset[int] = frozenset()
    settings: frozenset[str] = frozenset()
    claims_reset: bool = False
    claim_records: tuple[ClaimRecord, ...] = field(default=(), compare=False)

    @classmethod
    def of_claim(cls, rec: ClaimRecord) -> Changes:
        return cls(claims=frozenset({rec.id}), claim_records=(rec,))

    def __or__(self, other: Changes) -> Changes:
        mine = {r.id: r for r in self.claim_records}
        mine.update({r.id: r for r in other.claim_records})
        return Changes(claims=self.claims | other.claims, evidence=self.evidence | other.evidence,
                       documents=self.documents | other.documents,
                       suggestions=self.suggestions | other.suggestions,
                       settings=self.settings | other.settings,
                       claims_reset=self.claims_reset or other.claims_reset,
                       claim_records=tuple(mine.values()))

    def __bool__(self) -> bool:
        return bool(self.claims or self.evidence or self.documents or self.suggestions
                    or self.settings or self.claims_reset)

    def record_of(self, claim_id: int) -> ClaimRecord | None:
        """The claim as the operation left it, when it said so."""
        return next((r for r in self.claim_records if r.id == claim_id), None)
