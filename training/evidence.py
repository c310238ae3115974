"""Fit the evidence scorer's pair weights on CLIMATE-FEVER train (claims -> evidence sentences).

Candidates are what the app scores: BM25 top ``depth`` and the ``neighbours`` nearest by
cosine, for every train claim against every distinct evidence sentence. Positives are the
claim's SUPPORTS / REFUTES sentences. A pointwise logistic over the candidates makes the score
a probability that a candidate bears on the claim. Recall@5 is cross-validated by claim.

    python training/evidence.py [--folds 5] [--l2 0.01] [--write]

Claims are embedded as the app embeds them, with the claim-side update
(training/evidence_update.py); here each train claim by the update trained without it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path[:0] = [str(Path(__file__).resolve().parent.parent),
                str(Path(__file__).resolve().parent.parent / "benchmarks")]

from bench_data import BENCH, OUT, clef2020, clef2021, climate_fever  # noqa: E402
from fit import folds_of, logistic, write_manifest  # noqa: E402

from desktop.matching import MatchEngine  # noqa: E402
from desktop.matching.evidence import FEATURES, WEIGHTS_FILE, EvidenceScorer, sigmoid  # noqa: E402

CACHE = OUT / "embeddings"
OOF = OUT / "evidence_lora_oof.npz"  # written by training/evidence_update.py --folds


def bench_vectors():
    """texts -> unit vectors through the benchmark embedding cache (embedded once)."""
    from desktop.matching.semantic import load_encoder
    from desktop.matching.semantic_rerank import embed_text

    enc = load_encoder(CACHE)
    return lambda texts: enc.encode([embed_text(t) for t in texts])


def centre_of(vectors) -> np.ndarray:
    """Mean vector of a fixed mix of texts: the CLIMATE-FEVER sentences and the first 5,000
    verified claims of each CLEF collection (claims and sentences, several topics)."""
    texts = [t for _, t in climate_fever("train", collection_of=("train",))[1]]
    texts += [t for _, t in clef2021()[1][:5000]] + [t for _, t in clef2020("train")[1][:5000]]
    return vectors(texts).mean(0)


def oof_claim_vectors():
    """texts -> each train claim's vector under the claim-side update trained without it
    (training/evidence_update.py --folds), so the weights learn how far to trust the tuned
    cosine on claims the update never saw, as in the app."""
    if not OOF.is_file():
        raise SystemExit(f"{OOF} is missing: run training/evidence_update.py --folds 5 first")
    queries = dict(climate_fever("train", collection_of=("train",))[0])
    with np.load(OOF) as data:
        by_text = {queries[str(q)]: v for q, v in zip(data["qids"], data["vectors"], strict=True)}
    return lambda texts: np.stack([by_text[t] for t in texts])


def candidates(split: str, depth: int, neighbours: int, vectors=None, centre=None,
               claim_vectors=None):
    """(query ids, pairs (claim row, passage row), features, labels, gold counts)."""
    # Ranked against the train split's sentences only: nothing of dev is read here.
    queries, collection, gold, _ = climate_fever(split, collection_of=(split,))
    scorer = EvidenceScorer(MatchEngine(weak=0.0, strong=1.0), vectors or bench_vectors(),
                            depth=depth, neighbours=neighbours,
                            weights=dict.fromkeys(FEATURES, 0.0), centre=centre,
                            claim_vectors=claim_vectors)
    cdocs, pdocs, pairs, feats = scorer.pairs(queries, collection)
    qids = [d.id for d in cdocs]
    pids = [d.id for d in pdocs]
    labels = np.array([pids[p] in gold[qids[c]] for c, p in pairs], dtype=float)
    counts = np.array([len(gold[q]) for q in qids])
    return qids, pairs, feats, labels, counts


def recall_at(pairs: np.ndarray, scores: np.ndarray, labels: np.ndarray, counts: np.ndarray,
              k: int = 5) -> float:
    """Mean over claims of (relevant among the top k) / (relevant); missing ones count zero."""
    order = np.lexsort((pairs[:, 1], -scores, pairs[:, 0]))
    hits = np.zeros(len(counts))
    seen = np.zeros(len(counts), dtype=int)
    for i in order:
        c = pairs[i, 0]
        if seen[c] < k:
            seen[c] += 1
            hits[c] += labels[i]
    return float(np.mean(hits / counts))


def prior_weights(labels: np.ndarray, prior: float) -> np.ndarray:
    """Sample weights giving the positives a share ``prior`` of the total: the score is then
    calibrated to a pool where that share of candidates bears on the claim, as the lexical
    engine's is (1 in 10), whatever the share in the training collection."""
    pos = labels.sum()
    return np.where(labels > 0, prior / pos, (1 - prior) / (len(labels) - pos))


def floored(feats: np.ndarray, w: np.ndarray) -> np.ndarray:
    """A variant tried and not shipped: the fused probability, never below the engine's."""
    return np.maximum(sigmoid(feats @ w), feats[:, FEATURES.index("engine")])


def cross_validate(qids, pairs, feats, labels, counts, folds: int, l2: float,
                   prior: float) -> tuple[float, float]:
    """Out-of-fold Recall@5 of the fused probability (the shipped score, as
    `EvidenceScorer` computes it), and of the floored variant."""
    fold = folds_of(qids, folds)[pairs[:, 0]]
    alone, floor = np.zeros(len(labels)), np.zeros(len(labels))
    for f in range(folds):
        tr = fold != f
        w = logistic(feats[tr], labels[tr], l2, sample_weight=prior_weights(labels[tr], prior))
        alone[~tr] = sigmoid(feats[~tr] @ w)
        floor[~tr] = floored(feats[~tr], w)
    return (recall_at(pairs, alone, labels, counts), recall_at(pairs, floor, labels, counts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--prior", type=float, default=0.1,
                        help="share of candidates bearing on the claim the score is "
                             "calibrated to (default: 0.1, as the lexical engine)")
    parser.add_argument("--depth", type=int, default=30)
    parser.add_argument("--neighbours", type=int, default=30)
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS_FILE.name}")
    parser.add_argument("--plain", action="store_true",
                        help="plain cosine (no centre subtracted)")
    parser.add_argument("--plain-claims", action="store_true",
                        help="claims embedded by the plain model (no claim-side update)")
    args = parser.parse_args()
    vectors = bench_vectors()
    centre = None if args.plain else centre_of(vectors)
    claim_vectors = None if args.plain_claims else oof_claim_vectors()
    qids, pairs, feats, labels, counts = candidates("train", args.depth, args.neighbours,
                                                    vectors, centre, claim_vectors)
    print(f"train claims {len(qids)}, candidate pairs {len(labels)}, "
          f"candidate recall {labels.sum() / counts.sum():.3f}")
    cos = feats[:, FEATURES.index("cos")]
    print(f"cosine alone R@5 {recall_at(pairs, cos, labels, counts):.3f}; "
          f"engine alone {recall_at(pairs, feats[:, 2] + 1e-3 * cos, labels, counts):.3f}")
    cv, floor = cross_validate(qids, pairs, feats, labels, counts, args.folds, args.l2,
                               args.prior)
    print(f"{args.folds}-fold CV R@5: fusion {cv:.3f} (shipped), max(fusion, engine) {floor:.3f} "
          f"(l2 {args.l2}, prior {args.prior})")
    w = logistic(feats, labels, args.l2, sample_weight=prior_weights(labels, args.prior))
    weights = {name: round(float(v), 5) for name, v in zip(FEATURES, w, strict=True)}
    print("weights", weights)
    if args.write:
        data = {"features": list(FEATURES), "weights": weights,
                "centre": None if centre is None else [round(float(v), 6) for v in centre]}
        WEIGHTS_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        if args.plain_claims:
            raise SystemExit("--write needs the claim-side update's vectors (no --plain-claims)")
        write_manifest(WEIGHTS_FILE, data=[BENCH / "climate-fever" / "train.jsonl",
                                           BENCH / "clef2021-task2b" / "verified_claims.tsv",
                                           BENCH / "clef2020-task2" / "verified_claims.tsv"],
                       arguments=vars(args) | {"write": True},
                       score={f"recall@5_cv{args.folds}_train": round(cv, 4)})
        print(f"wrote {WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
