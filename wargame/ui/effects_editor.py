"""Effects an adjudication will apply: every effect kind of the scenario format.

A track moved or set; a unit moved, strengthened or weakened, put on the map or taken off
it; a fact established or retracted. Each row builds the scenario's own effect type
(:class:`~wargame.scenario.model.TrackEffect` and its siblings), so the adjudication dialog
previews and commits exactly what the rows show. The editor decides no rule: the dialog
asks the game whether each effect can apply (``Game.effect_problems``) and the editor shows
each answer under its row.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wargame.scenario.model import (
    Effect,
    FactEstablishEffect,
    FactRetractEffect,
    Scenario,
    TrackEffect,
    TrackSetEffect,
    UnitCreateEffect,
    UnitMoveEffect,
    UnitRemoveEffect,
    UnitStrengthEffect,
)
from wargame.ui.theme import ALERT, readable

KINDS = (
    ("track", "Move a track"),
    ("track_set", "Set a track"),
    ("unit_move", "Move a unit"),
    ("unit_strength", "Change a unit's strength"),
    ("unit_create", "Put a unit on the map"),
    ("unit_remove", "Take a unit off the map"),
    ("fact_establish", "Establish a fact"),
    ("fact_retract", "Retract a fact"),
)
"""Every effect kind of the scenario format, with what the editor calls it."""

_TRACK_KINDS = ("track", "track_set")
_UNIT_KINDS = ("unit_move", "unit_strength", "unit_create", "unit_remove")
_FACT_KINDS = ("fact_establish", "fact_retract")
_WITH_REGION = ("unit_move", "unit_create")
_WITH_NUMBER = ("track", "track_set", "unit_strength")
DECLARED_REGION = "(its declared region)"


def offered_kinds(scenario: Scenario) -> tuple[tuple[str, str], ...]:
    """The effect kinds this scenario has something for: tracks, units (on a map), facts."""
    out = []
    for key, label in KINDS:
        if key in _TRACK_KINDS and not scenario.tracks:
            continue
        if key in _UNIT_KINDS and not scenario.units:
            continue
        if key in _WITH_REGION and not scenario.regions:
            continue
        if key in _FACT_KINDS and not scenario.facts:
            continue
        out.append((key, label))
    return tuple(out)


class EffectRow(QWidget):
    """One effect: its kind, what it changes, the change, and why it cannot apply (if so)."""

    changed = Signal()
    removed = Signal(object)

    def __init__(
        self, scenario: Scenario, kind: str = "track", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._scenario = scenario
        self.kind = QComboBox()
        for key, label in offered_kinds(scenario):
            self.kind.addItem(label, key)
        self.target = QComboBox()
        self.target.setMinimumContentsLength(14)
        self.target.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.number = QSpinBox()
        self.region = QComboBox()
        self.region.setMinimumContentsLength(10)
        self.region.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {readable(ALERT).name()}")
        self.problem.setVisible(False)
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip("Remove this effect")
        remove.clicked.connect(lambda: self.removed.emit(self))
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.kind)
        line.addWidget(self.target, 1)
        line.addWidget(self.number)
        line.addWidget(self.region, 1)
        line.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.problem)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.target.currentIndexChanged.connect(lambda _i: self._target_changed())
        self.region.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.number.valueChanged.connect(lambda _v: self.changed.emit())
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        scenario = self._scenario
        self.target.blockSignals(True)
        self.target.clear()
        if kind in _TRACK_KINDS:
            for track in scenario.tracks:
                self.target.addItem(track.name, track.id)
        elif kind in _FACT_KINDS:
            for fact in scenario.facts:
                self.target.addItem(fact.text, fact.id)
        else:
            for unit in scenario.units:
                self.target.addItem(unit.name, unit.id)
        self.target.blockSignals(False)
        self.region.blockSignals(True)
        self.region.clear()
        if kind == "unit_create":
            self.region.addItem(DECLARED_REGION, None)
        for region in scenario.regions:
            self.region.addItem(region.name, region.id)
        self.region.blockSignals(False)
        self.number.setVisible(kind in _WITH_NUMBER)
        self.region.setVisible(kind in _WITH_REGION)
        self._target_changed()

    def _target_changed(self) -> None:
        """Bound the number to what the kind and the target allow."""
        kind = self.kind.currentData()
        self.number.blockSignals(True)
        if kind == "track_set":
            track = self._scenario.track(str(self.target.currentData()))
            self.number.setRange(track.min, track.max)
            self.number.setPrefix("to ")
            self.number.setToolTip(f"The level it is set to ({track.min} to {track.max})")
        else:
            span = 100 if kind == "unit_strength" else 20
            self.number.setRange(-span, span)
            self.number.setPrefix("")
            self.number.setToolTip("Points to add (negative: subtract)")
            if kind in ("track", "unit_strength") and self.number.value() == 0:
                self.number.setValue(1)
        self.number.blockSignals(False)
        self.changed.emit()

    def effect(self) -> Effect:
        """The effect this row stands for."""
        kind = self.kind.currentData()
        target = str(self.target.currentData())
        value = self.number.value()
        if kind == "track":
            return TrackEffect(kind="track", track=target, delta=value)
        if kind == "track_set":
            return TrackSetEffect(kind="track_set", track=target, value=value)
        if kind == "unit_move":
            return UnitMoveEffect(kind="unit_move", unit=target, to=str(self.region.currentData()))
        if kind == "unit_create":
            region = self.region.currentData()
            return UnitCreateEffect(
                kind="unit_create", unit=target, region=None if region is None else str(region)
            )
        if kind == "unit_remove":
            return UnitRemoveEffect(kind="unit_remove", unit=target)
        if kind == "fact_establish":
            return FactEstablishEffect(kind="fact_establish", fact=target)
        if kind == "fact_retract":
            return FactRetractEffect(kind="fact_retract", fact=target)
        return UnitStrengthEffect(kind="unit_strength", unit=target, delta=value)

    def show_problem(self, problem: str) -> None:
        """Say under the row why its effect cannot apply ("" hides the line)."""
        self.problem.setText(f"Cannot apply: {problem}." if problem else "")
        self.problem.setVisible(bool(problem))


class EffectsEditor(QWidget):
    """A list of effect rows, and a choice of kind with a button to add one."""

    changed = Signal()

    def __init__(self, scenario: Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scenario = scenario
        self.rows: list[EffectRow] = []
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self.kind_choice = QComboBox()
        for key, label in offered_kinds(scenario):
            self.kind_choice.addItem(label, key)
        self.add_button = QPushButton("Add effect")
        self.add_button.setToolTip("Add an effect of the kind chosen beside it")
        self.add_button.clicked.connect(lambda: self.add_row(str(self.kind_choice.currentData())))
        buttons = QHBoxLayout()
        buttons.addWidget(self.kind_choice)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_layout)
        if self.kind_choice.count():
            layout.addLayout(buttons)
        else:
            self.kind_choice.hide()
            self.add_button.hide()
            none = QLabel("This scenario has no tracks, units or facts for effects to change.")
            none.setWordWrap(True)
            layout.addWidget(none)

    def add_row(self, kind: str = "track") -> EffectRow:
        """Add an effect row."""
        row = EffectRow(self._scenario, kind)
        row.changed.connect(self.changed)
        row.removed.connect(self._remove)
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        self.changed.emit()
        return row

    def _remove(self, row: EffectRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.changed.emit()

    def effects(self) -> list[Effect]:
        """Every effect, in order."""
        return [row.effect() for row in self.rows]

    def show_problems(self, problems: Sequence[str]) -> None:
        """Show each row's problem (the game's answer, in the rows' order)."""
        for row, problem in zip(self.rows, problems, strict=False):
            row.show_problem(problem)
