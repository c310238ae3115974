"""Killing a Factdesk operation at a random moment, and checking what it left behind."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("crash_worker.py")


@dataclass
class Outcome:
    killed: bool  # False: the operation finished before the kill came
    delay: float


def start(op: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.Popen([sys.executable, str(WORKER), op, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=full_env, cwd=ROOT)
    line = proc.stdout.readline()  # type: ignore[union-attr]
    if line.strip() != "ready":
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"worker did not start: {line}{out}{err}")
    return proc


def timed_run(op: str, *args: str, env: dict[str, str] | None = None) -> float:
    """Seconds the operation takes unkilled (from `ready` to exit)."""
    proc = start(op, *args, env=env)
    t0 = time.monotonic()
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return time.monotonic() - t0


def kill_randomly(op: str, *args: str, max_delay: float, rng: random.Random,
                  env: dict[str, str] | None = None) -> Outcome:
    """Start the operation and SIGKILL it after a random delay in [0, max_delay]."""
    proc = start(op, *args, env=env)
    delay = rng.uniform(0.0, max_delay)
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    _out, err = proc.communicate(timeout=60)
    if not killed:
        assert proc.returncode == 0, err
    return Outcome(killed, delay)


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20


def add_documents(path: Path, n: int) -> None:
    """Pad a workspace with `n` plain source documents (raw SQL: fast, any schema)."""
    conn = sqlite3.connect(path)
    try:
        cols = {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
        base = {"kind": "source", "title": "", "outlet": "", "author": "", "url": "",
                "retrieved_at": "2026-01-01 00:00:00.000000", "language": "",
                "created_by": "t", "created_at": "2026-01-01 00:00:00.000000"}
        names = [c for c in base if c in cols] + ["text", "sha256"]
        rows = [[base[c] for c in names[:-2]] + [f"{FILLER} {i}",
                                                   hashlib.sha256(str(i).encode()).hexdigest()]
                for i in range(n)]
        conn.executemany(f"INSERT INTO documents ({', '.join(names)}) VALUES "
                         f"({', '.join('?' * len(names))})", rows)
        conn.commit()
    finally:
        conn.close()


def copy_workspace(template: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return target


def kills_wanted(default: int) -> int:
    """Kills per operation: the suite's default, or more from the benchmark script."""
    return int(os.environ.get("FACTDESK_CRASH_KILLS", default))


def log_kills(operation: str, kills: int, attempts: int) -> None:
    """For benchmarks/data_safety.py: one line per operation, if it asked for them."""
    target = os.environ.get("FACTDESK_CRASH_LOG")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(f"{operation}\t{kills}\t{attempts}\n")
