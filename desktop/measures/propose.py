"""Proposing observations: the figures in a claim's passages that fit its measure.

Each figure comes with the date it refers to (the passage's words first, else the source's
publication date), who reported it (a name the passage credits, else the source's outlet) and,
where that is sound, its value in the measure's unit and rate. A person accepts or leaves each.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from db.records_measures import FigurePassage, MeasureRecord, ObservationRecord
from desktop.measures.dates import When, date_for, find_dates
from desktop.measures.extract import Quantity, find_quantities
from desktop.measures.units import CannotConvert, Unit, conversion_factor, plural, singular

_NAME = r"((?:the\s+)?(?:[A-Z][\w'’.&-]*|of|for|and)(?:\s+(?:[A-Z][\w'’.&-]*|of|for|and))*)"
_REPORTER = [
    re.compile(r"\b(?i:according) to " + _NAME),
    re.compile(_NAME + r"\s+(?:said|says|reported|reports|told|estimated|estimates|recorded|"
                       r"counted|data|figures|statement)\b"),
    re.compile(r"\b(?:said|says|reported|told)\s+" + _NAME),
]


_REFERENCE_WORDS = re.compile(r"\b(?:pledge[ds]?|promised?|target(?:ed)?|agreed|committed|"
                              r"under the (?:deal|agreement|ceasefire))\b", re.I)


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantity read from text, with the date it refers to."""

    quantity: Quantity
    when: When

    @property
    def value(self) -> float:
        q = self.quantity
        return (q.value + q.high) / 2 if q.high is not None else q.value


@dataclass(frozen=True, slots=True)
class Proposal:
    n: int
    passage_id: int
    value: float
    unit: str
    date: str
    reporter: str
    span: tuple[int, int]
    figure: str
    converted: float | None  # in the measure's unit and rate; None: for a person to judge
    note: str
    source_title: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span)
        return data

    def as_figure(self) -> dict[str, Any]:
        """The proposal as an observation to record (`desktop.ops.measures.add_observations`)."""
        return dict(value=self.value, unit=self.unit, when=self.date, reporter=self.reporter,
                    passage_id=self.passage_id, span=self.span, note=self.note)


def extract_figures(text: str, published: date) -> list[Figure]:
    """Every quantity in `text` with the day or period it refers to."""
    dates = find_dates(text, published)
    return [Figure(q, date_for(text, (q.start, q.end), published, dates))
            for q in find_quantities(text)]


def guess_reporter(text: str, default: str) -> str:
    """The organisation the passage credits ("according to OCHA", "COGAT said")."""
    for pattern in _REPORTER:
        m = pattern.search(text)
        if m:
            name = re.sub(r"^(?:the|The)\s+", "", m.group(1)).strip()
            name = re.sub(r"\s+(?:of|for|and)$", "", name)
            if name and name[0].isupper() and name.lower() not in ("it", "he", "she", "they"):
                return name
    return default


def _fits(q: Quantity, m: MeasureRecord, mu: Unit) -> bool:
    if mu.counted != q.counted:
        return False
    if mu.counted:
        thing = singular(m.unit)
        return q.unit == thing or q.unit == thing.split()[-1] or thing.endswith(" " + q.unit)
    try:
        conversion_factor(Unit(q.unit, False), Unit(mu.base, False))
    except CannotConvert:
        return False
    return True


def _unit_words(q: Quantity, mu: Unit) -> str:
    base = plural(mu.base) if q.counted else q.unit
    return f"{base} per {q.per}" if q.per else base


def propose(measure: MeasureRecord, passages: list[FigurePassage],
            existing: list[ObservationRecord] | None = None) -> list[Proposal]:
    """Figures in `passages` that fit `measure`, numbered from 1, minus those already taken."""
    from desktop.measures.service import measure_unit

    mu = measure_unit(measure)
    taken = {(o.passage_id, o.span_start) for o in existing or [] if o.passage_id is not None}
    out: list[Proposal] = []
    for p in passages:
        published = p.source_published or date.today()
        reporter = guess_reporter(p.text, p.source_outlet or p.source_title)
        for f in extract_figures(p.text, published):
            q = f.quantity
            if not _fits(q, measure, mu) or (p.passage_id, q.start) in taken:
                continue
            if q.per and q.per not in ("day", "week", "month", "year", "hour", "fortnight"):
                continue
            src = Unit(mu.base if q.counted else q.unit, q.counted, q.per)
            days = (f.when.end - f.when.start).days + 1 if f.when.end else 1
            notes = []
            try:
                converted: float | None = f.value * conversion_factor(src, mu, span_days=days)
            except CannotConvert as exc:
                converted, notes = None, [str(exc)]
            if q.high is not None:
                notes.append(f"a range, {q.value:g} to {q.high:g}: the middle is proposed")
            if q.hedge:
                notes.append(f"hedged: “{q.hedge}”")
            if f.when.start_pos < 0:
                notes.append("dated by the source's publication")
            if converted == measure.reference and _REFERENCE_WORDS.search(p.text):
                notes.append(f"probably the {measure.reference_kind} value itself, not an "
                             "observation")
            out.append(Proposal(
                n=len(out) + 1, passage_id=p.passage_id, value=f.value,
                unit=_unit_words(q, mu), date=f.when.text, reporter=reporter,
                span=(q.start, q.end), figure=p.text[q.start:q.end], converted=converted,
                note="; ".join(notes), source_title=p.source_title))
    return out


def figure_in_selection(passage: FigurePassage, start: int, end: int,
                        measure: MeasureRecord) -> dict[str, Any]:
    """Prefill for "Add as observation": the figure the selection covers, read like a proposal.

    Falls back to the first number in the selection, in the measure's unit, when no quantity
    with a unit lies there; the person completes the rest.
    """
    from desktop.measures.numbers import find_numbers

    published = passage.source_published or date.today()
    reporter = guess_reporter(passage.text, passage.source_outlet or passage.source_title)
    for f in extract_figures(passage.text, published):
        q = f.quantity
        if q.start < end and start < q.end:
            unit = f"{plural(q.unit) if q.counted else q.unit}" + (f" per {q.per}" if q.per
                                                                   else "")
            return {"value": f.value, "unit": unit, "when": f.when.text, "reporter": reporter,
                    "passage_id": passage.passage_id, "span": (q.start, q.end)}
    numbers = list(find_numbers(passage.text[start:end]))
    when = date_for(passage.text, (start, end), published).text
    unit = f"{measure.unit} per {measure.rate}" if measure.rate else measure.unit
    return {"value": numbers[0].value if numbers else None, "unit": unit, "when": when,
            "reporter": reporter, "passage_id": passage.passage_id, "span": (start, end)}
