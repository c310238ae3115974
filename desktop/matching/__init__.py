"""Claim-matching engine: pure Python, no Qt and no database.

    engine = MatchEngine(aliases=groups, weak=weak, strong=strong)
    matches = engine.match(claims, passages, top_k=10, progress=callback)

``claims`` and ``passages`` are sequences of ``(id, text)``; ``callback`` follows
``desktop.progress`` (returning False cancels). See ``engine.MatchEngine``.
"""

from desktop.matching.default_aliases import DEFAULT_ALIASES
from desktop.matching.engine import Match, MatchEngine
from desktop.matching.index import TextIndex

__all__ = ["DEFAULT_ALIASES", "Match", "MatchEngine", "TextIndex"]
