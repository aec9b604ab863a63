"""`wargame report` and `wargame briefings` on a real game file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from wargame.cli import main

from .report_helpers import PlayedGame


def test_report_command_writes_the_chosen_paper_and_audience(
    rich_game: PlayedGame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "AAR.pdf"
    code = main(
        ["report", str(rich_game.path), "-o", str(out), "--paper", "letter", "--audience", "public"]
    )
    assert code == 0
    assert "wrote the public after-action report" in capsys.readouterr().out
    page = PdfReader(out).pages[0]
    assert round(float(page.mediabox.width)) == 612


def test_briefings_command_writes_one_pack_per_team(
    rich_game: PlayedGame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["briefings", str(rich_game.path), "-o", str(tmp_path / "packs")])
    assert code == 0
    assert len(list((tmp_path / "packs").glob("briefing-*.pdf"))) == 5
    assert capsys.readouterr().out.count("wrote ") == 5


def test_report_command_refuses_a_folder_as_output(
    rich_game: PlayedGame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", str(rich_game.path), "-o", str(tmp_path)])
    assert code != 0
    assert "is a folder" in capsys.readouterr().err
