"""Hypothesis: any text a person could type goes through the report's text path — markup,
paragraphs, a laid-out and drawn PDF paragraph — without an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate, Table

from wargame.report.fonts import REGULAR, register_fonts
from wargame.report.paragraph import Para
from wargame.report.text import markup, paragraphs, plain

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=300)
LINES = st.lists(ANY_TEXT, max_size=80).map("\n".join)
BOUNDED = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _style() -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle("fuzz", fontName=REGULAR, fontSize=9, leading=11)


@pytest.mark.slow
@BOUNDED
@given(st.one_of(ANY_TEXT, LINES))
def test_any_text_becomes_a_pdf(tmp_path: Path, text: str) -> None:
    style = _style()
    story = [Para(markup(text), style, bulletText="•")]
    story += [Para(p, style) for p in paragraphs(text)]
    story.append(Table([[Para(markup(text), style)]], colWidths=[200], splitInRow=1))
    story.append(Para(markup(plain(text, 80)), style))
    SimpleDocTemplate(str(tmp_path / "fuzz.pdf")).build(story)
    assert (tmp_path / "fuzz.pdf").stat().st_size > 0
