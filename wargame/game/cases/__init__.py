"""The use cases of an open game, one module per area.

Each module holds one class of :class:`~wargame.game.core.GameCore` methods;
:class:`~wargame.game.service.Game` inherits them all. Every method under
:func:`~wargame.game.core.use_case` is one use case: it checks the actor's role and the phase,
writes the record and an audit line in one transaction, and emits a
:class:`~wargame.game.events.GameEvent` after the commit. A use case with more than a few
fields takes a small frozen request (``MoveContent``, ``JoinRequest``, ``AdjudicationRequest``…).
"""
