"""The application layer: one object per open game with a method per use case.

Checks who may do what and who may see what, runs each use case as one transaction,
and emits plain-Python events after commit. The desktop app, participants' laptops,
the command line and the reports all go through :class:`Game`.
"""

from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.cases.effects import AdHocInject
from wargame.game.cases.notes import HotwashRequest
from wargame.game.cases.people import JoinRequest, RoleChange
from wargame.game.core import ImportedMove, MoveContent, RowsRefused
from wargame.game.errors import (
    Conflict,
    GameError,
    GameFileProblem,
    InvalidInput,
    NotAllowed,
    NotFound,
    WrongPhase,
)
from wargame.game.events import GameEvent
from wargame.game.service import Game
from wargame.game.views import Audience, GameRecord, Role, Viewer

__all__ = [
    "AdHocInject",
    "AdjudicationRequest",
    "Audience",
    "Conflict",
    "Game",
    "GameError",
    "GameEvent",
    "GameFileProblem",
    "GameRecord",
    "HotwashRequest",
    "ImportedMove",
    "InvalidInput",
    "JoinRequest",
    "MoveContent",
    "NotAllowed",
    "NotFound",
    "Role",
    "RoleChange",
    "RowsRefused",
    "Viewer",
    "WrongPhase",
]
