"""numpy encoder vs onnxruntime (same weights, graph built in memory): speed and agreement.

Both encode the same texts (CLEF-2021 verified claims), alternating runs so that both see the
same machine load; prints texts per second for each and the largest difference of a vector
component.

    .venv/bin/python benchmarks/encoder_speed.py [--texts 512] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from bench_data import clef2021


def main() -> None:
    from desktop.matching.semantic import Encoder, model_dir
    from desktop.matching.semantic_onnx import OnnxEncoder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=512)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [t for _, t in clef2021()[1][5000:5000 + args.texts]]
    encoders = {"numpy": Encoder(model_dir()), "onnxruntime": OnnxEncoder(model_dir())}
    best = {name: float("inf") for name in encoders}
    out = {}
    for _ in range(args.rounds):
        for name, enc in encoders.items():
            start = time.perf_counter()
            out[name] = enc.encode(texts)
            best[name] = min(best[name], time.perf_counter() - start)
    load = os.getloadavg()[0]
    for name, took in best.items():
        print(f"{name:<12} {len(texts) / took:6.1f} texts/s (best of {args.rounds}: "
              f"{took:.2f} s; load average {load:.1f})")
    diff = np.abs(out["numpy"] - out["onnxruntime"]).max()
    cos = (out["numpy"] * out["onnxruntime"]).sum(1).min()
    print(f"largest component difference {diff:.2e}, lowest cosine {cos:.7f}")


if __name__ == "__main__":
    main()
