"""The game service: one object per open game, one method per use case.

Every use case is one transaction: it checks the actor's role and the phase, writes the
record (and an audit line), commits, and only then emits a :class:`GameEvent`. Queries
take a :class:`Viewer` and return read models holding only what that viewer may see.

:class:`Game` opens and creates games and hands out the queries; its use cases come from
the classes of :mod:`wargame.game.cases` (people, phases, moves, effects and injects,
adjudication, notes, corrections), built on the plumbing of :mod:`wargame.game.core`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game.cases.adjudication import AdjudicationCases
from wargame.game.cases.analysis import AnalysisCases
from wargame.game.cases.corrections import CorrectionCases
from wargame.game.cases.moves import MoveCases
from wargame.game.cases.notes import NoteCases
from wargame.game.cases.people import PeopleCases
from wargame.game.cases.phases import PhaseCases
from wargame.game.chain import link_action, seed_commitment
from wargame.game.core import add_participant, audit, clean_name_field, store_errors, utc_now
from wargame.game.damage import check_game_values
from wargame.game.errors import GameFileProblem, InvalidInput, NotFound
from wargame.game.events import Listener
from wargame.game.views import Role
from wargame.scenario.model import Scenario
from wargame.store import chain as store_chain
from wargame.store import models as m
from wargame.store.engine import GameDatabase, is_database_url
from wargame.store.newfile import creating_game_file
from wargame.store.shared_guards import team_scenario_text

if TYPE_CHECKING:
    from wargame.game.queries import GameQueries
    from wargame.scenario import LoadedScenario


def _stored_files(s: Session, game_id: int, target: str | Path) -> dict[str, bytes] | None:
    """The files stored with a game's scenario, each checked against its hash.

    None for a game made before files were stored: its scenario then reads only the bundled
    assets, as it did when it was made.
    """
    rows = s.scalars(select(m.ScenarioFile).where(m.ScenarioFile.game_id == game_id)).all()
    if not rows:
        return None
    files: dict[str, bytes] = {}
    for row in rows:
        if hashlib.sha256(row.content).hexdigest() != row.sha256:
            raise GameFileProblem(
                f"the file '{row.path}' stored with the scenario in {target} does not match "
                "its hash; the game file was altered"
            )
        files[row.path] = row.content
    return files


@dataclass(frozen=True)
class _NewGame:
    """What a new game's first transaction writes."""

    loaded: LoadedScenario
    title: str
    seed: int
    commitment: str
    facilitator: str
    facilitator_pin: str | None


def _write_new_game(db: GameDatabase, new: _NewGame) -> int:
    """Write the game row, the facilitator and the first link; returns the game's id."""
    with store_errors(), db.session() as s:
        row = m.Game(
            uid=secrets.token_hex(16),
            title=new.title,
            scenario_id=new.loaded.scenario.metadata.id,
            scenario_title=new.loaded.scenario.metadata.title,
            scenario_text=new.loaded.text,
            scenario_json=new.loaded.scenario.model_dump_json(),
            scenario_sha256=new.loaded.sha256,
            seed=new.seed,
            seed_sha256=new.commitment,
            status="setup",
            turn=0,
            phase_id=None,
            created_at=utc_now(),
        )
        s.add(row)
        s.flush()
        for path, digest in sorted(new.loaded.file_hashes().items()):
            s.add(
                m.ScenarioFile(
                    game_id=row.id, path=path, sha256=digest, content=new.loaded.files[path]
                )
            )
        person = add_participant(
            s, row.id, new.facilitator, Role.FACILITATOR, new.facilitator_pin, None, 0, None
        )
        audit(s, row.id, person, "game.create", "game", row.id, {"seed_sha256": new.commitment})
        s.flush()
        link_action(s, row, "create", store_chain.all_rows(s.connection(), row.id))
        return row.id


class Game(
    PeopleCases,
    PhaseCases,
    MoveCases,
    AdjudicationCases,
    NoteCases,
    CorrectionCases,
    AnalysisCases,
):
    """An open game. Create with :meth:`create` or :meth:`open`; close when done.

    Its use cases are the methods of the classes it is made of, one per area: people,
    phases, moves, adjudication (with effects and injects), notes and corrections.
    """

    # ------------------------------------------------------------------ opening

    @classmethod
    def create(
        cls,
        target: str | Path,
        loaded: LoadedScenario,
        *,
        title: str | None = None,
        seed: int | None = None,
        facilitator: str = "Facilitator",
        facilitator_pin: str | None = None,
    ) -> Game:
        """Create a new game file (or a game in a PostgreSQL database) from a scenario."""
        title = clean_name_field(title or loaded.scenario.metadata.title, "game title")
        facilitator = clean_name_field(facilitator, "facilitator's name")
        if seed is None:
            seed = secrets.randbits(63)
        if not 0 <= seed < 2**63:
            raise InvalidInput(f"the seed {seed} is out of range; use 0 to {2**63 - 1}")
        commitment = seed_commitment(seed)
        request = _NewGame(loaded, title, seed, commitment, facilitator, facilitator_pin)
        if is_database_url(target):
            with store_errors():
                db = GameDatabase.create(target)
            try:
                game_id = _write_new_game(db, request)
            except BaseException:
                db.close()
                raise
            return cls(db, game_id, loaded.scenario)
        final = Path(target).expanduser().absolute()
        with store_errors(), creating_game_file(final) as temp:
            building = GameDatabase.create(temp)
            try:
                game_id = _write_new_game(building, request)
            finally:
                building.close()
        with store_errors():
            db = GameDatabase.open(final)
        return cls(db, game_id, loaded.scenario)

    @classmethod
    def open(
        cls,
        target: str | Path,
        *,
        as_team: str | None = None,
        game_uid: str | None = None,
        read_only: bool = False,
    ) -> Game:
        """Open an existing game, running migrations; refuse corrupt, damaged or newer files.

        Args:
            target: a game file, or a PostgreSQL URL.
            as_team: the URL is a shared game's team role (see :mod:`wargame.game.sharing`);
                the game then only reads what that team may see.
            game_uid: which game of a database holding several (default: the first).
            read_only: open without writing anything (verify, report, export); every use
                case that writes is then refused.
        """
        with store_errors():
            db = GameDatabase.open(target, read_only=read_only)
        db.team_reads = as_team is not None
        try:
            with db.session(write=False) as s:
                # A team's role may not read the scenario columns: it reads its own cut.
                columns = (m.Game.id,) if as_team is not None else (m.Game.id, m.Game.scenario_json)
                query = select(*columns).order_by(m.Game.id)
                if game_uid is not None:
                    query = query.where(m.Game.uid == game_uid)
                row = s.execute(query).first()
                if row is None:
                    raise GameFileProblem(
                        f"{db.where} holds no game"
                        + (f" with uid {game_uid}" if game_uid is not None else "")
                    )
                game_id = row.id
                files = _stored_files(s, game_id, target)
                copy = row.scenario_json if as_team is None else None
                scenario = _scenario_from_json(copy) if copy is not None else None
                if scenario is None and as_team is None:  # no copy, or one not accepted
                    text = s.scalar(select(m.Game.scenario_text).where(m.Game.id == game_id))
                    scenario = _scenario_from_yaml(text or "", target, files)
            if scenario is None:
                cut = _team_scenario(db, game_id, as_team or "")
                scenario = _scenario_from_json(cut) or _scenario_from_yaml(cut, target, files)
            scenario.attach_files(files or scenario.files)
            if as_team is None:  # a team's role may not read the game row's every column
                with store_errors(), db.session(write=False) as s:
                    game_row = s.get(m.Game, game_id)
                    assert game_row is not None
                    check_game_values(s, game_row, scenario, db.where)
        except BaseException:
            db.close()
            raise
        if as_team is not None and as_team not in {t.id for t in scenario.teams}:
            db.close()
            raise NotFound(f"there is no team '{as_team}' in this game")
        return cls(db, game_id, scenario, as_team=as_team)

    def close(self) -> None:
        """Release the database."""
        self._db.close()

    def __enter__(self) -> Game:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def location(self) -> str:
        """The file path or database URL (without password) of this game."""
        return self._db.where

    @property
    def game_id(self) -> int:
        """The database id of this game."""
        return self._game_id

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Be told of every committed change; returns a function that unsubscribes."""
        return self._events.subscribe(listener)

    # ------------------------------------------------------------------ queries

    def queries(self) -> GameQueries:
        """Read models for views, reports and exports."""
        from wargame.game.queries import GameQueries

        return GameQueries(self)

    def session_for_queries(self) -> AbstractContextManager[Session]:
        """A read-only session context (for the queries module of this package)."""
        return self._read()


def _scenario_from_json(copy: str) -> Scenario | None:
    """The scenario from its stored JSON copy; None when this version cannot take it as is."""
    try:
        scenario = Scenario.model_validate_json(copy)
    except ValidationError:
        return None
    return None if next(iter(scenario.reference_errors()), None) is not None else scenario


def _scenario_from_yaml(text: str, target: str | Path, files: dict[str, bytes] | None) -> Scenario:
    """The scenario parsed from its stored YAML, as it was written."""
    from wargame.scenario import ScenarioError, parse_scenario  # YAML: only when needed

    try:
        return parse_scenario(text, source=f"{target} (scenario copy)", files=files).scenario
    except ScenarioError as exc:
        raise GameFileProblem(
            f"the scenario stored in {target} no longer validates: {exc.problems[0]}"
        ) from None


def _team_scenario(db: GameDatabase, game_id: int, team_id: str) -> str:
    """A shared game's cut of the scenario for one team (its role may not read the whole)."""
    with store_errors():
        text = team_scenario_text(db, game_id, team_id)
    if text is None:
        raise GameFileProblem(
            f"{db.where} keeps no scenario for team '{team_id}': the host must bring the "
            "shared game up to date with `wargame host --upgrade`"
        )
    return text
