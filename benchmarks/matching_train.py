"""Learn the reranker weights of the matching engine on the CLEF-2020 Task 2 TRAIN split.

Extracts the engine's pair features for the BM25 candidates of every train tweet, fits an
L2-regularised logistic regression (numpy, Newton steps) with gold pairs as positives, reports
5-fold cross-validated MAP@5 on train, and with --write stores the weights in
desktop/matching/weights.py. The dev split is never read here.

    .venv/bin/python benchmarks/matching_train.py [--l2 1.0] [--write]
"""

from __future__ import annotations

import argparse
import pprint

import numpy as np
from clef_common import ROOT, evaluate, load

from desktop.matching import MatchEngine
from desktop.matching.features import FEATURES, PairFeatures
from desktop.matching.index import Stats, analyse

WEIGHTS_FILE = ROOT / "desktop" / "matching" / "weights.py"


def extract(split: str, depth: int, k1: float = 1.2, b: float = 0.75):
    """Feature matrix, labels, query index per row, passage ids per row, gold."""
    queries, collection, gold = load(split)
    engine = MatchEngine(weak=0.0, strong=1.0, depth=depth, k1=k1, b=b)
    index = engine.index(collection)
    docs = analyse(engine.analyzer, queries)
    feats = PairFeatures(Stats(index, docs), engine.k1, engine.b)
    rows, labels, qidx, pids = [], [], [], []
    found = 0
    for qi, q in enumerate(docs):
        rel = gold.get(q.id, set())
        hit = False
        for row, _ in index.candidates(q.terms, depth):
            p = index.docs[row]
            rows.append(feats.vector(q, p))
            labels.append(1.0 if p.id in rel else 0.0)
            hit |= p.id in rel
            qidx.append(qi)
            pids.append(p.id)
        found += hit
    print(f"{split}: candidate recall@{depth} = {found / len(docs):.3f}")
    qids = [q.id for q in docs]
    return np.array(rows), np.array(labels), np.array(qidx), pids, qids, gold


def fit(x: np.ndarray, y: np.ndarray, l2: float, iters: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method; returns weights for raw (unscaled) features."""
    mean, std = x.mean(0), x.std(0)
    mean[0], std[0] = 0.0, 1.0  # bias column stays as is
    std[std == 0] = 1.0
    z = (x - mean) / std
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0
    def loss(w: np.ndarray) -> float:
        s = z @ w
        return float(np.logaddexp(0, -s) @ y + np.logaddexp(0, s) @ (1 - y) + 0.5 * reg @ w**2)

    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        t, current = 1.0, loss(w)
        while t > 1e-4 and loss(w - t * step) > current - 1e-4 * t * grad @ step:
            t /= 2
        w -= t * step
        if np.abs(t * step).max() < 1e-8:
            break
    raw = w / std
    raw[0] = w[0] - (w[1:] * mean[1:] / std[1:]).sum()
    return raw


def fit_listwise(x: np.ndarray, y: np.ndarray, qidx: np.ndarray, l2: float,
                 iters: int = 50) -> np.ndarray:
    """Softmax over each query's candidates (conditional logit), then Platt-scaled with a
    pointwise logistic so the combined weights give calibrated probabilities."""
    mean, std = x.mean(0), x.std(0)
    mean[0], std[0] = 0.0, 1.0
    std[std == 0] = 1.0
    z = (x - mean) / std
    z[:, 0] = 0.0  # a per-query constant cannot change a softmax
    nq = int(qidx.max()) + 1
    npos = np.bincount(qidx, weights=y, minlength=nq)
    rows = npos[qidx] > 0
    z, yy, qq = z[rows], y[rows], qidx[rows]

    def loss_grad_hess(w: np.ndarray, need_hess: bool = True):
        s = z @ w
        s = s - _group_max(s, qq, nq)[qq]
        e = np.exp(s)
        tot = np.bincount(qq, weights=e, minlength=nq)
        loss = -(yy * (s - np.log(tot[qq]))).sum() + 0.5 * l2 * w @ w
        if not need_hess:
            return loss, None, None
        p = e / tot[qq] * npos[qq]
        grad = z.T @ (p - yy) + l2 * w
        mu = np.zeros((nq, z.shape[1]))
        np.add.at(mu, qq, p[:, None] * z)
        hess = (z * p[:, None]).T @ z - (mu / np.maximum(npos, 1)[:, None]).T @ mu
        return loss, grad, hess + np.eye(z.shape[1]) * (l2 + 1e-6)

    w = np.zeros(x.shape[1])
    for _ in range(iters):
        loss, grad, hess = loss_grad_hess(w)
        step = np.linalg.solve(hess, grad)
        t = 1.0
        while t > 1e-4 and loss_grad_hess(w - t * step, False)[0] > loss - 1e-4 * t * grad @ step:
            t /= 2  # backtracking keeps Newton from overshooting
        w -= t * step
        if np.abs(t * step).max() < 1e-7:
            break
    raw = w / std
    score = x @ np.concatenate([[0.0], raw[1:]])
    a, c = fit(np.column_stack([np.ones_like(score), score]), y, 1e-3)
    raw = raw * c
    raw[0] = a
    return raw


def _group_max(s: np.ndarray, q: np.ndarray, n: int) -> np.ndarray:
    out = np.full(n, -np.inf)
    np.maximum.at(out, q, s)
    return out


def ranked_by(scores, qidx, pids, qids) -> dict[str, list[str]]:
    ranked: dict[str, list[tuple[float, int, str]]] = {}
    for i, (s, q) in enumerate(zip(scores, qidx, strict=True)):
        ranked.setdefault(qids[q], []).append((-s, i, pids[i]))
    return {q: [p for _, _, p in sorted(v)] for q, v in ranked.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=100)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--k1", type=float, default=1.2)
    parser.add_argument("--b", type=float, default=0.75)
    parser.add_argument("--drop", nargs="*", default=[], choices=FEATURES[1:],
                        help="features to leave out (weight 0)")
    parser.add_argument("--pointwise", action="store_true", help="plain logistic loss")
    parser.add_argument("--write", action="store_true", help="store the learned weights")
    args = parser.parse_args()
    x, y, qidx, pids, qids, gold = extract("train", args.depth, args.k1, args.b)
    keep = np.array([f not in args.drop for f in FEATURES])
    x = x[:, keep]
    def trainer(x, y, q, l2):
        return fit(x, y, l2) if args.pointwise else fit_listwise(x, y, q, l2)

    names = [f for f, k in zip(FEATURES, keep, strict=True) if k]
    print("BM25-order MAP:", evaluate(ranked_by(-np.arange(len(y), dtype=float), qidx, pids,
                                                qids), gold))
    folds = np.array([q % 5 for q in qidx])
    cv_scores = np.zeros(len(y))
    for f in range(5):
        w = trainer(x[folds != f], y[folds != f], qidx[folds != f], args.l2)
        cv_scores[folds == f] = x[folds == f] @ w
    print("5-fold CV on train:", evaluate(ranked_by(cv_scores, qidx, pids, qids), gold))
    w = trainer(x, y, qidx, args.l2)
    p = 1 / (1 + np.exp(-(x @ w)))
    for lo, hi in ((0, .35), (.35, .7), (.7, 1.01)):
        band = (p >= lo) & (p < hi)
        rate = y[band].mean() if band.any() else 0.0
        print(f"p in [{lo}, {hi}): {band.sum()} pairs, {rate:.3f} gold")
    weights = {n: round(float(v), 5) for n, v in zip(names, w, strict=True)}
    pprint.pprint(weights, sort_dicts=False)
    if args.write:
        WEIGHTS_FILE.write_text(
            '"""Learned reranker weights (written by benchmarks/matching_train.py; edit by '
            'retraining)."""\n\n'
            f"WEIGHTS: dict[str, float] = {pprint.pformat(weights, sort_dicts=False)}\n")
        print("wrote", WEIGHTS_FILE)


if __name__ == "__main__":
    main()
