"""Running `factdesk` as a user's shell would, for the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys


def run(*args: str, db: str) -> subprocess.CompletedProcess:
    """`factdesk --db DB ARGS...` in a subprocess: its exit code, stdout and stderr."""
    return subprocess.run([sys.executable, "-m", "desktop", "--db", db, *args],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ))
