"""Shared loading and scoring for the CLEF-2020 CheckThat! Task 2 benchmark scripts."""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.cli.rank_cmd import read_tsv  # noqa: E402  (path set up above)

# CLEF_DATA names the folder itself; else FACTDESK_BENCH's (see bench_data.py)
DATA = Path(os.environ.get("CLEF_DATA", "")
            or Path(os.environ.get("FACTDESK_BENCH", "/work/shared/bench")) / "clef2020-task2")


def load(split: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]], dict[str, set[str]]]:
    """(queries, collection, gold) for ``split`` ('train' or 'dev'), read like `factdesk rank`."""
    queries = read_tsv(DATA / f"{split}.queries.tsv", "queries")
    collection = read_tsv(DATA / "verified_claims.tsv", "collection")
    gold: dict[str, set[str]] = defaultdict(set)
    for line in (DATA / f"{split}.qrels").read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] != "0":
            gold[parts[0]].add(parts[2])
    return queries, collection, dict(gold)


def evaluate(ranked: dict[str, list[str]], gold: dict[str, set[str]]) -> dict[str, float]:
    """MAP@1, MAP@5 and Recall@5 over the gold queries (missing queries count as zero)."""
    out = {"MAP@1": 0.0, "MAP@5": 0.0, "R@5": 0.0}
    for qid, rel in gold.items():
        docs = ranked.get(qid, [])
        for k in (1, 5):
            hits, ap = 0, 0.0
            for i, doc in enumerate(docs[:k], 1):
                if doc in rel:
                    hits += 1
                    ap += hits / i
            out[f"MAP@{k}"] += ap / len(rel)
        out["R@5"] += len(rel & set(docs[:5])) / len(rel)
    return {key: value / len(gold) for key, value in out.items()}
