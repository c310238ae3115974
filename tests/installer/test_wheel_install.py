"""`pip install .` with the pip that ships with Python 3.11 gives a working Factdesk.

Builds a fresh virtual environment in a temporary folder with that interpreter's bundled pip
(never upgraded: old pip is the point), installs this checkout into it (from PyPI, or from
pip's local wheel cache), and imports an HTML page and a PDF with the installed command.
Then takes the HTML cleaner away again to see that HTML import fails with one clear line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = """<!doctype html><html><head><title>Crossings reopened</title></head><body>
<nav>Home | World | Sport</nav><article><h1>Crossings reopened</h1>
<p>Officials said on Monday that 120 aid trucks crossed into the territory, the highest daily
number since the ceasefire began three weeks ago, according to the United Nations.</p>
<p>The ministry added that fuel deliveries would resume on Wednesday if the crossings stayed
open, and that medical convoys had priority over commercial traffic at every checkpoint.</p>
</article><footer>Contact us</footer></body></html>"""


def python311() -> str:
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    found = shutil.which("python3.11")
    if found is None:
        pytest.fail("this check needs a Python 3.11 interpreter (python3.11 on PATH)")
    return found


def make_pdf(path: Path, line: str) -> None:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 760, line)
    pdf.save()


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=1500, **kw)  # type: ignore[call-overload]


@pytest.mark.install
def test_plain_pip_install_with_python311_pip(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    made = run([python311(), "-m", "venv", str(venv)])
    assert made.returncode == 0, made.stderr
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    pip = [str(bindir / "python"), "-m", "pip"]
    version = run([*pip, "--version"]).stdout.split()[1]
    assert int(version.split(".")[0]) < 24, f"expected the bundled old pip, got {version}"
    # A copy of the checkout: pip builds in place and must not leave build/ in the worktree.
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache"))
    installed = run([*pip, "install", "--disable-pip-version-check", "--quiet", str(src)])
    assert installed.returncode == 0, installed.stderr[-3000:]

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("PYTHONPATH", None)  # the installed copy, not this checkout
    factdesk = str(bindir / "factdesk")
    db = ["--db", str(tmp_path / "ws.sqlite")]
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    pdf = tmp_path / "figures.pdf"
    make_pdf(pdf, "Exports rose 12 percent in 2024, the ministry said.")
    for args in (["--version"], [*db, "init"], [*db, "import", str(page), "--as", "source"],
                 [*db, "import", str(pdf), "--as", "source", "--title", "Trade figures"]):
        done = run([factdesk, *args], env=env, cwd=tmp_path)
        assert done.returncode == 0, f"factdesk {args}: {done.stderr[-2000:]}"
    listed = run([factdesk, *db, "sources", "list"], env=env, cwd=tmp_path)
    assert "Crossings reopened" in listed.stdout and "Trade figures" in listed.stdout, listed

    # A broken install (the cleaner missing, as old pip leaves justext) is one line, no traceback.
    removed = run([*pip, "uninstall", "--yes", "--quiet", "lxml_html_clean"])
    assert removed.returncode == 0, removed.stderr
    page.write_text(PAGE.replace("120 aid trucks", "95 aid trucks"), encoding="utf-8")
    failed = run([factdesk, *db, "import", str(page), "--as", "source"], env=env, cwd=tmp_path)
    assert failed.returncode == 1
    assert failed.stderr.startswith("factdesk: error: HTML import is unavailable")
    assert failed.stderr.count("\n") == 1 and "Traceback" not in failed.stderr
