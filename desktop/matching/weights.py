"""The lexical engine's learned reranker weights, read from lexical_weights.json (written by
training/lexical.py; change them by retraining: python training/train_all.py)."""

import json
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("lexical_weights.json")
LEXICAL_WEIGHTS: dict[str, float] = {
    str(k): float(v)
    for k, v in json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["weights"].items()}
