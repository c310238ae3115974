"""schema.org ClaimReview JSON-LD: one object per claim that has a verdict.

The status → rating mapping is in `ratings.py` and documented in docs/statuses.md. The
publishing organisation comes from the workspace settings `organisation` and
`organisation_url`; the review's own address from `review_url_template` (with `{id}`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from db.errors import InvalidValue
from db.records import ClaimRecord, DocumentRecord
from db.vocab import VERDICTS
from desktop.reports.claimant import ORGANIZATION, claimant_kind, display_name
from desktop.reports.data import (
    SETTING_ORGANISATION,
    SETTING_ORGANISATION_URL,
    SETTING_REVIEW_URL,
    ReportData,
    day,
)
from desktop.reports.ratings import BEST, WORST, rating
from desktop.reports.text import clean, safe_url

CONTEXT = "https://schema.org"


def publisher(settings: dict[str, str]) -> dict[str, str]:
    """The ClaimReview `author`, or a refusal saying which setting to fill in."""
    name = settings.get(SETTING_ORGANISATION, "").strip()
    url = settings.get(SETTING_ORGANISATION_URL, "").strip()
    if not name or not url:
        raise InvalidValue("ClaimReview needs the publishing organisation: run "
                           "`factdesk settings set organisation NAME` and "
                           "`factdesk settings set organisation_url https://...`")
    if safe_url(url) is None:
        raise InvalidValue(f"organisation_url {url!r} is not an http(s) address")
    return {"@type": "Organization", "name": name, "url": url}


UNSET_TEMPLATE_WARNING = (
    "review_url_template is not set, so each ClaimReview `url` is organisation_url#claim-N, a "
    "page that does not host the review; set it to where the pages will live, e.g. "
    "`factdesk settings set review_url_template https://example.org/fact-checks/claim-{id}.html`")


def review_url_is_set(settings: dict[str, str]) -> bool:
    return bool(settings.get(SETTING_REVIEW_URL, "").strip())


def review_url(settings: dict[str, str], claim_id: int) -> str:
    """Where the review of this claim is published: `review_url_template` with `{id}` filled
    in (the page `factdesk export html` writes for it), else organisation_url#claim-N."""
    base = settings.get(SETTING_ORGANISATION_URL, "").strip()
    template = settings.get(SETTING_REVIEW_URL, "").strip() or base + "#claim-{id}"
    try:
        url = template.replace("{organisation_url}", base).format(id=claim_id)
    except (KeyError, IndexError, ValueError) as exc:
        raise InvalidValue(f"review_url_template {template!r} may only use {{id}}") from exc
    if safe_url(url) is None:
        raise InvalidValue(f"review_url_template gives {url!r}, not an http(s) address")
    return url


def _creative_work(doc: DocumentRecord) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if safe_url(doc.url):
        work["url"] = doc.url.strip()
    if doc.title:
        work["headline"] = clean(doc.title)
    if doc.published:
        work["datePublished"] = doc.published.isoformat()
    if doc.outlet:
        work["publisher"] = {"@type": "Organization", "name": clean(doc.outlet)}
    if doc.author:
        work["author"] = {"@type": "Person", "name": clean(doc.author)}
    return work


def _verdict_date(data: ReportData, claim: ClaimRecord) -> str:
    """When the claim reached its current status: the latest matching history entry."""
    when: datetime = claim.updated_at
    for h in data.history.get(claim.id, []):
        if h.field == "status" and h.new == claim.status:
            when = h.at
    return day(when)


def claim_review(data: ReportData, claim: ClaimRecord) -> dict[str, Any]:
    r = rating(claim.status)
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": r.label}
    if r.value is not None:
        review_rating.update(ratingValue=r.value, bestRating=BEST, worstRating=WORST)
    if claim.rationale:
        review_rating["ratingExplanation"] = clean(claim.rationale)
    article = data.articles.get(claim.article_id) if claim.article_id is not None else None
    item: dict[str, Any] = {"@type": "Claim"}
    outlet = article.outlet if article is not None else ""
    if claim.speaker:
        kind = claimant_kind(claim.speaker, claim.speaker_kind, outlet)
        item["author"] = {"@type": "Organization" if kind == ORGANIZATION else "Person",
                          "name": display_name(claim.speaker)}
    elif outlet:
        item["author"] = {"@type": "Organization", "name": clean(outlet)}
    published = claim.claim_date or (article.published if article else None)
    if published:
        item["datePublished"] = published.isoformat()
    if article is not None:
        # Where the claim was made: the article it was logged from. Evidence sources came
        # later and never count as its appearance.
        work = _creative_work(article)
        item["appearance"] = [work]
        item["firstAppearance"] = work
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": review_url(data.settings, claim.id),
        "claimReviewed": clean(claim.text),
        "datePublished": _verdict_date(data, claim),
        "author": publisher(data.settings),
        "reviewRating": review_rating,
        "itemReviewed": item,
    }


def claim_reviews(data: ReportData) -> list[dict[str, Any]]:
    """ClaimReview objects for every claim in `data` with a verdict, in claim order."""
    publisher(data.settings)  # refuse up front, even when no claim has a verdict yet
    return [claim_review(data, c) for c in data.claims if c.status in VERDICTS]
