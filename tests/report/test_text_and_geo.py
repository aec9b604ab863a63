"""User text made safe for paragraphs; the map's geography clipped, projected and labelled."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle

from wargame.report.fonts import REGULAR, register_fonts
from wargame.report.geo import load_geography
from wargame.report.paragraph import Para
from wargame.report.text import clean, fit, markup, paragraphs, plain
from wargame.scenario import load_scenario
from wargame.scenario.geography import clip_ring as _clip
from wargame.scenario.geography import point_in_ring as _inside


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        ("a & b", "a &amp; b"),
        ("</para>", "&lt;/para&gt;"),
        ("<font name=x>", "&lt;font name=x&gt;"),
        ("&amp; &#65;", "&amp;amp; &amp;#65;"),
        ("line\nbreak", "line<br/>break"),
        ("bell\x07 esc\x1b del\x7f c1\x9b next\x85", "bell esc del c1 next"),
        (None, ""),
    ],
)
def test_markup_escapes_and_cleans(raw: str | None, expected: str) -> None:
    assert markup(raw) == expected


def test_markup_survives_a_paragraph_and_prints_literally() -> None:
    register_fonts()  # as every report does first; this test may run before any report
    style = ParagraphStyle("t", fontName=REGULAR)
    hostile = "<b>x</b> & </para> <font name=x> &#65; <br/> <onDraw name=x/>"
    para = Para(markup(hostile), style)
    assert "".join(f.text for f in para.frags) == hostile


def test_clean_keeps_scripts_and_marks_glyphs_the_font_lacks() -> None:
    assert clean("Привіт, Łódź, Россия") == "Привіт, Łódź, Россия"
    assert clean("go 🚀\ufe0f now") == "go [U+1F680]\ufe0f now"
    assert clean("tab\there\r\nnext") == "tab here\nnext"
    assert clean("\ud800lone") == "lone"


def test_paragraphs_split_on_blank_lines_and_reflow_on_request() -> None:
    text = "first line\nsame paragraph\n\n  \nsecond"
    assert paragraphs(text) == ["first line<br/>same paragraph", "second"]
    assert paragraphs(text, reflow=True) == ["first line same paragraph", "second"]
    assert paragraphs("   ") == []


def test_plain_and_fit_shorten_one_line() -> None:
    assert plain("a\n b\tc", 10) == "a b c"
    assert plain("x" * 50, 10) == "x" * 9 + "…"
    assert fit("short", REGULAR, 8, 100) == "short"
    long = fit("a long heading that will not fit", REGULAR, 8, 60)
    assert long.endswith("…") and len(long) < 30


def test_para_reuses_its_layout_at_the_same_width() -> None:
    para = Para(markup("word " * 200), ParagraphStyle("t", fontName=REGULAR))
    first = para.wrap(200, 1000)
    lines = para.blPara
    assert para.wrap(200, 500) == first
    assert para.blPara is lines
    assert para.wrap(300, 1000) != first


def test_clip_keeps_the_part_inside_the_frame() -> None:
    square = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]
    clipped = _clip(square, (1.0, 1.0, 10.0, 10.0))
    xs = [p[0] for p in clipped]
    ys = [p[1] for p in clipped]
    assert min(xs) == 1.0 and max(xs) == 4.0 and min(ys) == 1.0 and max(ys) == 4.0
    assert _clip(square, (5.0, 5.0, 6.0, 6.0)) == []


def test_troop_deployment_map_has_every_region_labelled_inside_it(troop_path: Path) -> None:
    scenario = load_scenario(troop_path).scenario
    geography = load_geography(scenario)
    assert geography is not None
    assert geography.frame == (9.0, 42.0, 46.0, 60.0)
    for region in scenario.regions:
        shape = geography.shape(region.id)
        assert shape is not None, region.id
        assert shape.sea == (region.kind.value == "sea")
        largest = max(shape.rings, key=len)
        assert any(_inside(shape.label, ring) for ring in shape.rings), (region.id, largest[:2])
        x, y = shape.label
        assert 0 <= x <= geography.width and 0 <= y <= geography.height
    assert any(name == "Kyiv" for name, _ in geography.cities)


def test_tutorial_map_uses_the_extent_of_its_regions(tutorial_path: Path) -> None:
    scenario = load_scenario(tutorial_path).scenario
    geography = load_geography(scenario)
    assert geography is not None
    assert {s.feature_id for s in geography.shapes} >= {r.id for r in scenario.regions}
