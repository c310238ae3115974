"""Writing claims. Every change is validated first and recorded in history in the same unit of
work, so a refused change writes nothing at all."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, literal, null, select
from sqlmodel import Session

from db.claim_input import check_fields, check_status
from db.errors import ConflictError, InvalidValue, NotFound
from db.models import Claim, ClaimBase, Document, Evidence, History, utcnow
from db.queries.claims import get_claim, to_record
from db.queries.history import record
from db.queries.search import begin_bulk_insert, index_new_claims
from db.records import ClaimRecord
from db.vocab import VERDICTS, ClaimStatus


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


def add_claim(session: Session, *, actor: str, **fields: Any) -> ClaimRecord:
    """Log a claim. `fields` are any of the claim's own (`db.models.ClaimBase`: `text` is
    required, the rest default as declared there), checked by `check_fields`; a verdict needs a
    rationale, and linked evidence unless `settled_without_evidence` says it was settled
    without any."""
    values = check_fields({"text": "", **fields})
    status = values.get("status", ClaimStatus.UNVERIFIED.value)
    rationale = values.get("rationale", "")
    check_status(status, rationale)
    values["settled_without_evidence"] = check_evidence(
        session, None, status, values.get("settled_without_evidence", False))
    values["quote_start"], values["quote_end"] = locate_quote(
        session, values.get("article_id"), values.get("quote", ""), values.get("quote_start"),
        values.get("quote_end"))
    claim = Claim(**values, created_by=actor, updated_by=actor)
    session.add(claim)
    session.flush()
    assert claim.id is not None
    record(session, entity="claim", entity_id=claim.id, field="created", old=None,
           new=claim.text, actor=actor, rationale=rationale)
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
    new = check_fields(changes)
    claim = _load_for_write(session, claim_id, expected_version)
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


# Every field of a claim at its declared default: Core inserts get no model defaults.
BULK_DEFAULTS: dict[str, Any] = {name: info.default for name, info in ClaimBase.model_fields.items()
                                 if not info.is_required()}


def bulk_add_claims(session: Session, rows: list[dict[str, Any]], *, actor: str) -> int:
    """Insert many validated claims at once (spreadsheet import); returns how many.

    All in the caller's transaction, each with its "created" history row.
    """
    if not rows:
        return 0
    now = utcnow()
    values = []
    for row in rows:
        checked = check_fields({"text": "", **row})
        status = checked.get("status", ClaimStatus.UNVERIFIED.value)
        check_status(status, checked.get("rationale"))
        values.append({
            **BULK_DEFAULTS, **checked,
            # Spreadsheet rows quote no stored article.
            "article_id": None, "quote_start": None, "quote_end": None,
            # Imported verdicts were settled elsewhere, with nothing linked here.
            "settled_without_evidence": status in VERDICTS,
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
