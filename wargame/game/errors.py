"""Errors a facilitator or participant can cause, each with a message written for them."""

from __future__ import annotations


class GameError(Exception):
    """A use case was refused; ``str(error)`` is one sentence for the person who tried."""


class NotAllowed(GameError):
    """The person's role or team does not allow this action."""


class WrongPhase(GameError):
    """The action is not allowed in the game's current phase or status."""


class NotFound(GameError):
    """A participant, team, move or other record named by the user does not exist."""


class InvalidInput(GameError):
    """The values given are not acceptable (empty text, out-of-range number …)."""


class Conflict(GameError):
    """Someone else changed the record first; reload and try again."""


class GameFileProblem(GameError):
    """The game file or database cannot be opened or written (corrupt, locked, newer …)."""
