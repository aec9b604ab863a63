"""Play scripts: a YAML list of actions applied to a game, each its own transaction.

A script lets a game be run, replayed and tested without a window (``wargame play``), and
is how the bundled demo game is played. Actions name people by participant name and
refer to moves, counter-arguments, adjudications and facts created earlier in the same
script by a ``ref`` label. The runner stops at the first refused action and reports its
index (1-based) and reason; every action before it stays committed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError

from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.game.cases.effects import AdHocInject
from wargame.game.cases.notes import HotwashRequest
from wargame.game.cases.people import JoinRequest, RoleChange
from wargame.game.core import MoveContent
from wargame.game.errors import GameError, InvalidInput, NotFound
from wargame.game.script_analysis import (
    AnalysisAction,
    Annotate,
    Finding,
    Improve,
    Insight,
    Rate,
    Recommend,
    apply_analysis,
    evidence_refs,
    observe_request,
)
from wargame.game.service import Game
from wargame.game.views import Role
from wargame.scenario import yamlsafe
from wargame.scenario.loader import describe_validation_error
from wargame.scenario.model import Effect, Ident


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    by: str | None = Field(
        default=None, description="Participant name acting; the facilitator when omitted."
    )
    ref: str | None = Field(
        default=None, description="A label later actions use to refer to what this creates."
    )


class Join(_Action):
    """Add a participant."""

    do: Literal["join"] = Field(description="The action: join.")
    name: str = Field(
        description="The participant's name, unique in the game; later actions name them by it."
    )
    role: Literal["player", "observer", "facilitator"] = Field(
        default="player", description="player, observer or facilitator."
    )
    team: Ident | None = Field(
        default=None, description="The team a player joins (a team id of the scenario)."
    )
    pin: str | None = Field(
        default=None,
        description="A PIN the participant types to act in the app (four or more digits).",
    )


class Assign(_Action):
    """Move a player to another team (from the next turn once the game runs)."""

    do: Literal["assign"] = Field(description="The action: assign.")
    name: str = Field(description="The player to move.")
    team: Ident = Field(description="The team they join.")
    reason: str = Field(default="", description="Why, for the record.")


class ChangeRole(_Action):
    """Make a player an observer, or an observer a player of a team (at once)."""

    do: Literal["role"] = Field(description="The action: role.")
    name: str = Field(description="The participant.")
    role: Literal["player", "observer"] = Field(description="player or observer.")
    team: Ident | None = Field(default=None, description="The team, when they become a player.")
    reason: str = Field(default="", description="Why, for the record.")


class Start(_Action):
    """Start the game."""

    do: Literal["start"] = Field(description="The action: start.")


class Advance(_Action):
    """Go to the next phase, or on until the named phase (of the next turn if need be)."""

    do: Literal["advance"] = Field(description="The action: advance.")
    to: Ident | None = Field(
        default=None,
        description="A phase id: advance until the game is in that phase (the next turn's if need "
        "be); one phase when omitted.",
    )


class Move(_Action):
    """Submit a team's move."""

    do: Literal["move"] = Field(description="The action: move.")
    title: str = Field(description="A short title.")
    action: str = Field(description="What the team does.")
    intended_result: str = Field(description="What it should achieve.")
    reasons: tuple[str, ...] = Field(
        default=(),
        description="The arguments for it; a matrix adjudication counts them as strong reasons.",
    )
    visibility: Literal["secret", "public"] = Field(
        default="secret",
        description="secret (sealed until revealed) or public (seen by all at once).",
    )
    team: Ident | None = Field(default=None, description="Needed when the facilitator enters it.")


class Edit(_Action):
    """Change a move before it is revealed."""

    do: Literal["edit"] = Field(description="The action: edit.")
    move: str = Field(description="The move: a ref from this script, or '#<id>'.")
    title: str = Field(description="The new title.")
    action: str = Field(description="The new action.")
    intended_result: str = Field(description="The new intended result.")
    reasons: tuple[str, ...] = Field(default=(), description="The new reasons.")
    visibility: Literal["secret", "public"] = Field(
        default="secret", description="secret or public."
    )


class Withdraw(_Action):
    """Withdraw a move before it is revealed."""

    do: Literal["withdraw"] = Field(description="The action: withdraw.")
    move: str = Field(description="The move: a ref from this script, or '#<id>'.")
    reason: str = Field(description="Why, for the record.")


class Counter(_Action):
    """Argue against a move."""

    do: Literal["counter"] = Field(description="The action: counter.")
    move: str = Field(description="The move argued against: a ref from this script, or '#<id>'.")
    text: str = Field(description="The counter-argument.")


class Reveal(_Action):
    """Reveal every sealed move of the turn."""

    do: Literal["reveal"] = Field(description="The action: reveal.")


class Adjudicate(_Action):
    """Adjudicate a move (or an open question when ``move`` is omitted)."""

    do: Literal["adjudicate"] = Field(description="The action: adjudicate.")
    move: str | None = Field(
        default=None,
        description="The move: a ref from this script, or '#<id>'; an open question when omitted.",
    )
    method: Literal["matrix", "odds", "probability", "ruling", "table"] = Field(
        description="matrix, odds, probability, ruling or table (one the scenario allows)."
    )
    narrative: str = Field(description="What happens, as told to the players.")
    rationale: str = Field(
        default="",
        description="Why the umpire decided so (required for a ruling); printed in the public "
        "report only when announced.",
    )
    dice: tuple[int, ...] | None = Field(
        default=None, description="Physical dice typed in; digital dice are rolled otherwise."
    )
    strong_reasons: int | None = Field(
        default=None,
        description="matrix: how many of the move's reasons count as strong (default: all of "
        "them).",
    )
    accepted_counters: tuple[str, ...] | None = Field(
        default=None,
        description="matrix: the counter-arguments accepted, as refs or '#<id>' (default: all of "
        "them).",
    )
    adjustment: int = Field(
        default=0, description="matrix: the umpire's own modifier, added to the net modifier."
    )
    rating: str | None = Field(
        default=None, description="odds: a rating of the scenario's odds scale, e.g. Likely."
    )
    estimates: dict[str, int] | None = Field(
        default=None,
        description="probability: each team's estimate in percent, by team id, e.g. {blue: 70, "
        "red: 40}.",
    )
    umpire_chance: int | None = Field(
        default=None,
        description="probability: the umpire's own chance in percent (combine: umpire).",
    )
    table: Ident | None = Field(
        default=None, description="table: the id of one of the scenario's lookup tables."
    )
    outcome: Literal["success", "partial", "failure"] | None = Field(
        default=None,
        description="ruling only: success, partial or failure (the other methods roll).",
    )
    effects: tuple[Effect, ...] = Field(
        default=(), description="Effects of the outcome on tracks, units and facts."
    )
    fact: str | None = Field(default=None, description="A fact this outcome establishes.")
    end_facts: tuple[str, ...] = Field(
        default=(),
        description="Facts this outcome ends: refs of earlier adjudications that established "
        "them, or '#<id>'.",
    )
    tags: tuple[Ident, ...] = Field(
        default=(),
        description="Tags for the move, from the scenario's adjudication.move_tags; triggers "
        "of kind move_adjudicated look for them.",
    )
    announce_rationale: bool = Field(
        default=False,
        description="The rationale was read out to the room: the public edition of the "
        "report prints it (otherwise only the facilitator edition does).",
    )


class ApplyEffects(_Action):
    """Apply effects outside an adjudication."""

    do: Literal["effect"] = Field(description="The action: effect.")
    effects: tuple[Effect, ...] = Field(
        min_length=1, description="The effects, applied in order, all or none."
    )
    reason: str = Field(description="Why, for the record.")


class Inject(_Action):
    """Release a scenario inject by id, or an ad hoc one with title and text."""

    do: Literal["inject"] = Field(description="The action: inject.")
    id: Ident | None = Field(default=None, description="An inject of the scenario, by id.")
    title: str | None = Field(
        default=None, description="An ad hoc inject's title (with text, instead of id)."
    )
    text: str | None = Field(default=None, description="An ad hoc inject's text.")
    audience: Literal["all"] | tuple[Ident, ...] = Field(
        default="all", description="'all', or the team ids that receive an ad hoc inject."
    )


class Note(_Action):
    """A facilitator's note."""

    do: Literal["note"] = Field(description="The action: note.")
    text: str = Field(description="The note (the facilitator's, private).")


class Observe(_Action):
    """An observation, tagged and linked to analysis questions."""

    do: Literal["observe"] = Field(description="The action: observe.")
    text: str = Field(description="What was observed.")
    tags: tuple[str, ...] = Field(
        default=(), description="Tags, from the scenario's analysis tags or free."
    )
    questions: tuple[Ident, ...] = Field(
        default=(), description="Ids of the analysis questions it bears on."
    )
    move: str | None = Field(
        default=None, description="The move it is about: a ref from this script, or '#<id>'."
    )
    elements: tuple[Ident, ...] = Field(
        default=(), description="Elements of the data collection plan it collects."
    )
    evidence: tuple[str, ...] = Field(
        default=(), description="Log entries behind it, as kind:ref (e.g. 'roll:#3')."
    )


class Hotwash(_Action):
    """A hot-wash finding."""

    do: Literal["hotwash"] = Field(description="The action: hotwash.")
    kind: Literal["strength", "improvement", "finding"] = Field(
        description="strength, improvement or finding."
    )
    text: str = Field(description="The finding.")
    recommendation: str | None = Field(default=None, description="What to do about it.")
    owner: str | None = Field(default=None, description="Who owns the fix.")
    questions: tuple[Ident, ...] = Field(
        default=(), description="Ids of the analysis questions it bears on."
    )


class Summary(_Action):
    """Write the executive summary."""

    do: Literal["summary"] = Field(description="The action: summary.")
    text: str = Field(description="The executive summary of the after-action report.")


class Void(_Action):
    """Void a record created earlier in the script (by ref) or by id."""

    do: Literal["void"] = Field(description="The action: void.")
    kind: Literal[
        "move",
        "counter_argument",
        "adjudication",
        "effect",
        "inject",
        "note",
        "observation",
        "hotwash",
    ] = Field(
        description="What is voided: move, counter_argument, adjudication, effect, inject, "
        "note, observation or hotwash."
    )
    target: str = Field(description="A ref from this script, or '#<id>'.")
    reason: str = Field(description="Why, for the record.")


class End(_Action):
    """End the game."""

    do: Literal["end"] = Field(description="The action: end.")
    summary: str | None = Field(
        default=None, description="The executive summary, written as the game ends."
    )


Action = Annotated[
    Join
    | Assign
    | ChangeRole
    | Start
    | Advance
    | Move
    | Edit
    | Withdraw
    | Counter
    | Reveal
    | Adjudicate
    | ApplyEffects
    | Inject
    | Note
    | Observe
    | Hotwash
    | Summary
    | Void
    | End
    | Insight
    | Finding
    | Recommend
    | Rate
    | Improve
    | Annotate,
    Field(discriminator="do"),
]


class Script(RootModel[tuple[Action, ...]]):
    """A play script: a list of actions."""


def script_json_schema() -> dict[str, Any]:
    """The JSON Schema of play scripts (``wargame schema --actions``)."""
    schema = Script.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "wargame play script",
        "description": "A list of actions applied to a game by `wargame play`.",
    }


class ScriptError(GameError):
    """The script file itself is malformed (before any action is applied)."""

    def __init__(self, problems: list[yamlsafe.Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_script(path: Path) -> tuple[Action, ...]:
    """Read and validate a play script file."""
    try:
        text = yamlsafe.read_text(path)
        doc = yamlsafe.parse(text, str(path))
    except yamlsafe.YamlProblem as exc:
        raise ScriptError([exc.problem]) from None
    try:
        return Script.model_validate(doc.value).root
    except ValidationError as exc:
        raise ScriptError(
            [describe_validation_error(error, doc) for error in exc.errors(include_url=False)]
        ) from None


@dataclass
class ActionRefused(GameError):
    """An action of a script was refused; those before it are committed."""

    index: int
    action: str
    reason: str

    def __str__(self) -> str:
        return f"action {self.index} ({self.action}) refused: {self.reason}"


_PeopleAction = Join | Assign | ChangeRole | Start | Advance | Summary | Void | End
_MoveAction = Move | Edit | Withdraw | Counter | Reveal
_RecordAction = ApplyEffects | Inject | Note | Observe | Hotwash


def _content(action: Move | Edit) -> MoveContent:
    """The words of a scripted move or edit."""
    return MoveContent(
        title=action.title,
        action=action.action,
        intended_result=action.intended_result,
        reasons=action.reasons,
        visibility=action.visibility,
    )


@dataclass
class ScriptRunner:
    """Applies actions to a game, keeping the script's ref labels."""

    game: Game
    refs: dict[str, int] = field(default_factory=dict)
    on_committed: Callable[[int, str], None] | None = None

    def run(self, actions: tuple[Action, ...], *, start_index: int = 1) -> int:
        """Apply every action; return how many were committed; raise ActionRefused."""
        done = 0
        for index, action in enumerate(actions, start=start_index):
            try:
                created = self.apply(action)
            except GameError as exc:
                raise ActionRefused(index, action.do, str(exc)) from None
            if action.ref is not None and created is not None:
                self.refs[action.ref] = created
            done += 1
            if self.on_committed is not None:
                self.on_committed(index, action.do)
        return done

    # --------------------------------------------------------------------------- helpers

    def _people(self) -> dict[str, int]:
        return {p.name.lower(): p.id for p in self.game.queries().participants() if not p.voided}

    def _person(self, name: str | None) -> int:
        people = self._people()
        if name is None:
            facilitators = [
                p.id
                for p in self.game.queries().participants()
                if p.role is Role.FACILITATOR and not p.voided
            ]
            return facilitators[0]
        try:
            return people[name.lower()]
        except KeyError:
            raise NotFound(f"there is no participant called '{name}'") from None

    def _ref(self, label: str) -> int:
        if label.startswith("#") and label[1:].isdigit():
            return int(label[1:])
        try:
            return self.refs[label]
        except KeyError:
            raise NotFound(f"no earlier action has ref '{label}'") from None

    def apply(self, action: Action) -> int | None:
        """Apply one action; return the id of what it created, if anything."""
        by = self._person(action.by)
        match action:
            case Join() | Assign() | ChangeRole() | Start() | Advance():
                return self._people_and_turns(by, action)
            case Summary() | Void() | End():
                return self._people_and_turns(by, action)
            case Move() | Edit() | Withdraw() | Counter() | Reveal():
                return self._moves(by, action)
            case Adjudicate():
                return self._adjudicate(by, action)
            case ApplyEffects() | Inject() | Note() | Observe() | Hotwash():
                return self._record(by, action)
            case Insight() | Finding() | Recommend() | Rate() | Improve() | Annotate():
                analysis: AnalysisAction = action
                return apply_analysis(self.game, by, analysis, self._ref)
        raise InvalidInput(f"unknown action {action!r}")  # pragma: no cover

    def _people_and_turns(self, by: int, action: _PeopleAction) -> int | None:
        """People, the turn machine, the summary, voids and the end."""
        g = self.game
        match action:
            case Join():
                return g.join(
                    by,
                    JoinRequest(
                        name=action.name, role=action.role, team_id=action.team, pin=action.pin
                    ),
                )
            case Assign():
                g.assign(by, self._person(action.name), action.team, reason=action.reason)
                return None
            case ChangeRole():
                g.change_role(
                    by,
                    RoleChange(
                        participant_id=self._person(action.name),
                        role=action.role,
                        team_id=action.team,
                        reason=action.reason,
                    ),
                )
                return None
            case Start():
                g.start(by)
                return None
            case Advance():
                self._advance(by, action.to)
                return None
            case Summary():
                g.set_executive_summary(by, action.text)
                return None
            case Void():
                g.void(by, action.kind, self._ref(action.target), reason=action.reason)
                return None
            case End():
                g.end_game(by, executive_summary=action.summary)
                return None
        raise InvalidInput(f"unknown action {action!r}")  # pragma: no cover

    def _moves(self, by: int, action: _MoveAction) -> int | None:
        """Moves: submit, edit, withdraw, counter-argue, reveal."""
        g = self.game
        match action:
            case Move():
                return g.submit_move(
                    by,
                    _content(action),
                    team_id=action.team,
                )
            case Edit():
                move_id = self._ref(action.move)
                version = self._version(move_id)
                g.edit_move(
                    by,
                    move_id,
                    _content(action),
                    expected_version=version,
                )
                return move_id
            case Withdraw():
                move_id = self._ref(action.move)
                g.withdraw_move(
                    by, move_id, expected_version=self._version(move_id), reason=action.reason
                )
                return None
            case Counter():
                return g.counter_argue(by, self._ref(action.move), action.text)
            case Reveal():
                g.reveal_moves(by)
                return None
        raise InvalidInput(f"unknown action {action!r}")  # pragma: no cover

    def _adjudicate(self, by: int, action: Adjudicate) -> int:
        """A ruling, with its refs (move, counters, facts) resolved to ids."""
        g = self.game
        return g.commit_adjudication(
            by,
            AdjudicationRequest(
                method=action.method,
                narrative=action.narrative,
                rationale=action.rationale,
                move_id=self._ref(action.move) if action.move else None,
                physical_faces=action.dice,
                strong_reasons=action.strong_reasons,
                accepted_counters=None
                if action.accepted_counters is None
                else tuple(self._ref(r) for r in action.accepted_counters),
                adjustment=action.adjustment,
                rating=action.rating,
                estimates=action.estimates,
                umpire_chance=action.umpire_chance,
                table_id=action.table,
                outcome=action.outcome,
                effects=tuple(action.effects),
                establish_fact=action.fact,
                end_facts=tuple(self._fact(r) for r in action.end_facts),
                tags=tuple(action.tags),
                announce_rationale=action.announce_rationale,
            ),
        )

    def _record(self, by: int, action: _RecordAction) -> int | None:
        """Effects, injects, notes, observations and hot-wash findings."""
        g = self.game
        match action:
            case ApplyEffects():
                ids = g.apply_effects(by, action.effects, reason=action.reason)
                return ids[0] if ids else None
            case Inject():
                if action.id is not None:
                    return g.release_inject(by, action.id)
                if not action.title or not action.text:
                    raise InvalidInput("an ad hoc inject needs a title and a text (or give an id)")
                return g.release_ad_hoc_inject(
                    by, AdHocInject(title=action.title, text=action.text, audience=action.audience)
                )
            case Note():
                return g.note(by, action.text)
            case Observe() if action.elements or action.evidence:
                return g.record_observation(
                    observe_request(
                        by,
                        action.text,
                        tags=action.tags,
                        questions=action.questions,
                        elements=action.elements,
                        evidence=evidence_refs(action.evidence, self._ref),
                        move_id=self._ref(action.move) if action.move else None,
                    )
                )
            case Observe():
                return g.observe(
                    by,
                    action.text,
                    tags=action.tags,
                    question_ids=action.questions,
                    move_id=self._ref(action.move) if action.move else None,
                )
            case Hotwash():
                return g.record_hotwash(
                    by,
                    HotwashRequest(
                        kind=action.kind,
                        text=action.text,
                        recommendation=action.recommendation,
                        owner=action.owner,
                        question_ids=action.questions,
                    ),
                )
        raise InvalidInput(f"unknown action {action!r}")  # pragma: no cover

    def _advance(self, by: int, to: str | None) -> None:
        plan = self.game.scenario.turn_plan
        if to is not None and to not in {p.id for p in plan.phases}:
            raise NotFound(f"there is no phase '{to}' in this scenario")
        for _ in range(len(plan.phases) + 1):
            self.game.advance(by)
            if to is None or self.game.queries().summary().phase_id == to:
                return
        raise InvalidInput(f"could not reach phase '{to}'")  # pragma: no cover

    def _version(self, move_id: int) -> int:
        from wargame.game.views import Viewer

        for move in self.game.queries().moves(Viewer.facilitator()):
            if move.id == move_id:
                return move.version
        raise NotFound(f"there is no move #{move_id}")

    def _fact(self, label: str) -> int:
        adjudication = self._ref(label)
        for fact in self.game.queries().facts():
            if fact.established_by_adjudication_id == adjudication:
                return fact.id
        raise NotFound(f"no fact was established by '{label}'")
