"""Where `--out` may write: a regular file or a new path, never over a device, FIFO or folder.

Every command with `--out` goes through here. `-` (and `/dev/stdout`) means standard output.
A file is written to a `.part` file beside its target and renamed over it only when complete;
the `.part` file is removed when writing fails, is interrupted (Ctrl+C) or terminated
(SIGTERM). A symlink is followed only when it leads to a regular file, which is then replaced.
"""

from __future__ import annotations

import os
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from desktop.errors import UserError

STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


def is_stdout(out: str | os.PathLike[str]) -> bool:
    return str(out) in STDOUT_NAMES


def check_target(out: str | os.PathLike[str]) -> Path:
    """The file a write to `out` replaces or creates; refuses anything else in one line."""
    path = Path(out)
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}") from exc
    if info is not None and stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
            info = target.stat()
        except (OSError, RuntimeError) as exc:
            raise UserError(f"{path} is a link that leads nowhere; give a file name") from exc
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{path} links to something that is not a regular file; "
                            "give a file name")
        path = target
    elif info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise UserError(f"{path} is a folder; give a file name")
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{path} is not a regular file (a device or pipe?); "
                            "give a file name")
    folder = path.parent
    if not folder.is_dir():
        raise UserError(f"folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"cannot write in folder {folder}: permission denied")
    return path


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while a file is written, so cleanup code runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _part_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.part")


@contextmanager
def output_path(out: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path for a writer that takes a file name; renamed onto `out` at the end."""
    target = check_target(out)
    part = _part_path(target)
    try:
        with _terminate_as_exit():
            yield part
            os.replace(part, target)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        with suppress(OSError):
            part.unlink(missing_ok=True)


@contextmanager
def open_output(out: str | os.PathLike[str], *, binary: bool = False,
                encoding: str = "utf-8", newline: str | None = "") -> Iterator[IO[Any]]:
    """A file object for `out`: standard output for `-`, else a `.part` file renamed at the end.

    Errors of the file system (full disk, no permission) become one-line UserErrors.
    """
    if is_stdout(out):
        stream: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        try:
            yield stream
            stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise UserError(f"cannot write to standard output: {exc.strerror}") from exc
        return
    with output_path(out) as part:
        try:
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            fh = (os.fdopen(fd, "wb") if binary
                  else os.fdopen(fd, "w", encoding=encoding, newline=newline))
        except OSError as exc:
            raise UserError(f"cannot write {out}: {exc.strerror}") from exc
        with fh:
            yield fh
