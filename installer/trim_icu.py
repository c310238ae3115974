"""Linux: a smaller copy of ICU's data library (libicudata, 32 MB) for the bundled Qt.

Qt calls ICU only for text codecs (ucnv), collation (ucol), locale-aware case mapping and
time-zone names (ucal); `nm -D libQt6Core.so.6 | grep _73` lists them. The data those need
(converters, collation, locales, time zones, regions and currencies for zone names and number
symbols) is kept; break iterators, language and unit names, spelled-out numbers,
transliteration and the spoof checker's tables are reached by none of these calls and are
removed with ICU's own icupkg. The rest is linked back into a library of the same name and
symbol, which libicuuc loads as before.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

# ICU data items (package-relative names) that no ICU call made by Qt reads.
UNUSED = re.compile(r"^(brkitr|lang|unit|rbnf|translit)/|^confusables\.cfu$")
TOOLS = ("icupkg", "cc", "nm", "objcopy", "readelf")


def unused_items(names: list[str]) -> list[str]:
    """The items of an ICU data package listing that the bundle leaves out."""
    return [name for name in names if UNUSED.search(name)]


def _run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True,
                          text=True).stdout


def trim_icu(bundle: Path, work: Path) -> int:
    """Replace the bundle's libicudata.so.NN by one without the unused items; returns the
    bytes saved (0 when there is nothing to do or a tool is missing)."""
    libs = sorted(p for p in bundle.rglob("libicudata.so.*")
                  if p.is_file() and not p.is_symlink())
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not libs or missing:
        print(f"ICU data kept ({', '.join(missing) or 'no libicudata'} not found)", flush=True)
        return 0
    saved = 0
    for lib in libs:
        try:
            saved += _trim(lib, work / lib.name)
        except (subprocess.CalledProcessError, OSError, ValueError) as exc:
            # The library is replaced only at the very end, so a failure leaves it whole.
            print(f"ICU data kept ({lib.name}: {exc})", flush=True)
    return saved


def _trim(lib: Path, folder: Path) -> int:
    """Trim one data library in place, working in `folder`; returns the bytes saved."""
    # The library is one read-only symbol, icudtNN_dat, holding the whole data package.
    symbols = [line.split() for line in _run("nm", "-D", "-S", "--defined-only", lib)
               .splitlines()]
    found = [s for s in symbols if len(s) == 4 and re.fullmatch(r"icudt\d+_dat", s[3])]
    if len(found) != 1:
        raise ValueError("not a plain data library")
    address, size, symbol = int(found[0][0], 16), int(found[0][1], 16), found[0][3]
    soname = re.search(r"Library soname: \[([^]]+)\]", _run("readelf", "-d", lib))
    rodata = re.search(r"\.rodata\s+PROGBITS\s+([0-9a-f]+)", _run("readelf", "-S", "-W", lib))
    if soname is None or rodata is None:
        raise ValueError("no soname or .rodata")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    section = folder / "rodata.bin"
    _run("objcopy", "-O", "binary", "--only-section=.rodata", lib, section)
    start = address - int(rodata.group(1), 16)
    package = folder / f"{symbol.removesuffix('_dat')}l.dat"
    package.write_bytes(section.read_bytes()[start:start + size])
    names = _run("icupkg", "-l", package).split()
    drop = unused_items(names)
    listing = folder / "drop.txt"
    listing.write_text("\n".join(drop) + "\n", encoding="utf-8")
    _run("icupkg", "-r", listing, package)
    left = set(_run("icupkg", "-l", package).split())
    if left & set(drop) or len(left) != len(names) - len(drop):
        raise ValueError(f"icupkg did not remove the unused items from {package}")
    source = folder / "data.s"
    source.write_text(
        f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n'
        f'\t.balign 16\n{symbol}:\n\t.incbin "{package.name}"\n'
        f'\t.size {symbol}, . - {symbol}\n\t.section .note.GNU-stack,"",@progbits\n',
        encoding="utf-8")
    out = folder / lib.name
    subprocess.run(["cc", "-shared", "-nostdlib", "-Wl,-soname," + soname.group(1),
                    "-Wl,-s", "-o", str(out), source.name], check=True, cwd=folder)
    before = lib.stat().st_size
    shutil.copy(out, lib)
    print(f"{lib.name}: {len(drop)} of {len(names)} ICU data items left out", flush=True)
    return before - lib.stat().st_size
