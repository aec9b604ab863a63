"""The panels' tables size their columns to what they show once per change of rows, not at
every layout pass: a column widened by hand stays so until the rows change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHeaderView, QTableView
from pytestqt.qtbot import QtBot

from wargame.game import MoveContent
from wargame.ui.main_window import MainWindow

from .conftest import advance


def _fitted(table: QTableView, *, keep: tuple[int, ...] = ()) -> list[int]:
    header = table.horizontalHeader()
    return [
        c
        for c in range(header.count())
        if header.sectionResizeMode(c) == QHeaderView.ResizeMode.Interactive and c not in keep
    ]


def _fits(table: QTableView, column: int) -> bool:
    header = table.horizontalHeader()
    wanted = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
    return header.sectionSize(column) == wanted


def test_a_column_fits_its_rows_keeps_a_width_set_by_hand_and_fits_again_when_they_change(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    window.show()
    assert window.open_game(tutorial_game)
    session, panel = window.session, window.moves_panel
    assert session is not None and panel is not None
    advance(window)  # moves
    anna = next(p.id for p in session.participants() if p.name == "Anna")
    session.game.submit_move(
        anna, MoveContent(title="Frigates sail", action="Into the strait.", intended_result="Go.")
    )
    panel.refresh()
    table = panel.table
    header = table.horizontalHeader()
    assert header.sectionSize(1) == 118  # the team's column keeps its own width
    columns = _fitted(table, keep=(1,))
    assert columns  # "#", status, counter-arguments, outcome
    assert all(_fits(table, c) for c in columns)

    column = columns[-1]
    header.resizeSection(column, header.sectionSize(column) + 90)
    widened = header.sectionSize(column)
    window.resize(window.width() - 200, window.height() - 100)  # a new layout pass
    QCoreApplication.processEvents()
    assert header.sectionSize(column) == widened

    panel.refresh()  # the rows are read again
    assert _fits(table, column) and header.sectionSize(column) < widened


def test_the_notes_columns_fit_a_new_note(
    qtbot: QtBot, window: MainWindow, tutorial_game: Path
) -> None:
    assert window.open_game(tutorial_game)
    session, notes = window.session, window.notes_panel
    assert session is not None and notes is not None
    session.game.note(session.facilitator_id, "The white cell notes the weather.")
    notes.refresh()
    table = notes.notes_table
    assert table.model().rowCount() == 1
    assert all(_fits(table, c) for c in _fitted(table))
