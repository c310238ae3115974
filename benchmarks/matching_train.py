"""Learn the reranker weights of the matching engine on the CLEF-2020 Task 2 TRAIN split.

Extracts the engine's pair features for the BM25 candidates of every train tweet, fits a
listwise logistic model (numpy, Newton steps) with gold pairs as positives, Platt-scales it to a
candidate pool where ``--prior`` of the pairs are right, reports 5-fold cross-validated MAP@5 and
calibration on train, optionally how a gold pair's score moves between an N-text workspace and
the whole collection, and with --write stores the weights in desktop/matching/weights.py. The
dev split is never read here.

    .venv/bin/python benchmarks/matching_train.py [--l2 1.0] [--workspaces 5] [--write]
"""

from __future__ import annotations

import argparse
import pprint

import numpy as np
from clef_common import ROOT, evaluate, load

from desktop.matching import MatchEngine
from desktop.matching.features import FEATURES, PairFeatures
from desktop.matching.index import PRIOR_DF, PRIOR_DOCS, Stats, analyse

WEIGHTS_FILE = ROOT / "desktop" / "matching" / "weights.py"


def extract(split: str, depth: int, k1: float = 1.2, b: float = 0.75, **prior: float):
    """Feature matrix, labels, query index per row, passage ids per row, gold."""
    queries, collection, gold = load(split)
    engine = MatchEngine(weak=0.0, strong=1.0, depth=depth, k1=k1, b=b, weights={})
    index = engine.index(collection)
    docs = analyse(engine.analyzer, queries)
    feats = PairFeatures(Stats(index, docs, **prior), engine.k1, engine.b)
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


def fit(x: np.ndarray, y: np.ndarray, l2: float, iters: int = 50,
        weight: np.ndarray | None = None) -> np.ndarray:
    """Logistic regression by Newton's method (rows weighted by ``weight``); returns weights
    for raw (unscaled) features."""
    sw = np.ones(len(y)) if weight is None else weight
    mean, std = x.mean(0), x.std(0)
    mean[0], std[0] = 0.0, 1.0  # bias column stays as is
    std[std == 0] = 1.0
    z = (x - mean) / std
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0
    def loss(w: np.ndarray) -> float:
        s = z @ w
        return float(np.logaddexp(0, -s) @ (sw * y) + np.logaddexp(0, s) @ (sw * (1 - y))
                     + 0.5 * reg @ w**2)

    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (sw * (p - y)) + reg * w
        hess = (z * (sw * p * (1 - p))[:, None]).T @ z + np.diag(reg + 1e-9)
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


def prior_weights(y: np.ndarray, prior: float) -> np.ndarray:
    """Row weights under which gold pairs make up ``prior`` of all candidate pairs."""
    pos = max(float(y.sum()), 1.0)
    neg = max(float(len(y) - y.sum()), 1.0)
    return np.where(y > 0, prior / (1.0 - prior) * neg / pos, 1.0)


def fit_listwise(x: np.ndarray, y: np.ndarray, qidx: np.ndarray, l2: float,
                 iters: int = 50, prior: float = 0.1) -> np.ndarray:
    """Softmax over each query's candidates (conditional logit), then Platt-scaled with a
    pointwise logistic so the combined weights give probabilities calibrated to a candidate
    pool in which ``prior`` of the pairs are right (CLEF itself has 1 in 100)."""
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
    a, c = fit(np.column_stack([np.ones_like(score), score]), y, 1e-3,
               weight=prior_weights(y, prior))
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


def small_workspaces(weights: dict[str, float], size: int, seed: int = 3,
                     **prior: float) -> np.ndarray:
    """Score each train tweet's gold claim in a workspace of ``size`` texts (the gold claim and
    random others) and in the whole collection; rows (small score, full score)."""
    import random

    queries, collection, gold = load("train")
    rng = random.Random(seed)
    engine = MatchEngine(weak=0.0, strong=1.0, weights=weights)
    stats_kw = prior or {}
    index = engine.index(collection)
    by_id = dict(collection)
    out = []
    for qid, text in queries:
        for gid in sorted(gold.get(qid, ())):
            others = rng.sample(collection, size - 1)
            small = [(gid, by_id[gid]), *[o for o in others if o[0] != gid]]
            s = _score_of(engine, (qid, text), small, gid, stats_kw)
            f = _score_of(engine, (qid, text), index, gid, stats_kw)
            out.append((s, f))
    return np.array(out)


def _score_of(engine, query, passages, pid, stats_kw) -> float:
    index = passages if not isinstance(passages, list) else engine.index(passages)
    docs = analyse(engine.analyzer, [query])
    feats = PairFeatures(Stats(index, docs, **stats_kw), engine.k1, engine.b)
    row = next(i for i, d in enumerate(index.docs) if d.id == pid)
    return engine.model.score(feats.vector(docs[0], index.docs[row]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=100)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--k1", type=float, default=1.2)
    parser.add_argument("--b", type=float, default=0.75)
    parser.add_argument("--prior", type=float, default=0.1,
                        help="share of right pairs among candidates the scores assume")
    parser.add_argument("--prior-docs", type=float, default=PRIOR_DOCS)
    parser.add_argument("--prior-df", type=float, default=PRIOR_DF)
    parser.add_argument("--drop", nargs="*", default=[], choices=FEATURES[1:],
                        help="features to leave out (weight 0)")
    parser.add_argument("--pointwise", action="store_true", help="plain logistic loss")
    parser.add_argument("--workspaces", type=int, default=0, metavar="N",
                        help="also compare gold scores in N-text workspaces with the full one")
    parser.add_argument("--write", action="store_true", help="store the learned weights")
    args = parser.parse_args()
    prior = {"prior_docs": args.prior_docs, "prior_df": args.prior_df}
    x, y, qidx, pids, qids, gold = extract("train", args.depth, args.k1, args.b, **prior)
    keep = np.array([f not in args.drop for f in FEATURES])
    x = x[:, keep]
    def trainer(x, y, q, l2):
        if args.pointwise:
            return fit(x, y, l2, weight=prior_weights(y, args.prior))
        return fit_listwise(x, y, q, l2, prior=args.prior)

    names = [f for f, k in zip(FEATURES, keep, strict=True) if k]
    print("BM25-order MAP:", evaluate(ranked_by(-np.arange(len(y), dtype=float), qidx, pids,
                                                qids), gold))
    folds = np.array([q % 5 for q in qidx])
    cv_scores = np.zeros(len(y))
    for f in range(5):
        w = trainer(x[folds != f], y[folds != f], qidx[folds != f], args.l2)
        cv_scores[folds == f] = x[folds == f] @ w
    print("5-fold CV on train:", evaluate(ranked_by(cv_scores, qidx, pids, qids), gold))
    report_calibration(1 / (1 + np.exp(-cv_scores)), y, args.prior)
    w = trainer(x, y, qidx, args.l2)
    weights = {n: round(float(v), 5) for n, v in zip(names, w, strict=True)}
    pprint.pprint(weights, sort_dicts=False)
    if args.workspaces:
        pairs = small_workspaces(weights, args.workspaces, **prior)
        diff = pairs[:, 0] - pairs[:, 1]
        print(f"gold pair, {args.workspaces}-text workspace vs whole collection: mean score "
              f"{pairs[:, 0].mean():.3f} vs {pairs[:, 1].mean():.3f}, |diff| mean "
              f"{np.abs(diff).mean():.3f}, 90th pct {np.quantile(np.abs(diff), 0.9):.3f}")
    if args.write:
        WEIGHTS_FILE.write_text(
            '"""Learned reranker weights (written by benchmarks/matching_train.py; edit by '
            'retraining)."""\n\n'
            f"WEIGHTS: dict[str, float] = {pprint.pformat(weights, sort_dicts=False)}\n")
        print("wrote", WEIGHTS_FILE)


def report_calibration(p: np.ndarray, y: np.ndarray, prior: float) -> None:
    """Share of gold pairs per score band, with candidates weighted to the assumed prior."""
    sw = prior_weights(y, prior)
    for lo, hi in ((0, .1), (.1, .35), (.35, .7), (.7, .9), (.9, .99), (.99, 1.01)):
        band = (p >= lo) & (p < hi)
        rate = (sw * y)[band].sum() / sw[band].sum() if band.any() else 0.0
        print(f"  cross-validated p in [{lo}, {hi}): {band.sum()} pairs ({int(y[band].sum())} "
              f"gold), weighted gold share {rate:.3f}")


if __name__ == "__main__":
    main()
