"""Docked panels that are built the first time they are shown or asked for.

Three of an open game's panels open behind another dock's tab (the notes and the analysts
behind the log, the participants behind the state board), so nobody sees them while the game
is drawn. :class:`LazyPanel` stands in their dock and builds its panel when it is first
drawn (its tab raised), or when code asks for the panel (a shortcut to the observation line,
a test), so the game is drawn without building, laying out and filling what nobody sees yet.
:class:`LazyPanels` gives the main window its ``notes_panel``, ``participants_panel`` and
``analysts_view`` on top of them, as attributes that build the panel when read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget
from typing_extensions import override

if TYPE_CHECKING:
    from wargame.ui.analysts import AnalystsView
    from wargame.ui.notes_panel import NotesPanel
    from wargame.ui.participants import ParticipantsPanel

P = TypeVar("P", bound=QWidget)


class LazyPanel(QWidget, Generic[P]):
    """A dock's content: the panel ``build`` makes, made when first drawn or asked for.

    A dock behind another's tab stays "visible" to Qt but is never drawn, so the panel is
    built the first time its stand-in is drawn (its tab raised, its dock shown), in the next
    turn of the event loop, or at once when code asks for it.
    """

    def __init__(self, build: Callable[[], P]) -> None:
        super().__init__()
        self._build: Callable[[], P] | None = build
        self._panel: P | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._asked = False

    @property
    def built(self) -> P | None:
        """The panel, if it was built."""
        return self._panel

    def panel(self) -> P:
        """The panel, built now if it was not yet."""
        if self._panel is None:
            assert self._build is not None
            self._panel = self._build()
            self._build = None  # let go of what it closed over
            self._layout.addWidget(self._panel)
            self._panel.show()  # at once, not in the next turn of the event loop
        return self._panel

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        """Drawn for the first time: build the panel (not while painting: just after)."""
        if self._panel is None and not self._asked:
            self._asked = True
            QTimer.singleShot(0, self, self._build_if_wanted)  # dropped if the stand-in goes
        super().paintEvent(event)

    def _build_if_wanted(self) -> None:
        if self._build is not None:
            self.panel()

    def disarm(self) -> None:
        """The game is closing: never build the panel from now on."""
        self._build = None
        self._asked = True


class LazyPanels:
    """The main window's panels that open behind another tab, built when first read."""

    _lazy_notes: LazyPanel[NotesPanel] | None = None
    _lazy_participants: LazyPanel[ParticipantsPanel] | None = None
    _lazy_analysts: LazyPanel[AnalystsView] | None = None

    @property
    def notes_panel(self) -> NotesPanel | None:
        """The notes and observations of the open game (None with no game open)."""
        return self._lazy_notes.panel() if self._lazy_notes is not None else None

    @property
    def participants_panel(self) -> ParticipantsPanel | None:
        """The participants and their teams (None with no game open)."""
        return self._lazy_participants.panel() if self._lazy_participants is not None else None

    @property
    def analysts_view(self) -> AnalystsView | None:
        """The analysts' coverage of the data collection plan (None with no game open)."""
        return self._lazy_analysts.panel() if self._lazy_analysts is not None else None

    def notes_if_built(self) -> NotesPanel | None:
        """The notes panel if it was built (shown or asked for), else None."""
        return self._lazy_notes.built if self._lazy_notes is not None else None

    def participants_if_built(self) -> ParticipantsPanel | None:
        """The participants panel if it was built (shown or asked for), else None."""
        return self._lazy_participants.built if self._lazy_participants is not None else None

    def forget_lazy_panels(self) -> None:
        """The game is closing: those not built are never built, and none is offered."""
        for lazy in (self._lazy_notes, self._lazy_participants, self._lazy_analysts):
            if lazy is not None:
                lazy.disarm()
        self._lazy_notes = self._lazy_participants = self._lazy_analysts = None
