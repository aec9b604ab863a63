"""Effects an adjudication will apply: a track up or down, a unit moved, a unit weakened.

Each row builds a scenario effect (:class:`~wargame.scenario.model.TrackEffect` and its
siblings); the adjudication dialog previews them with the pure rules and hands them to
``Game.adjudicate``, which applies them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wargame.scenario.model import (
    Effect,
    Scenario,
    TrackEffect,
    UnitMoveEffect,
    UnitStrengthEffect,
)

KINDS = (("track", "Track"), ("unit_move", "Move unit"), ("unit_strength", "Unit strength"))


class EffectRow(QWidget):
    """One effect: kind, target, and the change."""

    changed = Signal()
    removed = Signal(object)

    def __init__(
        self, scenario: Scenario, kind: str = "track", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._scenario = scenario
        self.kind = QComboBox()
        for key, label in KINDS:
            if key != "track" and not scenario.units:
                continue
            self.kind.addItem(label, key)
        self.target = QComboBox()
        self.target.setMinimumContentsLength(18)
        self.target.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.delta = QSpinBox()
        self.delta.setRange(-100, 100)
        self.delta.setValue(1)
        self.delta.setPrefix("")
        self.region = QComboBox()
        for region in scenario.regions:
            self.region.addItem(region.name, region.id)
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip("Remove this effect")
        remove.clicked.connect(lambda: self.removed.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.target, 1)
        layout.addWidget(self.delta)
        layout.addWidget(self.region, 1)
        layout.addWidget(remove)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        for combo in (self.target, self.region):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.delta.valueChanged.connect(lambda _v: self.changed.emit())
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.target.blockSignals(True)
        self.target.clear()
        if kind == "track":
            for track in self._scenario.tracks:
                self.target.addItem(track.name, track.id)
        else:
            for unit in self._scenario.units:
                self.target.addItem(unit.name, unit.id)
        self.target.blockSignals(False)
        self.delta.setVisible(kind != "unit_move")
        self.region.setVisible(kind == "unit_move")
        self.delta.setRange(
            -100 if kind == "unit_strength" else -20, 100 if kind == "unit_strength" else 20
        )
        self.changed.emit()

    def effect(self) -> Effect:
        """The effect this row stands for."""
        kind = self.kind.currentData()
        target = str(self.target.currentData())
        if kind == "track":
            return TrackEffect(kind="track", track=target, delta=self.delta.value())
        if kind == "unit_move":
            return UnitMoveEffect(kind="unit_move", unit=target, to=str(self.region.currentData()))
        return UnitStrengthEffect(kind="unit_strength", unit=target, delta=self.delta.value())


class EffectsEditor(QWidget):
    """A list of effect rows with buttons to add more."""

    changed = Signal()

    def __init__(self, scenario: Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scenario = scenario
        self.rows: list[EffectRow] = []
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        for key, label in KINDS:
            if key != "track" and not scenario.units:
                continue
            button = QPushButton(f"+ {label}")
            button.setToolTip(f"Add a '{label.lower()}' effect")
            button.clicked.connect(lambda _c=False, k=key: self.add_row(k))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_layout)
        layout.addLayout(buttons)

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
