"""Semantic fusion weights (written by benchmarks/semantic_train.py on the CLEF train split;
edit by retraining).

Trained with depth=100, l2=0.1; score = sigmoid(weights . features).
"""

# Nearest collection texts by cosine added to each query's BM25 candidates.
NEIGHBOURS = 5

WEIGHTS: dict[str, float] = {'bias': -1.22084,
 'cos': 3.47209,
 'cos_gap': 3.47209,
 'cos_rank': 0.14798,
 'engine': 0.80001,
 'engine_gap': 0.80001,
 'engine_rank': -0.81402,
 'bm25_rank': -0.43819,
 'bm25_rel': -2.18474,
 'qcos': 3.60633,
 'qcos_gap': 3.60633,
 'qcos_rank': -0.61945}
