"""Reading figures out of news sentences: numbers, units, rates, hedges, dates."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.measures.propose import extract_figures, guess_reporter
from desktop.measures.units import CannotConvert, conversion_factor, parse_unit

PUB = date(2025, 10, 21)  # a Tuesday


@pytest.mark.parametrize(("sentence", "want"), [
    ("The UN said 145 aid trucks entered Gaza on Sunday.",
     [(145, None, "truck", "", "2025-10-19")]),
    ("More than 1.5 million people fled, or 70 per cent of residents.",
     [(1.5e6, None, "person", "", "2025-10-21"), (70, None, "percent", "", "2025-10-21")]),
    ("According to OCHA, 4,200 trucks entered Gaza last week.",
     [(4200, None, "truck", "", "2025-10-13..2025-10-19")]),
    ("Between 100 and 150 trucks a day crossed in October.",
     [(100, 150, "truck", "day", "2025-10-01..2025-10-31")]),
    ("Two hundred and twelve trucks crossed yesterday.", [(212, None, "truck", "", "2025-10-20")]),
    ("The fund raised $2.3bn on 3 October.", [(2.3e9, None, "USD", "", "2025-10-03")]),
    ("Resolution 2720 was adopted in 2023.", []),
])
def test_figures(sentence: str, want: list) -> None:
    got = [(f.quantity.value, f.quantity.high, f.quantity.unit, f.quantity.per, f.when.text)
           for f in extract_figures(sentence, PUB)]
    assert got == want


def test_hedge_and_span() -> None:
    text = "COGAT said more than 600 trucks crossed on Monday."
    (f,) = extract_figures(text, PUB)
    assert f.quantity.hedge == "more than"
    assert text[f.quantity.start:f.quantity.end] == "more than 600 trucks"


def test_reporter() -> None:
    assert guess_reporter("According to OCHA, 4,200 trucks entered.", "Reuters") == "OCHA"
    assert guess_reporter("COGAT said 600 trucks crossed.", "Reuters") == "COGAT"
    assert guess_reporter("Some 600 trucks crossed.", "Reuters") == "Reuters"


def test_rates_convert_only_where_sound() -> None:
    day = parse_unit("trucks", new_counted=True, rate="day")
    assert conversion_factor(parse_unit("trucks per week", counted={"truck"}), day) == \
        pytest.approx(1 / 7)
    assert conversion_factor(parse_unit("trucks", counted={"truck"}), day, span_days=7) == \
        pytest.approx(1 / 7)
    with pytest.raises(CannotConvert):
        conversion_factor(parse_unit("trucks per month", counted={"truck"}), day)
    with pytest.raises(CannotConvert):  # one day's count is not a weekly rate
        conversion_factor(parse_unit("trucks", counted={"truck"}),
                          parse_unit("trucks", new_counted=True, rate="week"), span_days=1)
    assert conversion_factor(parse_unit("kg"), parse_unit("tonnes")) == pytest.approx(0.001)
