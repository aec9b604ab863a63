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

from wargame.game.errors import GameError, InvalidInput, NotFound
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

    do: Literal["join"]
    name: str
    role: Literal["player", "observer", "facilitator"] = "player"
    team: Ident | None = None
    pin: str | None = None


class Assign(_Action):
    """Move a player to another team (from the next turn once the game runs)."""

    do: Literal["assign"]
    name: str
    team: Ident
    reason: str = ""


class ChangeRole(_Action):
    """Make a player an observer, or an observer a player of a team (at once)."""

    do: Literal["role"]
    name: str
    role: Literal["player", "observer"]
    team: Ident | None = None
    reason: str = ""


class Start(_Action):
    """Start the game."""

    do: Literal["start"]


class Advance(_Action):
    """Go to the next phase, or on until the named phase (of the next turn if need be)."""

    do: Literal["advance"]
    to: Ident | None = None


class Move(_Action):
    """Submit a team's move."""

    do: Literal["move"]
    title: str
    action: str
    intended_result: str
    reasons: tuple[str, ...] = ()
    visibility: Literal["secret", "public"] = "secret"
    team: Ident | None = Field(default=None, description="Needed when the facilitator enters it.")


class Edit(_Action):
    """Change a move before it is revealed."""

    do: Literal["edit"]
    move: str
    title: str
    action: str
    intended_result: str
    reasons: tuple[str, ...] = ()
    visibility: Literal["secret", "public"] = "secret"


class Withdraw(_Action):
    """Withdraw a move before it is revealed."""

    do: Literal["withdraw"]
    move: str
    reason: str


class Counter(_Action):
    """Argue against a move."""

    do: Literal["counter"]
    move: str
    text: str


class Reveal(_Action):
    """Reveal every sealed move of the turn."""

    do: Literal["reveal"]


class Adjudicate(_Action):
    """Adjudicate a move (or an open question when ``move`` is omitted)."""

    do: Literal["adjudicate"]
    move: str | None = None
    method: Literal["matrix", "odds", "probability", "ruling", "table"]
    narrative: str
    rationale: str = ""
    dice: tuple[int, ...] | None = Field(
        default=None, description="Physical dice typed in; digital dice are rolled otherwise."
    )
    strong_reasons: int | None = None
    accepted_counters: tuple[str, ...] | None = None
    adjustment: int = 0
    rating: str | None = None
    estimates: dict[str, int] | None = None
    umpire_chance: int | None = None
    table: Ident | None = None
    outcome: Literal["success", "partial", "failure"] | None = None
    effects: tuple[Effect, ...] = ()
    fact: str | None = Field(default=None, description="A fact this outcome establishes.")
    end_facts: tuple[str, ...] = ()
    tags: tuple[Ident, ...] = Field(
        default=(),
        description="Tags for the move, from the scenario's adjudication.move_tags; triggers "
        "of kind move_adjudicated look for them.",
    )


class ApplyEffects(_Action):
    """Apply effects outside an adjudication."""

    do: Literal["effect"]
    effects: tuple[Effect, ...] = Field(min_length=1)
    reason: str


class Inject(_Action):
    """Release a scenario inject by id, or an ad hoc one with title and text."""

    do: Literal["inject"]
    id: Ident | None = None
    title: str | None = None
    text: str | None = None
    audience: Literal["all"] | tuple[Ident, ...] = "all"


class Note(_Action):
    """A facilitator's note."""

    do: Literal["note"]
    text: str


class Observe(_Action):
    """An observation, tagged and linked to analysis questions."""

    do: Literal["observe"]
    text: str
    tags: tuple[str, ...] = ()
    questions: tuple[Ident, ...] = ()
    move: str | None = None


class Hotwash(_Action):
    """A hot-wash finding."""

    do: Literal["hotwash"]
    kind: Literal["strength", "improvement", "finding"]
    text: str
    recommendation: str | None = None
    owner: str | None = None
    questions: tuple[Ident, ...] = ()


class Summary(_Action):
    """Write the executive summary."""

    do: Literal["summary"]
    text: str


class Void(_Action):
    """Void a record created earlier in the script (by ref) or by id."""

    do: Literal["void"]
    kind: Literal[
        "move",
        "counter_argument",
        "adjudication",
        "effect",
        "inject",
        "note",
        "observation",
        "hotwash",
    ]
    target: str = Field(description="A ref from this script, or '#<id>'.")
    reason: str


class End(_Action):
    """End the game."""

    do: Literal["end"]
    summary: str | None = None


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
    | End,
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
        g = self.game
        by = self._person(action.by)
        match action:
            case Join():
                return g.join(by, action.name, action.role, action.team, pin=action.pin)
            case Assign():
                g.assign(by, self._person(action.name), action.team, reason=action.reason)
                return None
            case ChangeRole():
                g.change_role(
                    by, self._person(action.name), action.role, action.team, reason=action.reason
                )
                return None
            case Start():
                g.start(by)
                return None
            case Advance():
                self._advance(by, action.to)
                return None
            case Move():
                return g.submit_move(
                    by,
                    title=action.title,
                    action=action.action,
                    intended_result=action.intended_result,
                    reasons=action.reasons,
                    visibility=action.visibility,
                    team_id=action.team,
                )
            case Edit():
                move_id = self._ref(action.move)
                version = self._version(move_id)
                g.edit_move(
                    by,
                    move_id,
                    expected_version=version,
                    title=action.title,
                    action=action.action,
                    intended_result=action.intended_result,
                    reasons=action.reasons,
                    visibility=action.visibility,
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
            case Adjudicate():
                return g.adjudicate(
                    by,
                    method=action.method,
                    move_id=self._ref(action.move) if action.move else None,
                    narrative=action.narrative,
                    rationale=action.rationale,
                    physical_faces=action.dice,
                    strong_reasons=action.strong_reasons,
                    accepted_counters=(
                        None
                        if action.accepted_counters is None
                        else [self._ref(r) for r in action.accepted_counters]
                    ),
                    adjustment=action.adjustment,
                    rating=action.rating,
                    estimates=action.estimates,
                    umpire_chance=action.umpire_chance,
                    table_id=action.table,
                    outcome=action.outcome,
                    effects=action.effects,
                    establish_fact=action.fact,
                    end_facts=[self._fact(r) for r in action.end_facts],
                    tags=action.tags,
                )
            case ApplyEffects():
                ids = g.apply_effects(by, action.effects, reason=action.reason)
                return ids[0] if ids else None
            case Inject():
                if action.id is not None:
                    return g.release_inject(by, action.id)
                if not action.title or not action.text:
                    raise InvalidInput("an ad hoc inject needs a title and a text (or give an id)")
                return g.release_ad_hoc_inject(
                    by, title=action.title, text=action.text, audience=action.audience
                )
            case Note():
                return g.note(by, action.text)
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
                    kind=action.kind,
                    text=action.text,
                    recommendation=action.recommendation,
                    owner=action.owner,
                    question_ids=action.questions,
                )
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
