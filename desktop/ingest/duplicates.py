"""Near-repeat claims: warn before logging a claim the workspace already holds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.matching.text import fold

DUPLICATE_THRESHOLD = 85.0
# A logged quote this long (in words) is specific enough to recognise inside a longer sentence.
MIN_QUOTE_WORDS = 4
_WORDS = re.compile(r"[^\W_]+")
Existing = tuple[int, str] | tuple[int, str, str]  # (id, text) or (id, text, quote)


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    claim_id: int
    text: str
    score: float  # 0..100


@dataclass(frozen=True, slots=True)
class SkippedDraft:
    """A claim draft left out of an import: it nearly repeats `repeats`."""

    index: int  # its place among the drafts given
    repeats: DuplicateMatch  # the closest logged claim (id -n: the n-th draft kept before it)


def _norm(text: str) -> str:
    return " ".join(fold(w) for w in _WORDS.findall(text))


def find_near_duplicates(text: str, existing: Iterable[Existing], *,
                         threshold: float = DUPLICATE_THRESHOLD,
                         limit: int = 5) -> list[DuplicateMatch]:
    """Existing claims (id, text[, quote]) that nearly repeat `text`, best first.

    Texts are compared with accents folded and punctuation ignored, as whole strings and as
    sorted word sets, so reordered or re-spelt repeats ('Türkiye'/'Turkiye') are caught while
    a claim that merely shares a topic is not. A claim's text is usually a paraphrase of what
    was said, so its quote (the exact words in the article) is compared too: a candidate
    sentence that holds the quote (nearly) word for word repeats the claim, which is how a
    re-imported article recognises the claims already logged from it.
    """
    from rapidfuzz import fuzz

    query = _norm(text)
    if not query:
        return []
    found: list[DuplicateMatch] = []
    for item in existing:
        cid, original = item[0], item[1]
        norm = _norm(original)
        score = max(fuzz.ratio(query, norm), fuzz.token_sort_ratio(query, norm)) if norm else 0.0
        quote = _norm(item[2]) if len(item) > 2 else ""  # type: ignore[misc]
        if len(quote.split()) >= MIN_QUOTE_WORDS:
            if len(quote) <= len(query):  # the quote within the (longer) candidate sentence
                score = max(score, fuzz.partial_ratio(quote, query))
            else:
                score = max(score, fuzz.ratio(quote, query))
        if score >= threshold:
            found.append(DuplicateMatch(cid, original, round(score, 1)))
    found.sort(key=lambda m: (-m.score, m.claim_id))
    return found[:limit]
