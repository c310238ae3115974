"""The one progress and cancel contract of every long job: matching, import, report, feeds.

A job takes `progress: Progress | None` and calls it as `progress(done, total, what)`: `done`
of `total` steps (total 0 when unknown), `what` a short phrase for a status bar ("Reading
page 3", "Matching claims"). Returning False asks the job to stop; it then raises `Cancelled`
at that point, having written nothing it would not keep (each job says what it keeps).

The window makes one such callable per run, which emits a signal and answers from the run's
cancel flag; the CLI passes None or a callable that prints.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.errors import UserError

Progress = Callable[[int, int, str], bool | None]  # None counts as "go on"


class Cancelled(UserError):
    """The person running a job stopped it."""


def step(progress: Progress | None, done: int, total: int, what: str = "") -> None:
    """Report one step; raise `Cancelled` when the callable answers False."""
    if progress is not None and progress(done, total, what) is False:
        raise Cancelled(f"{what or 'work'} cancelled")
