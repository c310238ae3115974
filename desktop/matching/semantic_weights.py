"""Semantic fusion weights of the checked-before ranker, read from semantic_weights.json
(written by training/fusion.py on the CLEF-2020 train split; change them by retraining:
python training/train_all.py). score = sigmoid(weights . features)."""

import json
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("semantic_weights.json")
_DATA = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
# Nearest collection texts by cosine added to each query's BM25 candidates.
NEIGHBOURS: int = int(_DATA["neighbours"])
FUSION_WEIGHTS: dict[str, float] = {str(k): float(v) for k, v in _DATA["weights"].items()}
