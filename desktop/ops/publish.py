"""Operations that publish the work: the PDF report and the exports (ClaimReview JSON-LD, CSV,
web pages, CSL-JSON).

Each reads what it needs in ONE short unit of work into plain records (`ReportData`), closes
it, and only then lays out the file: a long render never holds a database transaction, and the
render functions (`render_report`, `render_site`, ...) take plain records only. Files are
written through `desktop.core.outfile`, whole or not at all.

Nothing in the workspace changes, so each returns an empty `Changes`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from db.vocab import VERDICTS
from desktop.core.outfile import check_target, is_stdout, open_output, output_path
from desktop.errors import UserError
from desktop.ops.changes import Changes
from desktop.progress import Progress, step

if TYPE_CHECKING:
    from db.engine import Workspace
    from db.queries.claims import ClaimFilter
    from desktop.reports.data import ReportData
    from desktop.reports.html_page import SiteResult
    from desktop.reports.pdf import ReportResult

LAYOUTS = ("publication", "audit")
Warn = Callable[[str], None]  # a note for the person, told before anything is written


class NothingToReport(UserError):
    """No claim matches the selection: no file is written."""


@dataclass(frozen=True, slots=True)
class Selection:
    """Which claims: the given ids, those with the given statuses, or both narrowed together;
    `listed` is the filter of a claim list (the window's) when no ids are given."""

    claim_ids: Sequence[int] | None = None
    statuses: Sequence[str] | None = None
    listed: ClaimFilter | None = None


# --- gathering: the only part that opens a session -------------------------------------------

def gather(ws: Workspace, selection: Selection = Selection(), *,
           with_history: bool = True) -> ReportData:
    """Every record a report or export of `selection` needs, read in one unit of work."""
    from db.queries.browse import claim_id_list
    from db.queries.claims import ClaimFilter
    from desktop.reports.data import gather_report_data

    statuses = list(selection.statuses) if selection.statuses is not None else None
    with ws.session() as s:
        ids = list(selection.claim_ids) if selection.claim_ids is not None else None
        # An empty filter lists the whole workspace: the report then says "all claims".
        if ids is None and selection.listed is not None and selection.listed != ClaimFilter():
            ids = claim_id_list(s, selection.listed)
        return gather_report_data(s, claim_ids=ids, status=statuses, with_history=with_history)


# --- rendering: plain records in, files out, no session --------------------------------------

def render_report(data: ReportData, path: Path, *, layout: str, author: str,
                  title: str | None = None, progress: Progress | None = None) -> ReportResult:
    """Lay out the PDF of `data` at `path`; `progress` sees each claim section."""
    from desktop.reports.pdf import build_pdf

    return build_pdf(data, path, author=author, title=title, progress=progress, layout=layout)


def render_site(data: ReportData, folder: Path, *, title: str | None = None,
                progress: Progress | None = None) -> SiteResult:
    from desktop.reports.html_page import write_site

    return write_site(data, folder, title=title, progress=progress)


def _json(items: list[dict[str, Any]]) -> Callable[[TextIO], None]:
    def fill(fh: TextIO) -> None:
        json.dump(items, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return fill


def check_out(out: Path) -> None:
    """Refuse an `--out` that cannot be written (a folder, a device...) before any work."""
    if not is_stdout(out):
        check_target(out)


def check_folder(folder: Path) -> Path:
    """Refuse a place for web pages that is not (or cannot become) a folder."""
    folder = Path(folder)
    if str(folder) == "-":
        raise UserError("web pages need a folder for --out")
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is not a folder")
    if not folder.parent.is_dir():
        raise UserError(f"folder {folder.parent} does not exist")
    return folder


def check_report_out(out: Path) -> Path:
    """As `check_out`, and a PDF needs a file: standard output is refused."""
    check_out(out)
    if is_stdout(out):
        raise UserError("a PDF report needs a file name for --out")
    return Path(out)


def _warn_unset_url(data: ReportData, warn: Warn | None) -> None:
    from desktop.reports.claimreview import UNSET_TEMPLATE_WARNING, review_url_is_set

    if warn is not None and not review_url_is_set(data.settings):
        warn(UNSET_TEMPLATE_WARNING)


# --- operations ------------------------------------------------------------------------------

def build_report(ws: Workspace, out: Path, selection: Selection = Selection(), *,
                 layout: str = "publication", author: str | None = None,
                 title: str | None = None,
                 progress: Progress | None = None) -> tuple[ReportResult, Changes]:
    """Write the PDF report of `selection` to `out` (a file, not standard output).

    The publication layout reports verdicts only unless statuses are given. `author` names
    who checked: by default the organisation setting (publication) or the user (audit).
    Raises `NothingToReport` when no claim matches, `Cancelled` when `progress` says stop;
    either way no file is written.
    """
    from desktop.core.config import current_user

    if layout not in LAYOUTS:
        raise UserError(f"unknown layout {layout!r}; use one of " + ", ".join(LAYOUTS))
    out = check_report_out(out)
    if selection.statuses is None and layout == "publication":
        selection = replace(selection, statuses=list(VERDICTS))  # readers get settled claims
    step(progress, 0, 0, "Reading the claims")
    data = gather(ws, selection, with_history=layout == "audit")
    if not data.claims:
        raise NothingToReport("no claims match; nothing to report")
    # A published report names the desk (organisation setting), not whoever ran it.
    author = author or (current_user() if layout == "audit" else "")
    with output_path(out) as part:
        result = render_report(data, part, layout=layout, author=author, title=title,
                               progress=progress)
    return replace(result, path=out), Changes()


def export_claimreview(ws: Workspace, out: Path, selection: Selection = Selection(), *,
                       warn: Warn | None = None) -> tuple[int, Changes]:
    """schema.org ClaimReview JSON-LD for each selected claim with a verdict, to `out` (`-`:
    standard output); returns how many items were written."""
    from desktop.reports.claimreview import claim_reviews

    check_out(out)
    data = gather(ws, selection)
    items = claim_reviews(data)
    if items:
        _warn_unset_url(data, warn)
    with open_output(out) as fh:
        _json(items)(fh)
    return len(items), Changes()


def export_csv(ws: Workspace, out: Path, selection: Selection = Selection(), *,
               bom: bool = False) -> tuple[int, Changes]:
    """The selected claims as CSV (a byte-order mark first with `bom`, for Excel); returns how
    many claims were written."""
    from desktop.reports.tabular import write_claims_csv

    check_out(out)
    data = gather(ws, selection)
    with open_output(out, encoding="utf-8-sig" if bom else "utf-8") as fh:
        write_claims_csv(data, fh)
    return len(data.claims), Changes()


def export_site(ws: Workspace, folder: Path, selection: Selection = Selection(), *,
                title: str | None = None, warn: Warn | None = None,
                progress: Progress | None = None) -> tuple[SiteResult, Changes]:
    """A static fact-check page per selected claim and an index, in `folder` (made if missing;
    its parent must exist). Pages are made for verdicts unless statuses are given."""
    folder = check_folder(folder)
    if not selection.statuses:
        selection = replace(selection, statuses=list(VERDICTS))  # published: settled claims
    data = gather(ws, selection)
    if not data.claims:
        raise NothingToReport("no claims match; nothing to export (pages are made for "
                              "verdicts unless --status says otherwise)")
    _warn_unset_url(data, warn)
    return render_site(data, folder, title=title, progress=progress), Changes()


def export_sources(ws: Workspace, out: Path, *,
                   kind: str | None = None) -> tuple[int, Changes]:
    """The workspace's documents (or those of one kind) as CSL-JSON for a reference manager;
    returns how many were written."""
    from db.queries.reporting import all_document_ids, documents_by_ids
    from desktop.reports.tabular import csl_items

    check_out(out)
    with ws.session() as s:
        docs = documents_by_ids(s, all_document_ids(s, kind))
    if not docs:
        raise UserError("the workspace holds no documents to export")
    items = csl_items(docs[i] for i in sorted(docs))
    with open_output(out) as fh:
        _json(items)(fh)
    return len(items), Changes()
