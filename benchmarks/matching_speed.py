"""Speed and memory of the matching engine on a generated workspace (see matching_gen.py).

Each measurement runs in a fresh subprocess so its peak memory (ru_maxrss, whole process:
interpreter, libraries, generated texts and the index) is its own.

    .venv/bin/python benchmarks/matching_speed.py [--claims 1000] [--passages 100000]
        [--skip-yardstick]   # leave out the all-pairs token_set_ratio run (about 4 minutes)
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure(kind: str, n_claims: int, n_passages: int, sample: int) -> dict:
    from matching_gen import Generator

    from desktop.matching import MatchEngine

    claims, passages = Generator(seed=7).workspace(n_claims, n_passages)
    engine = MatchEngine()
    out: dict = {"kind": kind, "claims": n_claims, "passages": n_passages,
                 "rss_after_data_mb": round(_peak_mb(), 1)}
    start = time.perf_counter()
    if kind == "full":
        matches = engine.match(claims, passages, top_k=10)
        out["matches"] = len(matches)
        out["strong"] = sum(m.strong for m in matches)
    elif kind == "new_source":
        index = engine.index(claims)  # built when the workspace opens, not per source
        out["claim_index_s"] = round(time.perf_counter() - start, 3)
        start = time.perf_counter()
        out["matches"] = len(engine.match_new_passages(index, passages[:300], top_k=10))
    elif kind == "new_claim":
        index = engine.index(passages)
        out["passage_index_s"] = round(time.perf_counter() - start, 3)
        start = time.perf_counter()
        out["matches"] = len(engine.match(claims[:1], index, top_k=10))
    elif kind == "token_set_ratio":
        from rapidfuzz import fuzz, process, utils

        qs = [t for _, t in claims[:sample]]
        process.cdist(qs, [t for _, t in passages], scorer=fuzz.token_set_ratio,
                      processor=utils.default_process, workers=-1, dtype="uint8")
        out["sampled_claims"] = len(qs)
    out["seconds"] = round(time.perf_counter() - start, 3)
    if kind == "token_set_ratio":
        out["extrapolated_s"] = round(out["seconds"] * n_claims / sample, 1)
    out["peak_rss_mb"] = round(_peak_mb(), 1)
    return out


def run_child(kind: str, n_claims: int, n_passages: int, sample: int = 0) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--claims", str(n_claims),
           "--passages", str(n_passages), "--sample", str(sample)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=20, help="claims for token_set_ratio")
    parser.add_argument("--skip-yardstick", action="store_true",
                        help="skip the slow all-pairs token_set_ratio comparison")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.claims, args.passages, args.sample)))
        return
    full = run_child("full", args.claims, args.passages)
    print(f"full match {args.claims} claims x {args.passages} passages: {full['seconds']} s, "
          f"peak RSS {full['peak_rss_mb']} MB, {full['matches']} matches "
          f"({full['strong']} strong)")
    for n in (10_000, 30_000):
        if n < args.passages:
            r = run_child("full", args.claims, n)
            print(f"  scaling: {n} passages: {r['seconds']} s, peak RSS {r['peak_rss_mb']} MB")
    new = run_child("new_source", 10_000, 300)
    print(f"new source, 300 passages vs 10000 indexed claims: {new['seconds']} s "
          f"(claim index built once: {new['claim_index_s']} s)")
    one = run_child("new_claim", 1, args.passages)
    print(f"one new claim vs {args.passages} indexed passages: {one['seconds']} s "
          f"(passage index built once: {one['passage_index_s']} s)")
    if args.skip_yardstick:
        return
    fz = run_child("token_set_ratio", args.claims, args.passages, args.sample)
    ratio = fz["extrapolated_s"] / max(full["seconds"], 1e-9)
    print(f"all-pairs token_set_ratio: {fz['seconds']} s for {fz['sampled_claims']} claims "
          f"x {args.passages} passages (2 workers) -> ~{fz['extrapolated_s']} s for "
          f"{args.claims} claims, extrapolated; engine is ~{ratio:.0f}x faster")


if __name__ == "__main__":
    main()
