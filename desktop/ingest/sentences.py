"""Splitting text into sentence-sized passages with exact character offsets."""

from __future__ import annotations

from functools import lru_cache

import pysbd


@lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False, char_span=True)


def sentence_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding white space.

    Line breaks always end a passage: news text puts one paragraph per line, and a sentence
    never runs across paragraphs.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            for span in _segmenter(language if language in ("en",) else "en").segment(line):
                start, end = offset + span.start, offset + span.end
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if start < end:
                    spans.append((start, end))
        offset += len(line)
    return spans
