"""Paragraphs of the same markup in the same style share one parse, and print alike."""

from __future__ import annotations

import gc
import re
import weakref
from dataclasses import fields
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate, Table

from wargame.report.fonts import REGULAR, register_fonts
from wargame.report.paragraph import Para, forget_parses
from wargame.report.styles import make_styles


@pytest.fixture
def style() -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle("t", fontName=REGULAR, fontSize=9, leading=11)


def test_the_same_markup_and_style_are_parsed_once(style: ParagraphStyle) -> None:
    first = Para("<b>Outcome:</b> success", style)
    second = Para("<b>Outcome:</b> success", style)
    assert second.frags is first.frags
    assert second.text == first.text and second.style is style


def test_another_style_bullet_or_text_is_parsed_again(style: ParagraphStyle) -> None:
    first = Para("<b>Outcome:</b> success", style)
    other = ParagraphStyle("u", parent=style, fontSize=12)
    assert Para("<b>Outcome:</b> success", other).frags is not first.frags
    assert Para("<b>Outcome:</b> success", style, bulletText="•").frags is not first.frags
    assert Para("<b>Outcome:</b> failure", style).frags is not first.frags


def test_a_para_tag_with_attributes_keeps_its_own_style(style: ParagraphStyle) -> None:
    first = Para("<para fontSize='14'>big</para>", style)
    second = Para("<para fontSize='14'>big</para>", style)
    assert first.style is not style and first.style.fontSize == 14
    assert second.style.fontSize == 14


def test_the_shared_parses_go_with_their_style() -> None:
    register_fonts()
    style = ParagraphStyle("gone", fontName=REGULAR, fontSize=9, leading=11)
    alive = weakref.ref(style)
    paras = [Para("the same words", style) for _ in range(3)]
    assert paras[1].frags is paras[0].frags
    del paras, style
    gc.collect()
    assert alive() is None


def test_paragraphs_sharing_a_parse_each_print_whole(style: ParagraphStyle, tmp_path: Path) -> None:
    """One copy split across pages, one in a table cell, one whole: each prints every word."""
    words = " ".join(f"w{i:04d}" for i in range(1, 1_201))
    out = tmp_path / "shared.pdf"
    story = [
        Para(words, style),
        Table([[Para(words, style)]], colWidths=[200], splitInRow=1),
        Para(words, style),
    ]
    SimpleDocTemplate(str(out)).build(story)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    numbers = [int(n) for n in re.findall(r"w(\d{4})", text)]
    assert numbers == list(range(1, 1_201)) * 3


def test_a_written_document_forgets_the_parses_of_its_styles(style: ParagraphStyle) -> None:
    first = Para("<b>Outcome:</b> success", style)
    forget_parses([style])
    again = Para("<b>Outcome:</b> success", style)
    assert again.frags is not first.frags
    assert Para("<b>Outcome:</b> success", style).frags is again.frags


def test_every_style_of_a_report_is_listed() -> None:
    styles = make_styles()
    every = styles.every()
    assert styles.body in every and all(level in every for level in styles.toc)
    assert len(every) == len({id(s) for s in every}) == len(fields(styles)) - 1 + len(styles.toc)
