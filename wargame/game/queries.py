"""Queries of an open game: read models filtered by who is looking.

The one rule of visibility lives here: a move that is secret and not yet revealed is seen
by its own team and the facilitator only; notes are the facilitator's; observations are
the facilitator's and the observers'; the public (projector) view sees only what has
been revealed or released to everyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from wargame.game import chain as record_chain
from wargame.game import timeline
from wargame.game.core import teams_of
from wargame.game.errors import NotFound
from wargame.game.timeline import turn_ends
from wargame.game.views import (
    AdjudicationView,
    AssignmentView,
    Audience,
    ChainCheck,
    CounterView,
    EffectView,
    FactView,
    FingerprintView,
    GameRecord,
    GameSummary,
    InjectView,
    MoveView,
    ParticipantView,
    PhaseView,
    RedLineView,
    Role,
    RollView,
    StateView,
    TrackView,
    UnitView,
    Viewer,
)
from wargame.game.writing_queries import WritingQueries
from wargame.rules.state import GameState
from wargame.scenario import Scenario
from wargame.store import models as m
from wargame.store.shared_views import adjudication_entity, roll_entity
from wargame.text import clean_name


class QuerySource(Protocol):
    """What the queries need of an open game (:class:`~wargame.game.service.Game` is one)."""

    @property
    def game_id(self) -> int:
        """The database id of the game."""

    @property
    def as_team(self) -> str | None:
        """The team whose own database role the game was opened with, or ``None``."""

    @property
    def scenario(self) -> Scenario:
        """The game's scenario."""

    def session_for_queries(self) -> AbstractContextManager[Session]:
        """A read-only session context, one per query."""


class GameQueries(WritingQueries):
    """Read models of one game; each method opens and closes its own short session.

    What people write about the game (notes, observations, hot-wash findings, the audit
    trail) is read by :class:`~wargame.game.writing_queries.WritingQueries`, its base.
    """

    def __init__(self, game: QuerySource) -> None:
        super().__init__(game)
        self.scenario = game.scenario

    # ------------------------------------------------------------------ game and people

    def summary(self) -> GameSummary:
        """Identity and position of the game."""
        with self._session() as s:
            return self._summary(s)

    def _summary(self, s: Session) -> GameSummary:
        g = s.get(m.Game, self._game.game_id)
        assert g is not None
        facilitator = s.scalars(
            select(m.Participant.name)
            .where(m.Participant.game_id == g.id, m.Participant.role == Role.FACILITATOR.value)
            .order_by(m.Participant.id)
        ).first()
        phase_name = None
        if g.phase_id is not None:
            phase_name = self.scenario.turn_plan.phase(g.phase_id).name
        return GameSummary(
            uid=g.uid,
            title=clean_name(g.title),
            scenario_id=g.scenario_id,
            scenario_title=g.scenario_title,
            scenario_sha256=g.scenario_sha256,
            seed=None if self._game.as_team is not None else g.seed,
            seed_sha256=g.seed_sha256,
            fingerprint=None if self._game.as_team is not None else record_chain.last(s, g),
            status=g.status,
            turn=g.turn,
            phase_id=g.phase_id,
            phase_name=phase_name,
            created_at=g.created_at,
            started_at=g.started_at,
            ended_at=g.ended_at,
            executive_summary=g.executive_summary,
            facilitator=None if facilitator is None else clean_name(facilitator),
        )

    def participants(self) -> tuple[ParticipantView, ...]:
        """Everyone in the game, with the team they play now."""
        with self._session() as s:
            return self._participants(s)

    def _participants(self, s: Session) -> tuple[ParticipantView, ...]:
        g = s.get(m.Game, self._game.game_id)
        assert g is not None
        query = (
            select(m.Participant).where(m.Participant.game_id == g.id).order_by(m.Participant.id)
        )
        # A team's own database role may not read PIN hashes: it sees nobody as having one
        # (a team's own laptop asks for no PIN).
        pins = self._game.as_team is None
        if pins:
            query = query.options(undefer(m.Participant.pin_hash))
        team_of = teams_of(s, g.id)
        return tuple(
            ParticipantView(
                p.id,
                clean_name(p.name),
                Role(p.role),
                team_of(p.id, g.turn),
                pins and p.pin_hash is not None,
                p.voided_at is not None,
                team_of(p.id, g.turn + 1),
            )
            for p in s.scalars(query)
        )

    def participant(self, participant_id: int) -> ParticipantView:
        """One participant."""
        for p in self.participants():
            if p.id == participant_id:
                return p
        raise NotFound(f"there is no participant #{participant_id} in this game")

    def viewer_for(self, participant_id: int) -> Viewer:
        """The viewer a participant's screen should use."""
        p = self.participant(participant_id)
        if p.role is Role.FACILITATOR:
            return Viewer.facilitator(p.id)
        if p.role is Role.OBSERVER:
            return Viewer.observer(p.id)
        return Viewer.team(p.team_id or "", p.id)

    def assignments(self) -> tuple[AssignmentView, ...]:
        """Every team assignment, in order: the history of team changes."""
        with self._session() as s:
            return self._assignments(s)

    def _assignments(self, s: Session) -> tuple[AssignmentView, ...]:
        names = self._names(s)
        rows = s.scalars(
            select(m.TeamAssignment)
            .where(m.TeamAssignment.game_id == self._game.game_id)
            .order_by(m.TeamAssignment.id)
        )
        return tuple(
            AssignmentView(
                a.participant_id,
                names.get(a.participant_id, "?"),
                a.team_id,
                a.from_turn,
                a.assigned_at,
                names.get(a.assigned_by_id or -1),
            )
            for a in rows
        )

    def phases(self) -> tuple[PhaseView, ...]:
        """Every phase played, with wall-clock times."""
        with self._session() as s:
            return self._phases(s)

    def _phases(self, s: Session) -> tuple[PhaseView, ...]:
        rows = s.scalars(
            select(m.PhaseRecord)
            .where(m.PhaseRecord.game_id == self._game.game_id, m.PhaseRecord.voided_at.is_(None))
            .order_by(m.PhaseRecord.id)
        )
        return tuple(
            PhaseView(
                r.turn,
                r.phase_id,
                self.scenario.turn_plan.phase(r.phase_id).name,
                r.started_at,
                r.ended_at,
            )
            for r in rows
        )

    # ------------------------------------------------------------------ moves

    @staticmethod
    def can_see_move(viewer: Viewer, row: m.Move | MoveView) -> bool:
        """The visibility rule for moves (of a record, or of a facilitator's read model)."""
        if viewer.audience is Audience.FACILITATOR:
            return True
        if viewer.audience is Audience.TEAM and row.team_id == viewer.team_id:
            return True
        if row.status == "withdrawn":
            return False
        revealed = row.revealed if isinstance(row, MoveView) else row.revealed_at is not None
        return row.visibility == "public" or revealed

    def moves(self, viewer: Viewer, turn: int | None = None) -> tuple[MoveView, ...]:
        """The moves this viewer may see (of one turn, or all), oldest first."""
        with self._session() as s:
            return self._moves(s, viewer, turn)

    def moves_by_team(self, team_ids: Sequence[str]) -> dict[str, tuple[MoveView, ...]]:
        """The moves each team may see (as :meth:`moves` with its viewer), read once."""
        with self._session() as s:
            every = self._moves(s, Viewer.facilitator(), None)
        return {
            team: tuple(mv for mv in every if self.can_see_move(Viewer.team(team), mv))
            for team in team_ids
        }

    def _moves(self, s: Session, viewer: Viewer, turn: int | None) -> tuple[MoveView, ...]:
        names = self._names(s)
        query = select(m.Move).where(m.Move.game_id == self._game.game_id)
        if turn is not None:
            query = query.where(m.Move.turn == turn)
        rows = [r for r in s.scalars(query.order_by(m.Move.id)) if self.can_see_move(viewer, r)]
        counters: dict[int, list[CounterView]] = {}
        if rows:
            for c in s.scalars(
                select(m.CounterArgument)
                .where(m.CounterArgument.move_id.in_([r.id for r in rows]))
                .order_by(m.CounterArgument.id)
            ):
                counters.setdefault(c.move_id, []).append(
                    CounterView(
                        c.id,
                        c.move_id,
                        names.get(c.author_id, "?"),
                        c.team_id,
                        c.text,
                        c.accepted,
                        c.created_at,
                        c.voided_at is not None,
                    )
                )
        return tuple(
            MoveView(
                id=r.id,
                turn=r.turn,
                team_id=r.team_id,
                author=names.get(r.author_id, "?"),
                title=clean_name(r.title),
                action=r.action,
                intended_result=r.intended_result,
                reasons=tuple(r.reasons or ()),
                visibility=r.visibility,
                revealed=r.revealed_at is not None,
                status=r.status,
                version=r.version_id,
                created_at=r.created_at,
                updated_at=r.updated_at,
                voided=r.voided_at is not None,
                void_reason=r.void_reason,
                counters=tuple(counters.get(r.id, ())),
                revealed_at=r.revealed_at,
            )
            for r in rows
        )

    # ------------------------------------------------------------------ adjudications, rolls

    def adjudications(
        self, viewer: Viewer, turn: int | None = None
    ) -> tuple[AdjudicationView, ...]:
        """Adjudications of moves the viewer may see, with their rolls and effects."""
        with self._session() as s:
            return self._adjudications(s, viewer, turn)

    def _adjudications(
        self, s: Session, viewer: Viewer, turn: int | None
    ) -> tuple[AdjudicationView, ...]:
        names = self._names(s)
        table = adjudication_entity(s)  # a team's role reads them through its view
        query = select(table).where(table.game_id == self._game.game_id)
        if turn is not None:
            query = query.where(table.turn == turn)
        visible_moves = {mv.id for mv in self._moves(s, viewer, None)}
        rolls = self._rolls_by_adjudication(s)
        effects = self._effects_by_adjudication(s, names)
        out = []
        for a in s.scalars(query.order_by(table.id)):
            if a.move_id is not None and a.move_id not in visible_moves:
                continue
            out.append(
                AdjudicationView(
                    id=a.id,
                    turn=a.turn,
                    move_id=a.move_id,
                    method=a.method,
                    inputs=_inputs_for(viewer, a.inputs),
                    outcome=a.outcome,
                    narrative=a.narrative,
                    rationale=_rationale_for(viewer, a.rationale, a.inputs),
                    adjudicator=names.get(a.adjudicator_id, "?"),
                    created_at=a.created_at,
                    voided=a.voided_at is not None,
                    void_reason=a.void_reason,
                    rolls=tuple(rolls.get(a.id, ())),
                    effects=tuple(effects.get(a.id, ())),
                )
            )
        return tuple(out)

    def rolls(self) -> tuple[RollView, ...]:
        """Every roll of the game in sequence (the dice audit log)."""
        with self._session() as s:
            return self._rolls(s)

    def _rolls(self, s: Session) -> tuple[RollView, ...]:
        table = roll_entity(s)  # a team's: no roll for a ruling it cannot see
        rows = [
            r
            for r in s.scalars(
                select(table).where(table.game_id == self._game.game_id).order_by(table.sequence)
            )
            if r.faces is not None
        ]
        return tuple(
            RollView(
                r.sequence,
                r.purpose,
                r.dice,
                tuple(r.faces),
                r.source,
                r.adjudication_id,
                r.created_at,
                r.prev_hash,
                r.hash,
            )
            for r in rows
        )

    def _rolls_by_adjudication(self, s: Session) -> dict[int, list[RollView]]:
        out: dict[int, list[RollView]] = {}
        for r in self._rolls(s):
            if r.adjudication_id is not None:
                out.setdefault(r.adjudication_id, []).append(r)
        return out

    def verify_chain(self, expect: str | None = None) -> ChainCheck:
        """Check the whole record against its hash chain, and the dice against theirs.

        Args:
            expect: a fingerprint the record must still extend (``7F3A-91C2-0B4D``, any
                case, dashes optional).

        Raises:
            InvalidInput: ``expect`` is not a fingerprint.
        """
        wanted = record_chain.parse_fingerprint(expect) if expect is not None else None
        with self._session() as s:
            return self._verify(s, wanted)

    def _verify(self, s: Session, expect: str | None = None) -> ChainCheck:
        g = s.get(m.Game, self._game.game_id)
        assert g is not None
        team = self._game.as_team is not None
        # A team's own database role may read neither the seed nor the chain and the audit
        # trail: it checks the dice chain's links and faces alone.
        return record_chain.check_record(
            s, g, seed=None if team else g.seed, read_chain=not team, expect=expect
        )

    def fingerprints(self) -> tuple[FingerprintView, ...]:
        """The record's fingerprint at the end of each turn that has ended (none for a team)."""
        with self._session() as s:
            return self._fingerprints(s)

    def _fingerprints(self, s: Session) -> tuple[FingerprintView, ...]:
        if self._game.as_team is not None:
            return ()
        g = s.get(m.Game, self._game.game_id)
        assert g is not None
        return record_chain.fingerprints(s, g)

    def head(self) -> FingerprintView | None:
        """The record's fingerprint now (after its last action); ``None`` for a team."""
        if self._game.as_team is not None:
            return None
        with self._session() as s:
            g = s.get(m.Game, self._game.game_id)
            assert g is not None
            return record_chain.head(s, g)

    # ------------------------------------------------------------------ effects and state

    def effects(self, viewer: Viewer, turn: int | None = None) -> tuple[EffectView, ...]:
        """Changes to tracks and units (all are public: the state board is)."""
        with self._session() as s:
            names = self._names(s)
            query = select(m.Effect).where(m.Effect.game_id == self._game.game_id)
            if turn is not None:
                query = query.where(m.Effect.turn == turn)
            return tuple(_effect_view(e, names) for e in s.scalars(query.order_by(m.Effect.id)))

    def _effects_by_adjudication(
        self, s: Session, names: dict[int, str]
    ) -> dict[int, list[EffectView]]:
        out: dict[int, list[EffectView]] = {}
        for e in s.scalars(
            select(m.Effect)
            .where(m.Effect.game_id == self._game.game_id, m.Effect.adjudication_id.is_not(None))
            .order_by(m.Effect.id)
        ):
            assert e.adjudication_id is not None
            out.setdefault(e.adjudication_id, []).append(_effect_view(e, names))
        return out

    def state(self, turn: int | None = None) -> StateView:
        """The state at the end of ``turn`` (or now), derived from the record."""
        with self._session() as s:
            return self._states(s, only=turn)[-1]

    def state_for(self, viewer: Viewer, turn: int | None = None) -> StateView:
        """The state at the end of ``turn`` (or now) with only the units ``viewer`` sees."""
        from wargame.game.fog import state_seen

        return state_seen(self.scenario, self.state(turn), viewer)

    def states_by_turn(self) -> tuple[StateView, ...]:
        """The state at the start (turn 0) and at the end of each turn played so far."""
        with self._session() as s:
            return self._states(s, only=None)

    def _states(self, s: Session, only: int | None) -> tuple[StateView, ...]:
        g = s.get(m.Game, self._game.game_id)
        assert g is not None
        last_turn = g.turn if only is None else min(only, g.turn)
        # A red line counts as crossed from the first step that crossed it, even if a later
        # step of the same turn undid it; triggers on moves, turns and injects count too.
        done = timeline.replay_game(s, g.id, self.scenario, until_turn=last_turn)
        history = turn_ends(done, last_turn)
        firsts = dict(done.first_crossed)
        views = [self._state_view(t, st, history, firsts) for t, st in history]
        if self._game.as_team is not None:  # it reads no unit effect: the units it sees
            from wargame.game.fog_publish import team_states

            views = list(team_states(s, self.scenario, g.id, self._game.as_team, views))
        if only is not None:
            return (views[-1],)
        return tuple(views)

    def _state_view(
        self,
        turn: int,
        state: GameState,
        history: list[tuple[int, GameState]],
        firsts: dict[str, int],
    ) -> StateView:
        tracks = []
        for track in self.scenario.tracks:
            value = state.tracks[track.id]
            rung = track.rung_at(value)
            tracks.append(
                TrackView(
                    id=track.id,
                    name=track.name,
                    value=value,
                    min=track.min,
                    max=track.max,
                    rung_level=rung.level if rung else None,
                    rung_name=rung.name if rung else None,
                    history=tuple((t, st.tracks[track.id]) for t, st in history if t <= turn),
                )
            )
        units = tuple(
            UnitView(
                u.id,
                u.name,
                u.owner,
                u.type,
                state.units[u.id].region,
                state.units[u.id].strength,
            )
            for u in self.scenario.units
            if u.id in state.units
        )
        lines = tuple(
            RedLineView(
                r.id,
                r.name,
                r.declared_by,
                r.id in firsts and firsts[r.id] <= turn,
                firsts[r.id] if r.id in firsts and firsts[r.id] <= turn else None,
            )
            for r in self.scenario.red_lines
        )
        facts = tuple(f.id for f in self.scenario.facts if f.id in state.facts)
        return StateView(turn, tuple(tracks), units, lines, facts)

    # ------------------------------------------------------------------ injects, notes …

    def injects(self, viewer: Viewer, turn: int | None = None) -> tuple[InjectView, ...]:
        """Released injects addressed to this viewer."""
        with self._session() as s:
            return self._injects(s, viewer, turn)

    def _injects(self, s: Session, viewer: Viewer, turn: int | None) -> tuple[InjectView, ...]:
        names = self._names(s)
        query = select(m.InjectRelease).where(m.InjectRelease.game_id == self._game.game_id)
        if turn is not None:
            query = query.where(m.InjectRelease.turn == turn)
        out = []
        for r in s.scalars(query.order_by(m.InjectRelease.id)):
            audience = r.audience if r.audience == "all" else tuple(r.audience or ())
            if (
                viewer.audience is Audience.TEAM
                and audience != "all"
                and (viewer.team_id not in audience)
            ):
                continue
            if viewer.audience is Audience.PUBLIC and audience != "all":
                continue
            out.append(
                InjectView(
                    r.id,
                    r.inject_id,
                    r.trigger,
                    clean_name(r.title),
                    r.text,
                    audience,
                    r.turn,
                    r.phase_id,
                    names.get(r.released_by_id, "?"),
                    r.released_at,
                    r.voided_at is not None,
                    r.void_reason,
                )
            )
        return tuple(out)

    def pending_injects(self, turn: int | None = None) -> tuple[str, ...]:
        """Ids of the scheduled injects due by now (or by ``turn``) and not yet released.

        The one rule of "pending" (:func:`wargame.game.progress.pending_injects`).
        """
        from wargame.game.progress import pending_injects

        return tuple(i.id for i in pending_injects(self, turn))

    def facts(self, viewer: Viewer | None = None) -> tuple[FactView, ...]:
        """The ledger of established facts the viewer may see (all, for the facilitator).

        A fact established by adjudicating a move the viewer cannot see stays hidden
        with that move.
        """
        viewer = viewer or Viewer.facilitator()
        with self._session() as s:
            return self._facts(s, viewer)

    def _facts(self, s: Session, viewer: Viewer) -> tuple[FactView, ...]:
        visible = {mv.id for mv in self._moves(s, viewer, None)}
        out = []
        for f in s.scalars(
            select(m.Fact).where(m.Fact.game_id == self._game.game_id).order_by(m.Fact.id)
        ):
            if f.established_by_move_id is not None and f.established_by_move_id not in visible:
                continue
            out.append(
                FactView(
                    f.id,
                    f.text,
                    f.established_turn,
                    f.established_by_move_id,
                    f.established_by_adjudication_id,
                    f.ended_turn,
                    f.ended_by_move_id,
                    f.ended_by_adjudication_id,
                )
            )
        return tuple(out)

    def record(self, viewer: Viewer) -> GameRecord:
        """Everything the viewer may see, in one consistent read."""
        with self._session() as s:
            summary = self._summary(s)
            participants = self._participants(s)
            assignments = self._assignments(s)
            phases = self._phases(s)
            moves = self._moves(s, viewer, None)
            adjudications = self._adjudications(s, viewer, None)
            rolls = self._rolls(s)
            names = self._names(s)
            effects = tuple(
                _effect_view(e, names)
                for e in s.scalars(
                    select(m.Effect)
                    .where(m.Effect.game_id == self._game.game_id)
                    .order_by(m.Effect.id)
                )
            )
            injects = self._injects(s, viewer, None)
            states = self._states(s, only=None)
            chain = self._verify(s)
            fingerprints = self._fingerprints(s)
        return GameRecord(
            summary=summary,
            viewer=viewer,
            participants=participants,
            assignments=assignments,
            phases=phases,
            moves=moves,
            adjudications=adjudications,
            rolls=rolls,
            effects=effects,
            injects=injects,
            notes=self.notes(viewer),
            observations=self.observations(viewer),
            facts=self.facts(viewer),
            findings=self.findings(viewer),
            audit=self.audit(viewer),
            states=states,
            chain=chain,
            fingerprints=fingerprints,
        )


def _inputs_for(viewer: Viewer, inputs: dict[str, object] | None) -> dict[str, object]:
    """An adjudication's inputs as the viewer may see them.

    The umpire's move tags are the white cell's own classification: the facilitator sees
    them (as the report's facilitator edition does), nobody else.
    """
    out = dict(inputs or {})
    if viewer.audience is not Audience.FACILITATOR:
        out.pop("tags", None)
    return out


def _rationale_for(viewer: Viewer, rationale: str, inputs: dict[str, object] | None) -> str:
    """An adjudication's rationale as the viewer may see it.

    The rationale is the umpire's reasoning: the white cell and its analysts read it; teams
    and the room's screen read it only once it was announced to the room.
    """
    if viewer.audience in (Audience.FACILITATOR, Audience.OBSERVER):
        return rationale
    return rationale if (inputs or {}).get("rationale_announced") else ""


def _effect_view(e: m.Effect, names: dict[int, str]) -> EffectView:
    return EffectView(
        id=e.id,
        turn=e.turn,
        phase_id=e.phase_id,
        kind=e.kind,
        target=e.target,
        delta=e.delta,
        to_region=e.to_region,
        before=e.before,
        after=e.after,
        reason=e.reason,
        adjudication_id=e.adjudication_id,
        inject_release_id=e.inject_release_id,
        author=names.get(e.author_id, "?"),
        created_at=e.created_at,
        voided=e.voided_at is not None,
        void_reason=e.void_reason,
    )
