"""CLEF-2021 CheckThat! Task 2B: debate sentences -> PolitiFact verified claims (checked before).

Runs over the 591 train+dev sentences (nothing here is tuned on them): plain BM25 over claim +
title, the lexical engine, the checked-before ranker (`factdesk rank`, the default task) and, for
comparison, the evidence scorer (`--task evidence`). Prints MAP@1, MAP@5, Recall@5, time, and
MAP@5 averaged over debates (each debate one fold, as cross-validation by debate would group
them).

    .venv/bin/python benchmarks/clef2021_eval.py

Embeddings are cached under benchmarks/out/ (benchmarks/embed_bench.py clef2021 fills it).
"""

from __future__ import annotations

import os
import time
from collections import defaultdict

from bench_data import OUT, clef2021, debate
from clef_common import evaluate

os.environ.setdefault("FACTDESK_HOME", str(OUT))  # rank's embedding cache: benchmarks/out/


def by_query(matches) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in matches:
        out.setdefault(m.claim_id, []).append(m.passage_id)
    return out


def run_bm25(queries, collection):
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([t for _, t in collection], stopwords="en",
                                   show_progress=False), show_progress=False)
    docs, _ = retriever.retrieve(bm25s.tokenize([t for _, t in queries], stopwords="en",
                                                show_progress=False), k=10, show_progress=False)
    return {qid: [collection[i][0] for i in row] for (qid, _), row in zip(queries, docs,
                                                                          strict=True)}


def run_rank(queries, collection, semantic: bool, task: str):
    from desktop.cli.rank_cmd import rank

    return by_query(rank(queries, collection, top=10, semantic=semantic, task=task))


SYSTEMS = {
    "bm25": run_bm25,
    "engine (lexical)": lambda q, c: run_rank(q, c, False, "checked-before"),
    "checked-before": lambda q, c: run_rank(q, c, True, "checked-before"),
    "evidence scorer": lambda q, c: run_rank(q, c, True, "evidence"),
}


def main() -> None:
    queries, collection, gold = clef2021()
    print(f"sentences={len(queries)} collection={len(collection)} "
          f"debates={len({debate(q) for q, _ in queries})}")
    print(f"{'system':<18} {'MAP@1':>6} {'MAP@5':>6} {'R@5':>6} {'debate-avg MAP@5':>17} "
          f"{'time s':>7}")
    for name, system in SYSTEMS.items():
        start = time.perf_counter()
        ranked = system(queries, collection)
        took = time.perf_counter() - start
        m = evaluate(ranked, gold)
        groups: dict[str, dict] = defaultdict(dict)
        for qid, rel in gold.items():
            groups[debate(qid)][qid] = rel
        per = [evaluate(ranked, g)["MAP@5"] for g in groups.values()]
        print(f"{name:<18} {m['MAP@1']:6.3f} {m['MAP@5']:6.3f} {m['R@5']:6.3f} "
              f"{sum(per) / len(per):17.3f} {took:7.1f}")


if __name__ == "__main__":
    main()
