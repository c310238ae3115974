"""Size and launch time of the built desktop bundle (dist/factdesk from installer/build.py).

    python benchmarks/bundle_size_launch.py [--runs 5] [--python .venv/bin/python] [--encode 256]

Prints the unpacked size, the .tar.gz size (if built), and for `--runs` launches in a clean
environment (empty HOME, nothing on PATH, a demo workspace made first): the wall time of
`factdesk --version` and the app's own "loaded in" of `gui --screenshot` (process start to
the claims list shown), as medians with ranges. With --python, the same launch from this
checkout under that interpreter is timed alternately (a paired comparison on a busy machine).
With --encode N, `rank --semantic` over N texts is timed with the bundled onnxruntime and with
the numpy encoder (FACTDESK_ENCODER=numpy), alternately: what onnxruntime's size buys.
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


def encode_rows(run, work: Path, n: int, rounds: int) -> list[tuple[str, list[float]]]:
    """Wall time of `rank --semantic` embedding n texts from an empty cache (a fresh home
    each time), onnxruntime (the default when bundled) and numpy alternating."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_data import clef2021

    texts = [t for _, t in clef2021()[1][5000:5000 + n]]
    (work / "c.tsv").write_text("id\ttext\n" + "".join(
        f"d{i}\t{' '.join(t.split())}\n" for i, t in enumerate(texts)), encoding="utf-8")
    (work / "q.tsv").write_text("id\ttext\nq1\tAid trucks entering Gaza\n", encoding="utf-8")
    times: dict[str, list[float]] = {"onnxruntime": [], "numpy": []}
    for i in range(rounds):
        for name in times:
            home = work / f"enc-{name}-{i}"
            home.mkdir()
            took, _ = run("rank", "--semantic", "--queries", "q.tsv", "--collection", "c.tsv",
                          "--top", "1", HOME=str(home),
                          **({"FACTDESK_ENCODER": "numpy"} if name == "numpy" else {}))
            times[name].append(took)
    return [(f"rank --semantic, {n} texts, cold cache, {name}", values)
            for name, values in times.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "factdesk")
    parser.add_argument("--python", help="also launch this checkout with this interpreter")
    parser.add_argument("--encode", type=int, default=0, metavar="N",
                        help="also time `rank --semantic` over N CLEF-2021 verified claims, "
                             "with the bundled onnxruntime and with the numpy encoder")
    args = parser.parse_args()
    exe = args.bundle / ("factdesk.exe" if sys.platform == "win32" else "factdesk")
    if not exe.is_file():
        sys.exit(f"no bundle at {args.bundle}: python installer/build.py first")
    size = folder_size(args.bundle)
    print(f"unpacked: {size / 1e6:.0f} MB ({size / 2**20:.0f} MiB)")
    for packed in sorted((ROOT / "dist").glob("factdesk-*.tar.gz")):
        print(f"{packed.name}: {packed.stat().st_size / 1e6:.0f} MB "
              f"({packed.stat().st_size / 2**20:.0f} MiB)")
    for model in (args.bundle / "_internal").rglob("model.safetensors"):
        print(f"of which the sentence model: {model.stat().st_size / 1e6:.0f} MB")
    runtime = args.bundle / "_internal" / "onnxruntime"
    if runtime.is_dir():
        print(f"of which onnxruntime: {folder_size(runtime) / 1e6:.0f} MB")
    icu = next((args.bundle / "_internal").rglob("libicudata.so.*"), None)
    if icu is not None:
        print(f"of which ICU's data: {icu.stat().st_size / 1e6:.0f} MB")
    work = Path(tempfile.mkdtemp(prefix="factdesk-bench-"))
    try:
        (work / "home").mkdir()
        (work / "bin").mkdir()
        env = clean_env(work / "home", work / "bin")

        def run(*cmd: str, source: bool = False, **more: str) -> tuple[float, str]:
            started = time.monotonic()
            prog = [args.python, "-m", "desktop"] if source else [str(exe)]
            extra = {"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"} if source else {}
            done = subprocess.run([*prog, *cmd], env={**env, **extra, **more}, cwd=work,
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
        if args.encode:
            rows += encode_rows(run, work, args.encode, max(1, args.runs // 3))
        for name, values in rows:
            print(f"{name}: median {statistics.median(values):.2f} s "
                  f"({min(values):.2f}-{max(values):.2f}, {len(values)} runs)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
