"""Learned reranker weights (written by benchmarks/matching_train.py; edit by retraining)."""

WEIGHTS: dict[str, float] = {
    "bias": -6.0,
    "cov_claim": 4.0,
    "cov_passage": 4.0,
    "bm25_norm": 1.0,
    "set_ratio": 2.0,
}
