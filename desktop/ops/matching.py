"""Operations running the matcher: match claims against sources, or the sources whose matching
never finished.

The work itself is `desktop.core.suggest`; here it becomes an operation like the others: the
workspace and plain values in, `(result, Changes)` out. The `Changes` name the suggestions the
run stored (the inbox and the claim's suggestions panel follow them); a run that stored
nothing new names nothing. Every write goes through
`writer`, so the window can run the match on a thread of its own and still hand its writes to
its single database writer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from desktop.ops.changes import Changes
from desktop.progress import Progress

if TYPE_CHECKING:
    from db.engine import Workspace
    from desktop.core.suggest import Prepared, SuggestRun, Writer

T = TypeVar("T")


def _write_here(fn: Callable[[], T]) -> T:
    """The default writer: run the write on the calling thread (as `suggest.write_here`,
    which is not imported here: the matcher loads numpy and the engine only when run)."""
    return fn()


def run_matching(ws: Workspace, *, claim_ids: Sequence[int] | None = None,
                 document_ids: Sequence[int] | None = None, progress: Progress | None = None,
                 writer: Writer = _write_here) -> tuple[SuggestRun, Changes]:
    """Match open claims (or those given) against sources' passages (all, or those of the
    documents given) and store the pairs never suggested before. `progress` follows
    `desktop.progress`; when it says stop, `Cancelled` is raised and no suggestion is stored."""
    from desktop.core.suggest import suggest

    run = suggest(ws, claim_ids=claim_ids, document_ids=document_ids, progress=progress,
                  writer=writer)
    return run, Changes(suggestions=frozenset(run.new_ids))


def match_unmatched_sources(ws: Workspace, *, progress: Progress | None = None,
                            writer: Writer = _write_here) -> tuple[SuggestRun | None, Changes]:
    """Match the sources whose matching was interrupted (stored, then the run stopped or
    failed); the run is None when there were none."""
    from db.queries.matching_state import unmatched_sources

    with ws.session() as session:
        pending = unmatched_sources(session)
    if not pending:
        return None, Changes()
    return run_matching(ws, document_ids=pending, progress=progress, writer=writer)


def prepare_matching(ws: Workspace, *, progress: Progress | None = None
                     ) -> tuple[Prepared, Changes]:
    """Prepare, once the workspace is open, what the first new source's match will need (the
    open claims indexed, their vectors read, the model loaded). Changes nothing stored."""
    from desktop.core.suggest import prepare

    return prepare(ws, progress), Changes()
