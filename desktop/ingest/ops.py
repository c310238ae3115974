"""The import workflow as plain calls, shared by the CLI and the import dialog.

`prepare` reads and analyses without touching the database (safe on any worker thread);
`save` writes in one unit of work. The dialog receives an object with these methods, so the
window that opens it decides which workspace (and which worker) does the writing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from db.engine import Workspace
from db.vocab import DocumentKind
from desktop.ingest.base import (
    MAX_ARTICLE_CHARS,
    CancelCheck,
    ExtractedDocument,
    Progress,
    check_article_size,
)
from desktop.ingest.candidates import Candidate, propose
from desktop.ingest.pipeline import ClaimDraft, ImportResult, import_document, passage_spans
from desktop.ingest.reader import read_source, read_text


@dataclass(frozen=True, slots=True)
class PreparedImport:
    extracted: ExtractedDocument
    spans: list[tuple[int, int]]
    candidates: list[Candidate] = field(default_factory=list)  # best first


class ImportOps(Protocol):
    def prepare(self, source: str = "", *, text: str = "", progress: Progress | None = None,
                cancel: CancelCheck | None = None) -> PreparedImport: ...

    def existing_claims(self) -> list[tuple[int, str, str]]: ...  # (id, text, quote)

    def save(self, prepared: PreparedImport, *, kind: str,
             claims: Sequence[ClaimDraft] = ()) -> ImportResult: ...


def prepare(source: str = "", *, text: str = "", progress: Progress | None = None,
            cancel: CancelCheck | None = None, kind: str = "") -> PreparedImport:
    """Read a file path or URL (or take pasted `text`), split it and score its sentences.

    Sentences are scored as claim candidates unless `kind` is "source" or the text is too long
    to be an article; with `kind` "article" such a text is refused before it is split.
    """
    extracted = read_text(text) if text else read_source(source, progress=progress, cancel=cancel)
    if kind == DocumentKind.ARTICLE:
        check_article_size(extracted)
    spans = passage_spans(extracted, progress=progress, cancel=cancel)
    candidates: list[Candidate] = []
    if kind != DocumentKind.SOURCE and len(extracted.text) <= MAX_ARTICLE_CHARS:
        candidates = propose(extracted.text, spans, language=extracted.language,
                             outlet=extracted.outlet, progress=progress, cancel=cancel)
    return PreparedImport(extracted, spans, candidates)


def with_metadata(prepared: PreparedImport, **changes: object) -> PreparedImport:
    """The same import with title, outlet, author, published... as the user corrected them."""
    return replace(prepared, extracted=replace(prepared.extracted, **changes))


class WorkspaceImportOps:
    """ImportOps over a Workspace: each save is one transaction of its own."""

    def __init__(self, ws: Workspace, actor: str) -> None:
        self.ws = ws
        self.actor = actor

    def prepare(self, source: str = "", *, text: str = "", progress: Progress | None = None,
                cancel: CancelCheck | None = None) -> PreparedImport:
        return prepare(source, text=text, progress=progress, cancel=cancel)

    def has_article(self) -> bool:
        """Once there is an article, what comes next is usually a later source."""
        from db.queries.documents import has_document

        with self.ws.session() as s:
            return has_document(s, "article")

    def existing_claims(self) -> list[tuple[int, str, str]]:
        """(id, text, quote) of the logged claims, for the near-repeat warning."""
        from db.queries.claims import list_claims

        with self.ws.session() as s:
            return [(c.id, c.text, c.quote) for c in list_claims(s).rows]

    def save(self, prepared: PreparedImport, *, kind: str,
             claims: Sequence[ClaimDraft] = ()) -> ImportResult:
        with self.ws.session() as s:
            return import_document(s, prepared.extracted, kind=kind, actor=self.actor,
                                   spans=prepared.spans, claims=claims)
