"""Writing claims. Every change is validated first and recorded in history in the same unit of
work, so a refused change writes nothing at all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, literal, null, select
from sqlmodel import Session

from db.errors import ConflictError, InvalidValue, NotFound
from db.models import Claim, Document, Evidence, History, utcnow
from db.queries.claims import get_claim, to_record
from db.queries.history import record
from db.queries.search import begin_bulk_insert, index_new_claims
from db.records import ClaimRecord
from db.vocab import SPEAKER_KINDS, STATUSES, VERDICTS, ClaimStatus

EDITABLE = ("text", "quote", "article_id", "quote_start", "quote_end", "speaker", "claim_date",
            "tags", "status", "rationale", "review_by", "settled_without_evidence",
            "speaker_kind")


def check_evidence(session: Session, claim_id: int | None, status: str,
                   without_evidence: bool) -> bool:
    """A verdict needs linked evidence or an explicit "settled without linked evidence".

    Returns the flag to store: true only for a verdict that has no evidence and was said to be
    settled without any (with evidence linked the statement would be wrong, so it is dropped).
    """
    if status not in VERDICTS:
        return False
    linked = 0
    if claim_id is not None:
        linked = session.execute(select(func.count()).select_from(Evidence)
                                 .where(Evidence.claim_id == claim_id)).scalar_one()
    if linked:
        return False
    if not without_evidence:
        raise InvalidValue(f"the verdict {status!r} needs linked evidence; link some, or say "
                           "it was settled without linked evidence (--without-evidence)")
    return True


def check_speaker_kind(kind: str) -> None:
    if kind and kind not in SPEAKER_KINDS:
        raise InvalidValue(f"unknown claimant kind {kind!r}; use "
                           + " or ".join(SPEAKER_KINDS))


def check_status(status: str, rationale: str | None) -> None:
    if status not in STATUSES:
        raise InvalidValue(f"unknown status {status!r}; use one of " + ", ".join(STATUSES))
    if status in VERDICTS and not (rationale or "").strip():
        raise InvalidValue(f"the verdict {status!r} needs a rationale (--rationale)")


def normalise_tags(tags: str | Iterable[str]) -> str:
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    seen: dict[str, None] = {}
    for tag in items:
        tag = tag.strip()
        if tag and tag.casefold() not in {t.casefold() for t in seen}:
            seen[tag] = None
    return ", ".join(seen)


def locate_quote(session: Session, article_id: int | None, quote: str,
                 start: int | None, end: int | None) -> tuple[int | None, int | None]:
    """Check (or find) the quote's offsets in its article so that text[start:end] == quote."""
    if article_id is None:
        if start is not None or end is not None:
            raise InvalidValue("quote offsets need an article (--article)")
        return None, None
    doc = session.get(Document, article_id)
    if doc is None:
        raise NotFound(f"no document with id {article_id}")
    if not quote:
        return None, None
    if start is None or end is None:
        found = doc.text.find(quote)
        if found < 0:
            raise InvalidValue(f"the quote does not occur verbatim in document {article_id}")
        return found, found + len(quote)
    if doc.text[start:end] != quote:
        raise InvalidValue(f"offsets {start}-{end} do not hold the quote in document {article_id}")
    return start, end


def add_claim(session: Session, *, text: str, actor: str, quote: str = "",
              article_id: int | None = None, quote_start: int | None = None,
              quote_end: int | None = None, speaker: str = "", claim_date: date | None = None,
              tags: str | Iterable[str] = "", status: str = ClaimStatus.UNVERIFIED.value,
              rationale: str = "", review_by: date | None = None,
              settled_without_evidence: bool = False, speaker_kind: str = "") -> ClaimRecord:
    text = text.strip()
    if not text:
        raise InvalidValue("a claim needs its text")
    check_speaker_kind(speaker_kind)
    check_status(status, rationale)
    without = check_evidence(session, None, status, settled_without_evidence)
    quote_start, quote_end = locate_quote(session, article_id, quote, quote_start, quote_end)
    claim = Claim(text=text, quote=quote, article_id=article_id, quote_start=quote_start,
                  quote_end=quote_end, speaker=speaker.strip(), claim_date=claim_date,
                  tags=normalise_tags(tags), status=status, rationale=rationale.strip(),
                  review_by=review_by, settled_without_evidence=without, created_by=actor,
                  updated_by=actor, speaker_kind=speaker_kind)
    session.add(claim)
    session.flush()
    assert claim.id is not None
    record(session, entity="claim", entity_id=claim.id, field="created", old=None, new=text,
           actor=actor, rationale=rationale)
    if status != ClaimStatus.UNVERIFIED:
        record(session, entity="claim", entity_id=claim.id, field="status",
               old=ClaimStatus.UNVERIFIED.value, new=status, actor=actor, rationale=rationale)
    return to_record(claim)


def _load_for_write(session: Session, claim_id: int, expected_version: int | None,
                    *, include_deleted: bool = False) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None or (claim.deleted and not include_deleted):
        raise NotFound(f"no claim with id {claim_id}")
    if expected_version is not None and claim.version != expected_version:
        raise ConflictError(
            f"claim {claim_id} was changed by {claim.updated_by or 'someone'} meanwhile "
            f"(version {claim.version}, you edited {expected_version})",
            entity="claim", entity_id=claim_id,
            current=get_claim(session, claim_id, include_deleted=True))
    return claim


def update_claim(session: Session, claim_id: int, changes: Mapping[str, Any], *, actor: str,
                 expected_version: int | None = None, rationale: str = "") -> ClaimRecord:
    """Apply field changes; a status change to a verdict needs a rationale."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidValue("cannot edit " + ", ".join(sorted(unknown)))
    claim = _load_for_write(session, claim_id, expected_version)
    new = dict(changes)
    if "tags" in new:
        new["tags"] = normalise_tags(new["tags"])
    if "speaker_kind" in new:
        check_speaker_kind(new["speaker_kind"])
    if "text" in new:
        new["text"] = str(new["text"]).strip()
        if not new["text"]:
            raise InvalidValue("a claim needs its text")
    if "status" in new and new["status"] != claim.status:
        given = new.get("rationale", rationale)
        check_status(new["status"], given)
        if given:
            new["rationale"] = str(given).strip()
    status_after = new.get("status", claim.status)
    if "status" in new or "settled_without_evidence" in new:
        if status_after in VERDICTS and (status_after != claim.status
                                         or "settled_without_evidence" in new):
            new["settled_without_evidence"] = check_evidence(
                session, claim_id, status_after,
                bool(new.get("settled_without_evidence", claim.settled_without_evidence)))
        elif status_after not in VERDICTS:
            new["settled_without_evidence"] = False
    why = str(new.get("rationale", rationale) or "")
    if {"quote", "article_id", "quote_start", "quote_end"} & set(new):
        start, end = locate_quote(
            session, new.get("article_id", claim.article_id), new.get("quote", claim.quote),
            new.get("quote_start"), new.get("quote_end"))
        new["quote_start"], new["quote_end"] = start, end
    changed = False
    for field, value in new.items():
        old = getattr(claim, field)
        if old == value:
            continue
        setattr(claim, field, value)
        record(session, entity="claim", entity_id=claim_id, field=field, old=old, new=value,
               actor=actor, rationale=why if field in ("status", "rationale",
                                                       "settled_without_evidence")
               else rationale)
        changed = True
    if changed:
        claim.updated_by, claim.updated_at = actor, utcnow()
        session.flush()
    return get_claim(session, claim_id)


def set_status(session: Session, claim_id: int, status: str, *, actor: str,
               rationale: str | None = None, expected_version: int | None = None,
               without_evidence: bool = False) -> ClaimRecord:
    """Move a claim along the scale. A verdict needs a rationale, and linked evidence unless
    `without_evidence` says it was settled without any."""
    check_status(status, rationale)
    changes: dict[str, Any] = {"status": status}
    if without_evidence:
        changes["settled_without_evidence"] = True
    if rationale is not None:
        changes["rationale"] = rationale.strip()
    return update_claim(session, claim_id, changes, actor=actor,
                        expected_version=expected_version, rationale=rationale or "")


def delete_claim(session: Session, claim_id: int, *, actor: str,
                 expected_version: int | None = None, rationale: str = "") -> None:
    claim = _load_for_write(session, claim_id, expected_version)
    claim.deleted = True
    claim.updated_by, claim.updated_at = actor, utcnow()
    record(session, entity="claim", entity_id=claim_id, field="deleted", old=False, new=True,
           actor=actor, rationale=rationale)
    session.flush()


def restore_claim(session: Session, claim_id: int, *, actor: str) -> ClaimRecord:
    claim = _load_for_write(session, claim_id, None, include_deleted=True)
    if claim.deleted:
        claim.deleted = False
        claim.updated_by, claim.updated_at = actor, utcnow()
        record(session, entity="claim", entity_id=claim_id, field="deleted", old=True,
               new=False, actor=actor)
        session.flush()
    return get_claim(session, claim_id)


def bulk_add_claims(session: Session, rows: list[dict[str, Any]], *, actor: str) -> int:
    """Insert many validated claims at once (spreadsheet import); returns how many.

    All in the caller's transaction, each with its "created" history row.
    """
    if not rows:
        return 0
    now = utcnow()
    values = []
    for row in rows:
        check_status(row.get("status", ClaimStatus.UNVERIFIED.value), row.get("rationale"))
        values.append({
            "text": row["text"], "quote": row.get("quote", ""), "article_id": None,
            "quote_start": None, "quote_end": None, "speaker": row.get("speaker", ""),
            "claim_date": row.get("claim_date"), "tags": normalise_tags(row.get("tags", "")),
            "status": row.get("status", ClaimStatus.UNVERIFIED.value),
            "rationale": row.get("rationale", ""), "review_by": row.get("review_by"),
            # Imported verdicts were settled elsewhere, with nothing linked here.
            "settled_without_evidence": row.get("status") in VERDICTS,
            "created_by": actor, "created_at": now, "updated_by": actor, "updated_at": now,
            "deleted": False, "version": 1,
        })
    claims = Claim.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    before = conn.execute(select(func.coalesce(func.max(claims.c.id), 0))).scalar_one()
    begin_bulk_insert(conn)
    # Plain executemany through Core: the ORM's per-row RETURNING path is ten times slower.
    for i in range(0, len(values), 10_000):
        conn.execute(claims.insert(), values[i:i + 10_000])
    index_new_claims(conn, before)
    # The "created" history rows are derived in SQL from the rows just written (same
    # transaction; the timestamp and actor pick out exactly this import).
    new_rows = select(literal("claim"), claims.c.id, literal("created"), null(), claims.c.text,
                      literal(actor), literal(now, History.__table__.c.at.type),
                      literal("imported")).where(
        claims.c.id > before, claims.c.created_at == now, claims.c.created_by == actor)
    history = History.__table__  # type: ignore[attr-defined]
    columns = ["entity", "entity_id", "field", "old", "new", "actor", "at", "rationale"]
    conn.execute(history.insert().from_select(columns, new_rows))
    # As add_claim does: a claim that arrives with a verdict gets its "status" row too.
    status_rows = select(literal("claim"), claims.c.id, literal("status"),
                         literal(ClaimStatus.UNVERIFIED.value), claims.c.status, literal(actor),
                         literal(now, History.__table__.c.at.type), claims.c.rationale).where(
        claims.c.id > before, claims.c.created_at == now, claims.c.created_by == actor,
        claims.c.status != ClaimStatus.UNVERIFIED.value)
    conn.execute(history.insert().from_select(columns, status_rows))
    return len(values)
