"""Plain-Python events, emitted after a use case commits, for views to refresh from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GameEvent:
    """What changed: the use case's name, the turn, and the records it touched.

    ``records`` lists every (table, id) written; ``created`` the subset that this use case
    inserted (undo voids exactly those).
    """

    action: str
    turn: int
    records: tuple[tuple[str, int], ...] = field(default=())
    summary: str = ""
    created: tuple[tuple[str, int], ...] = field(default=())


Listener = Callable[[GameEvent], None]


class EventHub:
    """Calls every listener with each event, in subscription order."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener; return a function that removes it again."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def emit(self, event: GameEvent) -> None:
        """Deliver an event to every listener."""
        for listener in list(self._listeners):
            listener(event)
