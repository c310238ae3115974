"""Rotating, verified backups of SQLite workspaces, taken with SQLite's online backup API.

Backups live in `factdesk-backups/<workspace file name>/` next to the workspace. Each is
written to a `.partial` file, checked (`PRAGMA integrity_check`; the daily one with the cheaper
`quick_check` except once a week), and only then renamed into place; older ones are pruned only
after a new one verified. Because the backup API copies the workspace page by page, a clean
check of the copy is also a check of the workspace itself.

Kinds: `daily` (at most one a day when the app opens; the last 7 kept, plus the newest of each of
the 4 weeks before them), `manual` (`factdesk backup`, kept until removed), `before-upgrade-<rev>`
(one per schema version, however often an upgrade is retried), `before-restore` and
`before-import` (the last 3 of each).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import DamagedWorkspace, UserError

if TYPE_CHECKING:
    from db.engine import Workspace

BACKUP_FOLDER = "factdesk-backups"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_BEFORE = 3  # before-restore and before-import backups
BULK_ROWS = 1000  # imports above this many rows take a backup first
SQLITE_HEADER = b"SQLite format 3\x00"
_NAME = re.compile(r"^(?P<kind>daily|manual|before-restore|before-import|before-upgrade-[\w.]+|"
                   r"damaged)-(?P<stamp>\d{8}-\d{6})\.sqlite$")
_UPGRADE = re.compile(r"^before-upgrade-(?P<rev>[\w.]+)\.sqlite$")


class BackupFailed(UserError):
    """A backup could not be written or did not verify; nothing older was dropped."""

    def __init__(self, message: str, *, problem: str = "") -> None:
        super().__init__(message)
        self.problem = problem  # what the check of the copy found, if it ran


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str
    taken: datetime
    size: int

    def as_dict(self) -> dict[str, object]:
        return {"file": str(self.path), "kind": self.kind,
                "taken": self.taken.strftime("%Y-%m-%d %H:%M"), "size_mb": round(
                    self.size / 1e6, 1)}


def backup_dir(workspace: Path) -> Path:
    return workspace.parent / BACKUP_FOLDER / workspace.name


def not_sqlite_reason(path: Path) -> str | None:
    """Why `path` cannot be a SQLite database (empty, too short, wrong header), or None."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if size == 0:
        return "is empty (0 bytes)"
    if head != SQLITE_HEADER:
        return "is not a SQLite database"
    return None


def check_file(path: Path, *, quick: bool = False) -> str | None:
    """None if `path` is a sound SQLite file, else what is wrong (read-only, never writes)."""
    reason = not_sqlite_reason(path)
    if reason:
        return reason
    from db.engine import connect_sqlite

    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = _open_readonly(path, connect_sqlite)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}(1)")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc).splitlines()[0]
    if rows == ["ok"]:
        return None
    first = " ".join((rows[0] if rows else "no answer").replace("***", "").split())
    return f"{pragma} failed: {first}"


def _open_readonly(path: Path, connect) -> sqlite3.Connection:
    try:
        conn = connect(path, "ro")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # No -shm can be made (read-only folder, full disk): read the file as it is.
        return connect(path, "immutable")


def copy_checked(source: Path, target: Path, *, full: bool = True) -> Path:
    """Copy the live database `source` to `target` (online backup API) and verify the copy:
    `integrity_check` when `full`, else `quick_check` (pages and b-trees, not index contents).
    """
    from db.engine import connect_sqlite

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        src = _open_readonly(source, connect_sqlite)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
                rows = _verify(dst, full)
            finally:
                dst.close()
        finally:
            src.close()
        if rows != ["ok"]:
            first = " ".join(rows[0].replace("***", "").split()) if rows else "no answer"
            raise BackupFailed(f"the backup of {source} did not verify ({first}): the "
                               f"workspace itself is damaged; {_restore_hint()}",
                               problem=first)
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupFailed(f"cannot back up {source}: {str(exc).splitlines()[0]}") from exc
    except OSError as exc:
        raise BackupFailed(f"cannot write the backup {target}: {exc.strerror}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return target


def _verify(conn: sqlite3.Connection, full: bool = True) -> list[str]:
    pragma = "integrity_check" if full else "quick_check"
    return [r[0] for r in conn.execute(f"PRAGMA {pragma}(1)")]


def _restore_hint() -> str:
    return "restore a backup (factdesk backups list, then factdesk restore FILE)"


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def take(workspace: Path, kind: str, *, now: datetime | None = None,
         keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY, full: bool = True) -> Path:
    """A verified backup of `kind` in the backup folder; prunes older ones after it verified."""
    now = now or datetime.now()
    folder = backup_dir(workspace)
    target = folder / f"{kind}-{_stamp(now)}.sqlite"
    n = 1
    while target.exists():  # two in one second (tests, scripts)
        target = folder / f"{kind}-{_stamp(now + timedelta(seconds=n))}.sqlite"
        n += 1
    copy_checked(workspace, target, full=full)
    if full:
        _stamp_full_check(workspace, now)
    prune(workspace, keep_daily=keep_daily, keep_weekly=keep_weekly)
    return target


FULL_CHECK_MARKER = "last-full-check"
FULL_CHECK_EVERY = timedelta(days=7)


def _stamp_full_check(workspace: Path, now: datetime) -> None:
    with contextlib.suppress(OSError):
        (backup_dir(workspace) / FULL_CHECK_MARKER).write_text(now.isoformat(),
                                                               encoding="utf-8")


def full_check_due(workspace: Path, now: datetime | None = None) -> bool:
    """A week since the last backup verified with a full integrity_check (or never)."""
    now = now or datetime.now()
    try:
        last = datetime.fromisoformat(
            (backup_dir(workspace) / FULL_CHECK_MARKER).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return True
    return now - last >= FULL_CHECK_EVERY


def before_upgrade(workspace: Path, revision: str) -> tuple[Path, bool]:
    """The checked backup of schema `revision`: made once, reused by every retry.

    Returns (path, made_now)."""
    target = backup_dir(workspace) / f"before-upgrade-{revision}.sqlite"
    if target.exists() and check_file(target, quick=True) is None:
        return target, False
    return copy_checked(workspace, target), True


def list_backups(workspace: Path) -> list[BackupInfo]:
    """Every backup of `workspace`, newest first."""
    folder = backup_dir(workspace)
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        u = _UPGRADE.match(p.name)
        try:
            st = p.stat()
        except OSError:
            continue
        if m:
            taken = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
            found.append(BackupInfo(p, m["kind"], taken, st.st_size))
        elif u:
            found.append(BackupInfo(p, f"before-upgrade-{u['rev']}",
                                    datetime.fromtimestamp(st.st_mtime), st.st_size))
    found.sort(key=lambda b: b.taken, reverse=True)
    return found


def newest_good(workspace: Path) -> Path | None:
    """The newest backup that passes a quick check (skipping the damaged-file keepsakes)."""
    for info in list_backups(workspace):
        if info.kind != "damaged" and check_file(info.path, quick=True) is None:
            return info.path
    return None


def prune(workspace: Path, *, keep_daily: int = KEEP_DAILY,
          keep_weekly: int = KEEP_WEEKLY) -> list[Path]:
    """Drop daily backups beyond the last `keep_daily` days and `keep_weekly` weeks."""
    backups = list_backups(workspace)
    daily = [b for b in backups if b.kind == "daily"]  # newest first
    keep = {b.path for b in daily[:max(keep_daily, 1)]}
    weeks = {b.taken.isocalendar()[:2] for b in daily[:max(keep_daily, 1)]}
    extra = 0
    for b in daily[max(keep_daily, 1):]:
        week = b.taken.isocalendar()[:2]
        if week in weeks:
            continue  # this week already has a newer backup kept
        if extra >= keep_weekly:
            break
        weeks.add(week)
        keep.add(b.path)
        extra += 1
    dropped = [b.path for b in daily if b.path not in keep]
    for kind in ("before-restore", "before-import"):
        dropped += [b.path for b in backups if b.kind == kind][KEEP_BEFORE:]
    # Copies left half-written by a killed process never count as backups; clear them away.
    dropped += [p for p in backup_dir(workspace).glob("*.partial")]
    for p in dropped:
        with contextlib.suppress(OSError):
            p.unlink()
    return dropped


def daily_due(workspace: Path, now: datetime | None = None) -> bool:
    now = now or datetime.now()
    return not any(b.kind == "daily" and b.taken.date() == now.date()
                   for b in list_backups(workspace))


def daily_backup(ws: Workspace, *, force: bool = False,
                 keep: tuple[int, int] = (KEEP_DAILY, KEEP_WEEKLY),
                 flag: bool = True) -> Path | None:
    """The app's once-a-day backup; None when not due. `force` (after an unclean shutdown):
    take it now, fully checked. `keep`: how many daily and weekly backups to keep (the
    workspace settings backup_keep_daily / backup_keep_weekly, read by the caller).

    The copy is quick-checked; once a week, and when forced, it gets a full integrity_check,
    which is also the full check of the workspace (the backup API copies it page by page).
    Raises DamagedWorkspace when the copy does not verify: the workspace itself is damaged;
    with `flag` (else the caller does it, on the thread that owns `ws`) `ws` turns read-only."""
    path = ws.path
    if path is None or ws.damage:
        return None
    if not force and not daily_due(path):
        return None
    keep_daily, keep_weekly = keep
    try:
        return take(path, "daily", keep_daily=keep_daily, keep_weekly=keep_weekly,
                    full=force or full_check_due(path))
    except BackupFailed as exc:
        if exc.problem:
            from db.opening import flag_damage

            if flag:
                flag_damage(ws, exc.problem)  # read-only from now on: never written into
            damaged = DamagedWorkspace(str(exc))
            damaged.problem = exc.problem
            raise damaged from exc
        raise


def backup_before(ws: Workspace, operation: str, rows: int | None = None) -> Path | None:
    """Call before a risky operation; backs up a SQLite workspace, does nothing otherwise.

    `operation` is "import" or "restore"; with `rows`, an import of at most BULK_ROWS rows
    takes no backup. A backup that cannot be made refuses the operation (raises BackupFailed).
    """
    path = ws.path
    if path is None or (rows is not None and rows <= BULK_ROWS):
        return None
    return take(path, f"before-{operation}")


RUNNING_MARKER = "app-running"


def mark_running(workspace: Path) -> bool:
    """Note that the app has `workspace` open; True if the last run never closed it cleanly."""
    marker = backup_dir(workspace) / RUNNING_MARKER
    unclean = marker.exists()
    with contextlib.suppress(OSError):
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(str(os.getpid()), encoding="utf-8")
    return unclean


def mark_stopped(workspace: Path) -> None:
    with contextlib.suppress(OSError):
        (backup_dir(workspace) / RUNNING_MARKER).unlink()
