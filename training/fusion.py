"""Learn the semantic fusion weights on the CLEF-2020 Task 2 TRAIN split (dev is never read).

For every train tweet, the engine's BM25 top-``depth`` candidates and the ``--neighbours``
nearest texts by its tuned query vector (out of fold, from benchmarks/semantic_finetune.py
--folds 5) get the fusion features of ``desktop.matching.semantic_rerank`` (cosines, engine
score, ranks and gaps). A listwise softmax
model (numpy Newton steps, L2) learns to put the gold claim first; a 1-D logistic fit then
scales the fused value into a calibrated score (Platt). Prints 5-fold cross-validated MAP@5 on
train for the fusion, the engine order and cosine alone; --write stores the weights in
desktop/matching/semantic_weights.json. Rerun whenever the lexical engine's scores change.

    .venv/bin/python training/fusion.py --l2 0.1 --neighbours 5 [--write]
"""

from __future__ import annotations

import argparse
import json
import pprint
import sys
import time
from pathlib import Path

import numpy as np

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1]),
                str(Path(__file__).resolve().parents[1] / "benchmarks")]

from bench_data import OUT  # noqa: E402
from clef_common import DATA, ROOT, PastedTweets, evaluate, load  # noqa: E402
from fit import write_manifest  # noqa: E402

from desktop.matching.semantic import load_encoder  # noqa: E402
from desktop.matching.semantic_rerank import FEATURES, SemanticRanker, embed_text  # noqa: E402

WEIGHTS_FILE = ROOT / "desktop" / "matching" / "semantic_weights.json"
OOF = OUT / "query_lora_oof.npz"  # written by training/query_update.py --folds 5


class OutOfFold:
    """Query vectors of the train tweets under a tuned query encoder that did not see them
    (benchmarks/semantic_finetune.py --folds 5), looked up by text; others (tweets without
    gold, never tuned on) from the plain encoder. The shipped update saw every train tweet, so
    its own vectors for them would teach the fusion to trust it too much."""

    def __init__(self, texts: dict[str, str], plain) -> None:
        if not OOF.is_file():
            raise SystemExit(f"missing {OOF}: run training/query_update.py --folds 5")
        with np.load(OOF) as data:
            self.vectors = {embed_text(texts[q]): v for q, v in
                            zip(data["qids"].tolist(), data["vectors"], strict=True)}
        self.plain = plain

    def encode(self, texts: list[str]) -> np.ndarray:
        out = self.plain.encode(texts)
        for row, text in enumerate(texts):
            if text in self.vectors:
                out[row] = self.vectors[text]
        return out


def extract(depth: int, cache: bool, neighbours: int = 0):
    """Per-query (id, feature matrix, labels, candidate ids) lists, and the gold pairs."""
    queries, collection, gold = load("train")
    # tweets embedded with their signature date, as the query update was trained
    encoder = PastedTweets(load_encoder(OUT / "embeddings" if cache else None))
    ranker = SemanticRanker(depth=depth, encoder=encoder, weights={}, neighbours=neighbours,
                            query_encoder=OutOfFold(dict(queries), encoder))
    index, lists = ranker.candidates(queries, collection)
    out = []
    for c in lists:
        ids = [index.docs[r].id for r in c.rows]
        labels = np.array([1.0 if i in gold.get(c.query_id, ()) else 0.0 for i in ids])
        out.append((c.query_id, c.features, labels, ids))
    found = sum(1 for *_, y, _ in out if y.any())
    print(f"train: {len(queries)} queries, candidate recall@{depth} = {found / len(gold):.3f}")
    return out, gold


def fit_listwise(data, l2: float, iters: int = 30) -> np.ndarray:
    """Weights maximising the softmax probability of the gold candidates within each list."""
    usable = [(x, y / y.sum()) for _, x, y, _ in data if y.any()]
    dim = usable[0][0].shape[1]
    reg = np.full(dim, l2)
    reg[0] = 0.0  # the bias cancels inside a softmax; Platt sets it
    w = np.zeros(dim)

    def loss_grad_hess(w: np.ndarray):
        loss, grad, hess = 0.5 * reg @ w**2, reg * w, np.diag(reg + 1e-6)
        for x, y in usable:
            z = x @ w
            z = z - z.max()
            p = np.exp(z)
            p /= p.sum()
            loss -= y @ (z - np.log(np.exp(z).sum()))
            grad += x.T @ (p - y)
            xp = x.T @ p
            hess += (x * p[:, None]).T @ x - np.outer(xp, xp)
        return loss, grad, hess

    for _ in range(iters):
        loss, grad, hess = loss_grad_hess(w)
        step = np.linalg.solve(hess, grad)
        t = 1.0
        while t > 1e-4 and loss_grad_hess(w - t * step)[0] > loss - 1e-4 * t * grad @ step:
            t /= 2
        w -= t * step
        if np.abs(t * step).max() < 1e-7:
            break
    return w


def fit_platt(data, w: np.ndarray, iters: int = 50) -> tuple[float, float]:
    """a, b so that sigmoid(a * (x @ w) + b) is the probability that a candidate is gold."""
    z = np.concatenate([x @ w for _, x, _, _ in data])
    y = np.concatenate([labels for _, _, labels, _ in data])
    z0 = z - z.mean()
    x = np.column_stack([z0, np.ones_like(z0)])
    ab = np.zeros(2)
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(x @ ab)))
        grad = x.T @ (p - y)
        hess = (x * (p * (1 - p))[:, None]).T @ x + 1e-6 * np.eye(2)
        ab -= np.linalg.solve(hess, grad)
    a, b = float(ab[0]), float(ab[1] - ab[0] * z.mean())
    return a, b


def ranked_by(data, score) -> dict[str, list[str]]:
    out = {}
    for qid, x, _, ids in data:
        s = score(x)
        order = np.lexsort((np.arange(len(s)), -s))
        out[qid] = [ids[i] for i in order]
    return out


def cross_validate(data, gold, l2: float, folds: int = 5) -> float:
    """Mean MAP@5 over query folds, each scored by weights fitted on the other folds."""
    rng = np.random.default_rng(0)
    fold_of = rng.permutation(len(data)) % folds
    total = 0.0
    for k in range(folds):
        train = [d for d, f in zip(data, fold_of, strict=True) if f != k]
        test = [d for d, f in zip(data, fold_of, strict=True) if f == k]
        w = fit_listwise(train, l2)
        test_gold = {d[0]: gold[d[0]] for d in test if d[0] in gold}
        total += evaluate(ranked_by(test, lambda x, w=w: x @ w), test_gold)["MAP@5"]
    return total / folds


def write(weights: dict[str, float], args: argparse.Namespace, cv: float) -> None:
    WEIGHTS_FILE.write_text(json.dumps({"neighbours": args.neighbours, "depth": args.depth,
                                        "l2": args.l2, "weights": weights}, indent=1) + "\n",
                            encoding="utf-8")
    write_manifest(WEIGHTS_FILE, data=[DATA / "train.queries.tsv", DATA / "train.qrels",
                                       DATA / "verified_claims.tsv"],
                   arguments=vars(args), score={"map@5_cv5_train": round(cv, 4)})
    print(f"wrote {WEIGHTS_FILE}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=100)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--neighbours", type=int, default=0,
                        help="also rank the N nearest collection texts by cosine")
    parser.add_argument("--no-cache", action="store_true",
                        help="do not read or write the embedding cache (benchmarks/out/)")
    parser.add_argument("--write", action="store_true", help="store the learned weights")
    args = parser.parse_args()
    start = time.perf_counter()
    data, gold = extract(args.depth, not args.no_cache, args.neighbours)
    print(f"features extracted in {time.perf_counter() - start:.1f} s")
    col = {name: i for i, name in enumerate(FEATURES)}
    for name in ("engine", "bm25_rank", "cos", "qcos"):
        sign = -1.0 if name.endswith("rank") else 1.0
        m = evaluate(ranked_by(data, lambda x, c=col[name], s=sign: s * x[:, c]), gold)
        print(f"train MAP@5 ordering by {name:<10} {m['MAP@5']:.3f}")
    cv = cross_validate(data, gold, args.l2)
    print(f"train 5-fold CV MAP@5, fusion (l2={args.l2}): {cv:.3f}")
    w = fit_listwise(data, args.l2)
    a, b = fit_platt(data, w)
    final = w * a
    final[0] += b
    weights = {name: round(float(v), 5) for name, v in zip(FEATURES, final, strict=True)}
    pprint.pprint(weights, sort_dicts=False)
    if args.write:
        write(weights, args, cv)


if __name__ == "__main__":
    main()
