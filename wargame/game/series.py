"""A series of plays of one scenario, read for comparison.

Serious studies play one scenario many times. :func:`read_series` opens each game, reads a
small summary of it (escalation by turn, red lines crossed, outcomes by team and by tag,
final track values, a fingerprint of each turn) and closes it again, so fifty games cost
fifty short reads. Plays of another scenario, or of another version of it, are refused
with a sentence naming both files: their numbers would not mean the same thing.

A move's *tags* are the tags analysts put on the observations of that move. Two plays
*diverge* at the first turn whose end state (every track and unit) or adjudicated outcomes
(per team) differ, among the turns both played to their end.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from wargame.game.errors import InvalidInput
from wargame.game.service import Game
from wargame.game.tables import RecordTable
from wargame.game.views import AdjudicationView, MoveView, StateView, Viewer


class SeriesRefused(InvalidInput):
    """The games given cannot be compared; nothing was written."""


@dataclass(frozen=True)
class PlaySummary:
    """One play of the scenario, as a comparison needs it."""

    name: str
    """The game file's name (or the database's location)."""
    title: str
    uid: str
    status: str
    turns_played: int
    complete_turns: int
    """Turns played to their end (a game stopped mid-turn has not finished its last one)."""
    escalation: tuple[int, ...]
    """The escalation ladder's level at the start (index 0) and at the end of each turn."""
    tracks_final: tuple[tuple[str, int], ...]
    red_lines: tuple[tuple[str, int | None], ...]
    """Each red line of the scenario and the turn it was first crossed (None: held)."""
    outcomes_by_team: tuple[tuple[str, str, int], ...]
    """(team id, outcome, count) of valid adjudications of moves."""
    outcomes_by_tag: tuple[tuple[str, str, int], ...]
    """(tag, outcome, count): the outcomes of moves observed with each tag."""
    moves: int
    turn_prints: tuple[str, ...]
    """A fingerprint of each turn played (end state and outcomes per team)."""


@dataclass(frozen=True)
class Series:
    """Several plays of one version of one scenario."""

    scenario_id: str
    scenario_title: str
    scenario_version: str
    classification: str
    escalation_name: str
    escalation_max: int
    red_line_names: tuple[tuple[str, str], ...]
    team_names: tuple[tuple[str, str], ...]
    track_names: tuple[tuple[str, str], ...]
    plays: tuple[PlaySummary, ...]

    @property
    def first_divergence(self) -> int | None:
        """The first turn at which any two plays differ (None: all alike so far)."""
        turns = [t for t in self.divergence_from_first if t is not None]
        return min(turns) if turns else None

    @property
    def divergence_from_first(self) -> tuple[int | None, ...]:
        """For each play, the first turn at which it differs from the first play."""
        first = self.plays[0]
        out: list[int | None] = []
        for play in self.plays:
            both = min(first.complete_turns, play.complete_turns)
            pairs = zip(first.turn_prints[:both], play.turn_prints[:both], strict=True)
            out.append(next((n for n, (a, b) in enumerate(pairs, start=1) if a != b), None))
        return tuple(out)

    def crossings(self, red_line_id: str) -> list[int]:
        """The turns in which each play that crossed this red line first crossed it."""
        return [
            turn
            for play in self.plays
            for line, turn in play.red_lines
            if line == red_line_id and turn is not None
        ]


def read_series(
    targets: Sequence[str | Path], *, progress: Callable[[int, int], None] | None = None
) -> Series:
    """Read every game and check they are plays of one version of one scenario.

    Raises:
        SeriesRefused: Fewer than two games, the same game twice, or plays of another
            scenario or of another version of it.
        GameError: A game cannot be opened (its sentence names the file).
    """
    if len(targets) < 2:
        raise SeriesRefused("give at least two games to compare")
    first: tuple[str, str, str, str] | None = None
    plays: list[PlaySummary] = []
    scenario = None
    seen: dict[str, str] = {}
    for number, target in enumerate(targets, start=1):
        name = Path(target).name if not str(target).startswith("postgresql") else str(target)
        with Game.open(target) as game:
            summary = game.queries().summary()
            meta = game.scenario.metadata
            identity = (meta.id, meta.version, summary.scenario_sha256, name)
            if first is None:
                first, scenario = identity, game.scenario
            else:
                _check_same(first, identity)
            if summary.uid in seen:
                raise SeriesRefused(
                    f"{name} and {seen[summary.uid]} are the same game (uid "
                    f"{summary.uid[:8]}); give different plays"
                )
            seen[summary.uid] = name
            plays.append(_read_play(game, name))
        if progress is not None:
            progress(number, len(targets))
    assert scenario is not None
    escalation = scenario.escalation
    return Series(
        scenario_id=scenario.metadata.id,
        scenario_title=scenario.metadata.title,
        scenario_version=scenario.metadata.version,
        classification=scenario.metadata.classification,
        escalation_name=escalation.name if escalation is not None else "",
        escalation_max=escalation.max if escalation is not None else 0,
        red_line_names=tuple((r.id, r.name) for r in scenario.red_lines),
        team_names=tuple((t.id, t.name) for t in scenario.teams),
        track_names=tuple((t.id, t.name) for t in scenario.tracks),
        plays=tuple(plays),
    )


def _check_same(first: tuple[str, str, str, str], other: tuple[str, str, str, str]) -> None:
    scenario, version, digest, name = first
    o_scenario, o_version, o_digest, o_name = other
    if o_scenario != scenario:
        raise SeriesRefused(
            f"{o_name} is a play of the scenario '{o_scenario}', not of '{scenario}' like "
            f"{name}; compare plays of one scenario only"
        )
    if o_version != version or o_digest != digest:
        detail = (
            f"version {o_version} against version {version}"
            if o_version != version
            else f"a different text of version {version} (fingerprint {o_digest[:12]} against "
            f"{digest[:12]})"
        )
        raise SeriesRefused(
            f"{o_name} plays {detail} of '{scenario}' in {name}; compare plays of one "
            "version of a scenario only"
        )


def _read_play(game: Game, name: str) -> PlaySummary:
    viewer = Viewer.facilitator()
    queries = game.queries()
    summary = queries.summary()
    states = queries.states_by_turn()
    moves = {m.id: m for m in queries.moves(viewer) if not m.voided}
    rulings = [a for a in queries.adjudications(viewer) if not a.voided and a.move_id in moves]
    ladder = game.scenario.escalation
    tags: dict[int, set[str]] = {}
    for observation in queries.observations(viewer):
        if observation.move_id is not None and not observation.voided:
            tags.setdefault(observation.move_id, set()).update(observation.tags)
    by_team: Counter[tuple[str, str]] = Counter()
    by_tag: Counter[tuple[str, str]] = Counter()
    for ruling in rulings:
        assert ruling.move_id is not None
        by_team[(moves[ruling.move_id].team_id, ruling.outcome)] += 1
        for tag in tags.get(ruling.move_id, ()):
            by_tag[(tag, ruling.outcome)] += 1
    final = states[-1]
    last_phase = game.scenario.turn_plan.phases[-1].id
    finished = summary.status == "ended" and summary.phase_id == last_phase
    return PlaySummary(
        name=name,
        title=summary.title,
        uid=summary.uid,
        status=summary.status,
        turns_played=final.turn,
        complete_turns=final.turn if finished else max(final.turn - 1, 0),
        escalation=tuple(s.track(ladder.id).value for s in states) if ladder else (),
        tracks_final=tuple((t.id, t.value) for t in final.tracks),
        red_lines=tuple((r.id, r.first_crossed_turn) for r in final.red_lines),
        outcomes_by_team=tuple((t, o, n) for (t, o), n in sorted(by_team.items())),
        outcomes_by_tag=tuple((t, o, n) for (t, o), n in sorted(by_tag.items())),
        moves=len(moves),
        turn_prints=_turn_prints(states, moves, rulings),
    )


def _turn_prints(
    states: Sequence[StateView], moves: dict[int, MoveView], rulings: Sequence[AdjudicationView]
) -> tuple[str, ...]:
    outcomes: dict[int, list[tuple[str, str]]] = {}
    for ruling in rulings:
        assert ruling.move_id is not None
        outcomes.setdefault(ruling.turn, []).append((moves[ruling.move_id].team_id, ruling.outcome))
    prints = []
    for state in states[1:]:
        body = {
            "tracks": [(t.id, t.value) for t in state.tracks],
            "units": [(u.id, u.region, u.strength) for u in state.units],
            "outcomes": sorted(outcomes.get(state.turn, [])),
        }
        prints.append(hashlib.sha256(json.dumps(body).encode()).hexdigest())
    return tuple(prints)


def series_tables(series: Series) -> tuple[RecordTable, ...]:
    """The comparison as tables (one row per play, or per play and turn) for a workbook."""
    games = RecordTable(
        "games",
        ("game", "title", "uid", "status", "turns", "moves", "diverges_from_first_at_turn"),
        tuple(
            (p.name, p.title, p.uid, p.status, p.turns_played, p.moves, d)
            for p, d in zip(series.plays, series.divergence_from_first, strict=True)
        ),
    )
    escalation = RecordTable(
        "escalation",
        ("turn", "game", "level"),
        tuple(
            (turn, p.name, level) for p in series.plays for turn, level in enumerate(p.escalation)
        ),
    )
    red_lines = RecordTable(
        "red_lines",
        ("game", "red_line", "first_crossed_turn"),
        tuple((p.name, line, turn) for p in series.plays for line, turn in p.red_lines),
    )
    outcomes = RecordTable(
        "outcomes",
        ("game", "by", "team_or_tag", "outcome", "count"),
        tuple(
            (p.name, by, key, outcome, count)
            for p in series.plays
            for by, rows in (("team", p.outcomes_by_team), ("tag", p.outcomes_by_tag))
            for key, outcome, count in rows
        ),
    )
    tracks = RecordTable(
        "final_tracks",
        ("game", "track", "value"),
        tuple((p.name, track, value) for p in series.plays for track, value in p.tracks_final),
    )
    return (games, escalation, red_lines, outcomes, tracks)
