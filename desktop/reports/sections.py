"""The report's sections. Each is a small class whose `flowables()` returns its part of the story.

User text only ever reaches a Paragraph through `esc`/`text`/`link` or as a plain-str table
cell (which `data_table` escapes); markup built here wraps already-escaped text.

Headings are kept with what follows by a CondPageBreak before them rather than keepWithNext:
keepWithNext wraps the next flowable twice, which doubles the cost of a 1,000-claim report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, PageBreak, Spacer

from db.records import ClaimRecord, DocumentRecord, EvidenceRecord, HistoryRecord
from db.vocab import STANCES, VERDICTS
from desktop.reports.chart import status_chart
from desktop.reports.data import ReportData, day, stamp
from desktop.reports.ratings import BEST, rating
from desktop.reports.styles import (
    FONT_BOLD,
    HIGHLIGHT,
    RULE,
    Cell,
    Label,
    LinkLine,
    Markup,
    Short,
    data_table,
    para,
    text,
)
from desktop.reports.text import (
    clip,
    clipped_note,
    esc,
    link,
    locate_quote,
    quote_context,
    shorten,
)

EXCERPT_LIMIT = 1500  # characters; keeps one table row well under a page
TEXT_LIMIT = 20_000  # claim text and rationale: beyond this, shown in part with a note
CELL_LIMIT = 400  # other free-text table cells (titles, notes, rationales in history)
SUMMARY_CHUNK = 60
STANCE_TITLES = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"}
STANCE_COLOURS = {"supports": "#2e8b57", "contradicts": "#c0392b", "context": "#5b6472"}


class Anchor(Flowable):
    """An invisible mark that puts a bookmark here and an entry in the PDF outline."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, 14)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=True)


def status_markup(status: str) -> Markup:
    r = rating(status)
    return Markup(f'<font color="{r.colour}"><b>{esc(r.label)}</b></font>')


@lru_cache(maxsize=64)
def colour_of(hex_colour: str) -> Color:
    """Parsed once: table styles would otherwise parse the same hex string per cell."""
    return colors.HexColor(hex_colour)


def _status_colours(claims: list[ClaimRecord], column: int) -> list[tuple]:
    """Table style commands that print each row's status label bold in its colour."""
    out: list[tuple] = [("FONTNAME", (column, 1), (column, -1), FONT_BOLD)]
    for r, c in enumerate(claims, start=1):
        out.append(("TEXTCOLOR", (column, r), (column, r), colour_of(rating(c.status).colour)))
    return out


def _doc_line(doc: DocumentRecord) -> str:
    bits = [doc.outlet, day(doc.published)]
    return " · ".join(b for b in bits if b)


@dataclass
class CoverSection:
    data: ReportData
    title: str
    author: str

    def flowables(self) -> list[Flowable]:
        d = self.data
        out: list[Flowable] = [Spacer(1, 60), text(self.title, "title"),
                               text(f"Verification report · {d.scope}", "subtitle")]
        rows: list[list[str | Markup]] = [["Prepared by", self.author or "—"]]
        if d.organisation:
            rows.append(["Organisation", d.organisation])
        rows.append(["Generated", Short(stamp(d.generated_at))])
        rows.append(["Claims", Short(len(d.claims))])
        for doc in d.articles.values():
            rows.append(["Article", Markup(
                f"<b>{esc(shorten(doc.title, CELL_LIMIT) or 'Untitled')}</b>"
                f"<br/>{esc(_doc_line(doc))}"
                + (f"<br/>{link(doc.url)}" if doc.url else ""))])
        out.append(data_table(None, rows, [110, 385]))
        out += [Spacer(1, 18), text("Claims by status", "h2")]
        counts = [[status_markup(s), Short(n)] for s, n in self.data.status_counts().items()]
        out.append(data_table(["Status", "Claims"], counts, [160, 60]))
        out.append(PageBreak())
        return out


@dataclass
class SummarySection:
    data: ReportData
    width: float

    def flowables(self) -> Iterator[Flowable]:
        """Made table by table as the layout reaches them (see pdf._LazyStory)."""
        yield from [Anchor("summary", "Summary"), text("Summary", "h1"),
                    status_chart(self.data.status_counts(), self.width), Spacer(1, 12)]
        claims = self.data.claims
        # Several tables of SUMMARY_CHUNK rows, not one: reportlab re-measures every remaining
        # row each time a table splits, which grows with the square of a 1,000-row table.
        for i in range(0, len(claims), SUMMARY_CHUNK):
            chunk = claims[i:i + SUMMARY_CHUNK]
            rows = [[Short(c.id), shorten(c.text, 220), shorten(c.speaker, 60),
                     Short(rating(c.status).label),
                     Short(f"{c.supports} / {c.contradicts} / {c.context}")] for c in chunk]
            yield data_table(["#", "Claim", "Claimant", "Status", "S / C / X"], rows,
                             [32, 228, 85, 90, 60], extra=_status_colours(chunk, 3))
        if claims:
            yield text("S / C / X: evidence that supports / contradicts / gives context.",
                       "small")
        else:
            yield text("No claims match this report.", "body")
        yield PageBreak()


@dataclass
class ClaimSection:
    claim: ClaimRecord
    evidence: list[EvidenceRecord]
    history: list[HistoryRecord]
    article: DocumentRecord | None
    first: bool = False

    def flowables(self) -> list[Flowable]:
        c = self.claim
        out: list[Flowable] = []
        if self.first:
            out += [Anchor("claims", "Claims"), text("Claims", "h1")]
        else:
            out += [CondPageBreak(150), HRFlowable(width="100%", thickness=0.75, color=RULE,
                                                   spaceBefore=2, spaceAfter=10)]
        body, full = clip(c.text, TEXT_LIMIT)
        out += [Anchor(f"claim-{c.id}", f"#{c.id} {shorten(body, 80)}", level=1),
                Label(f"Claim #{c.id}", "h2"), text(body, bold=True)]
        if full:
            out.append(text(clipped_note(full), "meta"))
        meta = [("Claimant", c.speaker), ("Said on", day(c.claim_date)),
                ("Tags", c.tags), ("Last changed", f"{stamp(c.updated_at)} by {c.updated_by}")]
        out.append(text(" · ".join(f"{k}: {v}" for k, v in meta if v), "meta"))
        out += self._quote()
        out += self._verdict()
        out += self._evidence()
        out += self._history()
        out.append(Spacer(1, 14))
        return out

    def _quote(self) -> list[Flowable]:
        c, doc = self.claim, self.article
        if not c.quote and doc is None:
            return []
        source = f"From “{doc.title or 'the article'}”" if doc else "Quote"
        if doc is not None and doc.outlet:
            source += f" ({doc.outlet})"
        out: list[Flowable] = [CondPageBreak(80), text(source, "h3")]
        span = locate_quote(doc.text, c.quote, c.quote_start, c.quote_end) if doc else None
        if doc is not None and span is not None:
            before, quote, after = quote_context(doc.text, *span)
            quote = clip(quote, TEXT_LIMIT)[0]
            out.append(para(f"{esc(before)}<span backColor=\"{HIGHLIGHT}\"><b>{esc(quote)}"
                            f"</b></span>{esc(after)}", "quote"))
        elif c.quote:
            out.append(text(clip(c.quote, TEXT_LIMIT)[0], "quote", bold=True))
        return out

    def _verdict(self) -> list[Flowable]:
        c = self.claim
        r = rating(c.status)
        line = f"Status: {r.label}"
        if c.status in VERDICTS and r.value is not None:
            line += f" · ClaimReview rating {r.value} of {BEST}"
        out: list[Flowable] = [Label(line, "status", colour=r.colour)]
        if c.rationale:
            why, full = clip(c.rationale, TEXT_LIMIT)
            out += [CondPageBreak(60), Label("Rationale"), text(why)]
            if full:
                out.append(text(clipped_note(full), "meta"))
        return out

    def _evidence(self) -> list[Flowable]:
        """One table, rows grouped by stance; each group's first row names the stance."""
        out: list[Flowable] = [CondPageBreak(90), Label("Evidence")]
        if not self.evidence:
            return [*out, text(_no_evidence_line(self.claim), "meta")]
        rows: list[list[str | Markup | Short]] = []
        extra: list[tuple] = []
        for stance in STANCES:
            items = [e for e in self.evidence if e.stance == stance]
            for k, e in enumerate(items):
                r = len(rows) + 1
                name = f"{STANCE_TITLES[stance]} ({len(items)})" if k == 0 else ""
                rows.append([Short(name), self._source_cell(e), self._excerpt_cell(e)])
                if k == 0:
                    extra.append(("TEXTCOLOR", (0, r), (0, r), colour_of(STANCE_COLOURS[stance])))
                if k == 0 and r > 1:
                    extra.append(("LINEABOVE", (0, r), (-1, r), 1, RULE))
        out.append(data_table(["Stance", "Source", "Excerpt"], rows, [80, 150, 265],
                              extra=[("FONTNAME", (0, 1), (0, -1), FONT_BOLD), *extra]))
        return out

    @staticmethod
    def _source_cell(e: EvidenceRecord) -> list[Flowable]:
        parts: list[Flowable] = [text(shorten(e.source_title, CELL_LIMIT) or "Untitled source",
                                      "cell", bold=True)]
        sub = " · ".join(x for x in (e.source_outlet, day(e.source_published)) if x)
        if sub:
            parts.append(text(sub, "cell"))
        if e.source_url:
            parts.append(LinkLine(e.source_url))
        return parts

    @staticmethod
    def _excerpt_cell(e: EvidenceRecord) -> Markup | str:
        excerpt = e.excerpt
        if len(excerpt) > EXCERPT_LIMIT:
            excerpt = excerpt[:EXCERPT_LIMIT].rstrip() + "…"
        if not e.note:
            return excerpt  # plain user text: the table escapes it (or skips the parser)
        markup = esc(excerpt, breaks=True)
        markup += f'<br/><font color="#5b6472">Note: {esc(shorten(e.note, CELL_LIMIT))}</font>'
        return Markup(markup)

    def _history(self) -> list[Flowable]:
        rows: list[list[str | Markup | Short]] = []
        extra: list[tuple] = []
        for h in self.history:
            if h.field == "created":
                change, colour = "logged", rating("unverified").colour
            elif h.field == "status":
                change = f"{rating(h.old or '').label} →\n{rating(h.new or '').label}"
                colour = rating(h.new or "").colour
            else:
                continue
            r = len(rows) + 1
            extra.append(("TEXTCOLOR", (2, r), (2, r), colour_of(colour)))
            rows.append([Short(stamp(h.at)), Short(shorten(h.actor, 18)), Short(change),
                         shorten(h.rationale, CELL_LIMIT) if h.rationale else Short("")])
        if not rows:
            return []
        return [CondPageBreak(70), Label("History"),
                data_table(["When", "Who", "Change", "Rationale"], rows, [106, 80, 100, 209],
                           extra=[("FONTNAME", (2, 1), (2, -1), FONT_BOLD), *extra])]


@dataclass
class SourcesSection:
    sources: list[DocumentRecord]  # the articles under check first, then cited sources

    def flowables(self) -> Iterator[Flowable]:
        yield from [CondPageBreak(200), Anchor("sources", "Sources"), text("Sources", "h1")]
        if not self.sources:
            yield text("No documents are cited by these claims yet.")
            return
        # Tables of SUMMARY_CHUNK rows, made as the layout reaches them (see SummarySection).
        for i in range(0, len(self.sources), SUMMARY_CHUNK):
            rows = [self._row(d) for d in self.sources[i:i + SUMMARY_CHUNK]]
            yield data_table(["#", "Source", "Published", "Retrieved"], rows, [28, 320, 62, 85])

    @staticmethod
    def _row(d: DocumentRecord) -> list[Cell]:
        cell = [f"<b>{esc(shorten(d.title, CELL_LIMIT) or 'Untitled')}</b>"
                + (" <font color=\"#5b6472\">(article under check)</font>"
                   if d.kind == "article" else "")]
        if d.outlet or d.author:
            cell.append(esc(shorten(" · ".join(x for x in (d.outlet, d.author) if x),
                                    CELL_LIMIT)))
        if d.url:
            cell.append(link(d.url))
        cell.append(f'<font size="7" color="#5b6472">sha256 {esc(d.sha256)}</font>')
        return [Short(d.id), Markup("<br/>".join(cell)), Short(day(d.published)),
                stamp(d.retrieved_at)]


def claim_sections(data: ReportData) -> Iterator[ClaimSection]:
    """One section per claim, made as the layout reaches it (see pdf._LazyStory)."""
    for i, c in enumerate(data.claims):
        yield ClaimSection(c, data.evidence.get(c.id, []), data.history.get(c.id, []),
                           data.articles.get(c.article_id) if c.article_id is not None
                           else None, first=i == 0)


def _no_evidence_line(c: ClaimRecord) -> str:
    """What the evidence section says when nothing is linked: a verdict settled without
    linked evidence is stated as such, not as evidence still to come."""
    if c.settled_without_evidence and c.status in VERDICTS:
        return "Settled without linked evidence: the rationale above gives the basis."
    return "No evidence linked yet."
