"""Tables for quantitative claims: a claim's measure and the observations made of it.

A measure says what a claim counts (aid trucks entering Gaza), in which unit and rate (trucks per
day), the reference value the claim compares with (600, pledged) and how (below). Observations
are figures reported over time; each may point at the evidence link of the passage it comes
from, so provenance and stance stay in the one evidence system.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    # Not imported from db.models: that module imports this one at its end.
    return datetime.now(UTC)


REFERENCE_KINDS: tuple[str, ...] = ("pledged", "target", "claimed", "official")
COMPARISONS: tuple[str, ...] = ("below", "above", "about", "at-least", "at-most")


class Measure(SQLModel, table=True):
    """At most one per claim: what is counted, how, and the value the claim is held against."""

    __tablename__ = "measures"

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, unique=True
        )
    )
    what: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    unit: str = ""  # the counted thing or a unit: "trucks", "tonnes", "USD", "percent"
    rate: str = ""  # a time unit the value is per ("day"), or "" for a plain amount
    reference: float
    reference_kind: str = "pledged"
    comparison: str = "below"
    period_start: date | None = None
    period_end: date | None = None
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    updated_at: datetime = Field(default_factory=utcnow)


class ObservationBase(SQLModel):
    """A reported figure: every stored field, declared once and shared by the table
    `Observation` and the record `db.records_measures.ObservationRecord`."""

    claim_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    value: float
    unit: str = ""  # as reported, e.g. "trucks per week"; converted when read
    date_from: date = Field(index=True)
    date_to: date | None = None  # None: one day; else the period the figure covers
    reporter: str = ""
    # The evidence link of the passage the figure was read in; removing the link keeps the
    # figure but forgets where it came from.
    evidence_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("evidence.id", ondelete="SET NULL"), nullable=True,
                         index=True),
    )
    span_start: int | None = None  # the figure's offsets within the passage text
    span_end: int | None = None
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class Observation(ObservationBase, table=True):
    """One reported figure: value and unit as reported, when, by whom, and from where."""

    __tablename__ = "observations"

    id: int | None = Field(default=None, primary_key=True)
