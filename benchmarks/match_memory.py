"""Peak memory and time of `factdesk match` over a workspace of many claims and large sources.

    python benchmarks/match_memory.py [--claims 2000] [--mb 5] [--sources 2] [--limit-mb 6000]

Builds a throwaway SQLite workspace (not timed): N claims and later sources of about MB
megabytes of sentence text in all (one in fifty passages restates a claim, so there are real
suggestions to list), then runs `factdesk match --format json` in a child process and prints
its wall time, peak RSS and the number of suggestions listed. The child's address space is
capped at --limit-mb so that a run which would exhaust the machine fails instead.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching_gen import Generator


def build(path: Path, claims: int, megabytes: float, sources: int) -> int:
    from db.migrate import open_workspace
    from db.queries.claim_edits import add_claim
    from db.queries.documents import store_document
    from desktop.ingest.sentences import sentence_spans

    gen = Generator(seed=11)
    facts = [gen.fact() for _ in range(claims)]
    ws = open_workspace(f"sqlite:///{path}")
    with ws.session() as s:
        for f in facts:
            add_claim(s, text=gen.claim_text(f), actor="bench")
    # Uneven sources, like the 1 MB and 3.4 MB pages of the report that ran out of memory.
    total = int(megabytes * 2**20)
    shares = [i + 1 for i in range(sources)]
    chars = 0
    for d, share in enumerate(shares):
        target = total * share // sum(shares)
        lines, size = [], 0
        while size < target:
            related = facts[gen.rng.randrange(claims)] if gen.rng.random() < 0.02 else None
            line = gen.passage_text(related)
            lines.append(line)
            size += len(line) + 1
        text = "\n".join(lines)
        chars += len(text)
        with ws.session() as s:
            store_document(s, text=text, kind="source", actor="bench",
                           spans=sentence_spans(text), title=f"Source {d}")
    ws.dispose()
    return chars


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--mb", type=float, default=5.0, help="megabytes of source text in all")
    parser.add_argument("--sources", type=int, default=2)
    parser.add_argument("--limit-mb", type=int, default=6000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        chars = build(db, args.claims, args.mb, args.sources)
        out = Path(tmp) / "out.json"
        limit = args.limit_mb * 2**20

        def cap() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        start = time.perf_counter()
        with out.open("wb") as fh:
            proc = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "match",
                                   "--format", "json"], stdout=fh, stderr=subprocess.PIPE,
                                  preexec_fn=cap)
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        listed = len(json.loads(out.read_text("utf-8"))) if proc.returncode == 0 else 0
        print(f"claims {args.claims}, sources {args.sources} ({chars / 2**20:.1f} MB of text)")
        print(f"exit {proc.returncode}, wall {wall:.1f} s, peak RSS {peak:.0f} MB, "
              f"suggestions listed {listed}")
        if proc.returncode:
            print(proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
