"""Data-safety figures: quick_check at open, the daily backup, and kills survived.

    PYTHONPATH=. .venv/bin/python benchmarks/gui_build_workspace.py /tmp/factdesk-bench.sqlite
    PYTHONPATH=. .venv/bin/python benchmarks/data_safety.py /tmp/factdesk-bench.sqlite --kills 20

1. `PRAGMA quick_check` as run at open, and the whole open (`open_workspace`) with the file as
   Factdesk last left it (check skipped, db.verified_state) and changed since (check run), 5
   times each on the 100,000-claim workspace (median and worst).
2. The app's daily backup (`db.backup.daily_backup`, forced): online backup API + integrity
   check of the copy + rotation, 3 times (median and worst). Backups go to a scratch copy's
   folder, so the benchmark workspace is left as it was.
3. The crash tests (tests/crash) with `--kills` kills per operation instead of the suite's 5
   (12 for the upgrade), printing kills landed per operation. `--kills 0` skips this part.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def timed(fn, n: int) -> tuple[float, float, float]:
    """Median and worst wall time, and median CPU time of this process (on a shared machine
    the wall time includes waiting for a core; the CPU time does not)."""
    times, cpu = [], []
    for _ in range(n):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(times), max(times), statistics.median(cpu)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workspace", type=Path, help="built by benchmarks/gui_build_workspace.py")
    ap.add_argument("--kills", type=int, default=20, help="kills per operation (0: skip)")
    args = ap.parse_args()

    from sqlalchemy import text

    from db.backup import daily_backup
    from db.engine import connect_sqlite
    from db.migrate import open_workspace

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        shutil.copyfile(args.workspace, path)
        url = f"sqlite:///{path}"
        ws = open_workspace(url, create=False)
        with ws.engine.connect() as conn:
            claims = conn.execute(text("SELECT count(*) FROM claims")).scalar_one()
        ws.dispose()
        size = path.stat().st_size / 1e6
        print(f"workspace: {claims:,} claims, {size:.0f} MB")

        def quick_check() -> None:
            conn = connect_sqlite(path, "rw")
            assert conn.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok"
            conn.close()

        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        med, worst, cpu = timed(quick_check, 5)
        print(f"quick_check: median {med * 1000:.0f} ms (worst {worst * 1000:.0f} ms, "
              f"CPU {cpu * 1000:.0f} ms)")
        med, worst, cpu = timed(lambda: open_workspace(url, create=False, check=False)
                                .dispose(), 5)
        print(f"open as the app does (check deferred): median {med * 1000:.0f} ms "
              f"(worst {worst * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms)")
        from db.verified_state import forget_verified

        def cli_open(changed: bool) -> None:
            if changed:
                forget_verified(path)  # as after an unclean exit or a change by another program
            ws = open_workspace(url, create=False)
            assert ws.open_check == ("checked" if changed else "unchanged")
            ws.dispose()

        cli_open(True)  # leaves the state recorded
        med, worst, cpu = timed(lambda: cli_open(False), 5)
        print(f"open as the CLI does, file as Factdesk left it (check skipped): median "
              f"{med * 1000:.0f} ms (worst {worst * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms)")
        med, worst, cpu = timed(lambda: cli_open(True), 5)
        print(f"open as the CLI does, file changed since (quick_check run): median "
              f"{med * 1000:.0f} ms (worst {worst * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms)")
        ws = open_workspace(url, create=False)
        from db.backup import FULL_CHECK_MARKER, backup_dir

        def daily(full: bool) -> None:
            marker = backup_dir(path) / FULL_CHECK_MARKER
            marker.parent.mkdir(parents=True, exist_ok=True)
            if not full:
                marker.write_text("2999-01-01T00:00:00")  # a full check is not due
            else:
                marker.unlink(missing_ok=True)
            assert daily_backup(ws, force=True) is not None if full else \
                daily_backup(ws, force=False) is not None

        def daily_quick() -> None:
            for b in backup_dir(path).glob("daily-*"):
                b.unlink()  # so that today's is due again
            daily(False)

        med, worst, cpu = timed(daily_quick, 3)
        print(f"daily backup (online copy + quick_check + rotation): median {med:.2f} s "
              f"(worst {worst:.2f} s, CPU {cpu:.2f} s)")
        med, worst, cpu = timed(lambda: daily(True), 2)
        print(f"weekly / after an unclean exit (copy + full integrity_check): median "
              f"{med:.2f} s (worst {worst:.2f} s, CPU {cpu:.2f} s)")
        ws.dispose()
        print(f"load average after: {os.getloadavg()[0]:.1f}")

    if args.kills:
        log = Path(tempfile.mkstemp(suffix=".tsv")[1])
        env = {**os.environ, "PYTHONPATH": str(ROOT), "FACTDESK_CRASH_KILLS": str(args.kills),
               "FACTDESK_CRASH_LOG": str(log)}
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               str(ROOT / "tests" / "crash"), "-k", "kill"], env=env,
                              cwd=ROOT, capture_output=True, text=True)
        print(f"crash tests: {done.stdout.strip().splitlines()[-1]} in "
              f"{time.perf_counter() - t:.0f} s")
        for line in log.read_text().splitlines():
            op, kills, attempts = line.split("\t")
            print(f"  {op}: {kills} kills survived ({attempts} runs started)")
        log.unlink()
        if done.returncode:
            print(done.stdout[-3000:])
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
