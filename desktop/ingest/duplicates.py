"""Near-repeat claims: warn before logging a claim the workspace already holds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.matching.text import fold

DUPLICATE_THRESHOLD = 85.0
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    claim_id: int
    text: str
    score: float  # 0..100


def _norm(text: str) -> str:
    return " ".join(fold(w) for w in _WORDS.findall(text))


def find_near_duplicates(text: str, existing: Iterable[tuple[int, str]], *,
                         threshold: float = DUPLICATE_THRESHOLD,
                         limit: int = 5) -> list[DuplicateMatch]:
    """Existing claims (id, text) that nearly repeat `text`, best first.

    Texts are compared with accents folded and punctuation ignored, as whole strings and as
    sorted word sets, so reordered or re-spelt repeats ('Türkiye'/'Turkiye') are caught while
    a claim that merely shares a topic is not.
    """
    from rapidfuzz import fuzz, process

    query = _norm(text)
    if not query:
        return []
    items = [(cid, original, _norm(original)) for cid, original in existing]
    choices = {i: norm for i, (_cid, _orig, norm) in enumerate(items) if norm}

    def scorer(a: str, b: str, **_kw: object) -> float:
        return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))

    found = process.extract(query, choices, scorer=scorer, score_cutoff=threshold,
                            limit=limit)
    return [DuplicateMatch(items[key][0], items[key][1], round(score, 1))
            for _norm_text, score, key in found]
