"""Logistic combination of pair features into one calibrated score in [0, 1]."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from desktop.matching.features import FEATURES


class ScoreModel:
    """p(match) = sigmoid(w · features), weights learned offline by benchmarks/matching_train.py."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        unknown = set(weights) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown features in weights: {sorted(unknown)}")
        self.weights = tuple(float(weights.get(name, 0.0)) for name in FEATURES)

    def score(self, features: Sequence[float]) -> float:
        z = sum(w * x for w, x in zip(self.weights, features, strict=True))
        if z < -30.0:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))
