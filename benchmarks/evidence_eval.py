"""The *evidence* task on CLIMATE-FEVER: claims -> evidence sentences that support or refute them.

Collection: every distinct evidence sentence of the given splits ("article: sentence"); relevant:
the claim's SUPPORTS / REFUTES sentences. Systems: plain BM25 (bm25s, English stop words), the
lexical engine, the sentence model's cosine alone, and the app's evidence scorer (`factdesk
rank --task evidence`, the same code as suggested evidence). Prints Recall@5, MAP@5, time.

    .venv/bin/python benchmarks/evidence_eval.py [--split dev]

Embeddings are cached under benchmarks/out/ (benchmarks/embed_bench.py fills the cache).
"""

from __future__ import annotations

import argparse
import os
import time

from bench_data import OUT, climate_fever

os.environ.setdefault("FACTDESK_HOME", str(OUT))  # rank's embedding cache: benchmarks/out/


def measures(ranked: dict[str, list[str]], gold: dict[str, set[str]]) -> dict[str, float]:
    r5 = ap5 = 0.0
    for qid, rel in gold.items():
        docs = ranked.get(qid, [])[:5]
        r5 += len(rel & set(docs)) / len(rel)
        hits, ap = 0, 0.0
        for i, doc in enumerate(docs, 1):
            if doc in rel:
                hits += 1
                ap += hits / i
        ap5 += ap / min(len(rel), 5)
    return {"R@5": r5 / len(gold), "MAP@5": ap5 / len(gold)}


def by_query(matches) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in matches:
        out.setdefault(m.claim_id, []).append(m.passage_id)
    return out


def run_bm25(queries, collection) -> dict[str, list[str]]:
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([t for _, t in collection], stopwords="en",
                                   show_progress=False), show_progress=False)
    docs, _ = retriever.retrieve(bm25s.tokenize([t for _, t in queries], stopwords="en",
                                                show_progress=False), k=10, show_progress=False)
    return {qid: [collection[i][0] for i in row] for (qid, _), row in zip(queries, docs,
                                                                          strict=True)}


def run_cosine(queries, collection, claims: bool = False) -> dict[str, list[str]]:
    """Plain cosine; ``claims``: the claims embedded with the claim-side update."""
    import numpy as np

    from desktop.matching.semantic import default_cache_dir, load_encoder
    from desktop.matching.semantic_rerank import embed_text

    enc = load_encoder(default_cache_dir())
    q = load_encoder(default_cache_dir(), claims=claims).encode(
        [embed_text(t) for _, t in queries])
    c = enc.encode([embed_text(t) for _, t in collection])
    sims = q @ c.T
    return {qid: [collection[i][0] for i in np.argsort(-row, kind="stable")[:10]]
            for (qid, _), row in zip(queries, sims, strict=True)}


def run_rank(queries, collection, semantic: bool) -> dict[str, list[str]]:
    from desktop.cli.rank_cmd import rank

    return by_query(rank(queries, collection, top=10, semantic=semantic, task="evidence"))


SYSTEMS = {
    "bm25": run_bm25,
    "engine (lexical)": lambda q, c: run_rank(q, c, False),
    "cosine alone": run_cosine,
    "cosine, tuned claims": lambda q, c: run_cosine(q, c, claims=True),
    "evidence scorer": lambda q, c: run_rank(q, c, True),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    args = parser.parse_args()
    queries, collection, gold, _ = climate_fever(args.split)
    print(f"split={args.split} claims={len(queries)} collection={len(collection)}")
    print(f"{'system':<20} {'R@5':>6} {'MAP@5':>6} {'time s':>7}")
    for name, system in SYSTEMS.items():
        start = time.perf_counter()
        ranked = system(queries, collection)
        m = measures(ranked, gold)
        print(f"{name:<20} {m['R@5']:6.3f} {m['MAP@5']:6.3f} {time.perf_counter() - start:7.1f}")


if __name__ == "__main__":
    main()
