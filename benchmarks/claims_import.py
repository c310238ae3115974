"""How long `factdesk claims import` takes for a large spreadsheet.

    python benchmarks/claims_import.py [--rows 100000] [--db URL]

Writes a seeded CSV of realistic claims, imports it into a fresh SQLite workspace (or the
database named by --db, which should be empty), and prints the wall time and peak memory of the
import process.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUBJECTS = ["Türkiye", "The US", "Israel", "Egypt", "Qatar", "Hamas", "The UN", "The EU",
            "CENTCOM", "The ministry", "Ankara", "Washington"]
VERBS = ["pledged", "delivered", "reported", "denied", "announced", "approved", "blocked"]
OBJECTS = ["aid trucks", "troops", "a ceasefire plan", "a stabilisation force",
           "reconstruction funds", "medical supplies", "a peace commission", "fuel shipments"]
STATUSES = ["unverified", "in-review", "supported", "false", "misleading"]


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "speaker", "status", "rationale", "date", "tags"])
        for i in range(rows):
            status = rnd.choice(STATUSES)
            text = (f"{rnd.choice(SUBJECTS)} {rnd.choice(VERBS)} {rnd.randint(2, 9000)} "
                    f"{rnd.choice(OBJECTS)} in {rnd.choice(['Gaza', 'Rafah', 'Sinai'])} "
                    f"by {rnd.randint(1, 28)} October (#{i})")
            rationale = "checked against UN OCHA figures" if status not in STATUSES[:2] else ""
            w.writerow([text, rnd.choice(["Hakan Fidan", "OCHA", "IDF", "WHO"]), status,
                        rationale, f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                        rnd.choice(["aid", "troops, Gaza", "ceasefire", ""])])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", help="database URL (default: a new temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "claims.csv"
        write_csv(csv_path, args.rows)
        db = args.db or str(Path(tmp) / "bench.sqlite")
        subprocess.run([sys.executable, "-m", "desktop", "--db", db, "init"], check=True,
                       capture_output=True)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "desktop", "--db", db, "claims", "import",
                                 str(csv_path)], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        print(f"{result.stdout.strip()} in {elapsed:.2f} s (whole process), "
              f"peak RSS {peak_mb:.0f} MB, {csv_path.stat().st_size / 2**20:.1f} MB CSV")
    return 0


if __name__ == "__main__":
    sys.exit(main())
