"""The state in which Factdesk last left a sound SQLite workspace, so an unchanged file is not
re-read at every open.

`PRAGMA quick_check` reads every page: about 270 ms for a 200 MB workspace, paid by every CLI
command and at every start of the app. A Factdesk process that opened a workspace which passed
its check (or was itself unchanged since one did) records, when it closes it, the file's size,
modification and change times and inode, and those of its `-wal`. The next open that finds
exactly that state is looking at the same bytes and skips the check. Anything else runs it:
an unclean exit (nothing recorded since the last writes), another program writing the file,
bytes changed by hand (the change time cannot be set back), a copy or restore (a new inode).
The weekly backup's full `integrity_check` reads every page regardless.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from db.backup import backup_dir

STATE_FILE = "verified-state"
# File times advance in clock ticks (a few ms): a write in the same tick as our last one would
# leave them unchanged. Recording only once a tick has passed since then closes that window.
TICK_NS = 25_000_000


def file_state(path: Path) -> str | None:
    """What identifies the bytes of `path` and its WAL now; None if it cannot be read."""
    try:
        st = path.stat()
    except OSError:
        return None
    state = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"
    try:
        wal = Path(f"{path}-wal").stat()
    except OSError:
        return state
    if wal.st_size == 0:
        return state  # an empty WAL holds no pages: the file alone is the database
    return f"{state}|{wal.st_size}:{wal.st_mtime_ns}:{wal.st_ctime_ns}:{wal.st_ino}"


def _past_timestamp_tick(path: Path) -> bool:
    """Wait (at most a tick) until a later write would show in the file times; False on a
    file system with whole-second times (FAT, some network shares): never recorded there."""
    try:
        stats = [path.stat()]
        with contextlib.suppress(OSError):
            stats.append(Path(f"{path}-wal").stat())
    except OSError:
        return False
    if all(st.st_mtime_ns % 1_000_000_000 == 0 for st in stats):
        return False
    newest = max(max(st.st_mtime_ns, st.st_ctime_ns) for st in stats)
    wait = newest + TICK_NS - time.time_ns()
    if wait > TICK_NS:
        return False  # a time in the future: a clock that cannot be trusted for this
    if wait > 0:
        time.sleep(wait / 1e9)
    return True


def unchanged_since_verified(path: Path) -> bool:
    """True when `path` is exactly as a Factdesk process left it after a passed check."""
    now = file_state(path)
    if now is None:
        return False
    try:
        recorded = (backup_dir(path) / STATE_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return recorded == now


def record_verified(path: Path) -> None:
    """Note the current state of `path` as sound (call only for a workspace that passed its
    check at open, once this process has closed it)."""
    if not _past_timestamp_tick(path):
        return
    now = file_state(path)
    if now is None:
        return
    target = backup_dir(path) / STATE_FILE
    with contextlib.suppress(OSError):  # a read-only folder: the check simply runs each time
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(STATE_FILE + ".partial")
        partial.write_text(now, encoding="utf-8")
        os.replace(partial, target)


def forget_verified(path: Path) -> None:
    """Damage was found, or the file is replaced: the next open checks it again."""
    with contextlib.suppress(OSError):
        (backup_dir(path) / STATE_FILE).unlink()
