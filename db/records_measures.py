"""Plain, immutable copies of measure and observation rows (see db/records.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from db.models_measures import ObservationBase
from db.records import _jsonable, record_of


@dataclass(frozen=True, slots=True)
class MeasureRecord:
    id: int
    claim_id: int
    what: str
    unit: str
    rate: str
    reference: float
    reference_kind: str
    comparison: str
    period_start: date | None
    period_end: date | None
    updated_by: str
    updated_at: datetime

    @property
    def unit_label(self) -> str:
        return f"{self.unit} per {self.rate}" if self.rate else self.unit

    def describe(self) -> str:
        """One line for history and summaries: "below 600 trucks per day (pledged)"."""
        line = (f"{self.what}: {self.comparison} {fmt_number(self.reference)} {self.unit_label}"
                f" ({self.reference_kind})")
        if self.period_start and self.period_end:
            line += f", {self.period_start.isoformat()}..{self.period_end.isoformat()}"
        elif self.period_start:
            line += f", from {self.period_start.isoformat()}"
        elif self.period_end:
            line += f", until {self.period_end.isoformat()}"
        return line

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@record_of(ObservationBase)
class ObservationRecord:
    """An observation: its id, every field of `db.models_measures.ObservationBase`, then its
    passage and source as read with it."""

    id: int
    # From the evidence link's passage and document, when there is one.
    passage_id: int | None = None
    passage_text: str = ""
    document_id: int | None = None
    source_title: str = ""
    source_url: str = ""
    source_published: date | None = None

    @property
    def figure(self) -> str:
        """The words of the passage the value was read from, if known."""
        if self.span_start is None or self.span_end is None or not self.passage_text:
            return ""
        return self.passage_text[self.span_start:self.span_end]

    @property
    def days(self) -> int:
        """How many days the figure covers (1 for a single day)."""
        return (self.date_to - self.date_from).days + 1 if self.date_to else 1

    def describe(self) -> str:
        when = self.date_from.isoformat()
        if self.date_to:
            when += f"..{self.date_to.isoformat()}"
        who = f" ({self.reporter})" if self.reporter else ""
        return f"{fmt_number(self.value)} {self.unit} on {when}{who}"

    def as_dict(self) -> dict[str, Any]:
        data = _jsonable(asdict(self))
        data["figure"] = self.figure
        return data


@dataclass(frozen=True, slots=True)
class FigurePassage:
    """A passage that may hold figures for a claim: linked as evidence, or suggested."""

    passage_id: int
    text: str
    document_id: int
    source_title: str
    source_outlet: str
    source_published: date | None
    evidence_id: int | None


def fmt_number(value: float) -> str:
    """600.0 -> "600", 1500000.0 -> "1,500,000", 142.857 -> "142.9"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}".rstrip("0").rstrip(".")
