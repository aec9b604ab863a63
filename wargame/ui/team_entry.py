"""Hot-seat team entry: one team's view, for its players to type moves on this laptop.

The facilitator's window is hidden while a team sits at the laptop; this window shows
only what that team may see — its briefing, the injects addressed to it, the public state
board, its own moves and the other teams' revealed ones — through the game layer's
``Viewer.team`` queries. Each move is submitted as the player who writes it (with their
PIN when they have one), so the service checks team membership. Only the facilitator's
PIN hands the laptop back.
"""

from __future__ import annotations

import dataclasses
import html
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wargame.game import GameEvent, MoveContent, Role, Viewer
from wargame.game.drafts import Draft
from wargame.game.views import MoveView, ParticipantView
from wargame.rules.turns import Action
from wargame.ui.guard import connect_once, may_discard, not_words, unsent_words
from wargame.ui.models import Column, RecordTableModel, fit_columns_to_rows
from wargame.ui.move_form import MoveForm, MoveText
from wargame.ui.session import GameSession, Result
from wargame.ui.state_board import StateBoard
from wargame.ui.team_drafts import draft_key
from wargame.ui.theme import SEALED, readable, readable_on

if TYPE_CHECKING:
    from wargame.ui.map_view import MapView

DRAFT_KEEP_DELAY_MS = 400
"""How long typing must pause before the hot seat's draft is written to disk."""


def paragraphs(text: str) -> str:
    """Scenario text as HTML paragraphs: blank lines separate them, single newlines do not."""
    blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip())]
    return "".join(f"<p>{html.escape(block)}</p>" for block in blocks if block)


def choose_team(session: GameSession, parent: QWidget | None = None) -> str | None:
    """Ask which team sits down at the laptop (a small modal dialog)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Team entry")
    combo = QComboBox()
    for team in session.scenario.teams:
        combo.addItem(team.name, team.id)
    note = QLabel(
        "The laptop will show this team's view only. "
        "To hand it back, the facilitator's PIN is needed."
    )
    note.setWordWrap(True)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Hand over")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form = QFormLayout(dialog)
    form.addRow("&Team", combo)
    form.addRow(note)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return str(combo.currentData())


class TeamEntryWindow(QWidget):
    """One team's view of the game, for typing moves (hot seat).

    Signals:
        handed_back: The facilitator entered their PIN and took the laptop back.
        submitted: A move was submitted or changed (its id).
    """

    handed_back = Signal()
    submitted = Signal(int)

    def __init__(
        self,
        session: GameSession,
        team_id: str,
        parent: QWidget | None = None,
        *,
        viewer: Viewer | None = None,
        hot_seat: bool = True,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.team_id = team_id
        self.viewer = viewer if viewer is not None else Viewer.team(team_id)
        self.hot_seat = hot_seat
        """False on a team's own laptop (a shared game): no hand-back, one player only."""
        self._unlocked = False
        self._editing: MoveView | None = None
        self._draft_waiting = hot_seat
        """The team's kept draft is not in the form yet (it goes in once moves may be written)."""
        self.setWindowTitle(f"{session.scenario.team(team_id).name} — team entry — wargame")
        moves_side = QSplitter(Qt.Orientation.Vertical)
        moves_side.addWidget(self._build_moves_list())
        moves_side.addWidget(self.move_text)
        moves_side.addWidget(self._build_entry())
        moves_side.setSizes([200, 140, 420])
        splitter = QSplitter()
        splitter.addWidget(self._build_info())
        splitter.addWidget(moves_side)
        splitter.setSizes([480, 720])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_header())
        layout.addWidget(splitter, 1)
        self.resize(1280, 860)
        session.changed.connect(self._on_changed)
        self.new_move()
        self.refresh()
        self._keep_timer = QTimer(self)
        self._keep_timer.setSingleShot(True)
        self._keep_timer.setInterval(DRAFT_KEEP_DELAY_MS)
        self._keep_timer.timeout.connect(self.keep_draft)
        if hot_seat:
            for edit in (self.form.title, self.form.action, self.form.intended, self.form.reasons):
                edit.textChanged.connect(self._keep_timer.start)
            self.form.secret.toggled.connect(self._keep_timer.start)

    # ------------------------------------------------------------------ building

    def _build_header(self) -> QFrame:
        """The team's colour band: its name and actor, where the game stands, hand back."""
        session = self._session
        team = session.scenario.team(self.team_id)
        actor = session.scenario.actor(team.actor)
        colour = session.team_colour(self.team_id)
        header = QFrame()
        header.setAutoFillBackground(True)
        header.setStyleSheet(
            f"QFrame {{ background: {colour.name()}; }} "
            f"QLabel {{ color: {readable_on(colour).name()}; }}"
        )
        title = QLabel(
            f"{team.name} · {actor.name}" + (f" ({actor.native_name})" if actor.native_name else "")
        )
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        self.position = QLabel()
        hand_back = QPushButton("Hand back to the facilitator…")
        hand_back.setToolTip("Needs the facilitator's PIN")
        hand_back.clicked.connect(self.request_hand_back)
        head = QHBoxLayout(header)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.position)
        head.addWidget(hand_back)
        hand_back.setVisible(self.hot_seat)
        return header

    def _build_info(self) -> QTabWidget:
        """The team's briefing, the injects it received, and the public state of play."""
        self.briefing = QTextBrowser()
        self.briefing.setHtml(self._briefing_html())
        self.injects = QTextBrowser()
        self.state_board = StateBoard(self._session)
        info = QTabWidget()
        info.addTab(self.briefing, "Briefing")
        info.addTab(self.injects, "Injects")
        info.addTab(self.state_board, "State of play")
        self.map: MapView | None = None
        if self._session.scenario.map is not None:
            from wargame.ui.map_view import MapView  # only for a game with a map

            self.map = MapView(self._session.scenario, read_only=True)
            info.addTab(self.map, "Map")
        return info

    def _show_units(self) -> None:
        """Draw on the team's map only the units its fog of war lets it see."""
        if self.map is None or self.map.problem:
            return
        from wargame.game.fog import state_seen

        session = self._session
        actors = session.scenario.actors
        self.map.set_state(
            state_seen(session.scenario, session.state(), self.viewer),
            {a.id: QColor(a.colour) for a in actors},
            {a.id: a.name for a in actors},
        )

    def _build_moves_list(self) -> QTableView:
        """The moves this team may see, and the pane that shows the one selected in full."""
        session = self._session
        self.moves_model: RecordTableModel[MoveView] = RecordTableModel(
            [
                Column("#", lambda m: str(m.id), align_right=True),
                Column(
                    "Team",
                    lambda m: session.team_name(m.team_id),
                    decoration=lambda m: session.team_colour(m.team_id),
                ),
                Column("Title", lambda m: m.title, tooltip=lambda m: m.action),
                Column(
                    "Status",
                    self._status,
                    foreground=lambda m: readable(SEALED) if m.sealed else None,
                ),
            ],
            self,
        )
        self.moves = QTableView()
        self.moves.setModel(self.moves_model)
        self.moves.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.moves.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.moves.verticalHeader().hide()
        self.moves.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        fit_columns_to_rows(self.moves)
        self.moves.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.move_text = QTextBrowser()
        self.move_text.setPlaceholderText("Select a move to read it in full.")
        return self.moves

    def _build_entry(self) -> QWidget:
        """Who writes, the move form, and the buttons that act on moves."""
        self.author = QComboBox()
        self.author.currentIndexChanged.connect(lambda _i: self._author_changed())
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText("your PIN")
        not_words(self.pin, "a PIN")
        self.form = MoveForm()
        self.submit_button = QPushButton("Submit move")
        self.submit_button.setToolTip("Send the move to the white cell (Ctrl+Return)")
        self.submit_button.setShortcut(QKeySequence("Ctrl+Return"))
        connect_once(self.submit_button, self._session.clicks, self.submit)
        self.new_button = QPushButton("New move")
        self.new_button.clicked.connect(self.new_move)
        self.withdraw_button = QPushButton("Withdraw…")
        self.withdraw_button.clicked.connect(self.withdraw)
        self.counter_button = QPushButton("Counter-argue…")
        self.counter_button.setToolTip("Argue against another team's revealed move")
        self.counter_button.clicked.connect(self.counter)
        self.form_title = QLabel()
        bold = self.form_title.font()
        bold.setBold(True)
        self.form_title.setFont(bold)
        who = QHBoxLayout()
        who.addWidget(QLabel("Written by"))
        who.addWidget(self.author, 1)
        who.addWidget(self.pin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addWidget(self.counter_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        entry = QWidget()
        entry_layout = QVBoxLayout(entry)
        entry_layout.addWidget(self.form_title)
        entry_layout.addLayout(who)
        entry_layout.addWidget(self.form, 1)
        entry_layout.addLayout(buttons)
        return entry

    # ------------------------------------------------------------------ reading

    def _status(self, move: MoveView) -> str:
        if move.status == "withdrawn":
            return "withdrawn"
        if move.voided:
            return "void"
        if move.team_id != self.team_id:
            return "revealed" if move.visibility == "secret" else "public"
        return (
            "● sealed" if move.sealed else ("revealed" if move.visibility == "secret" else "public")
        )

    def _briefing_html(self) -> str:
        e = html.escape
        scenario = self._session.scenario
        team = scenario.team(self.team_id)
        actor = scenario.actor(team.actor)
        parts = [f"<h2>{e(team.name)}</h2>"]
        if team.description:
            parts.append(f"<p>{e(team.description)}</p>")
        if actor.objectives:
            parts.append(
                "<h3>Objectives</h3><ul>"
                + "".join(f"<li>{e(o)}</li>" for o in actor.objectives)
                + "</ul>"
            )
        if actor.briefing:
            parts.append(f"<h3>Your briefing</h3>{paragraphs(actor.briefing)}")
        parts.append(f"<h3>Background</h3>{paragraphs(scenario.metadata.background)}")
        return "".join(parts)

    def _on_changed(self, event: GameEvent) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Re-read this team's view."""
        session = self._session
        summary = session.summary()
        self.position.setText(f"Turn {summary.turn} · {summary.phase_name or ''}")
        self._show_units()
        turn = summary.turn
        moves = session.moves(self.viewer, turn)
        self.moves_model.set_rows([m for m in moves if not m.voided])
        e = html.escape
        injects = [i for i in session.injects(self.viewer) if not i.voided]
        self.injects.setHtml(
            "".join(
                f"<h3>{e(i.title)}</h3><p><i>turn {i.turn}</i></p><p>{e(i.text)}</p>"
                for i in reversed(injects)
            )
            or "<p>No injects yet.</p>"
        )
        players = [
            p
            for p in session.participants()
            if p.role is Role.PLAYER and p.team_id == self.team_id and not p.voided
        ]
        if not self.hot_seat and self.viewer.participant_id is not None:
            players = [p for p in players if p.id == self.viewer.participant_id]
        current = self.author.currentData()
        self.author.blockSignals(True)
        self.author.clear()
        for person in players:
            self.author.addItem(person.name + (" (PIN)" if person.has_pin else ""), person.id)
        index = self.author.findData(current)
        self.author.setCurrentIndex(max(0, index))
        self.author.blockSignals(False)
        self._players = {p.id: p for p in players}
        self._author_changed()
        can_write = session.allows(Action.SUBMIT_MOVE, summary)
        self.form.setEnabled(can_write)
        self.submit_button.setEnabled(can_write)
        self.withdraw_button.setEnabled(can_write)
        self.counter_button.setEnabled(session.allows(Action.COUNTER_ARGUE, summary))
        if not can_write:
            self.form_title.setText(
                f"Moves are written in the moves phase; the game is in {summary.phase_name}."
            )
        elif self._editing is None:
            self.form_title.setText("New move")
        if self._draft_waiting and can_write:
            self._draft_waiting = False
            self._restore_draft()

    def _author(self) -> ParticipantView | None:
        author_id = self.author.currentData()
        return self._players.get(int(author_id)) if author_id is not None else None

    def _author_changed(self) -> None:
        author = self._author()
        self.pin.setVisible(author is not None and author.has_pin)

    def _selected(self) -> None:
        rows = self.moves.selectionModel().selectedRows()
        if not rows:
            return
        move = self.moves_model.record(rows[0].row())
        from wargame.ui.moves_panel import move_html

        self.move_text.setHtml(move_html(move, None, self._session.team_name(move.team_id)))
        own = move.team_id == self.team_id and move.sealed and move.status != "withdrawn"
        if own and self.form.isEnabled():
            if self._editing is not None and self._editing.id == move.id:
                return
            if not self.may_discard_typed(f"Open move #{move.id}"):
                return  # the words typed stay in the form
            self._editing = move
            self.form.set_value(move)
            self.form_title.setText(f"Change move #{move.id}")
            self.submit_button.setText("Save changes")

    def selected_move(self) -> MoveView | None:
        """The move selected in the list."""
        rows = self.moves.selectionModel().selectedRows()
        return self.moves_model.record(rows[0].row()) if rows else None

    # ------------------------------------------------------------------ acting

    def _check_author(self, what: str) -> ParticipantView | None:
        author = self._author()
        session = self._session
        if author is None:
            session.notifier.error(
                what, "This team has no player yet; the facilitator must add one first."
            )
            return None
        if author.has_pin:
            ok = session.act(what, lambda: session.game.check_pin(author.id, self.pin.text()))
            if not ok.ok:
                return None
            if not ok.value:
                session.notifier.error(what, f"That is not {author.name}'s PIN.")
                return None
        return author

    def may_discard_typed(self, doing: str) -> bool:
        """Ask before ``doing`` throws away words typed here; True when nothing would be lost.

        A team's own laptop (not the hot seat) keeps a new move's words as a draft instead.
        """
        if not self.hot_seat:
            return True
        return may_discard(self._session.notifier.confirm, doing, unsent_words(self))

    def new_move(self) -> None:
        """Start a fresh move (after asking, if words typed in the form would be lost)."""
        if self.may_discard_typed("Start a new move"):
            self._fresh_form()

    def _fresh_form(self) -> None:
        self._editing = None
        self.form.clear()
        self.moves.clearSelection()
        self.form_title.setText("New move")
        self.submit_button.setText("Submit move")

    def submit(self) -> int | None:
        """Submit the move typed (or save changes to the one being edited)."""
        author = self._check_author("Submit move")
        if author is None:
            return None
        session = self._session
        text = self.form.value()
        visibility = text.visibility
        editing = self._editing
        if editing is not None:
            result = session.act(
                "Save move",
                lambda: session.game.edit_move(
                    author.id,
                    editing.id,
                    MoveContent(
                        title=text.title,
                        action=text.action,
                        intended_result=text.intended_result,
                        reasons=text.reasons,
                        visibility=visibility,
                    ),
                    expected_version=editing.version,
                ),
            )
            move_id = editing.id
        else:
            result = self._submit_new(author.id, text)
            move_id = int(result.value) if result.ok and result.value is not None else 0
        if not result.ok:
            return None
        self.pin.clear()
        self.form.settle()  # the words are in the record now
        self.new_move()
        self.submitted.emit(move_id)
        return move_id

    def _submit_new(self, author_id: int, text: MoveText) -> Result[int]:
        """Submit a new move as ``author_id`` (a shared game's window commits a draft instead)."""
        session = self._session
        return session.act(
            "Submit move",
            lambda: session.game.submit_move(
                author_id,
                MoveContent(
                    title=text.title,
                    action=text.action,
                    intended_result=text.intended_result,
                    reasons=text.reasons,
                    visibility=text.visibility,
                ),
            ),
        )

    def withdraw(self) -> bool:
        """Withdraw the selected own move, with a reason."""
        move = self.selected_move()
        session = self._session
        if move is None or move.team_id != self.team_id:
            session.notifier.error("Withdraw move", "Select one of your team's moves first.")
            return False
        author = self._check_author("Withdraw move")
        if author is None:
            return False
        reason = session.notifier.ask_text(
            "Withdraw move",
            f"Why is '{move.title}' withdrawn? (Withdrawing cannot be undone.)",
        )
        if reason is None:
            return False
        return session.act(
            "Withdraw move",
            lambda: session.game.withdraw_move(
                author.id, move.id, expected_version=move.version, reason=reason
            ),
        ).ok

    def counter(self) -> bool:
        """Argue against another team's revealed move."""
        move = self.selected_move()
        session = self._session
        if move is None or move.team_id == self.team_id:
            session.notifier.error("Counter-argument", "Select another team's revealed move first.")
            return False
        author = self._check_author("Counter-argument")
        if author is None:
            return False
        text = session.notifier.ask_text("Counter-argument", f"Why will '{move.title}' not work?")
        if text is None:
            return False
        return session.act(
            "Counter-argument", lambda: session.game.counter_argue(author.id, move.id, text)
        ).ok

    # ------------------------------------------------------------------ handing back

    def _facilitator_pin_given(self) -> bool:
        session = self._session
        pin = session.notifier.ask_secret("Hand back", "Facilitator's PIN:")
        if pin is None:
            return False
        result = session.act(
            "Hand back", lambda: session.game.check_pin(session.facilitator_id, pin)
        )
        if not result.ok:
            return False
        if not result.value:
            session.notifier.error("Hand back", "That is not the facilitator's PIN.")
            return False
        return True

    def _release(self) -> None:
        self._unlocked = True
        if self.hot_seat:
            self.keep_draft()
        self._session.changed.disconnect(self._on_changed)

    def request_hand_back(self) -> bool:
        """Ask for the facilitator's PIN; hand the laptop back when it matches.

        Words typed in the move form and not submitted are kept as the team's draft: they
        are back in the form when the team sits down again.
        """
        if not self._facilitator_pin_given():
            return False
        self._release()
        self.close()
        self.handed_back.emit()
        return True

    def force_close(self) -> None:
        """Close without the PIN (the game is being closed by the facilitator)."""
        if self._unlocked:
            return
        self._release()
        self.close()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        """Close only with the facilitator's PIN (on a team's own laptop: just close).

        Either way, words typed and not submitted are never lost: the hot seat keeps them as
        the team's draft; a team's own laptop keeps a new move's words as its draft.
        """
        if self._unlocked:
            super().closeEvent(event)
            return
        if not self.hot_seat:
            super().closeEvent(event)
            return
        if not self._facilitator_pin_given():
            event.ignore()
            return
        self._release()
        super().closeEvent(event)
        self.handed_back.emit()

    # ------------------------------------------------------------------ the team's draft

    def keep_draft(self) -> None:
        """Keep what the form holds and has not recorded as this team's draft (hot seat)."""
        self._keep_timer.stop()
        if self._draft_waiting:
            return  # the kept draft stands until the team may write again
        drafts = self._session.team_drafts
        if not self.form.typed():
            drafts.forget(self.team_id)
            return
        text = self.form.value()
        editing = self._editing
        drafts.keep(
            self.team_id,
            Draft(
                key=draft_key(editing.id if editing is not None else None),
                title=text.title,
                action=text.action,
                intended_result=text.intended_result,
                reasons=text.reasons,
                visibility=text.visibility,
                move_id=editing.id if editing is not None else None,
                expected_version=editing.version if editing is not None else None,
                team_id=self.team_id,
            ),
        )

    def _restore_draft(self) -> None:
        """Put the team's kept draft back in the form, as words typed and not yet sent."""
        draft = self._session.team_drafts.draft(self.team_id)
        if draft is None:
            return
        moves = {m.id: m for m in self.moves_model.rows()}
        move = moves.get(draft.move_id) if draft.move_id is not None else None
        if move is not None and move.sealed and move.status != "withdrawn":
            version = draft.expected_version if draft.expected_version is not None else 0
            self._editing = dataclasses.replace(move, version=version)
            self.form.set_value(move)  # what is recorded; the draft's words are unsent
            self.form_title.setText(f"Change move #{move.id} (your changes were kept)")
            self.submit_button.setText("Save changes")
        elif draft.move_id is not None:
            self.form_title.setText(
                f"New move, from your changes to move #{draft.move_id} (it can no longer be "
                "changed)"
            )
        else:
            self.form_title.setText("New move (your draft was kept)")
        self.form.title.setText(draft.title)
        self.form.action.setPlainText(draft.action)
        self.form.intended.setPlainText(draft.intended_result)
        self.form.reasons.setPlainText("\n".join(draft.reasons))
        self.form.secret.setChecked(draft.visibility == "secret")
