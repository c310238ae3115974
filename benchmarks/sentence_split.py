"""Sentence splitting: pysbd against sentencex on the project's own texts.

Compares the passages each gives through `desktop.ingest.sentences.sentence_spans` (same line
and chunk handling, only the splitter differs): how many texts split identically, and the
differing sentences; then the time to split about 1 MB of news text.

    PYTHONPATH=. python benchmarks/sentence_split.py [--mb 1.0] [--show 8]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path("/work/shared/bench")
sys.path.insert(0, str(ROOT))

from desktop.ingest.base import guess_language  # noqa: E402
from desktop.ingest.sentences import (  # noqa: E402
    segment_pysbd,
    segment_sentencex,
    sentence_spans,
)


def texts() -> dict[str, list[str]]:
    """Corpora: the seed article, the test suite's documents, verified-claim texts."""
    out: dict[str, list[str]] = {
        "seed article": [(ROOT / "seeds/fidan-gaza-interview.txt").read_text(encoding="utf-8")],
    }
    sys.path.insert(0, str(ROOT / "tests" / "reports"))
    from tests.reports.conftest import SOURCE_TEXT  # the report tests' later source

    out["report test source"] = [SOURCE_TEXT]
    for name, path in (("CLEF-2020 verified claims", BENCH / "clef2020-task2"),
                       ("CLEF-2021 verified claims", BENCH / "clef2021-task2b")):
        path = path / "verified_claims.tsv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                rows = csv.DictReader(fh, delimiter="\t")
                out[name] = [r["vclaim"] for r in rows if r.get("vclaim")]
    fever = BENCH / "climate-fever/dev.jsonl"
    if fever.exists():
        evidence = []
        for line in fever.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            evidence.append(" ".join(e["evidence"] for e in rec.get("evidences", [])))
        out["CLIMATE-FEVER dev evidence (5 per claim, joined)"] = evidence
    return out


def pieces(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


def compare(show: int) -> None:
    print("| texts | count | identical splits | sentences pysbd / sentencex |")
    print("| --- | --- | --- | --- |")
    examples: list[tuple[str, list[str], list[str]]] = []
    for name, docs in texts().items():
        same = n_a = n_b = 0
        for doc in docs:
            lang = guess_language(doc)
            a = sentence_spans(doc, lang, segment=segment_pysbd)
            b = sentence_spans(doc, lang, segment=segment_sentencex)
            n_a, n_b = n_a + len(a), n_b + len(b)
            if a == b:
                same += 1
            elif len(examples) < show:
                examples.append((name, pieces(doc, a), pieces(doc, b)))
        print(f"| {name} | {len(docs):,} | {same:,} ({same / len(docs):.1%}) | "
              f"{n_a:,} / {n_b:,} |")
    for name, a, b in examples:
        print(f"\n[{name}]\n  pysbd:     {a}\n  sentencex: {b}")


def speed(mb: float) -> None:
    seed = (ROOT / "seeds/fidan-gaza-interview.txt").read_text(encoding="utf-8")
    big = (seed + "\n") * int(mb * 2**20 / len((seed + "\n").encode()) + 1)
    print(f"\n1 MB test: the seed article repeated to {len(big.encode()) / 2**20:.2f} MB, "
          f"{len(big):,} characters")
    for name, seg in (("sentencex", segment_sentencex), ("pysbd", segment_pysbd)):
        sentence_spans(seed, "en", segment=seg)  # warm up (imports, rule compilation)
        t = time.perf_counter()
        n = len(sentence_spans(big, "en", segment=seg))
        print(f"  {name:>9}: {time.perf_counter() - t:6.2f} s, {n:,} passages")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--show", type=int, default=8, help="differing texts to print")
    args = ap.parse_args()
    compare(args.show)
    speed(args.mb)


if __name__ == "__main__":
    main()
