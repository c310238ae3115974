"""Units of measured quantities, read and converted with pint.

A unit is either a physical or money unit pint knows ("tonnes", "litres", "USD", "percent") or a
counted thing ("trucks", "people"), optionally per a time unit ("trucks per day"). Counted
things convert only to themselves; physical units convert through pint; rates convert between
fixed-length time units (per week -> per day). Months and years vary in length, so a figure
per month is not turned into a daily one: that is left to a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from db.errors import InvalidValue


class UnknownUnit(InvalidValue):
    """A unit that is neither a known unit nor the counted thing of the measure."""


class CannotConvert(InvalidValue):
    """Two units of different kinds, or a rate whose length is not fixed."""


# Kinds of physical quantity a news figure is measured in; anything else pint happens to parse
# ("units" as micro-nits, "points" as a printer's length) is taken as a counted thing.
_ALLOWED_DIMS = (
    "[mass]", "[length]", "[length] ** 2", "[length] ** 3", "[mass] * [length] ** 2 / [time] ** 2",
    "[mass] * [length] ** 2 / [time] ** 3", "dimensionless",
)
_NOT_PINT = {"point", "points", "bar", "bars", "unit", "units", "case", "cases", "ct", "pi",
             "one", "ones", "a", "an", "degree", "degrees", "count", "counts", "percentage"}
# Time units whose length is fixed, in days: a rate per any of these converts soundly.
FIXED_TIME = {"second", "minute", "hour", "day", "week", "fortnight"}
_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman",
              "lorries": "lorry", "casualties": "casualty", "families": "family",
              "bodies": "body", "deaths": "death", "series": "series", "news": "news",
              "sheep": "sheep", "police": "police", "staff": "staff", "aircraft": "aircraft",
              "loaves": "loaf", "lives": "life", "knives": "knife", "shelves": "shelf",
              "halves": "half", "wives": "wife", "thieves": "thief"}
_SYMBOLS = {"%": "percent", "per cent": "percent", "pct": "percent", "$": "USD",
            "us$": "USD", "€": "EUR", "£": "GBP", "₪": "ILS", "₺": "TRY"}
PER_SPLIT = re.compile(r"\s*(?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)\s*", re.I)
_WORDS = re.compile(r"^[^\W\d_]+(?:[-' ][^\W\d_]+){0,2}$")


@lru_cache(maxsize=1)
def registry() -> Any:
    """The pint registry, with currencies as units of their own (never converted between)."""
    import pint

    reg = pint.UnitRegistry()
    for code, names in (("USD", "dollar"), ("EUR", "euro"), ("GBP", "sterling"),
                        ("ILS", "shekel"), ("TRY", "lira")):
        reg.define(f"{code} = [currency_{code.lower()}] = _ = {names}")
    return reg


def singular(word: str) -> str:
    """A counted thing named in the singular, lower case: "Aid trucks" -> "aid truck"."""
    words = word.lower().split()
    if not words:
        return ""
    last = words[-1]
    if last in _IRREGULAR:
        last = _IRREGULAR[last]
    elif last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif re.search(r"(ss|x|ch|sh)es$", last):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    return " ".join([*words[:-1], last])


@dataclass(frozen=True, slots=True)
class Unit:
    """A parsed unit: `base` is a pint unit name or a counted thing; `per` a time unit or ""."""

    base: str
    counted: bool
    per: str = ""

    @property
    def label(self) -> str:
        base = plural(self.base) if self.counted else self.base.replace("_", " ")
        if base == "percent":
            base = "%"
        return f"{base} per {self.per}" if self.per else base


def plural(thing: str) -> str:
    inverse = {v: k for k, v in _IRREGULAR.items()}
    words = thing.split()
    last = words[-1]
    if last in inverse:
        last = inverse[last]
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(s|x|ch|sh)$", last):
        last += "es"
    else:
        last += "s"
    return " ".join([*words[:-1], last])


def _pint_unit(text: str) -> str | None:
    """The pint name of a physical or money unit, or None if it is not one."""
    key = text.strip()
    key = _SYMBOLS.get(key.lower(), key)
    if not key or key.lower() in _NOT_PINT:
        return None
    reg = registry()
    try:
        q = reg.Quantity(1, key)
    except Exception:  # pint raises several error types for text it cannot read
        return None
    dims = str(q.dimensionality)
    if dims.startswith("[currency_") or dims in _ALLOWED_DIMS:
        if dims == "dimensionless" and str(q.units) not in ("percent", "permille"):
            return None
        return str(q.units)
    return None


def time_unit(text: str) -> str:
    """The pint name of a time unit ("weeks" -> "week"); refuses anything else."""
    key = text.strip().lower()
    reg = registry()
    try:
        q = reg.Quantity(1, key)
    except Exception:
        raise UnknownUnit(f"unknown time unit {text!r}; use e.g. day, week, month") from None
    if str(q.dimensionality) != "[time]":
        raise UnknownUnit(f"{text!r} is not a time unit; use e.g. day, week, month")
    return str(q.units)


def parse_unit(text: str, *, counted: set[str] | None = None, new_counted: bool = False,
               rate: str = "") -> Unit:
    """Read "trucks per day", "tonnes", "USD", "%" into a Unit.

    A counted thing is accepted when it is one of `counted` (the measure's), or when
    `new_counted` (setting a measure names it). `rate` adds a per-time part given separately.
    """
    raw = " ".join((text or "").split())
    if not raw:
        raise UnknownUnit("a unit is needed (e.g. trucks, tonnes, USD, percent)")
    base_text, per_text = raw, ""
    lowered = raw.lower()
    if lowered in _SYMBOLS:
        base_text = _SYMBOLS[lowered]
    else:
        parts = PER_SPLIT.split(raw, maxsplit=1)
        if len(parts) == 2 and parts[0] and parts[1]:
            base_text, per_text = parts
    if rate:
        if per_text:
            raise InvalidValue(f"the unit {raw!r} already has a rate; drop --rate")
        per_text = rate
    per = time_unit(per_text) if per_text else ""
    name = _pint_unit(base_text)
    if name is not None:
        return Unit(base=name, counted=False, per=per)
    thing = singular(base_text)
    if not _WORDS.match(base_text.strip()):
        raise UnknownUnit(f"unknown unit {base_text!r}")
    if new_counted or (counted is not None and thing in counted):
        return Unit(base=thing, counted=True, per=per)
    known = ", ".join(sorted(counted or ())) or "none"
    raise UnknownUnit(f"unknown unit {base_text!r} (counted things of this measure: {known})")


def days_in(per: str) -> float:
    """The length of a fixed time unit in days."""
    reg = registry()
    return float(reg.Quantity(1, per).to("day").magnitude)


def conversion_factor(src: Unit, dst: Unit, *, span_days: int | None = None) -> float:
    """What to multiply a value in `src` by to get it in `dst`.

    A plain amount reported over `span_days` days becomes a rate when `dst` is one, as long as
    the rate's time unit is no longer than that span (a day's count is not a weekly rate).
    """
    if src.counted or dst.counted:
        if not (src.counted and dst.counted and src.base == dst.base):
            raise CannotConvert(f"{src.label} cannot be converted to {dst.label}")
        factor = 1.0
    else:
        import pint

        reg = registry()
        try:
            factor = float(reg.Quantity(1, src.base).to(dst.base).magnitude)
        except pint.DimensionalityError:
            raise CannotConvert(f"{src.label} cannot be converted to {dst.label}") from None
    if src.per == dst.per:
        return factor
    if not dst.per:
        raise CannotConvert(f"a rate ({src.label}) cannot be converted to an amount "
                            f"({dst.label})")
    if dst.per not in FIXED_TIME:
        raise CannotConvert(f"per {dst.per} has no fixed length; convert by hand")
    if src.per:
        if src.per not in FIXED_TIME:
            raise CannotConvert(f"per {src.per} has no fixed length; convert to per {dst.per} "
                                "by hand")
        return factor * days_in(dst.per) / days_in(src.per)
    if span_days is None or span_days < days_in(dst.per):
        raise CannotConvert(f"an amount over {span_days or 1} day(s) is not a rate per "
                            f"{dst.per}")
    return factor * days_in(dst.per) / span_days
