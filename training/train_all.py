"""Rerun every training step, in order, from the benchmark data to the shipped weight files.

    python training/train_all.py [--from fusion] [--only evidence] [--dry-run]

Each step is a script of this folder run with this Python; each writes its weight file under
desktop/matching/ and a manifest beside it (data sha256, code commit, arguments,
cross-validated score). Data: FACTDESK_BENCH (default /work/shared/bench). Embeddings are cached
under benchmarks/out/ so a collection is embedded once. Needs the `train` extra (torch, for the
query update). The steps embed with the model in float32 (``FACTDESK_ENCODER=float``), as the
weights were fitted: the app's int8 encoder is measured against them in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (name, script, arguments, what it writes) — later steps read what earlier ones wrote: the
# fusion and the evidence weights use the lexical engine's scores, the fusion the query update,
# the evidence weights the claim-side update.
STEPS: list[tuple[str, str, list[str], str]] = [
    ("lexical", "lexical.py", ["--l2", "1.0", "--write"], "lexical_weights.json"),
    ("query-oof", "query_update.py", ["--folds", "5"], "benchmarks/out/query_lora_oof.npz"),
    ("query-update", "query_update.py", ["--write"], "query_lora.npz"),
    ("fusion", "fusion.py", ["--l2", "0.1", "--neighbours", "5", "--write"],
     "semantic_weights.json"),
    ("evidence-oof", "evidence_update.py", ["--folds", "5"],
     "benchmarks/out/evidence_lora_oof.npz"),
    ("evidence-update", "evidence_update.py", ["--write"], "evidence_lora.npz"),
    ("evidence", "evidence.py", ["--l2", "0.0001", "--prior", "0.1", "--write"],
     "evidence_weights.json"),
]
# the published model's own vectors, independent of int8's batches (semantic.ENCODER_ENV)
STEP_ENV = {"FACTDESK_ENCODER": "float"}
# steps that train a low-rank update of the sentence model: they need torch
TORCH_STEPS = ("query-oof", "query-update", "evidence-oof", "evidence-update")


def _missing_parts(torch_needed: bool) -> str:
    """What the steps need and is not installed ("" if nothing): said before the first step,
    not as a traceback half-way through."""
    sys.path.insert(0, str(HERE.parent))
    try:
        if torch_needed:
            import torch  # noqa: F401
    except ImportError:
        return "torch is not installed (see training/README.md)"
    from desktop.errors import UserError
    from desktop.matching import semantic

    try:
        semantic.require()
    except UserError as exc:
        return str(exc)
    return ""


def main() -> int:
    names = [name for name, *_ in STEPS]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", choices=names, default=names[0],
                        help="start at this step (the earlier ones' files are kept)")
    parser.add_argument("--only", choices=names, help="run this step alone")
    parser.add_argument("--dry-run", action="store_true", help="print the commands only")
    args = parser.parse_args()
    steps = STEPS[names.index(args.start):]
    if args.only:
        steps = [s for s in STEPS if s[0] == args.only]
    torch_needed = any(name in TORCH_STEPS for name, *_ in steps)
    if not args.dry_run and (problem := _missing_parts(torch_needed)):
        print(f"train_all: {problem}", file=sys.stderr)
        return 1
    for name, script, argv, writes in steps:
        cmd = [sys.executable, str(HERE / script), *argv]
        print(f"== {name}: {' '.join(cmd[1:])}  (writes {writes})", flush=True)
        if args.dry_run:
            continue
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=HERE.parent, check=False,
                              env={**os.environ, **STEP_ENV})
        if done.returncode != 0:
            print(f"step {name} failed (exit {done.returncode})", file=sys.stderr)
            return done.returncode
        print(f"== {name} done in {time.perf_counter() - start:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
