"""A marker file that outlives a killed schema upgrade, so the next start can say what happened.

The upgrade itself runs in one transaction (an interrupted one leaves the old schema intact);
the marker only carries the story: which schema was being left, and where its backup is.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from db.backup import backup_dir

MARKER_NAME = "upgrade-in-progress"


@dataclass(frozen=True)
class PendingUpgrade:
    revision: str
    backup: Path


def marker_path(workspace: Path) -> Path:
    return backup_dir(workspace) / MARKER_NAME


def pending_upgrade(workspace: Path) -> PendingUpgrade | None:
    """The upgrade a previous run started and never finished, if any."""
    try:
        rev, _, backup = marker_path(workspace).read_text(encoding="utf-8").partition("\n")
    except OSError:
        return None
    return PendingUpgrade(rev.strip(), Path(backup.strip()))


def clear_marker(workspace: Path) -> None:
    with contextlib.suppress(OSError):
        marker_path(workspace).unlink()


class UpgradeMarker:
    """Present on disk for exactly as long as an upgrade runs."""

    def __init__(self, workspace: Path, revision: str, backup: Path) -> None:
        self.workspace, self.revision, self.backup = workspace, revision, backup

    def __enter__(self) -> UpgradeMarker:
        path = marker_path(self.workspace)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{self.revision}\n{self.backup}\n", encoding="utf-8")
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        # Reached on success and on a clean failure (the transaction was rolled back); only a
        # killed process leaves the marker behind.
        clear_marker(self.workspace)
