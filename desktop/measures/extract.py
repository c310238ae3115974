"""Quantities in news text: a number with what it counts or measures, and its rate.

"145 aid trucks a day" -> 145 truck per day; "$2.3bn" -> 2.3e9 USD; "70 per cent" -> 70 percent;
"500 tonnes of flour" -> 500 metric_ton. A number with no unit after it (a year, "Resolution
2720") is not a quantity. Units are read by pint (desktop.measures.units); counted things are
the noun that follows the number, in the singular.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.measures.numbers import Number, find_numbers
from desktop.measures.units import _pint_unit, singular

_CURRENCY_BEFORE = re.compile(r"(US\$|\$|€|£|₪|₺|USD|EUR|GBP)\s?$")
_CURRENCY_CODES = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₪": "ILS", "₺": "TRY",
                   "usd": "USD", "eur": "EUR", "gbp": "GBP"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
                   "pound": "GBP", "pounds": "GBP", "shekel": "ILS", "shekels": "ILS",
                   "lira": "TRY", "liras": "TRY"}
_PERCENT = re.compile(r"^\s*(?:%|per\s?cent\b|percent\b|pc\b)", re.I)
_POINTS = re.compile(r"^\s*(?:percentage\s+)?points?\b", re.I)
_RATE = re.compile(
    r"^\s*(?:(?:a|per|each|every|an)\s+(?P<per>day|week|month|year|hour|fortnight|"
    r"litre|liter|kilo|kilogram|kg|gallon|barrel|head|person|capita)\b"
    r"|(?P<adv>daily|weekly|monthly|annually|yearly|a\s+day|per\s+day))"
    r"(?!\s+(?:earlier|ago|later|before|after|on)\b)", re.I)
_ADVERBS = {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year",
            "yearly": "year", "a day": "day", "per day": "day"}
_STOP = frozenset("""
    a an the of per each every in on at to from for with by and or but as than last this that
    these those since between during over under were was are is be been being have has had will
    would could should may might can do did does not no so such who which whose where when
    while about around nearly almost more less fewer into onto across after before until
    through among said says say reported according its their his her our your it they we he she
    i you there here up down out off yet still also only just already again all both some any
    most cent percent
""".split())  # noqa: SIM905  (a word list reads better as text)
# Durations and ages are not figures for a measure.
_TIME_WORDS = {"second", "minute", "hour", "day", "week", "fortnight", "month", "year",
               "decade", "century", "time", "am", "pm", "o'clock", "percent", "cent",
               "january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december", "jan", "feb", "mar", "apr",
               "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_NOT_PINT_WORDS = {"in", "at", "a", "an", "as", "do", "is", "it", "or", "ft", "yd", "pt",
                   "rd", "st", "th", "nd", "mi", "gal", "ha", "are"}
_WORD = re.compile(r"\s*([A-Za-z][A-Za-z'’-]*)")


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str  # a counted thing ("truck"), or pint's name ("metric_ton", "percent", "USD")
    counted: bool
    start: int  # the figure's span in the text, hedge and unit words included
    end: int
    per: str = ""  # rate: "day", "week" … or "" for an amount
    high: float | None = None
    hedge: str = ""
    phrase: str = ""  # the words naming what is counted: "aid trucks"

    @property
    def label(self) -> str:
        return f"{self.unit}/{self.per}" if self.per else self.unit


def _unit_after(text: str, pos: int) -> tuple[str, bool, str, int] | None:
    """(unit, counted, phrase, end) for the words after a number, or None."""
    rest = text[pos:]
    m = _PERCENT.match(rest)
    if m:
        return "percent", False, "", pos + m.end()
    m = _POINTS.match(rest)
    if m:
        return "percentage point", True, m.group(0).strip(), pos + m.end()
    words: list[tuple[str, int, int]] = []
    offset = pos
    # The next few words; "-year-old" and the like yield none, so no unit.
    while len(words) < 4:
        m = _WORD.match(text, offset)
        if not m:
            break
        words.append((m.group(1), m.start(1), m.end(1)))
        offset = m.end()
    if not words:
        return None
    first, _, fend = words[0]
    low = first.lower().strip("'’")
    if low in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[low], False, first, fend
    if low not in _NOT_PINT_WORDS and low not in _TIME_WORDS and len(low) > 1:
        name = _pint_unit(low)
        if name is not None and name not in ("percent",):
            return name, False, first, fend
    phrase: list[tuple[str, int, int]] = []
    for k, (w, s, e) in enumerate(words):
        lw = w.lower()
        # Stop at a function word, or a verb after the noun ("trucks entered", "people killed").
        if lw in _STOP or (k > 0 and re.search(r"(ed|ing)$", lw) and lw not in ("building",)):
            break
        phrase.append((w, s, e))
        # A noun phrase ends at a plural noun ("aid trucks entered"): stop after it.
        if (lw.endswith("s") and not lw.endswith("ss") and len(lw) > 3) or lw in (
                "people", "children", "police", "staff", "aircraft", "sheep", "personnel"):
            break
    if not phrase:
        return None
    head = singular(phrase[-1][0])
    if head in _TIME_WORDS or re.search(r"(ed|ing|ly)$", phrase[-1][0].lower()) \
            or len(head) < 3:
        return None
    return head, True, text[phrase[0][1]:phrase[-1][2]], phrase[-1][2]


def _rate_after(text: str, pos: int) -> tuple[str, int]:
    m = _RATE.match(text[pos:])
    if not m:
        return "", pos
    if m.group("per"):
        per = m.group("per").lower()
        per = {"liter": "litre", "kilo": "kilogram", "kg": "kilogram", "capita": "person",
               "head": "person"}.get(per, per)
    else:
        per = _ADVERBS[" ".join(m.group("adv").lower().split())]
    return per, pos + m.end()


def find_quantities(text: str) -> list[Quantity]:
    """Every number in `text` that comes with a unit or a counted thing."""
    out: list[Quantity] = []
    bare: list[Number] = []
    for n in find_numbers(text):
        q = _quantity(text, n)
        if q is not None:
            out.append(q)
        else:
            bare.append(n)
    # "4,453 trucks last week, about 636 a day": a number followed only by a rate counts the
    # same thing as the sentence's one counted quantity.
    things = {q.unit for q in out if q.counted}
    if len(things) == 1:
        thing = next(iter(things))
        for n in bare:
            per, end = _rate_after(text, n.end)
            if per in ("day", "week", "month", "year", "hour"):
                start = n.start_hedge if n.start_hedge is not None else n.start
                out.append(Quantity(value=n.value, unit=thing, counted=True, start=start,
                                    end=end, per=per, high=n.high, hedge=n.hedge))
    return sorted(out, key=lambda q: q.start)


def _quantity(text: str, n: Number) -> Quantity | None:
    start = n.start_hedge if n.start_hedge is not None else n.start
    before = text[max(0, n.start - 4):n.start]
    cm = _CURRENCY_BEFORE.search(before)
    if cm:
        unit, counted, phrase, end = _CURRENCY_CODES[cm.group(1).lower()], False, "", n.end
        if n.start_hedge is None:
            start = n.start - (len(before) - cm.start())
        after = _unit_after(text, n.end)  # "$3m worth of aid": keep the currency
        if after and after[0] in ("USD", "EUR", "GBP", "ILS", "TRY"):
            end = after[3]
    else:
        after = _unit_after(text, n.end)
        if after is None:
            return None
        unit, counted, phrase, end = after
        # A year before a noun ("2024 elections") is not a figure.
        if counted and re.fullmatch(r"(19|20)\d\d", text[n.start:n.end]):
            return None
    per, end2 = _rate_after(text, end)
    return Quantity(value=n.value, unit=unit, counted=counted, start=start,
                    end=end2 if per else end, per=per, high=n.high, hedge=n.hedge,
                    phrase=phrase)
