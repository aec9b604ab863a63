"""Paragraph and table styles, colours and measures shared by every report.

Every style names a DejaVu Sans face (never a PDF base-14 font) and keeps ReportLab's
``splitLongWords`` so that a very long word wraps instead of running off the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from wargame.report.fonts import BOLD, ITALIC, REGULAR, register_fonts

INK = colors.HexColor("#1d2330")
MUTED = colors.HexColor("#5b6474")
RULE = colors.HexColor("#c9ced6")
PANEL = colors.HexColor("#f2f4f7")
ACCENT = colors.HexColor("#1f3a5f")
ACCENT_TINT = colors.HexColor("#e4ebf4")
RED = colors.HexColor("#b3261e")
RED_TINT = colors.HexColor("#fbe9e7")
GREEN = colors.HexColor("#2e7d32")
AMBER = colors.HexColor("#a35f00")
LAND = colors.HexColor("#f1ede2")
LAND_CONTEXT = colors.HexColor("#e3e3e3")
SEA = colors.HexColor("#dbe8f3")
WHITE = colors.white

OUTCOME_COLOURS = {"success": GREEN, "partial": AMBER, "failure": RED}
"""Colour of each adjudication outcome wherever it is printed."""


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one report."""

    body: ParagraphStyle
    small: ParagraphStyle
    meta: ParagraphStyle
    lead: ParagraphStyle
    label: ParagraphStyle
    quote: ParagraphStyle
    bullet: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_text: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    h4: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    cell_right: ParagraphStyle
    cell_centre: ParagraphStyle
    callout: ParagraphStyle
    placeholder: ParagraphStyle
    form_label: ParagraphStyle
    toc: tuple[ParagraphStyle, ...]

    def every(self) -> list[ParagraphStyle]:
        """Every style of the report, the contents' levels included."""
        found: list[ParagraphStyle] = []
        for value in vars(self).values():
            found += value if isinstance(value, tuple) else [value]
        return found


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": REGULAR,
        "bulletFontName": REGULAR,
        "fontSize": 9.5,
        "leading": 13,
        "textColor": INK,
        "splitLongWords": 1,
        "alignment": TA_LEFT,
        "allowWidows": 0,
        "allowOrphans": 0,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


def _heading(
    name: str, size: float, leading: float, colour: colors.Color, *, space: tuple[float, float]
) -> ParagraphStyle:
    """A bold heading kept with what follows it; ``space`` is the room before and after."""
    before, after = space
    return _style(
        name,
        fontName=BOLD,
        fontSize=size,
        leading=leading,
        textColor=colour,
        spaceBefore=before,
        spaceAfter=after,
        keepWithNext=1,
    )


def make_styles() -> Styles:
    """Build the styles (registering the fonts first)."""
    register_fonts()
    return Styles(
        body=_style("body", spaceAfter=5),
        small=_style("small", fontSize=8, leading=10.5, spaceAfter=3),
        meta=_style("meta", fontSize=7.5, leading=9.5, textColor=MUTED, spaceAfter=3),
        lead=_style(
            "lead", fontSize=7.5, leading=9.5, textColor=MUTED, spaceAfter=3, keepWithNext=1
        ),
        label=_style(
            "label",
            fontName=BOLD,
            fontSize=8,
            leading=10.5,
            spaceBefore=2,
            spaceAfter=1,
            keepWithNext=1,
        ),
        quote=_style("quote", leftIndent=10, textColor=INK, spaceAfter=5, fontName=ITALIC),
        bullet=_style("bullet", leftIndent=14, bulletIndent=4, spaceAfter=2),
        cover_title=_style(
            "cover-title", fontName=BOLD, fontSize=26, leading=31, textColor=ACCENT, spaceAfter=8
        ),
        cover_subtitle=_style(
            "cover-subtitle", fontSize=15, leading=19, textColor=INK, spaceAfter=14
        ),
        cover_text=_style("cover-text", fontSize=10, leading=14, textColor=MUTED),
        h1=_heading("h1", 16, 20, ACCENT, space=(16, 8)),
        h2=_heading("h2", 12.5, 16, ACCENT, space=(12, 6)),
        h3=_heading("h3", 10.5, 14, INK, space=(9, 4)),
        h4=_heading("h4", 9.5, 13, INK, space=(7, 2)),
        cell=_style("cell", fontSize=8, leading=10),
        cell_bold=_style("cell-bold", fontSize=8, leading=10, fontName=BOLD),
        cell_head=_style("cell-head", fontSize=8, leading=10, fontName=BOLD, textColor=WHITE),
        cell_head_right=_style(
            "cell-head-right",
            fontSize=8,
            leading=10,
            fontName=BOLD,
            textColor=WHITE,
            alignment=TA_RIGHT,
        ),
        cell_right=_style("cell-right", fontSize=8, leading=10, alignment=TA_RIGHT),
        cell_centre=_style("cell-centre", fontSize=7.5, leading=9, alignment=TA_CENTER),
        callout=_style(
            "callout", fontSize=9.5, leading=13, textColor=RED, fontName=BOLD, spaceAfter=3
        ),
        placeholder=_style(
            "placeholder",
            fontName=ITALIC,
            textColor=MUTED,
            spaceAfter=5,
            borderPadding=6,
            backColor=PANEL,
            borderColor=RULE,
            borderWidth=0.5,
            spaceBefore=4,
        ),
        form_label=_style("form-label", fontName=BOLD, fontSize=9, leading=11, alignment=TA_LEFT),
        toc=(
            _style("toc-0", fontName=BOLD, fontSize=10, leading=14, spaceBefore=4, rightIndent=40),
            _style("toc-1", fontSize=9, leading=12, leftIndent=16, rightIndent=40),
            _style("toc-2", fontSize=8.5, leading=11, leftIndent=32, rightIndent=40),
        ),
    )


def centred(style: ParagraphStyle) -> ParagraphStyle:
    """A copy of ``style`` with centred text."""
    return ParagraphStyle(f"{style.name}-centred", parent=style, alignment=TA_CENTER)


def table_style(commands: Sequence[tuple[object, ...]] = ()) -> TableStyle:
    """A table style that names the report font first.

    ReportLab sets a table's default font (Helvetica) on the page even when every cell is
    a paragraph, which would put a base-14 font in the PDF; naming ours avoids that.
    """
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])


def grid_table_style(*, header_rows: int = 1, zebra: bool = True) -> TableStyle:
    """The style of every data table: header band, hairline grid, light zebra rows."""
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 10),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT),
            ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), WHITE),
            ("FONTNAME", (0, 0), (-1, header_rows - 1), BOLD),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [WHITE, PANEL]))
    return TableStyle(commands)


def key_value_table_style() -> TableStyle:
    """The style of small label/value tables (cover facts, adjudication inputs)."""
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
    )
