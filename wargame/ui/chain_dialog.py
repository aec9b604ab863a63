"""The evidence chain in the app, one tab per link of it.

Link evidence to observations; draw insights, findings and recommendations; rate the
objectives and capabilities; keep the improvement plan. Each tab builds one of the game
layer's requests and commits it through the session; a refusal is shown in the dialog and
the typed text stays where it was, so nothing typed is lost. What the tabs list is re-read
after each change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wargame.game.analysis_views import EVIDENCE_KINDS, HSEEP_LEVELS, EvidenceRef
from wargame.game.cases.analysis import (
    FindingRequest,
    ImprovementRequest,
    InsightRequest,
    LinkEvidenceRequest,
    RatingRequest,
    RecommendationRequest,
)
from wargame.ui.guard import connect_once, holds_words, may_discard, unsent_words

if TYPE_CHECKING:
    from wargame.ui.session import GameSession


def _checked_ids(listing: QListWidget) -> tuple[int, ...]:
    return tuple(
        int(listing.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(listing.count())
        if listing.item(i).checkState() is Qt.CheckState.Checked
    )


def _fill(listing: QListWidget, rows: list[tuple[int, str]]) -> None:
    checked = set(_checked_ids(listing))
    listing.clear()
    for row_id, text in rows:
        item = QListWidgetItem(text, listing)
        item.setData(Qt.ItemDataRole.UserRole, row_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if row_id in checked else Qt.CheckState.Unchecked)


class ChainDialog(QDialog):
    """Tabs for each link of the chain; every commit goes through the game layer."""

    def __init__(self, session: GameSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Evidence chain")
        self._session = session
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._evidence_tab(), "Evidence")
        self.tabs.addTab(self._insight_tab(), "Insights")
        self.tabs.addTab(self._finding_tab(), "Findings")
        self.tabs.addTab(self._recommendation_tab(), "Recommendations")
        self.tabs.addTab(self._rating_tab(), "HSEEP ratings")
        self.tabs.addTab(self._plan_tab(), "Improvement plan")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.resize(760, 560)
        for field, words in (
            (self.insight_text, "an insight"),
            (self.finding_text, "a finding"),
            (self.recommendation_text, "a recommendation"),
            (self.rating_strengths, "a rating's strengths"),
            (self.rating_improvements, "a rating's areas for improvement"),
            (self.plan_action, "a corrective action"),
            (self.plan_capability, "a corrective action's capability"),
            (self.plan_owner, "a corrective action's owner"),
        ):
            holds_words(field, words)
        self.refresh()

    def reject(self) -> None:
        """Escape, Close or the window's button: ask before words typed here are lost."""
        if may_discard(
            self._session.notifier.confirm, "Close the evidence chain", unsent_words(self)
        ):
            super().reject()

    # ------------------------------------------------------------------ tabs

    def _evidence_tab(self) -> QWidget:
        self.evidence_observation = QComboBox()
        self.evidence_kind = QComboBox()
        for kind in EVIDENCE_KINDS:
            self.evidence_kind.addItem(kind.replace("_release", ""), kind)
        self.evidence_id = QSpinBox()
        self.evidence_id.setRange(1, 10_000_000)
        return self._form(
            [("Observation", self.evidence_observation), ("Log entry", self.evidence_kind),
             ("Number", self.evidence_id)],
            "Link", self.link_evidence,
        )  # fmt: skip

    def _insight_tab(self) -> QWidget:
        self.insight_sources = QListWidget()
        self.insight_text = QPlainTextEdit()
        return self._form(
            [("Drawn from observations", self.insight_sources), ("Insight", self.insight_text)],
            "Add insight",
            self.add_insight,
        )

    def _finding_tab(self) -> QWidget:
        self.finding_sources = QListWidget()
        self.finding_kind = QComboBox()
        for kind, label in (
            ("finding", "Finding"),
            ("strength", "Strength"),
            ("improvement", "Area for improvement"),
        ):
            self.finding_kind.addItem(label, kind)
        self.finding_text = QPlainTextEdit()
        return self._form(
            [("Drawn from insights", self.finding_sources), ("Kind", self.finding_kind),
             ("Finding", self.finding_text)],
            "Add finding", self.add_finding,
        )  # fmt: skip

    def _recommendation_tab(self) -> QWidget:
        self.recommendation_sources = QListWidget()
        self.recommendation_text = QPlainTextEdit()
        return self._form(
            [("Drawn from findings", self.recommendation_sources),
             ("Recommendation", self.recommendation_text)],
            "Add recommendation", self.add_recommendation,
        )  # fmt: skip

    def _rating_tab(self) -> QWidget:
        self.rating_subject = QComboBox()
        for subject, text in self._session.scenario.analysis.rating_subjects().items():
            self.rating_subject.addItem(text[:90], subject)
        self.rating_level = QComboBox()
        for level, words in HSEEP_LEVELS.items():
            self.rating_level.addItem(f"{level} — {words}", level)
        self.rating_strengths = QPlainTextEdit()
        self.rating_improvements = QPlainTextEdit()
        return self._form(
            [("Objective or capability", self.rating_subject), ("Rating", self.rating_level),
             ("Strengths", self.rating_strengths),
             ("Areas for improvement", self.rating_improvements)],
            "Rate", self.rate,
        )  # fmt: skip

    def _plan_tab(self) -> QWidget:
        self.plan_action = QLineEdit()
        self.plan_capability = QLineEdit()
        self.plan_owner = QLineEdit()
        self.plan_has_due = QCheckBox("Due by")
        self.plan_due = QDateEdit(QDate.currentDate().addMonths(3))
        self.plan_due.setCalendarPopup(True)
        self.plan_status = QComboBox()
        for status in ("open", "in_progress", "done", "cancelled"):
            self.plan_status.addItem(status.replace("_", " "), status)
        return self._form(
            [("Corrective action", self.plan_action), ("Capability", self.plan_capability),
             ("Owner", self.plan_owner), ("", self.plan_has_due), ("Due", self.plan_due),
             ("Status", self.plan_status)],
            "Add to the plan", self.plan_improvement,
        )  # fmt: skip

    def _form(
        self, rows: list[tuple[str, QWidget]], button: str, slot: Callable[[], bool]
    ) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for label, widget in rows:
            form.addRow(label, widget)
        press = QPushButton(button)
        connect_once(press, self._session.clicks, slot)  # a double-click records once
        form.addRow("", press)
        return page

    # ------------------------------------------------------------------ reading

    def refresh(self) -> None:
        """Re-read the chain and fill the lists."""
        session = self._session
        chain = session.game.analysis().chain(session.viewer)
        observations = [(o.id, f"T{o.turn} {o.author}: {o.text[:100]}") for o in chain.observations]
        current = self.evidence_observation.currentData()
        self.evidence_observation.clear()
        for oid, text in observations:
            self.evidence_observation.addItem(text, oid)
        for row, observation in enumerate(chain.observations):  # what each cites, as it is now
            cites = observation.evidence_text() or "no log entry cited"
            self.evidence_observation.setItemData(
                row, f"Evidence: {cites}", Qt.ItemDataRole.ToolTipRole
            )
        if current is not None:
            self.evidence_observation.setCurrentIndex(self.evidence_observation.findData(current))
        _fill(self.insight_sources, observations)
        _fill(self.finding_sources, [(i.id, i.text[:120]) for i in chain.insights])
        _fill(self.recommendation_sources, [(f.id, f.text[:120]) for f in chain.findings])

    # ------------------------------------------------------------------ committing

    def _commit(self, what: str, use_case: Callable[[], object], clear: list[QWidget]) -> bool:
        """Commit (undoable: Edit › Undo voids what it added); show the outcome here."""
        result = self._session.act_undoable(what, use_case, quiet=True)
        if not result.ok:
            self.message.setText(f"{what} not recorded: {result.message}")
            return False
        self.message.setText(f"{what} recorded.")
        for widget in clear:
            if isinstance(widget, QPlainTextEdit | QLineEdit):
                widget.clear()
        self.refresh()
        return True

    def link_evidence(self) -> bool:
        """Link the chosen log entry to the chosen observation."""
        observation = self.evidence_observation.currentData()
        if observation is None:
            self.message.setText("There is no observation to link evidence to yet.")
            return False
        ref = EvidenceRef(str(self.evidence_kind.currentData()), self.evidence_id.value())
        request = LinkEvidenceRequest(self._by, int(observation), evidence=(ref,))
        return self._commit("Evidence", lambda: self._session.game.link_evidence(request), [])

    def add_insight(self) -> bool:
        """An insight from the checked observations."""
        request = InsightRequest(
            self._by, self.insight_text.toPlainText(), _checked_ids(self.insight_sources)
        )
        return self._commit(
            "Insight", lambda: self._session.game.add_insight(request), [self.insight_text]
        )

    def add_finding(self) -> bool:
        """A finding from the checked insights."""
        request = FindingRequest(
            self._by,
            self.finding_text.toPlainText(),
            _checked_ids(self.finding_sources),
            str(self.finding_kind.currentData()),
        )
        return self._commit(
            "Finding", lambda: self._session.game.add_finding(request), [self.finding_text]
        )

    def add_recommendation(self) -> bool:
        """A recommendation from the checked findings."""
        request = RecommendationRequest(
            self._by,
            self.recommendation_text.toPlainText(),
            _checked_ids(self.recommendation_sources),
        )
        return self._commit(
            "Recommendation",
            lambda: self._session.game.add_recommendation(request),
            [self.recommendation_text],
        )

    def rate(self) -> bool:
        """Rate the chosen objective or capability."""
        request = RatingRequest(
            self._by,
            str(self.rating_subject.currentData()),
            str(self.rating_level.currentData()),
            self.rating_strengths.toPlainText(),
            self.rating_improvements.toPlainText(),
        )
        return self._commit(
            "Rating",
            lambda: self._session.game.rate(request),
            [self.rating_strengths, self.rating_improvements],
        )

    def plan_improvement(self) -> bool:
        """Add a corrective action to the improvement plan."""
        due: dt.date | None = None
        if self.plan_has_due.isChecked():
            due = self.plan_due.date().toPython()  # type: ignore[assignment]
        request = ImprovementRequest(
            self._by,
            self.plan_action.text(),
            self.plan_capability.text(),
            self.plan_owner.text(),
            due=due,
            status=str(self.plan_status.currentData()),
        )
        return self._commit(
            "Corrective action",
            lambda: self._session.game.plan_improvement(request),
            [self.plan_action, self.plan_capability, self.plan_owner],
        )

    @property
    def _by(self) -> int:
        viewer = self._session.viewer
        return viewer.participant_id or self._session.facilitator_id
