"""Measure the desktop app on a large workspace: launch, filter keystrokes, memory.

    .venv/bin/python benchmarks/gui_build_workspace.py /tmp/factdesk-bench.sqlite
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_bench.py /tmp/factdesk-bench.sqlite
    .venv/bin/python benchmarks/gui_bench.py /tmp/factdesk-bench.sqlite --factdesk \
        dist/factdesk/factdesk                  # the same launches, of the built bundle

Launch: `factdesk --db DB gui --screenshot` in fresh processes; its "loaded in" (process start
to list shown) and the process's peak RSS. Keystrokes: the real filter box, driven offscreen;
the time from the key press until the model holds the new list and every row on screen is
filled in.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def launches(db: str, runs: int, factdesk: Path | None = None) -> None:
    factdesk = factdesk or Path(sys.executable).with_name("factdesk")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times, rss = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            out = Path(tmp) / f"shot{i}.png"
            proc = subprocess.Popen([str(factdesk), "--db", db, "gui", "--screenshot", str(out)],
                                    env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                    text=True)
            assert proc.stdout is not None
            text = proc.stdout.read()
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            m = re.search(r"loaded in ([\d.]+) s", text)
            if proc.returncode != 0 or not m:
                sys.exit(f"launch failed: {text!r}")
            times.append(float(m.group(1)))
            rss.append(usage.ru_maxrss / 1024)
    print(f"launch to list shown: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f}, max {max(times):.2f} over {runs} runs: "
          + ", ".join(f"{t:.2f}" for t in times))
    print(f"launch peak RSS: max {max(rss):.0f} MB")


def interactive(db: str, prepare: str = "pause") -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication


    app = QApplication.instance() or QApplication([])
    # When the window prepares the matcher (desktop.ui.matching_job): after a pause in input,
    # as the app does; at once, so the keystrokes below are typed while it runs; or never.
    import desktop.ops.matching as ops
    import desktop.ui.matching_job as matching_job

    matching_job.PREPARE_AFTER_MS = {"pause": matching_job.PREPARE_AFTER_MS, "at-once": 0,
                                     "never": 24 * 3600 * 1000}[prepare]
    spans: list[tuple[float, float, object]] = []  # preparing: start, end, what was done
    real = ops.prepare_matching

    def timed(*a, **k):
        t = time.perf_counter()
        out = real(*a, **k)
        spans.append((t, time.perf_counter(), out[0]))
        return out

    ops.prepare_matching = timed
    win, ws = open_window(db)
    model, box = win.claims.model, win.claims.filter_edit

    def wait(done, limit: float = 60.0) -> float:
        return pump_until(app, done, limit)

    wait(lambda: model.complete and win.list_shown() and win.ctx.tasks.pending == 0)
    listed = time.perf_counter()
    print(f"claims listed: {model.rowCount():,}")

    def shown(text: str):
        return lambda: (model.claim_filter.search == text and not model.busy
                        and win.list_shown())

    def keystrokes(word: str) -> list[float]:
        box.clear()
        wait(lambda: model.complete and win.ctx.tasks.pending == 0)
        out = []
        for i, ch in enumerate(word):
            t = time.perf_counter()
            QTest.keyClick(box, ch)
            wait(shown(word[:i + 1]))
            out.append((time.perf_counter() - t) * 1000)
            wait(lambda: win.ctx.tasks.pending == 0)  # let the full list finish, like a pause
        return out

    all_ms: list[float] = []
    for word in ("troops", "minister", "zzq"):
        ms = keystrokes(word)
        all_ms += ms
        print(f"keystrokes {word!r}: " + ", ".join(f"{m:.0f}" for m in ms) + " ms")
    print(f"per keystroke: median {statistics.median(all_ms):.0f} ms, max {max(all_ms):.0f} ms "
          f"({sum(m <= 100 for m in all_ms)}/{len(all_ms)} within 100 ms)")

    # A fast typist: 80 ms between keys, then the time from the last key to the list shown.
    box.clear()
    wait(lambda: model.complete and win.ctx.tasks.pending == 0)
    word = "pension"
    for i, ch in enumerate(word):
        QTest.keyClick(box, ch)
        if i < len(word) - 1:
            _pump(app, 0.08)
    t = time.perf_counter()
    wait(shown("pension"))
    print(f"fast typing 'pension' (80 ms/key): list shown {1000 * (time.perf_counter() - t):.0f}"
          " ms after the last key")

    box.clear()
    wait(lambda: model.complete and win.ctx.tasks.pending == 0)
    for col, name in ((1, "claim text"), (0, "status"), (6, "last change"), (4, "evidence")):
        t = time.perf_counter()
        win.claims.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
        first = wait(lambda: not model.busy and win.list_shown())
        wait(lambda: model.complete and win.ctx.tasks.pending == 0)
        print(f"sort by {name}: first page {1000 * first:.0f} ms, full list "
              f"{1000 * (time.perf_counter() - t):.0f} ms")
    bar = win.claims.table.verticalScrollBar()
    t = time.perf_counter()
    bar.setValue(bar.maximum() // 2)
    app.processEvents()
    wait(win.list_shown)
    print(f"jump to row {model.rowCount() // 2:,}: rows filled in "
          f"{1000 * (time.perf_counter() - t):.0f} ms")
    for _ in range(200):  # scroll through 20,000 rows a screen at a time
        win.claims.table.verticalScrollBar().setValue(
            win.claims.table.verticalScrollBar().value() + 100)
        wait(win.list_shown)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"in-process peak RSS after filtering, sorting and scrolling: {peak:.0f} MB")
    for start, end, done in spans:
        print(f"preparing the matcher: from {start - listed:+.2f} s to {end - listed:+.2f} s "
              f"after the list was shown ({done})")
    win.close()
    ws.dispose()


def open_window(db: str):
    """(window, workspace): the real main window, shown (offscreen), on ``db``."""
    from db.migrate import open_workspace
    from desktop.ui.main_window import MainWindow

    win = MainWindow()
    win.persist = False
    win.resize(1400, 850)
    win.show()
    ws = open_workspace(db)
    win.attach(ws)
    return win, ws


def pump_until(app, done, limit: float = 60.0) -> float:
    """Run the event loop until ``done()``; returns the seconds it took."""
    start = time.perf_counter()
    while not done():
        app.processEvents()
        time.sleep(0.0005)
        if time.perf_counter() - start > limit:
            raise TimeoutError
    return time.perf_counter() - start


def _pump(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", help="the workspace built by gui_build_workspace.py")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--factdesk", type=Path, metavar="PROGRAM",
                    help="launch this program instead (dist/factdesk/factdesk: the bundle); "
                         "launches only")
    ap.add_argument("--prepare", choices=("pause", "at-once", "never"), default="pause",
                    help="when the window prepares the matcher: after a pause in input (the "
                         "app), as the list appears (keys typed meanwhile), never")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    db = args.db if "://" in args.db else f"sqlite:///{Path(args.db).resolve()}"
    launches(db, args.runs, args.factdesk)
    if args.factdesk is None:
        interactive(db, args.prepare)
    return 0


if __name__ == "__main__":
    sys.exit(main())
