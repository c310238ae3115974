"""Learn the reranker weights of the matching engine on the CLEF-2020 Task 2 TRAIN split.

Extracts the engine's pair features for the BM25 candidates of every train tweet (in the whole
collection, and in a small call of the tweet and its best candidates), fits a
listwise logistic model (numpy, Newton steps) with gold pairs as positives, Platt-scales it to a
candidate pool where ``--prior`` of the pairs are right, reports 5-fold cross-validated MAP@5 and
calibration on train, optionally how a gold pair's score moves between an N-text workspace and
the whole collection, and with --write stores the weights in
desktop/matching/lexical_weights.json. The dev split is never read here.

    .venv/bin/python training/lexical.py [--l2 1.0] [--workspaces 5] [--write]
"""

from __future__ import annotations

import argparse
import json
import pprint
import sys
from pathlib import Path

import numpy as np

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1]),
                str(Path(__file__).resolve().parents[1] / "benchmarks")]

from clef_common import DATA, ROOT, evaluate, load  # noqa: E402
from fit import write_manifest  # noqa: E402

from desktop.matching import MatchEngine  # noqa: E402
from desktop.matching.features import FEATURES  # noqa: E402
from desktop.matching.index import CLAIM_WEIGHT, PRIOR_DF, PRIOR_DOCS, Stats, analyse  # noqa: E402

WEIGHTS_FILE = ROOT / "desktop" / "matching" / "lexical_weights.json"


def extract(split: str, depth: int, k1: float = 1.2, b: float = 0.75, small: int = 0,
            **prior: float):
    """Feature matrix, labels, query index per row, passage ids per row, gold, and which rows
    come from small calls.

    With ``small`` > 0 each query is also scored in a call of its own: the query and its
    ``small`` best BM25 candidates (the best gold one swapped in for the last if missing), with
    term statistics from that call alone. Such a call is what a workspace looks like (a few
    texts, all about the same people and places), and the weights must work there too; those
    rows get query numbers offset by the number of queries."""
    queries, collection, gold = load(split)
    engine = MatchEngine(weak=0.0, strong=1.0, depth=depth, k1=k1, b=b, weights={})
    index = engine.index(collection)
    docs = analyse(engine.analyzer, queries)
    feats = engine.features(Stats(index, docs, **prior))
    rows, labels, qidx, pids, kind = [], [], [], [], []
    found = 0
    for qi, q in enumerate(docs):
        rel = gold.get(q.id, set())
        cands = [index.docs[row] for row, _ in index.candidates(q.terms, depth)]
        for p in cands:
            rows.append(feats.vector(q, p))
            labels.append(1.0 if p.id in rel else 0.0)
            qidx.append(qi)
            pids.append(p.id)
            kind.append(0)
        found += any(p.id in rel for p in cands)
        if small and any(p.id in rel for p in cands):
            call = cands[:small]
            if not any(p.id in rel for p in call):
                call[-1] = next(p for p in cands if p.id in rel)
            local = engine.index([(p.id, p.text) for p in call])
            query = analyse(engine.analyzer, [(q.id, q.text)])
            small_feats = engine.features(Stats(local, query, **prior))
            for p in local.docs:
                rows.append(small_feats.vector(query[0], p))
                labels.append(1.0 if p.id in rel else 0.0)
                qidx.append(qi + len(docs))
                pids.append(p.id)
                kind.append(1)
    print(f"{split}: candidate recall@{depth} = {found / len(docs):.3f}")
    qids = [q.id for q in docs]
    return (np.array(rows), np.array(labels), np.array(qidx), pids, qids, gold,
            np.array(kind))


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
                 iters: int = 50, prior: float = 0.1,
                 calibrate: np.ndarray | None = None) -> np.ndarray:
    """Softmax over each query's candidates (conditional logit), then Platt-scaled with a
    pointwise logistic so the combined weights give probabilities calibrated to a candidate
    pool in which ``prior`` of the pairs are right (CLEF itself has 1 in 100). ``calibrate``
    picks the rows the scaling is fitted on (default all)."""
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
    rows = np.ones(len(y), dtype=bool) if calibrate is None else calibrate
    score = x[rows] @ np.concatenate([[0.0], raw[1:]])
    a, c = fit(np.column_stack([np.ones_like(score), score]), y[rows], 1e-3,
               weight=prior_weights(y[rows], prior))
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
    feats = engine.features(Stats(index, docs, **stats_kw))
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
    parser.add_argument("--claim-weight", type=float, default=CLAIM_WEIGHT)
    parser.add_argument("--drop", nargs="*", default=[], choices=FEATURES[1:],
                        help="features to leave out (weight 0)")
    parser.add_argument("--pointwise", action="store_true", help="plain logistic loss")
    parser.add_argument("--workspaces", type=int, default=0, metavar="N",
                        help="also compare gold scores in N-text workspaces with the full one")
    parser.add_argument("--small", type=int, default=10, metavar="K",
                        help="also train on small calls: each query with its K best candidates")
    parser.add_argument("--write", action="store_true", help="store the learned weights")
    args = parser.parse_args()
    prior = {"prior_docs": args.prior_docs, "prior_df": args.prior_df,
             "claim_weight": args.claim_weight}
    x, y, qidx, pids, qids, gold, kind = extract("train", args.depth, args.k1, args.b,
                                                 args.small, **prior)
    full = kind == 0
    keep = np.array([f not in args.drop for f in FEATURES])
    x = x[:, keep]
    def trainer(x, y, q, l2, full):
        if args.pointwise:
            return fit(x, y, l2, weight=prior_weights(y, args.prior))
        # Small calls teach the ranking; the scale comes from the whole collection, where
        # gold labels are complete (a call of ten near-duplicates holds unlabelled right ones).
        return fit_listwise(x, y, q, l2, prior=args.prior, calibrate=full)

    names = [f for f, k in zip(FEATURES, keep, strict=True) if k]
    def full_map(scores: np.ndarray) -> dict[str, float]:
        picked = [p for p, f in zip(pids, full, strict=True) if f]
        return evaluate(ranked_by(scores[full], qidx[full], picked, qids), gold)

    print("BM25-order MAP:", full_map(-np.arange(len(y), dtype=float)))
    folds = (qidx % len(qids)) % 5
    cv_scores = np.zeros(len(y))
    for f in range(5):
        w = trainer(x[folds != f], y[folds != f], qidx[folds != f], args.l2,
                    full[folds != f])
        cv_scores[folds == f] = x[folds == f] @ w
    cv = full_map(cv_scores)
    print("5-fold CV on train:", cv)
    for name, rows in (("whole collection", full), (f"calls of {args.small} texts", ~full)):
        if rows.any():
            print(f"calibration, {name}:")
            report_calibration(1 / (1 + np.exp(-cv_scores[rows])), y[rows], args.prior)
    w = trainer(x, y, qidx, args.l2, full)
    weights = {n: round(float(v), 5) for n, v in zip(names, w, strict=True)}
    pprint.pprint(weights, sort_dicts=False)
    if args.workspaces:
        pairs = small_workspaces(weights, args.workspaces, **prior)
        diff = pairs[:, 0] - pairs[:, 1]
        print(f"gold pair, {args.workspaces}-text workspace vs whole collection: mean score "
              f"{pairs[:, 0].mean():.3f} vs {pairs[:, 1].mean():.3f}, |diff| mean "
              f"{np.abs(diff).mean():.3f}, 90th pct {np.quantile(np.abs(diff), 0.9):.3f}")
    if args.write:
        WEIGHTS_FILE.write_text(json.dumps({"weights": weights}, indent=1) + "\n",
                                encoding="utf-8")
        write_manifest(WEIGHTS_FILE, data=[DATA / "train.queries.tsv", DATA / "train.qrels",
                                           DATA / "verified_claims.tsv"],
                       arguments=vars(args), score={"map@5_cv5_train": round(cv["MAP@5"], 4)})
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
