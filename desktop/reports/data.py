"""What a report or export is made of: plain records gathered in one read of the workspace.

`gather_report_data` is the only function here that touches a session; everything that builds
files works from the `ReportData` it returns, so the GUI can gather on its database worker and
render anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from db.errors import NotFound
from db.records import ClaimRecord, DocumentRecord, EvidenceRecord, HistoryRecord

# Workspace settings (declared in desktop/core/settings.py) read by reports and exports.
SETTING_ORGANISATION = "organisation"
SETTING_ORGANISATION_URL = "organisation_url"
SETTING_REVIEW_URL = "review_url_template"


@dataclass(frozen=True, slots=True)
class ReportData:
    claims: list[ClaimRecord]
    evidence: dict[int, list[EvidenceRecord]] = field(default_factory=dict)
    history: dict[int, list[HistoryRecord]] = field(default_factory=dict)
    articles: dict[int, DocumentRecord] = field(default_factory=dict)  # with their text
    sources: list[DocumentRecord] = field(default_factory=list)  # cited by evidence, no text
    settings: dict[str, str] = field(default_factory=dict)
    scope: str = "all claims"
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Claims with a measure: claim id -> (MeasureRecord, observations); see desktop/measures.
    measures: dict[int, tuple[Any, list[Any]]] = field(default_factory=dict)

    @property
    def organisation(self) -> str:
        return self.settings.get(SETTING_ORGANISATION, "")

    @property
    def organisation_url(self) -> str:
        return self.settings.get(SETTING_ORGANISATION_URL, "")

    def status_counts(self) -> dict[str, int]:
        from db.vocab import STATUSES

        counts = dict.fromkeys(STATUSES, 0)
        for c in self.claims:
            counts[c.status] = counts.get(c.status, 0) + 1
        return counts

    def documents_for(self, claim: ClaimRecord) -> list[DocumentRecord]:
        """The claim's article and every source its evidence cites, without duplicates."""
        by_id = {d.id: d for d in self.sources}
        out: dict[int, DocumentRecord] = {}
        if claim.article_id is not None and claim.article_id in self.articles:
            out[claim.article_id] = self.articles[claim.article_id]
        for ev in self.evidence.get(claim.id, []):
            doc = by_id.get(ev.document_id) or self.articles.get(ev.document_id)
            if doc is not None:
                out.setdefault(doc.id, doc)
        return list(out.values())


def gather_report_data(session: Any, claim_ids: Sequence[int] | None = None,
                       status: str | Sequence[str] | None = None, *,
                       with_history: bool = True) -> ReportData:
    """Read every record a report needs: the chosen claims (all live ones by default, or the
    given ids, or those with one of the given statuses, or both narrowed together), their
    evidence, history, articles and cited sources, and the workspace settings. Raises NotFound
    for an unknown id. The publication layout shows no history: `with_history=False` spares
    reading it (a third of the reading time of a 10,000-claim report)."""
    from db.queries.claims import ClaimFilter, claims_by_ids
    from db.queries.claims import claim_ids as matching_ids
    from db.queries.evidence import evidence_for_claims
    from db.queries.reporting import documents_by_ids, histories_for
    from desktop.core.settings import team_texts
    from desktop.measures.report_data import measures_for_report

    statuses = _statuses(status)
    ids = matching_ids(session, ClaimFilter())
    scope = "all claims"
    if statuses:
        wanted_status = set()
        for st in statuses:
            wanted_status.update(matching_ids(session, ClaimFilter(status=st)))
        ids = [i for i in ids if i in wanted_status]
        scope = "claims with status " + ", ".join(statuses)
    if claim_ids is not None:
        wanted = list(dict.fromkeys(int(i) for i in claim_ids))
        live = set(ids) if not statuses else set(matching_ids(session, ClaimFilter()))
        missing = [i for i in wanted if i not in live]
        if missing:
            raise NotFound("no claim with id " + ", ".join(str(i) for i in missing))
        chosen = set(ids)
        ids = [i for i in wanted if i in chosen]
        scope = f"{len(wanted)} selected claims" + (
            " with status " + ", ".join(statuses) if statuses else "")
    found = claims_by_ids(session, ids)
    claims = [found[i] for i in ids if i in found]
    evidence = evidence_for_claims(session, ids)
    history = histories_for(session, "claim", ids) if with_history else {}
    article_ids = {c.article_id for c in claims if c.article_id is not None}
    articles = documents_by_ids(session, sorted(article_ids), with_text=True)
    cited = {e.document_id for evs in evidence.values() for e in evs}
    sources = documents_by_ids(session, sorted(cited))
    return ReportData(claims=claims, evidence=evidence, history=history, articles=articles,
                      sources=[sources[i] for i in sorted(sources)],
                      settings=team_texts(session), scope=scope,
                      measures=measures_for_report(session, ids))


def _statuses(status: str | Sequence[str] | None) -> list[str]:
    """One status, several, or none; unknown names are refused (InvalidValue)."""
    from db.errors import InvalidValue
    from db.vocab import STATUSES

    if not status:
        return []
    wanted = [status] if isinstance(status, str) else list(status)
    unknown = [s for s in wanted if s not in STATUSES]
    if unknown:
        raise InvalidValue(f"unknown status {unknown[0]!r}; use one of " + ", ".join(STATUSES))
    return list(dict.fromkeys(wanted))


def as_utc(value: datetime) -> datetime:
    """Stored datetimes are UTC; SQLite hands them back naive, PostgreSQL aware."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return as_utc(value).date().isoformat()
    return value.isoformat()


def stamp(value: datetime | None) -> str:
    return "" if value is None else as_utc(value).strftime("%Y-%m-%d %H:%M UTC")
