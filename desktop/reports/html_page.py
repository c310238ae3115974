"""Fact-check web pages: one static, self-contained HTML page per claim, plus an index.

Each page is semantic HTML with its own small stylesheet (readable on a phone), no scripts, no
remote resources (a Content-Security-Policy forbids them too), and the claim's ClaimReview
JSON-LD embedded. Every user string is escaped; the JSON-LD escapes `<`, `>` and `&` so text
such as `</script>` cannot end its block; links are made only for http(s) addresses; user text
carries `dir="auto"` so Arabic reads right to left beside Turkish or English.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from db.records import ClaimRecord, DocumentRecord, EvidenceRecord
from db.vocab import VERDICTS
from desktop.measures.publish import observations_html
from desktop.progress import Cancelled, Progress
from desktop.reports.claimant import said_by
from desktop.reports.claimreview import claim_review, publisher
from desktop.reports.data import SETTING_REVIEW_URL, ReportData
from desktop.reports.html_style import CSS
from desktop.reports.publication import (
    NO_EVIDENCE,
    STANCE_PHRASES,
    SourceNumbers,
    by_stance,
    reader_date,
)
from desktop.reports.ratings import rating, reader_wording
from desktop.reports.text import clean, clip, clipped_note, locate_quote, quote_context, safe_url

TEXT_LIMIT = 20_000  # claim text and rationale on a page, as in the audit report
SENTENCE_LIMIT = 1500
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


class ExportCancelled(Cancelled):
    """The progress callback asked to stop."""


@dataclass(frozen=True, slots=True)
class SiteResult:
    folder: Path
    pages: int  # claim pages, not counting the index


def e(value: object) -> str:
    """Escape user text for HTML element content or a quoted attribute."""
    return html.escape(clean(str(value)), quote=True)


def json_ld(item: dict[str, Any]) -> str:
    """JSON for a <script type="application/ld+json"> block that no user text can break out of:
    `<`, `>` and `&` become \\u escapes, which JSON parsers read back as the same characters."""
    text = json.dumps(item, ensure_ascii=False, indent=1)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def a(url: str | None, label: str) -> str:
    """A link when the URL is http(s), else the label alone; `label` is already escaped."""
    target = safe_url(url)
    if target is None:
        return label
    return f'<a href="{e(target)}" rel="noopener noreferrer">{label}</a>'


def page_name(settings: dict[str, str], claim_id: int) -> str:
    """The file name of a claim's page: the last part of `review_url_template` when it names
    an .html file (so the page lands where its ClaimReview `url` says), else claim-N.html."""
    template = settings.get(SETTING_REVIEW_URL, "").strip()
    if "{id}" in template:
        last = urlsplit(template.replace("{id}", "0")).path.rsplit("/", 1)[-1]
        tail = template.rsplit("/", 1)[-1]
        if last.endswith((".html", ".htm")) and "{id}" in tail and "?" not in tail \
                and "#" not in tail:
            name = tail.replace("{id}", str(claim_id))
            if name and all(ch.isalnum() or ch in "-_." for ch in name) and name[0] != ".":
                return name
    return f"claim-{claim_id}.html"


def _doc_words(title: str, outlet: str, published: Any, url: str = "") -> str:
    bits = [f"<cite dir=\"auto\">{a(url, e(title or 'Untitled'))}</cite>"]
    if outlet:
        bits.append(f'<span dir="auto">{e(outlet)}</span>')
    if published:
        bits.append(e(reader_date(published)))
    return ", ".join(bits)


def _paragraphs(text: str) -> str:
    return "".join(f'<p dir="auto">{e(p)}</p>' for p in text.split("\n") if p.strip())


def _page(head_title: str, body: str, org: str, json_block: str = "") -> str:
    script = (f'<script type="application/ld+json">\n{json_block}\n</script>\n'
              if json_block else "")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        f"<title>{head_title}</title>\n<style>{CSS}</style>\n{script}</head>\n<body>\n"
        f"<header class=\"site\"><p dir=\"auto\">{e(org)}</p></header>\n"
        f"<main>\n{body}\n</main>\n</body>\n</html>\n")


def claim_page(data: ReportData, claim: ClaimRecord, sources: SourceNumbers,
               review: dict[str, Any] | None) -> str:
    """The page of one claim; `review` is its ClaimReview, None for a claim not yet settled
    (search engines must not read a working state as a published verdict)."""
    r = rating(claim.status)
    text, full = clip(claim.text, TEXT_LIMIT)
    parts = ['<article class="check">', '<p class="kicker">Fact-check</p>',
             f'<h1 dir="auto">{e(text)}</h1>']
    if full:
        parts.append(f'<p class="note">{e(clipped_note(full))}</p>')
    parts.append(f'<p class="verdict" style="--verdict:{r.colour}"><strong>{e(r.label)}</strong>'
                 f'<span>{e(reader_wording(claim.status))}</span></p>')
    article = data.articles.get(claim.article_id) if claim.article_id is not None else None
    parts.append(_said(claim, article, sources))
    if claim.rationale:
        why, full = clip(claim.rationale, TEXT_LIMIT)
        parts.append('<section><h2>Why</h2>' + _paragraphs(why)
                     + (f'<p class="note">{e(clipped_note(full))}</p>' if full else "")
                     + "</section>")
    parts.append(_evidence(claim, data.evidence.get(claim.id, []), sources))
    # A claim about a quantity: its figures over time, charted (inline SVG) and tabled.
    parts.append(observations_html(*data.measures.get(claim.id, (None, []))))
    parts.append(_sources(claim, data, sources))
    org = clean(data.organisation)
    when = reader_date(data.generated_at)
    stamp = review["datePublished"] if review else data.generated_at.date().isoformat()
    parts.append(f'<footer><p>Checked by <span dir="auto">{a(data.organisation_url, e(org))}'
                 f'</span> · published <time datetime="{e(stamp)}">{e(when)}</time></p>'
                 '<p><a href="index.html">All fact-checks</a></p></footer>')
    parts.append("</article>")
    title = f"Fact-check: {clean(claim.text)[:90]}"
    return _page(e(title), "\n".join(parts), org, json_ld(review) if review else "")


def _said(claim: ClaimRecord, article: DocumentRecord | None, sources: SourceNumbers) -> str:
    who = [f'<span dir="auto">{e(said_by(claim.speaker))}</span>'] if claim.speaker else []
    if claim.claim_date:
        who.append(f'<time datetime="{claim.claim_date.isoformat()}">'
                   f"{e(reader_date(claim.claim_date))}</time>")
    caption = ", ".join(who)
    if article is not None:
        where = _doc_words(article.title, article.outlet, article.published, article.url)
        n = sources.number(article.id)
        caption += (", in " if caption else "In ") + where + (f" [{n}]" if n else "")
    quote = ""
    if article is not None and claim.quote:
        span = locate_quote(article.text, claim.quote, claim.quote_start, claim.quote_end)
        if span is not None:
            before, q, after = quote_context(article.text, *span)
            q = clip(q, SENTENCE_LIMIT)[0]
            quote = f"{e(before)}<mark>{e(q)}</mark>{e(after)}"
        else:
            quote = f"<mark>{e(clip(claim.quote, SENTENCE_LIMIT)[0])}</mark>"
    elif claim.quote:
        quote = f"<mark>{e(clip(claim.quote, SENTENCE_LIMIT)[0])}</mark>"
    if not quote and not caption:
        return ""
    lang = article.language if article is not None else ""
    lang_attr = f' lang="{e(lang)}"' if lang and lang.replace("-", "").isalnum() else ""
    body = f'<blockquote dir="auto"{lang_attr}><p>{quote}</p></blockquote>' if quote else ""
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<section><h2>What was said</h2><figure>{body}{cap}</figure></section>"


def _sentence(ev: EvidenceRecord) -> str:
    passage = ev.passage_text
    start, end = ev.excerpt_start, ev.excerpt_end
    if start is None or end is None or not (0 <= start < end <= len(passage)):
        return e(clip(passage, SENTENCE_LIMIT)[0])
    excerpt = clip(passage[start:end], SENTENCE_LIMIT)[0]
    room = max((SENTENCE_LIMIT - len(excerpt)) // 2, 0)
    before = ("…" if start > room else "") + passage[max(start - room, 0):start]
    after = passage[end:end + room] + ("…" if end + room < len(passage) else "")
    return f"{e(before)}<mark>{e(excerpt)}</mark>{e(after)}"


def _evidence(claim: ClaimRecord, evidence: list[EvidenceRecord],
              sources: SourceNumbers) -> str:
    if not evidence:
        words = NO_EVIDENCE if claim.status in VERDICTS else "No evidence linked yet."
        return f'<section><h2>Evidence</h2><p class="note">{e(words)}.</p></section>'
    items = []
    for ev in by_stance(evidence):
        n = sources.number(ev.document_id)
        ref = f' <a href="#source-{n}">[{n}]</a>' if n else ""
        items.append(
            f'<li class="{e(ev.stance)}"><p><strong>{e(STANCE_PHRASES.get(ev.stance, ev.stance))}'
            f'.</strong> <q dir="auto">{_sentence(ev)}</q></p><p class="src">'
            f"{_doc_words(ev.source_title, ev.source_outlet, ev.source_published)}{ref}</p></li>")
    return "<section><h2>Evidence</h2><ul class=\"evidence\">" + "".join(items) + "</ul></section>"


def _sources(claim: ClaimRecord, data: ReportData, sources: SourceNumbers) -> str:
    """The sources this page cites, under the report-wide numbers its [n] references use."""
    wanted = {claim.article_id} | {ev.document_id for ev in data.evidence.get(claim.id, [])}
    docs = [d for d in sources.order if d.id in wanted]
    if not docs:
        return ""
    items = []
    for d in docs:
        n = sources.number(d.id)
        by = f', <span dir="auto">{e(d.author)}</span>' if d.author else ""
        url = safe_url(d.url)
        link = f'<br><a href="{e(url)}" rel="noopener noreferrer" class="url">{e(url)}</a>' \
            if url else ""
        items.append(f'<li id="source-{n}" value="{n}">'
                     f"{_doc_words(d.title, d.outlet, d.published)}{by}{link}</li>")
    return "<section><h2>Sources</h2><ol class=\"sources\">" + "".join(items) + "</ol></section>"


def index_page(data: ReportData, names: dict[int, str], title: str) -> str:
    rows = []
    for c in data.claims:
        r = rating(c.status)
        rows.append(f'<li><a href="{e(names[c.id])}" dir="auto">{e(clip(c.text, 300)[0])}</a>'
                    f' <span class="badge" style="--verdict:{r.colour}">{e(r.label)}</span>'
                    "</li>")
    org = clean(data.organisation)
    body = (f'<h1 dir="auto">{e(title)}</h1>'
            f'<p class="note">{len(rows):,} fact-checks by <span dir="auto">{e(org)}</span>, '
            f"{e(reader_date(data.generated_at))}</p>"
            '<ul class="index">' + "".join(rows) + "</ul>")
    return _page(e(title), body, org)


def write_site(data: ReportData, folder: str | os.PathLike[str], *, title: str | None = None,
               progress: Progress | None = None) -> SiteResult:
    """Write one page per claim of `data` and index.html into `folder` (made if missing; its
    parent must exist). Each file is written whole or not at all. Refuses (InvalidValue) when
    the organisation settings ClaimReview needs are missing."""
    publisher(data.settings)
    out = Path(folder)
    out.mkdir(exist_ok=True)
    names = {c.id: page_name(data.settings, c.id) for c in data.claims}
    total = len(data.claims) + 1
    for i, c in enumerate(data.claims):
        if progress is not None and progress(i, total, "Writing the pages") is False:
            raise ExportCancelled("export cancelled")
        # Sources numbered 1..N per page, so a page read on its own has no gaps.
        sources = SourceNumbers(replace(data, claims=[c]))
        review = claim_review(data, c) if c.status in VERDICTS else None
        _write(out / names[c.id], claim_page(data, c, sources, review))
    _write(out / "index.html", index_page(data, names, title or "Fact-checks"))
    if progress is not None:
        progress(total, total, "Writing the pages")
    return SiteResult(folder=out, pages=len(data.claims))


def _write(path: Path, content: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
