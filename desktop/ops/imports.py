"""Operations bringing things in: prepare and save an import, import a spreadsheet of claims.

`prepare_import` and `read_spreadsheet` read and analyse without touching the database (any
thread may run them; a long read reports through `desktop.progress` and may be cancelled).
`save_import` and `import_spreadsheet` then write in one unit of work each: a refusal anywhere
leaves the workspace as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from db.vocab import DocumentKind
from desktop.core.config import current_user
from desktop.ingest.base import MAX_ARTICLE_CHARS, ExtractedDocument, check_article_size
from desktop.ingest.candidates import Candidate, propose
from desktop.ingest.duplicates import SkippedDraft, find_near_duplicates
from desktop.ingest.pipeline import ClaimDraft, ImportResult, import_document, passage_spans
from desktop.ingest.reader import read_source, read_text
from desktop.ops.changes import Changes
from desktop.progress import Progress

if TYPE_CHECKING:
    from sqlmodel import Session

    from db.engine import Workspace
    from desktop.core.spreadsheet_text import DecodedText
    from desktop.core.suggest import SuggestRun

Logged = tuple[int, str, str]  # (id, text, quote) of a logged claim


@dataclass(frozen=True, slots=True)
class PreparedImport:
    """A document read and split, with its claim candidates; nothing is stored yet."""

    extracted: ExtractedDocument
    spans: list[tuple[int, int]]
    candidates: list[Candidate] = field(default_factory=list)  # best first


def prepare_import(source: str = "", *, text: str = "", kind: str = "",
                   progress: Progress | None = None) -> PreparedImport:
    """Read a file path or URL (or take pasted `text`), split it and score its sentences.

    Writes nothing, so it returns no `Changes`. Sentences are scored as claim candidates unless
    `kind` is "source" or the text is too long to be an article; with `kind` "article" such a
    text is refused before it is split.
    """
    extracted = read_text(text) if text else read_source(source, progress=progress)
    if kind == DocumentKind.ARTICLE:
        check_article_size(extracted)
    spans = passage_spans(extracted, progress=progress)
    candidates: list[Candidate] = []
    if kind != DocumentKind.SOURCE and len(extracted.text) <= MAX_ARTICLE_CHARS:
        candidates = propose(extracted.text, spans, language=extracted.language,
                             outlet=extracted.outlet, progress=progress)
    return PreparedImport(extracted, spans, candidates)


def with_metadata(prepared: PreparedImport, **changes: object) -> PreparedImport:
    """The same import with title, outlet, author, published... as the user corrected them."""
    return replace(prepared, extracted=replace(prepared.extracted, **changes))


def draft_claim(prepared: PreparedImport, cand: Candidate, *, text: str | None = None,
                speaker: str | None = None) -> ClaimDraft:
    """A candidate as a claim to log, quoting the article's exact words; `text` and `speaker`
    as the user reworded them (the candidate's own when None)."""
    return ClaimDraft(text=cand.claim if text is None else text,
                      quote=prepared.extracted.text[cand.quote_start:cand.quote_end],
                      quote_start=cand.quote_start, quote_end=cand.quote_end,
                      speaker=cand.speaker if speaker is None else speaker)


def skip_near_repeats(drafts: Sequence[ClaimDraft], logged: Sequence[Logged]
                      ) -> tuple[list[ClaimDraft], tuple[SkippedDraft, ...]]:
    """The drafts that repeat neither a logged claim nor a draft kept before them, and those
    left out (each with the claim it nearly repeats; a kept draft counts as claim -n)."""
    known = list(logged)
    kept: list[ClaimDraft] = []
    skipped: list[SkippedDraft] = []
    for i, d in enumerate(drafts):
        dup = find_near_duplicates(d.text, known)
        if dup:
            skipped.append(SkippedDraft(i, dup[0]))
            continue
        kept.append(d)
        known.append((-len(kept), d.text, d.quote))
    return kept, tuple(skipped)


def logged_claims(ws: Workspace) -> list[Logged]:
    """(id, text, quote) of the logged claims, for the near-repeat warning."""
    with ws.session() as s:
        return _logged(s)


def _logged(session: Session) -> list[Logged]:
    from db.queries.claims import list_claims

    return [(c.id, c.text, c.quote) for c in list_claims(session).rows]


def has_article(ws: Workspace) -> bool:
    """Once there is an article, what comes next is usually a later source."""
    from db.queries.documents import has_document

    with ws.session() as s:
        return has_document(s, DocumentKind.ARTICLE.value)


def save_import(ws: Workspace, prepared: PreparedImport, *, kind: str,
                claims: Sequence[ClaimDraft] = (), actor: str | None = None,
                skip_repeats: bool = True) -> tuple[ImportResult, Changes]:
    """Store the document (deduplicated by content, versioned by URL) and the chosen claims.

    With `skip_repeats`, a draft that nearly repeats a logged claim, or one kept before it, is
    left out and named in `ImportResult.skipped`; the import dialog passes False, as its user
    was warned of each repeat and ticked it anyway.
    """
    with ws.session() as s:
        skipped: tuple[SkippedDraft, ...] = ()
        if skip_repeats and claims:
            claims, skipped = skip_near_repeats(claims, _logged(s))
        result = import_document(s, prepared.extracted, kind=kind, actor=actor or current_user(),
                                 spans=prepared.spans, claims=claims)
    result = replace(result, skipped=skipped)
    ids = frozenset(c.id for c in result.claims)
    return result, Changes(documents=frozenset({result.document.id}) if result.created
                           else frozenset(), claims=ids, claims_reset=bool(ids),
                           claim_records=tuple(result.claims))


@dataclass(frozen=True, slots=True)
class Imported:
    """An import saved, and the matching run it started (None: not matched)."""

    result: ImportResult
    matched: SuggestRun | None = None


def import_and_match(ws: Workspace, prepared: PreparedImport, *, kind: str,
                     claims: Sequence[ClaimDraft] = (), match: bool = True,
                     actor: str | None = None, progress: Progress | None = None
                     ) -> tuple[Imported, Changes]:
    """Save the import; a later source is then matched against the open claims (also when
    the same text was stored before but its matching never finished). The window runs the
    same two steps apart, `save_import` on its writer and the match queued on its matching
    job, so the source shows at once and the match can be cancelled."""
    from db.queries.matching_state import is_matched
    from desktop.ops.matching import run_matching

    result, changes = save_import(ws, prepared, kind=kind, claims=claims, actor=actor)
    if not match or kind != DocumentKind.SOURCE:
        return Imported(result), changes
    doc_id = result.document.id
    with ws.session() as s:
        pending = result.created or not is_matched(s, doc_id)
    if not pending:
        return Imported(result), changes
    run, matched = run_matching(ws, document_ids=[doc_id], progress=progress)
    return Imported(result, run), changes | matched


# --- a spreadsheet of claims ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SpreadsheetRows:
    """A spreadsheet decoded and every row checked; nothing is stored yet."""

    decoded: DecodedText  # says which encoding was used and whether it was a guess
    rows: list[dict[str, Any]]


def read_spreadsheet(path: Path, encoding: str | None = None) -> SpreadsheetRows:
    """Decode a CSV file (in `encoding`, else UTF-8 or the likeliest code page) and check every
    row; the first bad row refuses the file with its number."""
    from desktop.core.claim_import import parse_claims_csv, read_csv

    decoded = read_csv(path, encoding)
    return SpreadsheetRows(decoded, parse_claims_csv(decoded.text))


def import_spreadsheet(ws: Workspace, rows: list[dict[str, Any]], *,
                       actor: str | None = None) -> tuple[int, Changes]:
    """Log checked rows (from `read_spreadsheet`) as claims, all or none; returns how many."""
    from db.backup import backup_before
    from db.queries.claim_edits import bulk_add_claims

    if not rows:
        return 0, Changes()
    backup_before(ws, "import", rows=len(rows))  # a checked backup before a bulk import
    with ws.session() as s:
        n = bulk_add_claims(s, rows, actor=actor or current_user())
    return n, Changes(claims_reset=True)


# --- what the import dialog works with -----------------------------------------------------

class ImportOps(Protocol):
    """The import operations as the dialog calls them, bound to one workspace and actor."""

    def prepare(self, source: str = "", *, text: str = "",
                progress: Progress | None = None) -> PreparedImport: ...

    def existing_claims(self) -> list[Logged]: ...

    def save(self, prepared: PreparedImport, *, kind: str,
             claims: Sequence[ClaimDraft] = ()) -> ImportResult: ...


class WorkspaceImportOps:
    """ImportOps over a Workspace: the operations above, each save one unit of work."""

    def __init__(self, ws: Workspace, actor: str) -> None:
        self.ws = ws
        self.actor = actor

    def prepare(self, source: str = "", *, text: str = "",
                progress: Progress | None = None) -> PreparedImport:
        return prepare_import(source, text=text, progress=progress)

    def has_article(self) -> bool:
        return has_article(self.ws)

    def existing_claims(self) -> list[Logged]:
        return logged_claims(self.ws)

    def save(self, prepared: PreparedImport, *, kind: str,
             claims: Sequence[ClaimDraft] = ()) -> ImportResult:
        # The dialog warned of every near repeat as it was ticked: what is ticked is logged.
        return save_import(self.ws, prepared, kind=kind, claims=claims, actor=self.actor,
                           skip_repeats=False)[0]
