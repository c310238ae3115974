"""Shared loading and scoring for the CLEF-2020 CheckThat! Task 2 benchmark scripts.

The queries are pasted tweets, a format of this benchmark, not of Factdesk: their cleaning lives
here. The lexical engine reads ``lexical_text`` (what ``load`` returns); the sentence model
embeds ``tweet_text`` (through ``PastedTweets``), the views the shipped weights were trained on.
"""

from __future__ import annotations

import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.cli.rank_cmd import read_tsv  # noqa: E402  (path set up above)

# CLEF_DATA names the folder itself; else FACTDESK_BENCH's (see bench_data.py)
DATA = Path(os.environ.get("CLEF_DATA", "")
            or Path(os.environ.get("FACTDESK_BENCH", "/work/shared/bench")) / "clef2020-task2")


# A tweet's attached picture: a link written without a scheme, often glued to the word before
# ("#TrumpParadeFailpic.twitter.com/FD4").
_PICTURE = re.compile(r"pic\.twitter\.com/\S+")
# "— Jane Doe (@jdoe) January 6, 2020" ends a pasted tweet: the author is often the subject of
# the claim, so the name stays; the posting date says nothing about the claim and goes.
_SIGNATURE = re.compile(r"[—–]\s*[^—–\n]{0,100}\(@\w+\)(\s*[A-Za-z]+\.?\s+\d{1,2},\s*\d{4}\s*)$")


def tweet_text(text: str) -> str:
    """A tweet as the sentence model reads it: picture links dropped, the signature kept."""
    return _PICTURE.sub(" ", text) if "pic.twitter" in text else text


def lexical_text(text: str) -> str:
    """A tweet as the lexical engine reads it: picture links and the signature's date
    dropped (the author's name and handle stay)."""
    sig = _SIGNATURE.search(text) if "(@" in text else None
    return tweet_text(text[:sig.start(1)] if sig else text)


def tweets(split: str) -> list[tuple[str, str]]:
    """The tweets of ``split`` as written in the data, read like `factdesk rank`."""
    return read_tsv(DATA / f"{split}.queries.tsv", "queries")


def load(split: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]], dict[str, set[str]]]:
    """(queries, collection, gold) for ``split`` ('train' or 'dev'), read like `factdesk rank`;
    the queries are the tweets' ``lexical_text``."""
    queries = [(qid, lexical_text(text)) for qid, text in tweets(split)]
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


class PastedTweets:
    """An encoder (for ``SemanticRanker``) that embeds each tweet of the benchmark from its
    ``tweet_text``, signature date included, when asked for its ``lexical_text``: the sentence
    model's query update and fusion weights were trained on that view. Other texts pass
    through to ``encoder`` unchanged."""

    def __init__(self, encoder: Any, texts: Iterable[str] | None = None) -> None:
        from desktop.matching.semantic_rerank import embed_text

        if texts is None:  # every tweet of the benchmark
            texts = [text for split in ("train", "dev") for _, text in tweets(split)]
        self.encoder = encoder
        self.pasted: dict[str, str] = {}
        for text in texts:
            key, value = embed_text(lexical_text(text)), embed_text(tweet_text(text))
            if self.pasted.setdefault(key, value) != value:
                raise ValueError(f"two tweets read alike but embed differently: {key!r}")

    def encode(self, texts: Sequence[str]) -> Any:
        return self.encoder.encode([self.pasted.get(text, text) for text in texts])
