"""Notes and observations: quick, keyboard-first entry with tags.

Ctrl+Shift+O (anywhere in the main window) jumps to the observation line, Ctrl+Shift+N to
the note line; type, add tags, press Enter. Notes are the white cell's own; observations
are tagged for the analysts and can be tied to the scenario's analysis questions.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wargame.game import GameEvent
from wargame.game.views import NoteView, ObservationView
from wargame.ui.guard import connect_once, holds_words, unsent_words
from wargame.ui.models import Column, RecordTableModel, fit_columns_to_rows
from wargame.ui.session import GameSession
from wargame.ui.theme import VOID_TEXT, readable


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed as '#surprise friction, red-line' → ('surprise', 'friction', 'red-line')."""
    return tuple(
        dict.fromkeys(t.lstrip("#").lower() for t in re.split(r"[\s,;]+", text) if t.lstrip("#"))
    )


class NotesPanel(QWidget):
    """Two lists (notes, observations) and a quick-entry line under each."""

    def __init__(self, session: GameSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.notes_model: RecordTableModel[NoteView] = RecordTableModel(
            [
                Column("T", lambda n: str(n.turn), align_right=True),
                Column(
                    "Note",
                    lambda n: n.text + (" (void)" if n.voided else ""),
                    tooltip=lambda n: n.text,
                    foreground=lambda n: readable(VOID_TEXT) if n.voided else None,
                ),
                Column("Time", lambda n: n.created_at.astimezone().strftime("%H:%M")),
            ],
            self,
        )
        self.observations_model: RecordTableModel[ObservationView] = RecordTableModel(
            [
                Column("T", lambda o: str(o.turn), align_right=True),
                Column(
                    "Observation",
                    lambda o: o.text + (" (void)" if o.voided else ""),
                    tooltip=lambda o: o.text,
                    foreground=lambda o: readable(VOID_TEXT) if o.voided else None,
                ),
                Column("Tags", lambda o: " ".join(f"#{t}" for t in o.tags)),
                Column("Question", lambda o: ", ".join(o.question_ids)),
                Column("By", lambda o: o.author),
            ],
            self,
        )
        self.tabs = QTabWidget()
        # notes
        notes_page = QWidget()
        self.notes_table = self._table(self.notes_model)
        self.note_line = QLineEdit()
        self.note_line.setPlaceholderText(
            "Write a note and press Enter (Ctrl+Shift+N from anywhere)"
        )
        holds_words(self.note_line, "a note")
        connect_once(self.note_line, session.clicks, self.add_note, "note")
        add_note = QPushButton("Add note")
        connect_once(add_note, session.clicks, self.add_note, "note")
        row = QHBoxLayout()
        row.addWidget(self.note_line, 1)
        row.addWidget(add_note)
        layout = QVBoxLayout(notes_page)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.notes_table, 1)
        layout.addLayout(row)
        # observations
        obs_page = QWidget()
        self.obs_table = self._table(self.observations_model)
        self.obs_line = QLineEdit()
        self.obs_line.setPlaceholderText(
            "Write an observation and press Enter (Ctrl+Shift+O from anywhere)"
        )
        holds_words(self.obs_line, "an observation")
        connect_once(self.obs_line, session.clicks, self.add_observation, "observation")
        self.tags_line = QLineEdit()
        self.tags_line.setPlaceholderText("#tags")
        self.tags_line.setToolTip("Tags, separated by spaces or commas")
        holds_words(self.tags_line, "an observation's tags")
        connect_once(self.tags_line, session.clicks, self.add_observation, "observation")
        tags = list(session.scenario.analysis.tags)
        completer = QCompleter(QStringListModel(tags + [f"#{t}" for t in tags], self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags_line.setCompleter(completer)
        self.question = QComboBox()
        self.question.addItem("No question", None)
        for q in session.scenario.analysis.questions:
            self.question.addItem(q.id, q.id)
            self.question.setItemData(
                self.question.count() - 1, q.text, Qt.ItemDataRole.ToolTipRole
            )
        self.question.setToolTip("Tie the observation to one of the analysis questions")
        add_obs = QPushButton("Add observation")
        connect_once(add_obs, session.clicks, self.add_observation, "observation")
        row = QHBoxLayout()
        row.addWidget(self.obs_line, 3)
        row.addWidget(self.tags_line, 1)
        row.addWidget(self.question)
        row.addWidget(add_obs)
        layout = QVBoxLayout(obs_page)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.obs_table, 1)
        layout.addLayout(row)
        self.tabs.addTab(obs_page, "Observations")
        self.tabs.addTab(notes_page, "Notes")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(self.tabs)
        session.changed.connect(self._on_changed)
        self.refresh()

    @staticmethod
    def _table(model: RecordTableModel[NoteView] | RecordTableModel[ObservationView]) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        fit_columns_to_rows(table)
        return table

    def _on_changed(self, event: GameEvent) -> None:
        if event.action in ("note", "observe", "void"):
            self.refresh()

    def refresh(self) -> None:
        """Re-read notes and observations."""
        viewer = self._session.viewer
        self.notes_model.set_rows(self._session.notes(viewer))
        self.observations_model.set_rows(self._session.observations(viewer))
        self.notes_table.scrollToBottom()
        self.obs_table.scrollToBottom()

    def focus_observation(self) -> None:
        """Jump to the observation line."""
        self.tabs.setCurrentIndex(0)
        self.obs_line.setFocus()

    def focus_note(self) -> None:
        """Jump to the note line."""
        self.tabs.setCurrentIndex(1)
        self.note_line.setFocus()

    def unsent(self) -> list[str]:
        """What is typed here and not yet recorded, named ("an observation", "a note")."""
        return unsent_words(self)

    def add_note(self) -> bool:
        """Record the note typed (undoable)."""
        session = self._session
        text = self.note_line.text()
        result = session.act_undoable(
            "Note", lambda: session.game.note(session.facilitator_id, text)
        )
        if result.ok:
            self.note_line.clear()
        return result.ok

    def add_observation(self) -> bool:
        """Record the observation typed, with its tags and question (undoable)."""
        session = self._session
        text = self.obs_line.text()
        tags = parse_tags(self.tags_line.text())
        question = self.question.currentData()
        result = session.act_undoable(
            "Observation",
            lambda: session.game.observe(
                session.facilitator_id,
                text,
                tags=tags,
                question_ids=(question,) if question else (),
            ),
        )
        if result.ok:
            self.obs_line.clear()
            self.tags_line.clear()
            self.obs_line.setFocus()
        return result.ok
