"""The analysts' side of the app: replay, the analysts' view and its warnings, printing,
comparing games, the quick look and the projector's recap — on the demo game and on a
tutorial game, with real widgets offscreen."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QListWidget, QTableWidget
from pytestqt.qtbot import QtBot

from wargame.cli import main as cli
from wargame.game import Game, MoveContent, Viewer
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.ui import analysis_menu
from wargame.ui.chain_dialog import ChainDialog
from wargame.ui.compare_dialog import CompareDialog
from wargame.ui.main_window import MainWindow
from wargame.ui.printing import PdfPrintPreview, default_paper, print_pdf, write_document
from wargame.ui.replay import ReplayWindow, replay_screenshot

from .conftest import ScriptedNotifier, advance
from .test_screenshot import _run


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert cli(["demo", "-o", str(folder)]) == 0
    return folder / "demo.wargame"


@pytest.fixture
def demo(demo_source: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo game for one test (the game is closed: a plain copy is safe)."""
    return Path(shutil.copyfile(demo_source, tmp_path / "demo.wargame"))


@pytest.fixture
def demo_game(demo: Path) -> Iterator[Game]:
    with Game.open(demo) as game:
        yield game


def _facilitator(game: Game) -> int:
    return game.queries().participants()[0].id


# ---------------------------------------------------------------------------- replay


def test_the_replay_shows_each_turns_end_state(qtbot: QtBot, demo_game: Game) -> None:
    replay = ReplayWindow(demo_game, _facilitator(demo_game))
    qtbot.addWidget(replay)
    for turn in (1, 3, 6):
        replay.show_turn(turn)
        assert replay.state is not None
        expected = demo_game.queries().state(turn)
        assert [(t.id, t.value) for t in replay.state.tracks] == [
            (t.id, t.value) for t in expected.tracks
        ]
        assert [r.crossed for r in replay.state.red_lines] == [
            r.crossed for r in expected.red_lines
        ]
        assert [u.region for u in replay.state.units] == [u.region for u in expected.units]
    replay.scrubber.setValue(0)
    assert replay.state is not None
    start = demo_game.queries().state(0)
    assert replay.state.track("escalation").value == start.track("escalation").value


def test_scrubbing_the_replay_writes_nothing(qtbot: QtBot, demo_game: Game) -> None:
    before = len(demo_game.queries().audit(Viewer.facilitator()))
    replay = ReplayWindow(demo_game, _facilitator(demo_game))
    qtbot.addWidget(replay)
    for index in range(0, len(replay.moments), 7):
        replay.scrubber.setValue(index)
    assert len(demo_game.queries().audit(Viewer.facilitator())) == before


def test_a_bookmark_and_an_annotation_are_kept_in_the_record(
    qtbot: QtBot, demo: Path, demo_game: Game
) -> None:
    replay = ReplayWindow(demo_game, _facilitator(demo_game))
    qtbot.addWidget(replay)
    index = next(i for i, m in enumerate(replay.moments) if m.kind == "move")
    replay.scrubber.setValue(index)
    assert replay.annotate(None) and replay.annotate("Where it began.")
    assert replay.log_texts()[index].startswith("★ ")
    assert "✎ Where it began." in replay.log_texts()[index]
    with Game.open(demo) as again:
        notes = again.analysis().annotations(Viewer.facilitator())
    assert ("move", replay.moments[index].record_id, "Where it began.") in [
        (n.entity, n.entity_id, n.text) for n in notes
    ]
    phase = next(i for i, m in enumerate(replay.moments) if m.kind == "phase")
    replay.scrubber.setValue(phase)
    assert not replay.bookmark_button.isEnabled()


def test_the_replay_of_a_tutorial_game(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    advance(window)
    assert window.session is not None
    replay = ReplayWindow(window.session.game, window.session.facilitator_id)
    qtbot.addWidget(replay)
    replay.show_turn(1)
    assert replay.state is not None and replay.state.turn == 1
    assert "Turn 1" in replay.where.text() or "turn 1" in replay.where.text()


def test_a_replay_screenshot_at_turn_three(qtbot: QtBot, demo_game: Game, tmp_path: Path) -> None:
    shot = tmp_path / "turn3.png"
    assert replay_screenshot(demo_game, _facilitator(demo_game), 3, shot)
    image = QImage(str(shot))
    assert image.width() >= 1200
    assert len({image.pixel(x, image.height() // 2) for x in range(0, image.width(), 20)}) > 5


def test_gui_turn_screenshot_runs_the_real_program(demo: Path, tmp_path: Path) -> None:
    shot = tmp_path / "t3.png"
    done = _run(str(demo), "--turn", "3", "--screenshot", str(shot), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"wrote {shot}\n"
    assert QImage(str(shot)).width() >= 1200


# ---------------------------------------------------------------------------- analysts' view


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def test_the_analysts_view_shows_coverage_live(window: MainWindow, tutorial_game: Path) -> None:
    assert window.open_game(tutorial_game)
    view = window.analysts_view
    assert view is not None and view.table.rowCount() == 2
    assert "still uncollected" in view.summary.text() and "Blue's move" in view.summary.text()
    view.table.selectRow(0)
    assert view.observe("Blue weighed the red line before moving.") is None
    assert _cell(view.table, 0, 3) == "collected"
    assert _cell(view.table, 0, 4) == "1"
    assert "every element due so far has evidence" in view.summary.text()


def test_a_refused_observation_is_reported_and_nothing_written(
    window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    view = window.analysts_view
    assert view is not None
    view.table.selectRow(0)
    assert view.observe("   ") == "The observation is empty; write something."
    assert _cell(view.table, 0, 4) == "0"


def test_ending_a_turn_with_gaps_warns_and_may_go_on(
    window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    for _ in range(3):
        advance(window)
    notifier.confirms.append(False)
    assert not window.advance_phase()
    assert "data collection plan still uncollected" in notifier.questions[-1]
    assert window.session is not None and window.session.summary().turn == 1
    advance(window)  # the facilitator goes on
    assert window.session.summary().turn == 2


def test_ending_the_game_with_gaps_names_them(
    window: MainWindow, notifier: ScriptedNotifier, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    notifier.confirms.append(True)
    window.end_game()
    assert "step-backs" in notifier.questions[-1]
    assert window.session is not None and window.session.summary().status == "ended"


# ---------------------------------------------------------------------------- printing


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(72)
    return printer


@pytest.mark.parametrize("choice", ["After-action report", "Blank move forms (one per team)"])
def test_printing_to_a_pdf_printer_gives_the_documents_pages(
    demo_game: Game, tmp_path: Path, choice: str
) -> None:
    document = write_document(demo_game, choice, tmp_path, "a4")
    printed = tmp_path / "printed.pdf"
    pages = print_pdf(_pdf_printer(printed), document)
    assert pages == len(PdfReader(document).pages) == len(PdfReader(printed).pages)


def test_printing_a_tutorial_report(
    window: MainWindow, tutorial_game: Path, tmp_path: Path
) -> None:
    assert window.open_game(tutorial_game)
    advance(window)
    assert window.session is not None
    document = write_document(window.session.game, "After-action report", tmp_path, "letter")
    printed = tmp_path / "printed.pdf"
    assert print_pdf(_pdf_printer(printed), document) == len(PdfReader(printed).pages)
    assert len(PdfReader(printed).pages) == len(PdfReader(document).pages)


def test_the_print_preview_renders_every_page(
    qtbot: QtBot, demo_game: Game, tmp_path: Path
) -> None:
    document = write_document(demo_game, "Briefing pack: NATO team", tmp_path, default_paper())
    preview = PdfPrintPreview(document, _pdf_printer(tmp_path / "p.pdf"))
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.paintRequested, timeout=20_000):
        preview.show()
    qtbot.waitUntil(lambda: preview.pages_printed > 0, timeout=20_000)
    assert preview.pages_printed == len(PdfReader(document).pages)


def test_the_paper_follows_the_printers_page(tmp_path: Path) -> None:
    from PySide6.QtGui import QPageSize

    printer = _pdf_printer(tmp_path / "x.pdf")
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    assert default_paper(printer) == "letter"
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    assert default_paper(printer) == "a4"


def test_the_file_menu_has_the_analysts_entries(window: MainWindow) -> None:
    menu = window.menu("File")
    assert menu is not None
    texts = [a.text().replace("&", "") for a in menu.actions()]
    for entry in ("Quick look for the hot wash…", "Compare games…", "Print…"):
        assert entry in texts


# ---------------------------------------------------------------------------- compare, quick look


def test_comparing_games_from_the_app(qtbot: QtBot, demo: Path, tmp_path: Path) -> None:
    twin = tmp_path / "twin.wargame"
    assert cli(["new", "troop-deployment", "-o", str(twin)]) == 0
    dialog = CompareDialog(None, demo)
    qtbot.addWidget(dialog)
    dialog.add_files([twin, demo])
    assert dialog.games.count() == 2
    assert dialog.compare(tmp_path / "series.pdf")
    assert dialog.written is not None and dialog.written.is_file()


def test_comparing_plays_of_other_scenarios_is_refused_in_the_dialog(
    qtbot: QtBot, demo: Path, tutorial_game: Path, tmp_path: Path
) -> None:
    dialog = CompareDialog(None, demo)
    qtbot.addWidget(dialog)
    dialog.add_files([tutorial_game])
    assert not dialog.compare(tmp_path / "series.pdf")
    assert "is a play of the scenario 'tutorial', not of 'troop-deployment'" in (
        dialog.message.text()
    )
    assert dialog.games.count() == 2 and not (tmp_path / "series.pdf").exists()


def test_the_quick_look_from_the_app(window: MainWindow, demo: Path, tmp_path: Path) -> None:
    assert window.open_game(demo)
    out = analysis_menu.write_quick_look(window, tmp_path / "ql.pdf")
    assert out is not None and 1 <= len(PdfReader(out).pages) <= 6


# ---------------------------------------------------------------------------- projector


def test_the_projector_recaps_last_turn_at_the_start_of_a_turn(
    window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    session = window.session
    assert session is not None
    advance(window)  # moves
    alice = next(p.id for p in session.participants() if p.name == "Anna")
    move = session.game.submit_move(
        alice,
        MoveContent(title="Frigates sail", action="Into the strait.", intended_result="Escort."),
    )
    advance(window)  # adjudication
    session.game.reveal_moves(session.facilitator_id)
    ruling = AdjudicationRequest(
        method="ruling",
        narrative="They pass.",
        rationale="Calm seas.",
        move_id=move,
        outcome="success",
    )
    session.game.commit_adjudication(session.facilitator_id, ruling)
    projector = window.toggle_projector()
    assert projector is not None
    assert "Recap" not in projector.moves.toPlainText()
    advance(window)  # narrative
    advance(window)  # turn 2, briefing: nothing of turn 2 revealed yet
    text = projector.moves.toPlainText()
    assert "Recap of turn 1" in text and "Frigates sail" in text and "SUCCESS" in text


# ---------------------------------------------------------------------------- the chain dialog


def _check_all(listing: QListWidget) -> None:
    for i in range(listing.count()):
        item = listing.item(i)
        assert item is not None
        item.setCheckState(Qt.CheckState.Checked)


def test_the_chain_is_built_from_the_app(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    view = window.analysts_view
    assert view is not None
    view.table.selectRow(0)
    assert view.observe("Blue hesitated over the red line.") is None
    dialog = view.open_chain()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ChainDialog)
    _check_all(dialog.insight_sources)
    dialog.insight_text.setPlainText("Red lines slow Blue down.")
    assert dialog.add_insight()
    _check_all(dialog.finding_sources)
    dialog.finding_text.setPlainText("Deterrence by declaration works on Blue.")
    assert dialog.add_finding()
    _check_all(dialog.recommendation_sources)
    dialog.recommendation_text.setPlainText("Brief Blue on the red line first.")
    assert dialog.add_recommendation()
    dialog.rating_strengths.setPlainText("Quick turns.")
    assert dialog.rate()
    dialog.plan_action.setText("Brief the red line in the opening.")
    dialog.plan_capability.setText("Briefing")
    dialog.plan_owner.setText("White cell")
    assert dialog.plan_improvement()
    assert window.session is not None
    analysis = window.session.game.analysis()
    chain = analysis.chain(Viewer.facilitator())
    assert [len(chain.insights), len(chain.findings), len(chain.recommendations)] == [1, 1, 1]
    assert chain.findings[0].sources == (chain.insights[0].id,)
    assert [p.owner for p in analysis.improvement_plan(Viewer.facilitator())] == ["White cell"]


def test_a_refused_insight_keeps_its_text(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    assert window.analysts_view is not None
    dialog = window.analysts_view.open_chain()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ChainDialog)
    dialog.insight_text.setPlainText("An insight with nothing behind it.")
    assert not dialog.add_insight()
    assert "at least one observation" in dialog.message.text()
    assert dialog.insight_text.toPlainText() == "An insight with nothing behind it."


def test_evidence_is_linked_from_the_app(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    session = window.session
    assert session is not None and window.analysts_view is not None
    window.analysts_view.table.selectRow(0)
    assert window.analysts_view.observe("Blue is ready.") is None
    dialog = window.analysts_view.open_chain()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ChainDialog)
    dialog.evidence_kind.setCurrentIndex(dialog.evidence_kind.findData("move"))
    dialog.evidence_id.setValue(99)
    assert not dialog.link_evidence()
    assert "no move 99" in dialog.message.text()
