"""Column lengths, declared once on the models (`db.models.limited`) and applied here."""

from __future__ import annotations

from typing import Any

from sqlmodel import SQLModel


def max_length(model: type[SQLModel], field: str) -> int | None:
    """The declared length of `model.field`, or None when it has none."""
    for meta in model.model_fields[field].metadata:
        limit = getattr(meta, "max_length", None)  # pydantic keeps it as a MaxLen constraint
        if limit is not None:
            return int(limit)
    return None


def clip(model: type[SQLModel], **values: Any) -> dict[str, Any]:
    """`values` with each text cut to its column's declared length (others untouched)."""
    out = {}
    for name, value in values.items():
        limit = max_length(model, name)
        out[name] = value[:limit] if isinstance(value, str) and limit is not None else value
    return out
