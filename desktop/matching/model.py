"""Logistic combination of pair features into one calibrated score in [0, 1]."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from desktop.matching.features import FEATURES

# Word overlap alone never makes a match certain: on the train split, cross-validated pairs the
# logistic put at 0.99 or more were right 0.977 of the time (weighted to the 1-in-10 prior), so
# scores are scaled to top out there rather than at 1.
CEILING = 0.98


class ScoreModel:
    """p(match) = CEILING * sigmoid(w · features), weights learned offline by
    training/lexical.py and calibrated there to a pool where 1 candidate in 10 is right
    (whatever the collection size, since every feature is a ratio)."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        unknown = set(weights) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown features in weights: {sorted(unknown)}")
        self.weights = tuple(float(weights.get(name, 0.0)) for name in FEATURES)

    def score(self, features: Sequence[float]) -> float:
        z = sum(w * x for w, x in zip(self.weights, features, strict=True))
        if z < -30.0:
            return 0.0
        return CEILING / (1.0 + math.exp(-z))
