"""Plain, immutable copies of rows: what leaves `db/` for the CLI, reports and the GUI thread.

Live ORM objects never cross a session or thread boundary; these do.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    id: int
    text: str
    quote: str
    article_id: int | None
    quote_start: int | None
    quote_end: int | None
    speaker: str
    claim_date: date | None
    tags: str
    status: str
    rationale: str
    review_by: date | None
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime
    deleted: bool
    version: int
    article_title: str = ""
    supports: int = 0
    contradicts: int = 0
    context: int = 0
    settled_without_evidence: bool = False
    speaker_kind: str = ""  # "", "person" or "organization"

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    id: int
    kind: str
    title: str
    outlet: str
    author: str
    url: str
    published: date | None
    retrieved_at: datetime
    language: str
    sha256: str
    previous_id: int | None
    feed_id: int | None
    created_by: str
    created_at: datetime
    text: str = ""
    passage_count: int = 0

    def as_dict(self, *, with_text: bool = False) -> dict[str, Any]:
        data = _jsonable(asdict(self))
        if not with_text:
            data.pop("text")
        return data


@dataclass(frozen=True, slots=True)
class PassageRecord:
    id: int
    document_id: int
    seq: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    id: int
    claim_id: int
    passage_id: int
    stance: str
    origin: str
    score: float | None
    excerpt_start: int | None
    excerpt_end: int | None
    note: str
    created_by: str
    created_at: datetime
    version: int
    # Denormalised from the passage and its document, for display and reports.
    passage_text: str = ""
    document_id: int = 0
    source_title: str = ""
    source_outlet: str = ""
    source_url: str = ""
    source_published: date | None = None

    @property
    def excerpt(self) -> str:
        if self.excerpt_start is None or self.excerpt_end is None:
            return self.passage_text
        return self.passage_text[self.excerpt_start:self.excerpt_end]

    def as_dict(self) -> dict[str, Any]:
        data = _jsonable(asdict(self))
        data["excerpt"] = self.excerpt
        return data


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    id: int
    entity: str
    entity_id: int
    field: str
    old: str | None
    new: str | None
    actor: str
    at: datetime
    rationale: str

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True, slots=True)
class SuggestionRecord:
    id: int
    claim_id: int
    passage_id: int
    score: float
    strong: bool
    spans: tuple[tuple[int, int], ...]
    state: str
    created_at: datetime
    decided_by: str = ""
    decided_at: datetime | None = None
    passage_text: str = ""
    document_id: int = 0
    source_title: str = ""
    source_outlet: str = ""
    source_published: date | None = None
    claim_text: str = ""

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True, slots=True)
class ClaimPage:
    """One page of a filtered, sorted claim list, and how many rows match in all."""

    rows: list[ClaimRecord] = field(default_factory=list)
    total: int = 0


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
        out[key] = value
    return out
