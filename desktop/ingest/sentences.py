"""Splitting text into sentence-sized passages with exact character offsets."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from desktop.progress import Progress, step

Segment = Callable[[str, str], list[tuple[int, int]]]

SUPPORTED = ("en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl", "fa", "nl",
             "da", "fr", "my", "el", "it", "ja", "de", "kk", "sk")
# The splitter slows down sharply on very long runs of text, and an unbalanced quotation mark
# can make it swallow a whole paragraph; pieces longer than this are cut first.
CHUNK = 2000
# The sentence splitter splits the first SPLITTER_BUDGET characters of a document's prose, the
# simple rule the rest and any stretch that is mostly not letters, so a 5 MB text of any shape
# is split in seconds whichever splitter is used (pysbd costs about 10 µs a character, far more
# on runs of punctuation). A call counts at least MIN_COST.
SPLITTER_BUDGET = 2_000_000
MIN_COST = 200
_NON_LETTER = re.compile(r"[\W\d_]+")
_MARK_INSIDE = re.compile(r"[.!?。！？].")
_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-ZÀ-ÖØ-ÞĀ-ſА-ЯΑ-Ω0-9\u0600-\u06ff])")


@lru_cache(maxsize=8)
def _segmenter(language: str):  # -> pysbd.Segmenter, imported only when used
    import pysbd

    return pysbd.Segmenter(language=language, clean=False, char_span=True)


def _chunks(line: str) -> list[tuple[int, int]]:
    """Cut a long line at likely sentence ends (or at a space) into pieces under CHUNK."""
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(line) - start > CHUNK:
        window_end = start + CHUNK
        cut = 0
        for m in _BREAK.finditer(line, start, window_end):
            cut = m.end()
        if cut <= start:
            cut = line.rfind(" ", start + 1, window_end) + 1
        if cut <= start:
            cut = window_end
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(line)))
    return pieces


def segment_pysbd(piece: str, language: str) -> list[tuple[int, int]]:
    lang = language if language in SUPPORTED else "en"
    return _checked(piece, [(s.start, s.end) for s in _segmenter(lang).segment(piece)])


def segment_sentencex(piece: str, language: str) -> list[tuple[int, int]]:
    from sentencex import get_sentence_boundaries

    found = get_sentence_boundaries(language or "en", piece)
    return _checked(piece, [(b["start_index"], b["end_index"]) for b in found])


def _checked(piece: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # The splitter's offsets are found by searching; if they are not in order and inside the
    # piece, fall back to the simple rule rather than store wrong offsets.
    last = 0
    for start, end in spans:
        if start < last or end > len(piece) or start >= end:
            return _simple(piece)
        last = end
    return spans


def _worth_splitter(piece: str) -> bool:
    """Mostly letters: runs of digits or punctuation are cut by the simple rule."""
    return len(_NON_LETTER.sub("", piece)) * 2 >= len(piece.replace(" ", ""))


def _simple(piece: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _BREAK.finditer(piece):
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(piece)))
    return out


# sentencex splits the project's texts as pysbd did, about a hundred times faster
# (benchmarks/sentence_split.py, docs/benchmarks.md "Sentence splitting").
DEFAULT_SEGMENT: Segment = segment_sentencex


def sentence_spans(text: str, language: str = "en", *, progress: Progress | None = None,
                   segment: Segment | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding white space.

    Line breaks always end a passage: news text puts one paragraph per line, and a sentence
    never runs across paragraphs.
    """
    lang = language or "en"
    segment = segment or DEFAULT_SEGMENT
    budget = SPLITTER_BUDGET
    spans: list[tuple[int, int]] = []
    offset = 0
    total = len(text)
    for n, line in enumerate(text.splitlines(keepends=True)):
        stripped = line.strip()
        if stripped and len(line) <= CHUNK and not _MARK_INSIDE.search(stripped):
            # No sentence end inside: the line is one passage (most lines of a list or table).
            start = offset + len(line) - len(line.lstrip())
            spans.append((start, start + len(stripped)))
            if n % 10_000 == 0:
                step(progress, offset, total, "splitting into sentences")
        elif stripped:
            step(progress, offset, total, "splitting into sentences")
            for c_start, c_end in _chunks(line):
                piece = line[c_start:c_end]
                cost = max(len(piece), MIN_COST)
                if cost <= budget and _worth_splitter(piece):
                    budget -= cost
                    found = segment(piece, lang)
                else:
                    found = _simple(piece)
                for s_start, s_end in found:
                    start, end = offset + c_start + s_start, offset + c_start + s_end
                    while start < end and text[start].isspace():
                        start += 1
                    while end > start and text[end - 1].isspace():
                        end -= 1
                    if start < end:
                        spans.append((start, end))
        offset += len(line)
    return spans
