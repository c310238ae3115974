"""`--out` writes only to a regular file or a new path; `.part` files never stay behind."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.outfile import check_target, open_output
from desktop.errors import UserError

ROOT = Path(__file__).resolve().parents[2]


def _write(out: str | Path, text: str = "new") -> None:
    with open_output(out) as fh:
        fh.write(text)


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_new_path_and_regular_file_are_written(tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    _write(out, "one")
    _write(out, "two")
    assert out.read_text() == "two" and _leftovers(tmp_path) == []


def test_folder_fifo_and_device_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target, words in ((tmp_path, "is a folder"), (fifo, "not a regular file"),
                          (Path("/dev/null"), "not a regular file")):
        with pytest.raises(UserError, match=words):
            _write(target)
    assert fifo.exists() and os.path.exists("/dev/null") and _leftovers(tmp_path) == []


def test_symlink_followed_only_to_a_regular_file(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    _write(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    to_device = tmp_path / "dev"
    to_device.symlink_to("/dev/null")
    with pytest.raises(UserError, match="not a regular file"):
        _write(to_device)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "missing" / "x")
    with pytest.raises(UserError, match="leads nowhere"):
        _write(dangling)
    assert to_device.is_symlink() and _leftovers(tmp_path) == []


def test_missing_folder_and_full_disk_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        check_target(tmp_path / "nope" / "x.csv")
    out = tmp_path / "x.csv"
    full = r"cannot write .*No space left"
    with pytest.raises(UserError, match=full), open_output(out) as fh:
        fh.write("partial")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert not out.exists() and _leftovers(tmp_path) == []


def test_dash_and_dev_stdout_mean_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    _write("-", "to stdout\n")
    _write("/dev/stdout", "again\n")
    assert capsys.readouterr().out == "to stdout\nagain\n"


def test_terminated_writer_leaves_no_part_file(tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    code = ("import sys, time; from desktop.core.outfile import open_output\n"
            "with open_output(sys.argv[1]) as fh:\n"
            "    fh.write('x' * 1000); fh.flush(); print('ready', flush=True); time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    assert len(_leftovers(tmp_path)) == 1
    proc.send_signal(signal.SIGTERM)
    proc.wait(30)
    proc.stdout.close()
    assert _leftovers(tmp_path) == [] and not out.exists()


def test_cli_out_onto_a_device_or_stdout(tmp_path: Path) -> None:
    db = str(tmp_path / "w.sqlite")

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "desktop", "--db", db, *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    assert cli("init").returncode == 0  # only init creates a workspace
    assert cli("claims", "add", "Aid fell by half").returncode == 0
    to_stdout = cli("export", "csv", "--out", "/dev/stdout")
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert "Aid fell by half" in to_stdout.stdout
    refused = cli("report", "--out", "/dev/null")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines() == [
        "factdesk: error: /dev/null is not a regular file (a device or pipe?); give a file name"]
