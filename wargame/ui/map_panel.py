"""The map panel of the main window: the map with zoom buttons, a legend and a hint line.

Moving a unit asks the facilitator why, then records a unit-move effect through
``Game.apply_effects`` (undoable); the token then goes where the record says it is, so a
refused move simply snaps back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wargame.game import GameEvent
from wargame.game.views import StateView
from wargame.scenario.model import UnitMoveEffect
from wargame.ui.elided import ElidedLabel
from wargame.ui.map_view import MapView
from wargame.ui.session import GameSession
from wargame.ui.theme import RED_LINE


class MapPanel(QWidget):
    """The map with its zoom buttons, legend and a line about the region under the mouse."""

    def __init__(self, session: GameSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        scenario = session.scenario
        self.view = MapView(scenario)
        self.info = ElidedLabel()  # a long line gives way instead of widening the map
        self.info.setMinimumHeight(self.info.fontMetrics().height() + 6)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        tools = QHBoxLayout()
        tools.setContentsMargins(6, 4, 6, 0)
        for text, tip, slot in (
            ("+", "Zoom in (Ctrl++)", lambda: self.view.zoom(1.25)),
            ("−", "Zoom out (Ctrl+-)", lambda: self.view.zoom(0.8)),
            ("Fit", "Show the whole map (Ctrl+0)", self.view.fit),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addSpacing(8)
        tools.addWidget(self.legend, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(tools)
        if self.view.problem:
            problem = QLabel(self.view.problem)
            problem.setWordWrap(True)
            problem.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(problem, 1)
            self.view.hide()
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        for keys, slot in (
            ("Ctrl++", lambda: self.view.zoom(1.25)),
            ("Ctrl+=", lambda: self.view.zoom(1.25)),
            ("Ctrl+-", lambda: self.view.zoom(0.8)),
            ("Ctrl+0", self.view.fit),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self._owner_colours = {a.id: QColor(a.colour) for a in scenario.actors}
        self._owner_names = {a.id: a.name for a in scenario.actors}
        self._state: StateView | None = None
        self._set_legend()
        self.view.unit_dropped.connect(self._on_unit_dropped)
        self.view.region_hovered.connect(self._on_hover)
        session.changed.connect(self._on_changed)
        self.refresh()
        self._on_hover("")

    def _set_legend(self) -> None:
        owners = list(dict.fromkeys(u.owner for u in self._session.scenario.units))
        parts = []
        for owner in owners:
            colour = self._owner_colours.get(owner, QColor("#7f8c8d")).name()
            parts.append(
                f"<span style='color:{colour}; font-size:14px'>●</span>&nbsp;"
                f"{self._owner_names.get(owner, owner)}"
            )
        if self.view.overlays:
            parts.append(f"<span style='color:{RED_LINE.name()}'>▨</span>&nbsp;red-line region")
        self.legend.setText("&nbsp;&nbsp; ".join(parts))

    def _on_changed(self, event: GameEvent) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Show the units where they stand now."""
        self._state = self._session.state()
        self.view.set_state(self._state, self._owner_colours, self._owner_names)

    def _on_hover(self, region_id: str) -> None:
        if not region_id:
            self.info.setText(
                "Drag a unit to another region (or right-click it) to move it · wheel to zoom · "
                "drag the map to pan"
            )
            return
        region = self._session.scenario.region(region_id)
        units = [
            u.name for u in (self._state.units if self._state else ()) if u.region == region_id
        ]
        native = f" ({region.native_name})" if region.native_name else ""
        lines = self.view.regions[region_id].red_lines
        red = f" · red line: {'; '.join(lines)}" if lines else ""
        here = f" · units: {', '.join(units)}" if units else " · no units"
        self.info.setText(f"{region.name}{native} · {region.kind.value}{here}{red}")

    def _on_unit_dropped(self, unit_id: str, region_id: str) -> None:
        self.move_unit(unit_id, region_id)

    def move_unit(self, unit_id: str, region_id: str) -> bool:
        """Ask why, then record the unit's move as an (undoable) effect."""
        scenario = self._session.scenario
        unit = scenario.unit(unit_id)
        region = scenario.region(region_id)
        reason = self._session.notifier.ask_text(
            "Move unit", f"Why does {unit.name} move to {region.name}?", ""
        )
        if reason is None:
            self.view.layout_tokens()
            return False
        session = self._session
        effect = UnitMoveEffect(kind="unit_move", unit=unit_id, to=region_id)
        result = session.act_undoable(
            f"Move {unit.name} to {region.name}",
            lambda: session.game.apply_effects(session.facilitator_id, [effect], reason=reason),
        )
        if not result.ok:
            self.view.layout_tokens()
        return result.ok
