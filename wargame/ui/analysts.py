"""The analysts' view: live coverage of the data collection plan, and the warnings it gives.

Every essential element of analysis, with who collects it and when, whether it has
evidence this turn, how much evidence it has so far and the latest; above the table, what
is still uncollected this turn. An analyst records an observation on the selected element
from here. :func:`coverage_warning` is what the white cell is told before a turn or the
game ends with an element uncollected (the facilitator may still go on).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wargame.game import GameError, GameEvent
from wargame.game.analysis_views import CoverageView, ElementCoverage
from wargame.game.cases.analysis import ObserveRequest
from wargame.ui.forms import TextDialog
from wargame.ui.models import fit_columns

if TYPE_CHECKING:
    from wargame.ui.session import GameSession

COLUMNS = ("Element", "Question", "By, when", "This turn", "Evidence", "Latest evidence")
_WHEN = {"before_play": "before play", "each_turn": "each turn", "hot_wash": "hot wash"}
_BY = {"analyst": "analyst", "white_cell": "white cell", "team": "team"}
_STATUS = {"collected": "collected", "uncollected": "uncollected"}
_MISSING = QColor("#b3261e")


class AnalystsView(QWidget):
    """Live coverage of the data collection plan, refreshed on every change of the game."""

    def __init__(self, session: GameSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.coverage: CoverageView | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Data collection plan coverage")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.observe_button = QPushButton("Observe on this element…")
        self.observe_button.clicked.connect(self._ask_observation)
        self.chain_button = QPushButton("Evidence chain…")
        self.chain_button.setToolTip(
            "Link evidence; insights, findings, recommendations; ratings; the improvement plan"
        )
        self.chain_button.clicked.connect(self.open_chain)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.chain_button)
        buttons.addWidget(self.observe_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        session.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, _event: GameEvent) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Read the coverage now and show it."""
        session = self._session
        coverage = session.game.analysis().coverage(session.viewer)
        self.coverage = coverage
        elements = coverage.elements
        self.observe_button.setEnabled(bool(elements))
        if not elements:
            self.summary.setText("The scenario's analysis plan lists no element of analysis.")
            self.table.setRowCount(0)
            return
        gaps = coverage.gaps(ending="turn")
        if gaps:
            self.summary.setText(
                f"Turn {coverage.turn}: still uncollected — " + "; ".join(e.text for e in gaps)
            )
        else:
            self.summary.setText(f"Turn {coverage.turn}: every element due so far has evidence.")
        row = self.table.currentRow()
        self.table.setRowCount(len(elements))
        for number, element in enumerate(elements):
            self._fill_row(number, element)
        fit_columns(self.table)
        if 0 <= row < len(elements):
            self.table.selectRow(row)

    def _fill_row(self, row: int, element: ElementCoverage) -> None:
        latest = element.evidence[-1] if element.evidence else None
        status = element.status if element.when == "each_turn" else (
            "collected" if element.collected else "not yet"
        )  # fmt: skip
        cells = (
            f"{element.text} ({element.id})",
            element.question_id,
            f"{_BY.get(element.by, element.by)}, {_WHEN.get(element.when, element.when)}",
            status,
            str(len(element.evidence)),
            f"T{latest.turn} {latest.author}: {latest.text}" if latest else "—",
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(element.what if column == 0 else text)
            if column == 3 and status == "uncollected":
                item.setForeground(_MISSING)
            self.table.setItem(row, column, item)

    def open_chain(self) -> QDialog:
        """Open the evidence chain's dialog (insights, findings, ratings, the plan)."""
        from wargame.ui.chain_dialog import ChainDialog

        dialog = ChainDialog(self._session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def selected_element(self) -> ElementCoverage | None:
        """The element of the selected row."""
        row = self.table.currentRow()
        if self.coverage is None or not 0 <= row < len(self.coverage.elements):
            return None
        return self.coverage.elements[row]

    def observe(self, text: str) -> str | None:
        """Record an observation on the selected element; None, or the refusal's sentence."""
        element = self.selected_element()
        if element is None:
            return "select an element first"
        session = self._session
        request = ObserveRequest(session.facilitator_id, text, element_ids=(element.id,))
        result = session.act_undoable(
            "Observation", lambda: session.game.record_observation(request), quiet=True
        )
        return None if result.ok else result.message

    def _ask_observation(self) -> TextDialog | None:
        """Ask for the observation on the selected element; a refusal keeps the text."""
        element = self.selected_element()
        if element is None:
            self.summary.setText("Select an element first, then observe on it.")
            return None
        dialog = TextDialog(
            "Observation",
            f"{element.text}\nCollect: {element.what}",
            self._session.notifier.confirm,
            self,
            words="an observation",
        )
        dialog.submit = lambda: self.observe(dialog.value()) or ""
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog


def coverage_warning(session: GameSession, *, ending: str) -> str | None:
    """The warning before a turn (``'turn'``) or the game (``'game'``) ends, or None."""
    analysis = session.game.analysis()
    try:
        if ending == "turn":
            return analysis.warning_before_advance(session.viewer)
        return analysis.warning_before_end(session.viewer)
    except GameError:
        return None
