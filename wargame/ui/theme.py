"""Fonts and colours: DejaVu Sans for every script, and a light or dark palette.

Qt ships no fonts and the system may have none that covers Cyrillic, so the app registers
the DejaVu Sans files bundled in ``assets/fonts``. The palette follows the system's colour
scheme unless the facilitator picks one (View ▸ Theme); the Fusion style with an explicit
palette looks the same on every platform and offscreen (PITFALLS.md).
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from wargame.scenario import assets_dir

FONT_FAMILY = "DejaVu Sans"
"""The family registered from ``assets/fonts``; it covers Latin, Greek and Cyrillic."""


class Theme(StrEnum):
    """Which palette to use."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


def register_fonts() -> list[str]:
    """Register the bundled DejaVu Sans files with Qt; return the families added.

    Safe to call more than once (Qt ignores a file it already has).
    """
    families: list[str] = []
    folder = assets_dir() / "fonts"
    for path in sorted(folder.glob("DejaVuSans*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def default_font(point_size: float = 10.0) -> QFont:
    """The app's UI font: DejaVu Sans, falling back to the system's sans serif."""
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def is_dark(palette: QPalette) -> bool:
    """True when the palette's window colour is dark."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _dark_palette() -> QPalette:
    p = QPalette()
    window = QColor(37, 39, 43)
    base = QColor(28, 30, 33)
    text = QColor(232, 232, 232)
    disabled = QColor(130, 130, 130)
    accent = QColor(45, 105, 180)  # white text on it reads at 5.8:1
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(44, 47, 52),
        QPalette.ColorRole.ToolTipBase: QColor(52, 55, 60),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(150, 150, 150),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor(50, 53, 58),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 120, 120),
        QPalette.ColorRole.Light: QColor(70, 73, 78),
        QPalette.ColorRole.Midlight: QColor(58, 61, 66),
        QPalette.ColorRole.Mid: QColor(45, 47, 51),
        QPalette.ColorRole.Dark: QColor(20, 21, 23),
        QPalette.ColorRole.Shadow: QColor(0, 0, 0),
        QPalette.ColorRole.Highlight: accent,
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Link: QColor(120, 180, 255),
        QPalette.ColorRole.LinkVisited: QColor(190, 150, 255),
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def _light_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: QColor(239, 239, 237),
        QPalette.ColorRole.WindowText: QColor(25, 25, 25),
        QPalette.ColorRole.Base: QColor(255, 255, 255),
        QPalette.ColorRole.AlternateBase: QColor(245, 245, 243),
        QPalette.ColorRole.ToolTipBase: QColor(255, 255, 225),
        QPalette.ColorRole.ToolTipText: QColor(25, 25, 25),
        QPalette.ColorRole.PlaceholderText: QColor(108, 108, 108),
        QPalette.ColorRole.Text: QColor(25, 25, 25),
        QPalette.ColorRole.Button: QColor(232, 232, 230),
        QPalette.ColorRole.ButtonText: QColor(25, 25, 25),
        QPalette.ColorRole.BrightText: QColor(200, 0, 0),
        QPalette.ColorRole.Light: QColor(255, 255, 255),
        QPalette.ColorRole.Midlight: QColor(227, 227, 225),
        QPalette.ColorRole.Mid: QColor(184, 184, 182),
        QPalette.ColorRole.Dark: QColor(160, 160, 158),
        QPalette.ColorRole.Shadow: QColor(105, 105, 105),
        QPalette.ColorRole.Highlight: QColor(38, 110, 190),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Link: QColor(20, 90, 180),
        QPalette.ColorRole.LinkVisited: QColor(110, 60, 160),
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    disabled = QColor(150, 150, 150)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def system_prefers_dark() -> bool:
    """True when the platform reports a dark colour scheme."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Use the Fusion style with the palette the theme asks for."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette_for(theme))


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background`` (WCAG relative luminance)."""
    return QColor(0, 0, 0) if luminance(background) > 0.179 else QColor(255, 255, 255)


AA = 4.5
"""The WCAG AA contrast for normal text."""


def readable(colour: QColor, background: QColor | None = None) -> QColor:
    """``colour`` as text on ``background`` (default: the app's Base), at AA or better.

    Darkened on a light background, lightened on a dark one, until it reads at 4.5:1.
    """
    if background is None:
        background = QApplication.palette().color(QPalette.ColorRole.Base)
    out = QColor(colour)
    lighten = luminance(background) < 0.18
    for _ in range(40):
        if contrast(out, background) >= AA:
            return out
        out = out.lighter(108) if lighten else out.darker(108)
        if lighten and out.lightness() >= 250:
            break
    return readable_on(background)


def text_pairs(palette: QPalette) -> list[tuple[str, QColor, QColor]]:
    """Every text/background pair the app draws with this palette, named, for the AA test.

    The palette's own pairs, then each colour with a meaning as text on Base, AlternateBase
    and Window (made readable by :func:`readable`).
    """
    role = QPalette.ColorRole
    pairs = [
        ("window text", palette.color(role.WindowText), palette.color(role.Window)),
        ("text", palette.color(role.Text), palette.color(role.Base)),
        ("text on alternate rows", palette.color(role.Text), palette.color(role.AlternateBase)),
        ("placeholder", palette.color(role.PlaceholderText), palette.color(role.Base)),
        ("button text", palette.color(role.ButtonText), palette.color(role.Button)),
        ("tooltip", palette.color(role.ToolTipText), palette.color(role.ToolTipBase)),
        ("selection", palette.color(role.HighlightedText), palette.color(role.Highlight)),
        ("link", palette.color(role.Link), palette.color(role.Base)),
    ]
    meanings = {
        "red line": RED_LINE,
        "alert": ALERT,
        "sealed": SEALED,
        "void": VOID_TEXT,
        **{f"outcome {name}": colour for name, colour in OUTCOME_COLOURS.items()},
    }
    for name, colour in meanings.items():
        for where in (role.Base, role.AlternateBase, role.Window):
            background = palette.color(where)
            pairs.append((f"{name} on {where.name}", readable(colour, background), background))
    return pairs


def palette_for(theme: Theme) -> QPalette:
    """The palette of a light or dark theme (SYSTEM: as the platform prefers)."""
    dark = theme is Theme.DARK or (theme is Theme.SYSTEM and system_prefers_dark())
    return _dark_palette() if dark else _light_palette()


# Colours with a meaning, chosen to read on both palettes.
RED_LINE = QColor(214, 39, 40)
"""Red lines: their regions on the map and their chips on the state board."""
ALERT = QColor(230, 80, 40)
"""The phase timer at zero, a crossed red line flashing."""
SEALED = QColor(200, 140, 0)
"""The marker of a sealed (secret, unrevealed) move, shown to the facilitator only."""
VOID_TEXT = QColor(140, 140, 140)
"""Text of voided records in lists and the log."""
OUTCOME_COLOURS = {
    "success": QColor(46, 160, 67),
    "partial": QColor(210, 150, 20),
    "failure": QColor(205, 55, 45),
}
"""The three outcomes of an adjudication."""
