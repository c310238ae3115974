"""Building the PDF verification report from gathered records (no database, no Qt).

`build_pdf(data, out_path, author=...)` writes atomically: the file appears only when complete,
so a cancelled or failed build leaves nothing half-written behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from desktop.measures.report_data import measure_part
from desktop.progress import Cancelled, Progress
from desktop.reports.data import ReportData, stamp
from desktop.reports.publication import reader_date
from desktop.reports.sections import (
    CoverSection,
    SourcesSection,
    SummarySection,
    claim_sections,
)
from desktop.reports.styles import FONT, FONT_BOLD, MUTED, RULE, register_fonts
from desktop.reports.text import clean, shorten

MARGIN = 18 * mm
WHAT = "Writing the report"  # what progress says is happening
PAGE_COUNT_FORM = "factdesk-page-count"


class ReportCancelled(Cancelled):
    """The progress callback asked to stop; no file was written."""


@dataclass(frozen=True, slots=True)
class ReportResult:
    path: Path
    pages: int
    claims: int


class _Step(Flowable):
    """Invisible; tells the document a claim section has been laid out."""

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class _PageCountCanvas(Canvas):
    """Header, footer and "Page X of Y" on every page.

    Y is unknown until the end, so each page shows a form XObject that `save` fills in with the
    total. Unlike replaying saved page states, this keeps bookmarks and links on their pages.
    """

    def __init__(self, *args: Any, title: str = "", org: str = "", footer: str = "",
                 counter: list[int] | None = None, **kw: Any) -> None:
        kw["initialFontName"] = FONT
        super().__init__(*args, **kw)
        self._title, self._org, self._footer = title, org, footer
        self._counter = counter if counter is not None else []

    def showPage(self) -> None:
        self._decorate(self.getPageNumber())
        super().showPage()

    def save(self) -> None:
        total = self.getPageNumber() - 1
        self._counter.append(total)
        self.beginForm(PAGE_COUNT_FORM)
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(total))
        self.endForm()
        super().save()

    def _decorate(self, page: int) -> None:
        width, height = self._pagesize
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.setFillColor(MUTED)
        if page > 1:
            self.setFont(FONT_BOLD, 8)
            self.drawString(MARGIN, height - MARGIN + 14, self._title)
            self.setFont(FONT, 8)
            self.drawRightString(width - MARGIN, height - MARGIN + 14, self._org)
            self.line(MARGIN, height - MARGIN + 10, width - MARGIN, height - MARGIN + 10)
        self.line(MARGIN, MARGIN - 10, width - MARGIN, MARGIN - 10)
        self.setFont(FONT, 8)
        self.drawString(MARGIN, MARGIN - 22, self._footer)
        label = f"Page {page} of "
        x = width - MARGIN - self.stringWidth("Page 0000 of 0000", FONT, 8)
        self.drawString(x, MARGIN - 22, label)
        self.translate(x + self.stringWidth(label, FONT, 8), MARGIN - 22)
        self.doForm(PAGE_COUNT_FORM)
        self.restoreState()


class _ReportDoc(SimpleDocTemplate):
    def __init__(self, *args: Any, on_step: Callable[[], None], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._on_step = on_step

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Step):
            self._on_step()


LAYOUTS = ("publication", "audit")


class _LazyStory(list):
    """The story as reportlab's build loop reads it, filled from a generator as it is drawn.

    reportlab only looks at the front of the list (index, delete, insert), so claim sections
    are made just before they are laid out and dropped once drawn: memory stays bounded by one
    section, not by the whole report.
    """

    def __init__(self, source: Iterator[Flowable], ahead: int = 40) -> None:
        super().__init__()
        self._source, self._ahead = source, ahead

    def _fill(self, upto: int) -> None:
        while list.__len__(self) <= upto:
            chunk = next(self._source, None)
            if chunk is None:
                return
            self.append(chunk)

    def __len__(self) -> int:
        self._fill(self._ahead)
        return list.__len__(self)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int) and index >= 0:
            self._fill(index)
        elif isinstance(index, slice) and index.stop is not None and index.stop >= 0:
            self._fill(index.stop)
        return list.__getitem__(self, index)


def default_title(data: ReportData, layout: str = "audit") -> str:
    kind = "Fact-check" if layout == "publication" else "Verification report"
    if len(data.articles) == 1:
        article = next(iter(data.articles.values()))
        if article.title:
            return f"{kind}: {shorten(article.title, 90)}"
    return "Fact-check report" if layout == "publication" else kind


def build_pdf(data: ReportData, out_path: str | os.PathLike[str], *, author: str,
              title: str | None = None, progress: Progress | None = None,
              layout: str = "audit") -> ReportResult:
    """Write the report for `data` to `out_path`.

    `layout` is "audit" (the desk's full dossier: history, hashes, user names) or
    "publication" (for readers: numbered claims and sources, no internal details; `author`
    then names who checked, falling back to the organisation setting).
    `progress` (`desktop.progress`) is called as claim sections are prepared and laid out;
    returning False stops the build and raises ReportCancelled, leaving no file behind.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    register_fonts()
    out = Path(out_path)
    title = clean(title) if title else default_title(data, layout)
    n = len(data.claims)
    total, done = 2 * n + 1, 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and progress(done, total, WHAT) is False:
            raise ReportCancelled("report cancelled")

    if progress is not None and progress(0, total, WHAT) is False:
        raise ReportCancelled("report cancelled")
    width = A4[0] - 2 * MARGIN
    org = clean(data.organisation)
    if layout == "publication":
        story = _publication_story(data, title, clean(author) or org, width, step)
        checked_by = clean(author) or org
        footer = " · ".join(x for x in (shorten(checked_by, 60), reader_date(data.generated_at))
                            if x)
        doc_author = checked_by
        subject = "Fact-check report"
    else:
        story = _audit_story(data, title, author, width, step)
        footer = f"{shorten(author, 40)} · {stamp(data.generated_at)}" if author \
            else stamp(data.generated_at)
        doc_author = clean(author)
        subject = f"Fact-check verification report ({data.scope})"

    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    counter: list[int] = []
    doc = _ReportDoc(str(tmp), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                     topMargin=MARGIN, bottomMargin=MARGIN, title=title, author=doc_author,
                     subject=subject, creator="Factdesk",
                     keywords="fact-check, verification, ClaimReview", on_step=step)
    try:
        doc.build(_LazyStory(story),
                  canvasmaker=partial(_PageCountCanvas, title=shorten(title, 95),
                                      org=shorten(org, 60), footer=footer, counter=counter))
        step()
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ReportResult(path=out, pages=counter[-1] if counter else 0, claims=n)


def _audit_story(data: ReportData, title: str, author: str, width: float,
                 step: Callable[[], None]) -> Iterator[Flowable]:
    yield from CoverSection(data, title, author).flowables()
    yield from SummarySection(data, width).flowables()
    for section in claim_sections(data):
        yield from section.flowables()
        # A claim's figures over time (desktop/measures), after its own section.
        yield from measure_part(data, section.claim.id, width)
        step()
        yield _Step()
    cited = {d.id for d in data.sources}
    documents = [d for d in data.articles.values() if d.id not in cited] + data.sources
    yield from SourcesSection(documents).flowables()


def _publication_story(data: ReportData, title: str, checked_by: str, width: float,
                       step: Callable[[], None]) -> Iterator[Flowable]:
    from desktop.reports.publication import (
        PublicationCover,
        PublicationSources,
        PublicationSummary,
        SourceNumbers,
        publication_claims,
    )

    sources = SourceNumbers(data)
    yield from PublicationCover(data, title, checked_by, width).flowables()
    yield from PublicationSummary(data).flowables()
    for section in publication_claims(data, sources):
        yield from section.flowables()
        yield from measure_part(data, section.claim.id, width)
        step()
        yield _Step()
    yield from PublicationSources(sources).flowables()
