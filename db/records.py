"""Plain, immutable copies of rows: what leaves `db/` for the CLI, reports and the GUI thread.

Live ORM objects never cross a session or thread boundary; these do.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sqlmodel import SQLModel

from db.models import (
    ClaimStored,
    DocumentBase,
    EvidenceBase,
    HistoryBase,
    PassageBase,
    SuggestionBase,
)

T = TypeVar("T")


def record_of(model: type[SQLModel]) -> Callable[[type[T]], type[T]]:
    """Make the decorated class a frozen, keyword-only dataclass holding its `id`, then every
    field of `model` (name, type and default taken from there, so they are declared once, on
    the model), then the class's own fields: a plain copy of a row, never a live ORM object.

    A field of `model` the class declares itself keeps its place among the model's fields but
    takes the class's type and default (a JSON text column read back as a tuple, say), so
    `as_dict` keys keep the model's order."""

    def build(cls: type[T]) -> type[T]:
        own = dict(inspect.get_annotations(cls))
        fields: dict[str, Any] = {"id": own.pop("id")} if "id" in own else {}
        for name, info in model.model_fields.items():
            if name in own:
                fields[name] = own.pop(name)  # the record's own declaration wins
                continue
            fields[name] = info.annotation
            # A default_factory (a timestamp) means "now" on insert, not on a copy: required.
            if not info.is_required() and info.default_factory is None:
                setattr(cls, name, info.default)
        fields.update(own)
        cls.__annotations__ = fields
        return dataclass(frozen=True, slots=True, kw_only=True)(cls)

    return build


@record_of(ClaimStored)
class ClaimRecord:
    """A claim: its id, every field of `db.models.ClaimStored` (in its order, with its types
    and defaults), then what is read with it."""

    id: int
    article_title: str = ""
    supports: int = 0
    contradicts: int = 0
    context: int = 0

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@record_of(DocumentBase)
class DocumentRecord:
    """A document: its id, every field of `db.models.DocumentBase`, then its text (only when
    asked for) and how many passages it has."""

    id: int
    text: str = ""
    passage_count: int = 0

    def as_dict(self, *, with_text: bool = False) -> dict[str, Any]:
        data = _jsonable(asdict(self))
        if not with_text:
            data.pop("text")
        return data


@record_of(PassageBase)
class PassageRecord:
    """A passage: its id and every field of `db.models.PassageBase`."""

    id: int


@record_of(EvidenceBase)
class EvidenceRecord:
    """A link of evidence: its id, every field of `db.models.EvidenceBase`, then its passage
    and source as read with it."""

    id: int
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


@record_of(HistoryBase)
class HistoryRecord:
    """A change-log entry: its id and every field of `db.models.HistoryBase`."""

    id: int

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@record_of(SuggestionBase)
class SuggestionRecord:
    """A suggestion: its id, every field of `db.models.SuggestionBase` (its `spans` read back
    from JSON as offset pairs), then its passage, source and claim as read with it."""

    id: int
    spans: tuple[tuple[int, int], ...]
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
