"""A text of thousands of lines is set as a run of short paragraphs, so the report's time
stays linear in its size (bench/bench_long_text.py measures it); nothing of it is lost.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate, Table

from wargame.game import Game, JoinRequest, MoveContent
from wargame.report import write_after_action_report
from wargame.report.fonts import REGULAR, register_fonts
from wargame.report.paragraph import MAX_LINES, RUN_LINES, Para, TextRun, split_lines
from wargame.report.text import markup
from wargame.scenario import load_scenario

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def style() -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle("t", fontName=REGULAR, fontSize=9, leading=11, spaceAfter=6)


def _lines(n: int) -> str:
    return markup("\n".join(f"line {i:05d}" for i in range(1, n + 1)))


def test_a_short_text_stays_one_paragraph(style: ParagraphStyle) -> None:
    para = Para(_lines(MAX_LINES), style)
    assert isinstance(para, Para)


def test_a_text_of_many_lines_becomes_a_run_of_short_paragraphs(style: ParagraphStyle) -> None:
    run = Para("<b>Action:</b> " + _lines(9_999), style, bulletText="•")
    assert isinstance(run, TextRun)
    parts = run._parts
    assert len(parts) == -(-9_999 // RUN_LINES)
    assert all(p.text.count("<br/>") < RUN_LINES for p in parts)
    assert parts[0].bulletText == "•" and all(p.bulletText is None for p in parts[1:])
    assert parts[0].style.spaceAfter == 0 and parts[-1].style.spaceAfter == 6
    assert run.getSpaceAfter() == 6


def test_tags_open_across_a_cut_are_closed_and_reopened() -> None:
    text = "<b>bold <font color='#ff0000'>red" + "<br/>x" * 25 + "</font> after</b> end"
    pieces = split_lines(text, 10)
    assert len(pieces) == 3
    for piece in pieces:
        opened = re.findall(r"<(b|font)\b", piece)
        closed = re.findall(r"</(b|font)>", piece)
        assert sorted(opened) == sorted(closed), piece
    assert pieces[1].startswith("<b><font color='#ff0000'>")
    assert "".join(pieces).count("x") == 25


def test_a_run_splits_across_pages_in_the_story_and_in_a_table(
    style: ParagraphStyle, tmp_path: Path
) -> None:
    out = tmp_path / "run.pdf"
    story = [
        Para(_lines(3_000), style),
        Table([[Para(markup("cell\n" * 600 + "last cell line"), style)]], splitInRow=1),
    ]
    SimpleDocTemplate(str(out)).build(story)
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    numbers = [int(n) for n in re.findall(r"line (\d{5})", text)]
    assert numbers == list(range(1, 3_001))  # every line, once, in order
    assert text.count("cell") == 601 and "last cell line" in text


def test_a_run_of_empty_lines_prints_as_one_line_saying_how_many() -> None:
    assert markup("a" + "\n" * 19_998 + "b") == "a<br/><br/><i>[19,997 empty lines]</i><br/><br/>b"
    assert markup("a\n\n\n\nb") == "a<br/><br/><br/><br/>b"  # three empty lines are kept


@pytest.mark.slow
def test_the_report_prints_every_line_of_a_long_move(tmp_path: Path) -> None:
    path = tmp_path / "long.wargame"
    lines = "\n".join(f"step {i:04d}" for i in range(1, 2_001))
    with Game.create(path, load_scenario(REPO / "scenarios" / "tutorial.yaml"), seed=3) as game:
        fac = game.queries().participants()[0].id
        alice = game.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
        game.join(fac, JoinRequest(name="Bob", role="player", team_id="red"))
        game.start(fac)
        game.advance(fac)
        game.submit_move(
            alice,
            MoveContent(
                title="A long plan", action=lines, intended_result="Start." + "\n" * 19_000 + "End."
            ),
        )
        out = write_after_action_report(game, tmp_path / "aar.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert [int(n) for n in re.findall(r"step (\d{4})", text)] == list(range(1, 2_001))
    assert "[18,999 empty lines]" in text


@pytest.mark.slow
def test_a_move_of_9999_line_breaks_is_printed_whole(tmp_path: Path) -> None:
    """The attack of the issue: one move text of 9,999 line breaks, under the size limit."""
    path = tmp_path / "breaks.wargame"
    letters = [chr(ord("a") + i % 26) for i in range(10_000)]
    action = "\n".join(letters)
    assert action.count("\n") == 9_999 and len(action) <= 20_000
    with Game.create(path, load_scenario(REPO / "scenarios" / "tutorial.yaml"), seed=3) as game:
        fac = game.queries().participants()[0].id
        alice = game.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
        game.join(fac, JoinRequest(name="Bob", role="player", team_id="red"))
        game.start(fac)
        game.advance(fac)
        game.submit_move(alice, MoveContent(title="Breaks", action=action, intended_result="r"))
        out = write_after_action_report(game, tmp_path / "aar.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    printed = re.findall(r"^(?:Action: )?([a-z])$", text, flags=re.M)
    assert printed == letters
