"""The publication layout: a report an editor can hand to readers.

Unlike the audit dossier (sections.py) it shows no hashes, no user names, no history tables and
no database ids: claims are numbered 1, 2, 3 in report order, sources 1..N in order of first
citation, each verdict is put in words a reader understands, and every evidence excerpt is shown
inside its sentence with the source's title, outlet and date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, PageBreak, Spacer

from db.records import ClaimRecord, DocumentRecord, EvidenceRecord
from db.vocab import STANCES, VERDICTS
from desktop.reports.chart import status_chart
from desktop.reports.claimant import said_by
from desktop.reports.data import ReportData, as_utc
from desktop.reports.ratings import rating, reader_wording
from desktop.reports.sections import SUMMARY_CHUNK, Anchor, colour_of
from desktop.reports.styles import (
    FONT_BOLD,
    RULE,
    Label,
    Line,
    Markup,
    Run,
    Short,
    data_table,
    rich,
    text,
)
from desktop.reports.text import (
    clip,
    clipped_note,
    esc,
    link,
    locate_quote,
    quote_context,
    safe_url,
    shorten,
)

CLAIM_LIMIT = 2000  # characters of claim text shown; the rest is noted, not laid out
RATIONALE_LIMIT = 6000
SENTENCE_LIMIT = 1500  # an evidence sentence around its excerpt
STANCE_WORDS = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"}
STANCE_PHRASES = {"supports": "Supports the claim", "contradicts": "Contradicts the claim",
                  "context": "Gives context"}
NO_EVIDENCE = "Settled without linked evidence"


def reader_date(value: date | datetime | None) -> str:
    """"20 October 2025": unambiguous in every country, unlike 10/20/2025."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = as_utc(value).date()
    return f"{value.day} {value:%B %Y}"


@dataclass
class SourceNumbers:
    """Sources numbered 1..N in the order the report first cites them: no gaps, no db ids."""

    data: ReportData
    order: list[DocumentRecord] = field(default_factory=list)
    _number: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_id = {d.id: d for d in self.data.sources}
        by_id.update(self.data.articles)
        for c in self.data.claims:
            if c.article_id is not None and c.article_id in by_id:
                self._add(by_id[c.article_id])
            for e in by_stance(self.data.evidence.get(c.id, [])):
                if e.document_id in by_id:
                    self._add(by_id[e.document_id])

    def _add(self, doc: DocumentRecord) -> None:
        if doc.id not in self._number:
            self.order.append(doc)
            self._number[doc.id] = len(self.order)

    def number(self, doc_id: int) -> int | None:
        return self._number.get(doc_id)


def by_stance(evidence: list[EvidenceRecord]) -> list[EvidenceRecord]:
    """Supporting evidence first, then contradicting, then context: the order readers see."""
    rank = {s: i for i, s in enumerate(STANCES)}
    return sorted(evidence, key=lambda e: rank.get(e.stance, len(rank)))


def doc_words(title: str, outlet: str, published: date | None) -> str:
    """“Title”, Outlet, 20 October 2025 — plain text (escape it before using it as markup)."""
    bits = [f"“{shorten(title, 300) or 'Untitled'}”"]
    bits += [shorten(outlet, 120)] if outlet else []
    bits += [reader_date(published)] if published else []
    return ", ".join(bits)


def verdict_summary(data: ReportData) -> list[tuple[str, int]]:
    """(label, count) of each verdict present, in scale order; other statuses after."""
    counts = data.status_counts()
    return [(rating(s).label, n) for s, n in counts.items() if n]


@dataclass
class PublicationCover:
    data: ReportData
    title: str
    checked_by: str
    width: float

    def flowables(self) -> list[Flowable]:
        d = self.data
        n = len(d.claims)
        out: list[Flowable] = [Spacer(1, 40), text(self.title, "title"),
                               text("Fact-check report", "subtitle")]
        rows: list[list[str | Markup]] = []
        articles = list(d.articles.values())
        if articles:
            shown = articles[:6]
            cell = "<br/>".join(esc(doc_words(a.title, a.outlet, a.published)) for a in shown)
            if len(articles) > len(shown):
                cell += f"<br/>and {len(articles) - len(shown):,} more articles"
            rows.append(["What was checked",
                         Markup(f"{n:,} claim{'s' if n != 1 else ''} made in<br/>{cell}")])
        else:
            rows.append(["What was checked", Short(f"{n:,} claim{'s' if n != 1 else ''}")])
        if self.checked_by:
            rows.append(["Checked by", self.checked_by])
        rows.append(["Published", Short(reader_date(d.generated_at))])
        summary = ", ".join(f"{label} {count:,}" for label, count in verdict_summary(d))
        rows.append(["Verdicts", summary or "none"])
        out.append(data_table(None, rows, [110, 385]))
        out += [Spacer(1, 16), text("Verdicts at a glance", "h2"),
                status_chart({s: c for s, c in d.status_counts().items()
                              if c or s in VERDICTS}, self.width)]
        out.append(PageBreak())
        return out


@dataclass
class PublicationSummary:
    data: ReportData

    def flowables(self) -> Iterator[Flowable]:
        """Made table by table as the layout reaches them (see pdf._LazyStory)."""
        claims = self.data.claims
        yield Anchor("glance", "Claims at a glance")
        yield text("Claims at a glance", "h1")
        for i in range(0, len(claims), SUMMARY_CHUNK):
            chunk = claims[i:i + SUMMARY_CHUNK]
            rows = [[Short(i + k + 1), shorten(c.text, 260), Short(rating(c.status).label)]
                    for k, c in enumerate(chunk)]
            colours = [("FONTNAME", (2, 1), (2, -1), FONT_BOLD)]
            colours += [("TEXTCOLOR", (2, r), (2, r), colour_of(rating(c.status).colour))
                        for r, c in enumerate(chunk, start=1)]
            yield data_table(["", "Claim", "Verdict"], rows, [28, 362, 105], extra=colours)
        if not claims:
            yield text("No claims match this report.", "body")
        yield PageBreak()


@dataclass
class PublicationClaim:
    number: int
    claim: ClaimRecord
    evidence: list[EvidenceRecord]
    article: DocumentRecord | None
    sources: SourceNumbers

    def flowables(self) -> list[Flowable]:
        c = self.claim
        out: list[Flowable] = []
        if self.number == 1:
            out += [Anchor("claims", "Claims"), text("Claims", "h1")]
        else:
            out += [CondPageBreak(150), HRFlowable(width="100%", thickness=0.75, color=RULE,
                                                   spaceBefore=2, spaceAfter=10)]
        body, full = clip(c.text, CLAIM_LIMIT)
        out += [Anchor(f"claim-n{self.number}", f"{self.number}. {shorten(body, 80)}", level=1),
                Label(f"Claim {self.number}", "h2"), text(body, bold=True)]
        if full:
            out.append(Line(clipped_note(full), "meta"))
        if c.speaker:
            out.append(Line(", ".join(x for x in (said_by(c.speaker), reader_date(c.claim_date))
                                      if x), "meta"))
        elif c.claim_date:
            out.append(Line("Said on " + reader_date(c.claim_date), "meta"))
        out += self._quote()
        out += self._verdict()
        out += self._evidence()
        out.append(Spacer(1, 12))
        return out

    def _quote(self) -> list[Flowable]:
        c, doc = self.claim, self.article
        if doc is None or not c.quote:
            return []
        span = locate_quote(doc.text, c.quote, c.quote_start, c.quote_end)
        number = self.sources.number(doc.id)
        where = f"From {doc_words(doc.title, doc.outlet, doc.published)}"
        if number is not None:
            where += f" [{number}]"
        out: list[Flowable] = [CondPageBreak(80), Line(where, "h3")]
        if span is not None:
            before, quote, after = quote_context(doc.text, *span)
            quote, _ = clip(quote, SENTENCE_LIMIT)
            out.append(rich([Run(before), Run(quote, bold=True, highlight=True), Run(after)],
                            "quote"))
        else:
            out.append(text(clip(c.quote, SENTENCE_LIMIT)[0], "quote", bold=True))
        return out

    def _verdict(self) -> list[Flowable]:
        c = self.claim
        r = rating(c.status)
        word = "Verdict" if c.status in VERDICTS else "Status"
        out: list[Flowable] = [CondPageBreak(60), Label(f"{word}: {r.label}", "status",
                                                        colour=r.colour),
                               Line(reader_wording(c.status), "body")]
        if c.rationale:
            why, full = clip(c.rationale, RATIONALE_LIMIT)
            out += [Label("Why"), text(why)]
            if full:
                out.append(Line(clipped_note(full), "meta"))
        return out

    def _evidence(self) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(70), Label("Evidence")]
        if not self.evidence:
            verdict = self.claim.status in VERDICTS
            return [*out, Line(NO_EVIDENCE if verdict else "No evidence linked yet.", "meta")]
        for e in by_stance(self.evidence):
            out += _evidence_item(e, self.sources.number(e.document_id))
        return out


def sentence_runs(e: EvidenceRecord) -> list[Run]:
    """The excerpt highlighted inside the sentence (passage) it was taken from."""
    passage = e.passage_text
    start, end = e.excerpt_start, e.excerpt_end
    if start is None or end is None or not (0 <= start < end <= len(passage)) \
            or (start, end) == (0, len(passage)):
        return [Run(clip(passage, SENTENCE_LIMIT)[0])]  # the whole sentence: nothing to pick
    excerpt, _ = clip(passage[start:end], SENTENCE_LIMIT)
    room = max((SENTENCE_LIMIT - len(excerpt)) // 2, 0)
    before, after = passage[max(start - room, 0):start], passage[end:end + room]
    if start - room > 0:
        before = "…" + before
    if end + room < len(passage):
        after += "…"
    return [Run(before), Run(excerpt, highlight=True), Run(after)]


def _evidence_item(e: EvidenceRecord, number: int | None) -> list[Flowable]:
    colour = {"supports": "#2e8b57", "contradicts": "#c0392b"}.get(e.stance, "#5b6472")
    stance = STANCE_WORDS.get(e.stance, e.stance)
    source = doc_words(e.source_title, e.source_outlet, e.source_published)
    if number is not None:
        source += f" [{number}]"
    return [rich(sentence_runs(e), "evidence", bullet=stance, bullet_colour=colour),
            Line(f"— {source}", "evidence-source")]


def publication_claims(data: ReportData, sources: SourceNumbers) -> Iterator[PublicationClaim]:
    for i, c in enumerate(data.claims, start=1):
        yield PublicationClaim(i, c, data.evidence.get(c.id, []),
                               data.articles.get(c.article_id) if c.article_id is not None
                               else None, sources)


@dataclass
class PublicationSources:
    sources: SourceNumbers

    def flowables(self) -> Iterator[Flowable]:
        yield from [CondPageBreak(200), Anchor("sources", "Sources"), text("Sources", "h1")]
        docs = self.sources.order
        if not docs:
            yield text("No sources are cited.")
            return
        for i in range(0, len(docs), SUMMARY_CHUNK):
            rows = []
            for k, d in enumerate(docs[i:i + SUMMARY_CHUNK], start=i + 1):
                cell = [f"<b>{esc(shorten(d.title, 400) or 'Untitled')}</b>"]
                by = " · ".join(x for x in (d.outlet, d.author) if x)
                if by:
                    cell.append(esc(shorten(by, 400)))
                url = safe_url(d.url)  # readers get no javascript:, file: or bare paths
                when = [f"published {reader_date(d.published)}"] if d.published else []
                if url:
                    when.append(f"accessed {reader_date(d.retrieved_at)}")
                if when:
                    cell.append(", ".join(when))
                if url:
                    cell.append(link(url))
                rows.append([Short(k), Markup("<br/>".join(cell))])
            yield data_table(None, rows, [28, 467])
