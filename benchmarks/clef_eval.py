"""CLEF-2020 CheckThat! Task 2 (tweets vs verified claims): quality of the matching engine.

Runs, over one split (dev by default), the engine through the same code as
`factdesk rank --lexical`, plain BM25 (bm25s' own tokenizer, English stop words, claim +
title) and rapidfuzz token_set_ratio alone; prints MAP@1, MAP@5, Recall@5 and wall time.
Factdesk reads the tweets as clef_common.load cleans them, and its sentence model embeds them
with their signature date (clef_common.PastedTweets), as its weights were trained; the two
baselines read them as written.

    .venv/bin/python benchmarks/clef_eval.py [--split dev] [--semantic]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from clef_common import PastedTweets, evaluate, load, tweets


def run_engine(queries, collection) -> dict[str, list[str]]:
    from desktop.cli.rank_cmd import rank

    ranked: dict[str, list[str]] = {}
    for m in rank(queries, collection, top=1000):
        ranked.setdefault(m.claim_id, []).append(m.passage_id)
    return ranked


def run_bm25(queries, collection) -> dict[str, list[str]]:
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([t for _, t in collection], stopwords="en",
                                   show_progress=False), show_progress=False)
    docs, _ = retriever.retrieve(bm25s.tokenize([t for _, t in queries], stopwords="en",
                                                show_progress=False), k=10, show_progress=False)
    rows = zip(queries, docs, strict=True)
    return {qid: [collection[i][0] for i in row] for (qid, _), row in rows}


def run_fuzzy(queries, collection) -> dict[str, list[str]]:
    import numpy as np
    from rapidfuzz import fuzz, process, utils

    matrix = process.cdist([t for _, t in queries], [t for _, t in collection],
                           scorer=fuzz.token_set_ratio, processor=utils.default_process,
                           workers=-1)
    ranked = {}
    for (qid, _), row in zip(queries, matrix, strict=True):
        order = np.lexsort((np.arange(len(row)), -row))[:10]
        ranked[qid] = [collection[i][0] for i in order]
    return ranked


def run_semantic(queries, collection, cosine_only: bool = False) -> dict[str, list[str]]:
    """Engine + sentence-model fusion (as `factdesk rank --semantic`), or with ``cosine_only``
    the cosine alone over the engine's BM25 top-100 candidates."""
    from desktop.matching.semantic import default_cache_dir, load_encoder
    from desktop.matching.semantic_rerank import SemanticRanker

    cache = default_cache_dir()
    ranker = SemanticRanker(depth=100, encoder=PastedTweets(load_encoder(cache)),
                            query_encoder=PastedTweets(load_encoder(cache, query=True)))
    method = ranker.rank_by_cosine if cosine_only else ranker.rank
    ranked: dict[str, list[str]] = {}
    for m in method(queries, collection, top_k=100):
        ranked.setdefault(m.claim_id, []).append(m.passage_id)
    return ranked


SYSTEMS: dict[str, Callable] = {"engine": run_engine, "bm25": run_bm25,
                                "token_set_ratio": run_fuzzy}
AS_WRITTEN = {"bm25", "token_set_ratio"}  # baselines with their own tokenisers
# Need the factdesk[semantic] extra; added by --semantic.
SEMANTIC: dict[str, Callable] = {
    "engine+semantic": run_semantic,
    "semantic@bm25": lambda q, c: run_semantic(q, c, cosine_only=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--systems", nargs="+", default=list(SYSTEMS), choices=list(SYSTEMS))
    parser.add_argument("--semantic", action="store_true",
                        help="also run the semantic systems (embeddings cached in user data)")
    args = parser.parse_args()
    if args.semantic:
        args.systems += list(SEMANTIC)
        SYSTEMS.update(SEMANTIC)
    queries, collection, gold = load(args.split)
    written = tweets(args.split)
    print(f"split={args.split} queries={len(queries)} collection={len(collection)}")
    print(f"{'system':<16} {'MAP@1':>6} {'MAP@5':>6} {'R@5':>6} {'time s':>7}")
    for name in args.systems:
        start = time.perf_counter()
        ranked = SYSTEMS[name](written if name in AS_WRITTEN else queries, collection)
        elapsed = time.perf_counter() - start
        m = evaluate(ranked, gold)
        print(f"{name:<16} {m['MAP@1']:6.3f} {m['MAP@5']:6.3f} {m['R@5']:6.3f} {elapsed:7.1f}")


if __name__ == "__main__":
    main()
