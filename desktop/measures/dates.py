"""The day or period a figure refers to, from the passage's own words, else its publication.

Relative words are read against the publication date: "on Sunday" is the last Sunday on or
before it, "last week" the Monday-to-Sunday week before, "yesterday" the day before.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_DAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso_range", re.compile(r"\b(?P<a>\d{4}-\d\d-\d\d)\s*(?:\.\.|to|–|-)\s*"
                             r"(?P<b>\d{4}-\d\d-\d\d)")),
    ("iso", re.compile(r"\b(?P<a>\d{4}-\d\d-\d\d)\b")),
    ("day_range", re.compile(
        r"\b(?:between|from)\s+(?:(?:the\s+)?(?P<d1>\d{1,2})(?:st|nd|rd|th)?)\s+(?:and|to|-|–)\s+"
        r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + _YEAR, re.I)),
    ("day_range_us", re.compile(
        r"\b(?:between|from)\s+" + _MON + r"\s+(?P<d1>\d{1,2})\s+(?:and|to|-|–)\s+"
        r"(?P<d2>\d{1,2})\b" + _YEAR, re.I)),
    ("week_of", re.compile(r"\b(?P<nth>first|second|third|fourth|last)\s+week\s+of\s+" + _MON
                           + _YEAR, re.I)),
    ("week_to", re.compile(r"\bweek\s+(?:to|ending|ended)\s+(?P<wd>" + "|".join(_DAYS) + r")\b",
                           re.I)),
    ("half", re.compile(r"\b(?P<nth>first|second)\s+half\b", re.I)),
    ("quarter", re.compile(r"\b(?P<nth>first|second|third|fourth)\s+quarter\b", re.I)),
    ("since", re.compile(
        r"\bsince\s+(?:the\s+)?(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r"|"
        + _MON2 + r"\s+(?P<d2>\d{1,2})\b)" + _YEAR, re.I)),
    ("dmy", re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + _YEAR, re.I)),
    ("mdy", re.compile(r"\b" + _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b" + _YEAR, re.I)),
    ("month", re.compile(r"\b(?:in|during|for|through(?:out)?|of)\s+" + _MON + _YEAR + r"\b",
                         re.I)),
    ("year", re.compile(r"\b(?:in|during|for|of)\s+(?P<year>(?:19|20)\d\d)\b(?!\s*-)", re.I)),
    ("since_wd", re.compile(r"\bsince\s+(?:last\s+)?(?P<wd>" + "|".join(_DAYS) + r")\b", re.I)),
    ("yesterday", re.compile(r"\b(?:yesterday|last night)\b", re.I)),
    ("today", re.compile(r"\b(?:today|tonight|this morning|in the past 24 hours|"
                         r"in the last 24 hours|overnight)\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+)?(?P<wd>" + "|".join(_DAYS) + r")\b", re.I)),
    ("last_week", re.compile(r"\blast week\b", re.I)),
    ("this_week", re.compile(r"\bthis week\b", re.I)),
    ("past_week", re.compile(r"\b(?:the\s+)?(?:past|last|previous)\s+(?:seven|7)\s+days\b|"
                             r"\bthe past week\b", re.I)),
    ("last_month", re.compile(r"\blast month\b", re.I)),
    ("this_month", re.compile(r"\bthis month\b", re.I)),
    ("last_year", re.compile(r"\blast year\b", re.I)),
    ("this_year", re.compile(r"\b(?:this year|so far this year|year to date)\b", re.I)),
]


@dataclass(frozen=True, slots=True)
class When:
    start: date
    end: date | None  # None: a single day
    start_pos: int = -1  # where the words stand in the text; -1 when taken from publication
    end_pos: int = -1

    @property
    def text(self) -> str:
        if self.end is None or self.end == self.start:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _year_for(month: int, day: int, pub: date, year: str | None) -> int:
    """An explicit year, else the latest year that puts the day on or before publication."""
    if year:
        return int(year)
    try:
        return pub.year if date(pub.year, month, min(day, 28)) <= pub else pub.year - 1
    except ValueError:
        return pub.year


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _resolve(kind: str, m: re.Match[str], pub: date) -> tuple[date, date | None] | None:
    g = m.groupdict()
    mon = _MONTHS.get((g.get("mon") or g.get("mon2") or "").lower().rstrip("."))
    try:
        if kind == "iso_range":
            return date.fromisoformat(g["a"]), date.fromisoformat(g["b"])
        if kind == "iso":
            return date.fromisoformat(g["a"]), None
        if kind in ("day_range", "day_range_us"):
            d1, d2 = int(g["d1"]), int(g["d2"])
            y = _year_for(mon, d1, pub, g.get("year"))
            return date(y, mon, d1), date(y, mon, d2)
        if kind == "since":
            d = int(g.get("d") or g.get("d2"))
            return date(_year_for(mon, d, pub, g.get("year")), mon, d), pub
        if kind in ("dmy", "mdy"):
            d = int(g["d"])
            return date(_year_for(mon, d, pub, g.get("year")), mon, d), None
        if kind == "month":
            return _month_range(_year_for(mon, 1, pub, g.get("year")), mon)
        if kind == "year":
            y = int(g["year"])
            return date(y, 1, 1), min(date(y, 12, 31), pub) if y == pub.year else date(y, 12, 31)
    except (ValueError, TypeError):
        return None
    if kind in ("week_to", "since_wd"):
        back = (pub.weekday() - _DAYS[g["wd"].lower()]) % 7
        day = pub - timedelta(days=back)
        return (day - timedelta(days=6), day) if kind == "week_to" else (day, pub)
    nth = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1}.get(
        (g.get("nth") or "").lower(), 0)
    if kind == "week_of":
        first, last = _month_range(_year_for(mon, 1, pub, g.get("year")), mon)
        if nth < 0:
            return last - timedelta(days=6), last
        return first + timedelta(days=7 * nth), first + timedelta(days=7 * nth + 6)
    if kind in ("half", "quarter"):
        months = 6 if kind == "half" else 3
        m1 = 1 + months * nth
        m2 = m1 + months - 1
        year = pub.year if date(pub.year, m2, 1) < pub.replace(day=1) or \
            (m2 == pub.month) else pub.year - 1
        return date(year, m1, 1), _month_range(year, m2)[1]
    if kind == "yesterday":
        return pub - timedelta(days=1), None
    if kind == "today":
        return pub, None
    if kind == "weekday":
        back = (pub.weekday() - _DAYS[g["wd"].lower()]) % 7
        return pub - timedelta(days=back), None
    monday = pub - timedelta(days=pub.weekday())
    if kind == "last_week":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if kind == "this_week":
        return monday, pub
    if kind == "past_week":
        return pub - timedelta(days=6), pub
    first = pub.replace(day=1)
    if kind == "last_month":
        prev = first - timedelta(days=1)
        return _month_range(prev.year, prev.month)
    if kind == "this_month":
        return first, pub
    if kind == "last_year":
        return date(pub.year - 1, 1, 1), date(pub.year - 1, 12, 31)
    if kind == "this_year":
        return date(pub.year, 1, 1), pub
    return None


def find_dates(text: str, published: date) -> list[When]:
    """Every date expression in `text`, first-listed patterns winning where they overlap."""
    found: list[When] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(w.start_pos < m.end() and m.start() < w.end_pos for w in found):
                continue
            got = _resolve(kind, m, published)
            if got is not None:
                start, end = got
                found.append(When(start, end if end != start else None, m.start(), m.end()))
    return sorted(found, key=lambda w: w.start_pos)


def date_for(text: str, span: tuple[int, int], published: date,
             dates: list[When] | None = None) -> When:
    """The date nearest the figure: the first after it in its clause, else the nearest
    before, else the publication date."""
    dates = find_dates(text, published) if dates is None else dates
    if not dates:
        return When(published, None)
    start, end = span

    def distance(w: When) -> tuple[int, int]:
        if w.start_pos >= end:
            gap = w.start_pos - end
            # A date after another figure belongs to that figure ("600 on Sunday, 145 on Monday").
            return (gap + (40 if re.search(r"\d", text[end:w.start_pos]) else 0), 0)
        return (start - w.end_pos + 10, 1)

    return min(dates, key=distance)
