"""Semantic fusion weights (written by benchmarks/semantic_train.py on the CLEF train split;
edit by retraining).

Trained with depth=100, l2=0.1; score = sigmoid(weights . features).
"""

WEIGHTS: dict[str, float] = {'bias': -1.72818,
 'cos': 3.67311,
 'cos_gap': 3.67311,
 'cos_rank': 0.20091,
 'engine': 0.66684,
 'engine_gap': 0.66684,
 'engine_rank': -0.92097,
 'bm25_rank': -0.38051,
 'bm25_rel': -1.56009,
 'qcos': 3.42783,
 'qcos_gap': 3.42783,
 'qcos_rank': -0.74075}
