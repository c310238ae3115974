"""Building the PDF verification report from gathered records (no database, no Qt).

`build_pdf(data, out_path, author=...)` writes atomically: the file appears only when complete,
so a cancelled or failed build leaves nothing half-written behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from desktop.measures.report_data import measure_part
from desktop.reports.data import ReportData, stamp
from desktop.reports.sections import (
    ClaimSection,
    CoverSection,
    SourcesSection,
    SummarySection,
    claim_sections,
)
from desktop.reports.styles import FONT, FONT_BOLD, MUTED, RULE, register_fonts
from desktop.reports.text import clean, shorten

# progress(done, total) -> False to cancel; None or True carries on.
Progress = Callable[[int, int], bool | None]

MARGIN = 18 * mm
PAGE_COUNT_FORM = "factdesk-page-count"


class ReportCancelled(Exception):
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


def default_title(data: ReportData) -> str:
    if len(data.articles) == 1:
        article = next(iter(data.articles.values()))
        if article.title:
            return f"Verification report: {shorten(article.title, 90)}"
    return "Verification report"


def build_pdf(data: ReportData, out_path: str | os.PathLike[str], *, author: str,
              title: str | None = None, progress: Progress | None = None) -> ReportResult:
    """Write the verification report for `data` to `out_path`.

    `progress(done, total)` is called as claim sections are prepared and laid out; returning
    False stops the build and raises ReportCancelled, leaving no file behind.
    """
    register_fonts()
    out = Path(out_path)
    title = clean(title) if title else default_title(data)
    n = len(data.claims)
    total, done = 2 * n + 1, 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and progress(done, total) is False:
            raise ReportCancelled("report cancelled")

    if progress is not None and progress(0, total) is False:
        raise ReportCancelled("report cancelled")
    width = A4[0] - 2 * MARGIN
    story: list[Flowable] = []
    story += CoverSection(data, title, author).flowables()
    story += SummarySection(data, width).flowables()
    for section in claim_sections(data):
        # A claim's figures over time (desktop/measures), after its own section.
        story += _claim_flowables(section, measure_part(data, section.claim.id, width))
        step()
    cited = {d.id for d in data.sources}
    documents = [d for d in data.articles.values() if d.id not in cited] + data.sources
    story += SourcesSection(documents).flowables()

    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    counter: list[int] = []
    org = clean(data.organisation)
    footer = f"{shorten(author, 40)} · {stamp(data.generated_at)}" if author \
        else stamp(data.generated_at)
    doc = _ReportDoc(str(tmp), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                     topMargin=MARGIN, bottomMargin=MARGIN, title=title, author=clean(author),
                     subject=f"Fact-check verification report ({data.scope})",
                     creator="Factdesk", keywords="fact-check, verification, ClaimReview",
                     on_step=step)
    try:
        doc.build(story, canvasmaker=partial(_PageCountCanvas, title=shorten(title, 95),
                                             org=shorten(org, 60), footer=footer,
                                             counter=counter))
        step()
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ReportResult(path=out, pages=counter[-1] if counter else 0, claims=n)


def _claim_flowables(section: ClaimSection, extra: list[Flowable] | None = None
                     ) -> list[Flowable]:
    return [*section.flowables(), *(extra or []), _Step()]
