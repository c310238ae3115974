"""Storing what was read: one document with its passages, and the claims picked from it.

Everything here runs inside the caller's unit of work (`with ws.session() as s:`), so an
import either lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from db.limits import clip
from db.models import Claim
from db.queries.claim_edits import add_claim
from db.queries.documents import store_document
from db.records import ClaimRecord, DocumentRecord
from db.vocab import DocumentKind
from desktop.errors import UserError
from desktop.ingest.base import ExtractedDocument, check_article_size
from desktop.ingest.duplicates import SkippedDraft
from desktop.ingest.sentences import sentence_spans
from desktop.progress import Progress

KINDS = (DocumentKind.ARTICLE.value, DocumentKind.SOURCE.value)


@dataclass(frozen=True, slots=True)
class ClaimDraft:
    """A claim the user accepted from a candidate, possibly reworded."""

    text: str
    quote: str
    quote_start: int
    quote_end: int
    speaker: str = ""
    claim_date: date | None = None
    tags: str = ""


@dataclass(frozen=True, slots=True)
class ImportResult:
    document: DocumentRecord
    created: bool  # False when the same text was already stored (nothing new was written)
    claims: list[ClaimRecord] = field(default_factory=list)
    # Drafts left out because they nearly repeat a logged claim (see desktop.ops.imports).
    skipped: tuple[SkippedDraft, ...] = ()


def passage_spans(extracted: ExtractedDocument, *,
                  progress: Progress | None = None) -> list[tuple[int, int]]:
    return sentence_spans(extracted.text, extracted.language or "en", progress=progress)


def validate_drafts(text: str, drafts: Sequence[ClaimDraft]) -> None:
    """Refuse drafts whose offsets do not hold their quote, before anything is written."""
    for i, d in enumerate(drafts, 1):
        if not d.text.strip():
            raise UserError(f"claim {i} has no text")
        if not 0 <= d.quote_start < d.quote_end <= len(text) or \
                text[d.quote_start:d.quote_end] != d.quote:
            raise UserError(f"claim {i}: its quote does not match the article at "
                            f"{d.quote_start}-{d.quote_end}")


def import_document(session: Session, extracted: ExtractedDocument, *, kind: str, actor: str,
                    spans: Sequence[tuple[int, int]] | None = None,
                    claims: Sequence[ClaimDraft] = (),
                    feed_id: int | None = None) -> ImportResult:
    """Store the document (deduplicated by content, versioned by URL) and its claims.

    `spans` are the sentence passages; computed here when not given. The returned document
    is the new one, or the existing one with identical text (`created` False), so the caller
    can run matching on new passages only.
    """
    if kind not in KINDS:
        raise UserError(f"import as article or source, not {kind!r}")
    if claims and kind != DocumentKind.ARTICLE:
        raise UserError("claims can only be logged from an article")
    if kind == DocumentKind.ARTICLE:
        check_article_size(extracted)
    validate_drafts(extracted.text, claims)
    if spans is None:
        spans = passage_spans(extracted)
    stored = store_document(
        session, text=extracted.text, kind=kind, actor=actor, spans=spans,
        title=extracted.title, outlet=extracted.outlet, author=extracted.author,
        url=extracted.url, published=extracted.published, language=extracted.language,
        feed_id=feed_id)  # store_document cuts each to its declared column length
    doc = stored.document
    # The speaker was found in the article, so it is cut to its declared length rather than
    # refused as typed input beyond a length is (db.claim_input).
    logged = [add_claim(session, text=d.text, actor=actor, quote=d.quote, article_id=doc.id,
                        quote_start=d.quote_start, quote_end=d.quote_end,
                        claim_date=d.claim_date, tags=d.tags, **clip(Claim, speaker=d.speaker))
              for d in claims]
    return ImportResult(document=doc, created=stored.created, claims=logged)
