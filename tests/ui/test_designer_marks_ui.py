"""What the designer wrote, shown in the app and the report: the umpire's move tags in the
move detail (white cell only), voided records marked in the replay with their reason, and an
inject's effect left out in the log panel and the facilitator edition of the report."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.game.support import make_table
from tests.game.test_designer_marks import FIXTURES, leave_out_an_effect
from tests.report.report_helpers import page_texts, squeeze
from wargame.game import Game, MoveContent, Viewer
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.report.aar import write_after_action_report
from wargame.scenario import load_scenario
from wargame.ui.main_window import MainWindow
from wargame.ui.moves_panel import move_html
from wargame.ui.replay import ReplayWindow

from .conftest import ScriptedNotifier

FAC = Viewer.facilitator()


def _kest_with_a_left_out_effect(tmp_path: Path) -> Path:
    path = tmp_path / "kest.wargame"
    with make_table(str(path), load_scenario(FIXTURES / "kest-coalitions.yaml")) as t:
        leave_out_an_effect(t)
    return path


def test_the_log_panel_shows_an_inject_effect_left_out(
    window: MainWindow, notifier: ScriptedNotifier, tmp_path: Path
) -> None:
    assert window.open_game(_kest_with_a_left_out_effect(tmp_path))
    panel = window.log_panel
    assert panel is not None
    (entry,) = [e for e in panel.model.entries() if e.kind == "skip"]
    assert entry.turn == 1 and "left out (inject:" in entry.what
    assert "already on the map" in entry.what
    assert entry.cells[2] == "Effect left out"
    panel.grab().save(str(tmp_path / "log.png"))


def test_the_facilitator_report_names_the_effect_left_out_and_the_public_one_does_not(
    tmp_path: Path,
) -> None:
    game = Game.open(_kest_with_a_left_out_effect(tmp_path))
    try:
        white = write_after_action_report(game, tmp_path / "white.pdf")
        public = write_after_action_report(game, tmp_path / "public.pdf", audience="public")
    finally:
        game.close()
    white_text = squeeze(" ".join(page_texts(white)))
    assert squeeze("Inject effects left out") in white_text
    assert squeeze("already on the map") in white_text
    public_text = squeeze(" ".join(page_texts(public)))
    assert squeeze("left out") not in public_text


def test_move_tags_show_in_the_move_detail_for_the_white_cell_only(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "lines.wargame"
    with make_table(str(path), load_scenario(FIXTURES / "red-lines-history.yaml")) as t:
        t.go_to("moves")
        move = t.move(t.alice, "Strike the depot")
        t.go_to("adjudication")
        t.game.reveal_moves(t.fac)
        t.game.commit_adjudication(
            t.fac,
            AdjudicationRequest(
                method="ruling",
                narrative="The depot burns.",
                rationale="r",
                move_id=move,
                outcome="success",
                tags=("strike",),
            ),
        )
        blue_view = t.q.adjudications(Viewer.team("blue"))[0]
        blue_move = t.q.moves(Viewer.team("blue"))[0]
    assert "Tagged" not in move_html(blue_move, blue_view, "Blue")
    assert window.open_game(path)
    panel = window.moves_panel
    assert panel is not None and panel.select_move(move)
    text = panel.details.toPlainText()
    assert "Tagged (white cell only): strike" in text
    panel.grab().save(str(tmp_path / "moves.png"))


def test_the_replay_list_marks_a_voided_record_with_its_reason(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from tests.ui.conftest import make_tutorial_game

    path = make_tutorial_game(tmp_path / "kest.wargame")
    game = Game.open(path)
    try:
        fac = game.queries().participants()[0].id
        game.advance(fac)
        anna = next(p.id for p in game.queries().participants() if p.name == "Anna")
        move = game.submit_move(
            anna, MoveContent(title="Frigates", action="Sail", intended_result="Fish")
        )
        game.void(fac, "move", move, reason="entered for the wrong team")
        replay = ReplayWindow(game, fac)
        qtbot.addWidget(replay)
        (line,) = [text for text in replay.log_texts() if "Frigates" in text]
        assert line.startswith("T1  ✕ Move") and "(void: entered for the wrong team)" in line
        assert not any("✕" in t for t in replay.log_texts() if "Frigates" not in t)
        replay.grab().save(str(tmp_path / "replay.png"))
    finally:
        game.close()
