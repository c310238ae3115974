"""Fonts, paragraph styles and the one table helper every report table goes through."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import as_file, files

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from desktop.reports.text import clean, esc, has_rtl, safe_url

FONT = "FactdeskSans"
FONT_BOLD = "FactdeskSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}

INK = colors.HexColor("#1d2330")
MUTED = colors.HexColor("#5b6472")
RULE = colors.HexColor("#c9ced6")
HEADER_BG = colors.HexColor("#27344a")
STRIPE = colors.HexColor("#f1f3f6")
HIGHLIGHT = "#ffe98a"
LINK = colors.HexColor("#1a4f8b")


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register the shipped DejaVu Sans pair once; reportlab embeds the used glyphs."""
    root = files("resources").joinpath("fonts")
    for name, filename in _FONT_FILES.items():
        with as_file(root.joinpath(filename)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    # No italic faces are shipped: <i> falls back to the upright ones rather than Helvetica.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)
    return FONT, FONT_BOLD


@lru_cache(maxsize=1)
def can_shape() -> bool:
    """True when uharfbuzz is installed, so Arabic letters take their joined forms."""
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    from reportlab.pdfbase import ttfonts

    # reportlab shapes with discretionary ligatures on, which turns "st" in Latin words mixed
    # into an Arabic paragraph into a decorative ligature; keep kerning and standard ligatures.
    defaults = getattr(ttfonts.shapeFragWord, "__defaults__", None)
    if defaults and isinstance(defaults[0], dict):
        defaults[0].pop("dlig", None)
    return True


class Markup(str):
    """Paragraph markup built from escaped text: the only str a table cell takes as markup."""

    __slots__ = ()


class Short(str):
    """A short one-line cell (an id, a date, a count): drawn as plain text, never parsed as
    markup and never wrapped — much cheaper than a Paragraph in big reports."""

    __slots__ = ()


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=4)
    s = {"body": base}

    def add(name: str, **kw: object) -> None:
        s[name] = ParagraphStyle(name, parent=base, **kw)

    add("title", fontName=FONT_BOLD, fontSize=24, leading=29, spaceAfter=10)
    add("subtitle", fontSize=13, leading=17, textColor=MUTED, spaceAfter=16)
    add("h1", fontName=FONT_BOLD, fontSize=16, leading=20, spaceBefore=4, spaceAfter=8)
    add("h2", fontName=FONT_BOLD, fontSize=12.5, leading=16, spaceBefore=6, spaceAfter=6)
    add("h3", fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=8, spaceAfter=3,
        textColor=MUTED)
    add("stance", fontSize=9.5, leading=13, spaceBefore=2, spaceAfter=3)
    add("status", fontName=FONT_BOLD, fontSize=10, leading=14, spaceBefore=2, spaceAfter=2)
    add("meta", fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=2)
    add("quote", fontSize=9.5, leading=14, leftIndent=10, rightIndent=6, borderPadding=(6, 8),
        backColor=colors.HexColor("#f6f7f9"), borderColor=RULE, borderWidth=0.5,
        spaceBefore=6, spaceAfter=10)
    # Evidence hangs its stance ("Supports") in the left indent, as a bullet.
    add("evidence", fontSize=9.5, leading=13.5, leftIndent=84, bulletIndent=10, spaceBefore=4,
        spaceAfter=1)
    add("evidence-source", fontSize=8.5, leading=11.5, leftIndent=84, textColor=MUTED,
        spaceAfter=5)
    add("cell", fontSize=8.5, leading=11, spaceAfter=0)
    add("small", fontSize=7.5, leading=9.5, textColor=MUTED, spaceAfter=0)
    return s


@lru_cache(maxsize=32)
def _shaped(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(style.name + "-shaped", parent=style, shaping=1)


def para(markup: str, style: str = "body") -> Paragraph:
    """A Paragraph from markup that callers built with `esc`; shaped when it holds Arabic etc.

    Shaping costs time, so only paragraphs with right-to-left letters ask for it.
    """
    st = styles()[style]
    if can_shape() and has_rtl(markup):
        st = _shaped(st)
    return Paragraph(markup, st)


@lru_cache(maxsize=64)
def _template(style: str, bold: bool) -> ParaFrag:
    """The fragment reportlab's parser makes for one word in this style, to copy from."""
    _, frags, _ = ParaParser().parse("<b>x</b>" if bold else "x", styles()[style])
    return frags[0]


def text(value: str | None, style: str = "body", *, bold: bool = False) -> Paragraph:
    """A Paragraph showing user text literally.

    One-line text skips the markup parser altogether: the Paragraph gets a ready-made text
    fragment, so nothing in the text can be read as markup, and a 1,000-claim report is spared
    tens of thousands of parses. Multi-line text goes through `esc` and the parser.
    """
    value = clean(value)
    st = styles()[style]
    if "\n" in value.strip() or not value.strip():
        return para(("<b>{}</b>" if bold else "{}").format(esc(value, breaks=True)), style)
    if can_shape() and has_rtl(value):
        st = _shaped(st)
    flat = " ".join(value.split())
    return Paragraph(flat, st, frags=[_template(style, bold).clone(text=flat)])


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of user text in one look, for `rich`."""

    text: str
    bold: bool = False
    colour: str | None = None  # hex
    highlight: bool = False


_SPACES = re.compile(r"\s+")


def rich(runs: Sequence[Run], style: str = "body", *, bullet: str = "",
         bullet_colour: str = "") -> Paragraph:
    """A Paragraph of user text in several looks (bold, coloured, highlighted), built from
    ready-made fragments like `text`: nothing is parsed, so nothing can be read as markup, and
    a 10,000-claim report is spared the parser for every quote and evidence line.

    White space inside each run collapses to single spaces; spaces at the run's edges are kept,
    so words on either side of a boundary stay apart. `bullet` is a bold word hung in the
    style's left indent (e.g. an evidence stance): drawn apart from the text, it keeps a
    one-run paragraph on reportlab's fast single-fragment path (about 8× cheaper to wrap).
    """
    st = _bulleted(style, bullet_colour) if bullet else styles()[style]
    frags = []
    for run in runs:
        flat = _SPACES.sub(" ", clean(run.text))
        if not flat:
            continue
        kw: dict[str, object] = {"text": flat}
        if run.colour:
            kw["textColor"] = _hex(run.colour)
        if run.highlight:
            kw["backColor"] = _hex(HIGHLIGHT)
        frags.append(_template(style, run.bold).clone(**kw))
    if not frags:
        return text("", style)
    whole = "".join(f.text for f in frags)
    if can_shape() and has_rtl(whole):
        st = _shaped(st)
    return Paragraph(whole, st, frags=frags, bulletText=bullet or None)


@lru_cache(maxsize=32)
def _bulleted(style: str, colour: str) -> ParagraphStyle:
    st = styles()[style]
    return ParagraphStyle(f"{style}-bullet-{colour}", parent=st, bulletFontName=FONT_BOLD,
                          bulletFontSize=st.fontSize,
                          bulletColor=_hex(colour) if colour else st.textColor)


@lru_cache(maxsize=64)
def _hex(colour: str) -> colors.Color:
    return colors.HexColor(colour)


class Label(Flowable):
    """A one-line heading of our own words ("Evidence", "Claim #12"), drawn directly.

    Ten of these per claim as Paragraphs would cost a markup parse and a line-break pass each.
    """

    def __init__(self, words: str, style: str = "h3", colour: str | None = None) -> None:
        super().__init__()
        st = styles()[style]
        self.words, self.font, self.size = words, st.fontName, st.fontSize
        self.colour = colors.HexColor(colour) if colour else st.textColor
        self.spaceBefore, self.spaceAfter = st.spaceBefore, st.spaceAfter
        self._leading = st.leading

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return avail_w, self._leading

    def draw(self) -> None:
        self.canv.setFont(self.font, self.size)
        self.canv.setFillColor(self.colour)
        self.canv.drawString(0, self._leading - self.size, self.words)


class Line(Flowable):
    """User text that usually fits on one line ("Said by …", a source line): measured once and
    drawn as a string when it fits, laid out as a full Paragraph (via `text`) only when not.

    Line breaking is most of a big report's cost; these short lines need none.
    """

    def __init__(self, value: str | None, style: str = "body", *, bold: bool = False) -> None:
        super().__init__()
        self.value, self.style_name, self.bold = " ".join(clean(value).split()), style, bold
        st = styles()[style]
        self.font = FONT_BOLD if bold else st.fontName
        self.size, self._leading, self.colour = st.fontSize, st.leading, st.textColor
        self.indent, self.right = st.leftIndent, st.rightIndent
        self.spaceBefore, self.spaceAfter = st.spaceBefore, st.spaceAfter
        self._para: Paragraph | None = None

    def _paragraph(self) -> Paragraph:
        if self._para is None:
            self._para = text(self.value, self.style_name, bold=self.bold)
        return self._para

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        room = avail_w - self.indent - self.right
        if (can_shape() and has_rtl(self.value)) or \
                pdfmetrics.stringWidth(self.value, self.font, self.size) > room:
            return self._paragraph().wrap(avail_w, avail_h)
        self._para = None
        self.width, self.height = avail_w, self._leading
        return avail_w, self._leading

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        return self._para.split(avail_w, avail_h) if self._para is not None else []

    def draw(self) -> None:
        if self._para is not None:
            self._para.drawOn(self.canv, 0, 0)
            return
        self.canv.setFont(self.font, self.size)
        self.canv.setFillColor(self.colour)
        # Same baseline as a one-line Paragraph of this style.
        self.canv.drawString(self.indent, self._leading - self.size, self.value)


class LinkLine(Flowable):
    """One line showing a URL, cut with "…" to fit; clickable only when it is http(s).

    Used in table cells where a wrapped URL would cost a parsed Paragraph per evidence row.
    """

    def __init__(self, url: str, size: float = 8.0) -> None:
        super().__init__()
        self.url, self.size = clean(url).strip(), size
        self.target = safe_url(self.url)
        self.shown = self.url

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        shown = self.url
        if pdfmetrics.stringWidth(shown, FONT, self.size) > avail_w:
            lo, hi = 0, len(shown)
            while lo < hi:  # the longest prefix that fits with its ellipsis
                mid = (lo + hi + 1) // 2
                fits = pdfmetrics.stringWidth(shown[:mid] + "…", FONT, self.size) <= avail_w
                lo, hi = (mid, hi) if fits else (lo, mid - 1)
            shown = shown[:lo] + "…"
        self.shown = shown
        self.width = pdfmetrics.stringWidth(shown, FONT, self.size)
        self.height = self.size * 1.35
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFont(FONT, self.size)
        c.setFillColor(LINK if self.target else MUTED)
        c.drawString(0, self.size * 0.3, self.shown)
        if self.target:
            c.setStrokeColor(LINK)
            c.setLineWidth(0.4)
            c.line(0, self.size * 0.15, self.width, self.size * 0.15)
            c.linkURL(self.target, (0, 0, self.width, self.height), relative=1, thickness=0)


Cell = str | Markup | Short | Flowable | list


def _cell(value: Cell, style: str) -> Flowable | str | list:
    if isinstance(value, Flowable | list):
        return value
    if isinstance(value, Short):
        return str(value)
    if isinstance(value, Markup):
        return para(value, style)
    return text(value, style)


def data_table(header: Sequence[str] | None, rows: Sequence[Sequence[Cell]],
               widths: Sequence[float], *, extra: Sequence[tuple] = ()) -> Table:
    """The report table: dark header repeated on every page, striped rows, rows that may
    split between rows across pages. Plain str cells are user text and get escaped; Markup
    passes as is; Short is drawn as plain text. Headers are our own words, drawn as plain
    text. Without a header it is a striped key/value block. Callers keep cells bounded (see
    EXCERPT_LIMIT), so no single row outgrows a page."""
    data: list[list[Flowable | str]] = [list(header)] if header else []
    first = 1 if header else 0
    data += [[_cell(v, "cell") for v in row] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=first, splitByRow=1, hAlign="LEFT")
    head = [("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD)] if header else []
    table.setStyle(TableStyle([
        # Table's own default font is Helvetica, which would be neither embedded nor Unicode.
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 11),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        *head,
        ("ROWBACKGROUNDS", (0, first), (-1, -1), [colors.white, STRIPE]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *extra,
    ]))
    return table
