"""The one place where the game layer's plain-Python events become a Qt signal.

The game service calls its listeners after each use case commits. :class:`GameBridge`
is that listener: it re-emits every :class:`~wargame.game.GameEvent` as
:attr:`GameBridge.changed`, the single "operation did execute" signal every view of the
game refreshes from (STYLE.md, the Anki habit). Views never call each other.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from wargame.game import Game, GameEvent


class GameBridge(QObject):
    """Relays a game's committed changes as a Qt signal.

    Signals:
        changed: Emitted with the :class:`GameEvent` after each committed use case.
    """

    changed = Signal(object)

    def __init__(self, game: Game, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = game.subscribe(self._relay)

    def _relay(self, event: GameEvent) -> None:
        self.changed.emit(event)

    def detach(self) -> None:
        """Stop listening to the game (before it is closed)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
