"""The TrueType family every report uses: DejaVu Sans, shipped in ``assets/fonts``.

PDF base-14 fonts (Helvetica and friends) have no Cyrillic, so every style, table and
drawing of a report names one of the four fonts registered here, and the fonts are
embedded (subset) in each PDF. Registration is idempotent: ReportLab keeps its own
registry, and the first report of a session fills it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from wargame.report.errors import ReportError
from wargame.scenario import assets_dir

FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}


def fonts_dir() -> Path:
    """The folder the report fonts are read from."""
    return assets_dir() / "fonts"


def register_fonts() -> None:
    """Register the DejaVu Sans family with ReportLab (once per process).

    Raises:
        ReportError: If a font file is missing or unreadable.
    """
    known = set(pdfmetrics.getRegisteredFontNames())
    if all(name in known for name in _FILES):
        return
    folder = fonts_dir()
    for name, file_name in _FILES.items():
        path = folder / file_name
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception as exc:  # ReportLab raises TTFError, OSError …
            raise ReportError(
                f"the report font {path} cannot be read ({exc}); reinstall wargame"
            ) from None
    # <b> and <i> inside paragraphs find the bold and oblique faces through the family.
    pdfmetrics.registerFontFamily(
        FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )


@lru_cache(maxsize=1)
def covered_code_points() -> frozenset[int]:
    """The characters the regular face has a glyph for (the other faces cover the same)."""
    register_fonts()
    font = pdfmetrics.getFont(REGULAR)
    return frozenset(font.face.charToGlyph)
