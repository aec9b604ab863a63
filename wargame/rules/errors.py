"""The one exception the rules raise when asked to do something the game does not allow."""

from __future__ import annotations


class RuleError(ValueError):
    """A request the rules refuse: a die face that cannot be, a move in the wrong phase, ….

    It is a user's mistake, not a bug, so the message is one sentence written for a
    facilitator; the UI shows it as it is. It subclasses :class:`ValueError` so that
    code which already treats bad input as a ValueError keeps working.
    """
