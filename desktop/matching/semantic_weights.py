"""Semantic fusion weights (written by benchmarks/semantic_train.py on the CLEF train split;
edit by retraining).

Trained with depth=100, l2=0.1; score = sigmoid(weights . features).
"""

WEIGHTS: dict[str, float] = {'bias': -3.42212,
 'cos': 7.74241,
 'cos_gap': 7.74241,
 'cos_rank': -0.18688,
 'engine': 0.38422,
 'engine_gap': 0.38422,
 'engine_rank': -1.00479,
 'bm25_rank': -0.27334,
 'bm25_rel': -0.36711}
