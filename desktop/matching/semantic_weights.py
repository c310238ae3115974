"""Semantic fusion weights (written by benchmarks/semantic_train.py on the CLEF train split;
edit by retraining).

Trained with depth=100, l2=0.1; score = sigmoid(weights . features).
"""

WEIGHTS: dict[str, float] = {'bias': -3.08444,
 'cos': 7.64098,
 'cos_gap': 7.64098,
 'cos_rank': -0.16822,
 'engine': 0.50132,
 'engine_gap': 0.50132,
 'engine_rank': -0.9855,
 'bm25_rank': -0.33969,
 'bm25_rel': -0.71866}
