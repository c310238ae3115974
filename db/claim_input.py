"""Claim input, checked in one place.

Every write of a claim's fields (logging one, editing one, a spreadsheet import) passes them
through `check_fields`, so the CLI, the GUI and imports refuse the same things with the same
one-line message. The rules come from the model (`db.models.ClaimBase`): which fields exist,
their types and their declared lengths; only the vocabularies and the tidying are spelled out.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin

from db.errors import InvalidValue
from db.limits import max_length
from db.models import ClaimBase
from db.vocab import SPEAKER_KINDS, STATUSES, VERDICTS

# The fields a person writes (and may edit) on a claim, as declared on the model.
EDITABLE: tuple[str, ...] = tuple(ClaimBase.model_fields)
# Trimmed of surrounding blanks; the quote is not, as it must stand verbatim in its article.
TRIMMED = ("text", "speaker", "rationale")


def _accepted(annotation: Any) -> tuple[type, bool]:
    """The one type a field holds, and whether it may be None (`int | None` -> int, True)."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0], len(args) < len(get_args(annotation))
    return annotation, False


KINDS: dict[str, tuple[type, bool]] = {name: _accepted(info.annotation)
                                       for name, info in ClaimBase.model_fields.items()}
LIMITS: dict[str, int] = {name: limit for name in EDITABLE
                          if (limit := max_length(ClaimBase, name)) is not None}


def _label(name: str) -> str:
    return {"claim_date": "claim date", "review_by": "review-by date",
            "speaker_kind": "claimant kind"}.get(name, name.replace("_", " "))


def normalise_tags(tags: str | Iterable[str]) -> str:
    """Comma-separated, trimmed, without blanks or repeats (letter case does not count)."""
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    seen: dict[str, None] = {}
    for tag in items:
        tag = tag.strip()
        if tag and tag.casefold() not in {t.casefold() for t in seen}:
            seen[tag] = None
    return ", ".join(seen)


def check_speaker_kind(kind: str) -> None:
    if kind and kind not in SPEAKER_KINDS:
        raise InvalidValue(f"unknown claimant kind {kind!r}; use "
                           + " or ".join(SPEAKER_KINDS))


def check_status(status: str, rationale: str | None) -> None:
    """A known status; a verdict needs a rationale."""
    if status not in STATUSES:
        raise InvalidValue(f"unknown status {status!r}; use one of " + ", ".join(STATUSES))
    if status in VERDICTS and not (rationale or "").strip():
        raise InvalidValue(f"the verdict {status!r} needs a rationale (--rationale)")


def check_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` (any of the claim's fields) tidied and checked: text trimmed and not empty,
    tags normalised, each value of its field's type (dates are days, not times), texts within
    their declared lengths, status and claimant kind from their vocabularies.

    Raises `InvalidValue`, in one line, for the first field that is wrong; whether a verdict
    has its rationale and evidence depends on the claim as stored and is checked by the caller.
    """
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise InvalidValue("cannot edit " + ", ".join(sorted(unknown)))
    out = dict(values)
    if "tags" in out and not isinstance(out["tags"], str):
        out["tags"] = normalise_tags(out["tags"])
    for name, value in out.items():
        kind, optional = KINDS[name]
        if value is None and optional:
            continue
        if kind is bool:
            out[name] = bool(value)  # a flag: any truth value will do, as before
        elif not isinstance(value, kind) or isinstance(value, bool) or (
                kind is date and isinstance(value, datetime)):
            what = "a date (YYYY-MM-DD)" if kind is date else {
                str: "text", int: "a whole number"}.get(kind, kind.__name__)
            raise InvalidValue(f"the {_label(name)} must be {what}")
    for name in TRIMMED:
        if name in out:
            out[name] = out[name].strip()
    if "tags" in out:
        out["tags"] = normalise_tags(out["tags"])
    if "text" in out and not out["text"]:
        raise InvalidValue("a claim needs its text")
    for name, limit in LIMITS.items():
        if name in out and len(out[name]) > limit:
            verb = "are" if name == "tags" else "is"
            raise InvalidValue(f"the {_label(name)} {verb} too long ({len(out[name]):,} "
                               f"characters; at most {limit:,})")
    if "status" in out and out["status"] not in STATUSES:
        raise InvalidValue(f"unknown status {out['status']!r}; use one of "
                           + ", ".join(STATUSES))
    if "speaker_kind" in out:
        check_speaker_kind(out["speaker_kind"])
    return out
