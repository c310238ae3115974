"""Numbers as news wires write them: "4,200", "1.5 million", "$2.3bn", "seventy", "70 per cent".

`find_numbers(text)` yields each number with its span, an optional range end ("between 100 and
150", "100-150") and the hedge in front of it ("more than", "about", "up to").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_ONES = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12,
                 "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORD = "|".join(sorted([*_ONES, *_TENS, *_SCALES, "a"], key=len, reverse=True))
# A run of number words: "one hundred and forty-five", "two million", "a hundred".
_NEXT = "|".join(sorted([*_ONES, *_TENS, *_SCALES], key=len, reverse=True))
_WORDS_RE = re.compile(rf"\b(?:{_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_NEXT}))*\b", re.I)
_DIGITS_RE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d,]*\.\d)"
    r"(?:\s*(?:-|\s)?\s*(million|billion|trillion|thousand|mln|mn|bn|tn|k|m|b)\b)?", re.I)
_HEDGES = (
    ("more than", ">"), ("over", ">"), ("above", ">"), ("in excess of", ">"),
    ("at least", ">="), ("upwards of", ">"), ("fewer than", "<"), ("less than", "<"),
    ("under", "<"), ("below", "<"), ("up to", "<="), ("at most", "<="), ("nearly", "~"),
    ("almost", "~"), ("about", "~"), ("around", "~"), ("roughly", "~"), ("some", "~"),
    ("approximately", "~"), ("an estimated", "~"), ("close to", "~"), ("just over", ">"),
    ("just under", "<"),
)
_HEDGE_RE = re.compile(r"(?:" + "|".join(re.escape(h) for h, _ in _HEDGES) + r")\s+$", re.I)


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    start: int
    end: int
    high: float | None = None  # the upper end of a range
    hedge: str = ""  # the words in front: "more than", "about"
    start_hedge: int | None = None  # where the hedge starts, if any

    @property
    def is_range(self) -> bool:
        return self.high is not None


def words_value(words: str) -> float | None:
    """"one hundred and forty-five" -> 145.0; None if the words do not make a number."""
    total, current, seen = 0.0, 0.0, False
    for w in re.split(r"[\s-]+", words.lower()):
        if w in ("and", ""):
            continue
        if w == "a":
            current = max(current, 1)
            continue
        if w in _ONES:
            current += _ONES[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in _SCALES:
            total += max(current, 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _digits(m: re.Match[str]) -> float:
    whole = m.group(1).replace(",", "")
    value = float(f"{whole}.{m.group(2)}") if m.group(2) else float(whole)
    scale = (m.group(3) or "").lower()
    return value * _SHORT_SCALES.get(scale, 1)


def _raw_numbers(text: str) -> list[tuple[float, int, int]]:
    found: list[tuple[float, int, int]] = []
    for m in _DIGITS_RE.finditer(text):
        scale = (m.group(3) or "").lower()
        end = m.end()
        if scale in ("m", "b") and end < len(text) and text[end:end + 1].isalpha():
            end = m.end(2) if m.group(2) else m.end(1)  # "5 mph": not a scale
            found.append((float(m.group(1).replace(",", "") + (f".{m.group(2)}" if m.group(2)
                                                                else "")), m.start(), end))
            continue
        found.append((_digits(m), m.start(), end))
    taken = [(s, e) for _, s, e in found]
    for m in _WORDS_RE.finditer(text):
        words = m.group(0)
        if words.lower() in ("a", "an"):  # an article, not a number
            continue
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        value = words_value(words)
        # "one" as a pronoun ("one of the trucks") is not a figure.
        if value is None or (words.lower() == "one" and text[m.end():m.end() + 3] == " of"):
            continue
        start = m.start()
        # "half a million"
        half = re.search(r"\bhalf\s+$", text[max(0, start - 6):start], re.I)
        if half and words.lower().startswith("a "):
            value, start = value / 2, start - (len(text[max(0, start - 6):start]) - half.start())
        found.append((value, start, m.end()))
    return sorted(found, key=lambda t: t[1])


def find_numbers(text: str) -> Iterator[Number]:
    raw = _raw_numbers(text)
    i = 0
    while i < len(raw):
        value, start, end = raw[i]
        high = None
        if i + 1 < len(raw):
            between = text[end:raw[i + 1][1]]
            before = text[max(0, start - 12):start].lower()
            if re.fullmatch(r"\s*(?:-|–|—|to)\s*", between) or (
                    re.fullmatch(r"\s+and\s+", between) and before.rstrip().endswith("between")):
                nxt, _, nend = raw[i + 1]
                # "1.5 to 2 million": the scale of the second applies to the first.
                if nxt >= 1000 and value < 1000 and not re.search(r"\d{4}", text[start:end]):
                    for scale in (1e12, 1e9, 1e6, 1e3):
                        if nxt >= scale and value * scale <= nxt:
                            value *= scale
                            break
                high, end = nxt, nend
                i += 1
                if before.rstrip().endswith("between"):
                    start = text.lower().rfind("between", 0, start)
        head = text[max(0, start - 30):start]
        hm = _HEDGE_RE.search(head)
        hedge, hstart = "", None
        if hm:
            hedge = hm.group(0).strip().lower()
            hstart = start - (len(head) - hm.start())
        yield Number(value=value, start=start, end=end, high=high, hedge=hedge,
                     start_hedge=hstart)
        i += 1


def hedge_sign(hedge: str) -> str:
    return dict(_HEDGES).get(hedge.lower(), "")
