"""Every text/background pair of both themes reads at WCAG AA (4.5:1), computed from the theme."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from wargame.ui.theme import AA, Theme, contrast, palette_for, readable, text_pairs


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK])
def test_every_text_pair_of_the_theme_reads_at_aa(theme: Theme) -> None:
    pairs = text_pairs(palette_for(theme))
    assert len(pairs) > 20
    weak = [
        (name, fg.name(), bg.name(), round(contrast(fg, bg), 2))
        for name, fg, bg in pairs
        if contrast(fg, bg) < AA
    ]
    assert weak == []


def test_the_colours_the_issue_measured_now_read() -> None:
    sealed_before = contrast(QColor("#C88C00"), QColor("#F5F5F3"))
    assert sealed_before < 3  # 2.7:1, as reported
    assert contrast(readable(QColor("#C88C00"), QColor("#F5F5F3")), QColor("#F5F5F3")) >= AA
    assert contrast(readable(QColor("#D29614"), QColor("white")), QColor("white")) >= AA
