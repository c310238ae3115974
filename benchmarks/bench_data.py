"""Loaders for the public benchmark collections, each as ``(queries, collection, gold)``.

Every collection is read as `factdesk rank` reads TSV files, so a benchmark measures what the
command does. Where the data live: ``FACTDESK_BENCH`` (default ``/work/shared/bench``).

    queries, collection, gold = load("climate-fever", "dev")
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.cli.rank_cmd import read_tsv  # noqa: E402  (path set up above)

BENCH = Path(os.environ.get("FACTDESK_BENCH", "/work/shared/bench"))
OUT = ROOT / "benchmarks" / "out"  # git-ignored: caches and run files

Items = list[tuple[str, str]]
Gold = dict[str, set[str]]


def _qrels(path: Path) -> Gold:
    gold: Gold = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] != "0":
            gold[parts[0]].add(parts[2])
    return dict(gold)


def climate_fever(split: str, collection_of: tuple[str, ...] = ("train", "dev")
                  ) -> tuple[Items, Items, Gold, dict[tuple[str, str], str]]:
    """Claims of ``split`` with at least one SUPPORTS/REFUTES sentence, the collection of every
    distinct evidence sentence of the splits ``collection_of`` ("article: sentence"; the
    measurement ranks against train + dev, training against train alone), the relevant
    sentences per claim, and the stance label of every (claim, sentence) pair of the split."""
    collection: dict[str, str] = {}
    for name in collection_of:
        for rec in _jsonl(BENCH / "climate-fever" / f"{name}.jsonl"):
            for ev in rec["evidences"]:
                collection.setdefault(ev["evidence_id"], f"{ev['article']}: {ev['evidence']}")
    queries: Items = []
    gold: Gold = {}
    labels: dict[tuple[str, str], str] = {}
    for rec in _jsonl(BENCH / "climate-fever" / f"{split}.jsonl"):
        qid = f"cf{rec['claim_id']}"
        rel = set()
        for ev in rec["evidences"]:
            labels[(qid, ev["evidence_id"])] = ev["evidence_label"]
            if ev["evidence_label"] in ("SUPPORTS", "REFUTES"):
                rel.add(ev["evidence_id"])
        if rel:
            queries.append((qid, rec["claim"]))
            gold[qid] = rel
    ids = [i.replace(" ", "_") for i in collection]
    if len(set(ids)) != len(ids):
        raise SystemExit("evidence ids collide once spaces are replaced")
    fixed = {i: i.replace(" ", "_") for i in collection}
    gold = {q: {fixed[d] for d in rel} for q, rel in gold.items()}
    labels = {(q, fixed[d]): lab for (q, d), lab in labels.items()}
    return queries, [(fixed[i], t) for i, t in collection.items()], gold, labels


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def clef2021(split: str = "traindev") -> tuple[Items, Items, Gold]:
    """Debate sentences, PolitiFact verified claims (claim + title), gold pairs."""
    base = BENCH / "clef2021-task2b"
    return (read_tsv(base / f"{split}.queries.tsv", "queries"),
            read_tsv(base / "verified_claims.tsv", "collection"), _qrels(base / f"{split}.qrels"))


def clef2020(split: str) -> tuple[Items, Items, Gold]:
    """Tweets of ``split`` ('train' or 'dev'), verified claims, gold pairs."""
    base = BENCH / "clef2020-task2"
    return (read_tsv(base / f"{split}.queries.tsv", "queries"),
            read_tsv(base / "verified_claims.tsv", "collection"), _qrels(base / f"{split}.qrels"))


def debate(qid: str) -> str:
    """CLEF-2021 2B: the debate a sentence comes from (its id without the line number)."""
    return qid.rsplit("_", 1)[0]


def fold_of(key: str, folds: int) -> int:
    """A stable fold for cross-validation (sha256, so the same on every machine)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % folds


def sha256_of(*paths: Path) -> str:
    """One digest over the given data files (for manifests)."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()
