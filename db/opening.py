"""Opening a SQLite workspace safely: refuse what is not one, check it, never write into damage.

Order: a missing file is created only when asked (`init`, the app's first run); an empty or
non-SQLite file is refused and left alone; the file is opened read-write, else read-only, else
immutable (a read-only folder or a full disk cannot hold the WAL index); `PRAGMA quick_check`
runs on every open of a file not exactly as Factdesk last left it sound (db.verified_state)
and a failure reopens the file read-only with one message offering the
newest good backup. If an
interrupted upgrade (see db.upgrade_guard) left damage, its checked backup is restored.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from db.backup import check_file, newest_good, not_sqlite_reason
from db.engine import Workspace, is_sqlite, sqlite_path, wait_for_creator
from db.errors import DamagedWorkspace, UserError
from db.sqlite_errors import sqlite_message
from db.upgrade_guard import clear_marker, pending_upgrade
from db.verified_state import forget_verified, unchanged_since_verified

DAMAGE_WORDS = ("malformed", "not a database", "corrupt")


def open_checked(url: str, *, create: bool = False, check: bool = True) -> Workspace:
    """The Workspace for `url`; for a SQLite file, after the checks above."""
    path = sqlite_path(url) if is_sqlite(url) else None
    if path is None:
        return Workspace(url)
    if not path.exists():
        if not create:
            raise UserError(f"{path} does not exist; create a workspace there with: "
                            f"factdesk --db {path} init")
        ws = Workspace(url, mode="rwc")
        ws.verified, ws.open_check = True, "created"  # made here, by this process
        return ws
    reason = not_sqlite_reason(path)
    if reason and create and path.stat().st_size == 0 and wait_for_creator(path):
        reason = not_sqlite_reason(path)  # another process was creating it: now it is there
    if reason:
        raise DamagedWorkspace(f"{path} {reason}: it is not a Factdesk workspace and was left "
                               f"as it is; {restore_advice(path)}")
    ws = _open_any_mode(url, path)
    problem = _quick_check(ws) if check else None
    pending = pending_upgrade(path)
    if problem and pending is not None and check_file(pending.backup) is None:
        # Should not happen (upgrades are one transaction), but if an interrupted upgrade left
        # damage, its checked backup is exactly the state to go back to.
        from db.restore import restore_sqlite

        ws.dispose()
        restore_sqlite(path, pending.backup, keep_current=True)
        ws = _open_any_mode(url, path)
        ws.notices.append(f"the last schema upgrade of {path} was interrupted and left it "
                          f"damaged; it was restored from {pending.backup}")
        clear_marker(path)  # told once, here
        problem = _quick_check(ws)
    if problem:
        flag_damage(ws, problem)
    return ws


def flag_damage(ws: Workspace, problem: str) -> None:
    """Switch `ws` to read-only with one message offering the newest good backup."""
    ws.reopen_read_only(problem)
    if ws.path is not None:
        forget_verified(ws.path)
    ws.notices.append(f"{ws.path} is damaged ({problem}): opened read-only so nothing is "
                      f"written into it; {restore_advice(ws.path)}")  # type: ignore[arg-type]


def check_now(ws: Workspace) -> str | None:
    """The open-time quick_check, for callers that deferred it (the app runs it on its worker
    right after the first list is shown, ahead of any write); flags damage as above."""
    if ws.path is None or ws.damage:
        return ws.damage
    problem = _quick_check(ws)
    if problem:
        flag_damage(ws, problem)
    return problem


def restore_advice(path: Path) -> str:
    good = newest_good(path)
    if good is None:
        return ("no backup of it was found; move it away to start a new workspace there with "
                "factdesk init")
    return f"restore the newest good backup with: factdesk --db {path} restore {good}"


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _open_any_mode(url: str, path: Path) -> Workspace:
    modes = ("rw", "ro", "immutable") if _writable(path) else ("ro", "immutable")
    first_error = ""
    for mode in modes:
        ws = Workspace(url, mode=mode)
        try:
            with ws.engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except DBAPIError as exc:
            ws.dispose()
            message = sqlite_message(exc)
            if any(w in message.lower() for w in DAMAGE_WORDS):
                damaged = Workspace(url, mode="ro")
                damaged.damage = message
                return damaged
            first_error = first_error or message
            continue
        if mode != "rw":
            why = first_error or "the file or its folder cannot be written"
            ws.notices.append(f"{path} is opened read-only ({why}): you can read it, but "
                              "changes cannot be saved")
        return ws
    raise UserError(f"cannot open {path} ({first_error}); check that the file and its "
                    "folder can be read")


def _quick_check(ws: Workspace) -> str | None:
    if ws.damage:
        return ws.damage
    path = ws.path
    if path is not None and unchanged_since_verified(path):
        ws.verified, ws.open_check = True, "unchanged"  # the bytes a check passed (see there)
        return None
    try:
        with ws.engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check(1)")]
    except DBAPIError as exc:
        return sqlite_message(exc)
    if rows == ["ok"]:
        ws.verified, ws.open_check = True, "checked"
        return None
    first = " ".join((rows[0] if rows else "no answer").replace("***", "").split())
    return f"quick_check: {first}"
