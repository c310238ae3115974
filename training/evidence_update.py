"""Tune the claim side of the sentence model for the evidence task on CLIMATE-FEVER train (LoRA).

The evidence scorer compares a claim's vector with a passage's. Under the plain
all-MiniLM-L6-v2 a claim is often nearer to topical sentences that say nothing about it than
to its evidence (docs/benchmarks.md). Here the claim side gets a small low-rank update (LoRA,
as training/query_update.py does for the checked-before task), the passages' vectors held
fixed, so passages already stored in a workspace keep their vectors: for each train claim,
softmax over one of its SUPPORTS / REFUTES sentences against its NOT_ENOUGH_INFO sentences
(the same topic, no bearing: exactly the confusion to unlearn), the train sentences nearest to
it by BM25 and by plain cosine, and other claims' evidence in the batch. Cosines are taken
after the scorer's fixed centre is subtracted, as the scorer takes them. Only the update is
stored (``desktop/matching/evidence_lora.npz``, float16); torch is needed here only:

    python training/evidence_update.py --folds 5   # out-of-fold claim vectors on train
    python training/evidence_update.py --write     # train on all of train, store

``--folds`` writes each train claim's vector under a model that did not see that claim
(``benchmarks/out/evidence_lora_oof.npz``), from which training/evidence.py cross-validates
the pair weights on what unseen claims look like. The dev split is never read here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1]),
                str(Path(__file__).resolve().parents[1] / "benchmarks")]

from bench_data import BENCH, climate_fever  # noqa: E402
from evidence import OOF, bench_vectors, centre_of  # noqa: E402
from fit import folds_of, write_manifest  # noqa: E402
from query_update import (  # noqa: E402
    FIRST,
    QueryEncoder,
    fit,
    lora_arguments,
    save_update,
    vectors,
)

from desktop.matching import MatchEngine  # noqa: E402
from desktop.matching.index import analyse  # noqa: E402
from desktop.matching.semantic import EVIDENCE_UPDATE  # noqa: E402
from desktop.matching.semantic_rerank import embed_text  # noqa: E402


def prepare(depth: int, near: int):
    """Train claims as (qid, text, gold rows, negative rows), the collection's centred unit
    vectors (torch) and the centre."""
    queries, collection, gold, labels = climate_fever("train", collection_of=("train",))
    embed = bench_vectors()
    centre = centre_of(embed)
    col = embed([t for _, t in collection]) - centre
    col /= np.linalg.norm(col, axis=1, keepdims=True)
    row_of = {d: i for i, (d, _) in enumerate(collection)}
    engine = MatchEngine(weak=0.0, strong=1.0, depth=depth)
    index = engine.index(collection)
    lexical = [[r for r, _ in index.candidates(q.terms, depth)]
               for q in analyse(engine.analyzer, queries)]
    plain = embed([t for _, t in queries]) - centre
    plain /= np.linalg.norm(plain, axis=1, keepdims=True)
    dense = np.argsort(-(plain @ col.T), axis=1)[:, :near].tolist()
    unrelated: dict[str, list[int]] = {}  # claim -> its NOT_ENOUGH_INFO sentences' rows
    for (q, d), lab in labels.items():
        if lab == "NOT_ENOUGH_INFO":
            unrelated.setdefault(q, []).append(row_of[d])
    items = []
    for (qid, text), lex, den in zip(queries, lexical, dense, strict=True):
        rows = sorted(row_of[g] for g in gold[qid])
        neg = [r for r in dict.fromkeys([*unrelated.get(qid, []), *lex, *den]) if r not in rows]
        items.append((qid, embed_text(text), rows, neg))
    return items, torch.from_numpy(col), centre


def centred(q: torch.Tensor, centre: torch.Tensor) -> torch.Tensor:
    return nn.functional.normalize(q - centre, dim=-1)


def train(items, col, centre, args, seed: int = 0) -> QueryEncoder:
    c = torch.from_numpy(centre)

    def batch_loss(vectors: torch.Tensor, batch) -> torch.Tensor:
        q = centred(vectors, c)
        others = sorted({r for _, _, rows, _ in batch for r in rows})
        loss = torch.zeros(())
        for j, (_, _, rows, neg) in enumerate(batch):
            pool = neg[:args.negatives] + [r for r in others if r not in rows]
            logits_neg = col[pool] @ q[j]
            # every relevant sentence against the same negatives: one softmax each
            for r in rows:
                logits = args.scale * torch.cat([(col[r] @ q[j])[None], logits_neg])
                loss = loss + nn.functional.cross_entropy(logits[None], FIRST) / len(rows)
        return loss

    return fit(items, args, seed, batch_loss)


def recall5(items, claim_vecs: np.ndarray, col: np.ndarray, centre: np.ndarray) -> float:
    """Recall@5 of the centred cosine alone over the whole train collection."""
    q = claim_vecs - centre
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    top = np.argsort(-(q @ col.T), axis=1)[:, :5]
    return float(np.mean([len(set(t.tolist()) & set(rows)) / len(rows)
                          for t, (_, _, rows, _) in zip(top, items, strict=True)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=30, help="BM25 negatives per claim")
    parser.add_argument("--near", type=int, default=30, help="plain-cosine negatives per claim")
    parser.add_argument("--negatives", type=int, default=60, help="negatives used per claim")
    lora_arguments(parser, epochs=2)
    parser.add_argument("--write", action="store_true",
                        help=f"train on all, store {EVIDENCE_UPDATE.name}")
    args = parser.parse_args()
    start = time.perf_counter()
    items, col, centre = prepare(args.depth, args.near)
    print(f"{len(items)} train claims prepared in {time.perf_counter() - start:.0f} s")
    base = QueryEncoder(args.rank, args.alpha).eval()
    print(f"train R@5, centred cosine, plain model: "
          f"{recall5(items, vectors(base, items), col.numpy(), centre):.3f}")
    if args.folds:
        fold = folds_of([qid for qid, *_ in items], args.folds)
        oof = np.zeros((len(items), col.shape[1]), dtype=np.float32)
        for k in range(args.folds):
            held = [i for i in range(len(items)) if fold[i] == k]
            model = train([items[i] for i in range(len(items)) if fold[i] != k], col, centre,
                          args, k)
            oof[held] = vectors(model, [items[i] for i in held])
            print(f"fold {k}: {time.perf_counter() - start:.0f} s", flush=True)
        print(f"train {args.folds}-fold CV R@5, centred cosine, tuned claims: "
              f"{recall5(items, oof, col.numpy(), centre):.3f}")
        OOF.parent.mkdir(parents=True, exist_ok=True)
        np.savez(OOF, qids=np.array([qid for qid, *_ in items]), vectors=oof)
        print(f"wrote {OOF}")
    if args.write:
        model = train(items, col, centre, args)
        save_update(model, EVIDENCE_UPDATE, args.rank)
        write_manifest(EVIDENCE_UPDATE, data=[BENCH / "climate-fever" / "train.jsonl"],
                       arguments=vars(args),
                       score={"note": "cross-validated R@5 printed by --folds; see "
                                      "docs/benchmarks.md"})
        print(f"wrote {EVIDENCE_UPDATE} in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
