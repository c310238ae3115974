"""numpy vs onnxruntime in float32 vs onnxruntime in int8 (same weights, graphs built in
memory): speed and agreement.

All encode the same texts (CLEF-2021 verified claims), alternating runs so that all see the
same machine load; prints texts per second for each, and how far each one's vectors are from
the numpy encoder's (largest component difference, lowest and mean cosine). For int8 it also
prints how far a text's vector moves when it is embedded alone rather than in a batch
(onnxruntime quantizes each call's activations with one range).

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
    encoders = {"numpy": Encoder(model_dir()),
                "onnx float32": OnnxEncoder(model_dir(), int8=False),
                "onnx int8": OnnxEncoder(model_dir(), int8=True)}
    best = {name: float("inf") for name in encoders}
    out = {}
    for _ in range(args.rounds):
        for name, enc in encoders.items():
            start = time.perf_counter()
            out[name] = enc.encode(texts)
            best[name] = min(best[name], time.perf_counter() - start)
    load = os.getloadavg()[0]
    for name, took in best.items():
        cos = (out["numpy"] * out[name]).sum(1)
        print(f"{name:<13} {len(texts) / took:6.1f} texts/s (best of {args.rounds}: "
              f"{took:.2f} s; load average {load:.1f}); vs numpy: largest component "
              f"difference {np.abs(out['numpy'] - out[name]).max():.2e}, cosine lowest "
              f"{cos.min():.4f}, mean {cos.mean():.4f}")
    sample = texts[:64]
    alone = np.vstack([encoders["onnx int8"].encode([t]) for t in sample])
    cos = (alone * out["onnx int8"][:64]).sum(1)
    print(f"int8, a text alone vs in its batch ({len(sample)} texts): cosine lowest "
          f"{cos.min():.4f}, mean {cos.mean():.4f}")


if __name__ == "__main__":
    main()
