"""The turn/phase bar: where the game stands, the phase's countdown, and "Next phase".

:class:`PhaseClock` is the phase timer the turn bar and the projector both show: it is
reset to the phase's time box (the scenario's ``minutes``) whenever the game enters a new
phase, and the facilitator starts, pauses and extends it. Each of those is kept in the
record (``Game.save_timer``), so a reopened game's timer goes on where it was, and is a
step on the undo stack: undo puts back the timer as it was before (recorded as an undo),
redo as it was after. At zero it signals once and keeps counting into overtime, shown in
the alert colour.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from wargame.game import GameEvent
from wargame.game.timer import PhaseTimer
from wargame.rules.turns import turn_heading
from wargame.ui.session import GameSession
from wargame.ui.theme import ALERT, readable_on


class PhaseClock(QObject):
    """The phase countdown, following the game's phase.

    Signals:
        changed: Every second while running, and on every start, pause, extend or reset.
        expired: Once, when the time box runs out.
    """

    changed = Signal()
    expired = Signal()

    def __init__(
        self,
        session: GameSession | None = None,
        *,
        now: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._budget: int | None = None
        self._spent = 0.0
        self._since: float | None = None
        self._alerted = False
        self._position: tuple[int, str | None] | None = None
        self._session: GameSession | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        if session is not None:
            self.follow(session)

    def follow(self, session: GameSession) -> None:
        """Reset to each new phase's time box as the game moves on."""
        self._session = session
        session.changed.connect(self._on_changed)
        self._sync()

    def _on_changed(self, event: GameEvent) -> None:
        self._sync()

    def _sync(self) -> None:
        session = self._session
        if session is None:
            return
        summary = session.summary()
        position = (summary.turn, summary.phase_id if summary.status == "running" else None)
        if position == self._position:
            return
        self._position = position
        minutes = None
        if position[1] is not None:
            minutes = session.scenario.turn_plan.phase(position[1]).minutes
        self.reset(minutes)
        saved = session.game.phase_timer() if position[1] is not None else None
        if saved is not None:  # the game was reopened: the timer goes on where it was
            self._budget = saved.budget
            self._spent = saved.spent_at(dt.datetime.now(dt.UTC))
            if saved.running and self._budget is not None:
                self._since = self._now()
                self._timer.start()
            self.changed.emit()

    def _snapshot(self, cause: str) -> PhaseTimer | None:
        """The timer as it stands now (None outside a running phase)."""
        if self._position is None or self._position[1] is None:
            return None
        spent = self._spent + (self._now() - self._since if self._since is not None else 0.0)
        return PhaseTimer(
            self._position[0],
            self._position[1],
            self._budget,
            spent,
            self._since is not None,
            dt.datetime.now(dt.UTC),
            cause,
        )

    def _save(self, before: PhaseTimer | None, cause: str, text: str) -> None:
        """Keep the step in the record, so reopening finds it, and put it on the undo stack."""
        session = self._session
        after = self._snapshot(cause)
        if session is None or before is None or after is None:
            return
        facilitator = session.facilitator_id
        if not session.act(text, lambda: session.game.save_timer(facilitator, after)).ok:
            return
        session.remember(
            text,
            lambda: self.restore(after, f"redo {cause}"),
            lambda: self.restore(before, f"undo {cause}"),
        )

    def restore(self, timer: PhaseTimer, cause: str) -> None:
        """Put the timer back as ``timer`` had it (an undo or redo), recorded first.

        Raises:
            GameError: If the game refuses (it has left the timer's phase); nothing changes.
        """
        session = self._session
        if session is None:
            return
        state = timer.at(dt.datetime.now(dt.UTC), cause)
        session.game.save_timer(session.facilitator_id, state)
        self._budget = state.budget
        self._spent = state.spent
        self._since = self._now() if state.running else None
        if state.running:
            self._timer.start()
        else:
            self._timer.stop()
        self._alerted = self.expired_now  # a zero already signalled is not signalled again
        self.changed.emit()

    # ---- control

    def reset(self, minutes: int | None) -> None:
        """Stop and set a new time box (None: no time box)."""
        self._timer.stop()
        self._budget = None if minutes is None else minutes * 60
        self._spent = 0.0
        self._since = None
        self._alerted = False
        self.changed.emit()

    def start(self) -> None:
        """Start or resume the countdown."""
        if self._budget is None or self._since is not None:
            return
        before = self._snapshot("start")
        self._since = self._now()
        self._timer.start()
        self.changed.emit()
        self._save(before, "start", "Start timer")

    def pause(self) -> None:
        """Pause the countdown."""
        if self._since is None:
            return
        before = self._snapshot("pause")
        self._spent += self._now() - self._since
        self._since = None
        self._timer.stop()
        self.changed.emit()
        self._save(before, "pause", "Pause timer")

    def toggle(self) -> None:
        """Start when paused, pause when running."""
        if self.running:
            self.pause()
        else:
            self.start()

    def extend(self, minutes: int = 1) -> None:
        """Add time to the phase (or give it a time box if it had none)."""
        before = self._snapshot("extend")
        self._budget = (self._budget or 0) + minutes * 60
        if self.remaining() > 0:
            self._alerted = False
        self.changed.emit()
        self._save(before, "extend", f"Timer +{minutes} min")

    def tick(self) -> None:
        """Update (called every second by the timer; tests call it directly)."""
        if self._budget is not None and self.remaining() <= 0 and not self._alerted:
            self._alerted = True
            self.changed.emit()
            self.expired.emit()
            return
        self.changed.emit()

    # ---- state

    @property
    def running(self) -> bool:
        """True while counting down."""
        return self._since is not None

    @property
    def has_budget(self) -> bool:
        """True when the phase has a time box."""
        return self._budget is not None

    @property
    def expired_now(self) -> bool:
        """True at or past zero."""
        return self._budget is not None and self.remaining() <= 0

    def remaining(self) -> int:
        """Seconds left (negative in overtime); 0 without a time box."""
        if self._budget is None:
            return 0
        spent = self._spent + (self._now() - self._since if self._since is not None else 0.0)
        return round(self._budget - spent)

    def text(self) -> str:
        """The countdown as mm:ss ('−mm:ss' in overtime, '—' without a time box)."""
        if self._budget is None:
            return "—"
        left = self.remaining()
        sign = "−" if left < 0 else ""
        left = abs(left)
        return f"{sign}{left // 60:02d}:{left % 60:02d}"


class CountdownLabel(QLabel):
    """The clock's mm:ss in a large monospace face, flashing in the alert colour at zero."""

    def __init__(
        self, clock: PhaseClock, point_size: float = 16, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._flash = False
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(point_size)
        font.setBold(True)
        self.setFont(font)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumWidth(int(point_size * 6))
        self.setAccessibleName("Phase countdown")
        clock.changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.setText(self._clock.text())
        if self._clock.expired_now:
            self._flash = not self._flash
            bg = ALERT if self._flash else ALERT.darker(130)
            fg = readable_on(bg)
            self.setStyleSheet(
                f"QLabel {{ background: {bg.name()}; color: {fg.name()}; border-radius: 4px;"
                " padding: 0 6px; }"
            )
            self.setToolTip("The phase's time is up")
        else:
            self.setStyleSheet("QLabel { padding: 0 6px; }")
            self.setToolTip(
                "Time left in this phase"
                if self._clock.has_budget
                else "This phase has no time box"
            )


class TurnBar(QWidget):
    """Turn, phase, in-game date, countdown, and the buttons that move the game on.

    Signals:
        next_phase_requested: The facilitator pressed "Next phase".
        start_requested: The facilitator pressed "Start game".
    """

    next_phase_requested = Signal()
    start_requested = Signal()

    def __init__(
        self, session: GameSession, clock: PhaseClock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._clock = clock
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(10)

        self.turn_label = QLabel()
        big = self.turn_label.font()
        big.setPointSizeF(big.pointSizeF() * 1.3)
        big.setBold(True)
        self.turn_label.setFont(big)
        self.phase_label = QLabel()
        self.phase_label.setFont(big)
        self.phase_label.setToolTip("The current phase; what may be done depends on it")
        self.date_label = QLabel()
        self.date_label.setToolTip(
            "The in-game date this turn begins, and what one turn stands for"
        )

        self.witness_label = QLabel()  # the record's fingerprint, to note outside the file
        self.countdown = CountdownLabel(clock)
        self.play_button = QPushButton("Start timer")
        self.play_button.setToolTip("Start or pause the phase countdown (Ctrl+Space)")
        self.play_button.setShortcut(QKeySequence("Ctrl+Space"))
        self.play_button.clicked.connect(clock.toggle)
        self.extend_button = QPushButton("+1 min")
        self.extend_button.setToolTip("Give the phase one more minute (Ctrl+Shift+Space)")
        self.extend_button.setShortcut(QKeySequence("Ctrl+Shift+Space"))
        self.extend_button.clicked.connect(lambda: clock.extend(1))

        self.start_button = QPushButton("Start game")
        self.start_button.setToolTip("Start turn 1 (the teams must have players)")
        self.start_button.clicked.connect(self.start_requested)
        self.next_button = QPushButton("Next phase ▸")
        self.next_button.setToolTip("Close this phase and open the next (F8)")
        self.next_button.clicked.connect(self.next_phase_requested)
        self.status_label = QLabel()
        self._running = False

        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        for widget in (self.turn_label, self.phase_label, self.date_label, self.witness_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.countdown)
        layout.addWidget(self.play_button)
        layout.addWidget(self.extend_button)
        layout.addWidget(separator)
        layout.addWidget(self.status_label)
        layout.addWidget(self.start_button)
        layout.addWidget(self.next_button)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        session.changed.connect(self._on_changed)
        clock.changed.connect(self._update_clock_buttons)
        self.refresh()

    def _on_changed(self, event: GameEvent) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Show the game's position from a fresh read."""
        summary = self._session.summary()
        plan = self._session.scenario.turn_plan
        clock = self._session.scenario.metadata.clock
        if summary.status == "setup":
            self.turn_label.setText("Setting up")
            self.phase_label.setText("")
            self.date_label.setText(f"{plan.turns} turns · {clock.described} each")
        else:
            self.turn_label.setText(f"Turn {summary.turn} of {plan.turns}")
            self.phase_label.setText(f"· {summary.phase_name or ''}")
            when = turn_heading(clock, max(summary.turn, 1))
            self.date_label.setText(f"{when} · {clock.described} per turn".strip(" ·"))
        fingerprint = summary.fingerprint
        self.witness_label.setText(f"Record {fingerprint.fingerprint}" if fingerprint else "")
        self.witness_label.setToolTip(
            f"{summary.witness()}. Note it: 'wargame verify GAME --expect FINGERPRINT' proves "
            "the file still extends it."
        )
        self.start_button.setVisible(summary.status == "setup")
        self.next_button.setVisible(summary.status == "running")
        self.status_label.setText("Game ended" if summary.status == "ended" else "")
        self.status_label.setVisible(summary.status == "ended")
        last = summary.turn == plan.turns and summary.phase_id == plan.phases[-1].id
        self._running = summary.status == "running"
        self.next_button.setEnabled(not last)
        self.next_button.setToolTip(
            "This is the last phase; end the game from the Game menu"
            if last
            else "Close this phase and open the next (F8)"
        )
        self._update_clock_buttons()

    def _update_clock_buttons(self) -> None:
        self.play_button.setText("Pause timer" if self._clock.running else "Start timer")
        self.play_button.setEnabled(self._clock.has_budget)
        self.extend_button.setEnabled(self._running)
