"""The log panel: everything that happened, filterable, with "Void…" and "Amend…".

Corrections never delete: voiding keeps the record, struck through, with the reason;
amending a move voids it and supersedes it with the corrected text.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wargame.game import GameEvent, MoveContent
from wargame.game.skips import SKIP_ACTION, skipped_effects
from wargame.ui.guard import not_words
from wargame.ui.log_model import KINDS, LogEntry, LogFilter, LogModel, log_entries
from wargame.ui.move_form import MoveDialog
from wargame.ui.session import GameSession


class LogPanel(QWidget):
    """The game log with its filters."""

    def __init__(self, session: GameSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        scenario = session.scenario
        self._labels = {t.id: t.name for t in scenario.tracks}
        self._labels.update({u.id: u.name for u in scenario.units})
        self._labels.update({r.id: r.name for r in scenario.regions})
        self._labels.update({f.id: f"fact \u201c{f.text}\u201d" for f in scenario.facts})
        self.model = LogModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column, width in enumerate((44, 70, 92, 100, 0, 100)):  # "What" takes the rest
            if width:
                header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.turn = QComboBox()
        self.turn.setToolTip("Show one turn only")
        self.team = QComboBox()
        self.team.setToolTip("Show one team's records only")
        self.team.addItem("All teams", None)
        for team in session.scenario.teams:
            self.team.addItem(team.name, team.id)
        self.kind = QComboBox()
        self.kind.setToolTip("Show one kind of record only")
        self.kind.addItem("Everything", None)
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the log…")
        self.search.setClearButtonEnabled(True)
        not_words(self.search, "a search")
        self.show_void = QCheckBox("Show void")
        self.show_void.setChecked(True)
        self.count = QLabel()
        self.void_button = QPushButton("Void…")
        self.void_button.setToolTip(
            "Void the selected record, with a reason (it stays in the record)"
        )
        self.void_button.clicked.connect(self.void_selected)
        self.amend_button = QPushButton("Amend…")
        self.amend_button.setToolTip("Correct the selected move: void it and supersede it")
        self.amend_button.clicked.connect(self.amend_selected)
        for combo in (self.turn, self.team, self.kind):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
            # Long team names must not widen the panel past a laptop's screen: a filter
            # shows at least a few letters of its choice and its list shows it whole.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(7)
        self.search.textChanged.connect(lambda _t: self.apply_filter())
        self.show_void.toggled.connect(lambda _b: self.apply_filter())

        # Filters on one row, search and corrections on the next: narrow panels keep both.
        filters, search = QHBoxLayout(), QHBoxLayout()
        for widget in (self.turn, self.team, self.kind):
            filters.addWidget(widget)
        filters.addWidget(self.show_void)
        filters.addStretch(1)
        filters.addWidget(self.count)
        self.search.setMinimumWidth(120)
        search.addWidget(self.search, 1)
        search.addWidget(self.amend_button)
        search.addWidget(self.void_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addLayout(search)
        layout.addWidget(self.table, 1)
        session.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, event: GameEvent) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the log from the record."""
        session = self._session
        q = session.queries
        viewer = session.viewer
        summary = session.summary()
        self.turn.blockSignals(True)
        chosen = self.turn.currentData()
        self.turn.clear()
        self.turn.addItem("All turns", None)
        for turn in range(1, max(summary.turn, 1) + 1):
            self.turn.addItem(f"Turn {turn}", turn)
        index = self.turn.findData(chosen)
        self.turn.setCurrentIndex(max(0, index))
        self.turn.blockSignals(False)
        phases = q.phases()
        entries = log_entries(
            team_name=session.team_name,
            name_of=self._label,
            phases=phases,
            moves=session.moves(viewer),
            adjudications=session.adjudications(viewer),
            effects=q.effects(viewer),
            injects=session.injects(viewer),
            notes=session.notes(viewer),
            observations=session.observations(viewer),
            findings=q.findings(viewer),
            skipped=skipped_effects(q.audit(viewer, action=SKIP_ACTION), phases),
        )
        self.model.set_entries(entries)
        self.apply_filter()

    def _label(self, record_id: str) -> str:
        return self._labels.get(record_id, record_id)

    def apply_filter(self) -> None:
        """Filter by the bar's choices."""
        self.model.set_filter(
            LogFilter(
                turn=self.turn.currentData(),
                team=self.team.currentData(),
                kind=self.kind.currentData(),
                text=self.search.text().strip(),
                show_void=self.show_void.isChecked(),
            )
        )
        self.count.setText(f"{self.model.rowCount()} of {self.model.total()}")
        self.table.scrollToBottom()
        self._update_buttons()

    def selected_entry(self) -> LogEntry | None:
        """The entry selected."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        """Select a row (keyboard and tests)."""
        self.table.selectRow(row)

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        self.void_button.setEnabled(
            entry is not None and entry.void_kind is not None and not entry.voided
        )
        self.amend_button.setEnabled(entry is not None and entry.amendable)

    def void_selected(self) -> bool:
        """Void the selected record after asking why."""
        entry = self.selected_entry()
        session = self._session
        if entry is None or entry.void_kind is None or entry.voided:
            return False
        kind = entry.void_kind
        preview = session.act(
            "Void record", lambda: session.game.void_preview(kind, entry.record_id)
        )
        if not preview.ok or preview.value is None:
            return False
        consequences = "".join(f"\n• {line}" for line in preview.value.lines())
        reason = session.notifier.ask_text(
            "Void record",
            f"Why is this {KINDS[entry.kind].lower()} void? (A void cannot be undone.)"
            f"\n{entry.what}{consequences}",
        )
        if reason is None:
            return False
        return session.act(
            "Void record",
            lambda: session.game.void(session.facilitator_id, kind, entry.record_id, reason=reason),
        ).ok

    def amend_selected(self) -> MoveDialog | None:
        """Open the amend dialog for the selected move."""
        entry = self.selected_entry()
        session = self._session
        if entry is None or not entry.amendable:
            return None
        move = next((m for m in session.moves(session.viewer) if m.id == entry.record_id), None)
        if move is None:
            return None
        dialog = MoveDialog([], session.notifier.confirm, amend=move, parent=self)

        def amend() -> str:
            text = dialog.form.value()
            return session.act(
                "Amend move",
                lambda: session.game.amend_move(
                    session.facilitator_id,
                    move.id,
                    MoveContent(
                        title=text.title,
                        action=text.action,
                        intended_result=text.intended_result,
                        reasons=text.reasons,
                    ),
                    reason=dialog.reason.text(),
                ),
                quiet=True,
            ).message

        dialog.submit = amend
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
