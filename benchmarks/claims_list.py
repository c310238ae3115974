"""Time and peak memory of `factdesk claims list --format json|csv` over many claims.

    python benchmarks/claims_list.py [--rows 100000] [--keep DIR]

Builds a SQLite workspace of N claims with `factdesk claims import` (the spreadsheet of
benchmarks/claims_import.py; not timed), then lists them as JSON and as CSV in child processes,
output to a file, and prints wall time, CPU time (user + system) and peak RSS of each.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from claims_import import write_csv


def timed(cmd: list[str], out: Path) -> tuple[float, float, float, int]:
    start = time.perf_counter()
    with out.open("wb") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    return (time.perf_counter() - start, cpu, usage.ru_maxrss / 1024,
            os.waitstatus_to_exitcode(status))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the workspace in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / f"claims-{args.rows}.sqlite"
        if not db.exists():
            write_csv(folder / "claims.csv", args.rows)
            # Only `init` creates a workspace; every other command refuses a missing one.
            subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "init"],
                           check=True, capture_output=True)
            subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "claims",
                            "import", str(folder / "claims.csv")], check=True,
                           capture_output=True)
        for fmt in ("json", "csv"):
            out = folder / f"list.{fmt}"
            wall, cpu, peak, code = timed([sys.executable, "-m", "desktop", "--db", str(db),
                                      "claims", "list", "--format", fmt], out)
            size = out.stat().st_size / 2**20
            print(f"claims list --format {fmt}: {args.rows:,} claims, exit {code}, "
                  f"wall {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {peak:.0f} MB, {size:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
