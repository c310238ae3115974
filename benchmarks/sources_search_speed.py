"""Speed of Tools → Search the sources (`desktop.core.passage_search`) in a large workspace.

A fresh SQLite workspace holds ``--passages`` source passages (real sentences: CLIMATE-FEVER
evidence and CLEF verified claims, repeated as needed, 300 passages a source) whose vectors are
stored, as matching leaves them. With the sentence model loaded (the window has it from its
first match), times a claim's sentence, then a few words, then the first again, and prints the
peak memory of the searching process (the workspace is built by another).

    .venv/bin/python benchmarks/sources_search_speed.py [--passages 100000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_data import OUT, clef2020, clef2021, climate_fever

PER_SOURCE = 300


def build(folder: Path, n: int):
    from db.migrate import open_workspace
    from db.queries.documents import store_document
    from db.queries.embeddings import put_vectors
    from desktop.core.suggest import sentence_encoder
    from desktop.core.workspace_vectors import text_key
    from desktop.matching.semantic import CachedEncoder
    from desktop.matching.semantic_rerank import embed_text

    pool = [t.split(": ", 1)[1] for _, t in climate_fever("train")[1]]
    pool += [t for _, t in clef2021()[1]] + [t for _, t in clef2020("train")[1]]
    pool = [" ".join(t.split())[:600] for t in pool if t.strip()]
    ws = open_workspace(f"sqlite:///{folder / 'ws.sqlite'}", create=True)
    texts = [pool[i % len(pool)] for i in range(n)]
    for start in range(0, n, PER_SOURCE):
        part = texts[start:start + PER_SOURCE]
        spans, pos = [], 0
        for t in part:
            spans.append((pos, pos + len(t)))
            pos += len(t) + 1
        with ws.session() as s:
            store_document(s, text=" ".join(part), kind="source", actor="bench", spans=spans,
                           title=f"Source {start // PER_SOURCE + 1}")
    encoder = sentence_encoder()
    distinct = list(dict.fromkeys(embed_text(t) for t in texts))
    vecs = CachedEncoder(encoder, OUT / "embeddings").encode(distinct)
    with ws.session() as s:
        put_vectors(s, encoder.name, {text_key(t): v for t, v in zip(distinct, vecs, strict=True)})
    return ws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # the building process
    args = parser.parse_args()
    if args.build is not None:
        build(args.build, args.passages).dispose()
        return
    from db.migrate import open_workspace
    from desktop.core.passage_search import search_passages
    from desktop.core.suggest import claim_encoder, sentence_encoder

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        # built in a process of its own, so the peak below is the searching process's alone
        subprocess.run([sys.executable, __file__, "--passages", str(args.passages),
                        "--build", tmp], check=True)
        print(f"workspace of {args.passages:,} source passages built in "
              f"{time.perf_counter() - start:.0f} s")
        ws = open_workspace(f"sqlite:///{Path(tmp) / 'ws.sqlite'}")
        sentence_encoder().encode(["warm up"])
        claim_encoder().encode(["warm up"])
        queries = ("Global warming is driving polar bears toward extinction.",
                   "sea level", "Global warming is driving polar bears toward extinction.")
        for q in queries:
            start = time.perf_counter()
            found = search_passages(ws, q)
            took = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{q[:40]!r:44} {took:5.2f} s  {len(found.hits)} hits of "
                  f"{found.passages:,}  top {found.hits[0].score:.2f}  peak {peak:.0f} MB")
        ws.dispose()


if __name__ == "__main__":
    main()
