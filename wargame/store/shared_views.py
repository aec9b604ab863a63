"""What a team's role reads of a table whose rows it may see but not every column: a view.

Row-level security (:mod:`wargame.store.shared`) limits rows, never columns. An
adjudication of a move a team can see is the team's to read, but not all of it: its
``rationale`` is the white cell's reasoning until it is announced to the room, and its
``inputs`` hold the white cell's move tags. So a team's role is granted the table
``adjudication`` without those two columns (``SELECT rationale`` or ``SELECT *`` is refused),
and reads the adjudications whole through :data:`TEAM_ADJUDICATION_VIEW` instead:

* the same rows as its policies allow on the table (its own game; adjudications of no move
  or of a move it may see: its own, or another team's once revealed or public and not
  withdrawn), restated in the view because a view reads its tables with its owner's rights;
* the rationale once ``inputs.rationale_announced`` is true, else ``''``;
* the inputs without ``tags``.

The view is a ``security_barrier`` view, so a function a team writes into its query cannot
see a row before the view's own conditions have removed it. The app reads through it too:
a session of a game opened with a team's role (:attr:`GameDatabase.team_reads`) maps
:class:`~wargame.store.models.Adjudication` onto the view (:func:`adjudication_entity`).

The dice rolls likewise (:data:`TEAM_ROLL_VIEW`, :func:`roll_entity`): a team reads every
roll of its game, to check the dice chain, but of a roll for a ruling it cannot see only
the number, source, time and digests. The digests cover a random salt the team does not
read, so they cannot be used to try out the few possible faces.
"""

from __future__ import annotations

from sqlalchemy import Column, MetaData, Table
from sqlalchemy.orm import Session, aliased

from wargame.store import models as m

__all__ = [
    "TEAM_ADJUDICATION_VIEW",
    "TEAM_HIDDEN_COLUMNS",
    "TEAM_READS",
    "TEAM_ROLL_SHOWN",
    "TEAM_ROLL_VIEW",
    "adjudication_entity",
    "roll_entity",
    "team_roll_view_statements",
    "team_view_statements",
]

TEAM_ADJUDICATION_VIEW = "wargame_team_adjudication"
"""The view through which a team's role reads adjudications."""
TEAM_ROLL_VIEW = "wargame_team_roll"
"""The view through which a team's role reads the dice rolls."""
TEAM_ROLL_SHOWN = ("id", "game_id", "sequence", "source", "created_at")
"""The columns of ``roll`` a team's role may read on the table itself."""
TEAM_HIDDEN_COLUMNS = {
    "adjudication": ("rationale", "inputs"),
    "roll": ("adjudication_id", "purpose", "dice", "faces", "prev_hash", "hash", "salt"),
}
"""Columns a team's role may not read on the table itself (it reads them through a view)."""
TEAM_READS = "wargame.team_reads"
"""``Session.info`` key: the session belongs to a game opened with a team's role."""

_ANNOUNCED = "(a.inputs::jsonb -> 'rationale_announced') = 'true'::jsonb"
_SHOWN = {
    "rationale": f"CASE WHEN {_ANNOUNCED} THEN a.rationale ELSE '' END",
    "inputs": "(a.inputs::jsonb - 'tags')::json",
}


def team_view_statements(s: str) -> list[str]:
    """The statements that (re)make the team's view of adjudications (``s``: quoted schema).

    Run by the owner after the access table and its functions exist; the grants follow.
    """
    columns = [c.name for c in m.Adjudication.__table__.columns]
    listed = ",\n                ".join(
        f"{_SHOWN[name]} AS {name}" if name in _SHOWN else f"a.{name}" for name in columns
    )
    return [
        *team_roll_view_statements(s),
        f"DROP VIEW IF EXISTS {s}.{TEAM_ADJUDICATION_VIEW}",
        f"""CREATE VIEW {s}.{TEAM_ADJUDICATION_VIEW} WITH (security_barrier) AS
            SELECT {listed}
            FROM {s}.adjudication a
            WHERE a.game_id = (SELECT {s}.wargame_team_game())
                AND (a.move_id IS NULL OR EXISTS (
                    SELECT 1 FROM {s}.move v WHERE v.id = a.move_id AND v.game_id = a.game_id
                    AND (v.team_id = (SELECT {s}.wargame_team()) OR (v.status <> 'withdrawn'
                        AND (v.visibility = 'public' OR v.revealed_at IS NOT NULL)))))""",
    ]


def _seen_ruling(s: str, ruling: str) -> str:
    """SQL: the ruling ``ruling`` (an id) is one the team may see (as its view restates)."""
    return f"""EXISTS (SELECT 1 FROM {s}.adjudication a WHERE a.id = {ruling}
                AND a.game_id = (SELECT {s}.wargame_team_game())
                AND (a.move_id IS NULL OR EXISTS (
                    SELECT 1 FROM {s}.move v WHERE v.id = a.move_id AND v.game_id = a.game_id
                    AND (v.team_id = (SELECT {s}.wargame_team()) OR (v.status <> 'withdrawn'
                        AND (v.visibility = 'public' OR v.revealed_at IS NOT NULL))))))"""


def team_roll_view_statements(s: str) -> list[str]:
    """The statements that (re)make the team's view of the dice rolls (``s``: quoted schema).

    Every roll of the team's game, so that it can check the chain's links and see that no
    roll is missing; a roll for a ruling it cannot see keeps only its number, source, time
    and the two digests (whose salt makes them useless for guessing its faces): no ruling,
    purpose, dice, faces or salt.
    """
    seen = _seen_ruling(s, "r.adjudication_id")
    return [
        f"DROP VIEW IF EXISTS {s}.{TEAM_ROLL_VIEW}",
        f"""CREATE VIEW {s}.{TEAM_ROLL_VIEW} WITH (security_barrier) AS
            SELECT r.id, r.game_id, r.sequence,
                CASE WHEN w.seen THEN r.adjudication_id END AS adjudication_id,
                CASE WHEN w.seen THEN r.purpose ELSE '' END AS purpose,
                CASE WHEN w.seen THEN r.dice ELSE '' END AS dice,
                CASE WHEN w.seen THEN r.faces END AS faces,
                r.source, r.created_at, r.prev_hash, r.hash,
                CASE WHEN w.seen THEN r.salt END AS salt
            FROM {s}.roll r
            CROSS JOIN LATERAL (SELECT (r.adjudication_id IS NULL OR {seen}) AS seen) w
            WHERE r.game_id = (SELECT {s}.wargame_team_game())""",
    ]


_VIEW = Table(
    TEAM_ADJUDICATION_VIEW,
    MetaData(),
    *(Column(c.name, c.type, primary_key=c.primary_key) for c in m.Adjudication.__table__.columns),
)
_TEAM_ADJUDICATION = aliased(m.Adjudication, _VIEW, adapt_on_names=True)


def adjudication_entity(s: Session) -> type[m.Adjudication]:
    """What to select adjudications from in ``s``: the table, or a team's view of it."""
    return _TEAM_ADJUDICATION if s.info.get(TEAM_READS) else m.Adjudication


_ROLL_VIEW = Table(
    TEAM_ROLL_VIEW,
    MetaData(),
    *(
        Column(c.name, c.type, primary_key=c.primary_key, nullable=True)
        for c in m.Roll.__table__.columns
    ),
)
_TEAM_ROLL = aliased(m.Roll, _ROLL_VIEW, adapt_on_names=True)


def roll_entity(s: Session) -> type[m.Roll]:
    """What to select rolls from in ``s``: the table, or a team's view of it.

    In the view a roll for a ruling the team cannot see has no faces (``None``).
    """
    return _TEAM_ROLL if s.info.get(TEAM_READS) else m.Roll
