"""SQLite failures as one-line refusals that name the file and say what to do next.

Raw messages ("disk I/O error", "database disk image is malformed") mean little to a
fact-checker; each known kind gets its own sentence. Unknown ones keep SQLite's first line.
"""

from __future__ import annotations

from pathlib import Path

from db.errors import DamagedWorkspace, DatabaseUnavailable, UserError

RESTORE_HINT = "restore a backup (factdesk backups list, then factdesk restore FILE)"


def sqlite_message(exc: BaseException) -> str:
    """SQLite's own first line, whether wrapped by SQLAlchemy or raw."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def explain_sqlite_error(exc: BaseException, path: Path | None, *, read_only: bool = False,
                         damage: str | None = None) -> UserError:
    where = str(path) if path is not None else "the in-memory database"
    raw = sqlite_message(exc)
    low = raw.lower()
    if "malformed" in low or "not a database" in low or "file is encrypted" in low:
        return DamagedWorkspace(f"{where} is damaged ({raw}); nothing was written; "
                                f"{RESTORE_HINT}")
    if "database or disk is full" in low or "disk is full" in low:
        return DatabaseUnavailable(f"the disk holding {where} is full; nothing was saved; free "
                                   "some space and try again")
    if "readonly" in low or "read-only" in low:
        if damage:
            return DamagedWorkspace(f"{where} is open read-only because it is damaged "
                                    f"({damage}); nothing was saved; {RESTORE_HINT}")
        why = ("it was opened read-only" if read_only
               else "the file or its folder cannot be written")
        return DatabaseUnavailable(f"{where} cannot be changed: {why}; nothing was saved; "
                                   "copy it to a folder you can write to, or fix its "
                                   "permissions")
    if "locked" in low or "busy" in low:
        return DatabaseUnavailable(f"{where} is busy: another program kept it locked for more "
                                   "than 10 seconds; nothing was saved; try again, or close "
                                   "the other program")
    if "disk i/o error" in low:
        return DatabaseUnavailable(f"cannot read or write {where} (disk I/O error); nothing was "
                                   "saved; check the disk, its free space and that it is still "
                                   "connected, then try again")
    if "unable to open" in low:
        return DatabaseUnavailable(f"cannot open {where}: check that it exists and that its "
                                   "folder can be read")
    return DatabaseUnavailable(f"database error on {where}: {raw}")
