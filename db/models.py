"""The workspace tables.

Only the table classes live here; reads and writes go through `db.queries`. The schema itself is
created and changed only by the Alembic migrations in `db/migrations/versions`, which must be kept
in step with these classes (`tests/db/test_migrations.py` compares them).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    false,
)
from sqlmodel import AutoString, Field, SQLModel

from db.vocab import ClaimStatus, DocumentKind, EvidenceOrigin, Stance, SuggestionState


def limited(max_length: int, **kwargs: Any) -> Any:
    """A text field of at most `max_length` characters, declared once here: `db.limits.clip`
    cuts longer values before they are stored (ingest), and claim input longer than this is
    refused (`db.claim_input`). The column stays a plain VARCHAR (`sa_type`), as the migrations
    made it on PostgreSQL and SQLite alike, so the length is not part of the schema."""
    return Field(default="", max_length=max_length, sa_type=AutoString, **kwargs)


# Column lengths, each declared once and named where other code needs it (ingest cuts to them,
# claim input is refused beyond them). Generous bounds on what a person writes or a page says,
# so a pasted page cannot become a name.
TITLE_MAX = 500
NAME_MAX = 300  # outlets, authors, speakers
URL_MAX = 2000
LANGUAGE_MAX = 16
TAGS_MAX = 1000


def utcnow() -> datetime:
    return datetime.now(UTC)


# SQLModel cannot name a column in __mapper_args__ by string, so the version columns are
# declared once here and handed both to the field and to the mapper.
_claim_version = Column("version", Integer, nullable=False, default=1)
_evidence_version = Column("version", Integer, nullable=False, default=1)


class DocumentBase(SQLModel):
    """What is known about a document besides its text: every such field, declared once and
    shared by the table `Document` and the record `db.records.DocumentRecord`."""

    kind: str = Field(default=DocumentKind.SOURCE.value, index=True)
    title: str = limited(TITLE_MAX)
    outlet: str = limited(NAME_MAX)
    author: str = limited(NAME_MAX)
    url: str = limited(URL_MAX)
    published: date | None = None
    retrieved_at: datetime = Field(default_factory=utcnow)
    language: str = limited(LANGUAGE_MAX)
    sha256: str = Field(index=True, max_length=64)
    # A URL re-imported with changed text becomes a new document pointing at its predecessor.
    previous_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("documents.id", ondelete="SET NULL"), nullable=True),
    )
    feed_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("feeds.id", ondelete="SET NULL"), nullable=True),
    )
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class Document(DocumentBase, table=True):
    """The article under check, or a later source (report, statement, figures)."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_url", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    # Read only when asked for: lists and pickers never load it.
    text: str = Field(sa_column=Column(Text, nullable=False))
    # When matching this source against the open claims last finished; None while it has not
    # (new, or interrupted), so the next `match` run or import picks it up again.
    matched_at: datetime | None = None


class PassageBase(SQLModel):
    """A slice of a document: every field, declared once and shared by the table `Passage` and
    the record `db.records.PassageRecord`."""

    document_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    seq: int
    start: int
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))


class Passage(PassageBase, table=True):
    """A sentence-sized slice of a document: `document.text[start:end] == text`."""

    __tablename__ = "passages"
    __table_args__ = (UniqueConstraint("document_id", "seq", name="uq_passages_document_seq"),)

    id: int | None = Field(default=None, primary_key=True)


class ClaimBase(SQLModel):
    """What a fact-checker writes about a claim: every such field, declared once.

    Shared (as in the FastAPI SQLModel template) by the table `Claim`, the plain read record
    `db.records.ClaimRecord` and the input checks of `db.claim_input`; the queries take their
    field lists from here (`ClaimBase.model_fields`) instead of spelling them out again.
    """

    text: str = Field(sa_column=Column(Text, nullable=False))
    quote: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    article_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("documents.id", ondelete="SET NULL"), nullable=True, index=True
        ),
    )
    quote_start: int | None = None
    quote_end: int | None = None
    speaker: str = limited(NAME_MAX)
    claim_date: date | None = None
    tags: str = limited(TAGS_MAX)  # comma-separated, kept as typed
    status: str = Field(default=ClaimStatus.UNVERIFIED.value, index=True)
    rationale: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    review_by: date | None = Field(default=None, index=True)
    # A verdict needs linked evidence, or the fact-checker saying it was settled without any
    # (a phone call, an official's reply); the report then states so.
    settled_without_evidence: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, default=False,
                                        server_default=false()))
    speaker_kind: str = ""  # "", "person" or "organization" (db.vocab.SPEAKER_KINDS)


class ClaimStored(ClaimBase):
    """A claim as kept in the workspace: its written fields plus who and when, deletion and
    version. The fields the table and the record share beyond `ClaimBase`."""

    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    updated_at: datetime = Field(default_factory=utcnow, index=True)
    # Deleting hides a claim and records it; an undo or a restore brings it back intact.
    deleted: bool = Field(default=False, index=True)
    version: int = Field(default=1, sa_column=_claim_version)


class Claim(ClaimStored, table=True):
    """A claim as logged by a fact-checker, with its verdict."""

    __tablename__ = "claims"
    __mapper_args__ = {"version_id_col": _claim_version}

    id: int | None = Field(default=None, primary_key=True)


class EvidenceBase(SQLModel):
    """A passage linked to a claim: every stored field, declared once and shared by the table
    `Evidence` and the record `db.records.EvidenceRecord`."""

    claim_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    passage_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("passages.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    stance: str = Stance.CONTEXT.value
    origin: str = EvidenceOrigin.MANUAL.value
    score: float | None = None
    # Offsets within the passage when only part of it was selected; None means all of it.
    excerpt_start: int | None = None
    excerpt_end: int | None = None
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_evidence_version)


class Evidence(EvidenceBase, table=True):
    """A passage linked to a claim, typed by stance."""

    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_claim_stance", "claim_id", "stance"),
        # One link per (claim, passage): a second decision changes the stance instead.
        Index("uq_evidence_claim_passage", "claim_id", "passage_id", unique=True),
    )
    __mapper_args__ = {"version_id_col": _evidence_version}

    id: int | None = Field(default=None, primary_key=True)


class HistoryBase(SQLModel):
    """One entry of the change log: every field, declared once and shared by the table `History`
    and the record `db.records.HistoryRecord`."""

    entity: str  # claim / evidence / document / suggestion
    entity_id: int
    field: str
    old: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    new: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    actor: str = ""
    at: datetime = Field(default_factory=utcnow, index=True)
    rationale: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class History(HistoryBase, table=True):
    """Append-only change log, written in the same transaction as the change it records."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)


class SuggestionBase(SQLModel):
    """A suggested (claim, passage) pair and its decision: every stored field, declared once and
    shared by the table `Suggestion` and the record `db.records.SuggestionRecord`."""

    claim_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    passage_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("passages.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    score: float
    strong: bool = False
    spans: str = "[]"  # JSON list of [start, end] pairs within the passage text
    state: str = Field(default=SuggestionState.PENDING.value, index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    decided_by: str = ""
    decided_at: datetime | None = None


class Suggestion(SuggestionBase, table=True):
    """A passage the matcher thinks bears on a claim, awaiting a decision."""

    __tablename__ = "suggestions"
    __table_args__ = (
        UniqueConstraint("claim_id", "passage_id", name="uq_suggestions_claim_passage"),
    )

    id: int | None = Field(default=None, primary_key=True)


class FeedBase(SQLModel):
    """A followed feed: every field, declared once and shared by the table `Feed` and the
    record `db.queries.feeds.FeedRecord`."""

    url: str = Field(unique=True)
    title: str = limited(TITLE_MAX)
    etag: str = limited(500)
    modified: str = limited(200)
    last_polled: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Feed(FeedBase, table=True):
    """An RSS/Atom feed whose new items become later sources."""

    __tablename__ = "feeds"

    id: int | None = Field(default=None, primary_key=True)


class Alias(SQLModel, table=True):
    """One spelling in a group of names the matcher treats as the same (Türkiye = Turkey)."""

    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("group_name", "term", name="uq_aliases_group_term"),)

    id: int | None = Field(default=None, primary_key=True)
    group_name: str = Field(index=True)
    term: str


class Setting(SQLModel, table=True):
    """Workspace-wide settings shared by the team (thresholds, organisation name)."""

    __tablename__ = "settings"

    key: str = Field(primary_key=True)
    value: str = ""


# Tables kept in modules of their own, imported here so that the metadata holds them all:
# stored sentence vectors, and quantitative claims (measures and observations).
from db.models_embeddings import Embedding  # noqa: E402, F401
from db.models_measures import Measure, Observation  # noqa: E402, F401
