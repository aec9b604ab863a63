"""The moves panel: each turn's moves by team, sealed ones marked, and what to do with them.

The facilitator sees every move; a sealed move (secret and not yet revealed) carries a
marker so it is never read out by mistake. Counter-arguments and the adjudication of the
selected move show below the table.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wargame.game import GameEvent, MoveContent
from wargame.game.views import AdjudicationView, MoveView, counted
from wargame.rules.turns import Action
from wargame.ui.guard import connect_once
from wargame.ui.models import Column, RecordTableModel, fit_columns_to_rows
from wargame.ui.move_form import CounterDialog, MoveDialog
from wargame.ui.session import GameSession
from wargame.ui.theme import OUTCOME_COLOURS, SEALED, VOID_TEXT, readable


class MoveRow:
    """A move with its adjudication, as a row of the table."""

    __slots__ = ("adjudication", "move")

    def __init__(self, move: MoveView, adjudication: AdjudicationView | None) -> None:
        self.move = move
        self.adjudication = adjudication


def _status(row: MoveRow) -> str:
    """Sealed, revealed or public; or withdrawn or void, which matter more."""
    m = row.move
    if m.voided:
        return "Void"
    if m.status == "withdrawn":
        return "Withdrawn"
    if m.sealed:
        return "● Sealed"
    if m.visibility == "secret":
        return "Revealed"
    return "Public"


def _columns(session: GameSession) -> list[Column[MoveRow]]:
    """The moves table's columns: id, team, title, status, counter-arguments, outcome."""
    colour = session.team_colour
    return [
        Column("#", lambda r: str(r.move.id), align_right=True),
        Column(
            "Team",
            lambda r: session.team_name(r.move.team_id),
            decoration=lambda r: colour(r.move.team_id),
        ),
        Column(
            "Title",
            lambda r: r.move.title,
            tooltip=lambda r: f"{r.move.title}\n\n{r.move.action}",
            foreground=lambda r: (
                readable(VOID_TEXT) if r.move.voided or r.move.status == "withdrawn" else None
            ),
        ),
        Column(
            "Status",
            _status,
            foreground=lambda r: readable(SEALED) if r.move.sealed and not r.move.voided else None,
            bold=lambda r: r.move.sealed and not r.move.voided,
            tooltip=lambda r: (
                "Sealed: only its team and the white cell can see it" if r.move.sealed else ""
            ),
        ),
        Column(
            "Ctr",
            lambda r: str(sum(1 for c in r.move.counters if not c.voided)),
            tooltip=lambda r: "Counter-arguments against this move",
            align_right=True,
        ),
        Column(
            "Outcome",
            lambda r: r.adjudication.outcome if r.adjudication else "",
            foreground=lambda r: (
                readable(OUTCOME_COLOURS[r.adjudication.outcome]) if r.adjudication else None
            ),
            bold=lambda r: r.adjudication is not None,
        ),
    ]


class MovesPanel(QWidget):
    """Moves of a turn, with counter-arguments and adjudication, and the buttons to act.

    Signals:
        adjudicate_requested: Open the adjudication dialog for a move id (0: open question).
    """

    adjudicate_requested = Signal(int)

    def __init__(self, session: GameSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._turn_shown: int | None = None
        self._game_turn: int | None = None
        columns = _columns(session)
        self.model: RecordTableModel[MoveRow] = RecordTableModel(columns, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # The team's colour and a few letters of its name leave the title room to be read.
        header.resizeSection(1, 118)
        fit_columns_to_rows(self.table, keep={1})
        self.table.doubleClicked.connect(self.open_row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_details())

        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setPlaceholderText(
            "Select a move to see its text, counter-arguments and ruling."
        )

        self.turn_combo = QComboBox()
        self.turn_combo.setToolTip("Show the moves of another turn")
        self.turn_combo.currentIndexChanged.connect(lambda _i: self._turn_changed())
        self.new_button = QPushButton("New move…")
        self.new_button.setToolTip("Enter a move on a team's behalf (Ctrl+M)")
        self.new_button.clicked.connect(self.new_move)
        self.counter_button = QPushButton("Counter…")
        self.counter_button.setToolTip("Record a counter-argument against the selected move")
        self.counter_button.clicked.connect(self.counter)
        self.reveal_button = QPushButton("Reveal all")
        self.reveal_button.setToolTip("Reveal every sealed move of this turn to all teams (Ctrl+R)")
        connect_once(self.reveal_button, session.clicks, self.reveal)
        self.adjudicate_button = QPushButton("Adjudicate…")
        self.adjudicate_button.setToolTip("Adjudicate the selected move (Ctrl+J)")
        self.adjudicate_button.clicked.connect(self._adjudicate)
        self.withdraw_button = QPushButton("Withdraw…")
        self.withdraw_button.setToolTip("Withdraw the selected move before it is revealed")
        self.withdraw_button.clicked.connect(self.withdraw)

        bar = self._button_rows()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        session.changed.connect(self._on_changed)
        self.refresh()

    # ---- reading

    def _button_rows(self) -> QVBoxLayout:
        """Two rows, so that every button stays on screen in a narrow panel (1280 px)."""
        bar = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(QLabel("Turn"))
        first.addWidget(self.turn_combo)
        first.addStretch(1)
        for button in (self.new_button, self.counter_button, self.withdraw_button):
            first.addWidget(button)
        second.addStretch(1)
        for button in (self.reveal_button, self.adjudicate_button):
            second.addWidget(button)
        bar.addLayout(first)
        bar.addLayout(second)
        return bar

    def _on_changed(self, event: GameEvent) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Re-read the moves of the turn shown (following the game to a new turn)."""
        summary = self._session.summary()
        current = max(summary.turn, 1)
        # Follow the game into a new turn unless the facilitator is looking at an older one.
        following = self._turn_shown is None or self._turn_shown == self._game_turn
        self._game_turn = current
        self.turn_combo.blockSignals(True)
        self.turn_combo.clear()
        for turn in range(1, current + 1):
            self.turn_combo.addItem(f"{turn}", turn)
        shown = current if following or self._turn_shown is None else min(self._turn_shown, current)
        self.turn_combo.setCurrentIndex(shown - 1)
        self.turn_combo.blockSignals(False)
        self._turn_shown = shown
        self._load(shown)
        running = summary.status == "running"
        self.new_button.setEnabled(running and self._session.allows(Action.SUBMIT_MOVE, summary))
        self.reveal_button.setEnabled(running and self._session.allows(Action.REVEAL, summary))
        self.adjudicate_button.setEnabled(
            running and self._session.allows(Action.ADJUDICATE, summary)
        )
        self.counter_button.setEnabled(
            running and self._session.allows(Action.COUNTER_ARGUE, summary)
        )
        self.withdraw_button.setEnabled(
            running and self._session.allows(Action.WITHDRAW_MOVE, summary)
        )

    def _turn_changed(self) -> None:
        turn = self.turn_combo.currentData()
        if isinstance(turn, int):
            self._turn_shown = turn
            self._load(turn)

    def _load(self, turn: int) -> None:
        selected = self.selected_move()
        viewer = self._session.viewer
        moves = self._session.moves(viewer, turn)
        rulings: dict[int, AdjudicationView] = {}
        for a in self._session.adjudications(viewer, turn):
            if a.move_id is not None and not a.voided:
                rulings[a.move_id] = a
        self.model.set_rows([MoveRow(m, rulings.get(m.id)) for m in moves])
        kept = selected is not None and self.select_move(selected.id)
        if not kept and self.model.rowCount():
            self.table.selectRow(0)
        self._show_details()

    def selected_move(self) -> MoveView | None:
        """The move selected in the table."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record(rows[0].row()).move

    def select_move(self, move_id: int) -> bool:
        """Select a move by id."""
        for row, record in enumerate(self.model.rows()):
            if record.move.id == move_id:
                self.table.selectionModel().select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return True
        return False

    def _show_details(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.details.clear()
            return
        record = self.model.record(rows[0].row())
        self.details.setHtml(
            move_html(
                record.move, record.adjudication, self._session.team_name(record.move.team_id)
            )
        )

    # ---- acting

    def _teams(self) -> list[tuple[str, str]]:
        return [(t.id, t.name) for t in self._session.scenario.teams]

    def new_move(self) -> MoveDialog:
        """Open the dialog to enter a move on a team's behalf."""
        dialog = MoveDialog(self._teams(), self._session.notifier.confirm, parent=self)
        dialog.submit = lambda: self._submit_from(dialog)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _submit_from(self, dialog: MoveDialog) -> str:
        session = self._session
        text = dialog.form.value()
        team = dialog.team_id()
        return session.act_undoable(
            f"Move '{text.title}' for {session.team_name(team)}",
            lambda: session.game.submit_move(
                session.facilitator_id,
                MoveContent(
                    title=text.title,
                    action=text.action,
                    intended_result=text.intended_result,
                    reasons=text.reasons,
                    visibility="secret" if text.secret else "public",
                ),
                team_id=team,
            ),
            quiet=True,
        ).message

    def counter(self) -> CounterDialog | None:
        """Open the dialog to record a counter-argument against the selected move."""
        move = self.selected_move()
        session = self._session
        if move is None:
            session.notifier.error("Counter-argument", "Select the move to argue against first.")
            return None
        dialog = CounterDialog(move, self._teams(), session.notifier.confirm, self)

        def record() -> str:
            text, team = dialog.text.toPlainText(), dialog.team_id()
            return session.act_undoable(
                f"Counter-argument against '{move.title}'",
                lambda: session.game.counter_argue(
                    session.facilitator_id, move.id, text, team_id=team
                ),
                quiet=True,
            ).message

        dialog.submit = record
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def reveal(self) -> None:
        """Reveal every sealed move of the turn, after saying that it cannot be undone."""
        session = self._session
        turn = session.summary().turn
        sealed = [m for m in session.moves(session.viewer, turn) if m.sealed and not m.voided]
        if sealed and not session.notifier.confirm(
            "Reveal moves",
            f"Reveal {counted(len(sealed), 'sealed move')} of turn {turn} to every team?\n\n"
            "This cannot be undone: once seen, a move stays seen.",
        ):
            return
        result = session.act(
            "Reveal moves", lambda: session.game.reveal_moves(session.facilitator_id)
        )
        if result.ok and result.value is not None:
            session.say(f"{counted(result.value, 'move')} revealed to every team")

    def withdraw(self) -> None:
        """Withdraw the selected move, with a reason."""
        move = self.selected_move()
        session = self._session
        if move is None:
            session.notifier.error("Withdraw move", "Select the move to withdraw first.")
            return
        reason = session.notifier.ask_text(
            "Withdraw move",
            f"Why is '{move.title}' withdrawn? (Withdrawing cannot be undone.)",
        )
        if reason is None:
            return
        session.act(
            "Withdraw move",
            lambda: session.game.withdraw_move(
                session.facilitator_id, move.id, expected_version=move.version, reason=reason
            ),
        )

    def open_row(self, index: QModelIndex) -> None:
        """Double-click: adjudicate the move clicked, or say why it cannot be adjudicated.

        The clicked row counts, not an earlier selection; a move of another turn, one
        already ruled on, or one withdrawn or voided is shown with the reason instead.
        """
        row = self.model.record(index.row())
        move = row.move
        session = self._session
        why = ""
        if move.turn != session.summary().turn:
            why = (
                f"#{move.id} is a move of turn {move.turn}; only this turn's moves are adjudicated"
            )
        elif row.adjudication is not None and not row.adjudication.voided:
            why = f"#{move.id} is already adjudicated ({row.adjudication.outcome})"
        elif move.voided or move.status == "withdrawn":
            why = f"#{move.id} was withdrawn or voided"
        else:
            why = session.why_not("adjudicate")
        if why:
            session.say(why)
            return
        self.adjudicate_requested.emit(move.id)

    def _adjudicate(self) -> None:
        move = self.selected_move()
        self.adjudicate_requested.emit(move.id if move is not None else 0)


def move_html(move: MoveView, adjudication: AdjudicationView | None, team: str) -> str:
    """A move, its counter-arguments and its ruling, as HTML (user text escaped)."""
    e = html.escape
    parts: list[Any] = [f"<h3>#{move.id} {e(move.title)}</h3>"]
    marker = ""
    if move.sealed:
        marker = (
            f" · <b style='color:{readable(SEALED).name()}'>● SEALED</b> "
            f"(only {e(team)} and the white cell see it)"
        )
    elif move.visibility == "secret":
        marker = " · revealed"
    parts.append(f"<p><i>{e(team)} · turn {move.turn} · by {e(move.author)}{marker}</i></p>")
    if move.voided:
        parts.append(f"<p><b>Void:</b> {e(move.void_reason or '')}</p>")
    parts.append(f"<p><b>Action.</b> {e(move.action)}</p>")
    parts.append(f"<p><b>Intended result.</b> {e(move.intended_result)}</p>")
    if move.reasons:
        parts.append(
            "<p><b>Reasons</b></p><ol>"
            + "".join(f"<li>{e(r)}</li>" for r in move.reasons)
            + "</ol>"
        )
    counters = [c for c in move.counters if not c.voided]
    if counters:
        parts.append("<p><b>Counter-arguments</b></p><ul>")
        for c in counters:
            accepted = (
                "" if c.accepted is None else (" (accepted)" if c.accepted else " (not accepted)")
            )
            parts.append(f"<li>{e(c.text)} — <i>{e(c.author)}</i>{accepted}</li>")
        parts.append("</ul>")
    if adjudication is not None:
        colour = readable(OUTCOME_COLOURS.get(adjudication.outcome, QColor("gray"))).name()
        explanation = str(adjudication.inputs.get("explanation", ""))
        parts.append(
            f"<p><b>Adjudicated ({e(adjudication.method)}):</b> "
            f"<b style='color:{colour}'>{e(adjudication.outcome.upper())}</b></p>"
        )
        if explanation:
            parts.append(f"<p>{e(explanation)}</p>")
        parts.append(f"<p>{e(adjudication.narrative)}</p>")
        tags = [str(t) for t in adjudication.inputs.get("tags") or ()]
        if tags:  # only the white cell's view carries the umpire's own tags
            parts.append(f"<p><b>Tagged</b> (white cell only): {e(', '.join(tags))}</p>")
    return "".join(parts)
