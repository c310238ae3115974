"""Column lengths, declared once on the models (`db.models.limited`) and applied here."""

from __future__ import annotations

from typing import Any

from sqlmodel import SQLModel


def max_length(model: type[SQLModel], field: str) -> int | None:
    """The declared length of `model.field`, or None when it has none."""
    column = model.__table__.c[field]  # type: ignore[attr-defined]
    limit = column.info.get("max_length")
    return int(limit) if limit is not None else None


def clip(model: type[SQLModel], **values: Any) -> dict[str, Any]:
    """`values` with each text cut to its column's declared length (others untouched)."""
    out = {}
    for name, value in values.items():
        limit = max_length(model, name)
        out[name] = value[:limit] if isinstance(value, str) and limit is not None else value
    return out
