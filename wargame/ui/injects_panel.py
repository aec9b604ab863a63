"""Injects: the scenario's events due this turn with "Release", conditional ones, ad hoc ones.

Scheduled injects of the current turn are listed with their phase and audience; the
facilitator releases each with one click (Ctrl+I releases the next pending one).
Conditional injects fire by themselves when their condition holds (the service does
that) and show here as fired or waiting. Ad hoc injects are written on the spot.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wargame.game import AdHocInject, GameEvent
from wargame.game.views import InjectView, counted
from wargame.scenario.model import Inject, Scenario
from wargame.scenario.wording import describe_trigger
from wargame.ui.forms import Confirm, KeptTextDialog, Problem
from wargame.ui.guard import connect_once
from wargame.ui.models import Column, RecordTableModel
from wargame.ui.session import GameSession, Result
from wargame.ui.theme import VOID_TEXT, readable


@dataclass(frozen=True)
class InjectRow:
    """A scenario inject and its release, if any."""

    inject: Inject
    release: InjectView | None

    @property
    def released(self) -> bool:
        """True once released (and not voided)."""
        return self.release is not None


def audience_text(audience: str | tuple[str, ...], scenario: Scenario) -> str:
    """'All teams' or the teams' names."""
    if audience == "all":
        return "All teams"
    names = []
    for team_id in audience:
        try:
            names.append(scenario.team(team_id).name)
        except KeyError:
            names.append(team_id)
    return ", ".join(names)


def condition_text(inject: Inject, scenario: Scenario) -> str:
    """A conditional inject's condition in words."""
    c = inject.condition
    if c is None:
        return ""
    return f"when {describe_trigger(c, scenario)}"


class AdHocInjectDialog(KeptTextDialog):
    """Title, text and audience of an inject written on the spot (text never lost)."""

    def __init__(self, scenario: Scenario, confirm: Confirm, parent: QWidget | None = None) -> None:
        super().__init__(confirm, parent)
        self.setWindowTitle("Ad hoc inject")
        self.title = QLineEdit()
        self.title.setMaxLength(200)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.all_teams = QRadioButton("All teams")
        self.all_teams.setChecked(True)
        self.some_teams = QRadioButton("Only these teams:")
        self.team_boxes: dict[str, QCheckBox] = {}
        teams_box = QVBoxLayout()
        teams_box.addWidget(self.all_teams)
        teams_box.addWidget(self.some_teams)
        for team in scenario.teams:
            box = QCheckBox(team.name)
            box.setEnabled(False)
            self.team_boxes[team.id] = box
            teams_box.addWidget(box)
        self.some_teams.toggled.connect(self._teams_enabled)
        group = QGroupBox("Audience")
        group.setLayout(teams_box)
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("", self.keep(self.title, "an inject's title"))
        form.addRow("&Text", self.text)
        form.addRow("", self.keep(self.text, "an inject's text"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Release")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(group)
        layout.addWidget(self.refusal)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(520, 420)

    def problems(self) -> list[Problem]:
        """An inject needs a title and a text."""
        out: list[Problem] = []
        if not self.title.text().strip():
            out.append((self.title, "Give the inject a title."))
        if not self.text.toPlainText().strip():
            out.append((self.text, "Write what the teams are told."))
        return out

    def _teams_enabled(self, on: bool) -> None:
        for box in self.team_boxes.values():
            box.setEnabled(on)

    def audience(self) -> str | tuple[str, ...]:
        """'all' or the chosen team ids."""
        if self.all_teams.isChecked():
            return "all"
        return tuple(team for team, box in self.team_boxes.items() if box.isChecked())


class InjectsPanel(QWidget):
    """Scheduled and conditional injects of the scenario, and everything released."""

    def __init__(self, session: GameSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        scenario = session.scenario
        self.due_model: RecordTableModel[InjectRow] = RecordTableModel(
            [
                Column("Inject", lambda r: r.inject.title, tooltip=lambda r: r.inject.text),
                Column(
                    "When",
                    lambda r: self._when(r.inject),
                    tooltip=lambda r: r.inject.expected_response or "",
                ),
                Column("Audience", lambda r: audience_text(r.inject.audience, scenario)),
                Column(
                    "Status",
                    lambda r: f"released T{r.release.turn}" if r.release else "pending",
                    foreground=lambda r: readable(VOID_TEXT) if r.released else None,
                    bold=lambda r: not r.released,
                ),
            ],
            self,
        )
        self.due_table = self._table(self.due_model, 0)
        for column, width in ((1, 115), (2, 90), (3, 88)):  # the title takes the rest
            self.due_table.horizontalHeader().resizeSection(column, width)
        self.due_table.doubleClicked.connect(lambda _i: self.release_selected())
        self.released_model: RecordTableModel[InjectView] = RecordTableModel(
            [
                Column("T", lambda i: str(i.turn), align_right=True),
                Column(
                    "Released",
                    lambda i: i.title + (" (void)" if i.voided else ""),
                    tooltip=lambda i: i.text,
                    foreground=lambda i: readable(VOID_TEXT) if i.voided else None,
                ),
                Column("Kind", lambda i: i.trigger.replace("_", " ")),
                Column("Audience", lambda i: audience_text(i.audience, scenario)),
            ],
            self,
        )
        self.released_table = self._table(self.released_model, 1)
        for column, width in ((0, 34), (2, 80), (3, 100)):
            self.released_table.horizontalHeader().resizeSection(column, width)
        self.release_button = QPushButton("Release")
        self.release_button.setToolTip(
            "Release the selected inject now (Ctrl+I releases the next pending one)"
        )
        connect_once(self.release_button, session.clicks, self.release_selected)
        self.ad_hoc_button = QPushButton("Ad hoc inject…")
        self.ad_hoc_button.setToolTip(
            "Write and release an inject that is not in the scenario (Ctrl+Shift+I)"
        )
        self.ad_hoc_button.clicked.connect(self.ad_hoc)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setMinimumWidth(80)
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(self.release_button)
        bar.addWidget(self.ad_hoc_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        # The text of the inject selected in either table, not only in a tooltip.
        self.preview = QTextBrowser()
        self.preview.setPlaceholderText("Select an inject to read its text here.")
        self.preview.setMinimumHeight(self.preview.fontMetrics().height() * 4)
        for table in (self.due_table, self.released_table):
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
            table.selectionModel().selectionChanged.connect(
                lambda _s, _d, t=table: self._show_text(t)
            )
        layout.addWidget(self.due_table, 3)
        layout.addWidget(QLabel("Released so far"))
        layout.addWidget(self.released_table, 2)
        layout.addWidget(self.preview, 2)
        session.changed.connect(self._on_changed)
        self.refresh()

    @staticmethod
    def _table(
        model: RecordTableModel[InjectRow] | RecordTableModel[InjectView], stretch: int
    ) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        return table

    def _when(self, inject: Inject) -> str:
        scenario = self._session.scenario
        if inject.conditional:
            return condition_text(inject, scenario)
        if inject.at is not None:
            return f"turn {inject.turn}, {inject.at:%H:%M}"
        phase = inject.phase or scenario.turn_plan.phases[0].id
        return f"turn {inject.turn}, {scenario.turn_plan.phase(phase).name}"

    def _on_changed(self, event: GameEvent) -> None:
        self.refresh()

    def _show_text(self, table: QTableView) -> None:
        """Show the selected inject's title and text in the preview pane."""
        rows = table.selectionModel().selectedRows()
        if not rows:
            return
        if table is self.due_table:
            inject = self.due_model.record(rows[0].row()).inject
            title, text = inject.title, inject.text
        else:
            released = self.released_model.record(rows[0].row())
            title, text = released.title, released.text
        self.preview.setHtml(f"<p><b>{html.escape(title)}</b></p><p>{html.escape(text)}</p>")

    def refresh(self) -> None:
        """Re-read releases; list this turn's scheduled injects and the conditional ones."""
        session = self._session
        summary = session.summary()
        released = session.injects(session.viewer)
        live = {i.inject_id: i for i in released if i.inject_id and not i.voided}
        turn = max(summary.turn, 1)
        rows = [
            InjectRow(i, live.get(i.id))
            for i in session.scenario.injects
            if (i.turn is not None and (i.turn == turn or (i.turn < turn and i.id not in live)))
        ]
        rows += [InjectRow(i, live.get(i.id)) for i in session.scenario.injects if i.conditional]
        self.due_model.set_rows(rows)
        self.released_model.set_rows(list(reversed(released)))
        pending = sum(1 for r in rows if not r.released and not r.inject.conditional)
        self.heading.setText(f"Turn {turn}: {counted(pending, 'scheduled inject')} pending")
        running = summary.status == "running"
        self.release_button.setEnabled(running)
        self.ad_hoc_button.setEnabled(running)

    def selected_row(self) -> InjectRow | None:
        """The scenario inject selected."""
        rows = self.due_table.selectionModel().selectedRows()
        return self.due_model.record(rows[0].row()) if rows else None

    def release_selected(self) -> bool:
        """Release the selected inject (or the next pending one when none is selected)."""
        row = self.selected_row()
        if row is None or row.released:
            pending = [
                r for r in self.due_model.rows() if not r.released and not r.inject.conditional
            ]
            if not pending:
                self._session.notifier.error(
                    "Release inject", "There is no pending inject to release this turn."
                )
                return False
            row = pending[0]
        return self.release(row.inject.id)

    def release(self, inject_id: str) -> bool:
        """Release a scenario inject (undoable)."""
        session = self._session
        inject = session.scenario.inject(inject_id)
        result = session.act_undoable(
            f"Release inject '{inject.title}'",
            lambda: session.game.release_inject(session.facilitator_id, inject_id),
        )
        return result.ok

    def ad_hoc(self) -> AdHocInjectDialog:
        """Open the ad hoc inject dialog."""
        dialog = AdHocInjectDialog(self._session.scenario, self._session.notifier.confirm, self)
        dialog.submit = lambda: self._release_from(dialog)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _release_from(self, dialog: AdHocInjectDialog) -> str:
        return self.release_ad_hoc(
            dialog.title.text(), dialog.text.toPlainText(), dialog.audience(), quiet=True
        ).message

    def release_ad_hoc(
        self, title: str, text: str, audience: str | tuple[str, ...], *, quiet: bool = False
    ) -> Result[int]:
        """Release an ad hoc inject (undoable)."""
        session = self._session
        return session.act_undoable(
            f"Ad hoc inject '{title}'",
            lambda: session.game.release_ad_hoc_inject(
                session.facilitator_id, AdHocInject(title=title, text=text, audience=audience)
            ),
            quiet=quiet,
        )
