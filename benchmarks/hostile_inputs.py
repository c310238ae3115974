"""Time and peak memory of importing 5 MB texts of hostile shapes (and hostile HTML).

    python benchmarks/hostile_inputs.py [--mb 5] [--article-mb 0.5] [--timeout 60] [--only NAME]

Each shape is written to a file and imported into a fresh SQLite workspace in a child process:
at 5 million characters as a source (`factdesk import FILE --as source`: read, split into
passages, store) and at 0.5 million (the article limit) as an article (`--as article`: also
score every sentence as a claim candidate and name its speaker). Prints per shape: wall time,
peak RSS, and whether it was imported or refused (with the one-line reason).
The goal: every shape imports or is refused in at most 10 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def shapes(size: int) -> dict[str, tuple[str, Callable[[], str]]]:
    sentence = "Hakan Fidan said on Monday that 40 aid trucks crossed into Gaza at Rafah. "
    return {
        "one-lowercase-word": (".txt", lambda: "a" * size),
        "one-capitalised-word": (".txt", lambda: "A" * size),
        "capital-letters-spaced": (".txt", lambda: _repeat("A ", size)),
        "names-no-verb": (".txt", lambda: _repeat("Hakan Fidan ", size)),
        "one-line-of-sentences": (".txt", lambda: _repeat(sentence, size)),
        "paragraphs": (".txt", lambda: _repeat(sentence * 3 + "\n", size)),
        "unbalanced-quotes": (".txt", lambda: _repeat('"He said ', size)),
        "dots": (".txt", lambda: _repeat(". ", size)),
        "newlines": (".txt", lambda: _repeat("a\n", size)),
        "digits-and-commas": (".txt", lambda: _repeat("1,", size)),
        "cjk-no-spaces": (".txt", lambda: _repeat("加沙停火协议", size // 3)),
        "arabic-one-word": (".txt", lambda: "ب" * (size // 2)),
        "html-200k-attributes": (".html", lambda: "<html><body><p " + " ".join(
            f"a{i}=x" for i in range(200_000)) + ">Aid trucks crossed.</p></body></html>"),
        "html-deep-nesting": (".html", lambda: "<html><body>" + "<div>" * (size // 5)
                              + "Aid trucks crossed." + "</body></html>"),
        "html-deep-nesting-text": (".html", lambda: "<html><body>" + "<div>Aid " * 290_000
                                   + "</body></html>"),
        "html-one-word": (".html", lambda: "<html><body><p>" + "A" * (size - 40)
                          + "</p></body></html>"),
    }


def run_one(workdir: Path, name: str, suffix: str, text: str, timeout: float,
            kind: str) -> str:
    path = workdir / f"{name}{suffix}"
    path.write_text(text, encoding="utf-8")
    db = workdir / f"{name}.sqlite"
    err_path = workdir / f"{name}.err"
    # Only `init` creates a workspace (every other command refuses a missing one); not timed.
    subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "init"], check=True,
                   capture_output=True)
    start = time.perf_counter()
    with err_path.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "desktop", "--db", str(db), "import",
                                 str(path), "--as", kind], stdout=subprocess.DEVNULL,
                                stderr=err)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory
    timer.cancel()
    wall = time.perf_counter() - start
    peak = f"{usage.ru_maxrss / 1024:5.0f} MB"
    head = f"{name:24} {kind:7} {len(text) / 1e6:5.2f} M chars"
    if wall >= timeout:
        return f"{head}  > {timeout:.0f} s (stopped)  {peak}"
    lines = err_path.read_text("utf-8", "replace").strip().splitlines()
    outcome = "imported" if os.waitstatus_to_exitcode(status) == 0 else (
        "refused: " + (lines or ["?"])[-1][:110])
    return f"{head}  {wall:6.1f} s  {peak}  {outcome}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="millions of characters")
    parser.add_argument("--article-mb", type=float, default=0.5,
                        help="millions of characters for the article runs")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", action="append", help="run only these shapes")
    args = parser.parse_args()
    runs = [("source", int(args.mb * 1_000_000) - 100),  # just under the 5,000,000 limit
            ("article", int(args.article_mb * 1_000_000) - 100)]
    with tempfile.TemporaryDirectory() as tmp:
        for kind, size in runs:
            for name, (suffix, make) in shapes(size).items():
                if args.only and name not in args.only:
                    continue
                line = run_one(Path(tmp), name, suffix, make(), args.timeout, kind)
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
