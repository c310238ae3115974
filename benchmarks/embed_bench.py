"""Embed the benchmark collections once into the on-disk cache (benchmarks/out/embeddings).

Every benchmark reads vectors from this cache, so a collection is embedded once per model:

    .venv/bin/python benchmarks/embed_bench.py [climate-fever clef2021 clef2020]
"""

from __future__ import annotations

import argparse
import time

from bench_data import OUT, clef2020, clef2021, climate_fever

CACHE = OUT / "embeddings"


def texts_of(name: str) -> tuple[list[str], list[str]]:
    """(collection texts, query texts) as the encoder sees them."""
    from desktop.matching.semantic_rerank import embed_text

    if name == "climate-fever":
        queries = climate_fever("train")[0] + climate_fever("dev")[0]
        collection = climate_fever("dev")[1]
    elif name == "clef2021":
        queries, collection, _ = clef2021()
    else:
        from clef_common import tweet_text

        queries = [(qid, tweet_text(text)) for split in ("train", "dev")
                   for qid, text in clef2020(split)[0]]
        collection = clef2020("dev")[1]
    return [embed_text(t) for _, t in collection], [embed_text(t) for _, t in queries]


def main() -> None:
    from desktop.matching.semantic import load_encoder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=["climate-fever", "clef2021", "clef2020"])
    parser.add_argument("--chunk", type=int, default=2000, help="texts per saved step")
    args = parser.parse_args()
    plain = load_encoder(CACHE)
    tuned = load_encoder(CACHE, query=True)
    for name in args.names:
        collection, queries = texts_of(name)
        start = time.perf_counter()
        for encoder, texts in ((plain, queries), (tuned, queries), (plain, collection)):
            for i in range(0, len(texts), args.chunk):
                encoder.encode(texts[i:i + args.chunk])  # saved after each chunk
                print(f"{name}: {min(i + args.chunk, len(texts))}/{len(texts)} "
                      f"{time.perf_counter() - start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
