"""A name spoofed with bidi controls or zero-width characters in an old game file is
printed without them in the report (the read models clean names at display)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from pypdf import PdfReader

from wargame.game import Game, JoinRequest, MoveContent
from wargame.report import write_after_action_report
from wargame.scenario import load_scenario

REPO = Path(__file__).resolve().parents[2]


def test_a_spoofed_name_in_an_old_file_prints_without_invisible_characters(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.wargame"
    with Game.create(path, load_scenario(REPO / "scenarios" / "tutorial.yaml"), seed=3) as game:
        fac = game.queries().participants()[0].id
        alice = game.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
        game.join(fac, JoinRequest(name="Bob", role="player", team_id="red"))
        game.start(fac)
        game.advance(fac)
        game.submit_move(alice, MoveContent(title="Escort", action="a", intended_result="r"))
    with closing(sqlite3.connect(path)) as db:  # as a file written before the rule
        db.execute("update participant set name = ? where name = 'Alice'", ("Ali\u202eecnal",))
        db.execute("update move set title = ?", ("Esc\u200bort\u2066",))
        db.commit()
    with Game.open(path) as game:
        out = write_after_action_report(game, tmp_path / "aar.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Aliecnal" in text and "Escort" in text
    assert not any(ch in text for ch in "\u202e\u200b\u2066")
